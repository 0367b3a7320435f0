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

// receiveChunk(socketId, max, separate: Buffer[], pool?, offset?, poolSize?) -> the
// ArrayBuffer holding the batch at `offset` (`pool` itself when the batch fit after
// `offset`, else a new pool of at least `poolSize` bytes holding it at 0), or undefined
// when nothing was waiting. An addon function (fast_methods.cc): called once per batch,
// and per message while the receiver keeps up.
// JS passes the end of what it has handed out, so earlier views are never written over.
napi_value SocketWrap::FastReceiveChunk(napi_env raw_env, napi_callback_info info) {
  return CatchErrors(raw_env, [&] {
    size_t argc = 6;
    napi_value raw_args[6] = {nullptr, nullptr, nullptr, nullptr, nullptr, nullptr};
    SocketWrap* self = FastTarget(raw_env, info, &argc, raw_args);
    // The arguments after the socket id.
    napi_value* args = raw_args + 1;
    argc--;
    uint32_t max = kDefaultReceiveBatch;
    if (argc > 0 && napi_get_value_uint32(raw_env, args[0], &max) != napi_ok) max = kDefaultReceiveBatch;
    bool is_array = false;
    if (argc < 2 || napi_is_array(raw_env, args[1], &is_array) != napi_ok || !is_array) {
      throw Napi::TypeError::New(raw_env, "The \"separate\" argument must be an array");
    }
    PoolSpace pool;
    bool is_arraybuffer = false;
    if (argc > 3 && napi_is_arraybuffer(raw_env, args[2], &is_arraybuffer) == napi_ok && is_arraybuffer) {
      uint32_t offset = 0;
      void* data = nullptr;
      size_t length = 0;
      if (napi_get_value_uint32(raw_env, args[3], &offset) == napi_ok && offset % 8 == 0 &&
          napi_get_arraybuffer_info(raw_env, args[2], &data, &length) == napi_ok && data != nullptr && offset <= length) {
        pool = PoolSpace{args[2], static_cast<char*>(data) + offset, length - offset};
      }
    }
    uint32_t pool_size = 0;
    if (argc > 4 && napi_get_value_uint32(raw_env, args[4], &pool_size) == napi_ok) {
      pool.new_size = std::min(pool_size, kMaxPoolSize);
    }
    return self->ReceiveChunk(Napi::Env(raw_env), max, args[1], pool);
  });
}

napi_value SocketWrap::ReceiveChunk(Napi::Env env, uint32_t max, napi_value separate, const PoolSpace& pool) {
  void* socket = Live(env);
  if (max == 0) max = 1;

  std::vector<zmq_msg_t>& frames = received_;
  frames.clear();
  size_t payload = 0;
  uint32_t messages = 0;
  int failure = 0;
  while (messages < max && payload < kChunkPayloadLimit) {
    frames.emplace_back();
    zmq_msg_t* msg = &frames.back();
    zmq_msg_init(msg);
    if (ReceiveFrame(socket, msg) < 0) {
      zmq_msg_close(msg);
      frames.pop_back();
      // After a message an error only ends the batch (REQ/REP refuse a second receive
      // with EFSM until they send); a lasting one surfaces on the next call.
      if (zmq_errno() != EAGAIN && messages == 0) failure = zmq_errno();
      break;
    }
    // The rest of a multipart message is already here once its first frame is.
    for (;;) {
      size_t size = zmq_msg_size(&frames.back());
      if (size <= kInlineFrameLimit) payload += size;
      if (!zmq_msg_more(&frames.back())) break;
      frames.emplace_back();
      zmq_msg_init(&frames.back());
      if (ReceiveFrame(socket, &frames.back()) < 0) {
        failure = zmq_errno();
        break;
      }
    }
    if (failure != 0) break;
    messages++;
  }
  if (failure != 0) {
    for (auto& frame : frames) zmq_msg_close(&frame);
    frames.clear();
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
    for (auto& frame : frames) zmq_msg_close(&frame);
    frames.clear();
    return env.Undefined();
  }
  auto* meta = static_cast<int32_t*>(data);
  auto* out = static_cast<char*>(data) + header;
  meta[0] = static_cast<int32_t>(frames.size());
  uint32_t separate_count = 0;
  for (size_t i = 0; i < frames.size(); i++) {
    zmq_msg_t* msg = &frames[i];
    const size_t size = zmq_msg_size(msg);
    int32_t flags = zmq_msg_more(msg) ? kMore : 0;
    if (size <= kInlineFrameLimit) {
      std::memcpy(out, zmq_msg_data(msg), size);
      out += size;
      zmq_msg_close(msg);
    } else {
      flags |= kSeparate;
      napi_set_element(env, separate, separate_count++, BufferFromFrame(env, msg, data_->zero_copy_frames));
    }
    meta[1 + 2 * i] = static_cast<int32_t>(size);
    meta[2 + 2 * i] = flags;
  }
  frames.clear();
  return chunk;
}

}  // namespace zmqnapi
