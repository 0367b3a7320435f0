#pragma once
#include <napi.h>

namespace zmqnapi {

// A closed socket ends only once its inproc peers have processed the closing, and a
// peer processes libzmq's commands only when its own thread uses it. Each JS
// environment (main thread or worker) registers here, so one waiting for such an end can
// ask every other environment to let its sockets process their commands, on its own
// thread, the only one allowed to touch them.
class CommandNudge {
 public:
  // JS thread of `env`, at addon load. The registration does not keep the loop alive.
  static void Register(Napi::Env env);
  // Any JS thread: asks every other registered environment to process its sockets'
  // commands soon (on a later turn of its event loop). Asking twice before it did is
  // asking once.
  static void NudgeOtherEnvironments(Napi::Env env);
};

}  // namespace zmqnapi
