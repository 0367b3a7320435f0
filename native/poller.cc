#include "poller.h"

#include "errors.h"
#include "fd_headroom.h"
#include "signals.h"

#include <cerrno>
#include <cstdio>
#include <string>

namespace zmqnapi {

void Poller::EnsureStarted() {
  if (started_) return;
  // The wake-up pair below starts the wake context's threads (see fd_headroom.h).
  if (!HasStartHeadroom(0, 2)) throw ErrnoError(env_, errno, "start the readiness thread");
  wake_context_ = zmq_ctx_new();
  if (wake_context_ == nullptr) throw Napi::Error::New(env_, "zmq-napi: cannot create poller context");
  // inproc needs no I/O thread.
  zmq_ctx_set(wake_context_, ZMQ_IO_THREADS, 0);
  wake_receiver_ = zmq_socket(wake_context_, ZMQ_PAIR);
  wake_sender_ = zmq_socket(wake_context_, ZMQ_PAIR);
  const std::string address = "inproc://zmq-napi-poller-wake";
  if (wake_receiver_ == nullptr || wake_sender_ == nullptr ||
      zmq_bind(wake_receiver_, address.c_str()) != 0 ||
      zmq_connect(wake_sender_, address.c_str()) != 0) {
    throw Napi::Error::New(env_, std::string("zmq-napi: cannot create poller wake-up pair: ") +
                                     zmq_strerror(zmq_errno()));
  }

  napi_value name;
  napi_create_string_utf8(env_, "zmq-napi readiness", NAPI_AUTO_LENGTH, &name);
  napi_status status = napi_create_threadsafe_function(
      env_, nullptr, nullptr, name, 0, 1, nullptr, nullptr, this, CallJs, &tsfn_);
  if (status != napi_ok) throw Napi::Error::New(env_, "zmq-napi: cannot create threadsafe function");
  // Nothing waits yet, so the readiness channel must not keep the process alive.
  napi_unref_threadsafe_function(env_, tsfn_);
  started_ = true;
  thread_ = std::thread([this] { Run(); });
  // Cleanup hooks run in reverse order of registration, and Node closes the threadsafe
  // function in a hook of its own, registered just now: registering ours after it stops
  // the thread before the function it calls goes away.
  napi_add_env_cleanup_hook(env_, StopHook, this);
}

void Poller::StopHook(void* poller) { static_cast<Poller*>(poller)->Stop(); }

void Poller::Wake() {
  if (wake_sender_ == nullptr) return;  // stopped: nothing polls any more
  // EAGAIN means wake-ups are already queued, which is just as good. EINTR (a signal)
  // sent nothing and must be retried, or the poll thread never sees the new socket.
  while (zmq_send(wake_sender_, "", 0, ZMQ_DONTWAIT) < 0 && zmq_errno() == EINTR) {
  }
}

void Poller::Arm(uint32_t id, ZmqFd fd, bool keep_alive, bool defer_wake) {
  EnsureStarted();
  auto found = waiting_.find(id);
  if (found != waiting_.end()) {
    // Already armed, or reported and not dispatched yet: dispatch will call JS, which
    // re-arms if it still has to wait. Only the keep-alive choice may change.
    if (found->second != keep_alive) {
      found->second = keep_alive;
      SetKeepAliveCount(keep_alive_count_ + (keep_alive ? 1 : -1));
    }
    return;
  }
  waiting_.emplace(id, keep_alive);
  if (keep_alive) SetKeepAliveCount(keep_alive_count_ + 1);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    armed_[id] = fd;
  }
  if (defer_wake) {
    wake_deferred_ = true;
  } else {
    Wake();
  }
}

void Poller::Disarm(uint32_t id) {
  auto found = waiting_.find(id);
  if (found == waiting_.end()) return;
  if (found->second) SetKeepAliveCount(keep_alive_count_ - 1);
  waiting_.erase(found);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    armed_.erase(id);
  }
  Wake();
}

void Poller::ReportAllArmed() {
  bool notify = false;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (armed_.empty()) return;
    for (const auto& entry : armed_) ready_.push_back(entry.first);
    armed_.clear();
    notify = !notify_queued_;
    notify_queued_ = true;
  }
  if (notify) napi_call_threadsafe_function(tsfn_, nullptr, napi_tsfn_nonblocking);
  Wake();
}

void Poller::SetKeepAliveCount(int count) {
  keep_alive_count_ = count;
  const bool want = count > 0;
  if (want == tsfn_referenced_ || tsfn_ == nullptr) return;
  tsfn_referenced_ = want;
  if (want) {
    napi_ref_threadsafe_function(env_, tsfn_);
  } else {
    napi_unref_threadsafe_function(env_, tsfn_);
  }
}

// Appends a poll item per armed socket; the caller holds mutex_.
void Poller::SnapshotArmed(std::vector<zmq_pollitem_t>& items, std::vector<uint32_t>& ids) const {
  for (const auto& entry : armed_) {
    zmq_pollitem_t item{};
    item.fd = entry.second;
    item.events = ZMQ_POLLIN;
    items.push_back(item);
    ids.push_back(entry.first);
  }
}

bool Poller::TakeReady(uint32_t id, ZmqFd fd) {
  auto found = armed_.find(id);
  if (found == armed_.end() || found->second != fd) return false;
  armed_.erase(found);
  return true;
}

