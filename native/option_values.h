#pragma once
#include <napi.h>

#include <string>

namespace zmqnapi {

// What libzmq accepts for a socket option, or a context option, as a phrase completing
// "must be ..."; null when zmq-napi does not describe it (libzmq's EINVAL then speaks
// for itself).
const char* AcceptedOptionValues(int option);
const char* AcceptedContextOptionValues(int option);

// Why libzmq refuses an option whatever its value, when that is a part this libzmq was
// built without (GSSAPI, CURVE, VMCI); null otherwise.
const char* MissingBuildFeature(int option);

// A socket option's value as an error message tells it: a number, null, or a string's
// length (its text, quoted, for addresses and names).
std::string GivenOptionValue(int option, const Napi::Value& value);

// The RangeError for a value libzmq refused with EINVAL: it names the option, what it
// accepts and what it was given, and keeps `code` and `errno` of EINVAL, as libzmq's
// other errors do.
Napi::Error OptionValueError(Napi::Env env, const std::string& name, const char* accepted, const std::string& given);

}  // namespace zmqnapi
