#pragma once
#include <napi.h>

#include <string>

#include "addon.h"
#include "errors.h"
#include "socket.h"

namespace zmqnapi {

// The SocketWrap behind a JS argument, or a TypeError naming the argument: features
// built on sockets (monitor, proxy) take the native socket object.
inline SocketWrap* SocketArgument(Napi::Env env, const Napi::Value& value, const char* name) {
  if (!value.IsObject() ||
      !value.As<Napi::Object>().InstanceOf(GetAddonData(env).socket_constructor.Value())) {
    ThrowTypeError(env, std::string("The \"") + name + "\" argument must be a Socket");
  }
  return SocketWrap::Unwrap(value.As<Napi::Object>());
}

}  // namespace zmqnapi
