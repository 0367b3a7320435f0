// Operations that complete at once resolve on promise callbacks alone; src/event-loop-turns.ts
// makes a long run of them wait for a turn of the event loop now and then, so timers and
// I/O are not starved. The limit is set to 1 ms here so each test is short.
import {afterEach, beforeEach, describe, expect, it} from "vitest"

import {setStarvationLimit} from "../src/event-loop-turns"
import {inprocPushPull} from "./helpers"

/** Counts timer callbacks until stopped: each one needs a turn of the event loop. */
function countTimerTicks(): () => number {
  let ticks = 0
  const timer = setInterval(() => ticks++, 0)
  return () => {
    clearInterval(timer)
    return ticks
  }
}

/** An inproc pair with unlimited queues and "0", "1", ... `count - 1` already sent. */
async function withBacklog(name: string, count: number): Promise<Awaited<ReturnType<typeof inprocPushPull>>> {
  const [push, pull] = await inprocPushPull(name, {sendHighWaterMark: 0}, {receiveHighWaterMark: 0})
  await push.sendMany(Array.from({length: count}, (_, i) => String(i)))
  return [push, pull]
}

/** Runs `loop` over inproc until it has lasted `ms`, and returns the timer ticks seen. */
async function ticksDuring(ms: number, loop: (stillRunning: () => boolean) => Promise<void>): Promise<number> {
  const stop = countTimerTicks()
  const start = performance.now()
  await loop(() => performance.now() - start < ms)
  return stop()
}

describe("long runs of operations that complete at once", () => {
  beforeEach(() => setStarvationLimit(1))
  afterEach(() => setStarvationLimit())

  it("let timers run while one thread sends and receives over inproc", async () => {
    const [push, pull] = await inprocPushPull("turns-pair")
    let sent = 0
    let received = 0
    const ticks = await ticksDuring(30, async (running) => {
      const sending = (async () => {
        while (running()) {
          await push.send("x")
          sent++
        }
        await push.send("end")
      })()
      for await (const [frame] of pull) {
        if (frame.toString() === "end") break
        received++
      }
      await sending
    })
    push.close()
    pull.close()
    expect(received).toBe(sent)
    expect(ticks).toBeGreaterThan(0)
  })

  it("let timers run while a sender's peer takes everything at once", async () => {
    const [push, pull] = await inprocPushPull("turns-send", {sendHighWaterMark: 0}, {receiveHighWaterMark: 0})
    let sent = 0
    const ticks = await ticksDuring(30, async (running) => {
      while (running()) {
        await push.send("x")
        sent++
      }
    })
    const received = (await pull.receiveMany(sent)).length
    push.close()
    pull.close()
    expect(ticks).toBeGreaterThan(0)
    expect(received).toBeGreaterThan(0)
  })

  it("let timers run while receiveMany drains a backlog", async () => {
    const count = 50_000
    const [push, pull] = await withBacklog("turns-many", count)
    const received: string[] = []
    const ticks = await ticksDuring(0, async () => {
      // One message per call, so the run is long enough to owe turns.
      while (received.length < count) received.push((await pull.receiveMany(1))[0][0].toString())
    })
    push.close()
    pull.close()
    expect(received).toEqual(Array.from({length: count}, (_, i) => String(i)))
    expect(ticks).toBeGreaterThan(0)
  })

  it("keep concurrent receives in call order when they wait for a turn", async () => {
    const count = 20_000
    const [push, pull] = await withBacklog("turns-order", count)
    const resolved: number[] = []
    const receives = Array.from({length: count}, (_, i) =>
      pull.receive().then(([frame]) => {
        resolved.push(i)
        return Number(frame.toString())
      }),
    )
    const values = await Promise.all(receives)
    push.close()
    pull.close()
    expect(values).toEqual(Array.from({length: count}, (_, i) => i))
    expect(resolved).toEqual(values)
  })

  it("reject receives that waited for a turn with EAGAIN, not EBADF, when the socket closes meanwhile", async () => {
    const count = 2000
    const [push, pull] = await withBacklog("turns-close", count)
    const outcomes: Array<Promise<string>> = []
    const start = performance.now()
    for (let i = 0; i < count; i++) {
      outcomes.push(pull.receive().then(() => "received", (error: {code: string}) => error.code))
      // Past the limit, the next check makes the rest wait for a turn.
      if (i === count / 2) while (performance.now() - start < 5);
    }
    pull.close()
    push.close()
    const codes = await Promise.all(outcomes)
    expect(codes).toContain("received")
    expect(codes).toContain("EAGAIN")
    expect(codes).not.toContain("EBADF")
  })
})
