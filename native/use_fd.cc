#include "use_fd.h"

#include <zmq.h>

#ifndef _WIN32
#include <sys/socket.h>
#include <sys/stat.h>
#endif

#include <cerrno>
#include <cstddef>

namespace zmqnapi {

namespace {
// The transports whose listeners take over ZMQ_USE_FD (libzmq 4.3).
bool ListensOnUseFd(const std::string& address) {
  for (const char* scheme : {"tcp://", "ipc://", "ws://", "wss://"}) {
    if (address.rfind(scheme, 0) == 0) return true;
  }
  return false;
}
}  // namespace

int UseFdRefusal(void* socket, const std::string& address, const char** why) {
#ifdef _WIN32
  // A SOCKET handle there, with no fstat or SO_ACCEPTCONN to check it the same way; left
  // to libzmq (not measured on Windows).
  (void)socket;
  (void)address;
  (void)why;
  return 0;
#else
  int fd = -1;
  size_t size = sizeof(fd);
  if (zmq_getsockopt(socket, ZMQ_USE_FD, &fd, &size) != 0 || fd < 0 || !ListensOnUseFd(address)) return 0;
  struct stat status;
  if (fstat(fd, &status) != 0) {
    *why = "bind: useFd is not an open descriptor";
    return EBADF;
  }
  if (!S_ISSOCK(status.st_mode)) {
    *why = "bind: useFd is not a socket";
    return ENOTSOCK;
  }
  int listening = 0;
  socklen_t length = sizeof(listening);
  if (getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &length) != 0 || !listening) {
    *why = "bind: useFd is not a listening socket";
    return EINVAL;
  }
  return 0;
#endif
}

}  // namespace zmqnapi
