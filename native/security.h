#pragma once
#include <napi.h>

namespace zmqnapi {

// Registers `curvePublic`, `z85Encode` and `z85Decode`.
void InitSecurity(Napi::Env env, Napi::Object exports);

}  // namespace zmqnapi
