import {describe, expect, it, vi} from "vitest"

import * as zmq from "../src"
import {addon} from "../src/native"
import {STAGED_FRAME_BYTES} from "../src/staged-send"
import {inprocPushPull} from "./helpers"

// send() has three ways into the addon for a message without an envelope: a small
// Uint8Array is copied by JS into the staging memory (sendStaged), other single frames
// go as they are (sendFast), multipart messages as arguments (sendFrames). sendMany()
// stages runs of small Uint8Arrays together (sendStagedMany) and sends the rest one by
// one. Each must deliver exactly the bytes given, in order.
const noDraft = zmq.capability.draft ? undefined : "this libzmq has no draft API"

describe("send paths", () => {
  const limit = STAGED_FRAME_BYTES

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

  it.skipIf(noDraft)("a draft socket that needs an envelope says so for staged frames too", async () => {
    const {Server} = await import("../src/draft")
    const server = new Server()
    const staged = vi.spyOn(addon, "sendStaged")
    try {
      // As a JS caller without types would: no options at all.
      await expect(server.send(Buffer.from("no routing id"), undefined as never)).rejects.toThrow(/routingId/)
      expect(staged).toHaveBeenCalledTimes(1)
      const stagedMany = vi.spyOn(addon, "sendStagedMany")
      await expect(server.sendMany([Buffer.from("no routing id")], undefined as never)).rejects.toThrow(/routingId/)
      expect(stagedMany).toHaveBeenCalledTimes(1)
      stagedMany.mockRestore()
    } finally {
      staged.mockRestore()
      server.close()
    }
  })

  it("sendMany stages runs of small byte arrays and sends everything else between them, in order", async () => {
    const [push, pull] = await inprocPushPull("send-paths-many", {sendHighWaterMark: 5000}, {receiveHighWaterMark: 5000})
    const stagedMany = vi.spyOn(addon, "sendStagedMany")
    try {
      const backing = Buffer.alloc(limit + 16)
      for (let i = 0; i < backing.length; i++) backing[i] = (i * 11 + 5) & 0xff
      // 1,200 messages: runs longer than one call takes (frames and bytes), broken by
      // messages that are not staged.
      const messages: (zmq.MessageLike | zmq.MessageLike[])[] = Array.from({length: 1200}, (_, i): zmq.MessageLike | zmq.MessageLike[] => {
        if (i % 97 === 13) return `text ${i}`
        if (i % 101 === 7) return [Buffer.from(`part ${i}`), Buffer.from("b")]
        if (i % 89 === 3) return Buffer.alloc(limit + 1, i & 0xff)
        if (i % 83 === 5) return Buffer.alloc(0)
        if (i % 79 === 11) return i
        if (i % 3 === 0) return new Uint8Array(backing.buffer, backing.byteOffset + (i % 16), limit) // at the limit
        return backing.subarray(i % 13, (i % 13) + 1 + (i % 40))
      })
      const hex = (frame: unknown) => {
        if (typeof frame === "string" || typeof frame === "number") return Buffer.from(String(frame)).toString("hex")
        const view = frame as Uint8Array
        return Buffer.from(view.buffer, view.byteOffset, view.byteLength).toString("hex")
      }
      const expected = messages.map((message) => (Array.isArray(message) ? message : [message]).map(hex))
      await push.sendMany(messages)
      // 64 KiB of staging takes at most 64 frames at the limit per call.
      expect(stagedMany.mock.calls.length).toBeGreaterThan(1200 / 256)
      expect(stagedMany.mock.calls.length).toBeLessThan(1200 / 4)
      const received: string[][] = []
      while (received.length < messages.length) received.push((await pull.receive()).map((frame) => frame.toString("hex")))
      expect(received).toEqual(expected)
    } finally {
      stagedMany.mockRestore()
      push.close()
      pull.close()
    }
  })

  it("a sendMany that waits keeps the messages it was given, though the caller's array changes", async () => {
    const [push, pull] = await inprocPushPull("send-paths-many-wait", {sendHighWaterMark: 2}, {receiveHighWaterMark: 2})
    try {
      const messages = Array.from({length: 50}, (_, i) => Buffer.from(`message ${i}`))
      const sending = push.sendMany(messages)
      messages.fill(Buffer.from("changed"))
      const received: string[] = []
      while (received.length < 50) received.push((await pull.receive())[0].toString())
      await sending
      expect(received).toEqual(Array.from({length: 50}, (_, i) => `message ${i}`))
    } finally {
      push.close()
      pull.close()
    }
  })

  it("a sendMany that waits and then fails counts every message sent before the failure", async () => {
    const [push, pull] = await inprocPushPull("send-paths-many-fail", {sendHighWaterMark: 2}, {receiveHighWaterMark: 2})
    try {
      const detached = new Uint8Array(8)
      structuredClone(detached.buffer, {transfer: [detached.buffer]})
      const messages: Uint8Array[] = Array.from({length: 40}, (_, i) => Buffer.from(`message ${i}`))
      messages[30] = detached
      // It rejects while the messages before the failure are still being received.
      const failure = push.sendMany(messages).then(() => undefined, (error: unknown) => error)
      const received: string[] = []
      while (received.length < 30) received.push((await pull.receive())[0].toString())
      expect(await failure).toMatchObject({name: "TypeError", sent: 30})
      expect(received).toEqual(Array.from({length: 30}, (_, i) => `message ${i}`))
    } finally {
      push.close()
      pull.close()
    }
  })
})
