'use strict'

// A command mailbox (a socket's or an I/O thread's) checked without waiting makes no
// system call when nothing was sent to it, and one read instead of a poll and a read when
// something was (see docs/performance.md, "Mailbox checks"). libzmq asked its signaler, a
// `poll` on an eventfd plus two `getpid`s for fork detection, every time; zmq-napi only
// ever checks without waiting, and did so about once per 27 messages over inproc.
//
// Why it is safe: a sender signals exactly when its flush finds the command pipe's reader
// asleep, and the reader falls asleep only by emptying the pipe. So while the pipe shows
// nothing flushed since then, no signal is pending. Once it shows something, that sender
// has signalled or is about to: reading the signal without polling first answers
// "nothing yet" (EAGAIN) in the second case, just as the poll did. Every signal is still
// consumed along with its commands, and a forked child is still told so (EINTR) before
// it could read its parent's signal.

const { sourceChange } = require('./source-edits')

const EDITS = [
  {
    name: 'the signaler tells whether this is a forked child',
    file: 'src/signaler.hpp',
    find: '    bool valid () const;\n',
    replace: `    bool valid () const;

    //  zmq-napi: the fork check wait() makes, for callers that do not wait.
    bool in_forked_child () const
    {
#ifdef HAVE_FORK
        return pid != getpid ();
#else
        return false;
#endif
    }
`,
  },
  {
    name: 'a check that must not wait looks at the command pipe instead of polling',
    file: 'src/mailbox.cpp',
    find: `    //  Wait for signal from the command sender.
    int rc = _signaler.wait (timeout_);
    if (rc == -1) {
        errno_assert (errno == EAGAIN || errno == EINTR);
        return -1;
    }
`,
    replace: `    if (timeout_ == 0) {
        //  zmq-napi: nothing flushed since the pipe went passive means no
        //  signal is pending; something flushed means its sender signals, so
        //  the signal is read below without a poll (EAGAIN if not there yet).
        if (!_cpipe.check_read ()) {
            errno = EAGAIN;
            return -1;
        }
        if (_signaler.in_forked_child ()) {
            errno = EINTR;
            return -1;
        }
    } else {
        //  Wait for signal from the command sender.
        const int rc = _signaler.wait (timeout_);
        if (rc == -1) {
            errno_assert (errno == EAGAIN || errno == EINTR);
            return -1;
        }
    }
`,
  },
  {
    name: 'the signal is read into a variable of its own',
    file: 'src/mailbox.cpp',
    find: '    rc = _signaler.recv_failable ();\n',
    replace: '    const int rc = _signaler.recv_failable ();\n',
  },
]

module.exports = sourceChange('libzmq mailbox check', EDITS)
