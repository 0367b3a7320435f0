#include "option_values.h"

#include <zmq.h>

#include <cerrno>
#include <cmath>

#include "errors.h"

namespace zmqnapi {

// libzmq 4.3's checks (options.cpp, socket_base.cpp), in words. A libzmq without CURVE
// refuses its keys whatever the value: MissingBuildFeature says so first.
const char* AcceptedOptionValues(int option) {
  switch (option) {
    case ZMQ_SNDHWM:
    case ZMQ_RCVHWM:
      return "0 (no limit) or more";
    case ZMQ_RATE:
    case ZMQ_MULTICAST_HOPS:
    case ZMQ_MULTICAST_MAXTPDU:
      return "1 or more";
    case ZMQ_RECOVERY_IVL:
    case ZMQ_TOS:
    case ZMQ_CONNECT_TIMEOUT:
    case ZMQ_TCP_MAXRT:
    case ZMQ_RECONNECT_IVL_MAX:
    case ZMQ_BACKLOG:
    case ZMQ_HANDSHAKE_IVL:
    case ZMQ_HEARTBEAT_IVL:
    case ZMQ_HEARTBEAT_TIMEOUT:
      return "0 or more";
    case ZMQ_SNDBUF:
    case ZMQ_RCVBUF:
    case ZMQ_TCP_KEEPALIVE_CNT:
    case ZMQ_TCP_KEEPALIVE_IDLE:
    case ZMQ_TCP_KEEPALIVE_INTVL:
      return "-1 (the system's default) or more";
    case ZMQ_TCP_KEEPALIVE:
      return "-1 (the system's default), 0 or 1";
    case ZMQ_LINGER:
      return "-1 (wait for ever) or more";
    case ZMQ_RECONNECT_IVL:
      return "-1 (never reconnect) or more";
    case ZMQ_USE_FD:
      return "-1 (none) or a descriptor";
    case ZMQ_HEARTBEAT_TTL:
      return "0 to 6553599 milliseconds (libzmq counts whole tenths of a second, at most 65535)";
    case ZMQ_ROUTING_ID:
      return "1 to 255 bytes (libzmq cannot clear a routing id once set)";
    case ZMQ_CONNECT_ROUTING_ID:
      return "1 or more bytes";
    case ZMQ_ZAP_DOMAIN:
      return "1 to 255 bytes (libzmq cannot clear a ZAP domain once set)";
    case ZMQ_PLAIN_USERNAME:
    case ZMQ_PLAIN_PASSWORD:
      return "1 to 255 bytes, or null to leave PLAIN security";
    case ZMQ_CURVE_PUBLICKEY:
    case ZMQ_CURVE_SECRETKEY:
    case ZMQ_CURVE_SERVERKEY:
      return "a key of 40 Z85 characters or 32 bytes";
    case ZMQ_SOCKS_PROXY:
      return "an address (host:port), or null for none";
    case ZMQ_TCP_ACCEPT_FILTER:
      return "an IPv4 address or subnet (IPv6 too with ipv6 set), or null to clear the filters";
#ifdef ZMQ_BINDTODEVICE
    case ZMQ_BINDTODEVICE:
      return "an interface name of at most 16 bytes, or null for none";
#endif
#ifdef ZMQ_METADATA
    case ZMQ_METADATA:
      return "\"X-name:value\", with a name of at most 255 bytes and a value";
#endif
    default:
      return nullptr;
  }
}

const char* AcceptedContextOptionValues(int option) {
  switch (option) {
    case ZMQ_MAX_SOCKETS:
      return "1 or more";
    case ZMQ_IO_THREADS:
    case ZMQ_MAX_MSGSZ:
    case ZMQ_THREAD_SCHED_POLICY:
    case ZMQ_THREAD_PRIORITY:
      return "0 or more";
    default:
      return nullptr;
  }
}

const char* MissingBuildFeature(int option) {
  switch (option) {
    case ZMQ_GSSAPI_SERVER:
    case ZMQ_GSSAPI_PRINCIPAL:
    case ZMQ_GSSAPI_SERVICE_PRINCIPAL:
    case ZMQ_GSSAPI_PLAINTEXT:
    case ZMQ_GSSAPI_PRINCIPAL_NAMETYPE:
    case ZMQ_GSSAPI_SERVICE_PRINCIPAL_NAMETYPE:
      return zmq_has("gssapi") ? nullptr : "this libzmq was built without GSSAPI (capability.gssapi is false)";
    case ZMQ_CURVE_SERVER:
    case ZMQ_CURVE_PUBLICKEY:
    case ZMQ_CURVE_SECRETKEY:
    case ZMQ_CURVE_SERVERKEY:
      return zmq_has("curve") ? nullptr : "this libzmq was built without CURVE (capability.curve is false)";
    case ZMQ_VMCI_BUFFER_SIZE:
    case ZMQ_VMCI_BUFFER_MIN_SIZE:
    case ZMQ_VMCI_BUFFER_MAX_SIZE:
    case ZMQ_VMCI_CONNECT_TIMEOUT:
      // libzmq 4.3.4 knows the capability in upper case only; later releases in lower.
      return zmq_has("vmci") || zmq_has("VMCI") ? nullptr
                                                : "this libzmq was built without VMCI (capability.vmci is false)";
    default:
      return nullptr;
  }
}

namespace {
// Options whose text is an address or a name: the message quotes what was given. The
// others say only its length, as routing ids are binary and keys and passwords secret.
bool QuotesValue(int option) {
  switch (option) {
    case ZMQ_SOCKS_PROXY:
    case ZMQ_TCP_ACCEPT_FILTER:
#ifdef ZMQ_BINDTODEVICE
    case ZMQ_BINDTODEVICE:
#endif
#ifdef ZMQ_METADATA
    case ZMQ_METADATA:
#endif
      return true;
    default:
      return false;
  }
}

}  // namespace

std::string GivenOptionValue(int option, const Napi::Value& value) {
  if (value.IsNull() || value.IsUndefined()) return "null";
  if (value.IsBoolean()) return value.As<Napi::Boolean>().Value() ? "true" : "false";
  if (value.IsNumber()) {
    double number = value.As<Napi::Number>().DoubleValue();
    // Option numbers reach libzmq only as integers.
    return std::to_string(static_cast<int64_t>(std::trunc(number)));
  }
  if (value.IsString()) {
    std::string text = value.As<Napi::String>().Utf8Value();
    return QuotesValue(option) ? Quoted(text) : std::to_string(text.size()) + " bytes";
  }
  if (value.IsBuffer()) return std::to_string(value.As<Napi::Buffer<char>>().Length()) + " bytes";
  return "that";
}

Napi::Error OptionValueError(Napi::Env env, const std::string& name, const char* accepted, const std::string& given) {
  auto error = Napi::RangeError::New(env, "Option \"" + name + "\" must be " + accepted + ", not " + given);
  error.Set("code", Napi::String::New(env, ErrnoName(EINVAL)));
  error.Set("errno", Napi::Number::New(env, EINVAL));
  return error;
}

}  // namespace zmqnapi
