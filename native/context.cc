#include "context.h"

#include <zmq.h>

#ifdef __linux__
#include <sched.h>
#endif

#include <string>

#include "addon.h"
#include "errors.h"
#include "option_values.h"
#include "options.h"

namespace zmqnapi {

Napi::Function ContextWrap::Define(Napi::Env env) {
  return DefineClass(env, "NativeContext",
                     {
                         InstanceMethod<&ContextWrap::GetOption>("getOption"),
                         InstanceMethod<&ContextWrap::SetOption>("setOption"),
                         InstanceMethod<&ContextWrap::Close>("close"),
                         InstanceAccessor<&ContextWrap::IsClosed>("closed"),
                         InstanceAccessor<&ContextWrap::IsShared>("shared"),
                     });
}

ContextWrap::ContextWrap(const Napi::CallbackInfo& info) : Napi::ObjectWrap<ContextWrap>(info) {
  shared_ = info.Length() > 0 && info[0].ToBoolean().Value();
  context_ = shared_ ? ZmqContext::AcquireShared() : ZmqContext::Create();
  if (context_ == nullptr) ThrowZmqError(info.Env(), "create context");
  GetAddonData(info.Env()).contexts.insert(this);
}

ContextWrap::~ContextWrap() {
  AddonData& data = GetAddonData(Env());
  data.contexts.erase(this);
  if (!data.torn_down) Release();
}

void ContextWrap::Release() {
  if (context_ == nullptr) return;
  context_->Unref(GetAddonData(Env()).terminations);
  context_ = nullptr;
}

ZmqContext* ContextWrap::AcquireForSocket(Napi::Env env) {
  if (context_ == nullptr) {
    auto error = Napi::Error::New(env, "Context is closed");
    error.Set("code", Napi::String::New(env, "ETERM"));
    error.Set("errno", Napi::Number::New(env, ETERM));
    throw error;
  }
  context_->Ref();
  return context_;
}

Napi::Value ContextWrap::GetOption(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int option = ToOptionId(env, info[0]);
  OptionKind kind = ToOptionKind(env, info[1]);
  if (context_ == nullptr) throw Napi::Error::New(env, "Context is closed");
  int value = zmq_ctx_get(context_->raw(), option);
  if (value < 0) {
    const int error = zmq_errno();
    throw ErrnoError(env, error, OptionOperation(info, 2, "get context option").c_str());
  }
  if (kind == OptionKind::Bool) return Napi::Boolean::New(env, value != 0);
  return Napi::Number::New(env, value);
}

namespace {
// Values libzmq accepts and then aborts the process on when the context starts its threads.
void RefuseFatalValue(Napi::Env env, void* raw, int option, int64_t value, const std::string& name) {
  if (option == ZMQ_MAX_SOCKETS) {
    // libzmq adds the I/O threads and two to it in an int, and a negative sum reaches
    // std::vector::reserve, whose exception it does not catch.
    int limit = zmq_ctx_get(raw, ZMQ_SOCKET_LIMIT);
    if (value > limit) {
      ThrowRangeError(env, "Option \"" + name + "\" must be at most " + std::to_string(limit) + " (maxSocketsLimit)");
    }
  }
#if defined(ZMQ_THREAD_AFFINITY_CPU_ADD) && defined(__linux__)
  if (option == ZMQ_THREAD_AFFINITY_CPU_ADD) {
    // Starting a thread on no CPU it may use fails, and libzmq asserts that it cannot;
    // a number past CPU_SETSIZE would also be written out of its cpu_set_t's bounds.
    cpu_set_t allowed;
    CPU_ZERO(&allowed);
    if (sched_getaffinity(0, sizeof(allowed), &allowed) == 0 &&
        (value < 0 || value >= CPU_SETSIZE || !CPU_ISSET(static_cast<int>(value), &allowed))) {
      ThrowRangeError(env, "Option \"" + name + "\" must be a CPU this process may run on, not " + std::to_string(value));
    }
  }
#endif
}
}  // namespace

void ContextWrap::SetOption(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int option = ToOptionId(env, info[0]);
  OptionKind kind = ToOptionKind(env, info[1]);
  std::string name = info[3].IsString() ? info[3].As<Napi::String>().Utf8Value() : "value";
  int64_t value = ToIntegerOptionValue(env, kind == OptionKind::Bool ? kind : OptionKind::Int32,
                                       info[2], name.c_str());
  if (context_ == nullptr) throw Napi::Error::New(env, "Context is closed");
  RefuseFatalValue(env, context_->raw(), option, value, name);
  if (zmq_ctx_set(context_->raw(), option, static_cast<int>(value)) != 0) {
    const char* accepted = zmq_errno() == EINVAL ? AcceptedContextOptionValues(option) : nullptr;
    if (accepted != nullptr) throw OptionValueError(env, name, accepted, std::to_string(value));
    ThrowZmqError(env, ("set context option " + name).c_str());
  }
  if (option == ZMQ_THREAD_SCHED_POLICY || option == ZMQ_THREAD_PRIORITY) {
    context_->ChooseScheduling(option, static_cast<int>(value));
  }
}

void ContextWrap::Close(const Napi::CallbackInfo&) { Release(); }

Napi::Value ContextWrap::IsClosed(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), context_ == nullptr);
}

Napi::Value ContextWrap::IsShared(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), shared_);
}

}  // namespace zmqnapi
