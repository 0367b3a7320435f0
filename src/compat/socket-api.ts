// The typed surface of a compat socket, as zmq@2.15 / zeromq@5 documented it.
import type {EventEmitter} from "node:events"

import type {Context} from "./context"
import type {MonitorEventName, OptionName, SocketType} from "./constants"
import type {SendCallback} from "./outgoing"

/** One frame: bytes as they are; strings as UTF-8; anything else as its text. */
export type Frame = Buffer | ArrayBufferView | ArrayBuffer | string | number | boolean | null | undefined

/** Called once a bind/unbind finished: with the error if it failed. */
export type Callback = (error?: Error) => void

export type {SendCallback}

/** A monitor event's arguments: the event value (a file descriptor, errno or interval), the endpoint, and the error for `*_error` events. */
export type MonitorListener = (value: number, endpoint: string, error?: Error) => void

/** The second argument of `new Socket(type, options)`. */
export interface SocketConstructorOptions {
  /** Create the socket on this context rather than the shared default one. */
  context?: Context
}

export interface Socket extends EventEmitter {
  /** The type name the socket was created with, e.g. "pub". */
  type: SocketType
  /** Whether `close()` was called (or the socket's context closed). */
  readonly closed: boolean

  /** Binds in the background; emits `bind` with the address, then calls back. */
  bind(address: string, callback?: Callback): this
  bindSync(address: string): this
  /** Unbinds in the background; emits `unbind` with the address, then calls back. */
  unbind(address: string, callback?: Callback): this
  unbindSync(address: string): this
  connect(address: string): this
  disconnect(address: string): this

  /**
   * Sends a message: an array is one multipart message; ZMQ_SNDMORE in `flags` keeps
   * the message open for the next send's frames; ZMQ_DONTWAIT fails with EAGAIN rather
   * than wait. The callback gets the error, or nothing once libzmq took the message.
   * Without a callback, failures are emitted as `error`.
   */
  send(message: Frame | Frame[], flags?: number | null, callback?: SendCallback): this
  send(message: Frame | Frame[], callback: SendCallback): this
  /** The next received message's frames, or null if none has arrived. Meant for paused sockets. */
  read(): Buffer[] | null
  /** Stops `message` events and holds sends until `resume()`. */
  pause(): this
  resume(): this
  /** Lets the process exit even while this socket waits for messages. */
  unref(): this
  ref(): this

  setsockopt(option: number | OptionName | `ZMQ_${string}`, value: unknown): this
  getsockopt(option: number | OptionName | `ZMQ_${string}`): any
  subscribe(filter: string | Buffer): this
  unsubscribe(filter: string | Buffer): this

  /**
   * Emits monitor events (`connect`, `listen`, `accept`, `disconnect`, ...) with
   * `(value, endpoint, error?)`, at most `numEvents` (0: all) every `interval` ms.
   */
  monitor(interval?: number, numEvents?: number): this
  unmonitor(): this
  close(): this

  on(event: "message", listener: (...frames: Buffer[]) => void): this
  on(event: "error" | "monitor_error", listener: (error: Error) => void): this
  on(event: "bind" | "unbind", listener: (address: string) => void): this
  on(event: MonitorEventName, listener: MonitorListener): this
  on(event: string | symbol, listener: (...args: any[]) => void): this
  once(event: "message", listener: (...frames: Buffer[]) => void): this
  once(event: "error" | "monitor_error", listener: (error: Error) => void): this
  once(event: "bind" | "unbind", listener: (address: string) => void): this
  once(event: MonitorEventName, listener: MonitorListener): this
  once(event: string | symbol, listener: (...args: any[]) => void): this
  addListener(event: "message", listener: (...frames: Buffer[]) => void): this
  addListener(event: string | symbol, listener: (...args: any[]) => void): this

  // Option sugar: `socket.linger = 0` is `socket.setsockopt("linger", 0)`.
  readonly _fd: number
  readonly _ioevents: number
  readonly _receiveMore: number
  _subscribe: string | Buffer
  _unsubscribe: string | Buffer
  affinity: number
  backlog: number
  /** ZMQ_HWM of libzmq 2: sets both ZMQ_SNDHWM and ZMQ_RCVHWM; reads ZMQ_SNDHWM. */
  hwm: number
  get identity(): string
  set identity(value: string | Buffer)
  linger: number
  /** libzmq 2 only; libzmq 4 rejects it (EINVAL). */
  mcast_loop: number
  rate: number
  rcvbuf: number
  readonly last_endpoint: string
  reconnect_ivl: number
  recovery_ivl: number
  sndbuf: number
  /** libzmq 2 only; libzmq 4 rejects it (EINVAL). */
  swap: number
  readonly mechanism: number
  plain_server: number | boolean
  plain_username: string
  plain_password: string
  curve_server: number | boolean
  get curve_publickey(): string
  set curve_publickey(value: string | Buffer)
  get curve_secretkey(): string
  set curve_secretkey(value: string | Buffer)
  get curve_serverkey(): string
  set curve_serverkey(value: string | Buffer)
  zap_domain: string
  heartbeat_ivl: number
  heartbeat_ttl: number
  heartbeat_timeout: number
  connect_timeout: number
  sndhwm: number
  rcvhwm: number
  sndtimeo: number
  rcvtimeo: number
  maxmsgsize: number
  reconnect_ivl_max: number
  multicast_hops: number
  router_mandatory: number | boolean
  router_handover: number | boolean
  xpub_verbose: number | boolean
  immediate: number | boolean
  ipv6: number | boolean
  tcp_keepalive: number
  tcp_keepalive_cnt: number
  tcp_keepalive_idle: number
  tcp_keepalive_intvl: number
}

/** `new Socket(type)`, `Socket(type)`, and ES5 subclassing with `Socket.call(this, type)`. */
export interface SocketConstructor {
  new (type: SocketType, options?: SocketConstructorOptions): Socket
  (type: SocketType, options?: SocketConstructorOptions): Socket
  readonly prototype: Socket
}
