'use strict'

// A closing socket's last messages reach the kernel within its linger period, even when
// the peer reads slowly (libzmq issues 1264 and 1922 describe this loss).
//
// A session's engine takes messages from the pipe into its write batch and writes the
// batch as the kernel takes it. When the socket closes, the session ended as soon as the
// engine had read the pipe's end marker, and the engine with it: whatever of its last
// batch the kernel had not taken yet was dropped, whatever the linger. With libzmq's
// 8 KiB batch that is up to 8 KiB; zmq-napi writes 256 KiB batches (native/socket.cc),
// so a sender that sent to a slow receiver and exited lost up to a thousand small
// messages. Now a terminating session whose pipe is done waits for its engine to write
// that output (or to fail, or for the peer to hang up) before it ends, within the linger
// period: forever by default, not at all with linger 0.
//
// The engine's check uses the encoder's message_pending(), which
// scripts/lib/libzmq-direct-bodies.js adds, and its hang-up path is the one
// scripts/lib/libzmq-hangup-drain.js changes; both apply first.

const { sourceChange } = require('./source-edits')

const ENGINE_EDITS = [
  {
    name: 'engines may hold a terminating session until their output is written',
    file: 'src/i_engine.hpp',
    find: '    virtual void zap_msg_available () = 0;\n',
    replace: `    virtual void zap_msg_available () = 0;

    //  zmq-napi: asked by a terminating session whose pipe is done. True if
    //  output is still to be written; the engine then calls the session's
    //  engine_flushed () once it is written or can no longer be, unless it
    //  fails first (engine_error).
    virtual bool flush_before_termination () { return false; }
`,
  },
  {
    name: 'stream engines implement it',
    file: 'src/stream_engine_base.hpp',
    find: '    void zap_msg_available () ZMQ_FINAL;\n',
    replace: '    void zap_msg_available () ZMQ_FINAL;\n    bool flush_before_termination () ZMQ_FINAL;\n',
  },
  {
    name: 'stream engines end the wait in one place',
    file: 'src/stream_engine_base.hpp',
    find: '    void out_event ();\n',
    replace: [
      '    void out_event ();',
      '',
      '    //  zmq-napi: tells a session waiting for the output that the wait is',
      '    //  over. True if one was waiting: this engine may be deleted then.',
      '    bool end_flush_wait ();',
      '',
    ].join('\n'),
  },
  {
    name: 'stream engines remember the request and a failed write',
    file: 'src/stream_engine_base.hpp',
    find: '    bool _io_error;\n',
    replace: [
      '    bool _io_error;',
      '',
      '    //  zmq-napi: the session waits for the output (flush_before_termination).',
      '    bool _flush_requested;',
      '',
      '    //  zmq-napi: a write failed, so output polling stopped for good.',
      '    bool _write_failed;',
      '',
    ].join('\n'),
  },
  {
    name: 'stream engines start with neither',
    file: 'src/stream_engine_base.cpp',
    find: '    _io_error (false),\n',
    replace: '    _io_error (false),\n    _flush_requested (false),\n    _write_failed (false),\n',
  },
  {
    name: 'a hang-up while input is stopped ends the wait: the peer takes no more writes',
    file: 'src/stream_engine_base.cpp',
    find: ['        rm_fd (_handle);', '        _io_error = true;', '        return true; // TODO or return false in this case too?'].join('\n'),
    replace: [
      '        rm_fd (_handle);',
      '        _io_error = true;',
      '        if (end_flush_wait ())',
      '            return false;',
      '        return true; // TODO or return false in this case too?',
    ].join('\n'),
  },
  {
    name: 'the output written, the wait ends',
    file: 'src/stream_engine_base.cpp',
    find: ['        if (_outsize == 0) {', '            _output_stopped = true;', '            reset_pollout ();', '            return;', '        }'].join('\n'),
    replace: [
      '        if (_outsize == 0) {',
      '            _output_stopped = true;',
      '            reset_pollout ();',
      '            end_flush_wait ();',
      '            return;',
      '        }',
    ].join('\n'),
  },
  {
    name: 'a failed write ends the wait',
    file: 'src/stream_engine_base.cpp',
    find: ['    if (nbytes == -1) {', '        reset_pollout ();', '        return;', '    }'].join('\n'),
    replace: [
      '    if (nbytes == -1) {',
      '        reset_pollout ();',
      '        _write_failed = true;',
      '        end_flush_wait ();',
      '        return;',
      '    }',
    ].join('\n'),
  },
  {
    name: 'whether a stream engine has output left',
    file: 'src/stream_engine_base.cpp',
    find: 'bool zmq::stream_engine_base_t::restart_input ()\n',
    replace: `bool zmq::stream_engine_base_t::flush_before_termination ()
{
    //  zmq-napi: nothing is polled after a hang-up (_io_error) or a failed
    //  write, and during the handshake no message was taken from the pipe.
    if (_io_error || _write_failed || _handshaking || _encoder == NULL)
        return false;
    if (_outsize == 0 && !_encoder->message_pending ())
        return false;
    _flush_requested = true;
    return true;
}

bool zmq::stream_engine_base_t::end_flush_wait ()
{
    if (!_flush_requested)
        return false;
    _flush_requested = false;
    _session->engine_flushed ();
    return true;
}

bool zmq::stream_engine_base_t::restart_input ()
`,
  },
]

