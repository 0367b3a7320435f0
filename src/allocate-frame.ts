import {constants} from "node:buffer"

import {addon} from "./native"

/**
 * The size from which {@link allocateFrame} returns memory that `send()` hands to
 * libzmq instead of copying. Smaller frames are copied: that is cheaper than the
 * bookkeeping of handing memory over.
 */
export const handOverThreshold: number = addon.handOverThreshold

/**
 * A `Buffer` of `size` bytes for a frame to send without copying. Its contents are not
 * initialised (as with `Buffer.allocUnsafe()`): fill it before sending.
 *
 * From {@link handOverThreshold} bytes up, sending it (the `Buffer`, its `ArrayBuffer`,
 * or any typed array or `DataView` over it of at least that size) gives its memory to
 * libzmq: the send does not copy it, and the `ArrayBuffer` is detached (every view of it
 * empty, length 0) once libzmq took the message, so no later write can change what the
 * peer receives. Such a frame can be sent once; sending it
 * again is a TypeError. Smaller frames, and all frames where the runtime refuses
 * external memory (Electron) or cannot detach buffers, are plain `Buffer`s that
 * `send()` copies as usual.
 *
 * @example
 * const frame = allocateFrame(image.length)
 * image.copy(frame) // or render straight into it
 * await socket.send(frame) // no copy; frame.length is now 0
 */
export function allocateFrame(size: number): Buffer {
  if (typeof size !== "number") throw new TypeError(`The "size" argument must be a number`)
  if (!Number.isInteger(size) || size < 0 || size > constants.MAX_LENGTH) {
    throw new RangeError(`The "size" argument must be an integer from 0 to ${constants.MAX_LENGTH}, got ${size}`)
  }
  return addon.allocateFrame(size)
}
