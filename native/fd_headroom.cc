#include "fd_headroom.h"

#ifndef _WIN32
#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>
#endif

#include <cerrno>
#include <climits>
#include <vector>

namespace zmqnapi {

namespace {
// Upper bounds over the platforms: a mailbox is an eventfd, or a socket pair where there
// is none (macOS); a poller is one epoll or kqueue descriptor.
constexpr int kFdsPerMailbox = 2;
constexpr int kFdsPerPoller = 1;
}  // namespace

bool HasStartHeadroom(int io_threads, int sockets) {
#ifdef _WIN32
  // libzmq's Windows signalers are sockets, not descriptors counted against a limit.
  (void)io_threads;
  (void)sockets;
  return true;
#else
  // The reaper thread and each I/O thread have a mailbox and a poller; each socket a mailbox.
  // In 64 bits: ioThreads may be any int, and the count must not wrap to a small one.
  const long long needed =
      (1LL + io_threads) * (kFdsPerMailbox + kFdsPerPoller) + static_cast<long long>(sockets) * kFdsPerMailbox;
  struct rlimit limit {};
  const bool limited = getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY;
  if (needed > INT_MAX || (limited && needed > static_cast<long long>(limit.rlim_cur))) {
    errno = EMFILE;
    return false;
  }
  std::vector<int> taken;
  taken.reserve(needed);
  bool enough = true;
  int error = 0;
  for (int i = 0; i < needed; i++) {
    int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      enough = false;
      error = errno;
      break;
    }
    taken.push_back(fd);
  }
  for (int fd : taken) close(fd);
  if (!enough) errno = error;
  return enough;
#endif
}

}  // namespace zmqnapi
