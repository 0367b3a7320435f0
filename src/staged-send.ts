import {prepareMessage} from "./message"
import {addon, callSlots, LENGTH_SLOT, NativeSocket, SOCKET_SLOT, sendStagedLengths, sendStaging} from "./native"

/**
 * A small binary frame is copied into the addon's staging memory by JS, for sendStaged
 * (and a run of them in a batch, for sendStagedMany): that costs less than Node-API's
 * reading of a view in the addon (napi_get_buffer_info and its V8 calls, plus
 * napi_get_element per message of a batch), and the call passes no argument at all.
 * Above 1 KiB the extra copy costs more than it saves. `set` is called through a
 * constant: read as a property of the imported array, optimized code looked it up
 * generically on every call.
 */
export const STAGED_FRAME_BYTES = 1024
const staging = sendStaging
const STAGING_BYTES = staging.length
const STAGED_FRAMES = sendStagedLengths.length
const copyInto = Uint8Array.prototype.set

/** The most frames sendFrames takes as arguments (native/socket_send.cc, kInlineParts). */
const MAX_FRAMES_AS_ARGUMENTS = 8

/**
 * Sends a prepared message now if libzmq takes it. A multipart message goes as arguments
 * (sendFrames): the addon reads those at once, where an array cost it a property lookup
 * per frame.
 */
export function sendWithoutEnvelope(id: number, message: unknown): boolean {
  if (message instanceof Uint8Array) {
    const length = message.length
    if (length !== 0 && length <= STAGED_FRAME_BYTES) {
      copyInto.call(staging, message)
      callSlots[SOCKET_SLOT] = id
      callSlots[LENGTH_SLOT] = length
      return addon.sendStaged() !== false
    }
  }
  if (!Array.isArray(message) || message.length === 0 || message.length > MAX_FRAMES_AS_ARGUMENTS) {
    callSlots[SOCKET_SLOT] = id
    return addon.sendFast(message)
  }
  return addon.sendFrames(id, ...message)
}

/**
 * Sends `messages` from index `start` as far as libzmq takes them now, and returns the
 * index of the first one it did not take. With an envelope they must be prepared (see
 * prepareMessage); without, each is prepared as it goes. An error carries `sent`: how
 * many of `messages` went before the one that failed.
 */
export function sendBatch(native: NativeSocket, id: number, messages: unknown[], start: number, envelope: object | undefined): number {
  let next = start
  try {
    if (envelope !== undefined) return start + native.sendMany(messages, start, envelope)
    while (next < messages.length) {
      const staged = stageRun(messages, next)
      if (staged === 0) {
        if (!sendWithoutEnvelope(id, prepareMessage(messages[next]))) break
        next++
        continue
      }
      callSlots[SOCKET_SLOT] = id
      callSlots[LENGTH_SLOT] = staged
      const sent = addon.sendStagedMany()
      next += sent
      if (sent < staged) break
    }
    return next
  } catch (error) {
    // The addon counts from the start of its own call: sendMany's `start`, or the run.
    if (error instanceof Error) {
      const counted = error as Error & {sent?: number}
      counted.sent = next + (counted.sent ?? 0)
    }
    throw error
  }
}

/** Copies the small binary frames from messages[first] on into the staging memory; returns how many. */
function stageRun(messages: unknown[], first: number): number {
  let count = 0
  let used = 0
  while (first + count < messages.length && count < STAGED_FRAMES) {
    const message = messages[first + count]
    if (!(message instanceof Uint8Array)) break
    const length = message.length
    if (length === 0 || length > STAGED_FRAME_BYTES || used + length > STAGING_BYTES) break
    copyInto.call(staging, message, used)
    sendStagedLengths[count++] = length
    used += length
  }
  return count
}
