// The bench's C sender that writes every message, as a program with real data does:
// each message is filled from the application's buffer before it is sent. libzmq's
// remote_thr sends messages it never writes, which leaves its sending side less work than
// any sender of real data has (docs/benchmarks.md, the "(w)" row).
//
//   writing_sender <connect-to> <message-size> <message-count>
//
// Same arguments and socket defaults as remote_thr, so local_thr measures it unchanged.
#include <zmq.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vector>

static int fail (const char *what)
{
    fprintf (stderr, "writing_sender: %s: %s\n", what, zmq_strerror (zmq_errno ()));
    return 1;
}

int main (int argc, char *argv[])
{
    if (argc != 4) {
        fprintf (stderr, "usage: writing_sender <connect-to> <message-size> <message-count>\n");
        return 2;
    }
    const char *endpoint = argv[1];
    const size_t size = strtoul (argv[2], NULL, 10);
    const long count = strtol (argv[3], NULL, 10);

    // The bytes the application sends; the same 'a' the Node.js senders fill theirs with.
    std::vector<char> data (size, 'a');

    void *context = zmq_ctx_new ();
    if (!context)
        return fail ("zmq_ctx_new");
    void *push = zmq_socket (context, ZMQ_PUSH);
    if (!push)
        return fail ("zmq_socket");
    if (zmq_connect (push, endpoint) != 0)
        return fail ("zmq_connect");

    for (long sent = 0; sent < count; sent++) {
        zmq_msg_t message;
        if (zmq_msg_init_size (&message, size) != 0)
            return fail ("zmq_msg_init_size");
        if (size)
            memcpy (zmq_msg_data (&message), data.data (), size);
        if (zmq_msg_send (&message, push, 0) < 0)
            return fail ("zmq_msg_send");
    }

    zmq_close (push);
    zmq_ctx_term (context);
    return 0;
}
