#include "zmq_context.h"

#include "fd_headroom.h"
#include "io_thread_scheduling.h"
#include "signals.h"

#include <zmq.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <mutex>

namespace zmqnapi {

namespace {
// The one deliberate process-wide state: the shared context. It is guarded by a
// mutex because worker threads acquire and release it concurrently.
std::mutex shared_mutex;
ZmqContext* shared_context = nullptr;

constexpr auto kWarnAfter = std::chrono::milliseconds(1000);
}  // namespace

ZmqContext* ZmqContext::Create() {
  void* raw = zmq_ctx_new();
  return raw == nullptr ? nullptr : new ZmqContext(raw, false);
}

ZmqContext* ZmqContext::AcquireShared() {
  std::lock_guard<std::mutex> lock(shared_mutex);
  if (shared_context == nullptr) {
    void* raw = zmq_ctx_new();
    if (raw == nullptr) return nullptr;
    shared_context = new ZmqContext(raw, true);
  } else {
    shared_context->Ref();
  }
  return shared_context;
}

void* ZmqContext::CreateSocket(int type, bool* refused) {
  *refused = false;
  std::lock_guard<std::mutex> lock(start_mutex_);
  if (threads_started_) return zmq_socket(raw_, type);
  if (!HasStartHeadroom(zmq_ctx_get(raw_, ZMQ_IO_THREADS), 1)) return nullptr;
  void* socket = nullptr;
  if (chosen_policy_ < 0 && chosen_priority_ < 0) {
    socket = WithBatchScheduling(&zmq_socket, raw_, type);
  } else if (int refusal = SchedulingRefusal(chosen_policy_, chosen_priority_)) {
    errno = refusal;
    *refused = true;
    return nullptr;
  } else {
    socket = zmq_socket(raw_, type);
  }
  // libzmq starts its threads on the first zmq_socket even when that one fails.
  threads_started_ = true;
  return socket;
}

void ZmqContext::ChooseScheduling(int option, int value) {
  std::lock_guard<std::mutex> lock(start_mutex_);
  (option == ZMQ_THREAD_SCHED_POLICY ? chosen_policy_ : chosen_priority_) = value;
}

void ZmqContext::Unref(Terminations& terminations) {
  if (shared_) {
    std::lock_guard<std::mutex> lock(shared_mutex);
    if (refs_.fetch_sub(1, std::memory_order_acq_rel) != 1) return;
    shared_context = nullptr;
  } else if (refs_.fetch_sub(1, std::memory_order_acq_rel) != 1) {
    return;
  }
  terminations.Start(raw_);
  delete this;
}

void Terminations::Start(void* raw_context) {
  std::packaged_task<void()> task([raw_context] {
    BlockSignalsOnThisThread();
    while (zmq_ctx_term(raw_context) != 0 && zmq_errno() == EINTR) {
    }
  });
  Pending pending;
  pending.done = task.get_future().share();
  pending.thread = std::thread(std::move(task));
  pending_.push_back(std::move(pending));
}

void Terminations::WaitAll() {
  bool warned = false;
  for (auto& pending : pending_) {
    if (!warned && pending.done.wait_for(kWarnAfter) != std::future_status::ready) {
      warned = true;
      std::fprintf(stderr,
                   "zmq-napi: waiting for queued messages to be delivered before the "
                   "context terminates (sockets linger forever by default; set "
                   "socket.linger or context.blocky = false to not wait)\n");
    }
    pending.done.wait();
    if (pending.thread.joinable()) pending.thread.join();
  }
  pending_.clear();
}

}  // namespace zmqnapi
