#pragma once
#include <napi.h>
#include <zmq.h>

#include <cstdint>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

namespace zmqnapi {

#if defined(_WIN32)
using ZmqFd = SOCKET;
#else
using ZmqFd = int;
#endif

// Readiness without libuv: one thread per JS environment waits in zmq_poll on the
// ZMQ_FD of every socket that has an operation waiting, and wakes the JS thread
// through a single threadsafe function, passing every ready socket at once.
//
// ZMQ_FD is edge-triggered: it only says "something changed". A socket is therefore
// armed once, reported once and then disarmed; JS checks ZMQ_EVENTS, does what it
// can, and arms again only if it still has to wait.
class Poller {
 public:
  explicit Poller(Napi::Env env) : env_(env) {}
  ~Poller() { Stop(); }

  // JS thread. `keep_alive` decides whether this wait keeps the event loop alive.
  // With `defer_wake` the readiness thread learns of it only at the next PollNow, which
  // the caller promises to run soon: often that poll finds it ready, and the thread
  // need not wake at all.
  void Arm(uint32_t id, ZmqFd fd, bool keep_alive, bool defer_wake = false);
  // JS thread, when a socket closes.
  void Disarm(uint32_t id);
  // JS thread. Every handler receives the array of ready socket ids and ignores the
  // ones it does not own: two copies of the JS facade in one environment (a bundler's
  // duplicate, CJS next to ESM) must not take each other's events.
  void AddHandler(Napi::Function handler) { handlers_.push_back(Napi::Persistent(handler)); }
  // JS thread: a zero-timeout poll of every armed socket, dispatching the ready ones
  // right here. Catches what this thread itself made ready (inproc peers, freed
  // high-water mark) without a round trip through the readiness thread. With
  // `hand_over`, deferred arms still waiting then go to the readiness thread; without,
  // the caller promises another PollNow that hands them over soon. `spinning` says JS
  // polls again on the next turn of the event loop while an answer is due (busy
  // polling): such a poll is counted, and one that finds nothing yields the CPU, which
  // libzmq's I/O threads (under SCHED_BATCH, so never preempting) may be waiting for.
  void PollNow(Napi::Env env, bool hand_over = true, bool spinning = false);
  // JS thread: reports every armed socket as ready, through the threadsafe function so
  // that JS rechecks them on a later turn. For a caller that made sockets process
  // libzmq's commands, which may consume the edge their ZMQ_FD would have shown.
  void ReportAllArmed();
  // How many spinning polls JS has made (see PollNow); for tests and diagnosis.
  uint64_t BusyPollCount() const { return busy_poll_count_; }
  // Environment teardown: joins the thread. Safe to call twice.
  void Stop();

 private:
  void EnsureStarted();
  static void StopHook(void* poller);
  void Wake();
  void Run();
  void SetKeepAliveCount(int count);
  static void CallJs(napi_env env, napi_value, void* context, void*);
  void DispatchReady(Napi::Env env);
  void Dispatch(Napi::Env env, std::vector<uint32_t>& ready);
  // Whether it dispatched any socket.
  bool PollArmed(Napi::Env env);
  void SnapshotArmed(std::vector<zmq_pollitem_t>& items, std::vector<uint32_t>& ids) const;
  // Takes a ready socket out of armed_ (false if it closed or changed meanwhile); caller holds mutex_.
  bool TakeReady(uint32_t id, ZmqFd fd);

  Napi::Env env_;
  std::vector<Napi::FunctionReference> handlers_;
  napi_threadsafe_function tsfn_ = nullptr;
  bool started_ = false;

  // Shared with the poll thread, under mutex_.
  std::mutex mutex_;
  std::unordered_map<uint32_t, ZmqFd> armed_;
  std::vector<uint32_t> ready_;
  bool notify_queued_ = false;
  bool stopping_ = false;

  // JS thread only.
  std::unordered_map<uint32_t, bool> waiting_;  // id -> keeps the loop alive
  int keep_alive_count_ = 0;
  bool wake_deferred_ = false;
  bool tsfn_referenced_ = false;
  uint64_t busy_poll_count_ = 0;

  // A private inproc pair wakes the poll thread when the set of armed sockets
  // changes; it is portable where pipes are not pollable (Windows).
  void* wake_context_ = nullptr;
  void* wake_sender_ = nullptr;    // JS thread
  void* wake_receiver_ = nullptr;  // poll thread
  std::thread thread_;
};

}  // namespace zmqnapi
