// The callback-style socket of `zmq`/`zeromq@5`, driving one core socket. A plain
// constructor function, not a class, so ES5 subclasses can call `Socket.call(this, type)`.
import {EventEmitter} from "node:events"
import {inherits} from "node:util"

import type {Context as CoreContext} from "../context"
import {Kind, nativeHandle} from "../options"
import {Socket as CoreSocket} from "../socket"
import {onClose, setKeepAlive} from "../socket-hooks"
import {Dealer, Pair, Publisher, Pull, Push, Reply, Request, Router, Stream, Subscriber, XPublisher, XSubscriber} from "../sockets"
import {options, SocketType, ZMQ_SNDHWM, ZMQ_SUBSCRIBE, ZMQ_UNSUBSCRIBE} from "./constants"
import {Context, coreContext} from "./context"
import {Incoming} from "./incoming"
import {startMonitor} from "./monitor"
import {Outgoing, SendCallback} from "./outgoing"
import {emitError} from "./report"
import type {Callback, Socket as SocketApi, SocketConstructor, SocketConstructorOptions} from "./socket-api"
import {getOption, setOption} from "./socket-options"
import {internals, State, stateOf} from "./state"

type CoreClass = new (options?: {context?: CoreContext}) => CoreSocket

const coreClasses: Record<SocketType, CoreClass> = {
  pub: Publisher,
  xpub: XPublisher,
  sub: Subscriber,
  xsub: XSubscriber,
  req: Request,
  xreq: Dealer,
  rep: Reply,
  xrep: Router,
  push: Push,
  pull: Pull,
  dealer: Dealer,
  router: Router,
  pair: Pair,
  stream: Stream,
}

function coreClassFor(type: unknown): CoreClass {
  if (typeof type === "string" && Object.prototype.hasOwnProperty.call(coreClasses, type)) {
    return coreClasses[type as SocketType]
  }
  const names = Object.keys(coreClasses).map((name) => `"${name}"`).join(", ")
  throw new TypeError(`The "type" argument must be one of ${names}`)
}

function createCore(type: unknown, options: SocketConstructorOptions | undefined): CoreSocket {
  const CoreType = coreClassFor(type)
  if (options !== undefined && (typeof options !== "object" || options === null)) {
    throw new TypeError(`The "options" argument must be an object`)
  }
  if (options?.context !== undefined) return new CoreType({context: coreContext(options.context)})
  return new CoreType()
}

function checkAddress(address: unknown): asserts address is string {
  if (typeof address !== "string") throw new TypeError(`The "address" argument must be a string`)
}

function checkCallback(callback: unknown): asserts callback is Function | undefined {
  if (callback !== undefined && callback !== null && typeof callback !== "function") {
    throw new TypeError(`The "callback" argument must be a function`)
  }
}

/** `flags | 0`, as the old bindings read them, with a TypeError naming them where that throws. */
function toFlags(flags: unknown): number {
  // BigInts, Symbols and objects without a primitive value all throw here.
  try {
    return (flags as number) | 0
  } catch {
    throw new TypeError(`The "flags" argument must be a number`)
  }
}

/** Runs a synchronous core operation, then reports like the old thread-pool bind did. */
function inBackground(socket: SocketApi, event: "bind" | "unbind", address: string, callback: Callback | undefined, operation: () => void): void {
  let failure: unknown
  try {
    operation()
  } catch (error) {
    failure = error
  }
  process.nextTick(() => {
    if (failure !== undefined) {
      // The old modules dropped the error when there was no callback; listeners still hear it.
      if (callback) callback.call(socket, failure as Error)
      else if (socket.listenerCount("error") !== 0) emitError(socket, failure)
      return
    }
    socket.emit(event, address)
    callback?.call(socket)
  })
}

function SocketFunction(this: SocketApi | undefined, type: SocketType, options?: SocketConstructorOptions): SocketApi | void {
  if (!(this instanceof Socket)) return new Socket(type, options)
  const core = createCore(type, options)
  EventEmitter.call(this)
  this.type = type
  const lockstep = type === "req" || type === "rep" ? type : false
  const incoming = "receive" in core ? new Incoming(this, core, lockstep) : undefined
  const limit = core[nativeHandle].getOption(ZMQ_SNDHWM, Kind.Int32) as number
  const outgoing = new Outgoing(this, core, limit, () => incoming?.afterSend())
  const state: State = {core, incoming, outgoing, monitor: undefined, keepAlive: true}
  Object.defineProperty(this, internals, {value: state})
  // However the core socket closes (close(), or its context's close()), sends held or
  // left unfinished hear of it and the monitor stops.
  core[onClose](() => {
    state.monitor?.stop()
    state.monitor = undefined
    outgoing.close()
  })
  // Start receiving once the creator had its chance to bind, set options or pause.
  if (incoming !== undefined) process.nextTick(() => incoming.deliver())
}
Object.defineProperty(SocketFunction, "name", {value: "Socket"})

