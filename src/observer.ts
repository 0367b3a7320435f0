// Socket events: libzmq's socket monitor, read through an ordinary socket on the
// observed socket's context and decoded into typed events.
import {randomUUID} from "node:crypto"
import {EventEmitter} from "node:events"
import {constants} from "node:os"

import {ALL_EVENTS, decodeEvent, Event, EventOfType, EventType, MONITOR_STOPPED} from "./events"
import {errnoError} from "./errors"
import {waitsForInprocBind} from "./inproc-pending"
import {addon} from "./native"
import {nativeHandle} from "./options"
import {Queue} from "./queue"
import {Socket} from "./socket"
import {onClose, setKeepAlive} from "./socket-hooks"
import {Pair, Subscriber} from "./sockets"

/** Listener registration, the event emitter side of an {@link Observer}. */
export interface EventSubscriber {
  /**
   * Calls `listener` with every event of `type`. The first call switches the observer
   * to emitter mode for good: `receive()` and `for await` then fail. Listeners do not
   * keep the process alive.
   */
  on<E extends EventType>(type: E, listener: (data: EventOfType<E>) => void): EventSubscriber
  /** Removes a listener added with `on()`. */
  off<E extends EventType>(type: E, listener: (data: EventOfType<E>) => void): EventSubscriber
}

const eventTypes: ReadonlySet<string> = new Set<EventType>([
  "accept", "accept:error", "bind", "bind:error", "connect", "connect:delay", "connect:retry", "close",
  "close:error", "disconnect", "end", "handshake", "handshake:error:protocol", "handshake:error:auth",
  "handshake:error:other", "unknown",
])

interface Waiter {
  resolve(value: Event | IteratorResult<Event, undefined>): void
  reject(error: Error): void
  iterating: boolean
}

function observerError(message: string, code: "EBADF" | "EAGAIN"): Error {
  return Object.assign(new Error(message), {code, errno: constants.errno[code]})
}

/**
 * Whether events travel over PUB. The stable libzmq API (a system libzmq) only has
 * PAIR; ZMQ_NAPI_TEST_MONITOR_OVER_PAIR=1 selects that path here so tests cover it.
 */
function monitorOverPub(): boolean {
  return addon.monitorOverPub && process.env.ZMQ_NAPI_TEST_MONITOR_OVER_PAIR !== "1"
}

/**
 * PAIR only: an observed socket collected without close() is closed by its finalizer,
 * and libzmq's reaper then sends the monitor's last event. A PAIR send without a
 * reader blocks (the reaper, and so every later close), so the reader outlives the
 * socket and reads until that last event.
 */
const orphanedReceivers = new FinalizationRegistry<Pair>((receiver) => void drainUntilEnd(receiver))

async function drainUntilEnd(receiver: Pair): Promise<void> {
  try {
    for (;;) {
      if (decodeEvent(await receiver.receive()).id === MONITOR_STOPPED) break
    }
  } catch {
    // its context closed it
  }
  receiver.close()
}

// Code EFSM, libzmq's "not in this state", as its own refusals of a call out of turn.
function modeError(): Error {
  return errnoError(
    "Observer is in event emitter mode: after events.on() its events can no longer be read with receive() or for await",
    "EFSM",
  )
}

function receiveModeError(): Error {
  return errnoError("Observer is in receive mode: after receive() or for await, events.on() cannot be used", "EFSM")
}

/** How long a closed socket's end may keep an observer's caller waiting before it is said, once per process. */
const LONG_WAIT_MS = 1000
let longWaitNoticed = false

/**
 * The events of one socket (see {@link Event}), read in one of two ways that cannot be
 * mixed: `receive()` / `for await`, or listeners added with `on()`. It ends, with a
 * last `end` event, when the socket closes. Usually reached as `socket.events`.
 *
 * ```ts
 * for await (const event of socket.events) {
 *   if (event.type === "connect:retry") console.log(`retrying in ${event.interval} ms`)
 * }
 * ```
 */
export class Observer implements EventSubscriber {
  readonly #socket: Socket
  /** Reads libzmq's monitor endpoint; undefined when the socket was closed already. */
  readonly #receiver: Pair | Subscriber | undefined
  #mode: "unset" | "receive" | "emit" = "unset"
  #emitter: EventEmitter | undefined = undefined
  #buffered = new Queue<Event>()
  #waiters = new Queue<Waiter>()
  #pumping = false
  #socketClosed = false
  /** The socket closed with an inproc connection waiting for a bind: its end may never come. */
  #endMayNeverCome = false
  /** The monitor's last event arrived (or its reader died): no more will come. */
  #ended = false
  #closed = false
  /** The observer was closed but a PAIR monitor must be read until it lets go. */
  #draining = false
  readonly #overPub: boolean = monitorOverPub()

