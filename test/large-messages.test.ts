// Messages from 32 KiB to 4 MiB live in memory that the libzmq we build recycles
// (native/libzmq/large_block_cache.cpp): a block freed by one message is handed to the
// next message of its size class, on either side of a connection. These tests send
// sizes on both sides of every limit of that cache, mixed so that blocks are reused
// across sizes, and check every byte that arrives.
import {describe, expect, it} from "vitest"

import * as zmq from "../src"
import {bound, type Transport, transports, unavailable} from "./helpers"

const KiB = 1024
const MiB = 1024 * KiB

// libzmq puts a 40-byte record in front of a message body in the same block, so the
// sizes around each limit are given both with and without it.
const SIZES = [
  32 * KiB - 41, 32 * KiB - 40, 32 * KiB - 39, 32 * KiB, 32 * KiB + 1,
  36 * KiB, 36 * KiB + 1, 64 * KiB, 64 * KiB + 1, 72 * KiB, 100_000,
  MiB, MiB + 1, 4 * MiB - 40, 4 * MiB - 39, 4 * MiB, 5_000_000,
]
const ROUNDS = 3

/** Message `i` of `size` bytes: each 4-byte word holds its own offset mixed with `i`. */
function messageFor(i: number, size: number): Buffer {
  const message = Buffer.alloc(size, i & 0xff)
  for (let offset = 0; offset + 4 <= size; offset += 4) message.writeUInt32LE((offset ^ (i * 2654435761)) >>> 0, offset)
  return message
}

/** The sizes of all rounds, each round in a different order (reused blocks meet other sizes). */
function plannedSizes(): number[] {
  const planned: number[] = []
  for (let round = 0; round < ROUNDS; round++) {
    const order = SIZES.map((size, index) => ({size, key: (index * (round * 7 + 3)) % SIZES.length}))
    order.sort((a, b) => a.key - b.key)
    planned.push(...order.map((entry) => entry.size))
  }
  return planned
}

describe.each(transports)("large messages over %s", (transport: Transport) => {
  it.skipIf(unavailable(transport))("arrive intact at every size around the recycling limits", async () => {
    const pull = new zmq.Pull({receiveHighWaterMark: 8})
    const push = new zmq.Push({sendHighWaterMark: 8})
    push.connect(await bound(pull, transport))
    const sizes = plannedSizes()
    const sending = (async () => {
      for (let i = 0; i < sizes.length; i++) await push.send(messageFor(i, sizes[i]))
    })()
    const damaged: string[] = []
    for (let i = 0; i < sizes.length; i++) {
      const [message] = await pull.receive()
      if (!message.equals(messageFor(i, sizes[i]))) damaged.push(`#${i} (${sizes[i]} B, got ${message.length} B)`)
    }
    await sending
    push.close()
    pull.close()
    expect(damaged).toEqual([])
  }, 60_000)
})
