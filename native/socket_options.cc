// Socket option get/set: one native pair for every option, driven by the kind the
// TypeScript option table declares.
#include <zmq.h>

#include <cstring>
#include <string>

#include "errors.h"
#include "option_values.h"
#include "options.h"
#include "socket.h"

namespace zmqnapi {

namespace {
// Large enough for any endpoint string libzmq reports.
constexpr size_t kStringOptionCapacity = 1024;
// Curve keys read as Z85 text: 40 characters and a terminating NUL.
constexpr size_t kZ85KeyCapacity = 41;

bool IsCurveKey(int option) {
  return option == ZMQ_CURVE_PUBLICKEY || option == ZMQ_CURVE_SECRETKEY ||
         option == ZMQ_CURVE_SERVERKEY;
}
}  // namespace

// getOption(option, kind, name?): `name` goes into the error message, as for setOption.
Napi::Value SocketWrap::GetOption(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int option = ToOptionId(env, info[0]);
  OptionKind kind = ToOptionKind(env, info[1]);
  void* socket = Live(env);
  // The message (with the option's name) is built only on failure, errno read first.
  auto fail = [&] {
    const int error = zmq_errno();
    std::string operation = OptionOperation(info, 2, "get option");
    const char* missing = error == EINVAL ? MissingBuildFeature(option) : nullptr;
    if (missing != nullptr) operation = operation + ": " + missing;
    throw ErrnoError(env, error, operation.c_str());
  };

  if (kind == OptionKind::String || kind == OptionKind::Binary) {
    char buffer[kStringOptionCapacity];
    size_t size = kind == OptionKind::String && IsCurveKey(option) ? kZ85KeyCapacity
                                                                    : sizeof(buffer);
    if (zmq_getsockopt(socket, option, buffer, &size) != 0) fail();
    if (kind == OptionKind::Binary) {
      if (size == 0) return env.Null();
      return Napi::Buffer<char>::Copy(env, buffer, size);
    }
    // libzmq counts the terminating NUL of text options.
    size_t length = strnlen(buffer, size);
    if (length == 0) return env.Null();
    return Napi::String::New(env, buffer, length);
  }

  int64_t value = 0;
  switch (kind) {
    case OptionKind::Bool:
    case OptionKind::Int32: {
      int number = 0;
      size_t size = sizeof(number);
      if (zmq_getsockopt(socket, option, &number, &size) != 0) fail();
      if (kind == OptionKind::Bool) return Napi::Boolean::New(env, number != 0);
      value = number;
      break;
    }
    case OptionKind::Uint32: {
      uint32_t number = 0;
      size_t size = sizeof(number);
      if (zmq_getsockopt(socket, option, &number, &size) != 0) fail();
      value = number;
      break;
    }
    case OptionKind::Int64: {
      int64_t number = 0;
      size_t size = sizeof(number);
      if (zmq_getsockopt(socket, option, &number, &size) != 0) fail();
      value = number;
      break;
    }
    default: {
      uint64_t number = 0;
      size_t size = sizeof(number);
      if (zmq_getsockopt(socket, option, &number, &size) != 0) fail();
      value = static_cast<int64_t>(number);
      break;
    }
  }
  return Napi::Number::New(env, static_cast<double>(value));
}

namespace {
bool IsRouter(void* socket) {
  int type = -1;
  size_t size = sizeof(type);
  return zmq_getsockopt(socket, ZMQ_TYPE, &type, &size) == 0 && type == ZMQ_ROUTER;
}
}  // namespace

// setOption(option, kind, value, name)
void SocketWrap::SetOption(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int option = ToOptionId(env, info[0]);
  OptionKind kind = ToOptionKind(env, info[1]);
  Napi::Value value = info[2];
  std::string name = info[3].IsString() ? info[3].As<Napi::String>().Utf8Value() : "value";
  void* socket = Live(env);
  // libzmq builds REP on ROUTER and takes ROUTER's options there too. ZMQ_ROUTER_RAW
  // breaks REP's framing: the first multipart request then aborts the process
  // (fq.cpp:112). ZMQ_ROUTER_MANDATORY makes REP's copy of a request's envelope fail
  // when the requester has gone, and REP asserts it cannot (rep.cpp:91).
  if ((option == ZMQ_ROUTER_RAW || option == ZMQ_ROUTER_MANDATORY) && !IsRouter(socket)) {
    const char* constant = option == ZMQ_ROUTER_RAW ? "ZMQ_ROUTER_RAW" : "ZMQ_ROUTER_MANDATORY";
    throw ErrnoError(env, EINVAL, (name + ": " + constant + " is for ROUTER sockets only").c_str());
  }

  int rc;
  if (kind == OptionKind::String || kind == OptionKind::Binary) {
    if (value.IsNull() || value.IsUndefined()) {
      rc = zmq_setsockopt(socket, option, nullptr, 0);
    } else if (value.IsString()) {
      std::string text = value.As<Napi::String>().Utf8Value();
      rc = zmq_setsockopt(socket, option, text.data(), text.size());
    } else if (value.IsBuffer()) {
      auto bytes = value.As<Napi::Buffer<char>>();
      rc = zmq_setsockopt(socket, option, bytes.Data(), bytes.Length());
    } else {
      ThrowTypeError(env, "Option \"" + name + "\" must be a string, a Buffer or null");
    }
  } else {
    int64_t number = ToIntegerOptionValue(env, kind, value, name.c_str());
#ifdef ZMQ_IN_BATCH_SIZE
    // libzmq takes 1 and then crashes its I/O thread in the first handshake (any
    // mechanism, tcp); 2 and more work.
    if (option == ZMQ_IN_BATCH_SIZE && number == 1) ThrowRangeError(env, "Option \"" + name + "\" must be at least 2");
#endif
    switch (kind) {
      case OptionKind::Bool:
      case OptionKind::Int32: {
        int narrow = static_cast<int>(number);
        rc = zmq_setsockopt(socket, option, &narrow, sizeof(narrow));
        break;
      }
      case OptionKind::Uint32: {
        uint32_t narrow = static_cast<uint32_t>(number);
        rc = zmq_setsockopt(socket, option, &narrow, sizeof(narrow));
        break;
      }
      case OptionKind::Int64:
        rc = zmq_setsockopt(socket, option, &number, sizeof(number));
        break;
      default: {
        uint64_t wide = static_cast<uint64_t>(number);
        rc = zmq_setsockopt(socket, option, &wide, sizeof(wide));
        break;
      }
    }
  }
  if (rc != 0) {
    int error = zmq_errno();
    if (error == EINVAL) {
      if (const char* missing = MissingBuildFeature(option)) {
        throw ErrnoError(env, error, ("set option " + name + ": " + missing).c_str());
      }
      if (const char* accepted = AcceptedOptionValues(option)) {
        throw OptionValueError(env, name, accepted, GivenOptionValue(option, value));
      }
    }
    throw ErrnoError(env, error, ("set option " + name).c_str());
  }
}

}  // namespace zmqnapi
