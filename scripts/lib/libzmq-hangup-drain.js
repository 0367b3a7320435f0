'use strict'

// A connection whose peer hung up keeps delivering what the peer sent before it went
// (libzmq issue 4660: "IPC socket drops messages, ignores LINGER").
//
// When a receiving pipe is full (the high-water mark), libzmq stops reading the
// connection and stops polling it for input. The poller still reports a hang-up, which
// Linux raises on a unix socket as soon as its peer closes, with data still queued in the
// kernel. libzmq took that report for an I/O error: it stopped polling the socket, and
// once the pipe drained it decoded what it had already read and then ended the
// connection, dropping everything still in the kernel. Over ipc a sender that sent and
// exited (lingering until the kernel took every message) lost the receiver thousands of
// messages, with zmq-napi, zeromq@6 and libzmq's own local_thr alike. tcp reports no
// hang-up for a peer's orderly close, so this did not happen there.
//
// Now, once the pipe drains, the engine polls the socket again and reads on. The read
// that reaches the end of the stream (or the error) ends the connection, as any read
// does, after every message before it was delivered.

const { sourceChange } = require('./source-edits')

const EDITS = [
  {
    name: 'a hang-up reported while input is stopped leaves the queued data to be read',
    file: 'src/stream_engine_base.cpp',
    find: [
      '    else if (_io_error) {',
      '        error (connection_error);',
      '        return false;',
      '    } else if (rc == -1) {',
    ].join('\n'),
    replace: [
      '    else if (_io_error) {',
      '        //  zmq-napi: polling stopped when the poller reported a hang-up or',
      '        //  an error while input was stopped (in_event_internal), the only',
      '        //  place _io_error is set. The kernel may still hold data the peer',
      '        //  sent before it went: poll the socket again and read on. The read',
      '        //  that finds the end of the stream, or the error, ends the',
      '        //  connection. Output is not polled again: a peer that hung up',
      '        //  takes no more writes, and restart_output polls for them if asked.',
      '        _handle = add_fd (_s);',
      '        _io_error = false;',
      '        _input_stopped = false;',
      '        set_pollin ();',
      '        _session->flush ();',
      '        if (!in_event_internal ())',
      '            return false;',
      '    } else if (rc == -1) {',
    ].join('\n'),
  },
]

module.exports = sourceChange('libzmq fix', EDITS)
