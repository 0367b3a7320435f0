// Delivers received messages as `message` events, and serves `read()` while paused.
import type {EventEmitter} from "node:events"

import {Socket as CoreSocket} from "../socket"
import {receiveNow} from "../socket-hooks"
import {emitError, isStateError} from "./report"

/** Messages delivered in one go before yielding to timers and I/O. */
const DELIVERIES_PER_TURN = 1024

type Receiver = CoreSocket & {receive(options?: {signal?: AbortSignal}): Promise<Buffer[]>}

export class Incoming {
  readonly #emitter: EventEmitter
  readonly #core: Receiver
  /** A message a waiting receive got after `pause()`; `read()`/`resume()` take it first. */
  #stash: Buffer[][] = []
  #paused = false
  /** Handed to a proxy, which receives from the core socket itself. */
  #detached = false
  #delivering = false
  #yielded = false
  /** The receive waiting for the next message, if any (a token to tell waits apart). */
  #waiting: object | undefined = undefined
  /**
   * A receive given up by `pause()` that has not settled yet: it may already hold the next
   * message (resolved, its callback not run yet), so nothing is read past it until then.
   */
  #settling: object | undefined = undefined
  /** Aborts waiting receives; reused until it has been used to abort. */
  #controller: AbortController | undefined = undefined
  /**
   * REQ/REP sockets cannot receive until they have sent (EFSM); delivery resumes from
   * `afterSend()` instead of failing.
   */
  #blockedUntilSend = false
  /**
   * REQ and REP alternate receive and send, so after each message (and, for REQ, from the
   * start) they wait for a send without asking libzmq, which would answer with an EFSM error.
   */
  readonly #lockstep: boolean

  constructor(emitter: EventEmitter, core: CoreSocket, lockstep: "req" | "rep" | false) {
    this.#emitter = emitter
    this.#core = core as Receiver
    this.#lockstep = lockstep !== false
    this.#blockedUntilSend = lockstep === "req"
  }

  pause(): void {
    this.#paused = true
    this.#stopWaiting()
  }

  resume(): void {
    this.#paused = false
    this.deliver()
  }

  /** A proxy takes over receiving; no `message` events from now on. Returns what was held back. */
  detach(): Buffer[][] {
    this.#detached = true
    this.#stopWaiting()
    const held = this.#stash
    this.#stash = []
    return held
  }

  /** A send may have moved a REQ/REP socket into its receiving state. */
  afterSend(): void {
    if (this.#blockedUntilSend) {
      this.#blockedUntilSend = false
      this.deliver()
    }
  }

  /** The next message's frames if one has arrived, else null. Never waits. */
  read(): Buffer[] | null {
    if (this.#stash.length !== 0) return this.#stash.shift()!
    if (this.#core.closed || this.#settling !== undefined) return null
    try {
      return this.#core[receiveNow]() ?? null
    } catch (error) {
      if (isStateError(error)) return null
      throw error
    }
  }

  /** Emits every message available now, then waits for more unless paused. */
  deliver(): void {
    if (this.#delivering || this.#waiting !== undefined || this.#settling !== undefined) return
    this.#delivering = true
    try {
      for (let count = 0; count < DELIVERIES_PER_TURN; count++) {
        if (!this.#active()) return
        let message: Buffer[] | undefined
        try {
          message = this.#stash.shift() ?? this.#core[receiveNow]()
        } catch (error) {
          this.#failed(error)
          return
        }
        if (message === undefined) {
          this.#wait()
          return
        }
        this.#emit(message)
      }
      this.#yield()
    } finally {
      this.#delivering = false
    }
  }

  #active(): boolean {
    return !this.#paused && !this.#detached && !this.#blockedUntilSend && !this.#core.closed
  }

  #emit(frames: Buffer[]): void {
    if (this.#lockstep) this.#blockedUntilSend = true
    try {
      if (frames.length === 1) this.#emitter.emit("message", frames[0])
      else this.#emitter.emit("message", ...frames)
    } catch (error) {
      // A throwing handler must not stop delivery to the ones after it.
      emitError(this.#emitter, error)
    }
  }

  /** Lets timers and I/O run between long bursts of messages. */
  #yield(): void {
    if (this.#yielded) return
    this.#yielded = true
    setImmediate(() => {
      this.#yielded = false
      this.deliver()
    })
  }

  #wait(): void {
    const token = {}
    this.#waiting = token
    const controller = (this.#controller ??= new AbortController())
    this.#core.receive({signal: controller.signal}).then(
      (message) => {
        if (this.#waiting === token) this.#waiting = undefined
        if (this.#settling === token) {
          // Given up, but it came first: it goes before anything read from now on.
          this.#settling = undefined
          this.#stash.push(message)
          this.deliver()
          return
        }
        if (this.#active()) {
          this.#emit(message)
          this.deliver()
        } else {
          this.#stash.push(message)
        }
      },
      (error: unknown) => {
        if (this.#settling === token) {
          this.#settling = undefined
          return this.deliver()
        }
        if (this.#waiting !== token) return // aborted by a proxy
        this.#waiting = undefined
        if (this.#core.closed) return
        // A receive timeout (ZMQ_RCVTIMEO) means nothing to an event stream: wait on.
        if ((error as {code?: unknown} | null)?.code === "EAGAIN") return this.deliver()
        this.#failed(error)
      },
    )
  }

  #stopWaiting(): void {
    if (this.#waiting === undefined) return
    this.#settling = this.#waiting
    this.#waiting = undefined
    this.#controller?.abort()
    this.#controller = undefined
  }

  #failed(error: unknown): void {
    if (this.#core.closed) return
    if (isStateError(error)) {
      this.#blockedUntilSend = true
      return
    }
    // A lasting receive failure: report it once and stop rather than spin on it.
    this.#detached = true
    emitError(this.#emitter, error)
  }
}
