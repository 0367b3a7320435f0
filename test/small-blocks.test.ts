import path from "node:path"
import {Worker} from "node:worker_threads"

import {describe, expect, it} from "vitest"

import * as zmq from "../src"

// libzmq's message bodies up to 32 KiB come from zmq-napi's small-block cache
// (native/libzmq/small_block_cache.cpp): lists per thread, batches passed between threads
// through a shared depot. A message allocated on one thread and freed on another is the
// case it exists for, so these tests send from worker threads to the main thread.
const script = path.join(__dirname, "fixtures", "worker-sockets.js")

/** Sizes on both sides of every size class (64 B to 32 KiB), wherever libzmq's own
 * record in front of the body puts the boundary, and a sweep in between. */
function sizesAcrossClasses(): number[] {
  const sizes = new Set<number>([34, 100, 1000, 10000, 32 * 1024 + 1, 40000])
  for (let bytes = 64; bytes <= 32 * 1024; bytes *= 2) {
    for (let size = Math.max(34, bytes - 96); size <= bytes + 16; size++) sizes.add(size)
  }
  for (let size = 34; size <= 33 * 1024; size += 97) sizes.add(size)
  return [...sizes]
}

async function receiveFromWorker(pull: zmq.Pull, workerData: object, expected: number[], rounds: number) {
  const worker = new Worker(script, {workerData: {...workerData, mode: "sizes", sizes: expected, rounds}})
  const exited = new Promise((resolve) => worker.once("exit", resolve))
  for (let round = 0; round < rounds; round++) {
    for (const size of expected) {
      const [frame] = await pull.receive()
      expect(frame.length).toBe(size)
      const fill = (round * 31 + size) & 0xff
      // Every byte: an undersized block would let a neighbour's bytes in.
      if (!frame.every((byte) => byte === fill)) throw new Error(`round ${round}, ${size} B: corrupted`)
    }
  }
  expect(await exited).toBe(0)
}

describe("small message memory", () => {
  it("carries every size across threads intact, also in blocks other threads freed", async () => {
    const pull = new zmq.Pull()
    const mainAddress = "inproc://small-blocks"
    await pull.bind(mainAddress)
    const sizes = sizesAcrossClasses()
    // Three rounds per worker, so blocks the main thread frees return to the depot and
    // back to the sender; a second worker takes over what the first one's exit left.
    await receiveFromWorker(pull, {id: 0, mainAddress}, sizes, 3)
    await receiveFromWorker(pull, {id: 1, mainAddress}, sizes.reverse(), 3)
    pull.close()
  }, 60000)

  it("keeps working on the main thread after the threads that used it ended", async () => {
    const pull = new zmq.Pull()
    const push = new zmq.Push()
    await pull.bind("inproc://small-blocks-after")
    push.connect("inproc://small-blocks-after")
    await receiveFromWorker(pull, {id: 2, mainAddress: "inproc://small-blocks-after"}, [64, 1000, 4096], 50)
    for (let i = 0; i < 2000; i++) {
      await push.send(Buffer.alloc(1 + (i % 4000), i & 0xff))
      const [frame] = await pull.receive()
      expect(frame.length).toBe(1 + (i % 4000))
      expect(frame[frame.length - 1]).toBe(i & 0xff)
    }
    push.close()
    pull.close()
  })
})
