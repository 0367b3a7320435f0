// Proxy: libzmq's steerable proxy between two sockets, on a thread of its own.
import {errnoError} from "./errors"
import {addon, NativeProxy} from "./native"
import {nativeHandle} from "./options"
import {Socket} from "./socket"

/** Options for a {@link Proxy}, beyond its two sockets. */
export interface ProxyOptions {
  /**
   * A socket that receives a copy of every message the proxy forwards, in both
   * directions (a Publisher or Push, typically). libzmq also copies the control
   * commands ("PAUSE", "RESUME", "TERMINATE") to it. Closed with the others at the end.
   */
  capture?: Socket
}

/** What one of a proxy's sockets carried (a multipart message counts once). */
export interface ProxySocketStatistics {
  /** Messages read from this socket and forwarded to the other one. */
  messagesReceived: number
  bytesReceived: number
  /** Messages forwarded to this socket. */
  messagesSent: number
  bytesSent: number
}

/** libzmq's counters for a running proxy, since it started. */
export interface ProxyStatistics {
  frontEnd: ProxySocketStatistics
  backEnd: ProxySocketStatistics
}

function socketStatistics(counters: number[], first: number): ProxySocketStatistics {
  const [messagesReceived, bytesReceived, messagesSent, bytesSent] = counters.slice(first, first + 4)
  return {messagesReceived, bytesReceived, messagesSent, bytesSent}
}

// The reply comes back on a socket only this thread may use, with nothing to wake it:
// look at once, then less and less often (it normally takes microseconds; a busy proxy
// reads its commands between bursts of up to 1,000 messages).
const replyChecks = [0, 0, 1, 2, 5, 10, 20, 50]

/** Proxies that run are kept reachable, so neither they nor their sockets are collected. */
const running = new Set<Proxy>()

function checkSocket(value: unknown, name: string): asserts value is Socket {
  if (!(value instanceof Socket) || !(nativeHandle in value)) {
    throw new TypeError(`The "${name}" argument must be a Socket`)
  }
}

/**
 * Forwards messages between a front-end and a back-end socket, both ways, with
 * libzmq's `zmq_proxy_steerable`, as zeromq@6's Proxy does, plus an optional capture
 * socket.
 *
 * ```ts
 * const proxy = new Proxy(new Router(), new Dealer())
 * await proxy.frontEnd.bind("tcp://*:5555") // clients (Request) connect here
 * await proxy.backEnd.bind("tcp://*:5556")  // workers (Reply) connect here
 * await proxy.run()                          // until terminate()
 * ```
 *
 * The proxy runs on a thread of its own (several can run at once without taking
 * Node's thread pool). While it runs its sockets belong to that thread: using them
 * from JS (send, receive, bind, options, ...) fails with `EBUSY`. Closing one of them
 * terminates the proxy first. When the proxy ends, all its sockets are closed.
 */
export class Proxy<F extends Socket = Socket, B extends Socket = Socket> {
  /** The socket clients usually talk to. */
  readonly frontEnd: F
  /** The socket services usually talk to. */
  readonly backEnd: B
  /** The socket that gets a copy of every forwarded message, if any. */
  readonly capture: Socket | undefined
  readonly #native: NativeProxy = new addon.Proxy()
  #state: "idle" | "running" | "ended" = "idle"
  readonly #statisticsWaiting: Array<{resolve(value: ProxyStatistics): void; reject(error: Error): void}> = []
  #replyCheck: ReturnType<typeof setTimeout> | undefined

