#include "message.h"

#include <cstring>
#include <string>

#include "errors.h"
#include "handover.h"

namespace zmqnapi {

namespace {
size_t TypedArrayElementSize(napi_typedarray_type type) {
  switch (type) {
    case napi_int16_array:
    case napi_uint16_array:
      return 2;
    case napi_int32_array:
    case napi_uint32_array:
    case napi_float32_array:
      return 4;
    case napi_float64_array:
    case napi_bigint64_array:
    case napi_biguint64_array:
      return 8;
    default:
      return 1;
  }
}

void CopyBytes(Napi::Env env, const void* data, size_t length, zmq_msg_t* msg) {
  if (zmq_msg_init_size(msg, length) != 0) ThrowZmqError(env, "allocate message");
  if (length > 0) std::memcpy(zmq_msg_data(msg), data, length);
}

// A detached buffer reads as empty; sending it is a mistake (most often a frame from
// allocateFrame() sent twice), not an empty frame.
void ThrowIfDetached(Napi::Env env, napi_value arraybuffer, const char* what) {
  bool detached = false;
  if (arraybuffer != nullptr && napi_is_detached_arraybuffer(env, arraybuffer, &detached) == napi_ok && detached) {
    ThrowTypeError(env, std::string("The \"") + what +
                            "\" argument is detached (its memory was transferred, or handed over by an earlier "
                            "send: a frame from allocateFrame() can be sent only once)");
  }
}

// A frame handed to JS without copying: the Buffer's memory is the message's.
struct HandedOverFrame {
  zmq_msg_t msg;
  std::shared_ptr<std::atomic<size_t>> pending_bytes;
};

void FreeHandedOverFrame(napi_env, void*, void* hint) {
  auto* frame = static_cast<HandedOverFrame*>(hint);
  *frame->pending_bytes -= zmq_msg_size(&frame->msg);
  zmq_msg_close(&frame->msg);
  delete frame;
}

// A frame's bytes, viewed in `arraybuffer`: handed over when they are allocateFrame()
// memory and `handed_over` allows it, else copied; refused when the buffer is detached.
void FrameFromBinary(Napi::Env env, napi_value arraybuffer, void* data, size_t length, zmq_msg_t* msg,
                     const char* what, std::vector<napi_value>* handed_over) {
  if (length == 0) ThrowIfDetached(env, arraybuffer, what);
  if (handed_over != nullptr && length >= kHandOverThreshold && HandOverFrame(env, arraybuffer, data, length, msg)) {
    handed_over->push_back(arraybuffer);
    return;
  }
  CopyBytes(env, data, length, msg);
}

// A typed array's (Buffer's) bytes without copying; false if `value` is not a typed
// array.
bool TypedArrayBytes(napi_env env, napi_value value, void** data, size_t* length) {
  napi_typedarray_type type;
  size_t elements = 0;
  if (napi_get_typedarray_info(env, value, &type, &elements, data, nullptr, nullptr) != napi_ok) return false;
  *length = elements * TypedArrayElementSize(type);
  return true;
}

}  // namespace

napi_value ViewedArrayBuffer(napi_env env, napi_value view) {
  napi_value arraybuffer = nullptr;
  napi_get_typedarray_info(env, view, nullptr, nullptr, nullptr, &arraybuffer, nullptr);
  return arraybuffer;
}

bool ShortStringBytes(napi_env env, napi_value value, char* buffer, size_t* length) {
  // Node-API writes whole characters only, and a NUL after them, so a string that did
  // not fit stops at least one character (up to 4 bytes) short of the buffer's end.
  constexpr size_t kLongestCharacter = 4;
  return napi_get_value_string_utf8(env, value, buffer, kShortStringBytes, length) == napi_ok &&
         *length + 1 + kLongestCharacter <= kShortStringBytes;
}

void FrameFromValue(Napi::Env env, napi_value value, zmq_msg_t* msg, const char* what,
                    std::vector<napi_value>* handed_over) {
  void* data;
  size_t length;
  // Buffers and typed arrays, by far the most common frames, first.
  if (TypedArrayBytes(env, value, &data, &length)) {
    // Only an empty or a large frame needs its ArrayBuffer: skip the call otherwise.
    bool needs_arraybuffer = length == 0 || (handed_over != nullptr && length >= kHandOverThreshold);
    FrameFromBinary(env, needs_arraybuffer ? ViewedArrayBuffer(env, value) : nullptr, data, length, msg, what,
                    handed_over);
    return;
  }
  // Stays undefined (a TypeError below) if Node-API refuses the call during shutdown.
  napi_valuetype type = napi_undefined;
  napi_typeof(env, value, &type);

  if (type == napi_object) {
    bool is_arraybuffer = false;
    napi_is_arraybuffer(env, value, &is_arraybuffer);
    if (is_arraybuffer) {
      napi_get_arraybuffer_info(env, value, &data, &length);
      FrameFromBinary(env, value, data, length, msg, what, handed_over);
      return;
    }
    bool is_dataview = false;
    napi_is_dataview(env, value, &is_dataview);
    if (is_dataview) {
      napi_value arraybuffer = nullptr;
      napi_get_dataview_info(env, value, &length, &data, &arraybuffer, nullptr);
      FrameFromBinary(env, arraybuffer, data, length, msg, what, handed_over);
      return;
    }
  } else if (type == napi_string) {
    char short_text[kShortStringBytes];
    if (ShortStringBytes(env, value, short_text, &length)) {
      CopyBytes(env, short_text, length, msg);
      return;
    }
    napi_get_value_string_utf8(env, value, nullptr, 0, &length);
    // napi always writes a terminating NUL, which the frame must not contain, so the
    // text goes through a scratch buffer one byte longer than the frame.
    std::string text(length + 1, '\0');
    napi_get_value_string_utf8(env, value, &text[0], text.size(), &length);
    CopyBytes(env, text.data(), length, msg);
    return;
  } else if (type == napi_null) {
    zmq_msg_init(msg);
    return;
  }
  ThrowTypeError(env, std::string("The \"") + what +
                          "\" argument must be a Buffer, TypedArray, DataView, ArrayBuffer, "
                          "SharedArrayBuffer, string, number or null");
}

napi_status NewExternalBuffer(napi_env env, ZeroCopyFrames& zero_copy, size_t length, void* data,
                              napi_finalize finalize, void* hint, napi_value* result) {
#ifdef ZMQ_NAPI_SIMULATE_NO_EXTERNAL_BUFFERS
  napi_status status = napi_no_external_buffers_allowed;
#else
  napi_status status = napi_create_external_buffer(env, length, data, finalize, hint, result);
#endif
  // Any other failure (an environment shutting down) says nothing about the runtime.
  if (status == napi_no_external_buffers_allowed) zero_copy.allowed = false;
  return status;
}

napi_value BufferFromFrame(napi_env env, zmq_msg_t* msg, ZeroCopyFrames& zero_copy) {
  const size_t length = zmq_msg_size(msg);
  napi_value result = nullptr;
  if (length >= kZeroCopyReceiveThreshold && zero_copy.allowed &&
      *zero_copy.pending_bytes + length <= kZeroCopyPendingLimit) {
    auto* frame = new HandedOverFrame{{}, zero_copy.pending_bytes};
    zmq_msg_init(&frame->msg);
    zmq_msg_move(&frame->msg, msg);
    if (NewExternalBuffer(env, zero_copy, length, zmq_msg_data(&frame->msg), FreeHandedOverFrame, frame,
                          &result) == napi_ok) {
      *zero_copy.pending_bytes += length;
      return result;
    }
    zmq_msg_move(msg, &frame->msg);
    zmq_msg_close(&frame->msg);
    delete frame;
  }
  void* copy_target;
  napi_create_buffer_copy(env, length, zmq_msg_data(msg), &copy_target, &result);
  zmq_msg_close(msg);
  zmq_msg_init(msg);
  return result;
}

}  // namespace zmqnapi
