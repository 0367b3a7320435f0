// The calls made once per message or batch (sendFast, sendStaged, receiveChunk) are plain
// functions of the addon taking the socket's id, not class methods. A class method
// reaches its C++ object through ObjectWrap's unwrap, a private-property lookup, plus
// node-addon-api's CallbackInfo; measured, that was half of a 16-byte send. Per-socket
// functions would avoid it too, but cost each socket two functions and their finalizers,
// which doubled the memory a create/close loop settles at.
// Their numbers (the socket's id, receiveChunk's limits) come through call slots, memory
// JS writes as a Uint32Array just before the call: reading an argument as a number costs
// Node-API a type check and a conversion, and every argument adds to napi_get_cb_info;
// together about 6% of an inproc message, sent and received. sendStaged goes further for
// small binary frames: JS copies the bytes into staging memory the addon owns, so the
// call has no argument at all (socket_send.cc); sendStagedMany does the same for a run of
// them in a sendMany() batch.
#include <cerrno>

#include "addon.h"
#include "errors.h"
#include "socket.h"

namespace zmqnapi {

void InitFastMethods(Napi::Env env, Napi::Object exports, AddonData* data) {
  const std::pair<const char*, napi_callback> methods[] = {
      {"sendFast", &SocketWrap::FastSend},
      {"sendStaged", &SocketWrap::FastSendStaged},
      {"sendStagedMany", &SocketWrap::FastSendStagedMany},
      {"sendFrames", &SocketWrap::FastSendFrames},
      {"receiveChunk", &SocketWrap::FastReceiveChunk},
  };
  for (const auto& [name, callback] : methods) {
    napi_value function = nullptr;
    if (napi_create_function(env, name, NAPI_AUTO_LENGTH, callback, data, &function) != napi_ok) {
      throw Napi::Error::New(env, std::string("Could not create the addon's ") + name + " function");
    }
    exports.Set(name, Napi::Value(env, function));
  }
  Napi::ArrayBuffer slots = Napi::ArrayBuffer::New(env, kCallSlots * sizeof(uint32_t));
  data->call_slots = static_cast<uint32_t*>(slots.Data());
  data->call_slots_buffer = Napi::Persistent(slots);
  exports.Set("callSlots", slots);
  Napi::ArrayBuffer staging = Napi::ArrayBuffer::New(env, kStagingBytes);
  data->staging = static_cast<char*>(staging.Data());
  data->staging_buffer = Napi::Persistent(staging);
  exports.Set("sendStaging", staging);
  Napi::ArrayBuffer lengths = Napi::ArrayBuffer::New(env, kStagedFrames * sizeof(uint32_t));
  data->staged_lengths = static_cast<uint32_t*>(lengths.Data());
  data->staged_lengths_buffer = Napi::Persistent(lengths);
  exports.Set("sendStagedLengths", lengths);
}

SocketWrap* SocketWrap::FastTarget(napi_env env, napi_callback_info info, size_t* argc, napi_value* argv) {
  void* data = nullptr;
  uint32_t id = 0;
  if (napi_get_cb_info(env, info, argc, argv, nullptr, &data) != napi_ok || data == nullptr || *argc == 0 ||
      napi_get_value_uint32(env, argv[0], &id) != napi_ok) {
    throw Napi::TypeError::New(env, "The \"socket\" argument must be a socket id");
  }
  return SocketById(env, static_cast<AddonData*>(data), id);
}

SocketWrap* SocketWrap::SlotTarget(napi_env env, napi_callback_info info, size_t* argc, napi_value* argv,
                                   const uint32_t** slots) {
  void* data = nullptr;
  if (napi_get_cb_info(env, info, argc, argv, nullptr, &data) != napi_ok || data == nullptr) {
    throw Napi::TypeError::New(env, "Could not read the call's arguments");
  }
  auto* addon = static_cast<AddonData*>(data);
  *slots = addon->call_slots;
  return SocketById(env, addon, addon->call_slots[kSlotSocket]);
}

SocketWrap* SocketWrap::SocketById(napi_env env, AddonData* addon, uint32_t id) {
  AddonData::RecentSocket& recent = addon->RecentSlot(id);
  if (recent.id == id && recent.socket != nullptr) return recent.socket;
  auto found = addon->sockets_by_id.find(id);
  if (found == addon->sockets_by_id.end()) throw CodedError(env, "Socket is closed", EBADF);
  recent = {id, found->second};
  return found->second;
}

}  // namespace zmqnapi
