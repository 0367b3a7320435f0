// The standard socket types. Each class says what its libzmq type can do; the shared
// behaviour lives in Socket.
import {defineOptions, Kind, nativeHandle, OptionSpec} from "./options"
import {allowMethods, Message, MessageLike, Socket} from "./socket"
import {defineReceiveOptions, defineSendOptions} from "./socket-options"
import {SocketType} from "./socket-type"
import type {Readable, SocketOptions, Writable} from "./types"

interface Abilities {
  send?: boolean
  receive?: boolean
  options?: Record<string, OptionSpec>
}

/** @internal Wires a socket type's methods and options onto its prototype. */
export function defineSocketType(type: {prototype: object}, abilities: Abilities): void {
  const methods: Array<"send" | "receive"> = []
  if (abilities.send) {
    methods.push("send")
    defineSendOptions(type.prototype)
  }
  if (abilities.receive) {
    methods.push("receive")
    defineReceiveOptions(type.prototype)
  }
  allowMethods(type.prototype, methods)
  if (abilities.options) defineOptions(type.prototype, abilities.options)
}

function toPrefix(prefix: unknown, index: number): Buffer | string {
  if (typeof prefix === "string" || Buffer.isBuffer(prefix)) return prefix
  throw new TypeError(`The "prefixes[${index}]" argument must be a string or a Buffer`)
}

const routingId: OptionSpec = [5, Kind.String]
const probeRouter: OptionSpec = [51, Kind.Bool, "writeonly", false]
const conflate: OptionSpec = [54, Kind.Bool]
const invertMatching: OptionSpec = [74, Kind.Bool]
const noDrop: OptionSpec = [69, Kind.Bool, "writeonly", false]

/** Exclusive pair: one peer, both directions. Mostly for inproc between threads. */
export class Pair extends Socket {
  constructor(options?: SocketOptions<Pair>) {
    super(SocketType.Pair, options)
  }
}
export interface Pair extends Writable, Readable {}
defineSocketType(Pair, {send: true, receive: true})

/** Distributes every message to all subscribers whose prefix matches. */
export class Publisher extends Socket {
  /** ZMQ_XPUB_NODROP: wait at the high-water mark instead of dropping. */
  declare noDrop: boolean
  /** ZMQ_CONFLATE: keep only the latest message. */
  declare conflate: boolean
  /** ZMQ_INVERT_MATCHING: deliver to subscribers whose prefix does *not* match. */
  declare invertMatching: boolean

  constructor(options?: SocketOptions<Publisher>) {
    super(SocketType.Publisher, options)
  }
}
export interface Publisher extends Writable {}
defineSocketType(Publisher, {send: true, options: {noDrop, conflate, invertMatching}})

/** Receives what publishers send for the prefixes it subscribed to. */
export class Subscriber extends Socket {
  declare conflate: boolean
  declare invertMatching: boolean

  constructor(options?: SocketOptions<Subscriber>) {
    super(SocketType.Subscriber, options)
  }

  /** Subscribes to messages starting with any of the prefixes; none means everything. */
  subscribe(...prefixes: Array<Buffer | string>): void {
    if (prefixes.length === 0) prefixes = [""]
    prefixes.forEach((prefix, index) => this[nativeHandle].setOption(6, Kind.Binary, toPrefix(prefix, index), "subscribe"))
  }

  /** Removes subscriptions; none removes the catch-all subscription. */
  unsubscribe(...prefixes: Array<Buffer | string>): void {
    if (prefixes.length === 0) prefixes = [""]
    prefixes.forEach((prefix, index) => this[nativeHandle].setOption(7, Kind.Binary, toPrefix(prefix, index), "unsubscribe"))
  }
}
export interface Subscriber extends Readable {}
defineSocketType(Subscriber, {receive: true, options: {conflate, invertMatching}})

/** Client side of request-reply: strictly send, receive, send, receive... */
export class Request extends Socket {
  declare routingId: string | null
  declare probeRouter: boolean
  /** ZMQ_REQ_CORRELATE: match replies to requests. */
  declare correlate: boolean
  /** ZMQ_REQ_RELAXED: allow a new request before the reply (with correlate). */
  declare relaxed: boolean

  constructor(options?: SocketOptions<Request>) {
    super(SocketType.Request, options)
  }
}
export interface Request extends Readable, Writable {}
defineSocketType(Request, {
  send: true,
  receive: true,
  options: {routingId, probeRouter, correlate: [52, Kind.Bool, "writeonly", false], relaxed: [53, Kind.Bool, "writeonly", false]},
})

/** Service side of request-reply: receive a request, send its reply. */
export class Reply extends Socket {
  declare routingId: string | null

  constructor(options?: SocketOptions<Reply>) {
    super(SocketType.Reply, options)
  }
}
export interface Reply extends Readable, Writable {}
defineSocketType(Reply, {send: true, receive: true, options: {routingId}})

/** Asynchronous request-reply: round-robins sends, fair-queues receives. */
export class Dealer extends Socket {
  declare routingId: string | null
  declare probeRouter: boolean
  declare conflate: boolean

  constructor(options?: SocketOptions<Dealer>) {
    super(SocketType.Dealer, options)
  }
}
export interface Dealer extends Readable, Writable {}
defineSocketType(Dealer, {send: true, receive: true, options: {routingId, probeRouter, conflate}})

