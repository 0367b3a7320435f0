import {Buffer} from "node:buffer"

type ViewConstructor = new (buffer: ArrayBuffer, byteOffset: number, length: number) => Buffer

/**
 * Node.js builds every Buffer with an internal Uint8Array subclass, which it exposes as
 * `Buffer[Symbol.species]`. Constructing it directly skips Buffer.from's argument checks
 * (measured: ~20 ns instead of ~40 ns per view), which matters once per received frame.
 * Runtimes without such a class (Bun, Deno) get Buffer.from.
 */
function findViewConstructor(): ViewConstructor | undefined {
  const species = (Buffer as unknown as Record<symbol, unknown>)[Symbol.species]
  if (typeof species !== "function" || species === Buffer) return undefined
  try {
    const probe = new (species as ViewConstructor)(new ArrayBuffer(3), 1, 1)
    return Buffer.isBuffer(probe) && probe.byteOffset === 1 && probe.length === 1 ? (species as ViewConstructor) : undefined
  } catch {
    return undefined
  }
}

const View = findViewConstructor()

/** A Buffer over `length` bytes of `buffer` from `byteOffset`, sharing its memory. */
export const bufferView: (buffer: ArrayBuffer, byteOffset: number, length: number) => Buffer = View
  ? (buffer, byteOffset, length) => new View(buffer, byteOffset, length)
  : (buffer, byteOffset, length) => Buffer.from(buffer, byteOffset, length)
