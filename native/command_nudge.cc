#include "command_nudge.h"

#include <atomic>
#include <mutex>
#include <unordered_set>

#include "addon.h"
#include "socket.h"

namespace zmqnapi {

namespace {

struct Registration {
  napi_env env = nullptr;
  napi_threadsafe_function tsfn = nullptr;
  // Set when a nudge is queued, cleared when it runs: a burst of nudges queues one call.
  std::atomic<bool> queued{false};
};

// Environments come and go (workers), so the set and the calls into it share one lock:
// an environment leaves the set before its threadsafe function is released, and no call
// can reach a released one.
std::mutex registry_mutex;
std::unordered_set<Registration*>& Registry() {
  static auto* registry = new std::unordered_set<Registration*>();  // never destroyed: used at exit
  return *registry;
}

void ProcessCommands(napi_env env, napi_value, void* context, void*) {
  // Without an env the function is being finalized, possibly after Free: hands off.
  if (env == nullptr) return;
  static_cast<Registration*>(context)->queued.store(false);
  AddonData& data = GetAddonData(Napi::Env(env));
  if (!data.torn_down) LetOwnSocketsProcessCommands(data);
}

void Unregister(void* context) {
  auto* registration = static_cast<Registration*>(context);
  {
    std::lock_guard<std::mutex> lock(registry_mutex);
    Registry().erase(registration);
  }
  napi_release_threadsafe_function(registration->tsfn, napi_tsfn_abort);
}

void Free(napi_env, void* context, void*) { delete static_cast<Registration*>(context); }

}  // namespace

void CommandNudge::Register(Napi::Env env) {
  auto* registration = new Registration();
  registration->env = env;
  napi_value name;
  napi_create_string_utf8(env, "zmq-napi command nudge", NAPI_AUTO_LENGTH, &name);
  if (napi_create_threadsafe_function(env, nullptr, nullptr, name, 0, 1, registration, Free, registration,
                                      ProcessCommands, &registration->tsfn) != napi_ok) {
    delete registration;
    throw Napi::Error::New(env, "zmq-napi: cannot create threadsafe function");
  }
  napi_unref_threadsafe_function(env, registration->tsfn);
  {
    std::lock_guard<std::mutex> lock(registry_mutex);
    Registry().insert(registration);
  }
  // Cleanup hooks run in reverse order of registration; Node closes the threadsafe
  // function in a hook it added just now, so this one runs first and leaves the set in time.
  napi_add_env_cleanup_hook(env, Unregister, registration);
}

void CommandNudge::NudgeOtherEnvironments(Napi::Env env) {
  std::lock_guard<std::mutex> lock(registry_mutex);
  for (Registration* registration : Registry()) {
    if (registration->env == env || registration->queued.exchange(true)) continue;
    if (napi_call_threadsafe_function(registration->tsfn, nullptr, napi_tsfn_nonblocking) != napi_ok) {
      registration->queued.store(false);
    }
  }
}

}  // namespace zmqnapi
