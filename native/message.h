#pragma once
#include <napi.h>
#include <zmq.h>

namespace zmqnapi {

// Received frames at least this large are handed to JS without copying (the Buffer
// owns the zmq_msg_t). Smaller ones are copied: measured here, copying a 64 KiB frame
// is 1.2x (tcp) to 7x (inproc) faster overall, because a zero-copy Buffer frees
// libzmq's memory only when V8 collects it, so every new message lands on fresh pages.
// From about 1 MiB the two are even and copying stops paying (docs/performance.md).
constexpr size_t kZeroCopyReceiveThreshold = 1024 * 1024;

// Fills `msg` with a copy of a frame given as a Buffer, TypedArray, DataView,
// ArrayBuffer, string or null (an empty frame). Anything else is a
// TypeError naming `what`. Returns false with a pending JS exception on failure.
void FrameFromValue(Napi::Env env, napi_value value, zmq_msg_t* msg, const char* what);

// A typed array's (Buffer's) bytes without copying; false if `value` is not a typed
// array. The cheapest way to recognise the common case before FrameFromValue.
bool TypedArrayBytes(napi_env env, napi_value value, void** data, size_t* length);

// Moves a received frame into a Buffer; `msg` is left empty either way.
// `allow_external` is false where the runtime refuses external buffers (Electron's
// V8 memory cage), and is cleared when the runtime refuses one.
napi_value BufferFromFrame(napi_env env, zmq_msg_t* msg, bool* allow_external);

}  // namespace zmqnapi
