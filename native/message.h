#pragma once
#include <napi.h>
#include <zmq.h>

#include <atomic>
#include <memory>
#include <vector>

namespace zmqnapi {

// Received frames at least this large are handed to JS without copying (the Buffer
// owns the zmq_msg_t). Smaller ones are copied: measured here, copying a 64 KiB frame
// was 1.2x (tcp) to 7x (inproc) faster overall, because a zero-copy Buffer frees
// libzmq's memory only when V8 collects it, so every new message landed on fresh pages.
// With libzmq's block cache (native/libzmq) those pages stay mapped, but come back cold
// after a garbage collection: handing over from 32 KiB then measured even over tcp and
// slower over ipc. From about 1 MiB the two are even and copying stops paying
// (docs/performance.md).
constexpr size_t kZeroCopyReceiveThreshold = 1024 * 1024;

// How many bytes of frames handed over without copying may wait for their finalizers.
// Node runs those on a later turn of the event loop, and a receive loop that always
// finds its next message ready never gets there: without a bound, every frame it
// received stayed in memory (5,000 x 1 MiB over inproc: 5 GB). Past the bound, frames
// are copied into memory V8 frees by itself.
constexpr size_t kZeroCopyPendingLimit = 64 * 1024 * 1024;

// One environment's frames handed over without copying.
struct ZeroCopyFrames {
  // False where the runtime refuses external buffers (Electron's V8 memory cage);
  // cleared when the runtime refuses one.
  bool allowed = true;
  // Bytes of those frames not yet finalized. Shared with each frame, so a finalizer
  // run while the environment is torn down never reaches freed addon data.
  std::shared_ptr<std::atomic<size_t>> pending_bytes = std::make_shared<std::atomic<size_t>>(0);
};

// napi_create_external_buffer, remembering in `zero_copy` when the runtime refuses
// external memory (Electron's V8 memory cage, which test builds with
// ZMQ_NAPI_SIMULATE_NO_EXTERNAL_BUFFERS imitate) so later frames are copied at once.
napi_status NewExternalBuffer(napi_env env, ZeroCopyFrames& zero_copy, size_t length, void* data,
                              napi_finalize finalize, void* hint, napi_value* result);

// Fills `msg` (empty) with a copy of a frame given as a Buffer, TypedArray, DataView,
// ArrayBuffer, string or null (an empty frame). Anything else, or a detached buffer,
// is a TypeError naming `what`. With `handed_over`, a typed array over memory from
// allocateFrame() is not copied but handed over, and its ArrayBuffer appended there
// (to be detached once the message is sent).
void FrameFromValue(Napi::Env env, napi_value value, zmq_msg_t* msg, const char* what,
                    std::vector<napi_value>* handed_over = nullptr);

// Room for the UTF-8 of strings sent without a heap allocation (see ShortStringBytes).
constexpr size_t kShortStringBytes = 512;

// A string's UTF-8 written into `buffer` (kShortStringBytes long); false if `value` is
// not a string or its UTF-8 may not fit.
bool ShortStringBytes(napi_env env, napi_value value, char* buffer, size_t* length);

// The ArrayBuffer a typed array views; nullptr if `view` is not one.
napi_value ViewedArrayBuffer(napi_env env, napi_value view);

// Moves a received frame into a Buffer, without copying where `zero_copy` allows;
// `msg` is left empty either way.
napi_value BufferFromFrame(napi_env env, zmq_msg_t* msg, ZeroCopyFrames& zero_copy);

}  // namespace zmqnapi