export interface RouterConnectOptions {
  /** The routing id this router will know the connected peer by. */
  routingId?: string
}

function connectWithRoutingId(socket: Socket, address: string, options: RouterConnectOptions | undefined): void {
  if (options !== undefined) {
    if (typeof options !== "object" || options === null) throw new TypeError(`The "options" argument must be an object`)
    if (options.routingId !== undefined) {
      socket[nativeHandle].setOption(61, Kind.String, options.routingId, "routingId")
    }
  }
  Socket.prototype.connect.call(socket, address)
}

/** Addresses peers explicitly: every message starts with the peer's routing id. */
export class Router extends Socket {
  declare routingId: string | null
  /** ZMQ_ROUTER_MANDATORY: unroutable messages fail with EHOSTUNREACH instead of vanishing. */
  declare mandatory: boolean
  declare probeRouter: boolean
  /** ZMQ_ROUTER_HANDOVER: a new peer with a taken routing id takes it over. */
  declare handover: boolean

  constructor(options?: SocketOptions<Router>) {
    super(SocketType.Router, options)
  }

  override connect(address: string, options?: RouterConnectOptions): void {
    connectWithRoutingId(this, address, options)
  }
}
export interface Router extends Readable, Writable {}
defineSocketType(Router, {
  send: true,
  receive: true,
  options: {routingId, mandatory: [33, Kind.Bool, "writeonly", false], probeRouter, handover: [56, Kind.Bool, "writeonly", false]},
})

/** Pipeline sink: fair-queues messages from all pushers. */
export class Pull extends Socket {
  constructor(options?: SocketOptions<Pull>) {
    super(SocketType.Pull, options)
  }
}
export interface Pull extends Readable {
  conflate: boolean
}
defineSocketType(Pull, {receive: true, options: {conflate}})

/** Pipeline source: round-robins messages over all pullers. */
export class Push extends Socket {
  constructor(options?: SocketOptions<Push>) {
    super(SocketType.Push, options)
  }
}
export interface Push extends Writable {
  conflate: boolean
}
defineSocketType(Push, {send: true, options: {conflate}})

/** A publisher that also receives the subscriptions, for proxies and last-value caches. */
export class XPublisher extends Socket {
  declare noDrop: boolean
  /** ZMQ_XPUB_MANUAL: subscriptions take effect only when this socket sets them. */
  declare manual: boolean
  /** ZMQ_XPUB_WELCOME_MSG: sent to each new subscriber. */
  declare welcomeMessage: string | null
  declare invertMatching: boolean

  constructor(options?: SocketOptions<XPublisher>) {
    super(SocketType.XPublisher, options)
  }

  /** Which subscription messages are passed up: null (new ones only), all subscribes, or also unsubscribes. */
  set verbosity(value: null | "allSubs" | "allSubsUnsubs") {
    if (value !== null && value !== "allSubs" && value !== "allSubsUnsubs") {
      throw new TypeError(`Option "verbosity" must be null, "allSubs" or "allSubsUnsubs"`)
    }
    // Each of libzmq's two options sets both of its flags: ZMQ_XPUB_VERBOSER (78) both
    // alike, ZMQ_XPUB_VERBOSE (40) subscriptions only, clearing unsubscriptions. So the
    // second one set decides; VERBOSE last for "allSubs" (the other order undid it).
    this[nativeHandle].setOption(78, Kind.Bool, value === "allSubsUnsubs", "verbosity")
    if (value !== "allSubsUnsubs") this[nativeHandle].setOption(40, Kind.Bool, value === "allSubs", "verbosity")
    verbosities.set(this, value)
  }

  get verbosity(): null | "allSubs" | "allSubsUnsubs" {
    return verbosities.get(this) ?? null
  }
}
// Not a private field: the constructor's options are set by Socket's constructor, before
// a subclass's fields exist, and `new XPublisher({verbosity})` threw writing one.
const verbosities = new WeakMap<XPublisher, null | "allSubs" | "allSubsUnsubs">()
export interface XPublisher extends Readable, Writable {}
defineSocketType(XPublisher, {
  send: true,
  receive: true,
  options: {noDrop, manual: [71, Kind.Bool, "writeonly", false], welcomeMessage: [72, Kind.String, "writeonly", null], invertMatching},
})

/** A subscriber that sends its subscriptions as messages, for proxies. */
export class XSubscriber extends Socket {
  constructor(options?: SocketOptions<XSubscriber>) {
    super(SocketType.XSubscriber, options)
  }
}
export interface XSubscriber extends Readable, Writable {}
defineSocketType(XSubscriber, {send: true, receive: true})

export interface StreamConnectOptions {
  routingId?: string
}

/** Raw TCP: every message is [routing id, data]; an empty data frame connects/disconnects. */
export class Stream extends Socket {
  /** ZMQ_STREAM_NOTIFY: report connects and disconnects as empty messages. */
  declare notify: boolean

  constructor(options?: SocketOptions<Stream>) {
    super(SocketType.Stream, options)
  }

  override connect(address: string, options?: StreamConnectOptions): void {
    connectWithRoutingId(this, address, options)
  }
}
export interface Stream extends Readable<[Message, Message]>, Writable<[MessageLike, MessageLike]> {}
defineSocketType(Stream, {send: true, receive: true, options: {notify: [73, Kind.Bool, "writeonly", true]}})
