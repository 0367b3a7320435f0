// `monitor(interval, numEvents)`: the core socket's event observer, re-emitted under the
// old event names with the old arguments `(value, endpoint, error?)`. Events are handed
// out on a timer, at most `numEvents` (0: all) every `interval` ms, as the old modules did.
import type {EventEmitter} from "node:events"

import {closedSocketError} from "../errors"
import type {Event} from "../events"
import "../observer"
import {emitError} from "./report"
import type {MonitorHandle, State} from "./state"

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

/**
 * The old event value: the reconnect interval for `connect_retry`, the errno for the
 * `*_error` events. libzmq's file descriptors are not reported: -1 stands in.
 */
function valueOf(event: Event): number {
  if ("interval" in event) return event.interval
  if ("error" in event) return (event.error as {errno?: number}).errno ?? -1
  return -1
}

function emitOld(socket: EventEmitter, event: Event): void {
  const name = names[event.type]
  if (name === undefined) return
  const endpoint = "address" in event ? event.address : ""
  try {
    if ("error" in event) socket.emit(name, valueOf(event), endpoint, event.error)
    else socket.emit(name, valueOf(event), endpoint)
  } catch (error) {
    emitError(socket, error)
  }
}

export function startMonitor(socket: EventEmitter, state: State, interval?: number, numEvents?: number): MonitorHandle {
  const [period, perTick] = checkArguments(interval, numEvents)
  if (state.core.closed) throw closedSocketError()
  const observer = state.core.events
  const queue: Event[] = []
  let timer: ReturnType<typeof setTimeout> | undefined
  let keepAlive = state.keepAlive
  let stopped = false

  // The timer runs only while events wait, so an idle monitor costs nothing.
  const schedule = (): void => {
    if (stopped || timer !== undefined || queue.length === 0) return
    timer = setTimeout(tick, period)
    if (!keepAlive) timer.unref()
  }
  const tick = (): void => {
    timer = undefined
    const count = perTick === 0 ? queue.length : Math.min(perTick, queue.length)
    for (const event of queue.splice(0, count)) {
      if (stopped) return
      emitOld(socket, event)
    }
    schedule()
  }
  const collect = (event: Event): void => {
    if (stopped) return
    queue.push(event)
    schedule()
  }
  const ended = (): void => {
    if (stopped || state.core.closed) return
    stop()
    socket.emit("monitor_error", new Error("Socket monitoring stopped unexpectedly; call monitor() to restart it"))
  }
  const stop = (): void => {
    if (stopped) return
    stopped = true
    if (timer !== undefined) clearTimeout(timer)
    for (const type of Object.keys(names)) observer.off(type as Event["type"], collect)
    observer.off("end", ended)
    observer.close()
  }

  for (const type of Object.keys(names)) observer.on(type as Event["type"], collect)
  observer.on("end", ended)

  return {
    stop,
    setKeepAlive(value: boolean) {
      keepAlive = value
      if (value) timer?.ref()
      else timer?.unref()
    },
  }
}
