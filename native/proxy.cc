#include "proxy.h"
#include "signals.h"

#include <zmq.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <string>

#include "addon.h"
#include "errors.h"
#include "retry.h"
#include "socket_argument.h"

namespace zmqnapi {

namespace {
// Unique across the process: the shared context's inproc namespace spans workers.
std::atomic<uint64_t> next_control_id{1};
constexpr auto kWarnAfter = std::chrono::milliseconds(1000);

void* OptionalSocket(Napi::Env env, const Napi::Value& value, const char* name, SocketWrap** wrap) {
  if (value.IsNull() || value.IsUndefined()) return nullptr;
  *wrap = SocketArgument(env, value, name);
  return (*wrap)->Live(env);
}

// A worker being terminated can still deliver a threadsafe call while JS cannot run;
// Node-API calls that need JS then fail, and Napi's wrappers would abort on that.
bool CanRunJs(napi_env env) {
  napi_value object, value;
  return napi_create_object(env, &object) == napi_ok && napi_get_undefined(env, &value) == napi_ok &&
         napi_set_named_property(env, object, "probe", value) == napi_ok;
}
}  // namespace

Napi::Function ProxyWrap::Define(Napi::Env env) {
  return DefineClass(env, "NativeProxy",
                     {
                         InstanceMethod<&ProxyWrap::Run>("run"),
                         InstanceMethod<&ProxyWrap::Pause>("pause"),
                         InstanceMethod<&ProxyWrap::Resume>("resume"),
                         InstanceMethod<&ProxyWrap::Terminate>("terminate"),
                         InstanceMethod<&ProxyWrap::RequestStatistics>("requestStatistics"),
                         InstanceMethod<&ProxyWrap::TakeStatistics>("takeStatistics"),
                     });
}

ProxyWrap::ProxyWrap(const Napi::CallbackInfo& info)
    : Napi::ObjectWrap<ProxyWrap>(info), data_(&GetAddonData(info.Env())) {}

ProxyWrap::~ProxyWrap() {
  // JS keeps a running proxy reachable, and teardown closes its sockets (which gives
  // them back) before finalizers run; this is only a last resort.
  if (state_ == State::Running && !data_->torn_down) GiveBack();
}

// run(frontEnd, backEnd, capture | null) -> Promise<void>, settled when the proxy ends.
Napi::Value ProxyWrap::Run(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (state_ != State::Idle) {
    throw ErrnoError(env, state_ == State::Running ? EBUSY : EFSM,
                     state_ == State::Running ? "proxy is already running" : "proxy has already run");
  }
  SocketWrap* front_wrap = SocketArgument(env, info[0], "frontEnd");
  SocketWrap* back_wrap = SocketArgument(env, info[1], "backEnd");
  SocketWrap* capture_wrap = nullptr;
  void* front = front_wrap->Live(env);
  void* back = back_wrap->Live(env);
  void* capture = OptionalSocket(env, info[2], "capture", &capture_wrap);
  if (capture_wrap != nullptr && (capture_wrap == front_wrap || capture_wrap == back_wrap)) {
    ThrowTypeError(env, "The \"capture\" socket must differ from frontEnd and backEnd");
  }

  OpenControl(env, front_wrap->context());
  napi_value name;
  napi_create_string_utf8(env, "zmq-napi proxy", NAPI_AUTO_LENGTH, &name);
  // Unlimited queue: the proxy thread never blocks on it. Referenced: a running proxy
  // keeps the process alive.
  if (napi_create_threadsafe_function(env, nullptr, nullptr, name, 0, 1, nullptr, nullptr, this, CallJs,
                                      &tsfn_) != napi_ok) {
    CloseControl();
    throw Napi::Error::New(env, "zmq-napi: cannot create the proxy's threadsafe function");
  }
  napi_value promise;
  napi_create_promise(env, &deferred_, &promise);

  lent_[0] = front_wrap;
  lent_[1] = back_wrap != front_wrap ? back_wrap : nullptr;
  lent_[2] = capture_wrap;
  for (SocketWrap* socket : lent_) {
    if (socket != nullptr) socket->Lend(this);
  }
  state_ = State::Running;
  napi_threadsafe_function tsfn = tsfn_;
  std::packaged_task<void()> task([this, front, back, capture, tsfn] { Main(front, back, capture, tsfn); });
  ended_ = task.get_future();
  thread_ = std::thread(std::move(task));
  return Napi::Value(env, promise);
}

// The control pair lives on the front end's context, with a reference of its own so
// the context outlives it whatever order the sockets close in.
void ProxyWrap::OpenControl(Napi::Env env, ZmqContext* context) {
  std::string endpoint = "inproc://zmq-napi.proxy-control." + std::to_string(next_control_id++);
  context->Ref();
  control_context_ = context;
  control_receive_ = zmq_socket(context->raw(), ZMQ_PAIR);
  control_send_ = zmq_socket(context->raw(), ZMQ_PAIR);
  int zero = 0;
  bool ok = control_receive_ != nullptr && control_send_ != nullptr &&
            // Never wait for undelivered commands, and never refuse one (hwm 0). Nor
            // limit the replies (STATISTICS): the proxy sends them with blocking sends,
            // and a JS thread waiting in close() for the proxy reads none of them.
            zmq_setsockopt(control_receive_, ZMQ_LINGER, &zero, sizeof(zero)) == 0 &&
            zmq_setsockopt(control_send_, ZMQ_LINGER, &zero, sizeof(zero)) == 0 &&
            zmq_setsockopt(control_send_, ZMQ_SNDHWM, &zero, sizeof(zero)) == 0 &&
            zmq_setsockopt(control_receive_, ZMQ_RCVHWM, &zero, sizeof(zero)) == 0 &&
            zmq_setsockopt(control_receive_, ZMQ_SNDHWM, &zero, sizeof(zero)) == 0 &&
            zmq_setsockopt(control_send_, ZMQ_RCVHWM, &zero, sizeof(zero)) == 0 &&
            RetryOnSignal([&] { return zmq_bind(control_receive_, endpoint.c_str()); }) == 0 &&
            RetryOnSignal([&] { return zmq_connect(control_send_, endpoint.c_str()); }) == 0;
  if (!ok) {
    int error = zmq_errno();
    CloseControl();
    throw ErrnoError(env, error, "create proxy control socket", endpoint);
  }
}

void ProxyWrap::CloseControl() {
  if (control_receive_ != nullptr) zmq_close(control_receive_);
  if (control_send_ != nullptr) zmq_close(control_send_);
  control_receive_ = control_send_ = nullptr;
  if (control_context_ != nullptr) control_context_->Unref(data_->terminations);
  control_context_ = nullptr;
}

// The proxy thread: everything it touches was handed over before it started, and it
// reads no member the JS thread may change (the call below can be dispatched, and
// settled, before the release after it).
void ProxyWrap::Main(void* front, void* back, void* capture, napi_threadsafe_function tsfn) {
  BlockSignalsOnThisThread();
  result_ = zmq_proxy_steerable(front, back, capture, control_receive_);
  error_ = result_ == 0 ? 0 : zmq_errno();
  napi_call_threadsafe_function(tsfn, nullptr, napi_tsfn_nonblocking);
  napi_release_threadsafe_function(tsfn, napi_tsfn_release);
}

// A signal interrupting the send (EINTR) sent nothing, so it is retried.
int ProxyWrap::SendControl(const char* command) {
  return RetryOnSignal([&] {
    return zmq_send(control_send_, command, std::char_traits<char>::length(command), ZMQ_DONTWAIT);
  });
}

void ProxyWrap::Command(Napi::Env env, const char* command, const char* operation) {
  if (state_ != State::Running) throw ErrnoError(env, EFSM, operation);
  if (SendControl(command) < 0) ThrowZmqError(env, operation);
}

void ProxyWrap::Pause(const Napi::CallbackInfo& info) { Command(info.Env(), "PAUSE", "pause proxy"); }

void ProxyWrap::Resume(const Napi::CallbackInfo& info) { Command(info.Env(), "RESUME", "resume proxy"); }

void ProxyWrap::Terminate(const Napi::CallbackInfo& info) {
  // Terminating a proxy that already ended is harmless.
  if (state_ == State::Finished) return;
  Command(info.Env(), "TERMINATE", "terminate proxy");
}

// libzmq answers STATISTICS on the control socket with eight 8-byte frames in its own
// byte order: messages in, bytes in, messages out, bytes out, for the front end, then
// the back end (a multipart message counts once).
void ProxyWrap::RequestStatistics(const Napi::CallbackInfo& info) {
  Command(info.Env(), "STATISTICS", "proxy statistics");
}

void ProxyWrap::ReadStatistics() {
  while (control_send_ != nullptr) {
    std::array<uint64_t, 8> reply{};
    size_t frames = 0;
    for (int more = 1; more != 0;) {
      // A reply's frames arrive together: only its first can be missing.
      uint64_t value = 0;
      if (RetryOnSignal([&] { return zmq_recv(control_send_, &value, sizeof(value), ZMQ_DONTWAIT); }) < 0) return;
      if (frames < reply.size()) reply[frames] = value;
      frames++;
      size_t more_size = sizeof(more);
      if (zmq_getsockopt(control_send_, ZMQ_RCVMORE, &more, &more_size) != 0) more = 0;
    }
    if (frames == reply.size()) statistics_.push_back(reply);
  }
}

// takeStatistics() -> the oldest reply not taken yet, as 8 numbers, or undefined.
Napi::Value ProxyWrap::TakeStatistics(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (statistics_.empty() && state_ == State::Running) ReadStatistics();
  if (statistics_.empty()) return env.Undefined();
  Napi::Array values = Napi::Array::New(env, 8);
  for (uint32_t i = 0; i < 8; i++) values.Set(i, static_cast<double>(statistics_.front()[i]));
  statistics_.pop_front();
  return values;
}

void ProxyWrap::Reclaim() {
  if (thread_.joinable()) thread_.join();
  ReadStatistics();
  CloseControl();
  for (SocketWrap*& socket : lent_) {
    if (socket != nullptr) socket->Return();
    socket = nullptr;
  }
  state_ = State::Finished;
}

void ProxyWrap::GiveBack() {
  if (state_ != State::Running) return;
  SendControl("TERMINATE");
  // libzmq's proxy forwards with blocking sends: one stuck on a full queue whose peer
  // is gone only sees TERMINATE once it can send. Say so rather than hang silently.
  if (ended_.valid() && ended_.wait_for(kWarnAfter) != std::future_status::ready) {
    std::fprintf(stderr,
                 "zmq-napi: waiting for a proxy to terminate: it is blocked sending to a peer "
                 "that does not read (see docs/proxy.md)\n");
  }
  Reclaim();
}

void ProxyWrap::CallJs(napi_env env, napi_value, void* context, void*) {
  if (env == nullptr) return;  // environment torn down: nothing waits any more
  static_cast<ProxyWrap*>(context)->Settle(env);
}

void ProxyWrap::Settle(napi_env env) {
  if (state_ == State::Running) Reclaim();
  tsfn_ = nullptr;  // released by the proxy thread, which Reclaim() joined
  napi_deferred deferred = deferred_;
  deferred_ = nullptr;
  if (deferred == nullptr || !CanRunJs(env)) return;
  try {
    if (result_ == 0) {
      napi_value undefined;
      napi_get_undefined(env, &undefined);
      napi_resolve_deferred(env, deferred, undefined);
    } else {
      napi_reject_deferred(env, deferred, ErrnoError(Napi::Env(env), error_, "proxy").Value());
    }
  } catch (const Napi::Error&) {
    // JS stopped running meanwhile: nobody is left to tell.
  }
}

}  // namespace zmqnapi
