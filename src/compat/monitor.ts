// `monitor(interval, numEvents)`: the core socket's event observer, re-emitted under the
// old event names with the old arguments `(value, endpoint, error?)`. Events are handed
// out on a timer, at most `numEvents` (0: all) every `interval` ms, as the old modules did.
import type {EventEmitter} from "node:events"

import {emitError} from "./report"
import type {MonitorHandle, State} from "./state"

/** What the core socket's `events` observer delivers (zeromq@6's event objects). */
interface ObserverEvent {
  type: string
  address?: string
  interval?: number
  error?: Error & {errno?: number}
  value?: number
}

interface Observer {
  readonly closed: boolean
  receive(): Promise<ObserverEvent>
  close(): void
}

/** Observer event types, and the names the old modules emitted them under. */
const names: Record<string, string> = {
  connect: "connect",
  "connect:delay": "connect_delay",
  "connect:retry": "connect_retry",
  bind: "listen",
  "bind:error": "bind_error",
  accept: "accept",
  "accept:error": "accept_error",
  close: "close",
  "close:error": "close_error",
  disconnect: "disconnect",
}

const DEFAULT_INTERVAL = 10
const DEFAULT_EVENTS_PER_INTERVAL = 1

function checkArguments(interval: unknown, numEvents: unknown): [number, number] {
  if (interval !== undefined && (typeof interval !== "number" || !(interval > 0) || !Number.isFinite(interval))) {
    throw new TypeError(`The "interval" argument must be a positive number of milliseconds`)
  }
  if (numEvents !== undefined && (typeof numEvents !== "number" || !Number.isInteger(numEvents) || numEvents < 0)) {
    throw new TypeError(`The "numEvents" argument must be a non-negative integer (0: all events)`)
  }
  return [(interval as number | undefined) ?? DEFAULT_INTERVAL, (numEvents as number | undefined) ?? DEFAULT_EVENTS_PER_INTERVAL]
}

/** The old event value: the interval for retries, the errno for failures, else a file descriptor if known. */
function valueOf(event: ObserverEvent): number {
  if (event.interval !== undefined) return event.interval
  if (event.error?.errno !== undefined) return event.error.errno
  return event.value ?? -1
}

export function startMonitor(socket: EventEmitter, state: State, interval?: number, numEvents?: number): MonitorHandle {
  const [period, perTick] = checkArguments(interval, numEvents)
  const observer = (state.core as unknown as {events?: Observer}).events
  if (observer === undefined) throw new Error("Socket monitoring is not available in this build")

  const queue: ObserverEvent[] = []
  let stopped = false

  const deliver = (): void => {
    const count = perTick === 0 ? queue.length : Math.min(perTick, queue.length)
    for (const event of queue.splice(0, count)) {
      const name = names[event.type]
      if (name === undefined) continue
      const args: unknown[] = [valueOf(event), event.address ?? ""]
      if (event.error !== undefined) args.push(event.error)
      try {
        socket.emit(name, ...args)
      } catch (error) {
        emitError(socket, error)
      }
    }
  }
  const timer = setInterval(deliver, period)
  if (!state.keepAlive) timer.unref()

  const stop = (): void => {
    if (stopped) return
    stopped = true
    clearInterval(timer)
    observer.close()
  }

  void (async () => {
    while (!stopped) {
      try {
        queue.push(await observer.receive())
      } catch (error) {
        if (stopped || state.core.closed) return
        stop()
        socket.emit("monitor_error", error)
        return
      }
    }
  })()

  return {
    stop,
    setKeepAlive(keepAlive: boolean) {
      if (keepAlive) timer.ref()
      else timer.unref()
    },
  }
}
