// Per-socket functions for the two calls made once per message or batch (sendFast,
// receiveChunk). A class method reaches its C++ object through ObjectWrap's unwrap, a
// private-property lookup, plus node-addon-api's CallbackInfo; a plain function whose
// data leads to the socket skips both, which measured as a third of a 16-byte send.
#include <cerrno>
#include <memory>

#include "errors.h"
#include "socket.h"

namespace zmqnapi {

namespace {
using TargetRef = std::shared_ptr<FastSendTarget>;

void ReleaseTarget(napi_env, void* data, void*) { delete static_cast<TargetRef*>(data); }
}  // namespace

void SocketWrap::InstallFastMethods(Napi::Env env, Napi::Object self) {
  fast_target_ = std::make_shared<FastSendTarget>(FastSendTarget{this});
  const std::pair<const char*, napi_callback> methods[] = {
      {"sendFast", &SocketWrap::FastSend},
      {"receiveChunk", &SocketWrap::FastReceiveChunk},
  };
  for (const auto& [name, callback] : methods) {
    auto* holder = new TargetRef(fast_target_);
    napi_value function = nullptr;
    if (napi_create_function(env, name, NAPI_AUTO_LENGTH, callback, holder, &function) != napi_ok ||
        napi_add_finalizer(env, function, holder, ReleaseTarget, nullptr, nullptr) != napi_ok) {
      delete holder;
      throw Napi::Error::New(env, std::string("Could not create the socket's ") + name + " function");
    }
    self.Set(name, Napi::Value(env, function));
  }
}

SocketWrap* SocketWrap::FastTarget(napi_env env, napi_callback_info info, size_t* argc, napi_value* argv) {
  void* data = nullptr;
  if (napi_get_cb_info(env, info, argc, argv, nullptr, &data) != napi_ok || data == nullptr) {
    throw Napi::Error::New(env, "Could not read the call's arguments");
  }
  SocketWrap* socket = (*static_cast<TargetRef*>(data))->socket;
  if (socket == nullptr) throw CodedError(env, "Socket is closed", EBADF);
  return socket;
}

}  // namespace zmqnapi
