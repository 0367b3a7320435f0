// allocateFrame(): frames whose memory send() hands to libzmq instead of copying
// (native/handover.cc). What a caller can observe: the frame arrives intact, the Buffer is
// detached once libzmq took it (so no later write reaches the peer), a second send is an
// error, and the memory outlives the environment that allocated it.
import path from "node:path"
import {Worker} from "node:worker_threads"

import {describe, expect, it} from "vitest"

import * as zmq from "../src"
import {inprocPushPull} from "./helpers"

const large = zmq.handOverThreshold + 1000
const pattern = (size: number, seed: number) => Buffer.from(Array.from({length: size}, (_, i) => (i * 7 + seed) & 0xff))

function filledFrame(size: number, seed: number): Buffer {
  const frame = zmq.allocateFrame(size)
  pattern(size, seed).copy(frame)
  return frame
}

/** The first frame of the next message `socket` receives has exactly `expected`'s bytes. */
async function expectNextFrame(socket: {receive(): Promise<Buffer[]>}, expected: Buffer): Promise<void> {
  const [frame] = await socket.receive()
  expect(frame.equals(expected)).toBe(true)
}

describe("allocateFrame", () => {
  it("hands a large frame over: it arrives intact and the sender's Buffer is detached", async () => {
    const [push, pull] = await inprocPushPull("allocate-frame-large")
    const frame = filledFrame(large, 1)
    expect(frame.length).toBe(large)
    await push.send(frame)
    expect(frame.length).toBe(0)
    expect(frame.buffer.byteLength).toBe(0)
    const [received] = await pull.receive()
    expect(received.equals(pattern(large, 1))).toBe(true)
    push.close()
    pull.close()
  })

  it("writes after the send, through any view, cannot change what the peer receives", async () => {
    const [push, pull] = await inprocPushPull("allocate-frame-writes")
    const handedOver = filledFrame(large, 2)
    const copied = filledFrame(zmq.handOverThreshold - 1, 3)
    const aliases = [new Uint8Array(handedOver.buffer), new Uint32Array(handedOver.buffer, 0, 16)]
    await push.send(handedOver)
    await push.send(copied)
    // Both messages are still queued: scribble over whatever the sender can still reach.
    for (const view of [handedOver, ...aliases]) {
      expect(view.length).toBe(0)
      view[0] = 0xee
    }
    copied.fill(0xee)
    await expectNextFrame(pull, pattern(large, 2))
    await expectNextFrame(pull, pattern(zmq.handOverThreshold - 1, 3))
    push.close()
    pull.close()
  })

  it("copies frames below the threshold and leaves them usable", async () => {
    const [push, pull] = await inprocPushPull("allocate-frame-small")
    const frame = filledFrame(100, 4)
    await push.send(frame)
    await push.send(frame)
    expect(frame.length).toBe(100)
    await expectNextFrame(pull, pattern(100, 4))
    await expectNextFrame(pull, pattern(100, 4))
    push.close()
    pull.close()
  })

  it("sending a frame twice is a TypeError and sends nothing", async () => {
    const [push, pull] = await inprocPushPull("allocate-frame-twice")
    const frame = filledFrame(large, 5)
    await push.send(frame)
    await expect(push.send(frame)).rejects.toThrow(/"message" argument is detached/)
    await expect(push.send(["ok", frame])).rejects.toThrow(TypeError)
    await push.send("next")
    expect((await pull.receive())[0].length).toBe(large)
    expect((await pull.receive()).map(String)).toEqual(["next"])
    push.close()
    pull.close()
  })

  it("any detached buffer is refused rather than sent as an empty frame", async () => {
    const [push, pull] = await inprocPushPull("allocate-frame-detached")
    const arraybuffer = new ArrayBuffer(8)
    const view = new Uint8Array(arraybuffer)
    structuredClone(arraybuffer, {transfer: [arraybuffer]})
    await expect(push.send(view)).rejects.toThrow(TypeError)
    await expect(push.send(arraybuffer)).rejects.toThrow(TypeError)
    await push.send(new Uint8Array(0))
    expect((await pull.receive())[0].length).toBe(0)
    push.close()
    pull.close()
  })

  it("is handed over by sendMany too, and a frame repeated in the batch stops it there", async () => {
    const [push, pull] = await inprocPushPull("allocate-frame-batch")
    const frames = [filledFrame(large, 10), filledFrame(large, 11)]
    await push.sendMany(frames)
    expect(frames.map((frame) => frame.length)).toEqual([0, 0])
    await expectNextFrame(pull, pattern(large, 10))
    await expectNextFrame(pull, pattern(large, 11))
    const again = filledFrame(large, 12)
    await expect(push.sendMany([again, again])).rejects.toMatchObject({sent: 1})
    await expectNextFrame(pull, pattern(large, 12))
    push.close()
    pull.close()
  })

  it("hands over a frame given as its ArrayBuffer or a DataView too", async () => {
    const [push, pull] = await inprocPushPull("allocate-frame-arraybuffer")
    const whole = filledFrame(large, 13)
    const viewed = filledFrame(large, 14)
    await push.send(whole.buffer)
    await push.send(new DataView(viewed.buffer, 100))
    expect([whole.length, viewed.length]).toEqual([0, 0])
    await expectNextFrame(pull, pattern(large, 13))
    await expectNextFrame(pull, pattern(large, 14).subarray(100))
    push.close()
    pull.close()
  })

  it("hands over views of one frame in a multipart message, each part intact", async () => {
    const [push, pull] = await inprocPushPull("allocate-frame-views")
    const size = 2 * zmq.handOverThreshold + 10
    const frame = filledFrame(size, 6)
    const whole = pattern(size, 6)
    const half = zmq.handOverThreshold + 5
    await push.send([frame.subarray(0, half), frame.subarray(half), frame.subarray(0, 3)])
    expect(frame.length).toBe(0)
    const parts = await pull.receive()
    expect(parts.map((part) => part.length)).toEqual([half, size - half, 3])
    expect(parts[0].equals(whole.subarray(0, half))).toBe(true)
    expect(parts[1].equals(whole.subarray(half))).toBe(true)
    expect(parts[2].equals(whole.subarray(0, 3))).toBe(true)
    push.close()
    pull.close()
  })

  // A PUSH with no peer takes nothing, so its sends wait until this gives it one.
  async function givePeer(push: zmq.Push, name: string): Promise<zmq.Pull> {
    const pull = new zmq.Pull()
    await pull.bind(`inproc://${name}`)
    push.connect(`inproc://${name}`)
    return pull
  }

  it("a send that waits for a peer keeps the frame until it goes", async () => {
    const push = new zmq.Push()
    const frame = filledFrame(large, 7)
    let settled = false
    const sending = push.send(frame).then(() => (settled = true))
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(settled).toBe(false)
    expect(frame.length).toBe(large)
    const pull = await givePeer(push, "allocate-frame-waiting")
    await sending
    expect(frame.length).toBe(0)
    await expectNextFrame(pull, pattern(large, 7))
    push.close()
    pull.close()
  })

  it("a send that times out leaves the frame whole, to be sent later", async () => {
    const push = new zmq.Push()
    const frame = filledFrame(large, 8)
    await expect(push.send(frame, {timeout: 10})).rejects.toMatchObject({code: "EAGAIN"})
    expect(frame.length).toBe(large)
    const pull = await givePeer(push, "allocate-frame-timed-out")
    await push.send(frame)
    expect(frame.length).toBe(0)
    await expectNextFrame(pull, pattern(large, 8))
    push.close()
    pull.close()
  })

  it("frames queued by a worker that has exited arrive intact", async () => {
    const pull = new zmq.Pull()
    const mainAddress = "inproc://allocate-frame-worker"
    await pull.bind(mainAddress)
    const count = 20
    const size = 64 * 1024
    const script = path.join(__dirname, "fixtures", "worker-sockets.js")
    const worker = new Worker(script, {workerData: {id: 500, mainAddress, mode: "frames", count, size}})
    expect(await new Promise((resolve) => worker.once("exit", resolve))).toBe(0)
    // Reuse whatever memory the worker's exit freed before reading its frames.
    const noise = Array.from({length: 200}, () => Buffer.alloc(size, 0x5a))
    for (let i = 0; i < count; i++) {
      const [frame] = await pull.receive()
      expect(frame.length).toBe(size)
      expect(frame.every((byte) => byte === (i & 0xff))).toBe(true)
    }
    expect(noise.length).toBe(200)
    pull.close()
  })

  const noDraft = zmq.capability.draft ? "" : " (skipped: this libzmq has no draft API)"
  it.skipIf(noDraft !== "")(`is handed over with an envelope too (SERVER's routing id)${noDraft}`, async () => {
    const draft = await import("../src/draft")
    const server = new draft.Server()
    const client = new draft.Client()
    await server.bind("inproc://allocate-frame-server")
    client.connect("inproc://allocate-frame-server")
    await client.send("hello")
    const [, {routingId}] = await server.receive()
    const frame = filledFrame(large, 9)
    await server.send(frame, {routingId})
    expect(frame.length).toBe(0)
    await expectNextFrame(client, pattern(large, 9))
    server.close()
    client.close()
  })

  it("rejects a bad size, naming the argument", () => {
    expect(() => zmq.allocateFrame("8" as unknown as number)).toThrow(TypeError)
    expect(() => zmq.allocateFrame("8" as unknown as number)).toThrow(/"size"/)
    for (const size of [-1, 1.5, Number.NaN, Infinity]) {
      expect(() => zmq.allocateFrame(size)).toThrow(RangeError)
      expect(() => zmq.allocateFrame(size)).toThrow(/"size"/)
    }
  })
})
