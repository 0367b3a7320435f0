#pragma once
#include <string>

namespace zmqnapi {

// What libzmq's words for an error leave out, as a tail for its message ("" if
// nothing): `operation` is the failed call ("bind", "send", "proxy", ...) and `address`
// its endpoint or group, if any.
std::string ErrorHint(int errnum, const std::string& operation, const std::string& address);

}  // namespace zmqnapi
