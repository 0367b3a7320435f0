// Options are accessor properties backed by one native get/set pair. Each table row
// says the libzmq option number and how its value is represented.
export const Kind = {Bool: 0, Int32: 1, Uint32: 2, Int64: 3, Uint64: 4, String: 5, Binary: 6} as const
type KindValue = (typeof Kind)[keyof typeof Kind]

export const nativeHandle = Symbol("zmq-napi.native")

export interface OptionBackend {
  /** `name` only names the option in an error's message. */
  getOption(option: number, kind: number, name?: string): unknown
  setOption(option: number, kind: number, value: unknown, name: string): void
}

export interface OptionHost {
  readonly [nativeHandle]: OptionBackend
}

/**
 * - `[id, kind]`: read and write through libzmq.
 * - `[id, kind, "readonly"]`: libzmq reports it; setting is a TypeError.
 * - `[id, kind, "writeonly", default]`: libzmq only accepts it, so the last value set
 *   is remembered here and reading returns it (or libzmq's documented default).
 */
export type OptionSpec =
  | readonly [number, KindValue]
  | readonly [number, KindValue, "readonly"]
  | readonly [number, KindValue, "writeonly", unknown]

const remembered = new WeakMap<object, Map<string, unknown>>()

export function defineOptions(prototype: object, table: Record<string, OptionSpec>): void {
  for (const [name, spec] of Object.entries(table)) {
    const [id, kind, access] = spec
    let descriptor: PropertyDescriptor
    if (access === "writeonly") {
      const fallback = spec[3]
      descriptor = {
        get(this: OptionHost) {
          const values = remembered.get(this)
          return values?.has(name) ? values.get(name) : fallback
        },
        set(this: OptionHost, value: unknown) {
          this[nativeHandle].setOption(id, kind, value, name)
          let values = remembered.get(this)
          if (!values) remembered.set(this, (values = new Map()))
          values.set(name, value)
        },
      }
    } else {
      descriptor = {
        get(this: OptionHost) {
          return this[nativeHandle].getOption(id, kind, name)
        },
      }
      if (access !== "readonly") {
        descriptor.set = function (this: OptionHost, value: unknown) {
          this[nativeHandle].setOption(id, kind, value, name)
        }
      }
    }
    Object.defineProperty(prototype, name, {...descriptor, configurable: true, enumerable: true})
  }
}

/** Maps a string-valued option onto libzmq's integer one. */
export function defineEnumOption(
  prototype: object,
  name: string,
  id: number,
  values: readonly string[],
): void {
  Object.defineProperty(prototype, name, {
    configurable: true,
    enumerable: true,
    get(this: OptionHost) {
      return values[this[nativeHandle].getOption(id, Kind.Int32, name) as number]
    },
    set(this: OptionHost, value: unknown) {
      const index = values.indexOf(value as string)
      if (index < 0) {
        throw new TypeError(`Option "${name}" must be one of ${values.map((v) => `"${v}"`).join(", ")}`)
      }
      this[nativeHandle].setOption(id, Kind.Int32, index, name)
    },
  })
}

function findOption(target: object, name: string): PropertyDescriptor | undefined {
  for (let proto = Object.getPrototypeOf(target); proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    const descriptor = Object.getOwnPropertyDescriptor(proto, name)
    if (descriptor) return descriptor.get || descriptor.set ? descriptor : undefined
  }
  return undefined
}

/** Applies a constructor's options object; `context` is consumed by the caller. */
export function applyOptions(target: object, options: object | undefined, kind: string): void {
  if (options === undefined || options === null) return
  if (typeof options !== "object") throw new TypeError(`The "options" argument must be an object`)
  for (const [name, value] of Object.entries(options)) {
    if (name === "context" || value === undefined) continue
    const descriptor = findOption(target, name)
    if (!descriptor) throw new TypeError(`Unknown option "${name}" for ${kind}`)
    if (!descriptor.set) throw new TypeError(`Option "${name}" of ${kind} is read-only`)
    ;(target as Record<string, unknown>)[name] = value
  }
}
