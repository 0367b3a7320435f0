import {closedContextError} from "./errors"
import {addon, NativeContext} from "./native"
import {NumberedOptions} from "./numbered-options"
import {applyOptions, defineOptions, Kind, nativeHandle, OptionHost} from "./options"

interface Closable {
  close(): void
}

/**
 * A libzmq context: the I/O threads and inproc namespace its sockets share. Most
 * programs use the shared `context`; a `new Context()` isolates sockets and can be
 * closed to release its threads.
 */
export class Context extends NumberedOptions implements OptionHost {
  /** @internal */
  readonly [nativeHandle]: NativeContext
  /** Sockets to close with the context; weak, so unclosed sockets can still be collected. */
  #sockets = new Set<WeakRef<Closable>>()
  #finalizer = new FinalizationRegistry<WeakRef<Closable>>((ref) => this.#sockets.delete(ref))

  /** Context options, e.g. `{ioThreads: 2, maxSockets: 4096}`. Unknown names are a TypeError. */
  constructor(options?: ContextOptions) {
    super()
    this[nativeHandle] = new addon.Context(sharing)
    try {
      applyOptions(this, options, "Context")
    } catch (error) {
      // Nobody gets this context to close: release libzmq's now, not at collection.
      this[nativeHandle].close()
      throw error
    }
  }

  /** Whether `close()` was called. */
  get closed(): boolean {
    return this[nativeHandle].closed
  }

  /**
   * Closes every socket still open on this context (their pending operations reject)
   * and terminates it once their lingering messages are delivered, releasing its I/O
   * threads. The shared `context` cannot be closed.
   */
  close(): void {
    if (this[nativeHandle].shared) throw new Error("The shared context cannot be closed; close its sockets instead")
    if (this.closed) return
    for (const ref of this.#sockets) ref.deref()?.close()
    this.#sockets.clear()
    this[nativeHandle].close()
  }

  /** @internal */
  track(socket: Closable): WeakRef<Closable> | undefined {
    if (this.closed) throw closedContextError()
    if (this[nativeHandle].shared) return undefined
    const ref = new WeakRef(socket)
    this.#sockets.add(ref)
    this.#finalizer.register(socket, ref, ref)
    return ref
  }

  /** @internal */
  untrack(ref: WeakRef<Closable>): void {
    this.#sockets.delete(ref)
    this.#finalizer.unregister(ref)
  }
}

export interface Context {
  /** ZMQ_BLOCKY: when false, new sockets get linger 0, so termination never waits. */
  blocky: boolean
  /** ZMQ_IO_THREADS: I/O thread count; set before the first socket. Default 1. */
  ioThreads: number
  /** ZMQ_MAX_MSGSZ: largest message accepted on this context. */
  maxMessageSize: number
  /** ZMQ_MAX_SOCKETS: socket count limit. Default 1023. */
  maxSockets: number
  /** ZMQ_IPV6: IPv6 for new sockets. */
  ipv6: boolean
  /**
   * ZMQ_THREAD_PRIORITY: libzmq's threads' priority (OS-specific), applied when the first
   * socket starts them. Under a policy other than SCHED_FIFO/SCHED_RR libzmq raises them
   * to nice -20 instead, which needs the right to. Reads -1 until set; takes values from 0.
   */
  threadPriority: number
  /**
   * ZMQ_THREAD_SCHED_POLICY: libzmq's threads' scheduling policy (OS-specific), applied
   * when the first socket starts them. Unset (-1), they run under SCHED_BATCH on Linux,
   * which moves small messages faster (docs/performance.md); 0 (SCHED_OTHER) gives them
   * ordinary scheduling. A policy or priority the system refuses makes that first
   * socket throw (libzmq itself would abort the process). Reads -1 until set; takes
   * values from 0.
   */
  threadSchedulingPolicy: number
  /** ZMQ_SOCKET_LIMIT: the largest maxSockets this build allows. */
  readonly maxSocketsLimit: number
}

export type ContextOptions = Partial<
  Pick<Context, "blocky" | "ioThreads" | "maxMessageSize" | "maxSockets" | "ipv6" | "threadPriority" | "threadSchedulingPolicy">
>

defineOptions(Context.prototype, {
  blocky: [70, Kind.Bool],
  ioThreads: [1, Kind.Int32],
  maxMessageSize: [5, Kind.Int32],
  maxSockets: [2, Kind.Int32],
  ipv6: [42, Kind.Bool],
  // libzmq accepts these two but reads back other values under the same numbers.
  threadPriority: [3, Kind.Int32, "writeonly", -1],
  threadSchedulingPolicy: [4, Kind.Int32, "writeonly", -1],
  maxSocketsLimit: [3, Kind.Int32, "readonly"],
})

// The exported `context` wraps the process-wide libzmq context shared by all workers.
let sharing = true
const shared = new Context()
sharing = false

/** @internal The context sockets use when none is given. */
export function defaultContext(): Context {
  return shared
}

const socketRefs = new WeakMap<object, WeakRef<Closable>>()

/** @internal */
export function trackSocket(context: Context, socket: Closable): void {
  const ref = context.track(socket)
  if (ref) socketRefs.set(socket, ref)
}

/** @internal */
export function untrackSocket(context: Context, socket: Closable): void {
  const ref = socketRefs.get(socket)
  if (ref) context.untrack(ref)
}

/** The shared context that sockets use unless given another. */
export const context: Context = shared
