// Socket monitoring: the native half of the Observer. libzmq publishes a socket's
// events on an inproc endpoint; the TypeScript side connects an ordinary socket there
// and reads them with the usual readiness machinery.
#include "monitor.h"

#include <zmq.h>

#include <string>

#include "errors.h"
#include "retry.h"
#include "socket_argument.h"

namespace zmqnapi {

namespace {

// With the draft API libzmq can publish events on a PUB socket, which drops them
// when nobody listens. The stable API only offers PAIR, whose sends block (an I/O
// thread, or the reaper) once its reader is gone: the JS side must then keep reading
// until the "monitor stopped" event.
#ifdef ZMQ_BUILD_DRAFT_API
constexpr bool kMonitorOverPub = true;
#else
constexpr bool kMonitorOverPub = false;
#endif

// Starting a monitor binds its socket, which a signal can interrupt before anything
// is done (EINTR): retried.
int StartMonitor(void* socket, const char* endpoint, int events, bool over_pub) {
#ifdef ZMQ_BUILD_DRAFT_API
  if (over_pub) {
    return RetryOnSignal([&] {
      return zmq_socket_monitor_versioned(socket, endpoint, static_cast<uint64_t>(events), 1, ZMQ_PUB);
    });
  }
#endif
  return RetryOnSignal([&] { return zmq_socket_monitor(socket, endpoint, events); });
}

// monitor(socket, endpoint, events, overPub): starts publishing the socket's events (a
// ZMQ_EVENT_* mask) on the inproc `endpoint`, over PUB when `overPub` and available,
// else over PAIR; monitor(socket, null) stops, after a last "monitor stopped" event.
void Monitor(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  SocketWrap* socket = SocketArgument(env, info[0], "socket");
  if (info[1].IsNull() || info[1].IsUndefined()) {
    if (RetryOnSignal([&] { return zmq_socket_monitor(socket->Live(env), nullptr, 0); }) != 0) {
      ThrowZmqError(env, "stop monitor");
    }
    return;
  }
  if (!info[1].IsString()) ThrowTypeError(env, "The \"endpoint\" argument must be a string");
  if (!info[2].IsNumber()) ThrowTypeError(env, "The \"events\" argument must be a number");
  std::string endpoint = info[1].As<Napi::String>().Utf8Value();
  int events = info[2].As<Napi::Number>().Int32Value();
  bool over_pub = kMonitorOverPub && info[3].ToBoolean().Value();
  if (StartMonitor(socket->Live(env), endpoint.c_str(), events, over_pub) != 0) {
    ThrowZmqError(env, "monitor", endpoint);
  }
}

// describeErrno(errno) -> {code, message}: what an event's error value means.
Napi::Value DescribeErrno(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!info[0].IsNumber()) ThrowTypeError(env, "The \"errno\" argument must be a number");
  int errnum = info[0].As<Napi::Number>().Int32Value();
  auto result = Napi::Object::New(env);
  result.Set("code", Napi::String::New(env, ErrnoName(errnum)));
  result.Set("message", Napi::String::New(env, zmq_strerror(errnum)));
  return result;
}

}  // namespace

void InitMonitor(Napi::Env env, Napi::Object exports) {
  exports.Set("monitor", Napi::Function::New<Monitor>(env, "monitor"));
  exports.Set("monitorOverPub", Napi::Boolean::New(env, kMonitorOverPub));
  exports.Set("describeErrno", Napi::Function::New<DescribeErrno>(env, "describeErrno"));
}

}  // namespace zmqnapi
