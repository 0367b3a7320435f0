#pragma once
#include <napi.h>

#include <array>
#include <cstdint>
#include <deque>
#include <future>
#include <memory>
#include <thread>

#include "socket.h"
#include "zmq_context.h"

namespace zmqnapi {

struct AddonData;

// zmq_proxy_steerable on a thread of its own (never the libuv pool, which file I/O and
// other proxies need). While it runs, its sockets are lent to that thread; JS steers it
// through an inproc PAIR control pair and learns of its end through a threadsafe
// function that settles run()'s promise.
class ProxyWrap : public Napi::ObjectWrap<ProxyWrap>, public SocketBorrower {
 public:
  static Napi::Function Define(Napi::Env env);
  explicit ProxyWrap(const Napi::CallbackInfo& info);
  ~ProxyWrap() override;

  // Closing a proxied socket, or environment teardown: terminate and wait.
  void GiveBack() override;

 private:
  enum class State { Idle, Running, Finished };

  Napi::Value Run(const Napi::CallbackInfo& info);
  void Pause(const Napi::CallbackInfo& info);
  void Resume(const Napi::CallbackInfo& info);
  void Terminate(const Napi::CallbackInfo& info);
  void RequestStatistics(const Napi::CallbackInfo& info);
  Napi::Value TakeStatistics(const Napi::CallbackInfo& info);
  // Moves every complete STATISTICS reply off the control socket.
  void ReadStatistics();
  int SendControl(const char* command);
  void Command(Napi::Env env, const char* command, const char* operation);

  void OpenControl(Napi::Env env, ZmqContext* context);
  void CloseControl();
  void Main(void* front, void* back, void* capture, napi_threadsafe_function tsfn);
  // JS thread, once the proxy thread has ended: join it and take the sockets back.
  void Reclaim();
  static void CallJs(napi_env env, napi_value, void* context, void*);
  void Settle(napi_env env);

  AddonData* data_;
  State state_ = State::Idle;
  SocketWrap* lent_[3] = {nullptr, nullptr, nullptr};
  ZmqContext* control_context_ = nullptr;
  void* control_send_ = nullptr;     // JS thread
  void* control_receive_ = nullptr;  // proxy thread
  std::thread thread_;
  std::future<void> ended_;
  napi_threadsafe_function tsfn_ = nullptr;
  napi_deferred deferred_ = nullptr;
  // STATISTICS replies read off the control socket (also just before it closes, so that
  // requests the proxy answered before it ended still get their answer), oldest first.
  std::deque<std::array<uint64_t, 8>> statistics_;
  // Written by the proxy thread before it signals; read after.
  int result_ = 0;
  int error_ = 0;
};

}  // namespace zmqnapi