  /**
   * Bind or connect the sockets (and set their options) before `run()`. The proxy
   * may also use one socket for both ends. The third argument is a capture socket or
   * {@link ProxyOptions}.
   */
  constructor(frontEnd: F, backEnd: B, capture?: Socket | ProxyOptions) {
    checkSocket(frontEnd, "frontEnd")
    checkSocket(backEnd, "backEnd")
    let captureSocket: Socket | undefined
    if (capture instanceof Socket) captureSocket = capture
    else if (capture !== undefined) {
      if (typeof capture !== "object" || capture === null) {
        throw new TypeError(`The "capture" argument must be a Socket or an options object`)
      }
      captureSocket = capture.capture
    }
    if (captureSocket !== undefined) {
      checkSocket(captureSocket, "capture")
      if (captureSocket === frontEnd || captureSocket === backEnd) {
        throw new TypeError(`The "capture" socket must differ from frontEnd and backEnd`)
      }
      if (!("send" in captureSocket)) throw new TypeError(`The "capture" socket must be able to send`)
    }
    this.frontEnd = frontEnd
    this.backEnd = backEnd
    this.capture = captureSocket
  }

  /**
   * Starts proxying and resolves when the proxy ends (after `terminate()`, or when
   * one of its sockets or their context is closed); it rejects if libzmq stops it with
   * an error. Either way its sockets are closed by then. A proxy runs once: a second
   * call rejects with `EBUSY` while it runs and `EFSM` after.
   */
  run(): Promise<void> {
    if (this.#state === "running") return Promise.reject(errnoError("Proxy is already running", "EBUSY"))
    if (this.#state === "ended") {
      return Promise.reject(errnoError("Proxy has already run and closed its sockets; create a new one", "EFSM"))
    }
    let ended: Promise<void>
    try {
      ended = this.#native.run(this.frontEnd[nativeHandle], this.backEnd[nativeHandle], this.capture?.[nativeHandle] ?? null)
    } catch (error) {
      return Promise.reject(error)
    }
    this.#state = "running"
    running.add(this)
    const finish = () => {
      running.delete(this)
      this.#state = "ended"
      this.#takeStatistics(0)
      this.frontEnd.close()
      this.backEnd.close()
      this.capture?.close()
    }
    return ended.then(finish, (error: unknown) => {
      finish()
      throw error
    })
  }

  /** Suspends forwarding; messages wait in the sockets' queues. Fails unless running. */
  pause(): void {
    this.#native.pause()
  }

  /** Resumes forwarding after `pause()`. Fails unless running. */
  resume(): void {
    this.#native.resume()
  }

  /**
   * Asks the proxy to stop; `run()` resolves once it has (its sockets closed). Does
   * nothing once the proxy ended; fails before `run()`.
   */
  terminate(): void {
    this.#native.terminate()
  }

  /**
   * libzmq's counters of what the proxy forwarded since it started (its STATISTICS
   * command), also while paused. Requests are answered in order; one made before
   * `terminate()` is still answered. Fails with `EFSM` unless running. A capture socket
   * gets a copy of the "STATISTICS" command, as of every control command.
   */
  statistics(): Promise<ProxyStatistics> {
    if (this.#state !== "running") {
      return Promise.reject(errnoError("Proxy statistics are only available while it runs", "EFSM"))
    }
    try {
      this.#native.requestStatistics()
    } catch (error) {
      return Promise.reject(error)
    }
    return new Promise((resolve, reject) => {
      this.#statisticsWaiting.push({resolve, reject})
      if (this.#statisticsWaiting.length === 1) this.#takeStatistics(0)
    })
  }

  /** Hands out the replies that came; keeps looking while requests wait and the proxy runs. */
  #takeStatistics(attempt: number): void {
    clearTimeout(this.#replyCheck)
    this.#replyCheck = undefined
    for (let counters; this.#statisticsWaiting.length !== 0 && (counters = this.#native.takeStatistics()); ) {
      this.#statisticsWaiting.shift()!.resolve({
        frontEnd: socketStatistics(counters, 0),
        backEnd: socketStatistics(counters, 4),
      })
    }
    if (this.#statisticsWaiting.length === 0) return
    if (this.#state !== "running") {
      const error = errnoError("Proxy ended before it answered the statistics request", "ETERM")
      for (const waiting of this.#statisticsWaiting.splice(0)) waiting.reject(error)
      return
    }
    const delay = replyChecks[Math.min(attempt, replyChecks.length - 1)]
    this.#replyCheck = setTimeout(() => this.#takeStatistics(attempt + 1), delay)
  }
}
