import {abortError, closedSocketError, errnoError} from "./errors"
import {optionsError} from "./message"
import {POLLIN, POLLOUT} from "./native"
import {type OperationOptions, type ReadinessWatch, Socket} from "./socket"
import {readyEvents, watchReadiness} from "./socket-hooks"

/** What a socket is polled for. */
export type PollEvents = "readable" | "writable" | "both"

/** A socket that `poll()` found ready, and how. */
export interface PollResult {
  socket: Socket
  /** A `receive()` would complete now. */
  readable: boolean
  /** A `send()` would complete now. */
  writable: boolean
}

const EVENT_MASKS: Record<PollEvents, number> = {readable: POLLIN, writable: POLLOUT, both: POLLIN | POLLOUT}

/**
 * Waits until any of several sockets can receive or send, without taking a message
 * (zmq_poll, or pyzmq's Poller). For loops that choose what to read next: a broker that
 * reads its front end only while a worker is free, or one reply socket polled next to
 * a control socket. `poll()` resolves with every registered socket that is ready, in the
 * order they were added; the caller then receives or sends, which completes at once.
 */
export class Poller {
  readonly #sockets = new Map<Socket, number>()

  /** Polls `socket` for `events` (default "readable"); adding it again changes them. */
  add(socket: Socket, events: PollEvents = "readable"): this {
    if (!(socket instanceof Socket)) throw new TypeError(`The "socket" argument must be a Socket`)
    const mask = typeof events === "string" && Object.hasOwn(EVENT_MASKS, events) ? EVENT_MASKS[events] : undefined
    if (mask === undefined) throw new TypeError(`The "events" argument must be "readable", "writable" or "both"`)
    if (mask & POLLIN && !("receive" in socket)) {
      throw new TypeError(`A ${socket.constructor.name} socket never receives: it cannot be polled for "readable"`)
    }
    if (mask & POLLOUT && !("send" in socket)) {
      throw new TypeError(`A ${socket.constructor.name} socket never sends: it cannot be polled for "writable"`)
    }
    this.#sockets.set(socket, mask)
    return this
  }

  /** Stops polling `socket`; whether it was polled. A `poll()` already waiting still includes it. */
  remove(socket: Socket): boolean {
    return this.#sockets.delete(socket)
  }

  /** The polled sockets, in the order they were added. */
  get sockets(): Socket[] {
    return [...this.#sockets.keys()]
  }

  /**
   * Resolves with the sockets ready now, or else with those ready first, waiting at most
   * `timeout` milliseconds (none: no limit; 0: only look), or `[]` when it ran out.
   * Rejects when a polled socket is or becomes closed (EBADF), and on `signal`'s abort.
   * Several polls may wait at once, on one poller or many.
   */
  poll(options?: OperationOptions): Promise<PollResult[]> {
    const invalid = optionsError(options)
    if (invalid) return Promise.reject(invalid)
    const signal = options?.signal
    if (signal?.aborted) return Promise.reject(abortError(signal))
    const entries = [...this.#sockets]
    if (entries.some(([socket]) => socket.closed)) return Promise.reject(closedSocketError())
    const timeout = options?.timeout
    if (entries.length === 0 && timeout === undefined && signal === undefined) {
      // libzmq's zmq_poller_wait_all refuses the same with EFAULT.
      return Promise.reject(errnoError("Poller has no sockets and no timeout: poll() would wait forever", "EFAULT"))
    }
    const ready = readyNow(entries)
    if (ready.length !== 0 || timeout === 0) return Promise.resolve(ready)
    return waitForReady(entries, timeout, signal)
  }
}

function readyNow(entries: Array<[Socket, number]>): PollResult[] {
  const ready: PollResult[] = []
  for (const [socket, mask] of entries) {
    const events = socket[readyEvents]() & mask
    if (events !== 0) ready.push({socket, readable: (events & POLLIN) !== 0, writable: (events & POLLOUT) !== 0})
  }
  return ready
}

function waitForReady(entries: Array<[Socket, number]>, timeout: number | undefined, signal: AbortSignal | undefined) {
  return new Promise<PollResult[]>((resolve, reject) => {
    const removals: Array<() => void> = []
    let timer: ReturnType<typeof setTimeout> | undefined
    let checkQueued = false
    let finished = false
    const onAbort = () => finish(() => reject(abortError(signal!)))
    function finish(settle: () => void): void {
      if (finished) return
      finished = true
      for (const remove of removals) remove()
      if (timer !== undefined) clearTimeout(timer)
      signal?.removeEventListener("abort", onAbort)
      settle()
    }
    // Watches report from inside a socket's own servicing: look at all sockets once that
    // is over, so the result holds every socket ready by then.
    function check(): void {
      checkQueued = false
      if (finished) return
      if (entries.some(([socket]) => socket.closed)) return finish(() => reject(closedSocketError()))
      const ready = readyNow(entries)
      if (ready.length !== 0) finish(() => resolve(ready))
    }
    const watch: ReadinessWatch["notify"] = (error) => {
      if (error !== undefined) return finish(() => reject(error))
      if (checkQueued) return
      checkQueued = true
      queueMicrotask(check)
    }
    if (timeout !== undefined) timer = setTimeout(() => finish(() => resolve([])), timeout)
    signal?.addEventListener("abort", onAbort, {once: true})
    for (const [socket, events] of entries) {
      if (finished) break
      removals.push(socket[watchReadiness]({events, notify: watch}))
    }
  })
}
