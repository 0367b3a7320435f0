'use strict'

// Fixes to the pinned libzmq source, applied after extracting it and before building it.
// Each one is a libzmq bug that aborts (or, two, freeze) the process and that the pinned
// release still has.
// Each must match the source exactly as often as it says (scripts/lib/source-edits.js).

const { sourceChange } = require('./source-edits')
const HIGH_WATER_MARK_FIXES = require('./libzmq-fixes-hwm')
const PROXY_FIXES = require('./libzmq-fixes-proxy')

// The mailbox's signaler list, changed by a function whose body starts with `statement`,
// takes the list's own lock first (part of the thread-safe socket fix below).
function signalerListLocked(what, statement) {
  return {
    name: `thread-safe sockets sending commands to each other (${what})`,
    file: 'src/mailbox_safe.cpp',
    find: `{\n    ${statement}`,
    replace: `{\n    scoped_lock_t lock (_signalers_sync);\n    ${statement}`,
  }
}

// A greeting or routing id written into an inproc peer's pipe that no longer takes
// writes asserted; there is no one left to receive it, so it is dropped (see FIXES).
function droppedWhenUnwritable(name, file, indent, flag, message) {
  const line = (text) => indent + text
  return {
    name,
    file,
    find: [line(`const bool ${flag} = pipe_->write (&${message});`), line(`zmq_assert (${flag});`), line('pipe_->flush ();')].join('\n'),
    replace: [line(`if (pipe_->write (&${message}))`), line('    pipe_->flush ();'), line('else'), line(`    ${message}.close ();`)].join('\n'),
  }
}

// ROUTER and STREAM asserted that a connect routing id is not taken (see FIXES).
function connectRoutingIdTakenOver(file) {
  return {
    name: `a connect routing id that an earlier connection still holds (${file})`,
    file,
    find: ['        //  Not allowed to duplicate an existing rid', '        zmq_assert (!has_out_pipe (routing_id));'].join('\n'),
    replace: [
      '        //  An earlier connection holding this id gives it up and goes on',
      '        //  under a generated one, keeping its place in the write rotation.',
      '        out_pipe_t *const holder = lookup_out_pipe (routing_id);',
      '        if (holder) {',
      '            pipe_t *const old_pipe = holder->pipe;',
      '            const bool was_active = holder->active;',
      '            unsigned char generated[5];',
      '            generated[0] = 0;',
      '            put_uint32 (generated + 1, _next_integral_routing_id++);',
      '            const blob_t generated_id (generated, sizeof generated);',
      '            erase_out_pipe (old_pipe);',
      '            old_pipe->set_router_socket_routing_id (generated_id);',
      '            add_out_pipe (blob_t (generated, sizeof generated), old_pipe);',
      '            lookup_out_pipe (generated_id)->active = was_active;',
      '        }',
    ].join('\n'),
  }
}

