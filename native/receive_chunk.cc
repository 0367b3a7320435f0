// The receive fast path: one native call drains up to `max` messages into a single
// ArrayBuffer, so JS pays one allocation per batch instead of one per message and
// builds the frames as views on it.
//
// Layout of the returned ArrayBuffer (native byte order):
//   int32 frames
//   int32 size, int32 flags   per frame (flags: kMore | kSeparate)
//   payload of the inline frames, back to back, from a 8-byte aligned offset
// Frames too large to share a chunk are passed as their own Buffers through `separate`.
#include <zmq.h>

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

}  // namespace

// receiveChunk(max, separate: Buffer[]) -> ArrayBuffer | undefined, a per-socket
// function (fast_methods.cc): called once per batch, and per message while the
// receiver keeps up.
napi_value SocketWrap::FastReceiveChunk(napi_env raw_env, napi_callback_info info) {
  return CatchErrors(raw_env, [&] {
    size_t argc = 2;
    napi_value args[2] = {nullptr, nullptr};
    SocketWrap* self = FastTarget(raw_env, info, &argc, args);
    uint32_t max = 256;
    if (argc > 0 && napi_get_value_uint32(raw_env, args[0], &max) != napi_ok) max = 256;
    bool is_array = false;
    if (argc < 2 || napi_is_array(raw_env, args[1], &is_array) != napi_ok || !is_array) {
      throw Napi::TypeError::New(raw_env, "The \"separate\" argument must be an array");
    }
    return self->ReceiveChunk(Napi::Env(raw_env), max, args[1]);
  });
}

napi_value SocketWrap::ReceiveChunk(Napi::Env env, uint32_t max, napi_value separate) {
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
  void* data = nullptr;
  napi_value chunk = nullptr;
  if (napi_create_arraybuffer(env, header + payload, &data, &chunk) != napi_ok || data == nullptr) {
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
      napi_set_element(env, separate, separate_count++, BufferFromFrame(env, msg, &data_->allow_external_buffers));
    }
    meta[1 + 2 * i] = static_cast<int32_t>(size);
    meta[2 + 2 * i] = flags;
  }
  frames.clear();
  return chunk;
}

}  // namespace zmqnapi