const SESSION_EDITS = [
  {
    name: 'sessions hear that the output is written',
    file: 'src/session_base.hpp',
    find: '    void engine_ready ();\n',
    replace: '    void engine_ready ();\n\n    //  zmq-napi: see i_engine::flush_before_termination.\n    void engine_flushed ();\n',
  },
  {
    name: 'sessions finish termination in two steps',
    file: 'src/session_base.hpp',
    find: '    void clean_pipes ();\n',
    replace: [
      '    void clean_pipes ();',
      '',
      '    //  zmq-napi: ends the termination once the engine wrote its output.',
      '    void terminate_after_engine_flush ();',
      '    void finish_termination ();',
      '',
    ].join('\n'),
  },
  {
    name: 'sessions remember the linger and the wait',
    file: 'src/session_base.hpp',
    find: '    bool _has_linger_timer;\n',
    replace: [
      '    bool _has_linger_timer;',
      '',
      '    //  zmq-napi: the linger the termination was asked with.',
      '    int _term_linger;',
      '',
      '    //  zmq-napi: the pipes are done; the engine is writing its output.',
      '    bool _awaiting_engine_flush;',
      '',
    ].join('\n'),
  },
  {
    name: 'sessions start with neither',
    file: 'src/session_base.cpp',
    find: '    _has_linger_timer (false),\n',
    replace: '    _has_linger_timer (false),\n    _term_linger (0),\n    _awaiting_engine_flush (false),\n',
  },
  {
    name: 'the linger timer outlives the pipe, to bound the wait',
    file: 'src/session_base.cpp',
    find: ['        _pipe = NULL;', '        if (_has_linger_timer) {', '            cancel_timer (linger_timer_id);', '            _has_linger_timer = false;', '        }', '    } else if (pipe_ == _zap_pipe)'].join('\n'),
    replace: [
      '        _pipe = NULL;',
      '        //  zmq-napi: a linger timer keeps running, to bound the wait for',
      '        //  the engine\'s output; finish_termination cancels it.',
      '    } else if (pipe_ == _zap_pipe)',
    ].join('\n'),
  },
  {
    name: 'the pipes done, the session waits for the engine',
    file: 'src/session_base.cpp',
    find: ['    if (_pending && !_pipe && !_zap_pipe && _terminating_pipes.empty ()) {', '        _pending = false;', '        own_t::process_term (0);', '    }'].join('\n'),
    replace: ['    if (_pending && !_pipe && !_zap_pipe && _terminating_pipes.empty ())', '        terminate_after_engine_flush ();'].join('\n'),
  },
  {
    name: 'a termination asked for after the pipes were done waits too',
    file: 'src/session_base.cpp',
    find: ['    if (!_pipe && !_zap_pipe && _terminating_pipes.empty ()) {', '        own_t::process_term (0);', '        return;', '    }'].join('\n'),
    replace: [
      '    _term_linger = linger_;',
      '    if (!_pipe && !_zap_pipe && _terminating_pipes.empty ()) {',
      '        //  zmq-napi: the engine may still be writing what the pipe gave it.',
      '        _pending = true;',
      '        if (linger_ > 0) {',
      '            add_timer (linger_, linger_timer_id);',
      '            _has_linger_timer = true;',
      '        }',
      '        terminate_after_engine_flush ();',
      '        return;',
      '    }',
    ].join('\n'),
  },
  {
    name: 'the linger period expiring ends the wait',
    file: 'src/session_base.cpp',
    find: ['    //  Ask pipe to terminate even though there may be pending messages in it.', '    zmq_assert (_pipe);', '    _pipe->terminate (false);'].join('\n'),
    replace: [
      '    //  zmq-napi: past the pipe, the linger period bounds the wait for the',
      '    //  engine\'s output; or other pipes are still terminating.',
      '    if (_awaiting_engine_flush) {',
      '        finish_termination ();',
      '        return;',
      '    }',
      '    if (!_pipe)',
      '        return;',
      '',
      '    //  Ask pipe to terminate even though there may be pending messages in it.',
      '    _pipe->terminate (false);',
    ].join('\n'),
  },
  {
    name: 'an engine failing during the wait ends it',
    file: 'src/session_base.cpp',
    find: ['    //  Engine is dead. Let\'s forget about it.', '    _engine = NULL;', ''].join('\n'),
    replace: [
      '    //  Engine is dead. Let\'s forget about it.',
      '    _engine = NULL;',
      '',
      '    //  zmq-napi: it failed before writing all of its output; the',
      '    //  termination goes on (not a reconnection).',
      '    if (_awaiting_engine_flush) {',
      '        finish_termination ();',
      '        return;',
      '    }',
      '',
    ].join('\n'),
  },
  {
    name: 'the two steps of termination',
    file: 'src/session_base.cpp',
    find: 'void zmq::session_base_t::timer_event (int id_)\n',
    replace: `void zmq::session_base_t::engine_flushed ()
{
    if (_awaiting_engine_flush)
        finish_termination ();
}

void zmq::session_base_t::terminate_after_engine_flush ()
{
    //  zmq-napi: within the linger period (forever when it is negative; not
    //  with 0, nor once the timer expired) wait for the engine's output.
    if ((_term_linger < 0 || _has_linger_timer) && _engine
        && _engine->flush_before_termination ()) {
        _awaiting_engine_flush = true;
        return;
    }
    finish_termination ();
}

void zmq::session_base_t::finish_termination ()
{
    _awaiting_engine_flush = false;
    if (_has_linger_timer) {
        cancel_timer (linger_timer_id);
        _has_linger_timer = false;
    }
    _pending = false;
    own_t::process_term (0);
}

void zmq::session_base_t::timer_event (int id_)
`,
  },
]

module.exports = sourceChange('libzmq fix', [...ENGINE_EDITS, ...SESSION_EDITS])
