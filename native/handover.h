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

// If `view` (a typed array) shows memory from allocateFrame(), fills `msg` (empty) with
// that memory without copying and returns the ArrayBuffer the caller must detach once
// the message is sent; returns nullptr, leaving `msg` alone, for any other memory.
napi_value HandOverFrame(napi_env env, napi_value view, void* data, size_t length, zmq_msg_t* msg);

// Detaches the ArrayBuffers of frames libzmq took, so nothing can write to memory it
// now reads. Called only after the whole message was sent.
void DetachHandedOver(napi_env env, const napi_value* arraybuffers, size_t count);

}  // namespace zmqnapi