  /** Starts observing `socket`. `socket.events` gives the socket's own observer. */
  constructor(socket: Socket) {
    if (!(socket instanceof Socket) || !(nativeHandle in socket)) {
      throw new TypeError(`The "socket" argument must be a Socket`)
    }
    this.#socket = socket
    if (socket.closed) {
      this.#closed = this.#ended = true
      return
    }
    const context = socket.context
    // PUB drops events nobody reads; a PAIR monitor blocks instead, so its reader
    // takes any number of them (receiveHighWaterMark 0 is unlimited).
    const receiver = this.#overPub ? new Subscriber({context}) : new Pair({context, receiveHighWaterMark: 0})
    if (receiver instanceof Subscriber) receiver.subscribe()
    receiver[setKeepAlive](false)
    const endpoint = `inproc://zmq-napi.monitor.${randomUUID()}`
    try {
      // Connecting first (inproc allows it) means no event is published before the
      // reader is there.
      receiver.connect(endpoint)
      addon.monitor(socket[nativeHandle], endpoint, ALL_EVENTS, this.#overPub)
    } catch (error) {
      receiver.close()
      throw error
    }
    this.#receiver = receiver
    if (receiver instanceof Pair) orphanedReceivers.register(socket, receiver, this)
    socket[onClose](() => {
      this.#socketClosed = true
      this.#endMayNeverCome = waitsForInprocBind(socket.context, socket)
      this.#updateKeepAlive()
      void this.#pump()
      this.#nudgePeersUntilEnd(0, Date.now())
    })
  }

  /**
   * libzmq reports a closed socket's end only once every inproc peer has processed the
   * closing, and an idle socket processes nothing until its thread uses it: a pending
   * `receive()` then waited forever. So let the sockets of this thread, and of every other
   * thread with the addon loaded, process their commands, soon and then less often,
   * until the end comes.
   */
  #nudgePeersUntilEnd(attempt: number, closedAt: number): void {
    if (this.#ended) return
    setTimeout(() => {
      if (this.#ended) return
      addon.processCommandsEverywhere()
      this.#noticeLongWait(closedAt)
      this.#nudgePeersUntilEnd(attempt + 1, closedAt)
    }, Math.min(2 ** attempt, 1000)).unref()
  }

  /**
   * A socket that still holds messages nobody takes ends only when its linger period
   * does: with the default of -1, never. Someone waiting for its events then keeps the
   * process alive for ever, and unlike a context waiting at exit, nothing said why.
   */
  #noticeLongWait(closedAt: number): void {
    if (longWaitNoticed || this.#waiters.length === 0 || this.#endMayNeverCome) return
    if (Date.now() - closedAt < LONG_WAIT_MS) return
    longWaitNoticed = true
    process.emitWarning(
      `An observer has waited ${LONG_WAIT_MS / 1000} s for the end of its closed socket and keeps the process ` +
        "alive meanwhile: libzmq ends a socket once the messages it holds are delivered or its linger period " +
        "is over, and the default linger is -1 (for ever). Set the socket's linger to bound the wait, or " +
        "close the observer to stop waiting.",
      {type: "LingerWarning", code: "ZMQ_NAPI_OBSERVER_WAITING_FOR_LINGER"},
    )
  }

  /** Whether the observer was closed, by `close()` or because its socket closed. */
  get closed(): boolean {
    return this.#closed
  }

  /**
   * Stops observing: pending `receive()` calls reject, iterators end, and no further
   * event is delivered. Optional: an observer also ends when its socket closes.
   */
  close(): void {
    if (this.#closed) return
    this.#closed = true
    this.#buffered = new Queue<Event>()
    let released = this.#ended || this.#overPub
    if (!this.#socket.closed) {
      try {
        addon.monitor(this.#socket[nativeHandle], null)
        released = true
      } catch {
        // Lent to a proxy: libzmq stops the monitor when the socket closes.
      }
    }
    if (released) {
      orphanedReceivers.unregister(this)
      this.#receiver?.close()
    } else {
      this.#draining = true
      void this.#pump()
    }
    this.#settleWaiters()
  }

  /**
   * Resolves with the next event. Fails in emitter mode (after `on()`), and once the
   * observer is closed and every event before its end was read.
   */
  receive(): Promise<Event> {
    if (this.#mode === "emit") return Promise.reject(modeError())
    this.#mode = "receive"
    const event = this.#buffered.shift()
    if (event !== undefined) return Promise.resolve(event)
    if (this.#closed) return Promise.reject(observerError("Observer is closed", "EBADF"))
    return this.#wait(false) as Promise<Event>
  }

  /** `for await (const event of socket.events)`; yields `end` last, then finishes. */
  [Symbol.asyncIterator](): AsyncIterator<Event, undefined> {
    const next = (): Promise<IteratorResult<Event, undefined>> => {
      if (this.#mode === "emit") return Promise.reject(modeError())
      this.#mode = "receive"
      const event = this.#buffered.shift()
      if (event !== undefined) return Promise.resolve({value: event, done: false})
      if (this.#closed) return Promise.resolve({value: undefined, done: true})
      return this.#wait(true) as Promise<IteratorResult<Event, undefined>>
    }
    return {next, return: () => Promise.resolve({value: undefined, done: true})}
  }

  on<E extends EventType>(type: E, listener: (data: EventOfType<E>) => void): EventSubscriber {
    checkListener(type, listener)
    if (this.#mode === "receive") throw receiveModeError()
    if (this.#mode === "unset") {
      this.#mode = "emit"
      this.#emitter = new EventEmitter()
      // Events read before this (while the socket closed) go out once the caller
      // has had the chance to add its other listeners.
      if (this.#buffered.length !== 0) setImmediate(() => this.#flushToListeners())
    }
    this.#emitter!.on(type, listener)
    void this.#pump()
    return this
  }

  off<E extends EventType>(type: E, listener: (data: EventOfType<E>) => void): EventSubscriber {
    checkListener(type, listener)
    this.#emitter?.off(type, listener)
    return this
  }

  #wait(iterating: boolean): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.#waiters.push({resolve, reject, iterating})
      this.#updateKeepAlive()
      void this.#pump()
    })
  }

  /** Only a caller waiting for an event keeps the process alive, as a socket receive does. */
  #updateKeepAlive(): void {
    const receiver = this.#receiver
    if (receiver !== undefined && !receiver.closed) receiver[setKeepAlive](this.#waiters.length !== 0 && !this.#endMayNeverCome)
  }

  #wantsEvents(): boolean {
    if (this.#ended) return false
    if (this.#draining || this.#socketClosed) return true
    return !this.#closed && (this.#mode === "emit" || this.#waiters.length !== 0)
  }

  /** Reads events while anyone wants them; one read at a time. */
  async #pump(): Promise<void> {
    const receiver = this.#receiver
    if (this.#pumping || receiver === undefined) return
    this.#pumping = true
    try {
      while (this.#wantsEvents()) {
        let frames: Buffer[]
        try {
          frames = await receiver.receive()
        } catch {
          // Its context was closed under it: nothing more will come.
          this.#end()
          return
        }
        this.#deliver(decodeEvent(frames).event)
      }
    } finally {
      this.#pumping = false
    }
  }

  #deliver(event: Event): void {
    if (event.type === "end") this.#ended = true
    if (!this.#closed) {
      if (this.#mode === "emit") {
        this.#emit(event)
      } else {
        const waiter = this.#waiters.shift()
        if (waiter === undefined) this.#buffered.push(event)
        else waiter.resolve(waiter.iterating ? {value: event, done: false} : event)
        this.#updateKeepAlive()
      }
    }
    if (this.#ended) this.#end()
  }

  #emit(event: Event): void {
    try {
      this.#emitter?.emit(event.type, event)
    } catch (error) {
      // A throwing listener must not stop the events; it surfaces as uncaught, as
      // with any EventEmitter.
      process.nextTick(() => {
        throw error
      })
    }
  }

  #flushToListeners(): void {
    for (let event = this.#buffered.shift(); event !== undefined; event = this.#buffered.shift()) this.#emit(event)
  }

  /** No event will follow: release the reader and whoever still waits. */
  #end(): void {
    orphanedReceivers.unregister(this)
    this.#ended = true
    this.#closed = true
    this.#receiver?.close()
    this.#settleWaiters()
  }

  #settleWaiters(): void {
    for (const waiter of this.#waiters.drain()) {
      if (waiter.iterating) waiter.resolve({value: undefined, done: true})
      else waiter.reject(observerError("Operation was not possible (observer closed while receive was pending)", "EAGAIN"))
    }
  }
}

function checkListener(type: unknown, listener: unknown): void {
  if (typeof type !== "string" || !eventTypes.has(type)) {
    throw new TypeError(`The "type" argument must be an event type such as "bind" or "connect:retry"`)
  }
  if (typeof listener !== "function") throw new TypeError(`The "listener" argument must be a function`)
}

declare module "./socket" {
  interface Socket {
    /**
     * This socket's event {@link Observer}, started on first access (events before
     * that are not seen). A new one replaces an observer closed with `close()`.
     */
    readonly events: Observer
  }
}

const observers = new WeakMap<Socket, Observer>()

Object.defineProperty(Socket.prototype, "events", {
  configurable: true,
  enumerable: false,
  get(this: Socket): Observer {
    let observer = observers.get(this)
    if (observer === undefined || (observer.closed && !this.closed)) {
      observer = new Observer(this)
      observers.set(this, observer)
    }
    return observer
  },
})
