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

// Sockets lent to another thread (proxy)
// A claim another thread holds on sockets (a running proxy). While a socket is lent,
// every JS operation on it fails with EBUSY, and closing it first has the borrower
// give it back.
class SocketBorrower {
 public:
  virtual ~SocketBorrower() = default;
  // JS thread: stop using every borrowed socket; returns once the other thread no
  // longer touches them (and has called Return() on each).
  virtual void GiveBack() = 0;
};

// Messages a receive batch takes when the caller does not say.
constexpr uint32_t kDefaultReceiveBatch = 256;

// Room left in the ArrayBuffer JS passes to receiveChunk (receive_chunk.cc), and the
// size to give a new one.
struct PoolSpace {
  napi_value buffer = nullptr;
  char* free = nullptr;
  size_t size = 0;
  size_t new_size = 0;
};

// A libzmq socket. Mechanism only: every operation is non-blocking, and JS decides
// when to wait (arm) and how to queue callers.
class SocketWrap : public Napi::ObjectWrap<SocketWrap> {
  friend void InitFastMethods(Napi::Env env, Napi::Object exports, AddonData* data);

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

  // Monitor/proxy access
  // The libzmq socket for a JS-thread operation; throws EBADF when closed and EBUSY
  // while lent to another thread.
  void* Live(Napi::Env env) const;
  // Hands the socket to `borrower`'s thread: stops readiness watching and makes JS
  // operations fail until Return(). JS thread only.
  void Lend(SocketBorrower* borrower);
  void Return() { borrower_ = nullptr; }
  bool lent() const { return borrower_ != nullptr; }

 private:
  std::string AddressArgument(const Napi::CallbackInfo& info) const;

  void Bind(const Napi::CallbackInfo& info);
  void Unbind(const Napi::CallbackInfo& info);
  void Connect(const Napi::CallbackInfo& info);
  void Disconnect(const Napi::CallbackInfo& info);
  void Close(const Napi::CallbackInfo& info);
  Napi::Value Send(const Napi::CallbackInfo& info);
  Napi::Value SendMany(const Napi::CallbackInfo& info);
  bool SendOne(Napi::Env env, void* socket, napi_value message, const Napi::Value& envelope);
  bool SendParts(Napi::Env env, void* socket, const napi_value* parts, size_t count, const Napi::Value& envelope);
  // SendOne's answer, with a shortcut for a message of one small binary frame or short
  // string (socket_send.cc): what send(), sendFast and sendMany all call per message.
  bool SendMessage(Napi::Env env, void* socket, napi_value message, const Napi::Value& envelope);
  // Hot paths as addon functions taking the socket's id (fast_methods.cc): as the first
  // argument (FastTarget), or in the call slots (SlotTarget, which also gives the slots).
  static SocketWrap* FastTarget(napi_env env, napi_callback_info info, size_t* argc, napi_value* argv);
  static SocketWrap* SlotTarget(napi_env env, napi_callback_info info, size_t* argc, napi_value* argv,
                                const uint32_t** slots);
  // SlotTarget for a call that takes no arguments (sendStaged, sendStagedMany).
  static SocketWrap* SlotTarget(napi_env env, napi_callback_info info, const uint32_t** slots) {
    size_t argc = 0;
    return SlotTarget(env, info, &argc, nullptr, slots);
  }
  static SocketWrap* SocketById(napi_env env, AddonData* addon, uint32_t id);
  static napi_value FastSend(napi_env env, napi_callback_info info);
  static napi_value FastSendStaged(napi_env env, napi_callback_info info);
  static napi_value FastSendStagedMany(napi_env env, napi_callback_info info);
  bool SendStaged(Napi::Env env, void* socket, const char* frame, uint32_t length);
  static napi_value FastSendFrames(napi_env env, napi_callback_info info);
  static napi_value FastReceiveChunk(napi_env env, napi_callback_info info);
  // Runs `body` (returning napi_value), turning a thrown Napi::Error into a JS exception,
  // as node-addon-api does for its own callbacks.
  template <typename Body>
  static napi_value CatchErrors(napi_env env, Body body) {
    try {
      return body();
    } catch (const Napi::Error& error) {
      error.ThrowAsJavaScriptException();
      return nullptr;
    }
  }
  Napi::Value ReceiveBatch(const Napi::CallbackInfo& info);
  napi_value ReceiveChunk(Napi::Env env, uint32_t max, napi_value separate, const PoolSpace& pool);
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
  // DGRAM: every message is two frames, [address, body], checked before it goes.
  bool datagram_ = false;
  // libzmq's thread-safe (draft) types have no multipart messages: it refuses the first
  // frame of one with a bare EINVAL, so the count is checked first to say why.
  bool single_frame_ = false;
  // Whether every message may go to libzmq as it is, one plain frame without checks:
  // what the fast send paths need.
  bool SendsPlainFrames() const { return envelope_ == Envelope::None && !datagram_; }
  // Reused by ReceiveChunk so a batch allocates nothing on the C++ side. Each frame's
  // size and more flag are kept as read, so it asks libzmq for them once.
  struct ReceivedFrame {
    zmq_msg_t msg;
    size_t size;
    bool more;
  };
  std::vector<ReceivedFrame> received_;
  SocketBorrower* borrower_ = nullptr;  // set while a proxy thread owns the socket
};

// A DGRAM message must be [address, body] with an address libzmq's udp engine can use;
// libzmq would take a message of three frames halfway (the next send then completing
// it) and drop one with a bad address silently. `address` is the first frame.
void CheckDatagramMessage(Napi::Env env, size_t frames, zmq_msg_t* address);

// Lets every socket of this thread process libzmq's pending commands (see socket.cc).
void LetOwnSocketsProcessCommands(AddonData& data);

}  // namespace zmqnapi
