import {AnswerSpin} from "./answer-spin"
import {Context, defaultContext, trackSocket, untrackSocket} from "./context"
import {abortError, closedSocketError, closedWhilePendingError, timeoutError} from "./errors"
import {addon, NativeSocket, POLLIN, POLLOUT} from "./native"
import {anyWaiting, isWaiting, schedulePollNow, spinUntil, startWaiting, stopSpinning, stopWaiting} from "./readiness"
import {owedTurn} from "./event-loop-turns"
import {Inbox, RECEIVE_BATCH} from "./inbox"
import {NumberedSocketOptions} from "./numbered-options"
import {noteInprocBind, noteInprocClose, noteInprocConnect, noteInprocUnbind} from "./inproc-pending"
import {optionsError, prepareMessage} from "./message"
import {applyOptions, Kind, nativeHandle, OptionHost} from "./options"
import {Queue} from "./queue"
import {
  chunkedReceive,
  connectWith,
  iterateImpl,
  onClose,
  queuedSends,
  readyEvents,
  receiveImpl,
  receiveManyImpl,
  receiveNow,
  rememberTimeout,
  sendImpl,
  sendManyImpl,
  sendsEnvelope,
  service,
  setKeepAlive,
  watchReadiness,
} from "./socket-hooks"
import {sendBatch, sendWithoutEnvelope} from "./staged-send"
import {warnIfEnforcedWithoutDomain} from "./zap-domain-warning"

/** A received message frame. */
export type Message = Buffer

/** What can be sent as one frame. Numbers are sent as their decimal text. */
export type MessageLike = ArrayBufferView | ArrayBuffer | SharedArrayBuffer | string | number | null

/** Per-call controls for `send()` and `receive()`, beyond what zeromq@6 offers. */
export interface OperationOptions {
  /** Aborting rejects this call and removes it from the queue; nothing is lost. */
  signal?: AbortSignal
  /** Milliseconds to wait; overrides the socket's sendTimeout/receiveTimeout. */
  timeout?: number
}

const RESOLVED: Promise<void> = Promise.resolve()

interface Pending {
  resolve(value: unknown): void
  reject(error: Error): void
  timer?: ReturnType<typeof setTimeout>
  signal?: AbortSignal
  onAbort?: () => void
}

interface PendingSend extends Pending {
  message: unknown
  /** sendMany: all its messages, and how many libzmq has taken so far. */
  batch?: unknown[]
  next?: number
  /** The per-call options on types that read a routing id or group from them; else undefined. */
  envelope: object | undefined
}

interface PendingReceive extends Pending {
  /** Resolves with an IteratorResult and ends quietly on close. */
  iterating: boolean
  /** receiveMany: resolves with up to this many messages, at least one. */
  many?: number
}

/**
 * A wait for readiness that takes nothing (a Poller's): `events` is POLLIN and/or POLLOUT;
 * `notify` runs, synchronously, each time the socket is seen ready that way, with an
 * error when the socket closes. It stays registered until removed.
 */
export interface ReadinessWatch {
  events: number
  notify(error?: Error): void
}

/** A synchronous operation as a promise: resolved, or rejected with what it threw. */
function settled(operation: () => void): Promise<void> {
  try {
    operation()
    return RESOLVED
  } catch (error) {
    return Promise.reject(error)
  }
}

/**
 * The base of every socket type. Sends and receives never block the event loop:
 * an operation that libzmq can complete right away completes in one native call;
 * one that cannot waits in a FIFO queue until the socket is ready.
 */
export abstract class Socket extends NumberedSocketOptions implements OptionHost {
  /** The context this socket was created on. */
  readonly context: Context
  /** @internal */
  readonly [nativeHandle]: NativeSocket
  /** @internal Set on the prototype: whether receives may use the chunked fast path. */
  declare readonly [chunkedReceive]: boolean
  /** @internal Set on the prototype: whether send options carry a routing id or group. */
  declare readonly [sendsEnvelope]: boolean

