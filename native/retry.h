#pragma once
#include <zmq.h>

#include <cerrno>

namespace zmqnapi {

// libzmq processes pending commands before binding, connecting, sending or receiving;
// a signal interrupting that (EINTR) means nothing was done yet, so it is retried.
template <typename Call>
int RetryOnSignal(Call call) {
  int rc;
  do {
    rc = call();
  } while (rc < 0 && zmq_errno() == EINTR);
  return rc;
}

inline int ReceiveFrame(void* socket, zmq_msg_t* msg) {
  return RetryOnSignal([&] { return zmq_msg_recv(msg, socket, ZMQ_DONTWAIT); });
}

}  // namespace zmqnapi
