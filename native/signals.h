#pragma once

#if !defined(_WIN32)
#include <signal.h>
#endif

namespace zmqnapi {

// For the addon's own threads (readiness poller, proxies, context terminators): blocked
// signals go to the process's other threads instead. libzmq gives up a blocking call on
// EINTR (zmq_proxy_steerable returns), so these threads must never take a signal.
inline void BlockSignalsOnThisThread() {
#if !defined(_WIN32)
  sigset_t all;
  sigfillset(&all);
  pthread_sigmask(SIG_BLOCK, &all, nullptr);
#endif
}

}  // namespace zmqnapi