  #sends = new Queue<PendingSend>()
  #receives = new Queue<PendingReceive>()
  #watches: ReadinessWatch[] = []
  #inbox: Inbox
  /** The native socket's id, for the addon functions that take it (sendFast, receiveChunk). */
  #id: number
  #closed = false
  #closeCallbacks: Array<() => void> | undefined = undefined
  #keepAlive = true
  readonly #spin = new AnswerSpin()
  /** Thread-safe (draft) sockets signal readiness through a zmq_poller, not ZMQ_FD. */
  #threadSafe: boolean
  /** Mirrors of the timeout options, so a wait needs no native call to learn them. */
  #sendTimeout = -1
  #receiveTimeout = -1

  protected constructor(type: number, options?: object) {
    super()
    if (options !== undefined && (typeof options !== "object" || options === null)) {
      throw new TypeError(`The "options" argument must be an object`)
    }
    const context = (options as {context?: Context} | undefined)?.context ?? defaultContext()
    if (!(context instanceof Context)) throw new TypeError(`The "context" option must be a Context`)
    if (typeof type !== "number") throw new TypeError(`The "type" argument must be a number`)
    this.context = context
    this[nativeHandle] = new addon.Socket(context[nativeHandle], type)
    this.#id = this[nativeHandle].id
    this.#inbox = new Inbox(this[nativeHandle], this[chunkedReceive])
    this.#threadSafe = this[nativeHandle].getOption(81, Kind.Bool) as boolean
    try {
      applyOptions(this, options, new.target.name)
    } catch (error) {
      this[nativeHandle].close()
      throw error
    }
    trackSocket(context, this)
  }

  /** Whether `close()` was called (or the socket's context was closed). */
  get closed(): boolean {
    return this.#closed
  }

