// zmq-napi/draft: libzmq's draft socket types and draft options. They need a libzmq
// built with the draft API, which the default static build has.
import "./index"

import {disconnectMessageOption, helloMessageOption, standardTypesDraftOptions} from "./draft-options"
import {addon} from "./native"
import {defineOptions, Kind, nativeHandle} from "./options"
import {Message, MessageLike, OperationOptions, Socket} from "./socket"
import {chunkedReceive, connectWith, sendsEnvelope} from "./socket-hooks"
import {SocketType} from "./socket-type"
import {defineSocketType} from "./sockets"
import type {Readable, SocketOptions, Writable} from "./types"

if (!addon.capability.draft) {
  throw new Error(
    "zmq-napi/draft needs libzmq's draft API, which this build lacks (it was built against a " +
      "system libzmq without drafts). Rebuild with the bundled libzmq: unset " +
      "ZMQ_NAPI_USE_SYSTEM_LIBZMQ and run `npm rebuild zmq-napi`, or use a libzmq configured " +
      "with --enable-drafts.",
  )
}

export interface RoutingIdOptions {
  /** The peer this message goes to, as reported in received messages. */
  routingId: number
}

export interface GroupOptions {
  /** The group this message belongs to (at most 255 bytes). */
  group: Buffer | string
}

/** Thread-safe replacement for ROUTER: replies name the peer by a numeric routing id. */
export class Server extends Socket {
  constructor(options?: SocketOptions<Server>) {
    super(SocketType.Server, options)
  }
}
export interface Server
  extends Readable<[Message, {routingId: number}]>,
    Writable<MessageLike, [RoutingIdOptions & OperationOptions]> {
  /** ZMQ_HELLO_MSG (draft): sent to every new peer. */
  helloMessage: Buffer | string | null
  /** ZMQ_DISCONNECT_MSG (draft): received from a peer when it disconnects. */
  disconnectMessage: Buffer | string | null
}
defineSocketType(Server, {send: true, receive: true})

/** Thread-safe replacement for DEALER, talking to a Server. Single-frame messages. */
export class Client extends Socket {
  constructor(options?: SocketOptions<Client>) {
    super(SocketType.Client, options)
  }
}
export interface Client extends Readable<[Message]>, Writable<MessageLike> {
  /** ZMQ_HELLO_MSG (draft): sent to every new peer. */
  helloMessage: Buffer | string | null
}
defineSocketType(Client, {send: true, receive: true})

/** Publishes to groups, over udp (multicast) or tcp; dishes join the groups they want. */
export class Radio extends Socket {
  constructor(options?: SocketOptions<Radio>) {
    super(SocketType.Radio, options)
  }
}
export interface Radio extends Writable<MessageLike, [GroupOptions & OperationOptions]> {}
defineSocketType(Radio, {send: true})

function checkGroups(groups: unknown[]): Array<string | Buffer> {
  if (groups.length === 0) throw new TypeError(`The "groups" argument must name at least one group`)
  return groups.map((group, index) => {
    if (typeof group === "string" || Buffer.isBuffer(group)) return group
    throw new TypeError(`The "groups[${index}]" argument must be a string or a Buffer`)
  })
}

/** Receives what radios send to the groups it joined. */
export class Dish extends Socket {
  constructor(options?: SocketOptions<Dish>) {
    super(SocketType.Dish, options)
  }

  /** Joins groups; messages to them are received from now on. */
  join(...groups: Array<Buffer | string>): void {
    for (const group of checkGroups(groups)) this[nativeHandle].join(group)
  }

  /** Leaves groups joined before. */
  leave(...groups: Array<Buffer | string>): void {
    for (const group of checkGroups(groups)) this[nativeHandle].leave(group)
  }
}
export interface Dish extends Readable<[Message, {group: Buffer}]> {}
defineSocketType(Dish, {receive: true})

/** Thread-safe PULL. */
export class Gather extends Socket {
  constructor(options?: SocketOptions<Gather>) {
    super(SocketType.Gather, options)
  }
}
export interface Gather extends Readable<[Message]> {
  conflate: boolean
}
defineSocketType(Gather, {receive: true, options: {conflate: [54, Kind.Bool]}})

/** Thread-safe PUSH. */
export class Scatter extends Socket {
  constructor(options?: SocketOptions<Scatter>) {
    super(SocketType.Scatter, options)
  }
}
export interface Scatter extends Writable<MessageLike> {
  conflate: boolean
}
defineSocketType(Scatter, {send: true, options: {conflate: [54, Kind.Bool]}})

/**
 * UDP datagrams: each message is [address, data]. Sends take "ip:port"; received
 * addresses are libzmq's NUL-terminated "ip:port" text, which can be sent back as is.
 */
export class Datagram extends Socket {
  constructor(options?: SocketOptions<Datagram>) {
    super(SocketType.Datagram, options)
  }
}
export interface Datagram extends Readable<[Message, Message]>, Writable<[MessageLike, MessageLike]> {}
defineSocketType(Datagram, {send: true, receive: true})

