// The old `zmq.Context`: a libzmq context with numeric get/set, plus static accessors
// for the default context that `socket()` uses.
import {context as sharedContext, Context as CoreContext} from "../context"
import {Kind, nativeHandle} from "../options"
import {ZMQ_IO_THREADS, ZMQ_MAX_SOCKETS} from "./constants"
import {toIntegerValue} from "./option-table"

const core = new WeakMap<Context, CoreContext>()

function checkOption(option: unknown): number {
  if (typeof option !== "number" || !Number.isInteger(option)) {
    throw new TypeError(`The "option" argument must be an integer (a ZMQ_* context option)`)
  }
  return option
}

function getOption(context: CoreContext, option: unknown): number {
  return context[nativeHandle].getOption(checkOption(option), Kind.Int32) as number
}

function setOption(context: CoreContext, option: unknown, value: unknown): void {
  const id = checkOption(option)
  const name = `context option ${id}`
  context[nativeHandle].setOption(id, Kind.Int32, toIntegerValue(value, name), name)
}

/**
 * A libzmq context. Sockets use a shared default one; pass `{context}` to `socket()` to
 * create a socket on this one. `close()` closes its sockets and releases its threads.
 */
export class Context {
  /** `ioThreads`: the number of I/O threads (ZMQ_IO_THREADS), default 1. */
  constructor(ioThreads?: number) {
    if (ioThreads !== undefined && (typeof ioThreads !== "number" || !Number.isInteger(ioThreads) || ioThreads < 0)) {
      throw new RangeError(`The "ioThreads" argument must be a non-negative integer`)
    }
    core.set(this, new CoreContext(ioThreads === undefined ? undefined : {ioThreads}))
  }

  /** Closes every socket on this context and terminates it. Idempotent. */
  close(): this {
    coreContext(this).close()
    return this
  }

  /** Whether `close()` was called. */
  get closed(): boolean {
    return coreContext(this).closed
  }

  /** Sets a context option by number, e.g. `ctx.setOpt(zmq.ZMQ_MAX_SOCKETS, 4096)`. */
  setOpt(option: number, value: number): this {
    setOption(coreContext(this), option, value)
    return this
  }

  /** Reads a context option by number. */
  getOpt(option: number): number {
    return getOption(coreContext(this), option)
  }

  /** Sets the default context's I/O thread count; takes effect before its first socket. */
  static setMaxThreads(value: number): void {
    setOption(sharedContext, ZMQ_IO_THREADS, value)
  }

  static getMaxThreads(): number {
    return getOption(sharedContext, ZMQ_IO_THREADS)
  }

  /** Sets the default context's socket limit (ZMQ_MAX_SOCKETS). */
  static setMaxSockets(value: number): void {
    setOption(sharedContext, ZMQ_MAX_SOCKETS, value)
  }

  static getMaxSockets(): number {
    return getOption(sharedContext, ZMQ_MAX_SOCKETS)
  }
}

/** @internal The core context behind a compat one. */
export function coreContext(context: Context): CoreContext {
  const found = core.get(context)
  if (found === undefined) throw new TypeError(`The "context" argument must be a zmq Context`)
  return found
}
