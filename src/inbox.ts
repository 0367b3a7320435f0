import {Buffer} from "node:buffer"

import {bufferView} from "./buffer-view"
import {rememberProperties} from "./message-properties"
import type {MessageProperties} from "./message-properties"
import type {NativeMessage, NativeSocket} from "./native"

type Message = Buffer

/** Messages drained from libzmq per native call while receivers are waiting. */
export const RECEIVE_BATCH = 256
/** Frame flags in a received chunk (native/receive_chunk.cc). */
const MORE_FRAMES = 1
const SEPARATE_FRAME = 2

function asParts(message: NativeMessage): Message[] {
  return Array.isArray(message) ? message : [message]
}

/**
 * A socket's received messages not yet handed out. Refilled from libzmq in one native
 * call per batch: normally one ArrayBuffer holding many frames, handed out as Buffer
 * views; messages with an envelope (draft routing ids, groups) or properties come as
 * separate objects instead.
 */
export class Inbox {
  /** Property names to read per message (zmq_msg_gets), or undefined for none. */
  propertyNames: string[] | undefined = undefined

  readonly #native: NativeSocket
  readonly #chunked: boolean
  #messages: NativeMessage[] | undefined = undefined
  #nextMessage = 0
  #chunk: ArrayBuffer | undefined = undefined
  #meta: Int32Array | undefined = undefined
  #offset = 0
  #frameIndex = 0
  #frameCount = 0
  #separate: Buffer[] = []
  #nextSeparate = 0
  #limit = RECEIVE_BATCH
  #fullSingles = 0

  constructor(native: NativeSocket, chunked: boolean) {
    this.#native = native
    this.#chunked = chunked
  }

  /** Whether a message is already here, without asking libzmq. */
  get buffered(): boolean {
    return this.#frameIndex < this.#frameCount || (this.#messages !== undefined && this.#nextMessage < this.#messages.length)
  }

  /** Drops what is buffered (the socket closed). */
  clear(): void {
    this.#messages = undefined
    this.#chunk = undefined
    this.#frameCount = 0
    this.#separate.length = 0
  }

  /** The next message, or undefined when libzmq has none either. */
  take(): Message[] | undefined {
    if (this.#frameIndex < this.#frameCount) return this.#nextFromChunk()
    if (this.#messages !== undefined && this.#nextMessage < this.#messages.length) return this.#nextFromList()
    if (this.propertyNames !== undefined || !this.#chunked) {
      this.#messages = this.#native.receiveBatch(RECEIVE_BATCH, this.propertyNames)
      this.#nextMessage = 0
      return this.#messages === undefined ? undefined : this.#nextFromList()
    }
    this.#separate.length = 0
    const limit = this.#limit
    const chunk = this.#native.receiveChunk(limit, this.#separate)
    if (chunk === undefined) {
      this.#adapt(0, limit)
      return undefined
    }
    const meta = new Int32Array(chunk, 0, chunk.byteLength >>> 2)
    const frames = meta[0]
    this.#adapt(frames, limit)
    this.#chunk = chunk
    this.#meta = meta
    this.#offset = ((1 + 2 * frames) * 4 + 7) & ~7
    this.#frameIndex = 0
    this.#frameCount = frames
    this.#nextSeparate = 0
    return this.#nextFromChunk()
  }

  /** Up to `max` messages available now (after `first`, when given). */
  takeMany(max: number, first?: Message[]): Message[][] {
    const messages: Message[][] = first ? [first] : []
    while (messages.length < max) {
      const message = this.take()
      if (message === undefined) break
      messages.push(message)
    }
    return messages
  }

  /**
   * A batch that drained the socket ended with a receive that found nothing, which costs
   * libzmq a system call. When messages come one at a time (a peer in this thread
   * alternating with us) that is one per message; so after a drained batch ask for one
   * message at a time, and go back to full batches once those keep coming full.
   */
  #adapt(received: number, limit: number): void {
    if (received < limit) {
      this.#limit = 1
      this.#fullSingles = 0
    } else if (limit === 1 && ++this.#fullSingles >= 4) {
      this.#limit = RECEIVE_BATCH
    }
  }

  #nextFrame(): {frame: Buffer; more: boolean} | Buffer {
    const meta = this.#meta!
    const index = this.#frameIndex++
    const size = meta[1 + 2 * index]
    const flags = meta[2 + 2 * index]
    let frame: Buffer
    if (flags & SEPARATE_FRAME) {
      frame = this.#separate[this.#nextSeparate]
      this.#separate[this.#nextSeparate++] = undefined as unknown as Buffer
    } else {
      frame = bufferView(this.#chunk!, this.#offset, size)
      this.#offset += size
    }
    return flags & MORE_FRAMES ? {frame, more: true} : frame
  }

  #nextFromChunk(): Message[] {
    let next = this.#nextFrame()
    if (Buffer.isBuffer(next)) return [next]
    const parts: Message[] = []
    while (!Buffer.isBuffer(next)) {
      parts.push(next.frame)
      next = this.#nextFrame()
    }
    parts.push(next)
    if (this.#frameIndex === this.#frameCount) this.#chunk = undefined
    return parts
  }

  #nextFromList(): Message[] {
    const list = this.#messages!
    const entry = list[this.#nextMessage]
    list[this.#nextMessage++] = undefined as unknown as NativeMessage
    if (!this.propertyNames) return asParts(entry)
    // With property names the native layer pairs each message with its properties.
    const [message, properties] = entry as unknown as [NativeMessage, MessageProperties]
    const parts = asParts(message)
    rememberProperties(parts, properties)
    return parts
  }
}