/** Peer-to-peer: connects and binds, and addresses peers by routing id like a Server. */
export class Peer extends Socket {
  constructor(options?: SocketOptions<Peer>) {
    super(SocketType.Peer, options)
  }

  /** Connects and returns the routing id to send to that peer with. */
  connectPeer(address: string): number {
    return this[connectWith](address, (native) => native.connectPeer(address))
  }
}
export interface Peer
  extends Readable<[Message, {routingId: number}]>,
    Writable<MessageLike, [RoutingIdOptions & OperationOptions]> {
  /** ZMQ_HELLO_MSG (draft): sent to every new peer. */
  helloMessage: Buffer | string | null
  /** ZMQ_DISCONNECT_MSG (draft): received from a peer when it disconnects. */
  disconnectMessage: Buffer | string | null
}
defineSocketType(Peer, {send: true, receive: true})

/** Thread-safe PAIR. */
export class Channel extends Socket {
  constructor(options?: SocketOptions<Channel>) {
    super(SocketType.Channel, options)
  }
}
export interface Channel extends Readable<[Message]>, Writable<MessageLike> {
  /** ZMQ_HELLO_MSG (draft): sent to every new peer. */
  helloMessage: Buffer | string | null
}
defineSocketType(Channel, {send: true, receive: true})

// Their messages carry a routing id or group beside the frame: the per-message path.
for (const type of [Server, Peer, Dish]) {
  ;(type.prototype as unknown as Record<symbol, boolean>)[chunkedReceive] = false
}
// Their sends take a routing id or group from the per-call options.
for (const type of [Server, Peer, Radio]) {
  ;(type.prototype as unknown as Record<symbol, boolean>)[sendsEnvelope] = true
}

// Draft options of libzmq 4.3 on the types they apply to; the draft types get the
// per-type ones their standard counterparts have.
for (const [prototype, table] of standardTypesDraftOptions) defineOptions(prototype, table)
for (const type of [Server, Peer, Client, Channel]) defineOptions(type.prototype, helloMessageOption)
for (const type of [Server, Peer]) defineOptions(type.prototype, disconnectMessageOption)

/** ZMQ_RECONNECT_STOP flags: when to give up reconnecting. */
export const ReconnectStop = {ConnectionRefused: 1, HandshakeFailed: 2, AfterDisconnect: 3} as const

/** ZMQ_ROUTER_NOTIFY flags: report peers connecting and/or disconnecting. */
export const RouterNotify = {Connect: 1, Disconnect: 2} as const

declare module "./socket" {
  interface Socket {
    /** ZMQ_RECONNECT_STOP (draft): stop reconnecting on these conditions (ReconnectStop flags). */
    reconnectStop: number
    socksUsername: string | null
    socksPassword: string | null
    /** ZMQ_IN_BATCH_SIZE (draft): bytes read from the kernel per batch. */
    inBatchSize: number
    /** ZMQ_OUT_BATCH_SIZE (draft): bytes written to the kernel per batch. */
    outBatchSize: number
    multicastLoop: boolean
    /** ZMQ_METADATA (draft): "X-Name:value" metadata sent in the handshake. */
    metadata: string | null
    priority: number
  }
}

declare module "./sockets" {
  interface Router {
    /** ZMQ_HELLO_MSG (draft): sent to every new peer. */
    helloMessage: Buffer | string | null
    /** ZMQ_DISCONNECT_MSG (draft): received from a peer when it disconnects. */
    disconnectMessage: Buffer | string | null
    /** ZMQ_ROUTER_NOTIFY (draft): RouterNotify flags; an empty message per event. */
    notify: number
  }
  interface Dealer {
    helloMessage: Buffer | string | null
  }
  interface Pair {
    helloMessage: Buffer | string | null
  }
  interface XPublisher {
    /** ZMQ_ONLY_FIRST_SUBSCRIBE (draft): only the first frame of a multipart message can subscribe. */
    onlyFirstSubscribe: boolean
    /** ZMQ_XPUB_MANUAL_LAST_VALUE (draft): manual subscriptions, sending only to the last subscriber. */
    manualLastValue: boolean
  }
  interface XSubscriber {
    onlyFirstSubscribe: boolean
  }
}

declare module "./context" {
  interface Context {
    /** ZMQ_THREAD_NAME_PREFIX (draft): numeric prefix of I/O thread names. */
    threadNamePrefix: number
    /** ZMQ_THREAD_AFFINITY_CPU_ADD (draft): pin I/O threads to this CPU. */
    threadAffinityCpuAdd: number
    /** ZMQ_THREAD_AFFINITY_CPU_REMOVE (draft). */
    threadAffinityCpuRemove: number
    /** ZMQ_ZERO_COPY_RECV (draft): let libzmq hand large received messages over without copying. */
    zeroCopyReceive: boolean
    /** ZMQ_MSG_T_SIZE (draft): sizeof(zmq_msg_t) in this libzmq. */
    readonly messageSize: number
  }
}
