'use strict'

// The fixes to libzmq's high-water mark handling, part of scripts/lib/libzmq-fixes.js
// (applied in its order, where this list stands in its FIXES).

module.exports = [
  {
    // Changing ZMQ_SNDHWM or ZMQ_RCVHWM tells the peer of every pipe the socket still
    // lists. A pipe that has acknowledged its peer's termination stays listed until the
    // peer's last acknowledgement arrives, but the peer frees itself when it sends that,
    // so the option's command went to freed memory and crashed the I/O thread (a
    // subscriber that had gone, then a publisher's high-water mark changed). In those two
    // states the peer may be gone and the pipe is ending anyway: nothing is sent.
    name: 'a high-water mark changed while a pipe is ending',
    file: 'src/pipe.cpp',
    find: ['void zmq::pipe_t::send_hwms_to_peer (int inhwm_, int outhwm_)', '{', '    send_pipe_hwm (_peer, inhwm_, outhwm_);'].join('\n'),
    replace: [
      'void zmq::pipe_t::send_hwms_to_peer (int inhwm_, int outhwm_)',
      '{',
      '    if (_state == term_ack_sent || _state == term_req_sent2)',
      '        return;',
      '    send_pipe_hwm (_peer, inhwm_, outhwm_);',
    ].join('\n'),
  },
  // A writer counts its credit as messages written minus the reader's count, and the
  // reader reports its count only each time it has read a low-water mark's worth (half
  // its high-water mark). Lowering ZMQ_SNDHWM or ZMQ_RCVHWM on a connected tcp or ipc
  // socket after some traffic left the writer with the count from before, against the
  // new, smaller mark: with everything read, no report was ever due, and the next send
  // (or the session's next write, for a receiver) waited forever. Both ends of a pipe now
  // report their count when a high-water mark changes, in the states where read() would.
  {
    name: 'a lowered high-water mark waiting for a read count that is never reported (the changing end)',
    file: 'src/pipe.cpp',
    find: ['    send_pipe_hwm (_peer, inhwm_, outhwm_);', '}'].join('\n'),
    replace: ['    send_pipe_hwm (_peer, inhwm_, outhwm_);', '    send_activate_write (_peer, _msgs_read);', '}'].join('\n'),
  },
  {
    name: 'a lowered high-water mark waiting for a read count that is never reported (its peer)',
    file: 'src/pipe.cpp',
    find: ['void zmq::pipe_t::process_pipe_hwm (int inhwm_, int outhwm_)', '{', '    set_hwms (inhwm_, outhwm_);', '}'].join('\n'),
    replace: [
      'void zmq::pipe_t::process_pipe_hwm (int inhwm_, int outhwm_)',
      '{',
      '    //  From a socket (inproc), these are its own marks: this end adds them to its',
      '    //  own socket\'s (see the boosts below). From a session, they are this end\'s.',
      '    if (_in_hwm_boost >= 0 || _out_hwm_boost >= 0) {',
      '        set_hwms_boost (inhwm_, outhwm_);',
      '        set_hwms (_own_in_hwm, _own_out_hwm);',
      '    } else',
      '        set_hwms (inhwm_, outhwm_);',
      '    if (_state == active || _state == waiting_for_delimiter)',
      '        send_activate_write (_peer, _msgs_read);',
      '}',
    ].join('\n'),
  },
  // An inproc pipe's marks are the sum of both sockets' (the writer's ZMQ_SNDHWM plus the
  // reader's ZMQ_RCVHWM), kept as this end's own socket's marks plus "boosts", the peer's.
  // A change on one socket reached the other end as if it were that end's own marks, added
  // to the peer's old ones: the reader's low-water mark (after how many reads it reports
  // its count) could end up above the writer's high-water mark, and a writer that filled
  // the pipe waited for a report that never came (raising ZMQ_RCVHWM on a PULL, then
  // lowering ZMQ_SNDHWM on its PUSH, say; zeromq@6 and the system's libzmq the same). Each
  // end now keeps its own socket's marks, takes a peer's change as new boosts, and adds
  // the two again.
  {
    name: 'an inproc peer\'s high-water marks taken for this end\'s own (fields)',
    file: 'src/pipe.hpp',
    find: ['    int _in_hwm_boost;', '    int _out_hwm_boost;'].join('\n'),
    replace: [
      '    int _in_hwm_boost;',
      '    int _out_hwm_boost;',
      '',
      '    //  The marks of this end\'s own socket (or session), as last given to set_hwms.',
      '    int _own_in_hwm;',
      '    int _own_out_hwm;',
    ].join('\n'),
  },
  {
    name: 'an inproc peer\'s high-water marks taken for this end\'s own (initial)',
    file: 'src/pipe.cpp',
    find: ['    _in_hwm_boost (-1),', '    _out_hwm_boost (-1),'].join('\n'),
    replace: ['    _in_hwm_boost (-1),', '    _out_hwm_boost (-1),', '    _own_in_hwm (inhwm_),', '    _own_out_hwm (outhwm_),'].join('\n'),
  },
  {
    name: 'an inproc peer\'s high-water marks taken for this end\'s own (kept)',
    file: 'src/pipe.cpp',
    find: ['void zmq::pipe_t::set_hwms (int inhwm_, int outhwm_)', '{'].join('\n'),
    replace: ['void zmq::pipe_t::set_hwms (int inhwm_, int outhwm_)', '{', '    _own_in_hwm = inhwm_;', '    _own_out_hwm = outhwm_;'].join('\n'),
  },
  {
    // The connecting socket built the pipe from the sums; its ends learn their own parts.
    name: 'an inproc peer\'s high-water marks taken for this end\'s own (connect)',
    file: 'src/socket_base.cpp',
    find: [
      '            new_pipes[1]->set_hwms_boost (options.sndhwm, options.rcvhwm);',
      '        }',
    ].join('\n'),
    replace: [
      '            new_pipes[1]->set_hwms_boost (options.sndhwm, options.rcvhwm);',
      '            if (peer.socket) {',
      '                new_pipes[0]->set_hwms (options.rcvhwm, options.sndhwm);',
      '                new_pipes[1]->set_hwms (peer.options.rcvhwm,',
      '                                        peer.options.sndhwm);',
      '            }',
      '        }',
    ].join('\n'),
  },
]