void Poller::Run() {
  BlockSignalsOnThisThread();
  std::vector<zmq_pollitem_t> items;
  std::vector<uint32_t> ids;
  for (;;) {
    items.clear();
    ids.clear();
    items.push_back({wake_receiver_, 0, ZMQ_POLLIN, 0});
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (stopping_) return;
      SnapshotArmed(items, ids);
    }

    int count = zmq_poll(items.data(), static_cast<int>(items.size()), -1);
    if (count < 0) {
      if (zmq_errno() == EINTR) continue;
      if (zmq_errno() == ETERM) return;
      std::fprintf(stderr, "zmq-napi: readiness poll failed: %s\n", zmq_strerror(zmq_errno()));
      return;
    }

    if (items[0].revents != 0) {
      while (zmq_recv(wake_receiver_, nullptr, 0, ZMQ_DONTWAIT) >= 0 || zmq_errno() == EINTR) {
      }
    }

    bool notify = false;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      for (size_t i = 1; i < items.size(); i++) {
        // A socket closed (or re-armed with another fd) meanwhile is not reported.
        if (items[i].revents != 0 && TakeReady(ids[i - 1], items[i].fd)) ready_.push_back(ids[i - 1]);
      }
      if (!ready_.empty() && !notify_queued_) {
        notify_queued_ = true;
        notify = true;
      }
    }
    if (notify) napi_call_threadsafe_function(tsfn_, nullptr, napi_tsfn_nonblocking);
  }
}

void Poller::CallJs(napi_env env, napi_value, void* context, void*) {
  if (env == nullptr) return;  // environment is being torn down
  static_cast<Poller*>(context)->DispatchReady(Napi::Env(env));
}

void Poller::DispatchReady(Napi::Env env) {
  std::vector<uint32_t> ready;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    ready.swap(ready_);
    notify_queued_ = false;
  }
  Dispatch(env, ready);
}

void Poller::PollNow(Napi::Env env, bool hand_over, bool spinning) {
  if (!started_) return;
  if (spinning) busy_poll_count_++;
  if (!PollArmed(env) && spinning) std::this_thread::yield();
  // Whatever is still armed now waits on the readiness thread.
  if (hand_over && wake_deferred_) {
    wake_deferred_ = false;
    Wake();
  }
}

bool Poller::PollArmed(Napi::Env env) {
  std::vector<zmq_pollitem_t> items;
  std::vector<uint32_t> ids;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    SnapshotArmed(items, ids);
  }
  if (items.empty()) return false;
  int count;
  do {
    count = zmq_poll(items.data(), static_cast<int>(items.size()), 0);
  } while (count < 0 && zmq_errno() == EINTR);
  if (count <= 0) return false;
  std::vector<uint32_t> ready;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (size_t i = 0; i < items.size(); i++) {
      // Whoever takes the entry reports it: the readiness thread may have seen it too.
      if (items[i].revents != 0 && TakeReady(ids[i], items[i].fd)) ready.push_back(ids[i]);
    }
  }
  Dispatch(env, ready);
  return !ready.empty();
}

void Poller::Dispatch(Napi::Env env, std::vector<uint32_t>& ready) {
  Napi::HandleScope scope(env);
  int keep_alive = keep_alive_count_;
  size_t live = 0;
  for (uint32_t id : ready) {
    auto found = waiting_.find(id);
    if (found == waiting_.end()) continue;  // closed meanwhile
    if (found->second) keep_alive--;
    waiting_.erase(found);
    ready[live++] = id;
  }
  SetKeepAliveCount(keep_alive);
  if (live == 0 || handlers_.empty()) return;
  // Raw C calls from here on: when JS cannot run (a worker being terminated still
  // delivers queued calls while its loop closes) they fail, and Napi's wrappers would
  // then build an Error, which aborts the process. Nothing waits for these any more.
  napi_value ids, undefined;
  if (napi_create_array_with_length(env, live, &ids) != napi_ok) return;
  for (size_t i = 0; i < live; i++) {
    napi_value id;
    if (napi_create_uint32(env, ready[i], &id) != napi_ok ||
        napi_set_element(env, ids, static_cast<uint32_t>(i), id) != napi_ok) {
      return;
    }
  }
  napi_get_undefined(env, &undefined);
  for (auto& handler : handlers_) {
    // A handler's own exception stays pending and surfaces as uncaught: the handlers
    // are our dispatchers, so that is a bug to see, not to swallow.
    napi_value function, result;
    if (napi_get_reference_value(env, handler, &function) != napi_ok ||
        napi_call_function(env, undefined, function, 1, &ids, &result) != napi_ok) {
      return;
    }
  }
}

void Poller::Stop() {
  if (!started_) return;
  started_ = false;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  Wake();
  if (thread_.joinable()) thread_.join();
  zmq_close(wake_sender_);
  zmq_close(wake_receiver_);
  wake_sender_ = wake_receiver_ = nullptr;
  zmq_ctx_term(wake_context_);
  if (tsfn_ != nullptr) {
    napi_release_threadsafe_function(tsfn_, napi_tsfn_abort);
    tsfn_ = nullptr;
  }
}

}  // namespace zmqnapi
