// When a socket busy-polls for an answer instead of sleeping until the readiness thread
// wakes it (docs/performance.md, "Busy polling"): only in a conversation, one message
// each way at a time, and only while answers keep coming within the spin window.

/** Default of `busyPollMicroseconds`: a little more than a local round trip on small VMs. */
const DEFAULT_BUSY_POLL = 200
/** Spinning longer than this is waiting, and belongs in a blocking poll. */
const MAX_BUSY_POLL = 10_000

export class AnswerSpin {
  #microseconds = DEFAULT_BUSY_POLL
  /** Sends completed since the socket last began to wait for a message. */
  sendsSinceWait = 0
  /** When the current wait for an answer began (performance.now()), 0 when none. */
  waitStart = 0
  /** Answers came later than a spin would wait (see answerCame): the next wait sleeps at once. */
  #slow = false

  get microseconds(): number {
    return this.#microseconds
  }

  set microseconds(microseconds: number) {
    if (typeof microseconds !== "number") {
      throw new TypeError(`Option "busyPollMicroseconds" must be a number of microseconds`)
    }
    if (!Number.isInteger(microseconds) || microseconds < 0 || microseconds > MAX_BUSY_POLL) {
      throw new RangeError(`Option "busyPollMicroseconds" must be an integer from 0 to ${MAX_BUSY_POLL}`)
    }
    this.#microseconds = microseconds
  }

  /** How long the thread may busy-poll for this receive-only wait, in microseconds. */
  forWait(): number {
    if (this.waitStart === 0) {
      // A new wait. Spinning pays in a conversation, one message each way at a time: a
      // socket that sent several since its last wait is streaming (a pipelined DEALER, a
      // ROUTER answering a burst), its waits are few and the spin would take CPU from the
      // I/O threads moving its messages (-20 % at 100 requests in flight).
      const conversing = this.sendsSinceWait === 1
      this.sendsSinceWait = 0
      if (!conversing || this.#microseconds === 0) return 0
      this.waitStart = performance.now()
    }
    // A wait can be re-armed (libzmq's fd also signals other state changes): the answer
    // is timed from the first arm.
    return this.#slow ? 0 : this.#microseconds
  }

  /** The awaited answer arrived (waitStart was set): learn whether answers come within the window. */
  answerCame(): void {
    const waited = (performance.now() - this.waitStart) * 1000
    // A wait that spun and outlasted its window missed. One that did not spin also paid
    // the wake-ups that spinning saves (its own and, in a conversation, the peer's), so
    // up to twice the window it still shows answers that a spin would catch; without
    // that, two peers that both stopped spinning would never start again.
    this.#slow = waited > (this.#slow ? 2 : 1) * this.#microseconds
    this.waitStart = 0
  }
}
