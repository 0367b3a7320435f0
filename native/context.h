#pragma once
#include <napi.h>

#include "zmq_context.h"

namespace zmqnapi {

// JS handle on a libzmq context: `new Context(shared)` wraps either the process-wide
// shared context or a private one.
class ContextWrap : public Napi::ObjectWrap<ContextWrap> {
 public:
  static Napi::Function Define(Napi::Env env);
  explicit ContextWrap(const Napi::CallbackInfo& info);
  ~ContextWrap() override;

  // The context for a new socket, with a reference taken; throws when closed.
  ZmqContext* AcquireForSocket(Napi::Env env);
  // Teardown: drop this handle's reference without touching JS.
  void Release();

 private:
  Napi::Value GetOption(const Napi::CallbackInfo& info);
  void SetOption(const Napi::CallbackInfo& info);
  void Close(const Napi::CallbackInfo& info);
  Napi::Value IsClosed(const Napi::CallbackInfo& info);
  Napi::Value IsShared(const Napi::CallbackInfo& info);

  ZmqContext* context_ = nullptr;
  bool shared_ = false;
};

}  // namespace zmqnapi
