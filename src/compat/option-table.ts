// How each libzmq socket option is represented, so `setsockopt`/`getsockopt` can take
// any option by number, as the old bindings did for the options they knew.
import {Kind} from "../options"
import {options} from "./constants"

type KindValue = (typeof Kind)[keyof typeof Kind]

const int32 = [
  8, 9, 11, 12, 13, 15, 16, 17, 18, 19, 21, 23, 24, 25, 27, 28, 31, 33, 34, 35, 36, 37, 39, 40, 41, 42, 43, 44, 47, 51,
  52, 53, 54, 56, 57, 58, 59, 60, 62, 65, 66, 69, 71, 73, 74, 75, 76, 77, 78, 79, 80, 81, 84, 88, 89, 90, 91, 93, 94,
  96, 97, 98, 101, 102, 107, 108, 109, 112,
]
// ZMQ_SWAP, ZMQ_MCAST_LOOP and ZMQ_RECOVERY_IVL_MSEC were 64-bit in libzmq 2; libzmq 4 rejects them.
const int64 = [3, 10, 20, 22]
const uint64 = [4, 85, 86, 87]
/** Byte strings: read back as text, as the old bindings did. */
const binary = [5, 6, 7, 38, 61, 72, 110, 111]
/** Text: curve keys read as Z85. */
const text = [32, 45, 46, 48, 49, 50, 55, 63, 64, 68, 92, 99, 100, 103, 104, 105, 106]

const kinds = new Map<number, KindValue>()
for (const id of int32) kinds.set(id, Kind.Int32)
for (const id of int64) kinds.set(id, Kind.Int64)
for (const id of uint64) kinds.set(id, Kind.Uint64)
for (const id of binary) kinds.set(id, Kind.Binary)
for (const id of text) kinds.set(id, Kind.String)
// ZMQ_FD is a SOCKET (64-bit) on Windows, an int elsewhere.
kinds.set(14, process.platform === "win32" ? Kind.Uint64 : Kind.Int32)

/** The kind of an option; unknown numbers are tried as int, and libzmq says EINVAL if wrong. */
export function optionKind(id: number): KindValue {
  return kinds.get(id) ?? Kind.Int32
}

export function isTextKind(kind: KindValue): boolean {
  return kind === Kind.String || kind === Kind.Binary
}

const longNames = new Map<string, number>()

/** The short name of each option number (the first, without the leading "_" of the
 * internal ones), to name an option given by number in errors. */
const namesOfNumbers = new Map<number, string>()
for (const [name, id] of Object.entries(options)) {
  if (!namesOfNumbers.has(id)) namesOfNumbers.set(id, name.replace(/^_/, ""))
}

/** Registers the `ZMQ_*` names, so `setsockopt("ZMQ_SNDHWM", 10)` works too. */
export function registerLongNames(constants: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(constants)) {
    if (name.startsWith("ZMQ_") && typeof value === "number") longNames.set(name, value)
  }
}

/** An option given as a number, a short name (`"linger"`) or a long one (`"ZMQ_LINGER"`). */
export function resolveOption(option: unknown): {id: number; name: string} {
  if (typeof option === "number") {
    if (!Number.isInteger(option)) throw new RangeError(`The "option" argument must be an integer`)
    return {id: option, name: namesOfNumbers.get(option) ?? `option ${option}`}
  }
  if (typeof option === "string") {
    if (Object.prototype.hasOwnProperty.call(options, option)) {
      return {id: options[option as keyof typeof options], name: option}
    }
    const id = longNames.get(option)
    if (id !== undefined) return {id, name: option}
    throw new TypeError(`The "option" argument "${option}" is not a known option name`)
  }
  throw new TypeError(`The "option" argument must be a number or an option name`)
}

/** Numbers as the old bindings took them: numbers, booleans and numeric text. */
export function toIntegerValue(value: unknown, name: string): number {
  if (typeof value === "number") return value
  if (typeof value === "boolean") return value ? 1 : 0
  if (typeof value === "bigint") return Number(value)
  if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) return Number(value)
  throw new TypeError(`Option "${name}" must be a number`)
}

/** Text options take strings, Buffers and typed arrays; other values are stringified, as before. */
export function toTextValue(value: unknown, name: string): string | Buffer | null {
  if (value === null || value === undefined) return null
  if (typeof value === "string" || Buffer.isBuffer(value)) return value
  if (ArrayBuffer.isView(value)) {
    try {
      return Buffer.from(value.buffer, value.byteOffset, value.byteLength)
    } catch {
      throw new TypeError(`Option "${name}" must not be a view of a detached ArrayBuffer`)
    }
  }
  return asText(value, `Option "${name}"`)
}

/** String(value), with a TypeError naming `what` for a value that has no text (e.g. Object.create(null)). */
export function asText(value: unknown, what: string): string {
  try {
    return String(value)
  } catch {
    throw new TypeError(`${what} must be a string, a number or a Buffer`)
  }
}
