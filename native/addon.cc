// Module entry: registers the native classes and functions for one JS environment.
#include "addon.h"

#include <zmq.h>

#include <string>

#include "command_nudge.h"
#include "context.h"
#include "errors.h"
#include "handover.h"
#include "monitor.h"
#include "proxy.h"
#include "security.h"
#include "socket.h"

namespace zmqnapi {

void AddonData::Teardown() {
  torn_down = true;
  poller.Stop();
  // Copies: closing a socket removes it from the set.
  auto open_sockets = sockets;
  for (SocketWrap* socket : open_sockets) socket->CloseNow();
  for (ContextWrap* context : contexts) context->Release();
  terminations.WaitAll();
}

namespace {

Napi::Value Version(Napi::Env env) {
  int major, minor, patch;
  zmq_version(&major, &minor, &patch);
  return Napi::String::New(env, std::to_string(major) + "." + std::to_string(minor) + "." +
                                    std::to_string(patch));
}

Napi::Object Capabilities(Napi::Env env) {
  auto capability = Napi::Object::New(env);
  for (const char* name : {"ipc", "pgm", "tipc", "norm", "curve", "gssapi"}) {
    capability.Set(name, Napi::Boolean::New(env, zmq_has(name) != 0));
  }
#ifdef ZMQ_BUILD_DRAFT_API
  // Draft sockets need both: a libzmq built with them, and this addon compiled against
  // their declarations.
  bool draft = zmq_has("draft") != 0;
#else
  bool draft = false;
#endif
  capability.Set("draft", Napi::Boolean::New(env, draft));
  // libzmq 4.3.4 only recognises "WS"/"WSS" in upper case; later releases in lower.
  const struct {
    const char* name;
    const char* upper;
  } transports[] = {{"ws", "WS"}, {"wss", "WSS"}, {"vmci", "VMCI"}};
  for (const auto& transport : transports) {
    bool has = zmq_has(transport.name) != 0 || zmq_has(transport.upper) != 0;
    capability.Set(transport.name, Napi::Boolean::New(env, has));
  }
  // libzmq's udp transport exists only for the draft RADIO/DISH and DGRAM sockets.
  capability.Set("udp", Napi::Boolean::New(env, draft));
  return capability;
}

Napi::Value CurveKeyPair(const Napi::CallbackInfo& info) {
  char public_key[41], secret_key[41];
  if (zmq_curve_keypair(public_key, secret_key) != 0) ThrowZmqError(info.Env(), "curve keypair");
  auto pair = Napi::Object::New(info.Env());
  pair.Set("publicKey", Napi::String::New(info.Env(), public_key));
  pair.Set("secretKey", Napi::String::New(info.Env(), secret_key));
  return pair;
}

void AddReadyHandler(const Napi::CallbackInfo& info) {
  if (!info[0].IsFunction()) ThrowTypeError(info.Env(), "The \"handler\" argument must be a function");
  GetAddonData(info.Env()).poller.AddHandler(info[0].As<Napi::Function>());
}

// pollNow(handOver = true, spinning = false): see Poller::PollNow.
void PollNow(const Napi::CallbackInfo& info) {
  bool hand_over = info.Length() == 0 || info[0].ToBoolean().Value();
  bool spinning = info.Length() > 1 && info[1].ToBoolean().Value();
  GetAddonData(info.Env()).poller.PollNow(info.Env(), hand_over, spinning);
}

Napi::Value BusyPollCount(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), static_cast<double>(GetAddonData(info.Env()).poller.BusyPollCount()));
}

// handedOverBytes(): bytes of received frames handed to JS without a copy and not yet
// finalized; for tests and diagnosis of the copying rules (docs/performance.md).
Napi::Value HandedOverBytes(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), static_cast<double>(GetAddonData(info.Env()).zero_copy_frames.pending_bytes->load()));
}

// processCommandsEverywhere(): for an observer waiting for the end of a closed socket,
// which libzmq reports only once the socket's inproc peers, idle sockets of this or of
// another thread among them, have processed its closing.
void ProcessCommandsEverywhere(const Napi::CallbackInfo& info) {
  LetOwnSocketsProcessCommands(GetAddonData(info.Env()));
  CommandNudge::NudgeOtherEnvironments(info.Env());
}

void TeardownHook(void* data) { static_cast<AddonData*>(data)->Teardown(); }

}  // namespace

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  auto* data = new AddonData(env);
  env.SetInstanceData<AddonData>(data);
  napi_add_env_cleanup_hook(env, TeardownHook, data);
  CommandNudge::Register(env);

  Napi::Function context = ContextWrap::Define(env);
  Napi::Function socket = SocketWrap::Define(env);
  data->context_constructor = Napi::Persistent(context);
  data->socket_constructor = Napi::Persistent(socket);

  exports.Set("Context", context);
  exports.Set("Socket", socket);
  exports.Set("version", Version(env));
  exports.Set("capability", Capabilities(env));
#ifdef ZMQ_NAPI_BUNDLED_LIBZMQ
  exports.Set("bundledLibzmq", Napi::Boolean::New(env, true));
#else
  exports.Set("bundledLibzmq", Napi::Boolean::New(env, false));
#endif
  exports.Set("curveKeyPair", Napi::Function::New<CurveKeyPair>(env, "curveKeyPair"));
  exports.Set("addReadyHandler", Napi::Function::New<AddReadyHandler>(env, "addReadyHandler"));
  exports.Set("pollNow", Napi::Function::New<PollNow>(env, "pollNow"));
  exports.Set("allocateFrame", Napi::Function::New<AllocateFrame>(env, "allocateFrame"));
  exports.Set("handOverThreshold", Napi::Number::New(env, static_cast<double>(kHandOverThreshold)));
  exports.Set("busyPollCount", Napi::Function::New<BusyPollCount>(env, "busyPollCount"));
  exports.Set("handedOverBytes", Napi::Function::New<HandedOverBytes>(env, "handedOverBytes"));
  exports.Set("processCommandsEverywhere",
              Napi::Function::New<ProcessCommandsEverywhere>(env, "processCommandsEverywhere"));
  InitFastMethods(env, exports, data);
  // socket events, proxies, security helpers.
  InitMonitor(env, exports);
  exports.Set("Proxy", ProxyWrap::Define(env));
  InitSecurity(env, exports);
  return exports;
}

}  // namespace zmqnapi

// The registration macro pastes the function name into an identifier, so it needs an
// unqualified one.
static Napi::Object InitZmqNapi(Napi::Env env, Napi::Object exports) {
  return zmqnapi::Init(env, exports);
}

NODE_API_MODULE(zmq_napi, InitZmqNapi)
