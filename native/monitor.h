#pragma once
#include <napi.h>

namespace zmqnapi {

// Registers `monitor`, `monitorOverPub` and `describeErrno` (socket event observers).
void InitMonitor(Napi::Env env, Napi::Object exports);

}  // namespace zmqnapi
