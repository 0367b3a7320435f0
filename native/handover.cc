#include "handover.h"

#include <atomic>
#include <cerrno>
#include <cmath>
#include <cstddef>
#include <cstdlib>
#include <new>
#include <string>

#include "addon.h"
#include "errors.h"
#include "message.h"

namespace zmqnapi {

namespace {
// Marks the ArrayBuffers whose memory is a FrameBlock's, so send() can recognise them
// and nothing else is ever taken for one. The last byte is FrameBlock's layout version:
// change it with the layout, so two builds of the addon in one process (different
// package versions) never read each other's blocks.
constexpr napi_type_tag kFrameBlockTag = {0x7a6d712d6e617069ULL, 0x6672616d65626c01ULL};

// The header in front of an allocateFrame() Buffer's bytes. Owned by the Buffer (until
// its finalizer runs) and by every libzmq message made from it; the last one frees it,
// on whichever thread that is, so a message still queued in a context that outlives
// its environment (a worker that exited) reads live memory.
struct alignas(alignof(std::max_align_t)) FrameBlock {
  std::atomic<uint32_t> owners{1};

  unsigned char* bytes() { return reinterpret_cast<unsigned char*>(this + 1); }
  static FrameBlock* Of(void* bytes) { return reinterpret_cast<FrameBlock*>(bytes) - 1; }
};

void Release(FrameBlock* block) {
  if (block->owners.fetch_sub(1, std::memory_order_acq_rel) != 1) return;
  block->~FrameBlock();
  std::free(block);
}

void ReleaseFromZmq(void*, void* hint) { Release(static_cast<FrameBlock*>(hint)); }

// (V8 counts an ArrayBuffer's bytes towards its GC heuristics itself, external or not:
// measured, 3,000 unsent 1 MiB frames peak at the same 250 MB with or without
// napi_adjust_external_memory.)
void ReleaseFromJs(napi_env, void*, void* hint) { Release(static_cast<FrameBlock*>(hint)); }

// Whether this runtime lets send() take the memory away from a Buffer: it must accept
// external memory (Electron's V8 memory cage does not) and detach ArrayBuffers.
bool CanHandOver(napi_env env, AddonData& addon) {
  if (!addon.zero_copy_frames.allowed) return false;
  if (addon.frames_detachable == AddonData::Probe::Unknown) {
    void* data = nullptr;
    napi_value probe = nullptr;
    bool works = napi_create_arraybuffer(env, 1, &data, &probe) == napi_ok &&
                 napi_detach_arraybuffer(env, probe) == napi_ok;
    addon.frames_detachable = works ? AddonData::Probe::Yes : AddonData::Probe::No;
  }
  return addon.frames_detachable == AddonData::Probe::Yes;
}

// An external Buffer over a new FrameBlock, tagged; nullptr (nothing allocated) where
// the runtime refuses external memory.
napi_value NewBlockBuffer(Napi::Env env, AddonData& addon, size_t size) {
  void* memory = std::malloc(sizeof(FrameBlock) + size);
  if (memory == nullptr) {
    throw CodedError(env, ("Cannot allocate a frame of " + std::to_string(size) + " bytes").c_str(), ENOMEM);
  }
  auto* block = new (memory) FrameBlock;
  napi_value buffer = nullptr;
  napi_status status =
      NewExternalBuffer(env, addon.zero_copy_frames, size, block->bytes(), ReleaseFromJs, block, &buffer);
  if (status != napi_ok) {
    Release(block);
    if (status == napi_no_external_buffers_allowed) return nullptr;
    throw Napi::Error::New(env);
  }
  // Untagged, the Buffer is still a good Buffer; send() then copies it.
  if (napi_value arraybuffer = ViewedArrayBuffer(env, buffer)) napi_type_tag_object(env, arraybuffer, &kFrameBlockTag);
  return buffer;
}
}  // namespace

Napi::Value AllocateFrame(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!info[0].IsNumber()) ThrowTypeError(env, "The \"size\" argument must be a number");
  double requested = info[0].As<Napi::Number>().DoubleValue();
  // (The JS wrapper also checks it against the largest Buffer.)
  if (!(requested >= 0 && requested <= 9007199254740991.0) || std::floor(requested) != requested) {
    ThrowRangeError(env, "The \"size\" argument must be a non-negative integer");
  }
  auto size = static_cast<size_t>(requested);
  AddonData& addon = GetAddonData(env);
  if (size >= kHandOverThreshold && CanHandOver(env, addon)) {
    if (napi_value buffer = NewBlockBuffer(env, addon, size)) return Napi::Value(env, buffer);
  }
  return Napi::Buffer<uint8_t>::New(env, size);
}

bool HandOverFrame(napi_env env, napi_value arraybuffer, void* data, size_t length, zmq_msg_t* msg) {
  bool tagged = false;
  void* start = nullptr;
  if (arraybuffer == nullptr ||
      napi_check_object_type_tag(env, arraybuffer, &kFrameBlockTag, &tagged) != napi_ok || !tagged ||
      napi_get_arraybuffer_info(env, arraybuffer, &start, nullptr) != napi_ok || start == nullptr) {
    return false;
  }
  FrameBlock* block = FrameBlock::Of(start);
  block->owners.fetch_add(1, std::memory_order_relaxed);
  if (zmq_msg_init_data(msg, data, length, ReleaseFromZmq, block) != 0) {
    Release(block);
    ThrowZmqError(Napi::Env(env), "allocate message");
  }
  return true;
}

void DetachHandedOver(napi_env env, const napi_value* arraybuffers, size_t count) {
  // A frame can appear twice in one message; detaching twice is harmless.
  for (size_t i = 0; i < count; i++) napi_detach_arraybuffer(env, arraybuffers[i]);
}

}  // namespace zmqnapi
