#include "errors.h"

#include <zmq.h>

#include <cerrno>

#include "error_hints.h"

namespace zmqnapi {

namespace {
struct ErrnoEntry {
  int value;
  const char* name;
};

// A table rather than a switch: several names share one value on some platforms
// (EAGAIN/EWOULDBLOCK), which a switch would reject at compile time.
const ErrnoEntry kErrnoNames[] = {
    {EAGAIN, "EAGAIN"},
    {EINVAL, "EINVAL"},
    {EINTR, "EINTR"},
    {EFAULT, "EFAULT"},
    {ENOMEM, "ENOMEM"},
    {ENOENT, "ENOENT"},
    {EACCES, "EACCES"},
    {EPERM, "EPERM"},
    {EBADF, "EBADF"},
    {EBUSY, "EBUSY"},
    {EMFILE, "EMFILE"},
    {ENODEV, "ENODEV"},
    {ENOTSUP, "ENOTSUP"},
    {EPROTONOSUPPORT, "EPROTONOSUPPORT"},
    {ENOBUFS, "ENOBUFS"},
    {ENETDOWN, "ENETDOWN"},
    {EADDRINUSE, "EADDRINUSE"},
    {EADDRNOTAVAIL, "EADDRNOTAVAIL"},
    {ECONNREFUSED, "ECONNREFUSED"},
    {EINPROGRESS, "EINPROGRESS"},
    {ENOTSOCK, "ENOTSOCK"},
    {EMSGSIZE, "EMSGSIZE"},
    {EAFNOSUPPORT, "EAFNOSUPPORT"},
    {ENETUNREACH, "ENETUNREACH"},
    {ECONNABORTED, "ECONNABORTED"},
    {ECONNRESET, "ECONNRESET"},
    {ENOTCONN, "ENOTCONN"},
    {ETIMEDOUT, "ETIMEDOUT"},
    {EHOSTUNREACH, "EHOSTUNREACH"},
    {ENETRESET, "ENETRESET"},
    {EFSM, "EFSM"},
    {ENOCOMPATPROTO, "ENOCOMPATPROTO"},
    {ETERM, "ETERM"},
    {EMTHREAD, "EMTHREAD"},
    // File system and socket errors a bind or connect can meet (POSIX; MSVC has them too).
    {ENAMETOOLONG, "ENAMETOOLONG"},
    {ENOTDIR, "ENOTDIR"},
    {EISDIR, "EISDIR"},
    {EEXIST, "EEXIST"},
    {EROFS, "EROFS"},
    {ENOSPC, "ENOSPC"},
    {ELOOP, "ELOOP"},
    {ENXIO, "ENXIO"},
    {EPIPE, "EPIPE"},
    {EIO, "EIO"},
    {ENFILE, "ENFILE"},
    {EPROTO, "EPROTO"},
    {EPROTOTYPE, "EPROTOTYPE"},
    {ENOPROTOOPT, "ENOPROTOOPT"},
    {EDESTADDRREQ, "EDESTADDRREQ"},
    {EALREADY, "EALREADY"},
    {EISCONN, "EISCONN"},
    {ENOSYS, "ENOSYS"},
    {ERANGE, "ERANGE"},
    {ENOTEMPTY, "ENOTEMPTY"},
    {ETXTBSY, "ETXTBSY"},
    {EOVERFLOW, "EOVERFLOW"},
    {ECANCELED, "ECANCELED"},
    {EOPNOTSUPP, "EOPNOTSUPP"},
    // Not in MSVC's <errno.h>.
#ifdef EHOSTDOWN
    {EHOSTDOWN, "EHOSTDOWN"},
#endif
#ifdef ESHUTDOWN
    {ESHUTDOWN, "ESHUTDOWN"},
#endif
#ifdef ESOCKTNOSUPPORT
    {ESOCKTNOSUPPORT, "ESOCKTNOSUPPORT"},
#endif
};
}  // namespace

const char* ErrnoName(int errnum) {
  for (const auto& entry : kErrnoNames) {
    if (entry.value == errnum) return entry.name;
  }
  return "EUNKNOWN";
}

Napi::Error ErrnoError(Napi::Env env, int errnum, const char* operation,
                       const std::string& address) {
  std::string message = zmq_strerror(errnum);
  if (operation != nullptr && *operation != '\0') {
    message += " (";
    message += operation;
    if (!address.empty()) {
      message += " ";
      message += address;
    }
    message += ")";
  }
  message += ErrorHint(errnum, operation != nullptr ? operation : "", address);
  auto error = Napi::Error::New(env, message);
  error.Set("code", Napi::String::New(env, ErrnoName(errnum)));
  error.Set("errno", Napi::Number::New(env, errnum));
  if (!address.empty()) error.Set("address", Napi::String::New(env, address));
  return error;
}

std::string Quoted(const std::string& text) {
  constexpr size_t kShown = 64;
  std::string shown = "\"";
  for (char c : text.substr(0, kShown)) shown += (c == '"' || c == '\\') ? std::string("\\") + c : std::string(1, c);
  return shown + (text.size() > kShown ? "\"..." : "\"");
}

void ThrowZmqError(Napi::Env env, const char* operation, const std::string& address) {
  throw ErrnoError(env, zmq_errno(), operation, address);
}

void ThrowTypeError(Napi::Env env, const std::string& message) {
  throw Napi::TypeError::New(env, message);
}

void ThrowRangeError(Napi::Env env, const std::string& message) {
  throw Napi::RangeError::New(env, message);
}

Napi::Error CodedError(Napi::Env env, const char* message, int errnum) {
  auto error = Napi::Error::New(env, message);
  error.Set("code", Napi::String::New(env, ErrnoName(errnum)));
  error.Set("errno", Napi::Number::New(env, errnum));
  return error;
}

}  // namespace zmqnapi