const Socket = SocketFunction as unknown as SocketConstructor

inherits(Socket, EventEmitter)

const methods: ThisType<SocketApi> & Partial<SocketApi> = {
  bind(address: string, callback?: Callback) {
    const {core} = stateOf(this, "this")
    checkAddress(address)
    checkCallback(callback)
    inBackground(this, "bind", address, callback, () => core.bindSync(address))
    return this
  },

  bindSync(address: string) {
    stateOf(this, "this").core.bindSync(address)
    return this
  },

  unbind(address: string, callback?: Callback) {
    const {core} = stateOf(this, "this")
    checkAddress(address)
    checkCallback(callback)
    inBackground(this, "unbind", address, callback, () => core.unbindSync(address))
    return this
  },

  unbindSync(address: string) {
    stateOf(this, "this").core.unbindSync(address)
    return this
  },

  connect(address: string) {
    stateOf(this, "this").core.connect(address)
    return this
  },

  disconnect(address: string) {
    stateOf(this, "this").core.disconnect(address)
    return this
  },

  send(message: unknown, flags?: unknown, callback?: unknown) {
    const {outgoing} = stateOf(this, "this")
    if (typeof flags === "function") {
      callback = flags
      flags = 0
    }
    checkCallback(callback)
    const given = toFlags(flags)
    const done = (callback ?? undefined) as SendCallback | undefined
    if (!Array.isArray(message)) {
      outgoing.add(message, given, done)
      return this
    }
    if (message.length === 0) throw new TypeError(`The "message" argument must not be an empty array`)
    outgoing.addMessage(message, given, done)
    return this
  },

  read() {
    return stateOf(this, "this").incoming?.read() ?? null
  },

  pause() {
    const {incoming, outgoing} = stateOf(this, "this")
    incoming?.pause()
    outgoing.pause()
    return this
  },

  resume() {
    const {incoming, outgoing} = stateOf(this, "this")
    outgoing.resume()
    incoming?.resume()
    return this
  },

  ref() {
    const state = stateOf(this, "this")
    state.keepAlive = true
    state.core[setKeepAlive](true)
    state.monitor?.setKeepAlive(true)
    return this
  },

  unref() {
    const state = stateOf(this, "this")
    state.keepAlive = false
    state.core[setKeepAlive](false)
    state.monitor?.setKeepAlive(false)
    return this
  },

  setsockopt(option: unknown, value: unknown) {
    setOption(stateOf(this, "this"), option, value)
    return this
  },

  getsockopt(option: unknown) {
    return getOption(stateOf(this, "this"), option)
  },

  subscribe(filter: string | Buffer) {
    setOption(stateOf(this, "this"), ZMQ_SUBSCRIBE, filter)
    return this
  },

  unsubscribe(filter: string | Buffer) {
    setOption(stateOf(this, "this"), ZMQ_UNSUBSCRIBE, filter)
    return this
  },

  monitor(interval?: number, numEvents?: number) {
    const state = stateOf(this, "this")
    state.monitor?.stop()
    state.monitor = startMonitor(this, state, interval, numEvents)
    return this
  },

  unmonitor() {
    const state = stateOf(this, "this")
    state.monitor?.stop()
    state.monitor = undefined
    return this
  },

  close() {
    const state = stateOf(this, "this")
    state.core.close()
    return this
  },
}

for (const [name, method] of Object.entries(methods)) {
  Object.defineProperty(Socket.prototype, name, {value: method, writable: true, configurable: true})
}

Object.defineProperty(Socket.prototype, "closed", {
  configurable: true,
  get(this: SocketApi) {
    return stateOf(this, "this").core.closed
  },
})

// The option sugar: `socket.identity = "a"` is `socket.setsockopt("identity", "a")`.
for (const name of Object.keys(options)) {
  Object.defineProperty(Socket.prototype, name, {
    configurable: true,
    enumerable: true,
    get(this: SocketApi) {
      return getOption(stateOf(this, "this"), name)
    },
    set(this: SocketApi, value: unknown) {
      setOption(stateOf(this, "this"), name, value)
    },
  })
}

export {Socket}
export type {SocketApi}
