#include <zmq.h>

#include <string>
#include <vector>

#include "addon.h"
#include "errors.h"
#include "handover.h"
#include "message.h"
#include "retry.h"
#include "socket.h"

namespace zmqnapi {

namespace {
// Frames of one message are converted before the first is sent, so a bad part can
// never leave half a message on the wire. Most messages fit without allocating.
constexpr size_t kInlineParts = 8;

bool CanSendAfterProcessingCommands(void* socket) {
  int events = ReadEvents(socket);
  return events >= 0 && (events & ZMQ_POLLOUT) != 0;
}

// Sends one message's first (or only) part with `send`, a zmq send call: 1 when libzmq
// took it, 0 when it cannot now (EAGAIN), -1 with zmq_errno() set on any other failure.
// zmq_send processes incoming commands only about once a millisecond, so it can refuse
// on stale credit while the peer has already made room. Reading ZMQ_EVENTS processes
// them; if that shows room, the message goes now rather than after a trip through the
// readiness thread.
template <typename Send>
int SendUnlessFull(void* socket, Send send) {
  if (RetryOnSignal(send) >= 0) return 1;
  if (zmq_errno() != EAGAIN) return -1;
  if (!CanSendAfterProcessingCommands(socket)) return 0;
  if (RetryOnSignal(send) >= 0) return 1;
  return zmq_errno() == EAGAIN ? 0 : -1;
}

struct Frames {
  zmq_msg_t inline_parts[kInlineParts];
  std::vector<zmq_msg_t> more_parts;
  size_t count = 0;
  // ArrayBuffers of frames handed over instead of copied (handover.h).
  std::vector<napi_value> handed_over;

