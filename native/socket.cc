#include "socket.h"

#include <zmq.h>

#include <chrono>
#include <thread>
#include <vector>

#include "addon.h"
#include "command_nudge.h"
#include "context.h"
#include "errors.h"
#include "message.h"
#include "retry.h"
#include "use_fd.h"

namespace zmqnapi {

namespace {
constexpr int kReaperWaitAttempts = 250;

// libzmq moves bytes between its I/O thread and the kernel in 8 KiB batches. Larger
// batches mean fewer recv/send system calls per message: over tcp, 256 KiB measured
// +60% at 1 KiB and +20% at 64 KiB messages, no change at 16 B (docs/performance.md).
// The cost is address space per connection, resident only as far as a burst fills it.
// Options given to the constructor are applied afterwards and win; a libzmq built
// without its draft API refuses these two options, which leaves its own defaults.
constexpr int kBatchBytes = 256 * 1024;

void RaiseBatchSizes(void* socket) {
#if defined(ZMQ_IN_BATCH_SIZE) && defined(ZMQ_OUT_BATCH_SIZE)
  zmq_setsockopt(socket, ZMQ_IN_BATCH_SIZE, &kBatchBytes, sizeof(kBatchBytes));
  zmq_setsockopt(socket, ZMQ_OUT_BATCH_SIZE, &kBatchBytes, sizeof(kBatchBytes));
#else
  (void)socket;
#endif
}

}  // namespace

// A closed socket keeps its slot until its peers acknowledge the closing. Peers that are
// this thread's own sockets do that only when this thread uses them, which it cannot
// while it waits in the constructor: a create/close loop against a local peer would
// end in EMFILE. So let every socket here process libzmq's commands (those a proxy
// thread has borrowed excepted), and have JS recheck the ones waiting for readiness,
// because processing may have consumed the edge their ZMQ_FD was about to show.
void LetOwnSocketsProcessCommands(AddonData& data) {
  for (SocketWrap* socket : data.sockets) {
    if (socket->raw() != nullptr && !socket->lent()) ReadEvents(socket->raw());
  }
  data.poller.ReportAllArmed();
}

Napi::Function SocketWrap::Define(Napi::Env env) {
  return DefineClass(env, "NativeSocket",
                     {
                         InstanceMethod<&SocketWrap::Bind>("bind"),
                         InstanceMethod<&SocketWrap::Unbind>("unbind"),
                         InstanceMethod<&SocketWrap::Connect>("connect"),
                         InstanceMethod<&SocketWrap::Disconnect>("disconnect"),
                         InstanceMethod<&SocketWrap::Close>("close"),
                         InstanceMethod<&SocketWrap::Send>("send"),
                         InstanceMethod<&SocketWrap::SendMany>("sendMany"),
                         InstanceMethod<&SocketWrap::ReceiveBatch>("receiveBatch"),
                         InstanceMethod<&SocketWrap::Events>("events"),
                         InstanceMethod<&SocketWrap::Arm>("arm"),
                         InstanceMethod<&SocketWrap::Disarm>("disarm"),
                         InstanceMethod<&SocketWrap::GetOption>("getOption"),
                         InstanceMethod<&SocketWrap::SetOption>("setOption"),
                         InstanceMethod<&SocketWrap::Join>("join"),
                         InstanceMethod<&SocketWrap::Leave>("leave"),
                         InstanceMethod<&SocketWrap::ConnectPeer>("connectPeer"),
                         InstanceAccessor<&SocketWrap::GetId>("id"),
                         InstanceAccessor<&SocketWrap::GetClosed>("closed"),
                     });
}

SocketWrap::SocketWrap(const Napi::CallbackInfo& info)
    : Napi::ObjectWrap<SocketWrap>(info), data_(&GetAddonData(info.Env())) {
  Napi::Env env = info.Env();
  if (info.Length() < 2 || !info[0].IsObject() ||
      !info[0].As<Napi::Object>().InstanceOf(data_->context_constructor.Value())) {
    ThrowTypeError(env, "The \"context\" argument must be a Context");
  }
  if (!info[1].IsNumber()) ThrowTypeError(env, "The \"type\" argument must be a number");
  int type = info[1].As<Napi::Number>().Int32Value();

  ContextWrap* context = ContextWrap::Unwrap(info[0].As<Napi::Object>());
  context_ = context->AcquireForSocket(env);
  bool scheduling_refused = false;
  socket_ = context_->CreateSocket(type, &scheduling_refused);
  // A closed socket keeps its slot until libzmq's reaper thread destroys it, so a
  // tight create/close loop can find every slot taken for a moment. Give the reaper a
  // short while before reporting a real EMFILE (max sockets reached), and the closed
  // sockets' peers, here and in other threads, the chance to acknowledge the closing.
  for (int attempt = 0; socket_ == nullptr && zmq_errno() == EMFILE && attempt < kReaperWaitAttempts; attempt++) {
    LetOwnSocketsProcessCommands(*data_);
    CommandNudge::NudgeOtherEnvironments(env);
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
    socket_ = context_->CreateSocket(type, &scheduling_refused);
  }
  if (socket_ == nullptr) {
    int error = zmq_errno();
    context_->Unref(data_->terminations);
    context_ = nullptr;
    throw ErrnoError(env, error,
                     scheduling_refused ? "start the context's threads with its threadSchedulingPolicy and threadPriority"
                                        : "create socket");
  }
  RaiseBatchSizes(socket_);
  int thread_safe = 0;
  size_t size = sizeof(thread_safe);
  zmq_getsockopt(socket_, ZMQ_THREAD_SAFE, &thread_safe, &size);
  single_frame_ = thread_safe != 0;
  if (thread_safe) {
#ifdef ZMQ_BUILD_DRAFT_API
    poller_ = zmq_poller_new();
    if (poller_ == nullptr || zmq_poller_add(poller_, socket_, nullptr, ZMQ_POLLIN | ZMQ_POLLOUT) != 0 ||
        zmq_poller_fd(poller_, &fd_) != 0) {
      int error = zmq_errno();
      if (poller_ != nullptr) zmq_poller_destroy(&poller_);
      zmq_close(socket_);
      socket_ = nullptr;
      context_->Unref(data_->terminations);
      context_ = nullptr;
      throw ErrnoError(env, error, "create socket poller");
    }
#endif
  } else {
    size = sizeof(fd_);
    zmq_getsockopt(socket_, ZMQ_FD, &fd_, &size);
  }
#ifdef ZMQ_BUILD_DRAFT_API
  if (type == ZMQ_SERVER || type == ZMQ_PEER) envelope_ = Envelope::RoutingId;
  if (type == ZMQ_RADIO || type == ZMQ_DISH) envelope_ = Envelope::Group;
  datagram_ = type == ZMQ_DGRAM;
#endif
  id_ = data_->next_socket_id++;
  data_->sockets.insert(this);
  data_->sockets_by_id.emplace(id_, this);
}

SocketWrap::~SocketWrap() {
  data_->sockets_by_id.erase(id_);
  AddonData::RecentSocket& recent = data_->RecentSlot(id_);
  if (recent.socket == this) recent = {};
  if (!data_->torn_down) CloseNow();
}

void SocketWrap::CloseNow() {
  if (socket_ == nullptr) return;
  // A proxy thread using this socket must let go before it is closed.
  if (borrower_ != nullptr) borrower_->GiveBack();
  data_->poller.Disarm(id_);
  // libzmq ends a connection whose attach command the socket has not processed yet
  // with linger 0, losing what was queued for it. Sends process commands only now and
  // then, so process them here before closing, unless nothing may linger anyway.
  int linger = 0;
  size_t size = sizeof(linger);
  if (zmq_getsockopt(socket_, ZMQ_LINGER, &linger, &size) == 0 && linger != 0) ReadEvents(socket_);
#ifdef ZMQ_BUILD_DRAFT_API
  // The poller holds a signaler registered with the socket: remove it first.
  if (poller_ != nullptr) zmq_poller_destroy(&poller_);
#endif
  zmq_close(socket_);
  socket_ = nullptr;
  data_->sockets.erase(this);
  context_->Unref(data_->terminations);
  context_ = nullptr;
}

void* SocketWrap::Live(Napi::Env env) const {
  if (socket_ == nullptr) throw CodedError(env, "Socket is closed", EBADF);
  // Lent to a proxy thread
  if (borrower_ != nullptr) throw CodedError(env, "Socket is busy: a proxy is running on it", EBUSY);
  return socket_;
}

// see socket.h.
void SocketWrap::Lend(SocketBorrower* borrower) {
  data_->poller.Disarm(id_);
  borrower_ = borrower;
}

std::string SocketWrap::AddressArgument(const Napi::CallbackInfo& info) const {
  if (info.Length() < 1 || !info[0].IsString()) {
    ThrowTypeError(info.Env(), "The \"address\" argument must be a string");
  }
  std::string address = info[0].As<Napi::String>().Utf8Value();
  // libzmq reads a C string: it would act on the part before the NUL.
  if (address.find('\0') != std::string::npos) {
    ThrowTypeError(info.Env(), "The \"address\" argument must not contain NUL bytes");
  }
  return address;
}

void SocketWrap::Bind(const Napi::CallbackInfo& info) {
  std::string address = AddressArgument(info);
  const char* why = nullptr;
  if (int refusal = UseFdRefusal(Live(info.Env()), address, &why)) throw ErrnoError(info.Env(), refusal, why, address);
  if (RetryOnSignal([&] { return zmq_bind(Live(info.Env()), address.c_str()); }) != 0) ThrowZmqError(info.Env(), "bind", address);
}

void SocketWrap::Unbind(const Napi::CallbackInfo& info) {
  std::string address = AddressArgument(info);
  if (RetryOnSignal([&] { return zmq_unbind(Live(info.Env()), address.c_str()); }) != 0) {
    ThrowZmqError(info.Env(), "unbind", address);
  }
}

void SocketWrap::Connect(const Napi::CallbackInfo& info) {
  std::string address = AddressArgument(info);
  if (RetryOnSignal([&] { return zmq_connect(Live(info.Env()), address.c_str()); }) != 0) {
    ThrowZmqError(info.Env(), "connect", address);
  }
}

void SocketWrap::Disconnect(const Napi::CallbackInfo& info) {
  std::string address = AddressArgument(info);
  if (RetryOnSignal([&] { return zmq_disconnect(Live(info.Env()), address.c_str()); }) != 0) {
    ThrowZmqError(info.Env(), "disconnect", address);
  }
}

void SocketWrap::Close(const Napi::CallbackInfo&) { CloseNow(); }

// receiveBatch(max, propertyNames?) -> undefined when nothing is waiting, else an array
// of up to `max` messages: a Buffer for a one-frame message, a Buffer[] for a multipart
// one, [frame, envelope] for draft sockets; with propertyNames, [message, properties].
Napi::Value SocketWrap::ReceiveBatch(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  void* socket = Live(env);
  uint32_t max = info.Length() > 0 && info[0].IsNumber()
                     ? info[0].As<Napi::Number>().Uint32Value()
                     : kDefaultReceiveBatch;
  if (max == 0) max = 1;
  // Optional property names (zmq_msg_gets) to read from each message's first frame;
  // each entry then becomes [message, properties].
  std::vector<std::string> properties;
  if (info.Length() > 1 && info[1].IsArray()) {
    auto names = info[1].As<Napi::Array>();
    for (uint32_t i = 0; i < names.Length(); i++) {
      Napi::Value name = names.Get(i);
      if (!name.IsString()) ThrowTypeError(env, "Message property names must be strings");
      properties.push_back(name.As<Napi::String>().Utf8Value());
    }
  }

  napi_value batch = nullptr;
  uint32_t count = 0;
  zmq_msg_t msg;
  zmq_msg_init(&msg);
  while (count < max) {
    if (ReceiveFrame(socket, &msg) < 0) {
      int error = zmq_errno();
      // After a message, an error only ends the batch: REQ/REP sockets refuse a second
      // receive (EFSM) until they send, and what was received must not be lost. A
      // lasting error surfaces on the next call.
      if (error == EAGAIN || count > 0) break;
      zmq_msg_close(&msg);
      throw ErrnoError(env, error, "receive");
    }
    if (batch == nullptr) napi_create_array(env, &batch);
    bool more = zmq_msg_more(&msg) != 0;
    napi_value read_properties = properties.empty() ? nullptr : ReadProperties(env, &msg, properties);
    auto store = [&](napi_value entry) {
      if (read_properties != nullptr) {
        napi_value pair = nullptr;
        napi_create_array_with_length(env, 2, &pair);
        napi_set_element(env, pair, 0, entry);
        napi_set_element(env, pair, 1, read_properties);
        entry = pair;
      }
      napi_set_element(env, batch, count++, entry);
    };
    if (envelope_ != Envelope::None) {
      store(WithEnvelope(env, nullptr, &msg));
      continue;
    }
    napi_value first = BufferFromFrame(env, &msg, data_->zero_copy_frames);
    if (!more) {
      store(first);
      continue;
    }
    // The rest of a multipart message is already here once its first frame is.
    napi_value parts = nullptr;
    napi_create_array(env, &parts);
    napi_set_element(env, parts, 0, first);
    uint32_t index = 1;
    while (more) {
      if (ReceiveFrame(socket, &msg) < 0) {
        int error = zmq_errno();
        zmq_msg_close(&msg);
        throw ErrnoError(env, error, "receive");
      }
      more = zmq_msg_more(&msg) != 0;
      napi_set_element(env, parts, index++, BufferFromFrame(env, &msg, data_->zero_copy_frames));
    }
    store(parts);
  }
  zmq_msg_close(&msg);
  return batch == nullptr ? env.Undefined() : Napi::Value(env, batch);
}

// zmq_msg_gets for each name: the connection's metadata (User-Id, Peer-Address,
// Socket-Type, ZAP and ZMQ_METADATA properties); absent ones are left out.
napi_value SocketWrap::ReadProperties(napi_env env, zmq_msg_t* msg,
                                      const std::vector<std::string>& names) const {
  napi_value result = nullptr;
  napi_create_object(env, &result);
  for (const auto& name : names) {
    const char* value = zmq_msg_gets(msg, name.c_str());
    if (value == nullptr) continue;
    napi_value text = nullptr;
    napi_create_string_utf8(env, value, NAPI_AUTO_LENGTH, &text);
    napi_set_named_property(env, result, name.c_str(), text);
  }
  return result;
}

Napi::Value SocketWrap::Events(const Napi::CallbackInfo& info) {
  void* socket = Live(info.Env());
#ifdef ZMQ_BUILD_DRAFT_API
  if (poller_ != nullptr) {
    // Waiting with timeout 0 consumes the signaler's wake-up and reports the events,
    // the way reading ZMQ_EVENTS does for ZMQ_FD.
    zmq_poller_event_t event{};
    int found;
    do {
      found = zmq_poller_wait_all(poller_, &event, 1, 0);
    } while (found < 0 && zmq_errno() == EINTR);
    if (found < 0 && zmq_errno() != EAGAIN) ThrowZmqError(info.Env(), "poll");
    return Napi::Number::New(info.Env(), found > 0 ? event.events : 0);
  }
#endif
  int events = ReadEvents(socket);
  if (events < 0) ThrowZmqError(info.Env(), "poll");
  return Napi::Number::New(info.Env(), events);
}

// arm(keepAlive, deferWake): report this socket's id to the ready handler once its
// state changes; with deferWake the caller runs pollNow() soon (see Poller::Arm).
void SocketWrap::Arm(const Napi::CallbackInfo& info) {
  Live(info.Env());
  data_->poller.Arm(id_, fd_, info.Length() == 0 || info[0].ToBoolean().Value(),
                    info.Length() > 1 && info[1].ToBoolean().Value());
}

// disarm(): nothing waits any more (aborted or timed out), so stop watching; a
// forgotten arm would keep the process alive.
void SocketWrap::Disarm(const Napi::CallbackInfo&) { data_->poller.Disarm(id_); }

Napi::Value SocketWrap::GetId(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), id_);
}

Napi::Value SocketWrap::GetClosed(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), socket_ == nullptr);
}

}  // namespace zmqnapi
