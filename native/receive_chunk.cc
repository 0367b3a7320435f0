// The receive fast path: one native call drains up to `max` messages into an ArrayBuffer
// shared by many batches (a pool, as Node's own Buffer pool), so JS builds the frames as
// views on it and a batch, even of one message, allocates nothing in the common case.
//
// Layout written at a batch's start (8-byte aligned, native byte order):
//   int32 frames
//   int32 size, int32 flags   per frame (flags: kMore | kSeparate)
//   payload of the inline frames, back to back, from a 8-byte aligned offset
// Frames too large to share the pool are passed as their own Buffers through `separate`.
#include <zmq.h>

#include <algorithm>
#include <climits>
#include <cstring>

#include "addon.h"
#include "errors.h"
#include "message.h"
#include "retry.h"
#include "socket.h"

namespace zmqnapi {

namespace {
constexpr int32_t kMore = 1;
constexpr int32_t kSeparate = 2;
// Larger frames get a Buffer of their own (zero-copy from 1 MiB, see message.h): a small message
// kept alive must not pin much more memory than itself.
constexpr size_t kInlineFrameLimit = 8 * 1024;
// A batch stops taking messages once this much inline payload is collected.
constexpr size_t kChunkPayloadLimit = 64 * 1024;
// The largest new pool JS may ask for (unless one batch needs more): a kept message pins
// its pool, so this bounds what a small message can hold on to.
constexpr uint32_t kMaxPoolSize = 64 * 1024;

}  // namespace

// receiveChunk(separate: Buffer[], pool?) -> the ArrayBuffer holding the batch at the
// offset slot (`pool` itself when the batch fit after that offset, else a new pool of at
// least the pool-size slot's bytes holding it at 0), or undefined when nothing was
// waiting. The socket's id and the most messages to take are in the call slots too. An
// addon function (fast_methods.cc): called once per batch, and per message while the
// receiver keeps up.
// JS passes the end of what it has handed out, so earlier views are never written over.
napi_value SocketWrap::FastReceiveChunk(napi_env raw_env, napi_callback_info info) {
  return CatchErrors(raw_env, [&] {
    size_t argc = 2;
    napi_value args[2] = {nullptr, nullptr};
    const uint32_t* slots = nullptr;
    SocketWrap* self = SlotTarget(raw_env, info, &argc, args, &slots);
    PoolSpace pool;
    bool is_arraybuffer = false;
    if (argc > 1 && napi_is_arraybuffer(raw_env, args[1], &is_arraybuffer) == napi_ok && is_arraybuffer) {
      const uint32_t offset = slots[kSlotOffset];
      void* data = nullptr;
      size_t length = 0;
      if (offset % 8 == 0 && napi_get_arraybuffer_info(raw_env, args[1], &data, &length) == napi_ok &&
          data != nullptr && offset <= length) {
        pool = PoolSpace{args[1], static_cast<char*>(data) + offset, length - offset};
      }
    }
    pool.new_size = std::min(slots[kSlotPoolSize], kMaxPoolSize);
    return self->ReceiveChunk(Napi::Env(raw_env), slots[kSlotMax], args[0], pool);
  });
}

napi_value SocketWrap::ReceiveChunk(Napi::Env env, uint32_t max, napi_value separate, const PoolSpace& pool) {
  void* socket = Live(env);
  if (max == 0) max = 1;

  std::vector<ReceivedFrame>& frames = received_;
  frames.clear();
  size_t payload = 0;
  bool any_separate = false;
  uint32_t messages = 0;
  int failure = 0;
  // Receives one frame into a new entry: false (and no entry) if libzmq had none.
  auto receive = [&]() {
    ReceivedFrame& frame = frames.emplace_back();
    zmq_msg_init(&frame.msg);
    const int size = ReceiveFrame(socket, &frame.msg);
    if (size < 0) {
      zmq_msg_close(&frame.msg);
      frames.pop_back();
      return false;
    }
    // zmq_msg_recv reports frames of 2 GiB and more as INT_MAX.
    frame.size = size == INT_MAX ? zmq_msg_size(&frame.msg) : static_cast<size_t>(size);
    frame.more = zmq_msg_more(&frame.msg) != 0;
    if (frame.size <= kInlineFrameLimit) {
      payload += frame.size;
    } else {
      any_separate = true;
    }
    return true;
  };
  while (messages < max && payload < kChunkPayloadLimit) {
    if (!receive()) {
      // After a message an error only ends the batch (REQ/REP refuse a second receive
      // with EFSM until they send); a lasting one surfaces on the next call.
      if (zmq_errno() != EAGAIN && messages == 0) failure = zmq_errno();
      break;
    }
    // The rest of a multipart message is already here once its first frame is.
    while (frames.back().more) {
      if (!receive()) {
        failure = zmq_errno();
        break;
      }
    }
    if (failure != 0) break;
    messages++;
  }
  // Checked only when needed, which is rarely: a check per call showed in profiles.
  bool is_array = false;
  if (failure == 0 && any_separate && (napi_is_array(env, separate, &is_array) != napi_ok || !is_array)) {
    failure = -1;
  }
  if (failure != 0) {
    for (auto& frame : frames) zmq_msg_close(&frame.msg);
    frames.clear();
    if (failure < 0) ThrowTypeError(env, "The \"separate\" argument must be an array");
    throw ErrnoError(env, failure, "receive");
  }
  if (frames.empty()) return env.Undefined();

  const size_t header = ((1 + 2 * frames.size()) * sizeof(int32_t) + 7) & ~size_t(7);
  void* data = pool.free;
  napi_value chunk = pool.buffer;
  if (pool.buffer == nullptr || header + payload > pool.size) {
    data = nullptr;
    chunk = nullptr;
    napi_create_arraybuffer(env, std::max(header + payload, pool.new_size), &data, &chunk);
  }
  if (chunk == nullptr || data == nullptr) {
    // Node-API refuses allocations while the environment shuts down (a worker being
    // terminated mid-call): nobody is left to hand these messages to.
    for (auto& frame : frames) zmq_msg_close(&frame.msg);
    frames.clear();
    return env.Undefined();
  }
  auto* meta = static_cast<int32_t*>(data);
  auto* out = static_cast<char*>(data) + header;
  meta[0] = static_cast<int32_t>(frames.size());
  uint32_t separate_count = 0;
  for (size_t i = 0; i < frames.size(); i++) {
    ReceivedFrame& frame = frames[i];
    int32_t flags = frame.more ? kMore : 0;
    if (frame.size <= kInlineFrameLimit) {
      std::memcpy(out, zmq_msg_data(&frame.msg), frame.size);
      out += frame.size;
      zmq_msg_close(&frame.msg);
    } else {
      flags |= kSeparate;
      napi_set_element(env, separate, separate_count++, BufferFromFrame(env, &frame.msg, data_->zero_copy_frames));
    }
    meta[1 + 2 * i] = static_cast<int32_t>(frame.size);
    meta[2 + 2 * i] = flags;
  }
  frames.clear();
  return chunk;
}

}  // namespace zmqnapi
