import {types} from "node:util"

import type {OperationOptions} from "./socket"

function prepareFrame(frame: unknown): unknown {
  if (typeof frame === "number") return String(frame)
  if (typeof frame === "object" && frame !== null && types.isSharedArrayBuffer(frame)) {
    return new Uint8Array(frame)
  }
  return frame
}

/**
 * Numbers and SharedArrayBuffers are turned into what the native layer copies; every
 * other value goes as it is, and the native layer rejects what it cannot send.
 */
export function prepareMessage(message: unknown): unknown {
  // Buffers and typed arrays, by far the most common, need nothing.
  if (ArrayBuffer.isView(message)) return message
  if (Array.isArray(message)) {
    for (let i = 0; i < message.length; i++) {
      const part = message[i]
      if (typeof part === "number" || (typeof part === "object" && part !== null && types.isSharedArrayBuffer(part))) {
        return message.map(prepareFrame)
      }
    }
    return message
  }
  return prepareFrame(message)
}

/** The longest per-call timeout: what setTimeout takes. */
const MAX_TIMEOUT = 2 ** 31 - 1

/** The error for invalid per-call options, naming the offending argument; undefined if valid. */
export function optionsError(options: OperationOptions | undefined): Error | undefined {
  if (options === undefined) return undefined
  if (typeof options !== "object" || options === null) {
    return new TypeError(`The "options" argument must be an object`)
  }
  const {signal, timeout} = options
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    return new TypeError(`The "options.signal" argument must be an AbortSignal`)
  }
  // Timers take at most 2^31-1 ms (24.8 days); a longer one would fire at once.
  if (timeout !== undefined && typeof timeout !== "number") {
    return new TypeError(`The "options.timeout" argument must be a number of milliseconds`)
  }
  if (timeout !== undefined && !(timeout >= 0 && timeout <= MAX_TIMEOUT)) {
    return new RangeError(`The "options.timeout" argument must be a number of milliseconds from 0 to ${MAX_TIMEOUT}`)
  }
  return undefined
}
