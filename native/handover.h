#pragma once
#include <napi.h>
#include <zmq.h>

namespace zmqnapi {

// Frames from allocateFrame() at least this large are handed to libzmq without copying
// when sent; smaller ones are plain Buffers and sent by copy, which costs less than an
// external Buffer and its finalizer (docs/performance.md, "Copying rules").
constexpr size_t kHandOverThreshold = 16 * 1024;

// allocateFrame(size) -> Buffer. From kHandOverThreshold up (where the runtime allows
// external memory and detaching), the Buffer's memory is zmq-napi's own, so send() can
// give it to libzmq and detach the Buffer instead of copying it.
Napi::Value AllocateFrame(const Napi::CallbackInfo& info);

// If `arraybuffer` (nullptr allowed) is an allocateFrame() frame's, fills `msg` (empty)
// with `data`, which lies in it, without copying, and returns true: the caller must
// detach `arraybuffer` once the message is sent. For any other memory returns false,
// leaving `msg` alone.
bool HandOverFrame(napi_env env, napi_value arraybuffer, void* data, size_t length, zmq_msg_t* msg);

// Detaches the ArrayBuffers of frames libzmq took, so nothing can write to memory it
// now reads. Called once libzmq accepted the message's first frame: from then on the
// message goes (or goes in part), so no frame of it may stay writable.
void DetachHandedOver(napi_env env, const napi_value* arraybuffers, size_t count);

}  // namespace zmqnapi
