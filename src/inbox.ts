import {Buffer} from "node:buffer"

import {bufferView} from "./buffer-view"
import {rememberProperties} from "./message-properties"
import type {MessageProperties} from "./message-properties"
import {addon, callSlots, MAX_SLOT, OFFSET_SLOT, POOL_SIZE_SLOT, SOCKET_SLOT} from "./native"
import type {NativeMessage, NativeSocket} from "./native"

type Message = Buffer

/** Messages drained from libzmq per native call while receivers are waiting. */
export const RECEIVE_BATCH = 256
/** Sizes of the ArrayBuffers received frames share: the first after idling, the largest. */
const MIN_POOL = 256
const MAX_POOL = 64 * 1024
/** The largest pool a socket keeps while nothing comes (see take). */
const IDLE_POOL = 4 * 1024
/** Bounds of the adaptive batch's singles between two tries of a full batch. */
const MIN_SINGLES = 4
const MAX_SINGLES = 256
/**
 * The fewest frames a drained try of a full batch must bring to count as worth its
 * wake-up (see #adapt). Over inproc on one thread a wake-up cost about 1.8 µs, some 25
 * native calls of one message each.
 */
const WORTHWHILE_BATCH = 32
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
  readonly #id: number
  readonly #chunked: boolean
  #messages: NativeMessage[] | undefined = undefined
  #nextMessage = 0
  // The ArrayBuffer batches are received into while messages keep coming (see take).
  #pool: ArrayBuffer | undefined = undefined
  #poolInts: Int32Array | undefined = undefined
  #poolSize = MIN_POOL
  #metaIndex = 0
  #offset = 0
  #frameIndex = 0
  #frameCount = 0
  #separate: Buffer[] = []
  #nextSeparate = 0
  #limit = RECEIVE_BATCH
  #fullSingles = 0
  #singlesBeforeProbe = MIN_SINGLES
  /** Whether the frame #nextFrame returned last has more after it in its message. */
  #more = false

  constructor(native: NativeSocket, chunked: boolean) {
    this.#native = native
    this.#id = native.id
    this.#chunked = chunked
  }

  /** Whether a message is already here, without asking libzmq. */
  get buffered(): boolean {
    return this.#frameIndex < this.#frameCount || (this.#messages !== undefined && this.#nextMessage < this.#messages.length)
  }

  /** Drops what is buffered (the socket closed). */
  clear(): void {
    this.#messages = undefined
    this.#releasePool()
    this.#frameCount = 0
    this.#separate.length = 0
  }

  /**
   * The next message, or undefined when libzmq has none either. `want` (receiveMany's
   * max) sizes the native batch instead of the adaptive limit, since its caller takes
   * what the batch brings.
   */
  take(want?: number): Message[] | undefined {
    if (this.#frameIndex < this.#frameCount) return this.#nextFromChunk()
    if (this.#messages !== undefined && this.#nextMessage < this.#messages.length) return this.#nextFromList()
    if (this.propertyNames !== undefined || !this.#chunked) {
      this.#messages = this.#native.receiveBatch(RECEIVE_BATCH, this.propertyNames)
      this.#nextMessage = 0
      return this.#messages === undefined ? undefined : this.#nextFromList()
    }
    const limit = want === undefined ? this.#limit : Math.min(want, RECEIVE_BATCH)
    const pool = this.#pool
    let start = (this.#offset + 7) & ~7
    callSlots[SOCKET_SLOT] = this.#id
    callSlots[MAX_SLOT] = limit
    callSlots[OFFSET_SLOT] = start
    callSlots[POOL_SIZE_SLOT] = this.#poolSize
    const chunk = addon.receiveChunk(this.#separate, pool)
    if (chunk === undefined) {
      this.#adapt(0, limit)
      // Idle: keep no large pool alive for messages that may never come. A small one
      // stays: a socket answering one message at a time (REQ/REP) would otherwise pay
      // for a new ArrayBuffer per message.
      if (pool !== undefined && pool.byteLength > IDLE_POOL) this.#releasePool()
      return undefined
    }
    if (chunk !== pool) {
      // A new pool: each one while messages keep coming is twice as big, so a lone
      // message pins little and a stream allocates rarely.
      if (pool !== undefined) this.#poolSize = Math.min(this.#poolSize * 2, MAX_POOL)
      this.#pool = chunk
      this.#poolInts = new Int32Array(chunk, 0, chunk.byteLength >>> 2)
      start = 0
    }
    const metaIndex = start >>> 2
    const frames = this.#poolInts![metaIndex]
    this.#adapt(frames, limit)
    this.#metaIndex = metaIndex
    this.#offset = start + (((1 + 2 * frames) * 4 + 7) & ~7)
    this.#frameIndex = 0
    this.#frameCount = frames
    this.#nextSeparate = 0
    return this.#nextFromChunk()
  }

  #releasePool(): void {
    this.#pool = undefined
    this.#poolInts = undefined
    this.#poolSize = MIN_POOL
    this.#offset = 0
  }

  /**
   * Up to `max` messages at hand (after `first`, when given): the ones buffered, or else
   * one native batch of up to `max` (at most RECEIVE_BATCH). It does not go on until
   * libzmq runs dry: a receive that finds nothing puts libzmq's pipe to sleep, and
   * waking it costs system calls (see #adapt); paying that on every call made
   * receiveMany slower than a loop of receive().
   */
  takeMany(max: number, first?: Message[]): Message[][] {
    const messages: Message[][] = first ? [first] : []
    if (messages.length === 0) {
      const message = this.take(max)
      if (message === undefined) return messages
      messages.push(message)
    }
    while (messages.length < max && this.buffered) messages.push(this.take()!)
    return messages
  }

  /**
   * A batch that drained the socket ended with a receive that found nothing, which leaves
   * libzmq's pipe asleep, so the sender's next message costs a wake-up command: a write
   * to this socket's eventfd, then a read here. (The empty receive's own mailbox check
   * makes no system call in the libzmq zmq-napi builds; a system libzmq's makes one.)
   * Always asking for a full batch measured a sixth of the speed over inproc with both
   * ends on one thread. When messages come one at a time (a peer in this thread
   * alternating with us) that is once per message; so after a drained batch ask for one
   * message at a time, and try a full batch again after some singles that all came full:
   * 4 at first, twice as many each time a try found fewer than WORTHWHILE_BATCH frames
   * (up to 256), back to 4 once a try finds that many. Two alternating loops leave two
   * messages for each try, which paid a wake-up for one saved call every 4 singles.
   */
  #adapt(received: number, limit: number): void {
    if (received < limit) {
      if (limit !== 1) {
        this.#singlesBeforeProbe =
          received < WORTHWHILE_BATCH ? Math.min(this.#singlesBeforeProbe * 2, MAX_SINGLES) : MIN_SINGLES
      }
      this.#limit = 1
      this.#fullSingles = 0
    } else if (limit === 1 && ++this.#fullSingles >= this.#singlesBeforeProbe) {
      this.#limit = RECEIVE_BATCH
    }
  }

  /** The next frame of the chunk; #more says whether its message goes on. */
  #nextFrame(): Buffer {
    const meta = this.#poolInts!
    const index = this.#metaIndex + 2 * this.#frameIndex++
    const size = meta[index + 1]
    const flags = meta[index + 2]
    this.#more = (flags & MORE_FRAMES) !== 0
    if (flags & SEPARATE_FRAME) {
      const frame = this.#separate[this.#nextSeparate]
      this.#separate[this.#nextSeparate++] = undefined as unknown as Buffer
      return frame
    }
    const frame = bufferView(this.#pool!, this.#offset, size)
    this.#offset += size
    return frame
  }

  #nextFromChunk(): Message[] {
    const parts: Message[] = [this.#nextFrame()]
    while (this.#more) parts.push(this.#nextFrame())
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
