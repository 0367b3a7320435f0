#pragma once
#include <string>

namespace zmqnapi {

// With ZMQ_USE_FD set, a tcp, ipc or ws bind listens on that descriptor as it is, and
// libzmq aborts the process (errno_assert in its poller or in accept) when it is not an
// open, listening stream socket. Returns 0 when the bind may go ahead, else the errno
// to refuse it with (EBADF, ENOTSOCK, EINVAL), and in `why` what is wrong.
int UseFdRefusal(void* socket, const std::string& address, const char** why);

}  // namespace zmqnapi
