// `send(message, flags, callback)`: frames accumulate until one without ZMQ_SNDMORE
// completes the message, which then goes to the core socket's FIFO send queue. At most
// ZMQ_SNDHWM messages wait there for libzmq (which holds up to its own high-water mark
// besides); more fail with EAGAIN rather than pile up in memory. ZMQ_SNDTIMEO bounds how
// long each waits.
import {constants} from "node:os"
import type {EventEmitter} from "node:events"

import {closedSocketError, FullError} from "../errors"
import {Socket as CoreSocket} from "../socket"
import {queuedSends, sendImpl} from "../socket-hooks"
import {ZMQ_DONTWAIT, ZMQ_SNDMORE} from "./constants"
import {asText} from "./option-table"
import {emitError} from "./report"

/** What `send()` callbacks receive: nothing on success, the error otherwise. */
export type SendCallback = (error?: Error) => void

interface Batch {
  /** One frame, or an array of frames for a multipart message. */
  message: unknown
  callbacks: SendCallback[] | undefined
  dontWait: boolean
}

const DONT_WAIT = Object.freeze({timeout: 0})

function queueFullError(limit: number): FullError {
  const error: FullError = new Error(
    `Operation was not possible or timed out (${limit} messages already wait to be sent: the send high-water mark)`,
  )
  error.code = "EAGAIN"
  error.errno = constants.errno.EAGAIN
  return error
}

/** Frames as the old bindings sent them: bytes as they are, anything else as its text. */
function toFrame(value: unknown): unknown {
  if (typeof value === "string" || typeof value === "number") return value
  if (typeof value === "object" && value !== null && (ArrayBuffer.isView(value) || value instanceof ArrayBuffer)) return value
  return asText(value, `The "message" argument's frames`)
}

/** Runs a user callback; a throw becomes an uncaught exception, not a rejected promise. */
function invoke(callback: SendCallback, self: EventEmitter, error?: Error): void {
  try {
    if (error === undefined) callback.call(self)
    else callback.call(self, error)
  } catch (thrown) {
    process.nextTick(() => {
      throw thrown
    })
  }
}

export class Outgoing {
  readonly #emitter: EventEmitter
  readonly #core: CoreSocket
  readonly #afterSend: () => void
  /** Frames sent with ZMQ_SNDMORE, waiting for the frame that ends the message. */
  #parts: unknown[] = []
  #partCallbacks: SendCallback[] = []
  /** Complete messages held while paused, as the old `pause()` held writes too. */
  #held: Batch[] = []
  #paused = false
  /** ZMQ_SNDHWM mirror; 0 means no limit. */
  limit: number

  constructor(emitter: EventEmitter, core: CoreSocket, limit: number, afterSend: () => void) {
    this.#emitter = emitter
    this.#core = core
    this.limit = limit
    this.#afterSend = afterSend
  }

  /** Adds one frame; a frame without ZMQ_SNDMORE in `flags` completes the message. */
  add(frame: unknown, flags: number, callback: SendCallback | undefined): void {
    this.#addConverted(toFrame(frame), flags, callback)
  }

  /** Adds a whole multipart message. Every frame is converted before the first is queued:
   * a bad one must not leave the others waiting to prefix the next message. */
  addMessage(frames: readonly unknown[], flags: number, callback: SendCallback | undefined): void {
    const converted = frames.map(toFrame)
    const last = converted.length - 1
    for (let i = 0; i < last; i++) this.#addConverted(converted[i], flags | ZMQ_SNDMORE, undefined)
    this.#addConverted(converted[last], flags, callback)
  }

  #addConverted(frame: unknown, flags: number, callback: SendCallback | undefined): void {
    if (this.#parts.length === 0 && (flags & ZMQ_SNDMORE) === 0) {
      this.#submit({message: frame, callbacks: callback && [callback], dontWait: (flags & ZMQ_DONTWAIT) !== 0})
      return
    }
    this.#parts.push(frame)
    if (callback) this.#partCallbacks.push(callback)
    if ((flags & ZMQ_SNDMORE) !== 0) return
    const batch: Batch = {
      message: this.#parts,
      callbacks: this.#partCallbacks.length !== 0 ? this.#partCallbacks : undefined,
      dontWait: (flags & ZMQ_DONTWAIT) !== 0,
    }
    this.#parts = []
    this.#partCallbacks = []
    this.#submit(batch)
  }

  pause(): void {
    this.#paused = true
  }

  resume(): void {
    this.#paused = false
    const held = this.#held
    this.#held = []
    for (const batch of held) this.#dispatch(batch)
  }

  /** Messages held or unfinished at close are dropped quietly, as before; callbacks hear of it. */
  close(): void {
    const dropped = this.#held
    this.#held = []
    if (this.#partCallbacks.length !== 0) dropped.push({message: this.#parts, callbacks: this.#partCallbacks, dontWait: false})
    this.#parts = []
    this.#partCallbacks = []
    for (const batch of dropped) process.nextTick(() => this.#fail(batch, closedSocketError(), true))
  }

  #submit(batch: Batch): void {
    let error: Error | undefined
    if (this.#core.closed) error = closedSocketError()
    else if (this.limit > 0 && this.#core[queuedSends] + this.#held.length >= this.limit) error = queueFullError(this.limit)
    if (error !== undefined) {
      // Callbacks and `error` events always come after send() returns.
      process.nextTick(() => this.#fail(batch, error, false))
    } else if (this.#paused) {
      this.#held.push(batch)
    } else {
      this.#dispatch(batch)
    }
  }

  #dispatch(batch: Batch): void {
    this.#core[sendImpl](batch.message, batch.dontWait ? DONT_WAIT : undefined).then(
      () => {
        this.#afterSend()
        batch.callbacks?.forEach((callback) => invoke(callback, this.#emitter))
      },
      // Sends still waiting when the socket closes are dropped quietly, as before.
      (error: Error) => this.#fail(batch, error, this.#core.closed),
    )
  }

  #fail(batch: Batch, error: Error, quiet: boolean): void {
    if (batch.callbacks) batch.callbacks.forEach((callback) => invoke(callback, this.#emitter, error))
    else if (!quiet) emitError(this.#emitter, error)
  }
}
