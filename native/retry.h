#pragma once
#include <zmq.h>

#include <cerrno>
#include <cstddef>

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

// Reading ZMQ_EVENTS makes libzmq process the socket's pending commands first. Returns
// the events (ZMQ_POLLIN/ZMQ_POLLOUT bits), or -1 with zmq_errno() set.
inline int ReadEvents(void* socket) {
  int events = 0;
  size_t size = sizeof(events);
  return RetryOnSignal([&] { return zmq_getsockopt(socket, ZMQ_EVENTS, &events, &size); }) == 0 ? events : -1;
}

inline int ReceiveFrame(void* socket, zmq_msg_t* msg) {
  return RetryOnSignal([&] { return zmq_msg_recv(msg, socket, ZMQ_DONTWAIT); });
}

}  // namespace zmqnapi
