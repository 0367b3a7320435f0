#pragma once
#include <napi.h>
#include <string>

namespace zmqnapi {

// Symbolic name ("EADDRINUSE", "ETERM", ...) for an errno value libzmq may report.
const char* ErrnoName(int errnum);

// An Error carrying `code`, `errno` and, when given, `address`, the way Node's own
// system errors do. The message names the failed operation and the endpoint.
Napi::Error ErrnoError(Napi::Env env, int errnum, const char* operation,
                       const std::string& address = std::string());

// An Error with a message of its own, carrying `code` and `errno` for `errnum`.
Napi::Error CodedError(Napi::Env env, const char* message, int errnum);

// Throws the libzmq error currently in zmq_errno() as a JS exception.
[[noreturn]] void ThrowZmqError(Napi::Env env, const char* operation,
                                const std::string& address = std::string());

// `text` in double quotes for an error message, quotes and backslashes escaped, cut
// after 64 bytes ("...").
std::string Quoted(const std::string& text);

[[noreturn]] void ThrowTypeError(Napi::Env env, const std::string& message);
[[noreturn]] void ThrowRangeError(Napi::Env env, const std::string& message);

}  // namespace zmqnapi