  zmq_msg_t* at(size_t index) {
    return index < kInlineParts ? &inline_parts[index] : &more_parts[index - kInlineParts];
  }
  // An empty message, so the destructor may close it even if filling it fails (a frame
  // of the wrong type throws before any zmq_msg_init): closing stack garbage crashed.
  zmq_msg_t* add() {
    if (count >= kInlineParts) more_parts.emplace_back();
    zmq_msg_t* part = at(count++);
    zmq_msg_init(part);
    return part;
  }
  ~Frames() {
    for (size_t i = 0; i < count; i++) zmq_msg_close(at(i));
  }
};
}  // namespace

// send(message: Frame | Frame[], envelope?) -> SendOne's answer. `envelope` is
// {routingId} for SERVER/PEER and {group} for RADIO; other types ignore it.
Napi::Value SocketWrap::Send(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return Napi::Boolean::New(env, SendMessage(env, Live(env), info[0], info[1]));
}

// sendFast(socketId, message) -> boolean: send() without an envelope, for the hot path
// (see fast_methods.cc). Measured: about half the cost of a 16-byte send through send().
napi_value SocketWrap::FastSend(napi_env raw_env, napi_callback_info info) {
  return CatchErrors(raw_env, [&] {
    Napi::Env env(raw_env);
    size_t argc = 1;
    napi_value message = nullptr;
    const uint32_t* slots = nullptr;
    SocketWrap* self = SlotTarget(raw_env, info, &argc, &message, &slots);
    // (A missing argument reads as undefined: a TypeError from SendOne.)
    return napi_value(Napi::Boolean::New(env, self->SendMessage(env, self->Live(env), message, env.Undefined())));
  });
}

// sendStaged() -> false if libzmq could not take the frame now, else undefined (cheaper
// to return than a boolean). The frame is the first length-slot bytes of the staging
// memory, where JS copied it: for a small frame that costs JS less than Node-API's
// reading of a view costs here.
napi_value SocketWrap::FastSendStaged(napi_env raw_env, napi_callback_info info) {
  return CatchErrors(raw_env, [&] {
    Napi::Env env(raw_env);
    const uint32_t* slots = nullptr;
    SocketWrap* self = SlotTarget(raw_env, info, &slots);
    void* socket = self->Live(env);
    const uint32_t length = slots[kSlotLength];
    if (length > kStagingBytes) throw Napi::RangeError::New(env, "The staged frame is longer than the staging memory");
    const bool sent = self->SendStaged(env, socket, self->data_->staging, length);
    return sent ? napi_value(nullptr) : napi_value(Napi::Boolean::New(env, false));
  });
}

// sendStagedMany() -> how many of the LENGTH_SLOT frames JS staged back to back (their
// sizes in sendStagedLengths) libzmq took before it could take no more. An error after
// some were sent carries `sent` with their count.
napi_value SocketWrap::FastSendStagedMany(napi_env raw_env, napi_callback_info info) {
  return CatchErrors(raw_env, [&] {
    Napi::Env env(raw_env);
    const uint32_t* slots = nullptr;
    SocketWrap* self = SlotTarget(raw_env, info, &slots);
    void* socket = self->Live(env);
    const uint32_t count = slots[kSlotLength];
    const uint32_t* lengths = self->data_->staged_lengths;
    if (count > kStagedFrames) throw Napi::RangeError::New(env, "More frames staged than the staged-lengths table holds");
    uint64_t total = 0;
    for (uint32_t i = 0; i < count; i++) total += lengths[i];
    if (total > kStagingBytes) throw Napi::RangeError::New(env, "The staged frames are longer than the staging memory");
    const char* frame = self->data_->staging;
    uint32_t sent = 0;
    try {
      while (sent < count && self->SendStaged(env, socket, frame, lengths[sent])) frame += lengths[sent++];
    } catch (Napi::Error& error) {
      error.Set("sent", Napi::Number::New(env, sent));
      throw;
    }
    return napi_value(Napi::Number::New(env, sent));
  });
}

// One staged frame: true when libzmq took it, false when it cannot take it now.
bool SocketWrap::SendStaged(Napi::Env env, void* socket, const char* frame, uint32_t length) {
  if (!SendsPlainFrames()) {
    // A draft socket sent to without options, or a DGRAM message of one frame: SendOne
    // reports what is missing.
    napi_value copy = nullptr;
    void* copied = nullptr;
    napi_create_buffer_copy(env, length, frame, &copied, &copy);
    return SendOne(env, socket, copy, env.Undefined());
  }
  int result = SendUnlessFull(socket, [&] { return zmq_send(socket, frame, length, ZMQ_DONTWAIT); });
  if (result < 0) throw ErrnoError(env, zmq_errno(), "send");
  return result == 1;
}

// A message that is one small binary frame or short string, on a socket without
// envelopes, goes straight to zmq_send, skipping the zmq_msg_t that SendOne builds for
// the general case; anything else takes SendOne's path. Empty binary frames may be
// detached buffers (an error) and large ones may be handed over, so both go the general
// way too. A view is read with napi_get_buffer_info, which Node answers for any
// ArrayBufferView in about 50 fewer instructions than napi_get_typedarray_info (no test
// of the array's type one kind at a time); a runtime that takes only Buffers there
// sends other views the general way.
bool SocketWrap::SendMessage(Napi::Env env, void* socket, napi_value message, const Napi::Value& envelope) {
  if (!SendsPlainFrames()) return SendOne(env, socket, message, envelope);
  void* bytes = nullptr;
  size_t length = 0;
  char text[kShortStringBytes];
  const void* frame = nullptr;
  if (napi_get_buffer_info(env, message, &bytes, &length) == napi_ok) {
    if (length > 0 && length < kHandOverThreshold) frame = bytes;
  } else if (ShortStringBytes(env, message, text, &length)) {
    frame = text;
  }
  if (frame == nullptr) return SendOne(env, socket, message, envelope);
  int sent = SendUnlessFull(socket, [&] { return zmq_send(socket, frame, length, ZMQ_DONTWAIT); });
  if (sent < 0) throw ErrnoError(env, zmq_errno(), "send");
  return sent == 1;
}

// sendMany(messages: Array<Frame | Frame[]>, start, envelope?) -> how many of the
// messages from `start` on libzmq took before it could take no more. One native call
// for a whole batch; an error after some were sent carries `sent` with their count.
Napi::Value SocketWrap::SendMany(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  void* socket = Live(env);
  if (!info[0].IsArray()) ThrowTypeError(env, "The \"messages\" argument must be an array");
  auto messages = info[0].As<Napi::Array>();
  uint32_t start = info[1].IsNumber() ? info[1].As<Napi::Number>().Uint32Value() : 0;
  uint32_t sent = 0;
  const uint32_t length = messages.Length();
  for (uint32_t i = start; i < length; i++) {
    napi_value message = nullptr;
    napi_get_element(env, messages, i, &message);
    try {
      // Reading the element can run JS (a getter, a Proxy), which may have closed the socket.
      socket = Live(env);
      if (!SendMessage(env, socket, message, info[2])) break;
    } catch (Napi::Error& error) {
      error.Set("sent", Napi::Number::New(env, sent));
      throw;
    }
    sent++;
  }
  return Napi::Number::New(env, sent);
}

// One message (a frame or an array of frames): true when libzmq took it, false when
// it cannot take it now (high-water mark, no peer, wrong state for now).
bool SocketWrap::SendOne(Napi::Env env, void* socket, napi_value message, const Napi::Value& envelope) {
  bool is_array = false;
  napi_is_array(env, message, &is_array);
  if (!is_array) return SendParts(env, socket, &message, 1, envelope);
  uint32_t length;
  napi_get_array_length(env, message, &length);
  napi_value inline_parts[kInlineParts];
  std::vector<napi_value> more_parts;
  napi_value* parts = inline_parts;
  if (length > kInlineParts) {
    more_parts.resize(length);
    parts = more_parts.data();
  }
  for (uint32_t i = 0; i < length; i++) napi_get_element(env, message, i, &parts[i]);
  return SendParts(env, socket, parts, length, envelope);
}

// sendFrames(socketId, ...frames) -> boolean: a multipart send() without an envelope, its
// frames as arguments (up to kInlineParts): reading them from an array cost a property
// lookup each, a third of a three-frame send.
napi_value SocketWrap::FastSendFrames(napi_env raw_env, napi_callback_info info) {
  return CatchErrors(raw_env, [&] {
    Napi::Env env(raw_env);
    size_t argc = 1 + kInlineParts;
    napi_value args[1 + kInlineParts] = {};
    SocketWrap* self = FastTarget(raw_env, info, &argc, args);
    if (argc > 1 + kInlineParts) {
      ThrowTypeError(env, "sendFrames takes at most " + std::to_string(kInlineParts) + " frames");
    }
    return napi_value(Napi::Boolean::New(env, self->SendParts(env, self->Live(env), args + 1, argc - 1, env.Undefined())));
  });
}

// The frames of one message, converted before the first is sent.
bool SocketWrap::SendParts(Napi::Env env, void* socket, const napi_value* parts, size_t count,
                           const Napi::Value& envelope) {
  if (count == 0) ThrowTypeError(env, "The \"message\" argument must not be an empty array");
  if (single_frame_ && count > 1) {
    ThrowTypeError(env, "This socket type sends messages of one frame (libzmq's thread-safe draft types have no "
                        "multipart messages), not " + std::to_string(count));
  }
  Frames frames;
  for (size_t i = 0; i < count; i++) FrameFromValue(env, parts[i], frames.add(), "message", &frames.handed_over);
  if (envelope_ != Envelope::None) ApplyEnvelope(env, envelope, frames.at(0));
  if (datagram_) CheckDatagramMessage(env, frames.count, frames.at(0));
  // The caller read the frames from an array and the envelope from an object, both of
  // which can run JS (getters, a Proxy) that may have closed the socket meanwhile.
  socket = Live(env);

  // Only the first frame can meet a full queue: libzmq accepts the rest of a message
  // once it accepted its first part.
  auto flags = [&](size_t i) { return ZMQ_DONTWAIT | (i + 1 < frames.count ? ZMQ_SNDMORE : 0); };
  int sent = SendUnlessFull(socket, [&] { return zmq_msg_send(frames.at(0), socket, flags(0)); });
  if (sent == 0) return false;
  if (sent < 0) throw ErrnoError(env, zmq_errno(), "send");
  // libzmq holds the first frame now and takes the rest below, so from here on no
  // handed-over frame may be written to: even a failure mid-message sent part of it.
  DetachHandedOver(env, frames.handed_over.data(), frames.handed_over.size());
  for (size_t i = 1; i < frames.count; i++) {
    if (RetryOnSignal([&] { return zmq_msg_send(frames.at(i), socket, flags(i)); }) < 0) {
      throw ErrnoError(env, zmq_errno(), "send");
    }
  }
  return true;
}

}  // namespace zmqnapi
