import {describe, expect, it} from "vitest"

import * as zmq from "../src"
import {addon} from "../src/native"

// Busy polling: this thread polls a waiting socket on every turn of the event loop while
// its answer is due. addon.busyPollCount() counts those polls, which is what these tests
// observe (timings are the bench's business). Windows are generous (10 ms) so that a
// loaded machine's answers still come within them. Both ends live in this process, so
// the reply waits a millisecond: an instant one is often caught by the poll this thread
// makes anyway right after a wait begins, before any busy poll.
const WINDOW = 10_000
const QUICK = 1
const SLOW = 50
/** Longer than the window, but well within twice the window. */
const MEDIUM = 11

async function requestReplyPair(requestOptions: object, replyOptions: object, replyDelay: () => number) {
  const reply = new zmq.Reply(replyOptions)
  await reply.bind("tcp://127.0.0.1:*")
  const request = new zmq.Request(requestOptions)
  request.connect(reply.lastEndpoint!)
  const serving = (async () => {
    for await (const [message] of reply) {
      const delay = replyDelay()
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay))
      await reply.send(message)
    }
  })()
  const roundTrip = async (text: string) => {
    await request.send(text)
    const [answer] = await request.receive()
    expect(answer.toString()).toBe(text)
  }
  const close = async () => {
    request.close()
    reply.close()
    await serving
  }
  return {roundTrip, close}
}

describe("busy polling for answers", () => {
  it("defaults to 200 microseconds and rejects what is not a microsecond count", () => {
    const dealer = new zmq.Dealer({busyPollMicroseconds: 50})
    const pair = new zmq.Pair()
    try {
      expect(dealer.busyPollMicroseconds).toBe(50)
      expect(pair.busyPollMicroseconds).toBe(200)
      expect(() => (dealer.busyPollMicroseconds = "fast" as never)).toThrow(TypeError)
      expect(() => (dealer.busyPollMicroseconds = "fast" as never)).toThrow(/busyPollMicroseconds/)
      expect(() => (dealer.busyPollMicroseconds = -1)).toThrow(RangeError)
      expect(() => (dealer.busyPollMicroseconds = 2.5)).toThrow(RangeError)
      expect(() => (dealer.busyPollMicroseconds = 10_001)).toThrow(/0 to 10000/)
      dealer.busyPollMicroseconds = 0
      expect(dealer.busyPollMicroseconds).toBe(0)
    } finally {
      dealer.close()
      pair.close()
    }
  })

  it("spins while a request waits for its reply, and never with busyPollMicroseconds 0", async () => {
    const spinning = await requestReplyPair({busyPollMicroseconds: WINDOW}, {busyPollMicroseconds: 0}, () => QUICK)
    let before = addon.busyPollCount()
    for (let i = 0; i < 20; i++) await spinning.roundTrip(`request ${i}`)
    await spinning.close()
    expect(addon.busyPollCount()).toBeGreaterThan(before)

    const sleeping = await requestReplyPair({busyPollMicroseconds: 0}, {busyPollMicroseconds: 0}, () => QUICK)
    before = addon.busyPollCount()
    for (let i = 0; i < 20; i++) await sleeping.roundTrip(`request ${i}`)
    await sleeping.close()
    expect(addon.busyPollCount()).toBe(before)
  })

  it("keeps the event loop turning while it spins: other callbacks run between its polls", async () => {
    const pair = await requestReplyPair({busyPollMicroseconds: WINDOW}, {busyPollMicroseconds: 0}, () => SLOW)
    const answered = pair.roundTrip("slow")
    const counts: number[] = []
    for (let turn = 0; turn < 3; turn++) {
      await new Promise((resolve) => setImmediate(resolve))
      counts.push(addon.busyPollCount())
    }
    // Polls went on after this callback's turns: the spin did not hold the loop.
    expect(counts[2]).toBeGreaterThan(counts[0])
    await answered
    await pair.close()
  })

  it("never spins for a socket that only receives", async () => {
    const pull = new zmq.Pull({busyPollMicroseconds: WINDOW})
    await pull.bind("tcp://127.0.0.1:*")
    const push = new zmq.Push({busyPollMicroseconds: WINDOW})
    push.connect(pull.lastEndpoint!)
    const before = addon.busyPollCount()
    const received = (async () => {
      for (let i = 0; i < 20; i++) expect((await pull.receive())[0].toString()).toBe(`${i}`)
    })()
    for (let i = 0; i < 20; i++) {
      await push.send(`${i}`)
      await new Promise((resolve) => setTimeout(resolve, 1))
    }
    await received
    push.close()
    pull.close()
    expect(addon.busyPollCount()).toBe(before)
  })

  it("never spins for a socket that sent several messages since it last waited (pipelined requests)", async () => {
    const router = new zmq.Router({busyPollMicroseconds: 0})
    await router.bind("tcp://127.0.0.1:*")
    const dealer = new zmq.Dealer({busyPollMicroseconds: WINDOW})
    dealer.connect(router.lastEndpoint!)
    const serving = (async () => {
      for await (const [identity, body] of router) {
        await new Promise((resolve) => setTimeout(resolve, QUICK))
        await router.send([identity, body])
      }
    })()
    const before = addon.busyPollCount()
    for (let round = 0; round < 4; round++) {
      for (let i = 0; i < 5; i++) await dealer.send(`${round}.${i}`)
      for (let i = 0; i < 5; i++) expect((await dealer.receive())[0].toString()).toBe(`${round}.${i}`)
    }
    expect(addon.busyPollCount()).toBe(before)
    dealer.close()
    router.close()
    await serving
  })

  it("stops spinning after an answer slower than the window, and spins again once answers are quick", async () => {
    let delay = SLOW
    const pair = await requestReplyPair({busyPollMicroseconds: WINDOW}, {busyPollMicroseconds: 0}, () => delay)
    await pair.roundTrip("slow, learned")
    const beforeSlow = addon.busyPollCount()
    await pair.roundTrip("slow, not spun for")
    expect(addon.busyPollCount()).toBe(beforeSlow)

    delay = QUICK
    await pair.roundTrip("quick, shows answers are quick again")
    const beforeQuick = addon.busyPollCount()
    for (let i = 0; i < 5; i++) await pair.roundTrip(`quick ${i}`)
    expect(addon.busyPollCount()).toBeGreaterThan(beforeQuick)
    await pair.close()
  })

  it("counts a wait that did not spin as quick up to twice the window, so two stalled peers start again", async () => {
    let delay = SLOW
    const pair = await requestReplyPair({busyPollMicroseconds: WINDOW}, {busyPollMicroseconds: 0}, () => delay)
    await pair.roundTrip("slow: spun and missed")
    delay = MEDIUM
    const beforeMedium = addon.busyPollCount()
    await pair.roundTrip("medium: not spun, within twice the window")
    expect(addon.busyPollCount()).toBe(beforeMedium)
    const beforeNext = addon.busyPollCount()
    await pair.roundTrip("medium again: spun")
    expect(addon.busyPollCount()).toBeGreaterThan(beforeNext)
    await pair.close()
  })
})