  /** Whether a `receive()` would complete immediately. Always false for send-only types. */
  get readable(): boolean {
    if (this.#closed || !("receive" in this)) return false
    if (this.#inbox.buffered && this.#receives.length === 0) return true
    return (this[readyEvents]() & POLLIN) !== 0
  }

  /** Whether a `send()` would complete immediately. Always false for receive-only types. */
  get writable(): boolean {
    if (this.#closed || !("send" in this)) return false
    return (this[readyEvents]() & POLLOUT) !== 0
  }

  /**
   * Names of message properties to read from every received message, e.g.
   * `["User-Id", "Peer-Address"]`; read them with `getMessageProperties(message)`.
   * null (the default) reads none and costs nothing.
   */
  get messageProperties(): string[] | null {
    const names = this.#inbox.propertyNames
    return names ? [...names] : null
  }

  set messageProperties(names: string[] | null) {
    if (names === null || (Array.isArray(names) && names.length === 0)) {
      this.#inbox.propertyNames = undefined
      return
    }
    if (!Array.isArray(names) || !names.every((name) => typeof name === "string" && name.length > 0)) {
      throw new TypeError(`Option "messageProperties" must be an array of property names or null`)
    }
    this.#inbox.propertyNames = [...names]
  }

  /**
   * Microseconds this thread keeps polling, on every turn of its event loop, instead of
   * leaving the wait to the readiness thread, while this socket waits for the answer to
   * the one message it sent since it last waited (request-reply one at a time: REQ, REP,
   * DEALER, ROUTER, PAIR...). The answer then needs no thread woken to reach JS; timers
   * and I/O still run between polls, and a poll that finds nothing yields the CPU. Costs at
   * most this much CPU per wait, and a socket whose last answer took longer stops spinning
   * until answers come quickly again. Sockets that only send or only receive, or pipeline
   * several messages, never spin. 0 turns it off. Default 200.
   */
  get busyPollMicroseconds(): number {
    return this.#spin.microseconds
  }

  set busyPollMicroseconds(microseconds: number) {
    this.#spin.microseconds = microseconds
  }

  /** Binds to an address; `*` as the port picks a free one (see `lastEndpoint`). */
  bind(address: string): Promise<void> {
    return settled(() => this.bindSync(address))
  }

  bindSync(address: string): void {
    this.#live().bind(address)
    warnIfEnforcedWithoutDomain(this[nativeHandle])
    noteInprocBind(this.context, this, address)
    this.#afterCommandProcessing()
  }

  /** Unbinds from an address given exactly as `lastEndpoint` reports it. */
  unbind(address: string): Promise<void> {
    return settled(() => this.unbindSync(address))
  }

  unbindSync(address: string): void {
    this.#live().unbind(address)
    noteInprocUnbind(this.context, this, address)
    this.#afterCommandProcessing()
  }

  connect(address: string): void {
    this[connectWith](address, (native) => native.connect(address))
  }

  /** @internal */
  [connectWith]<T>(address: string, connect: (native: NativeSocket) => T): T {
    const result = connect(this.#live())
    warnIfEnforcedWithoutDomain(this[nativeHandle])
    noteInprocConnect(this.context, this, address)
    this.#afterCommandProcessing()
    return result
  }

  /**
   * Disconnects from an address this socket connected to. On an inproc address it bound
   * instead, libzmq takes this as `unbind()`.
   */
  disconnect(address: string): void {
    this.#live().disconnect(address)
    // libzmq's disconnect of an inproc address this socket bound unbinds it.
    noteInprocUnbind(this.context, this, address)
    this.#afterCommandProcessing()
  }

  /**
   * Closes the socket. Pending sends and receives reject (iterators end); messages
   * already handed to libzmq are delivered within the `linger` period. Idempotent.
   */
  close(): void {
    if (this.#closed) return
    this.#closed = true
    this[nativeHandle].close()
    stopWaiting(this[nativeHandle].id)
    untrackSocket(this.context, this)
    noteInprocClose(this.context, this)
    this.#inbox.clear()
    for (const send of this.#sends.drain()) this.#settle(send, closedWhilePendingError("send"))
    for (const receive of this.#receives.drain()) {
      if (receive.iterating) {
        this.#settle(receive, undefined, {value: undefined, done: true})
      } else {
        this.#settle(receive, closedWhilePendingError("receive"))
      }
    }
    const watches = this.#watches
    this.#watches = []
    for (const watch of watches) watch.notify(closedSocketError())
    const callbacks = this.#closeCallbacks
    this.#closeCallbacks = undefined
    callbacks?.forEach((callback) => callback())
  }

  /** @internal */
  [onClose](callback: () => void): void {
    if (this.#closed) return callback()
    ;(this.#closeCallbacks ??= []).push(callback)
  }

  /**
   * Sends a message: one frame, or an array of frames sent atomically as one
   * multipart message. Resolves once libzmq has taken (copied) it, so the buffers may
   * be reused afterwards (frames from `allocateFrame()` are handed over and detached
   * instead). Concurrent calls are queued in order.
   */
  [sendImpl](message: unknown, options?: OperationOptions): Promise<void> {
    if (this.#closed) return Promise.reject(closedSocketError())
    const prepared = prepareMessage(message)
    const invalid = optionsError(options)
    if (invalid) return Promise.reject(invalid)
    if (options?.signal?.aborted) return Promise.reject(abortError(options.signal))
    // Only the draft types read the options natively; for the rest, a timeout or signal
    // is handled here, and the message takes the same path as without options.
    const envelope = this[sendsEnvelope] ? options : undefined
    const tried = this.#sends.length === 0
    if (tried) {
      try {
        if (envelope === undefined ? sendWithoutEnvelope(this.#id, prepared) : this[nativeHandle].send(prepared, envelope)) {
          this.#spin.sendsSinceWait++
          if (this.#receives.length !== 0) this[service]()
          if (anyWaiting()) schedulePollNow()
          return owedTurn(true) ?? RESOLVED
        }
      } catch (error) {
        return Promise.reject(error)
      }
    }
    const pending = {message: prepared, envelope} as PendingSend
    return this.#wait<void>(this.#sends, pending, options, this.#sendTimeout, "send", tried)
  }

  /**
   * Sends many messages in order with one native call for as many as libzmq takes at
   * once; resolves when all were taken. Queued in order with other sends. If it
   * rejects part-way, the messages before the failing one were sent (`error.sent`
   * counts them for libzmq errors).
   */
  [sendManyImpl](messages: unknown[], options?: OperationOptions): Promise<void> {
    if (this.#closed) return Promise.reject(closedSocketError())
    if (!Array.isArray(messages)) return Promise.reject(new TypeError(`The "messages" argument must be an array`))
    const invalid = optionsError(options)
    if (invalid) return Promise.reject(invalid)
    if (options?.signal?.aborted) return Promise.reject(abortError(options.signal))
    const envelope = this[sendsEnvelope] ? options : undefined
    // Sent from the caller's array where it can be; one that has to wait keeps a copy.
    const batch = envelope === undefined ? messages : messages.map(prepareMessage)
    let next = 0
    const tried = this.#sends.length === 0
    if (tried) {
      try {
        next = sendBatch(this[nativeHandle], this.#id, batch, 0, envelope)
      } catch (error) {
        return Promise.reject(error)
      }
      if (next === batch.length) {
        if (this.#receives.length !== 0) this[service]()
        return owedTurn(true) ?? RESOLVED
      }
    }
    const pending = {message: undefined, batch: batch === messages ? messages.map(prepareMessage) : batch, next, envelope} as PendingSend
    return this.#wait<void>(this.#sends, pending, options, this.#sendTimeout, "send", tried)
  }

  /**
   * Resolves with the messages at hand, at least one and at most `max` (default 256):
   * those already received, or else one native batch of up to `max` (256 at most), so
   * a call never waits for more once it has one. Fewer promises and iterator steps per
   * message than receive().
   */
  [receiveManyImpl](max: number = RECEIVE_BATCH, options?: OperationOptions): Promise<Message[][]> {
    if (this.#closed) return Promise.reject(closedSocketError())
    if (!Number.isInteger(max) || max < 1) {
      return Promise.reject(new RangeError(`The "max" argument must be a positive integer`))
    }
    const tried = this.#receives.length === 0
    if (tried) {
      const turn = owedTurn(false)
      if (turn !== undefined) return turn.then(() => this.#afterTurn(() => this[receiveManyImpl](max, options)))
      try {
        const messages = this.#inbox.takeMany(max)
        if (messages.length !== 0) return Promise.resolve(messages)
      } catch (error) {
        return Promise.reject(error)
      }
    }
    const invalid = optionsError(options)
    if (invalid) return Promise.reject(invalid)
    const pending = {iterating: false, many: max} as PendingReceive
    return this.#wait<Message[][]>(this.#receives, pending, options, this.#receiveTimeout, "receive", tried)
  }

  /** Receives the next message as an array of its frames. */
  [receiveImpl](options?: OperationOptions): Promise<Message[]> {
    if (this.#closed) return Promise.reject(closedSocketError())
    const tried = this.#receives.length === 0
    if (tried) {
      const turn = owedTurn(false)
      if (turn !== undefined) return turn.then(() => this.#afterTurn(() => this[receiveImpl](options)))
      try {
        const message = this.#inbox.take()
        if (message !== undefined) return Promise.resolve(message)
      } catch (error) {
        return Promise.reject(error)
      }
    }
    const invalid = optionsError(options)
    if (invalid) return Promise.reject(invalid)
    const pending = {iterating: false} as PendingReceive
    return this.#wait<Message[]>(this.#receives, pending, options, this.#receiveTimeout, "receive", tried)
  }

  /** Iterates over received messages; ends when the socket closes. */
  [iterateImpl](): AsyncIterator<Message[], undefined> {
    const next = (): Promise<IteratorResult<Message[], undefined>> => {
      if (this.#closed) return Promise.resolve({value: undefined, done: true})
      const tried = this.#receives.length === 0
      if (tried) {
        const turn = owedTurn(false)
        if (turn !== undefined) return turn.then(next)
        try {
          const message = this.#inbox.take()
          if (message !== undefined) return Promise.resolve({value: message, done: false})
        } catch (error) {
          return Promise.reject(error)
        }
      }
      const pending = {iterating: true} as PendingReceive
      return this.#wait(this.#receives, pending, undefined, this.#receiveTimeout, "receive", tried)
    }
    const finish = (): Promise<IteratorResult<Message[], undefined>> =>
      Promise.resolve({value: undefined, done: true})
    return {next, return: finish}
  }

  /**
   * @internal The next message if libzmq has one now and no receive() is waiting
   * (which would be owed it first); undefined otherwise. Synchronous, for compat `read()`.
   */
  [receiveNow](): Message[] | undefined {
    if (this.#closed) throw closedSocketError()
    return this.#receives.length === 0 ? this.#inbox.take() : undefined
  }

  /** @internal Sends waiting for libzmq to take them. */
  get [queuedSends](): number {
    return this.#sends.length
  }

  /** @internal Whether waiting operations keep the process alive (compat `unref`). */
  [setKeepAlive](keepAlive: boolean): void {
    this.#keepAlive = keepAlive
    if (isWaiting(this[nativeHandle].id)) this[nativeHandle].arm(keepAlive)
  }

  /** @internal Timeout mirrors, updated by the option setters. */
  [rememberTimeout](kind: "send" | "receive", milliseconds: number): void {
    if (kind === "send") this.#sendTimeout = milliseconds
    else this.#receiveTimeout = milliseconds
  }

  /**
   * @internal POLLIN and/or POLLOUT, as a new receive() or send() would find the socket
   * now: one queued behind waiting operations would wait too.
   */
  [readyEvents](): number {
    if (this.#closed) return 0
    const ready = this.#readiness(this[nativeHandle].events())
    // Reading ZMQ_EVENTS consumed the edge that waiting operations and watches sleep on;
    // serving them now leaves libzmq's fd to signal the next change again.
    if (this.#hasWaiters) this[service]()
    return ready
  }

  /** @internal Registers a watch (see ReadinessWatch); returns its removal. */
  [watchReadiness](watch: ReadinessWatch): () => void {
    if (this.#closed) throw closedSocketError()
    this.#watches.push(watch)
    this[service]()
    return () => {
      const at = this.#watches.indexOf(watch)
      if (at === -1) return
      this.#watches.splice(at, 1)
      this.#stopWaitingIfIdle()
    }
  }

  #readiness(events: number): number {
    let ready = 0
    if ("receive" in this && this.#receives.length === 0 && (this.#inbox.buffered || (events & POLLIN) !== 0)) ready |= POLLIN
    if ("send" in this && this.#sends.length === 0 && (events & POLLOUT) !== 0) ready |= POLLOUT
    return ready
  }

  /** Tells the watches what `events` show; whether any was told. */
  #notifyWatches(events: number): boolean {
    const ready = this.#readiness(events)
    let told = false
    // A copy: a notified watch may remove itself, or others.
    for (const watch of [...this.#watches]) {
      if ((watch.events & ready) === 0 || !this.#watches.includes(watch)) continue
      told = true
      watch.notify()
    }
    return told
  }

  /**
   * Ends the socket's wait once nothing waits on it. A socket the readiness report is
   * serving was disarmed by the addon and left `waiting` already; any other still listed
   * is armed, and its arm's keep-alive must go too, or a worker that never closes the
   * socket never exits.
   */
  #stopWaitingIfIdle(): void {
    const id = this[nativeHandle].id
    if (!this.#hasWaiters && !this.#closed && isWaiting(id)) {
      stopWaiting(id)
      this[nativeHandle].disarm()
    }
  }

  /** A receive that waited for a turn of the event loop was pending: a close meanwhile is EAGAIN, as for any pending one. */
  #afterTurn<T>(receive: () => Promise<T>): Promise<T> {
    return this.#closed ? Promise.reject(closedWhilePendingError("receive")) : receive()
  }

  #live(): NativeSocket {
    if (this.#closed) throw closedSocketError()
    return this[nativeHandle]
  }

  #wait<T>(
    queue: Queue<PendingSend> | Queue<PendingReceive>,
    pending: PendingSend | PendingReceive,
    options: OperationOptions | undefined,
    defaultTimeout: number,
    operation: "send" | "receive",
    justTried: boolean,
  ): Promise<T> {
    const signal = options?.signal
    if (signal?.aborted) return Promise.reject(abortError(signal))
    const promise = new Promise<T>((resolve, reject) => {
      pending.resolve = resolve as (value: unknown) => void
      pending.reject = reject
    })
    const timeout = options?.timeout ?? defaultTimeout
    if (timeout >= 0) {
      pending.timer = setTimeout(() => this.#cancel(queue, pending, timeoutError(operation, timeout)), timeout)
    }
    if (signal !== undefined) {
      pending.signal = signal
      pending.onAbort = () => this.#cancel(queue, pending, abortError(signal))
      signal.addEventListener("abort", pending.onAbort, {once: true})
    }
    ;(queue as Queue<Pending>).push(pending)
    this[service](justTried ? operation : undefined)
    return promise
  }

  #cancel(queue: Queue<PendingSend> | Queue<PendingReceive>, pending: Pending, error: Error): void {
    if (!(queue as Queue<Pending>).remove(pending)) return
    this.#settle(pending, error)
    this.#stopWaitingIfIdle()
  }

  #settle(pending: Pending, error?: Error, value?: unknown): void {
    if (pending.timer !== undefined) clearTimeout(pending.timer)
    if (pending.onAbort !== undefined) pending.signal!.removeEventListener("abort", pending.onAbort)
    if (error !== undefined) pending.reject(error)
    else pending.resolve(value)
  }

  /** bind/connect and friends process libzmq commands, which can swallow a readiness edge. */
  #afterCommandProcessing(): void {
    if (this.#hasWaiters) this[service]()
  }

  /** Whether anything sleeps on the socket's readiness: operations or watches (Poller). */
  get #hasWaiters(): boolean {
    return this.#sends.length !== 0 || this.#receives.length !== 0 || this.#watches.length !== 0
  }

  /**
   * Completes every waiting operation libzmq allows now, then sleeps until the socket
   * signals again. ZMQ_FD is edge-triggered: before sleeping, ZMQ_EVENTS must confirm
   * that the socket really is not ready, or a message can be stranded. `justTried`: the
   * caller queued its first operation of that kind right after libzmq could not do it
   * (EAGAIN, which processed libzmq's commands), so trying it again now would cost a
   * native call and a system call for the same answer.
   * @internal
   */
  [service](justTried?: "send" | "receive"): void {
    if (this.#closed) return
    const native = this[nativeHandle]
    let confirmed = false
    let skip = justTried
    for (;;) {
      let progress = false
      while (this.#sends.length !== 0) {
        if (skip === "send") {
          skip = undefined
          break
        }
        const send = this.#sends.peek()!
        if (send.batch !== undefined) {
          const before = send.next!
          try {
            send.next = sendBatch(native, this.#id, send.batch, before, send.envelope)
          } catch (error) {
            this.#sends.shift()
            this.#settle(send, error as Error)
            progress = true
            continue
          }
          if (send.next !== before) progress = true
          if (send.next < send.batch.length) break
          this.#sends.shift()
          this.#settle(send)
          continue
        }
        let sent: boolean
        try {
          sent =
            send.envelope === undefined ? sendWithoutEnvelope(this.#id, send.message) : native.send(send.message, send.envelope)
        } catch (error) {
          this.#sends.shift()
          this.#settle(send, error as Error)
          progress = true
          continue
        }
        if (!sent) break
        this.#sends.shift()
        this.#settle(send)
        this.#spin.sendsSinceWait++
        progress = true
      }
      while (this.#receives.length !== 0) {
        if (skip === "receive") {
          skip = undefined
          break
        }
        let message: Message[] | undefined
        try {
          message = this.#inbox.take(this.#receives.peek()!.many)
        } catch (error) {
          this.#settle(this.#receives.shift()!, error as Error)
          progress = true
          continue
        }
        if (message === undefined) break
        if (this.#spin.waitStart !== 0) {
          stopSpinning(this.#id)
          this.#spin.answerCame()
        }
        const receive = this.#receives.shift()!
        let value: unknown = message
        if (receive.iterating) value = {value: message, done: false}
        else if (receive.many !== undefined) value = this.#inbox.takeMany(receive.many, message)
        this.#settle(receive, undefined, value)
        progress = true
      }
      const sending = this.#sends.length !== 0
      const receiving = this.#receives.length !== 0
      const watching = this.#watches.length !== 0
      if (!sending && !receiving && !watching) {
        // Served from elsewhere than the readiness report too: a new send can find the
        // peer that queued ones waited for.
        this.#stopWaitingIfIdle()
        return
      }
      if (progress) continue
      // The operation that just failed with EAGAIN left libzmq's commands processed (a
      // receive does so itself; the native send re-reads ZMQ_EVENTS before giving up),
      // so a ZMQ_FD socket waiting in that one direction will signal any change. Waiting
      // both ways, one direction's operation may have swallowed the other's edge; a
      // thread-safe socket's signaler is consumed only by reading its events; and
      // watches have no operation to try.
      const needsConfirm = (sending && receiving) || this.#threadSafe || watching
      if (needsConfirm && !confirmed) {
        const events = native.events()
        confirmed = true
        if (watching && this.#notifyWatches(events)) {
          // A watch's owner may have closed this socket or removed its watches.
          if (this.#closed) return
          continue
        }
        if ((sending && events & POLLOUT) || (receiving && events & POLLIN)) continue
      }
      try {
        native.arm(this.#keepAlive, true)
      } catch (error) {
        // Only a thread's first wait can fail (its readiness thread could not start, e.g.
        // EMFILE): nothing would ever wake these operations, so they fail now.
        this.#failAllPending(error as Error)
        return
      }
      startWaiting(native.id, this)
      const spin = receiving && !sending ? this.#spin.forWait() : 0
      if (spin > 0) spinUntil(native.id, this.#spin.waitStart + spin / 1000)
      schedulePollNow()
      return
    }
  }

  #failAllPending(error: Error): void {
    for (const send of this.#sends.drain()) this.#settle(send, error)
    for (const receive of this.#receives.drain()) this.#settle(receive, error)
  }
}

type Capability = "send" | "receive"

/** Gives a socket type the operations its libzmq type supports. */
export function allowMethods(prototype: object, methods: Capability[]): void {
  const base = Socket.prototype
  if (methods.includes("send")) {
    Object.defineProperty(prototype, "send", {value: base[sendImpl], writable: true, configurable: true})
    Object.defineProperty(prototype, "sendMany", {value: base[sendManyImpl], writable: true, configurable: true})
  }
  if (methods.includes("receive")) {
    Object.defineProperty(prototype, "receive", {value: base[receiveImpl], writable: true, configurable: true})
    Object.defineProperty(prototype, "receiveMany", {value: base[receiveManyImpl], writable: true, configurable: true})
    Object.defineProperty(prototype, Symbol.asyncIterator, {value: base[iterateImpl], writable: true, configurable: true})
  }
}

;(Socket.prototype as unknown as Record<symbol, boolean>)[chunkedReceive] = true
;(Socket.prototype as unknown as Record<symbol, boolean>)[sendsEnvelope] = false