const FIXES = [
  {
    // A conflating socket's pipe keeps only its latest message, so when such a socket
    // connected over inproc before anyone bound the address and then disconnected or
    // closed, the pipe's end-of-stream marker replaced the routing id that libzmq
    // expects to find there. The next bind of that address, or the context's
    // termination (which binds every pending address), then aborted on
    // `zmq_assert (ok)` in ctx.cpp. There is nothing to drop in that case: the read has
    // already taken the marker and moved the pipe on in its termination.
    name: 'inproc connect-before-bind with ZMQ_CONFLATE, then disconnect or close',
    file: 'src/ctx.cpp',
    find: [
      '        msg_t msg;',
      '        const bool ok = pending_connection_.bind_pipe->read (&msg);',
      '        zmq_assert (ok);',
      '        const int rc = msg.close ();',
      '        errno_assert (rc == 0);',
    ].join('\n'),
    replace: [
      '        msg_t msg;',
      '        if (pending_connection_.bind_pipe->read (&msg)) {',
      '            const int rc = msg.close ();',
      '            errno_assert (rc == 0);',
      '        }',
    ].join('\n'),
  },
  {
    // A failed connection to a SOCKS proxy (refused, or closed during the handshake)
    // removed the connecter's poll handle without forgetting it, so closing or
    // disconnecting the socket before the next attempt removed it again: epoll reported
    // EBADF and libzmq aborted on `errno_assert` in epoll.cpp (the handle was also freed
    // memory by then). The base class's rm_handle() removes and forgets it.
    name: 'socksProxy connection failure, then close or disconnect',
    file: 'src/socks_connecter.cpp',
    find: ['void zmq::socks_connecter_t::error ()', '{', '    rm_fd (_handle);'].join('\n'),
    replace: ['void zmq::socks_connecter_t::error ()', '{', '    rm_handle ();'].join('\n'),
  },
  {
    // Over inproc there is no handshake, so nothing stops a peer from sending a STREAM
    // socket a multipart message, and STREAM asserted (stream.cpp:201 and 240) that
    // every frame is the last. Each frame now arrives as a chunk of its own, as the
    // data of a TCP peer does. Both places (xrecv and xhas_in) read the same way.
    name: 'STREAM over inproc receiving a multipart message',
    file: 'src/stream.cpp',
    occurrences: 2,
    find: ['    zmq_assert (pipe != NULL);', '    zmq_assert ((_prefetched_msg.flags () & msg_t::more) == 0);'].join('\n'),
    replace: ['    zmq_assert (pipe != NULL);', '    _prefetched_msg.reset_flags (msg_t::more);'].join('\n'),
  },
  // Binding an inproc address that a since-closed socket had connected to first
  // attaches that socket's pipe, which no longer takes writes, and a hello message
  // (draft helloMessage) or an XPUB welcome message written into it asserted
  // (pipe.cpp:98, xpub.cpp:90). There is no one left to greet: the message is dropped.
  droppedWhenUnwritable('hello message to an inproc peer that closed before the bind', 'src/pipe.cpp', '    ', 'written', 'hello'),
  droppedWhenUnwritable('XPUB welcome message to an inproc peer that closed before the bind', 'src/xpub.cpp', '        ', 'ok', 'copy'),
  // The same for the binder's routing id, written into the pipe of a socket that
  // receives routing ids (ROUTER, STREAM, ...) and had connected first: when that socket
  // had disconnected from the address since, the write failed and asserted
  // (pipe.cpp:87). The connection is gone; so is the routing id.
  droppedWhenUnwritable('routing id to an inproc peer that disconnected before the bind', 'src/pipe.cpp', '    ', 'written', 'id'),
  ...HIGH_WATER_MARK_FIXES,
  ...PROXY_FIXES,
  {
    // When a connection ends, its session drops the rest of a message its engine was
    // halfway through sending, reading it from the pipe, and asserted that each read
    // works. After disconnect() the pipe is ending and refuses reads, so a peer closing
    // a connection in the middle of a large multipart message aborted the process
    // (session_base.cpp:262). The ending pipe drops those frames itself.
    name: 'the rest of a half-sent message on a pipe that disconnect() is ending',
    file: 'src/session_base.cpp',
    find: ['        rc = pull_msg (&msg);', '        errno_assert (rc == 0);', '        rc = msg.close ();'].join('\n'),
    replace: [
      '        rc = pull_msg (&msg);',
      '        if (rc != 0) {',
      '            errno_assert (errno == EAGAIN);',
      '            _incomplete_in = false;',
      '            break;',
      '        }',
      '        rc = msg.close ();',
    ].join('\n'),
  },
  {
    // A draft socket with ZMQ_DISCONNECT_MSG writes it into the pipe of a connection that
    // ended, without checking that the pipe still has its out end: a pipe that is ending
    // (the socket closing as an accepted connection drops) has none, and the write
    // crashed the I/O thread (SIGSEGV). There is nobody left to read it: it is dropped.
    name: 'a disconnect message written into a pipe that is ending',
    file: 'src/pipe.cpp',
    find: ['        _out_pipe->write (_disconnect_msg, false);', '        flush ();', '        _disconnect_msg.init ();'].join('\n'),
    replace: [
      '        if (_out_pipe) {',
      '            _out_pipe->write (_disconnect_msg, false);',
      '            flush ();',
      '        } else',
      '            _disconnect_msg.close ();',
      '        _disconnect_msg.init ();',
    ].join('\n'),
  },
  {
    // A DGRAM socket neither bound nor connected has no pipe; its send closed the message
    // and failed without setting errno, and zmq_send then closed the message a second
    // time and aborted on the EFAULT (zmq.cpp:413). Now it fails with EAGAIN and leaves
    // the message to its caller, as PAIR does without a peer: the send waits for one.
    name: 'send on a DGRAM socket that is neither bound nor connected',
    file: 'src/dgram.cpp',
    find: ['    if (!_pipe) {', '        const int rc = msg_->close ();', '        errno_assert (rc == 0);', '        return -1;', '    }'].join('\n'),
    replace: ['    if (!_pipe) {', '        errno = EAGAIN;', '        return -1;', '    }'].join('\n'),
  },
  {
    // A DISH on udp:// read a datagram's group length as a signed char: one datagram
    // from anyone whose first byte was 0x80 or more (or a RADIO's group of 128 bytes
    // or more) made init_size fail with ENOMEM and abort the process
    // (udp_engine.cpp:574). It also copied the group before checking that the datagram
    // held it. Now the length is unsigned and a datagram too short for its group is
    // ignored first, as libzmq meant to.
    name: 'DISH on udp:// given a datagram with a group length byte of 0x80 or more',
    file: 'src/udp_engine.cpp',
    find: [
      '        const int group_size = _in_buffer[0];',
      '',
      '        rc = msg.init_size (group_size);',
      '        errno_assert (rc == 0);',
      '        msg.set_flags (msg_t::more);',
      '        memcpy (msg.data (), group_buffer, group_size);',
      '',
      '        //  This doesn\'t fit, just ingore',
      '        if (nbytes - 1 < group_size)',
      '            return;',
    ].join('\n'),
    replace: [
      '        const int group_size =',
      '          nbytes > 0 ? static_cast<unsigned char> (_in_buffer[0]) : 0;',
      '        if (nbytes < 1 || nbytes - 1 < group_size)',
      '            return;',
      '',
      '        rc = msg.init_size (group_size);',
      '        errno_assert (rc == 0);',
      '        msg.set_flags (msg_t::more);',
      '        memcpy (msg.data (), group_buffer, group_size);',
    ].join('\n'),
  },
  {
    // Terminating a context binds a PAIR socket to each pending inproc connection (one
    // whose address nobody bound), to let it finish. A socket per connection ran out of
    // socket slots and asserted (ctx.cpp:171) with a few hundred of them, to one address
    // or to as many. One socket now binds every pending address once (a bind connects
    // all of its address's pending connections; a PAIR keeps the first and ends the
    // rest, which is all termination needs).
    name: 'context termination with many pending inproc connections',
    file: 'src/ctx.cpp',
    find: [
      '    for (pending_connections_t::iterator p = copy.begin (), end = copy.end ();',
      '         p != end; ++p) {',
      '        zmq::socket_base_t *s = create_socket (ZMQ_PAIR);',
      '        // create_socket might fail eg: out of memory/sockets limit reached',
      '        zmq_assert (s);',
      '        s->bind (p->first.c_str ());',
      '        s->close ();',
      '    }',
    ].join('\n'),
    replace: [
      '    if (!copy.empty ()) {',
      '        zmq::socket_base_t *s = create_socket (ZMQ_PAIR);',
      '        // create_socket might fail eg: out of memory/sockets limit reached',
      '        zmq_assert (s);',
      '        for (pending_connections_t::iterator p = copy.begin (),',
      '                                             end = copy.end ();',
      '             p != end; p = copy.upper_bound (p->first))',
      '            s->bind (p->first.c_str ());',
      '        s->close ();',
      '    }',
    ].join('\n'),
  },
  {
    // That socket needs a slot of its own, and pending connections hold theirs until
    // bound: a program that left about a thousand of them (the next socket failing with
    // EMFILE) aborted at exit all the same. start() now keeps one more slot out of the
    // free list, and terminate() frees it for this socket.
    name: 'context termination with every socket slot held by pending inproc connections',
    file: 'src/ctx.cpp',
    find: ['    if (!copy.empty ()) {', '        zmq::socket_base_t *s = create_socket (ZMQ_PAIR);'].join('\n'),
    replace: [
      '    if (!copy.empty ()) {',
      '        const uint32_t kept_slot = static_cast<uint32_t> (_io_threads.size ()) + 2;',
      '        bool given = _slots[kept_slot] != NULL;',
      '        for (size_t i = 0; !given && i != _empty_slots.size (); i++)',
      '            given = _empty_slots[i] == kept_slot;',
      '        if (!given)',
      '            _empty_slots.push_back (kept_slot);',
      '        zmq::socket_base_t *s = create_socket (ZMQ_PAIR);',
    ].join('\n'),
  },
  {
    name: 'context termination with every socket slot held (a slot kept for it)',
    file: 'src/ctx.cpp',
    find: '    const int slot_count = mazmq + ios + term_and_reaper_threads_count;',
    replace: '    const int slot_count = mazmq + ios + term_and_reaper_threads_count + 1;',
  },
  {
    name: 'context termination with every socket slot held (not in the free list)',
    file: 'src/ctx.cpp',
    find: '         i >= static_cast<int32_t> (ios) + term_and_reaper_threads_count; i--) {',
    replace: '         i > static_cast<int32_t> (ios) + term_and_reaper_threads_count; i--) {',
  },
  {
    // Over inproc no handshake checks the peer's type, so a DISH connected to a socket
    // that is not a RADIO sends it the join and leave requests only RADIO understands
    // (messages without data), and the first read of their size or data aborted
    // (`Assertion failed: false (src/msg.cpp:427)`), on either side of the connection.
    // Such a request now reads as an empty frame. Its data is a valid address (the
    // message's own small-message buffer), not NULL: a SUB socket's subscription filter
    // asserts that it has a key to match (radix_tree.cpp:222).
    name: 'a join or leave request read by a socket that is not a RADIO (its size)',
    file: 'src/msg.cpp',
    find: ['            return _u.lmsg.content->size;', '        case type_zclmsg:'].join('\n'),
    replace: ['            return _u.lmsg.content->size;', '        case type_join:', '        case type_leave:', '            return 0;', '        case type_zclmsg:'].join('\n'),
  },
  {
    name: 'a join or leave request read by a socket that is not a RADIO (its data)',
    file: 'src/msg.cpp',
    find: ['            return _u.cmsg.data;', '        case type_zclmsg:'].join('\n'),
    replace: ['            return _u.cmsg.data;', '        case type_join:', '        case type_leave:', '            return _u.vsm.data;', '        case type_zclmsg:'].join('\n'),
  },
  {
    // A RADIO or DGRAM socket on udp:// copied each message into a datagram buffer of
    // 8 KiB (MAX_UDP_MSG) without checking its size: a larger message overran it and
    // corrupted the heap, so the process crashed a little later. A message that does not
    // fit one datagram is now dropped, as UDP would lose it anyway.
    name: 'a message larger than a udp:// datagram buffer',
    file: 'src/udp_engine.cpp',
    find: [
      '            size = body_size;',
      '',
      '            memcpy (_out_buffer, body_msg.data (), body_size);',
      '        } else {',
      '            size = group_size + body_size + 1;',
      '',
      '            // TODO: check if larger than maximum size',
      '            _out_buffer[0] = static_cast<unsigned char> (group_size);',
    ].join('\n'),
    replace: [
      '            size = body_size;',
      '        } else {',
      '            size = group_size + body_size + 1;',
      '        }',
      '        if (size > MAX_UDP_MSG) {',
      '            rc = group_msg.close ();',
      '            errno_assert (rc == 0);',
      '            rc = body_msg.close ();',
      '            errno_assert (rc == 0);',
      '            return;',
      '        }',
      '        if (_options.raw_socket) {',
      '            memcpy (_out_buffer, body_msg.data (), body_size);',
      '        } else {',
      '            _out_buffer[0] = static_cast<unsigned char> (group_size);',
    ].join('\n'),
  },
  {
    // A context's last act (ctx_t's destructor) takes a function-local static mutex in
    // random.cpp. zmq-napi terminates closed contexts on threads of their own, so when
    // the process exits (process.exit(), say) while one is still terminating, exit's
    // static destructors could destroy that mutex before or while the thread took it:
    // "Invalid argument (src/mutex.hpp:136)" and SIGABRT instead of the exit code. The
    // mutex is now allocated once and never destroyed.
    name: 'a context finishing its termination while the process exits',
    file: 'src/random.cpp',
    find: ['    static int random_refcount = 0;', '    static zmq::mutex_t random_sync;'].join('\n'),
    replace: ['    static int random_refcount = 0;', '    static zmq::mutex_t &random_sync = *new zmq::mutex_t;'].join('\n'),
  },
  {
    // An XPUB (or a proxy's back end) handed each upstream message it read to its reader
    // as a new copy, but with the flags of the message it copied. One sent by an XSUB
    // with several peers is marked shared, and the new copy then claimed a reference
    // count it did not have: copying it (a proxy's capture socket) or sending it to
    // several peers freed its body while another reference still used it. Messages were
    // delivered with other messages' contents, and the freed memory, written again,
    // corrupted the heap. Only the `more` flag belongs to the copy.
    name: 'an XPUB passing on the shared flag of an upstream message',
    file: 'src/xpub.cpp',
    find: '            _pending_flags.push_back (msg.flags ());',
    replace: '            _pending_flags.push_back (msg.flags () & msg_t::more);',
  },
  {
    // A PLAIN server with ZMQ_ZAP_ENFORCE_DOMAIN and no ZMQ_ZAP_DOMAIN asserted
    // (plain_server.cpp:54) on every client's handshake. With that option libzmq asks ZAP
    // only for sockets that name a domain, and PLAIN cannot check a password without
    // ZAP: the client is refused (EFAULT), as a PLAIN server without a handler refuses
    // it. This and the next edit go together.
    name: 'a PLAIN server with zapEnforceDomain and no zapDomain (the assertion)',
    file: 'src/plain_server.cpp',
    find: ['    if (options.zap_enforce_domain)', '        zmq_assert (zap_required ());', '}'].join('\n'),
    replace: '}',
  },
  {
    name: 'a PLAIN server with zapEnforceDomain and no zapDomain (the refusal)',
    file: 'src/plain_server.cpp',
    find: ['    rc = session->zap_connect ();', '    if (rc != 0) {'].join('\n'),
    replace: ['    rc = options.zap_enforce_domain && !zap_required () ? -1 : session->zap_connect ();', '    if (rc != 0) {'].join('\n'),
  },
  {
    // A DGRAM socket on tcp://, ipc:// or inproc:// got libzmq's raw stream engine, which
    // wrote its address frame as data and aborted on a message with an empty body (its
    // encoder produced no bytes: stream_engine_base.cpp:370). DGRAM is a udp:// socket;
    // other transports are refused as udp:// is refused to other types.
    name: 'a DGRAM socket on a transport other than udp://',
    file: 'src/socket_base.cpp',
    find: ['            && options.type != ZMQ_DGRAM)) {', '        errno = ENOCOMPATPROTO;', '        return -1;', '    }'].join('\n'),
    replace: [
      '            && options.type != ZMQ_DGRAM)) {',
      '        errno = ENOCOMPATPROTO;',
      '        return -1;',
      '    }',
      '    if (options.type == ZMQ_DGRAM && protocol_ != protocol_name::udp) {',
      '        errno = ENOCOMPATPROTO;',
      '        return -1;',
      '    }',
    ].join('\n'),
  },
  {
    // A DGRAM socket writes each sender's address as IPv4 "ip:port" and asserted that the
    // sender was IPv4 (udp_engine.cpp:569): with ZMQ_IPV6 set its socket is IPv6 and even
    // an IPv4 sender arrives as a mapped IPv6 address, so the first datagram aborted the
    // process. Its addresses (received and sent) are IPv4 only, so an IPv6 DGRAM socket is
    // refused at bind and connect.
    name: 'a DGRAM socket with ZMQ_IPV6',
    file: 'src/socket_base.cpp',
    find: ['    if (options.type == ZMQ_DGRAM && protocol_ != protocol_name::udp) {', '        errno = ENOCOMPATPROTO;', '        return -1;', '    }'].join('\n'),
    replace: [
      '    if (options.type == ZMQ_DGRAM && protocol_ != protocol_name::udp) {',
      '        errno = ENOCOMPATPROTO;',
      '        return -1;',
      '    }',
      '    if (options.type == ZMQ_DGRAM && options.ipv6) {',
      '        errno = EAFNOSUPPORT;',
      '        return -1;',
      '    }',
    ].join('\n'),
  },
  // ZMQ_CONNECT_ROUTING_ID names the next connection; libzmq asserted the name was free
  // (router.cpp:463, stream.cpp:281), so connecting twice with the same routingId, or
  // again right after disconnect() while the old connection was still ending, aborted
  // the process. The new connection takes the name, as ZMQ_ROUTER_HANDOVER gives a
  // reconnecting peer its id; the old one is not closed.
  connectRoutingIdTakenOver('src/router.cpp'),
  connectRoutingIdTakenOver('src/stream.cpp'),
  {
    // A thread-safe (draft) socket's command mailbox used the socket's own mutex for its
    // senders too, so sending a command to a socket meant taking its lock while usually
    // holding one's own: two threads sending to each other's sockets could deadlock. One did
    // when a RADIO (or CHANNEL) bound an inproc address that a since-closed DISH (or CLIENT,
    // CHANNEL, SCATTER) had connected to: the binding thread held the RADIO's lock and
    // waited for the DISH's, while libzmq's reaper, reaping the DISH under its lock, waited
    // for the RADIO's. The process froze in bind. Senders now take a mutex of the mailbox's
    // own (and the socket's lock only to wake a thread that blocks in libzmq waiting for a
    // command, which zmq-napi never does), the signaler list gets its own, and a blocking
    // receiver counts itself before it waits, so no wake-up is lost.
    name: 'thread-safe sockets sending commands to each other (the mailbox members)',
    file: 'src/mailbox_safe.hpp',
    find: ['    mutex_t *const _sync;', ''].join('\n'),
    replace: ['    mutex_t *const _sync;', '', '    //  Serializes senders, apart from the socket\'s lock.', '    mutex_t _write_sync;', '', '    //  Guards _signalers; taken last, and never while waiting for another lock.', '    mutex_t _signalers_sync;', '', '    //  Receivers waiting on _cond_var: only they need a sender to take _sync.', '    atomic_counter_t _waiters;', ''].join('\n'),
  },
  {
    name: 'thread-safe sockets sending commands to each other (the counter header)',
    file: 'src/mailbox_safe.hpp',
    find: '#include "condition_variable.hpp"',
    replace: ['#include "condition_variable.hpp"', '#include "atomic_counter.hpp"'].join('\n'),
  },
  {
    name: 'thread-safe sockets sending commands to each other (the destructor waits for senders)',
    file: 'src/mailbox_safe.cpp',
    find: ['    _sync->lock ();', '    _sync->unlock ();', '}'].join('\n'),
    replace: ['    _write_sync.lock ();', '    _write_sync.unlock ();', '    _sync->lock ();', '    _sync->unlock ();', '}'].join('\n'),
  },
  signalerListLocked('adding a signaler', '_signalers.push_back (signaler_);'),
  {
    name: 'thread-safe sockets sending commands to each other (removing a signaler)',
    file: 'src/mailbox_safe.cpp',
    find: '    // TODO: make a copy of array and signal outside the lock',
    replace: '    scoped_lock_t lock (_signalers_sync);',
  },
  signalerListLocked('clearing the signalers', '_signalers.clear ();'),
  {
    name: 'thread-safe sockets sending commands to each other (send)',
    file: 'src/mailbox_safe.cpp',
    find: ['    _sync->lock ();', '    _cpipe.write (cmd_, false);', '    const bool ok = _cpipe.flush ();', '', '    if (!ok) {', '        _cond_var.broadcast ();', '', '        for (std::vector<signaler_t *>::iterator it = _signalers.begin (),'].join('\n'),
    replace: ['    scoped_lock_t write_lock (_write_sync);', '    _cpipe.write (cmd_, false);', '    const bool ok = _cpipe.flush ();', '', '    if (!ok) {', '        //  add (0) is a read-modify-write, ordered against the receiver\'s: either it', '        //  sees the receiver counted, or the receiver\'s second look finds the command.', '        if (_waiters.add (0) != 0) {', '            scoped_lock_t sync_lock (*_sync);', '            _cond_var.broadcast ();', '        }', '', '        scoped_lock_t signalers_lock (_signalers_sync);', '        for (std::vector<signaler_t *>::iterator it = _signalers.begin (),'].join('\n'),
  },
  {
    name: 'thread-safe sockets sending commands to each other (end of send)',
    file: 'src/mailbox_safe.cpp',
    find: ['            (*it)->send ();', '        }', '    }', '', '    _sync->unlock ();', '}'].join('\n'),
    replace: ['            (*it)->send ();', '        }', '    }', '}'].join('\n'),
  },
  {
    name: 'thread-safe sockets sending commands to each other (a blocking receive)',
    file: 'src/mailbox_safe.cpp',
    find: ['        //  Wait for signal from the command sender.', '        const int rc = _cond_var.wait (_sync, timeout_);'].join('\n'),
    replace: ['        //  Count this receiver before looking again, so that a sender either sees it', '        //  and wakes it, or wrote before the second look and is found by it.', '        _waiters.add (1);', '        if (_cpipe.read (cmd_)) {', '            _waiters.sub (1);', '            return 0;', '        }', '        const int rc = _cond_var.wait (_sync, timeout_);', '        _waiters.sub (1);'].join('\n'),
  },
]

module.exports = sourceChange('libzmq fix', FIXES)
