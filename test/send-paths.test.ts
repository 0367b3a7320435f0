import {describe, expect, it, vi} from "vitest"

import * as zmq from "../src"
import {addon, sendStaging} from "../src/native"
import {inprocPushPull} from "./helpers"

// send() has three ways into the addon for a message without an envelope: a small
// Uint8Array is copied by JS into the staging memory (sendStaged), other single frames
// go as they are (sendFast), multipart messages as arguments (sendFrames). Each must
// deliver exactly the bytes given.
const noDraft = zmq.capability.draft ? undefined : "this libzmq has no draft API"

describe("send paths", () => {
  const limit = sendStaging.length

  it("small byte arrays go through the staging memory, byte for byte", async () => {
    const [push, pull] = await inprocPushPull("send-paths-staged")
    const staged = vi.spyOn(addon, "sendStaged")
    const general = vi.spyOn(addon, "sendFast")
    try {
      const backing = Buffer.alloc(limit + 16)
      for (let i = 0; i < backing.length; i++) backing[i] = (i * 7 + 3) & 0xff
      const frames = [
        Buffer.from([42]),
        backing.subarray(3, 3 + 17), // odd offset into a larger buffer
        new Uint8Array(backing.buffer, backing.byteOffset + 5, limit), // exactly the limit
        new Uint8Array(new SharedArrayBuffer(9)).fill(9),
      ]
      for (const frame of frames) await push.send(frame)
      expect(staged).toHaveBeenCalledTimes(frames.length)
      expect(general).not.toHaveBeenCalled()
      for (const frame of frames) {
        const [received] = await pull.receive()
        expect(Buffer.compare(received, Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength))).toBe(0)
      }
    } finally {
      staged.mockRestore()
      general.mockRestore()
      push.close()
      pull.close()
    }
  })

  it("larger byte arrays, other views, strings and empty frames go the general way", async () => {
    const [push, pull] = await inprocPushPull("send-paths-general")
    const staged = vi.spyOn(addon, "sendStaged")
    const general = vi.spyOn(addon, "sendFast")
    try {
      const large = Buffer.alloc(limit + 1, 5)
      const words = new Uint16Array([1, 2, 3])
      await push.send(large)
      await push.send(words)
      await push.send("text")
      await push.send(Buffer.alloc(0))
      expect(staged).not.toHaveBeenCalled()
      expect(general).toHaveBeenCalledTimes(4)
      expect((await pull.receive())[0].equals(large)).toBe(true)
      expect([...(await pull.receive())[0]]).toEqual([1, 0, 2, 0, 3, 0])
      expect((await pull.receive())[0].toString()).toBe("text")
      expect((await pull.receive())[0].length).toBe(0)
    } finally {
      staged.mockRestore()
      general.mockRestore()
      push.close()
      pull.close()
    }
  })

  it("a staged frame that has to wait is sent from the caller's buffer, unchanged by later staging", async () => {
    const [push, pull] = await inprocPushPull("send-paths-wait", {sendHighWaterMark: 1}, {receiveHighWaterMark: 1})
    try {
      // The high-water marks fill, so later sends wait while others are staged.
      const sends = Array.from({length: 20}, (_, i) => push.send(Buffer.from(`message ${i}`)))
      const received: string[] = []
      for (let i = 0; i < 20; i++) received.push((await pull.receive())[0].toString())
      await Promise.all(sends)
      expect(received).toEqual(Array.from({length: 20}, (_, i) => `message ${i}`))
    } finally {
      push.close()
      pull.close()
    }
  })

  it.skipIf(noDraft)("a draft socket that needs an envelope says so for a staged frame too", async () => {
    const {Server} = await import("../src/draft")
    const server = new Server()
    const staged = vi.spyOn(addon, "sendStaged")
    try {
      // As a JS caller without types would: no options at all.
      await expect(server.send(Buffer.from("no routing id"), undefined as never)).rejects.toThrow(/routingId/)
      expect(staged).toHaveBeenCalledTimes(1)
    } finally {
      staged.mockRestore()
      server.close()
    }
  })
})
