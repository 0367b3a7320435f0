// Frames from 1 MiB up are handed to JS without copying (native/message.cc). Their memory
// comes back only when Node runs their finalizers, on a later turn of the event loop; a
// receive loop that always finds its next message ready never gets there. These tests
// run such a loop and check that memory stays bounded and every frame arrives intact.
// Such loops now let the event loop turn every few milliseconds (src/event-loop-turns.ts),
// which runs the finalizers too; these tests switch that off to test the bound itself.
import {afterEach, beforeEach, describe, expect, it} from "vitest"

import {setStarvationLimit} from "../src/event-loop-turns"
import {inprocPushPull} from "./helpers"

const MiB = 1024 * 1024

/** Frame `i`: 1 MiB (the zero-copy threshold) plus a little, filled with a byte from `i`. */
const sizeFor = (i: number) => MiB + (i % 3)
const frameFor = (i: number) => Buffer.alloc(sizeFor(i), i & 0xff)

describe("large received frames in a loop that never yields to the event loop", () => {
  beforeEach(() => setStarvationLimit(Infinity))
  afterEach(() => setStarvationLimit())

  it("keep resident memory bounded and arrive intact", async () => {
    // A small high-water mark keeps libzmq's own queue to a few frames, so growth beyond
    // that is frames JS no longer holds.
    const [push, pull] = await inprocPushPull("large-frame-memory", {sendHighWaterMark: 4}, {receiveHighWaterMark: 4})
    const count = 400
    let loopTurns = 0
    const turn = setInterval(() => loopTurns++, 0)
    const sending = (async () => {
      for (let i = 0; i < count; i++) await push.send(frameFor(i))
    })()
    const baseline = process.memoryUsage().rss
    let peak = baseline
    const damaged: number[] = []
    let received = 0
    for await (const [frame] of pull) {
      const i = received++
      if (frame.length !== sizeFor(i) || frame[0] !== (i & 0xff) || frame[frame.length - 1] !== (i & 0xff)) {
        damaged.push(i)
      }
      if (i % 20 === 0) peak = Math.max(peak, process.memoryUsage().rss)
      if (received === count) break
    }
    await sending
    const turnsDuringLoop = loopTurns
    clearInterval(turn)
    push.close()
    pull.close()

    expect(damaged).toEqual([])
    // The precondition: the loop ran on microtasks alone (else finalizers could run).
    expect(turnsDuringLoop).toBe(0)
    // 400 MiB passed through; without a bound every frame stays resident until the loop
    // turns. The bound is 64 MiB of frames awaiting finalizers, plus V8's own slack.
    expect((peak - baseline) / MiB).toBeLessThan(200)
  })
})
