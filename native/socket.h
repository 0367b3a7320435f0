#pragma once
#include <napi.h>

#include <cstdint>
#include <string>
#include <vector>

#include <zmq.h>

#include "poller.h"
#include "zmq_context.h"

namespace zmqnapi {

struct AddonData;

// A libzmq socket. Mechanism only: every operation is non-blocking, and JS decides
// when to wait (arm) and how to queue callers.
class SocketWrap : public Napi::ObjectWrap<SocketWrap> {
 public:
  static Napi::Function Define(Napi::Env env);
  explicit SocketWrap(const Napi::CallbackInfo& info);
  ~SocketWrap() override;

  // Closes the libzmq socket (its linger applies) and releases its context. Idempotent.
  void CloseNow();
  // The libzmq socket, or nullptr once closed; for native features built on a socket
  // (monitor, proxy), which must keep to the JS thread unless they own it.
  void* raw() const { return socket_; }
  ZmqContext* context() const { return context_; }

 private:
  void* Live(Napi::Env env) const;
  std::string AddressArgument(const Napi::CallbackInfo& info) const;

  void Bind(const Napi::CallbackInfo& info);
  void Unbind(const Napi::CallbackInfo& info);
  void Connect(const Napi::CallbackInfo& info);
  void Disconnect(const Napi::CallbackInfo& info);
  void Close(const Napi::CallbackInfo& info);
  Napi::Value Send(const Napi::CallbackInfo& info);
  Napi::Value ReceiveBatch(const Napi::CallbackInfo& info);
  Napi::Value Events(const Napi::CallbackInfo& info);
  void Arm(const Napi::CallbackInfo& info);
  void Disarm(const Napi::CallbackInfo& info);
  Napi::Value GetOption(const Napi::CallbackInfo& info);
  void SetOption(const Napi::CallbackInfo& info);
  Napi::Value GetId(const Napi::CallbackInfo& info);
  Napi::Value GetClosed(const Napi::CallbackInfo& info);

  // What a draft socket carries beside each message's single frame.
  enum class Envelope { None, RoutingId, Group };

  void ApplyEnvelope(Napi::Env env, const Napi::Value& options, zmq_msg_t* frame) const;
  napi_value WithEnvelope(Napi::Env env, napi_value frame, zmq_msg_t* msg) const;
  napi_value ReadProperties(napi_env env, zmq_msg_t* msg, const std::vector<std::string>& names) const;
  void Join(const Napi::CallbackInfo& info);
  void Leave(const Napi::CallbackInfo& info);
  Napi::Value ConnectPeer(const Napi::CallbackInfo& info);

  AddonData* data_;
  ZmqContext* context_ = nullptr;
  void* socket_ = nullptr;
  // Thread-safe (draft) sockets have no ZMQ_FD; a zmq_poller's signaler fd stands in.
  void* poller_ = nullptr;
  ZmqFd fd_{};
  uint32_t id_ = 0;
  Envelope envelope_ = Envelope::None;
};

}  // namespace zmqnapi
