#pragma once
#include <atomic>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

namespace zmqnapi {

// A libzmq context shared by reference count between its Context wrapper and every
// socket created on it, so it is terminated only after its last socket is closed,
// whatever order the garbage collector finalizes them in.
class ZmqContext {
 public:
  // A private context (a user's `new Context()`).
  static ZmqContext* Create();
  // The process-wide context behind the exported `context`: shared by every
  // worker thread, so inproc endpoints connect across workers.
  static ZmqContext* AcquireShared();

  void* raw() const { return raw_; }
  // zmq_socket on this context. The first call starts libzmq's threads: under
  // SCHED_BATCH unless the user chose their scheduling, and not at all (nullptr, errno
  // set, *refused true) if the system would refuse what the user chose (see
  // io_thread_scheduling.h).
  void* CreateSocket(int type, bool* refused);
  // Records ZMQ_THREAD_SCHED_POLICY / ZMQ_THREAD_PRIORITY, set by the user.
  void ChooseScheduling(int option, int value);
  void Ref() { refs_.fetch_add(1, std::memory_order_relaxed); }
  // Dropping the last reference starts zmq_ctx_term on a thread of its own: it blocks
  // while closed sockets linger, which must never block the JS thread.
  void Unref(class Terminations& terminations);

 private:
  ZmqContext(void* raw, bool shared) : raw_(raw), shared_(shared) {}
  void* raw_;
  bool shared_;
  std::atomic<int> refs_{1};
  std::mutex start_mutex_;
  bool threads_started_ = false;
  int chosen_policy_ = -1;
  int chosen_priority_ = -1;
};

// The context terminations an environment started; its cleanup waits for them so
// queued messages are delivered before exit, and says once that it is waiting.
class Terminations {
 public:
  void Start(void* raw_context);
  void WaitAll();
  ~Terminations() { WaitAll(); }

 private:
  struct Pending {
    std::thread thread;
    std::shared_future<void> done;
  };
  std::vector<Pending> pending_;
};

}  // namespace zmqnapi
