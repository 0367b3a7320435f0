import {performance} from "node:perf_hooks"

/**
 * Sends and receives that complete at once resolve on promise callbacks alone, so a loop
 * of them (receiving a flood that keeps up, sending to a peer that keeps up, or both ends
 * of an inproc pair in one thread) never lets the event loop turn: timers, I/O, and the
 * finalizers that give back large received frames all wait until it stops. Once such
 * completions have gone on for `starvationLimit` milliseconds without a turn, they
 * resolve after the next turn instead. The clock is read once per CHECK_EVERY
 * completions, so the common case costs a counter.
 *
 * A thread that both sends and receives (a pipeline stage, or both ends of an inproc
 * pair) gives the turn through its sends alone: stalling its receives too let them
 * drain the socket, which switched the inbox to one message per native call and cost
 * a same-thread inproc pair 15-40 % of its throughput at 1 KiB and 64 KiB. Its receives
 * then run out of messages and wait, which turns the loop anyway.
 */
const CHECK_EVERY = 128
const DEFAULT_STARVATION_LIMIT = 10

let starvationLimit = DEFAULT_STARVATION_LIMIT
let completions = 0
/** An unref'd immediate that marks a turn, so a loop that does turn never waits. */
let markerPending = false
/** While the marker is pending: when it was set, the first check since the last turn. */
let windowStart = 0
/** Where completions wait while the loop is owed a turn. */
let nextTurn: Promise<void> | undefined
/** Whether sends completed at once since the last check, and in the interval before. */
let sentSinceCheck = false
let sendsToo = false

function turned(): void {
  markerPending = false
  completions = 0
}

/**
 * For an operation libzmq can complete at once (`sending`: a send, already done): undefined
 * if it may resolve now, or a promise to resolve or retry it after, when the event loop
 * is owed a turn. Operations waiting on the same promise resume in the order they asked.
 */
export function owedTurn(sending: boolean): Promise<void> | undefined {
  if (sending) sentSinceCheck = true
  if (++completions >= CHECK_EVERY) check()
  return nextTurn !== undefined && (sending || !sendsToo) ? nextTurn : undefined
}

function check(): void {
  completions = 0
  sendsToo = sentSinceCheck
  sentSinceCheck = false
  if (nextTurn !== undefined) return
  const now = performance.now()
  if (!markerPending) {
    windowStart = now
    markerPending = true
    setImmediate(turned).unref()
  } else if (now - windowStart >= starvationLimit) {
    nextTurn = new Promise((resolve) =>
      setImmediate(() => {
        nextTurn = undefined
        turned()
        resolve()
      }),
    )
  }
}

/** @internal Tests set the limit (Infinity: never yield) and restore it with no argument. */
export function setStarvationLimit(milliseconds = DEFAULT_STARVATION_LIMIT): void {
  starvationLimit = milliseconds
}
