// Received frames are views into ArrayBuffers shared by many batches (src/inbox.ts,
// native/receive_chunk.cc). These tests keep every frame and check none was written over,
// across pool boundaries, message shapes and receive styles.
import {describe, expect, it} from "vitest"

import * as zmq from "../src"
import {inprocPushPull} from "./helpers"

/** Deterministic content for message `i`: its size and bytes both depend on `i`. */
function frameFor(i: number, part = 0): Buffer {
  const sizes = [0, 1, 7, 16, 100, 1000, 4095, 4096, 8192, 8193, 20000, 70000]
  const size = sizes[(i * 7 + part) % sizes.length]
  const frame = Buffer.alloc(size)
  for (let b = 0; b < size; b++) frame[b] = (i * 31 + part * 17 + b) & 0xff
  return frame
}

function messageFor(i: number): Buffer[] {
  return i % 5 === 0 ? [frameFor(i, 0), frameFor(i, 1), frameFor(i, 2)] : [frameFor(i)]
}

/** Indexes of the kept messages that differ from what was sent (Buffer.equals: fast). */
function corrupted(kept: Buffer[][], expected: (i: number) => Buffer[]): number[] {
  return kept.flatMap((message, i) => {
    const want = expected(i)
    const same = message.length === want.length && message.every((frame, part) => frame.equals(want[part]))
    return same ? [] : [i]
  })
}

/** Unlimited high-water marks, so a burst is all queued before it is received. */
function pair(name: string): Promise<[zmq.Push, zmq.Pull]> {
  return inprocPushPull(name, {sendHighWaterMark: 0}, {receiveHighWaterMark: 0})
}

describe("received frames sharing pooled memory", () => {
  it("stay intact while later batches fill and replace the pool (burst, for await)", async () => {
    const [push, pull] = await pair("pool-burst")
    const count = 600
    for (let i = 0; i < count; i++) await push.send(messageFor(i))
    const kept: Buffer[][] = []
    for await (const message of pull) {
      kept.push(message)
      if (kept.length === count) break
    }
    expect(corrupted(kept, messageFor)).toEqual([])
    push.close()
    pull.close()
  })

  it("stay intact when sender and receiver alternate in one thread (one message per batch)", async () => {
    const [push, pull] = await pair("pool-alternate")
    const count = 3000
    const sending = (async () => {
      for (let i = 0; i < count; i++) await push.send(messageFor(i % 40 === 0 ? i : 1 + (i % 4)))
    })()
    const kept: Buffer[][] = []
    for await (const message of pull) {
      kept.push(message)
      if (kept.length === count) break
    }
    await sending
    expect(corrupted(kept, (i) => messageFor(i % 40 === 0 ? i : 1 + (i % 4)))).toEqual([])
    push.close()
    pull.close()
  })

  it("stay intact across receive(), receiveMany() and idle periods in between", async () => {
    const [push, pull] = await pair("pool-mixed")
    const kept: Buffer[][] = []
    let next = 0
    for (let round = 0; round < 30; round++) {
      const burst = 1 + (round % 7) * 9
      for (let i = 0; i < burst; i++) await push.send(messageFor(next + i))
      next += burst
      while (kept.length < next) {
        if (round % 2 === 0) kept.push(await pull.receive())
        else kept.push(...(await pull.receiveMany(5)))
      }
      // Nothing left: the next receive waits, which lets a large pool go.
      const timedOut = await pull.receive({timeout: 1}).catch((error: {code?: string}) => error.code)
      expect(timedOut).toBe("EAGAIN")
    }
    expect(corrupted(kept, messageFor)).toEqual([])
    push.close()
    pull.close()
  })

  it("a lone small message after an idle period pins a small buffer, not a whole pool", async () => {
    const [push, pull] = await pair("pool-lone")
    for (let i = 0; i < 2000; i++) await push.send(Buffer.alloc(16, i))
    for (let i = 0; i < 2000; i++) await pull.receive()
    const waiting = pull.receive()
    await push.send(Buffer.from("lone"))
    const [lone] = await waiting
    expect(lone.toString()).toBe("lone")
    expect(lone.buffer.byteLength).toBeLessThanOrEqual(4096)
    push.close()
    pull.close()
  })

  it("messages that come one at a time, with the socket idle in between, share a small pool", async () => {
    const [push, pull] = await pair("pool-one-at-a-time")
    const received: Buffer[] = []
    for (let i = 0; i < 4; i++) {
      const waiting = pull.receive()
      await push.send(`message ${i}`)
      received.push((await waiting)[0])
    }
    expect(received.map(String)).toEqual(["message 0", "message 1", "message 2", "message 3"])
    // One ArrayBuffer for all four, not a new one after each idle wait.
    expect(new Set(received.map((frame) => frame.buffer)).size).toBe(1)
    expect(received[0].buffer.byteLength).toBeLessThanOrEqual(4096)
    push.close()
    pull.close()
  })
})
