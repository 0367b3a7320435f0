#pragma once
#include <napi.h>

#include <string>

namespace zmqnapi {

// What libzmq accepts for a socket option, as a phrase completing "must be ..."; null
// when zmq-napi does not describe it (libzmq's EINVAL then speaks for itself).
const char* AcceptedOptionValues(int option);

// The RangeError for a value libzmq refused with EINVAL, for an option that
// AcceptedOptionValues describes: it names the option, what it accepts and what it was
// given, and keeps `code` and `errno` of EINVAL, as libzmq's other errors do.
Napi::Error OptionValueError(Napi::Env env, int option, const std::string& name, const Napi::Value& value);

}  // namespace zmqnapi
