#pragma once
#include <napi.h>

#include <array>
#include <cstdint>
#include <unordered_map>
#include <unordered_set>

#include "message.h"
#include "poller.h"
#include "zmq_context.h"

namespace zmqnapi {

class SocketWrap;

// Everything the addon keeps per JS environment (main thread or worker), so several
// environments can load it at once and each cleans up after itself.
struct AddonData {
  explicit AddonData(Napi::Env env) : poller(env) {}

  // Environment teardown: stop readiness, close what the program left open, then
  // wait for the contexts to finish delivering (saying so once if that takes long).
  void Teardown();

  Napi::FunctionReference context_constructor;
  Napi::FunctionReference socket_constructor;
  Poller poller;
  Terminations terminations;
  std::unordered_set<SocketWrap*> sockets;
  // Every socket object alive, open or closed, by id: how sendFast/receiveChunk find it.
  std::unordered_map<uint32_t, SocketWrap*> sockets_by_id;
  // Sockets found there lately, at their id modulo the size: a loop on one socket, or
  // sending on one and receiving on another (an inproc pair in one thread), skips the
  // hash lookup, whose bucket division showed in profiles. Ids are handed out in
  // sequence, so sockets made together take different entries. Cleared with the socket.
  struct RecentSocket {
    uint32_t id = 0;
    SocketWrap* socket = nullptr;
  };
  static constexpr uint32_t kRecentSockets = 16;
  std::array<RecentSocket, kRecentSockets> recent_sockets{};
  RecentSocket& RecentSlot(uint32_t id) { return recent_sockets[id % kRecentSockets]; }
  std::unordered_set<class ContextWrap*> contexts;
  uint32_t next_socket_id = 1;
  ZeroCopyFrames zero_copy_frames;
  // Whether this runtime can detach an ArrayBuffer (handover.cc), tried once.
  enum class Probe : uint8_t { Unknown, Yes, No };
  Probe frames_detachable = Probe::Unknown;
  bool torn_down = false;
  // The numbers sendFast and receiveChunk take, which JS writes into this memory (the
  // ArrayBuffer exported as callSlots) instead of passing them (fast_methods.cc).
  Napi::Reference<Napi::ArrayBuffer> call_slots_buffer;
  uint32_t* call_slots = nullptr;
  // Where JS copies small binary frames for sendStaged and sendStagedMany, and the
  // sizes of those sendStagedMany sends (fast_methods.cc).
  Napi::Reference<Napi::ArrayBuffer> staging_buffer;
  char* staging = nullptr;
  Napi::Reference<Napi::ArrayBuffer> staged_lengths_buffer;
  uint32_t* staged_lengths = nullptr;
};

// What each of AddonData::call_slots holds for the call that follows.
enum CallSlot : uint32_t {
  kSlotSocket,    // sendFast, sendStaged, receiveChunk: the socket's id
  kSlotMax,       // receiveChunk: the most messages to take
  kSlotOffset,    // receiveChunk: where the batch may start in the pool
  kSlotPoolSize,  // receiveChunk: the size of a new pool
  kSlotLength,    // sendStaged: how many bytes JS staged; sendStagedMany: how many frames
  kCallSlots
};

// The size of the staging memory, and the most frames one sendStagedMany sends: a batch
// of small frames sends in calls of up to this many bytes or frames.
constexpr uint32_t kStagingBytes = 64 * 1024;
constexpr uint32_t kStagedFrames = 256;

// Adds sendFast, sendStaged, sendStagedMany, sendFrames and receiveChunk (fast_methods.cc) to the exports.
void InitFastMethods(Napi::Env env, Napi::Object exports, AddonData* data);

inline AddonData& GetAddonData(Napi::Env env) { return *env.GetInstanceData<AddonData>(); }

}  // namespace zmqnapi
