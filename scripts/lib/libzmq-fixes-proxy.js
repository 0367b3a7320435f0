'use strict'

// The fixes to libzmq's proxy, part of scripts/lib/libzmq-fixes.js (applied in its
// order, where this list stands in its FIXES).

// The proxy's two forward() calls, one per direction, pass it the control socket (see
// the capture socket fix below); `stats` names the destination's counters.
function forwardWithControl(direction, stats) {
  const call = `                              &${stats}_stats, capture_, &msg`
  return {
    name: `a proxy blocked in a send to a full capture socket, deaf to TERMINATE (${direction})`,
    file: 'src/proxy.cpp',
    find: `${call});`,
    replace: `${call}, control_);`,
  }
}

module.exports = [
  {
    // The proxy forwards a burst of up to 1,000 messages with blocking sends once its
    // poll saw the destination writable. When the destination filled up mid-burst (its
    // readers slow, or gone), the proxy thread waited in that send and never read its
    // control socket again: terminate() and closing its sockets froze. Each message of a
    // burst now goes only while the destination can take it; otherwise the burst ends
    // and the proxy waits in its poll, which watches the control socket too. (The rest
    // of a multipart message never waits: libzmq takes a message's parts together.)
    name: 'a proxy blocked in a send to a full destination, deaf to TERMINATE',
    file: 'src/proxy.cpp',
    find: ['        size_t complete_msg_size = 0;', '', '        // Forward all the parts of one message'].join('\n'),
    replace: [
      '        size_t complete_msg_size = 0;',
      '',
      '        int to_events = 0;',
      '        size_t to_events_size = sizeof to_events;',
      '        if (unlikely (to_->getsockopt (ZMQ_EVENTS, &to_events, &to_events_size) < 0))',
      '            return -1;',
      '        if (!(to_events & ZMQ_POLLOUT))',
      '            return 0;',
      '',
      '        // Forward all the parts of one message',
    ].join('\n'),
  },
  // A capture socket that could not take its copy (a PUSH or DEALER nobody reads, full
  // to its high-water mark) held the proxy thread in a blocking send the same way, and
  // the copy of each control command went through the same send before the command was
  // read: terminate() and closing the proxy's sockets, or their context, froze. Now each
  // message waits, before it is read, until the capture socket can take its copy or a
  // command arrives (which ends the burst, so the loop reads it); and a command's copy
  // goes only if the capture socket takes it at once. Messages are still copied, in
  // order, whenever the proxy forwards them.
  {
    name: 'a proxy blocked in a send to a full capture socket, deaf to TERMINATE (capture)',
    file: 'src/proxy.cpp',
    find: [
      'static int',
      'capture (class zmq::socket_base_t *capture_, zmq::msg_t *msg_, int more_ = 0)',
      '{',
    ].join('\n'),
    replace: [
      'static int capture (class zmq::socket_base_t *capture_,',
      '                    zmq::msg_t *msg_,',
      '                    int more_ = 0,',
      '                    int flags_ = 0)',
      '{',
    ].join('\n'),
  },
  {
    name: 'a proxy blocked in a send to a full capture socket, deaf to TERMINATE (copy)',
    file: 'src/proxy.cpp',
    find: [
      '        rc = capture_->send (&ctrl, more_ ? ZMQ_SNDMORE : 0);',
      '        if (unlikely (rc < 0))',
      '            return -1;',
      '    }',
      '    return 0;',
      '}',
    ].join('\n'),
    replace: [
      '        rc = capture_->send (&ctrl, (more_ ? ZMQ_SNDMORE : 0) | flags_);',
      '        if (unlikely (rc < 0)) {',
      '            const int error = errno;',
      '            ctrl.close ();',
      '            errno = error;',
      '            return (flags_ & ZMQ_DONTWAIT) && error == EAGAIN ? 0 : -1;',
      '        }',
      '    }',
      '    return 0;',
      '}',
      '',
      '//  1 once the capture socket can take a message, 0 if a control command came first,',
      '//  -1 on error. Without a control socket there is nothing else to wait for.',
      'static int wait_for_capture (class zmq::socket_base_t *capture_,',
      '                             class zmq::socket_base_t *control_)',
      '{',
      '    int events = 0;',
      '    size_t events_size = sizeof events;',
      '    if (unlikely (capture_->getsockopt (ZMQ_EVENTS, &events, &events_size) < 0))',
      '        return -1;',
      '    if ((events & ZMQ_POLLOUT) || !control_)',
      '        return 1;',
      '    zmq_pollitem_t items[] = {{capture_, 0, ZMQ_POLLOUT, 0},',
      '                              {control_, 0, ZMQ_POLLIN, 0}};',
      '    if (zmq_poll (items, 2, -1) < 0)',
      '        return -1;',
      '    return (items[0].revents & ZMQ_POLLOUT) ? 1 : 0;',
      '}',
    ].join('\n'),
  },
  {
    name: 'a proxy blocked in a send to a full capture socket, deaf to TERMINATE (forward)',
    file: 'src/proxy.cpp',
    find: [
      '                    class zmq::socket_base_t *capture_,',
      '                    zmq::msg_t *msg_)',
      '{',
      '    // Forward a burst of messages',
    ].join('\n'),
    replace: [
      '                    class zmq::socket_base_t *capture_,',
      '                    zmq::msg_t *msg_,',
      '                    class zmq::socket_base_t *control_ = NULL)',
      '{',
      '    // Forward a burst of messages',
    ].join('\n'),
  },
  {
    name: 'a proxy blocked in a send to a full capture socket, deaf to TERMINATE (burst)',
    file: 'src/proxy.cpp',
    find: ['        if (!(to_events & ZMQ_POLLOUT))', '            return 0;', ''].join('\n'),
    replace: [
      '        if (!(to_events & ZMQ_POLLOUT))',
      '            return 0;',
      '        if (capture_) {',
      '            const int capture_ready = wait_for_capture (capture_, control_);',
      '            if (capture_ready <= 0)',
      '                return capture_ready;',
      '        }',
      '',
    ].join('\n'),
  },
  forwardWithControl('requests', 'backend'),
  forwardWithControl('replies', 'frontend'),
  {
    name: 'a proxy blocked in a send to a full capture socket, deaf to TERMINATE (commands)',
    file: 'src/proxy.cpp',
    find: ['            //  Copy message to capture socket if any.', '            rc = capture (capture_, &msg);'].join('\n'),
    replace: ['            //  Copy message to capture socket if any.', '            rc = capture (capture_, &msg, 0, ZMQ_DONTWAIT);'].join('\n'),
  },
]
