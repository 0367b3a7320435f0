#pragma once
#include <napi.h>
#include <zmq.h>

namespace zmqnapi {

// Received frames at least this large are handed to JS without copying (the Buffer
// owns the zmq_msg_t); smaller ones are copied, which is cheaper than tracking them.
constexpr size_t kZeroCopyReceiveThreshold = 32 * 1024;

// Fills `msg` with a copy of a frame given as a Buffer, TypedArray, DataView,
// ArrayBuffer, string or null (an empty frame). Anything else is a
// TypeError naming `what`. Returns false with a pending JS exception on failure.
void FrameFromValue(Napi::Env env, napi_value value, zmq_msg_t* msg, const char* what);

// Moves a received frame into a Buffer; `msg` is left empty either way.
// `allow_external` is false where the runtime refuses external buffers (Electron's
// V8 memory cage), and is cleared when the runtime refuses one.
napi_value BufferFromFrame(napi_env env, zmq_msg_t* msg, bool* allow_external);

}  // namespace zmqnapi
