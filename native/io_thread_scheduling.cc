#include "io_thread_scheduling.h"

#include <cerrno>
#include <system_error>
#include <thread>

#if !defined(_WIN32)
#include <pthread.h>
#include <sched.h>
#include <unistd.h>
#endif

namespace zmqnapi {

void* WithBatchScheduling(void* (*create_socket)(void* context, int type), void* context, int type) {
#if defined(__linux__) && defined(SCHED_BATCH)
  int policy = 0;
  sched_param saved{};
  sched_param batch{};
  bool switched = pthread_getschedparam(pthread_self(), &policy, &saved) == 0 && policy == SCHED_OTHER &&
                  pthread_setschedparam(pthread_self(), SCHED_BATCH, &batch) == 0;
  void* socket = create_socket(context, type);
  if (switched) pthread_setschedparam(pthread_self(), policy, &saved);
  return socket;
#else
  return create_socket(context, type);
#endif
}

int SchedulingRefusal(int chosen_policy, int chosen_priority) {
#if defined(_WIN32)
  // libzmq applies neither option on Windows.
  (void)chosen_policy;
  (void)chosen_priority;
  return 0;
#else
  if (chosen_policy < 0 && chosen_priority < 0) return 0;
  // The same steps as libzmq's thread start (thread.cpp, applySchedulingParameters), on
  // a thread of our own that inherits what libzmq's threads would and then ends.
  int refusal = 0;
  auto try_choice = [&] {
    int policy = 0;
    sched_param param{};
    if ((refusal = pthread_getschedparam(pthread_self(), &policy, &param)) != 0) return;
    if (chosen_policy >= 0) policy = chosen_policy;
    const bool nice_instead_of_priority = policy != SCHED_FIFO && policy != SCHED_RR;
    if (chosen_priority >= 0) param.sched_priority = nice_instead_of_priority ? 0 : chosen_priority;
    if ((refusal = pthread_setschedparam(pthread_self(), policy, &param)) != 0) return;
    if (!nice_instead_of_priority || chosen_priority < 0) return;
#if defined(__linux__)
    // libzmq then calls nice(-20) and asserts it did not return -1. On Linux nice()
    // applies to the calling thread only, so trying it here changes nothing else.
    errno = 0;
    if (nice(-20) == -1) refusal = errno != 0 ? errno : EPERM;
#else
    // Elsewhere nice() applies to the whole process: predicted, not tried.
    if (geteuid() != 0) refusal = EPERM;
#endif
  };
  try {
    std::thread probe(try_choice);
    probe.join();
  } catch (const std::system_error&) {
    // No thread to try it on: libzmq could not start its threads either.
    return EAGAIN;
  }
  return refusal;
#endif
}

}  // namespace zmqnapi
