'use strict'

// A socket's or I/O thread's command mailbox answers a check that must not wait without
// a system call when nothing was sent to it (see docs/performance.md, "Mailbox checks").
// libzmq asked its signaler, a `poll` on an eventfd plus a `getpid` for fork detection,
// every time. zmq-napi only ever checks without waiting, and did so about once per 27
// messages over inproc.
//
// Why it is safe: a sender signals only when its flush finds the command pipe's reader
// asleep, and the reader goes to sleep by emptying the pipe. So while the pipe shows
// nothing flushed since then, no signal is pending either, and the poll could only have
// said "nothing". Once something was flushed, the usual wait and receive of the signal
// follow, so every signal is still consumed along with its commands.

const { sourceChange } = require('./source-edits')

const EDITS = [
  {
    name: 'a check that must not wait looks at the command pipe before the signaler',
    file: 'src/mailbox.cpp',
    find: `        _active = false;
    }

    //  Wait for signal from the command sender.
`,
    replace: `        _active = false;
    }

    //  zmq-napi: nothing flushed since the pipe went passive means no signal
    //  is pending, so a check that must not wait needs no system call.
    if (timeout_ == 0 && !_cpipe.check_read ()) {
        errno = EAGAIN;
        return -1;
    }

    //  Wait for signal from the command sender.
`,
  },
]

module.exports = sourceChange('libzmq mailbox check', EDITS)
