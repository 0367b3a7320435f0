#pragma once

namespace zmqnapi {

// libzmq starts a context's threads on its first zmq_socket, and aborts the process
// (errno_assert in its poller's constructor) when no file descriptor is left for their
// epoll or kqueue, where a socket's own mailbox fails cleanly with EMFILE. So before the
// call that starts them, check that the descriptors they need can be had: false, with
// errno set (EMFILE, ENFILE), when they cannot. Another thread taking descriptors in
// between can still beat the check; it only turns the common case into an error.
bool HasStartHeadroom(int io_threads, int sockets);

}  // namespace zmqnapi
