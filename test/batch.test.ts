import {describe, expect, it} from "vitest"

import * as zmq from "../src"
import {inprocPushPull, text} from "./helpers"

describe("batch APIs", () => {
  it("sendMany sends every message in order, past the high-water mark", async () => {
    const [push, pull] = await inprocPushPull("send-many", {sendHighWaterMark: 10}, {receiveHighWaterMark: 10})
    const messages = Array.from({length: 1000}, (_, i) => (i % 3 === 0 ? [String(i), "part"] : String(i)))
    const sending = push.sendMany(messages)
    const received: string[][] = []
    while (received.length < messages.length) received.push(text(await pull.receive()))
    await sending
    expect(received).toEqual(messages.map((m) => (Array.isArray(m) ? m : [m])))
    push.close()
    pull.close()
  })

  it("sendMany sends binary frames of every kind intact, past the high-water mark", async () => {
    const [push, pull] = await inprocPushPull("send-many-binary", {sendHighWaterMark: 5}, {receiveHighWaterMark: 5})
    const reused = Buffer.from("reused")
    const messages = Array.from({length: 300}, (_, i) => {
      switch (i % 6) {
        case 0:
          return Buffer.from(`buffer ${i}`)
        case 1:
          return reused
        case 2:
          return new Uint16Array([i, i + 1])
        case 3:
          return Buffer.alloc(0)
        case 4:
          return [Buffer.from(`part ${i}`), new Uint8Array([i & 0xff])]
        default:
          return Buffer.alloc(20_000, i & 0xff)
      }
    })
    const expected = messages.map((message) =>
      (Array.isArray(message) ? message : [message]).map((frame) => Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength).toString("hex")),
    )
    const sending = push.sendMany(messages)
    const received: string[][] = []
    while (received.length < messages.length) received.push((await pull.receive()).map((frame) => frame.toString("hex")))
    await sending
    expect(received).toEqual(expected)
    push.close()
    pull.close()
  })

  it("sendMany stops at a detached buffer with a TypeError that counts the messages sent", async () => {
    const [push, pull] = await inprocPushPull("send-many-detached")
    const detached = new Uint8Array(8)
    structuredClone(detached.buffer, {transfer: [detached.buffer]})
    await expect(push.sendMany([Buffer.from("a"), Buffer.from("b"), detached, Buffer.from("c")])).rejects.toMatchObject({
      name: "TypeError",
      sent: 2,
    })
    expect(text(await pull.receive())).toEqual(["a"])
    expect(text(await pull.receive())).toEqual(["b"])
    await push.send("after")
    expect(text(await pull.receive())).toEqual(["after"])
    push.close()
    pull.close()
  })

  it("sendMany keeps FIFO order with single sends queued around it", async () => {
    const push = new zmq.Push({sendHighWaterMark: 1})
    const order = [push.send("a"), push.sendMany(["b", "c", "d"]), push.send("e")]
    const pull = new zmq.Pull()
    await pull.bind("inproc://send-many-order")
    push.connect("inproc://send-many-order")
    const received: string[] = []
    while (received.length < 5) received.push((await pull.receive())[0].toString())
    await Promise.all(order)
    expect(received).toEqual(["a", "b", "c", "d", "e"])
    push.close()
    pull.close()
  })

  it("sendMany validates its messages and rejects bad ones with a TypeError", async () => {
    const push = new zmq.Push()
    await expect(push.sendMany("x" as never)).rejects.toThrow(/messages/)
    await expect(push.sendMany([{}] as never)).rejects.toThrow(TypeError)
    await expect(push.sendMany([])).resolves.toBeUndefined()
    push.close()
  })

  it("receiveMany resolves with what is available, between 1 and max", async () => {
    const [push, pull] = await inprocPushPull("receive-many")
    const waiting = pull.receiveMany(3)
    await push.sendMany(["1", "2", "3", "4", "5"])
    const first = await waiting
    expect(first.length).toBeGreaterThanOrEqual(1)
    expect(first.length).toBeLessThanOrEqual(3)
    const rest: string[] = []
    while (first.length + rest.length < 5) rest.push(...(await pull.receiveMany(10)).map((m) => m[0].toString()))
    expect([...first.map((m) => m[0].toString()), ...rest]).toEqual(["1", "2", "3", "4", "5"])
    await expect(pull.receiveMany(0)).rejects.toThrow(RangeError)
    await expect(pull.receiveMany(1.5)).rejects.toThrow(/max/)
    pull.close()
    push.close()
  })

  // After a drained receive the plain path fetches one message at a time (see Inbox);
  // receiveMany must still take everything waiting in one call, up to max.
  it("receiveMany takes every waiting message up to max in one call, even after the socket ran dry", async () => {
    const [push, pull] = await inprocPushPull("receive-many-after-dry")
    await push.send("first")
    expect(text(await pull.receive())).toEqual(["first"])
    expect(await Promise.race([pull.receive(), new Promise((resolve) => setTimeout(resolve, 20, "dry"))])).toBe("dry")
    const sent = Array.from({length: 20}, (_, i) => String(i))
    await push.sendMany(sent)
    // The receive left pending above takes the first message.
    const many = await pull.receiveMany(12)
    expect(many.map((m) => m[0].toString())).toEqual(sent.slice(1, 13))
    expect((await pull.receiveMany(100)).map((m) => m[0].toString())).toEqual(sent.slice(13))
    pull.close()
    push.close()
  })

  it("a pending receiveMany rejects on close like receive", async () => {
    const pull = new zmq.Pull()
    const pending = pull.receiveMany()
    pull.close()
    await expect(pending).rejects.toMatchObject({code: "EAGAIN"})
  })

  it("only socket types that send and receive have the batch methods", () => {
    const pull = new zmq.Pull()
    const push = new zmq.Push()
    expect("sendMany" in pull).toBe(false)
    expect("receiveMany" in push).toBe(false)
    pull.close()
    push.close()
  })
})
