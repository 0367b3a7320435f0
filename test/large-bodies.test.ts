// Over tcp, the libzmq we build writes a frame body of 8 KiB or more from the message
// itself instead of copying it into the 256 KiB write batch (scripts/lib/
// libzmq-direct-bodies.js): the batch ends there and the body follows on its own. These
// tests mix such bodies with small frames, alone and inside multipart messages, queued
// fast enough that the batch already holds other frames when a large one comes, and check
// every byte and the order of what arrives, in the clear and under CURVE, and from a
// STREAM socket, whose raw tcp engine writes bodies the same way.
import * as net from "node:net"

import {describe, expect, it} from "vitest"

import * as zmq from "../src"
import {bound, type Transport, transports, unavailable} from "./helpers"

const KiB = 1024
const LIMIT = 8 * KiB

// Either side of the limit, of twice it, and of the batch; small frames between them.
const SIZES = [0, 1, 9, 100, LIMIT - 10, LIMIT - 1, LIMIT, LIMIT + 1, LIMIT + 10, 2 * LIMIT - 1, 2 * LIMIT + 1, 64 * KiB, 256 * KiB - 1, 256 * KiB + 7, 300_000]

/** Frame `part` of message `i`: its bytes encode both numbers and their offset, so a swap shows. */
function frameFor(i: number, part: number, size: number): Buffer {
  const frame = Buffer.alloc(size, (i + part) & 0xff)
  for (let offset = 0; offset + 4 <= size; offset += 4) frame.writeUInt32LE((offset ^ (i * 2654435761) ^ (part << 24)) >>> 0, offset)
  return frame
}

/** Message `i`: one to four frames, sizes picked from SIZES so every pair of neighbours meets. */
function messageFor(i: number): Buffer[] {
  const parts = 1 + (i % 4)
  return Array.from({length: parts}, (_, part) => frameFor(i, part, SIZES[(i * 7 + part * 3) % SIZES.length]))
}

const MESSAGES = 600

/** Sends MESSAGES messages from a PUSH to a PULL and returns those that arrived damaged. */
async function exchange(transport: Transport, pullOptions: zmq.SocketOptions<zmq.Pull> = {}, pushOptions: zmq.SocketOptions<zmq.Push> = {}): Promise<string[]> {
  const pull = new zmq.Pull(pullOptions)
  const push = new zmq.Push(pushOptions)
  push.connect(await bound(pull, transport))
  // Many small messages queue behind each large one, so batches fill before a large body.
  const sending = (async () => {
    for (let i = 0; i < MESSAGES; i++) await push.send(messageFor(i))
  })()
  const damaged: string[] = []
  for (let i = 0; i < MESSAGES; i++) {
    const received = await pull.receive()
    const expected = messageFor(i)
    const intact = received.length === expected.length && received.every((frame, part) => frame.equals(expected[part]))
    if (!intact) damaged.push(`#${i}: sent ${expected.map((f) => f.length).join("+")} B, got ${received.map((f) => f.length).join("+")} B`)
  }
  await sending
  push.close()
  pull.close()
  return damaged
}

describe.each(transports)("frames around the direct-write limit over %s", (transport: Transport) => {
  it.skipIf(unavailable(transport))("arrive intact and in order, alone and in multipart messages", async () => {
    expect(await exchange(transport)).toEqual([])
  }, 60_000)
})

describe("frames around the direct-write limit under CURVE", () => {
  // CURVE encrypts each frame into a new message, whose body is then written directly.
  it.skipIf(!zmq.capability.curve)("arrive intact and in order over tcp", async () => {
    const server = zmq.curveKeyPair()
    const client = zmq.curveKeyPair()
    const damaged = await exchange(
      "tcp",
      {curveServer: true, curveSecretKey: server.secretKey},
      {curveServerKey: server.publicKey, curvePublicKey: client.publicKey, curveSecretKey: client.secretKey},
    )
    expect(damaged).toEqual([])
  }, 60_000)
})

describe("frames around the direct-write limit from a STREAM socket", () => {
  it("reach a plain TCP server as the same bytes in the same order", async () => {
    // An empty frame would close the connection (STREAM's disconnect request), so none here.
    const sizes = SIZES.filter((size) => size > 0)
    const frames = Array.from({length: 200}, (_, i) => frameFor(i, 0, sizes[(i * 7) % sizes.length]))
    const expected = Buffer.concat(frames)
    const chunks: Buffer[] = []
    let receivedBytes = 0
    let allReceived!: () => void
    const done = new Promise<void>((resolve) => (allReceived = resolve))
    const server = net.createServer((connection) =>
      connection.on("data", (chunk) => {
        chunks.push(chunk)
        receivedBytes += chunk.length
        if (receivedBytes >= expected.length) allReceived()
      }),
    )
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
    const stream = new zmq.Stream()
    stream.connect(`tcp://127.0.0.1:${(server.address() as net.AddressInfo).port}`)
    const [peer] = await stream.receive() // the connect notification names the peer
    for (const frame of frames) await stream.send([peer, frame])
    await done
    stream.close()
    server.close()
    expect(Buffer.concat(chunks).equals(expected)).toBe(true)
  }, 60_000)
})
