import {addon} from "./native"
import {service} from "./socket-hooks"

/** A socket with operations waiting for readiness. */
export interface Waiter {
  [service](): void
}

/** Sockets with operations waiting for readiness; also keeps them from being collected. */
const waiting = new Map<number, Waiter>()

// The addon disarmed each socket it reports; service() arms it again if it still waits. So
// a socket in `waiting` is armed in the addon unless it is being served right now.
addon.addReadyHandler((ids) => {
  for (const id of ids) {
    const socket = waiting.get(id)
    if (socket === undefined) continue
    waiting.delete(id)
    socket[service]()
  }
})

/** Whether any socket waits; a send that completed may have made one of them ready. */
export function anyWaiting(): boolean {
  return waiting.size !== 0
}

export function isWaiting(id: number): boolean {
  return waiting.has(id)
}

/** Registers a socket (by its native id) whose operations wait; schedulePollNow() polls it. */
export function startWaiting(id: number, socket: Waiter): void {
  waiting.set(id, socket)
}

export function stopWaiting(id: number): void {
  waiting.delete(id)
}

/**
 * Sockets wait on the readiness thread, but what this thread itself makes ready (an
 * inproc peer's message, room freed at a high-water mark) is cheaper to catch here: a
 * zero-timeout poll of every waiting socket, instead of a wake-up of the readiness thread
 * and another back (tens of microseconds each on small virtual machines).
 *
 * The poll runs as a microtask, after the operations already queued, so an exchange
 * between sockets of this thread (inproc REQ/REP) needs no turn of the event loop per
 * message. Sockets still waiting are handed to the readiness thread only on the next
 * turn (setImmediate), since within the exchange they are usually served before that.
 * After MICROTASK_POLLS polls without a turn, polling waits for the turn too, so such an
 * exchange never starves timers and I/O.
 *
 * Busy polling: while a socket waits for the answer to what it sent (see
 * Socket.busyPollMicroseconds), the hand-over waits, and each turn of the event loop
 * until the answer or the end of its window polls again (yielding the CPU when nothing
 * was ready). The answer is then caught by this thread, already awake, instead of by the
 * readiness thread, which would have to wake this one: that wake-up was a third of a
 * local tcp round trip. Timers and I/O still run between polls.
 */
const MICROTASK_POLLS = 32
let pollScheduled = false
let handOverScheduled = false
let pollsSinceTurn = 0
/** Socket id -> performance.now() until which its wait for an answer is busy-polled. */
const spinning = new Map<number, number>()

/** Busy-polls a waiting socket's readiness on this thread until `until` (performance.now()). */
export function spinUntil(id: number, until: number): void {
  spinning.set(id, until)
}

export function stopSpinning(id: number): void {
  spinning.delete(id)
}

function pollInMicrotask(): void {
  pollScheduled = false
  addon.pollNow(false)
}

function handOver(): void {
  pollsSinceTurn = 0
  if (spinning.size !== 0 && stillSpinning()) {
    addon.pollNow(false, true)
    setImmediate(handOver)
    return
  }
  handOverScheduled = false
  addon.pollNow(true)
}

/** Whether a busy-polled wait is still on, forgetting those that ended or ran out. */
function stillSpinning(): boolean {
  const now = performance.now()
  for (const [id, until] of spinning) {
    if (until > now && waiting.has(id)) return true
    spinning.delete(id)
  }
  return false
}

/** Polls the waiting sockets in a microtask, and hands them to the readiness thread on the next turn. */
export function schedulePollNow(): void {
  if (!handOverScheduled) {
    handOverScheduled = true
    setImmediate(handOver)
  }
  if (pollScheduled || pollsSinceTurn >= MICROTASK_POLLS) return
  pollsSinceTurn++
  pollScheduled = true
  queueMicrotask(pollInMicrotask)
}
