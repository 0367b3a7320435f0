import {describe, expect, it, vi} from "vitest"

import * as zmq from "../src"
import {addon} from "../src/native"
import {inprocPushPull, text} from "./helpers"

describe("queued operations", () => {
  it("queues concurrent sends in order past the high-water mark", async () => {
    const [push, pull] = await inprocPushPull("queue-sends", {sendHighWaterMark: 1}, {receiveHighWaterMark: 1})
    const count = 500
    const sends = Array.from({length: count}, (_, i) => push.send(String(i)))
    const received: string[] = []
    for (let i = 0; i < count; i++) received.push((await pull.receive())[0].toString())
    await Promise.all(sends)
    expect(received).toEqual(Array.from({length: count}, (_, i) => String(i)))
    push.close()
    pull.close()
  })

  it("a receive or send that has to wait asks libzmq once before it sleeps, not twice", async () => {
    const [push, pull] = await inprocPushPull("queue-ask-once")
    const lonely = new zmq.Push()
    const receives = vi.spyOn(addon, "receiveChunk")
    const sends = vi.spyOn(addon, "sendFast")
    try {
      const waiting = pull.receive()
      expect(receives).toHaveBeenCalledTimes(1)
      const iterated = pull[Symbol.asyncIterator]()
      await push.send("one")
      expect((await waiting)[0].toString()).toBe("one")
      receives.mockClear()
      const next = iterated.next()
      expect(receives).toHaveBeenCalledTimes(1)
      await push.send("two")
      expect((await next).value![0].toString()).toBe("two")

      // A PUSH socket without peers cannot send at all.
      sends.mockClear()
      const stalled = lonely.send("nobody takes this")
      expect(sends).toHaveBeenCalledTimes(1)
      lonely.close()
      await expect(stalled).rejects.toThrow()
    } finally {
      receives.mockRestore()
      sends.mockRestore()
      lonely.close()
      push.close()
      pull.close()
    }
  })

  it("serves concurrent receives in call order", async () => {
    const [push, pull] = await inprocPushPull("queue-receives")
    const receives = [pull.receive(), pull.receive(), pull.receive()]
    await push.send("a")
    await push.send("b")
    await push.send("c")
    expect((await Promise.all(receives)).map(text)).toEqual([["a"], ["b"], ["c"]])
    push.close()
    pull.close()
  })

  it("aborting a receive removes it from the queue and loses nothing", async () => {
    const [push, pull] = await inprocPushPull("abort-receive")
    const controller = new AbortController()
    const aborted = pull.receive({signal: controller.signal})
    const next = pull.receive()
    controller.abort()
    await expect(aborted).rejects.toMatchObject({name: "AbortError"})
    await push.send("kept")
    expect(text(await next)).toEqual(["kept"])
    push.close()
    pull.close()
  })

  it("an already-aborted signal rejects at once with its reason", async () => {
    const pull = new zmq.Pull()
    const reason = new Error("stop")
    await expect(pull.receive({signal: AbortSignal.abort(reason)})).rejects.toBe(reason)
    pull.close()
  })

  it("aborting a queued send means it is never sent, and later sends still go", async () => {
    const push = new zmq.Push({sendHighWaterMark: 1})
    // Nothing connected: the first send waits for a peer.
    const controller = new AbortController()
    const aborted = push.send("never", {signal: controller.signal})
    const later = push.send("later")
    controller.abort()
    await expect(aborted).rejects.toMatchObject({name: "AbortError"})
    const pull = new zmq.Pull()
    await pull.bind("inproc://abort-send")
    push.connect("inproc://abort-send")
    await later
    expect(text(await pull.receive())).toEqual(["later"])
    push.close()
    pull.close()
  })

  it("a timeout rejects with EAGAIN and keeps the queue intact", async () => {
    const pull = new zmq.Pull()
    const push = new zmq.Push()
    await pull.bind("inproc://timeout")
    const timedOut = pull.receive({timeout: 10})
    await expect(timedOut).rejects.toMatchObject({code: "EAGAIN"})
    push.connect("inproc://timeout")
    const next = pull.receive({timeout: 10000})
    await push.send("after")
    expect(text(await next)).toEqual(["after"])
    push.close()
    pull.close()
  })

  it("honours the sendTimeout and receiveTimeout options", async () => {
    const push = new zmq.Push({sendTimeout: 5})
    await expect(push.send("nobody")).rejects.toMatchObject({code: "EAGAIN"})
    const pull = new zmq.Pull({receiveTimeout: 5})
    await expect(pull.receive()).rejects.toMatchObject({code: "EAGAIN"})
    push.close()
    pull.close()
  })

  it("sends every supported message type", async () => {
    const [push, pull] = await inprocPushPull("types")
    const shared = new SharedArrayBuffer(2)
    new Uint8Array(shared).set([7, 8])
    const values: zmq.MessageLike[] = [
      Buffer.from("buf"),
      new Uint8Array([1, 2]),
      new Uint16Array([0x0102]),
      new DataView(new Uint8Array([3, 4, 5]).buffer, 1, 2),
      new Uint8Array([9, 9]).buffer,
      shared,
      "text é",
      42.5,
      null,
    ]
    await push.send(values)
    const frames = await pull.receive()
    expect(frames[0].toString()).toBe("buf")
    expect([...frames[1]]).toEqual([1, 2])
    expect(frames[2].length).toBe(2)
    expect([...frames[3]]).toEqual([4, 5])
    expect([...frames[4]]).toEqual([9, 9])
    expect([...frames[5]]).toEqual([7, 8])
    expect(frames[6].toString()).toBe("text é")
    expect(frames[7].toString()).toBe("42.5")
    expect(frames[8].length).toBe(0)
    push.close()
    pull.close()
  })

  it("sends multipart messages of 1 to 12 frames whole, and one with a bad frame not at all, with or without options", async () => {
    const [push, pull] = await inprocPushPull("frame-counts")
    const kinds = (i: number): zmq.MessageLike =>
      [Buffer.from(`b${i}`), "", new Uint16Array([i]), `t${i}`, null, Buffer.alloc(0), new Uint8Array([i]).buffer][i % 7]
    const hex = (frame: zmq.MessageLike) =>
      frame === null
        ? ""
        : typeof frame === "string"
          ? Buffer.from(frame).toString("hex")
          : ArrayBuffer.isView(frame)
            ? Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength).toString("hex")
            : Buffer.from(frame as ArrayBuffer).toString("hex")
    // Per-call options (a timeout, a signal) are handled in JS: the message itself must go
    // exactly as without them.
    for (const options of [undefined, {timeout: 1000}, {signal: new AbortController().signal}]) {
      for (let count = 1; count <= 12; count++) {
        const message = Array.from({length: count}, (_, i) => kinds(i + count))
        await push.send(message, options)
        expect((await pull.receive()).map((frame) => frame.toString("hex"))).toEqual(message.map(hex))
        const bad = [...message, ...message].slice(0, count + 1)
        bad[count >> 1] = {} as never
        await expect(push.send(bad, options)).rejects.toThrow(TypeError)
      }
    }
    await push.send("after")
    expect(text(await pull.receive())).toEqual(["after"])
    push.close()
    pull.close()
  })

  it("sends strings of any length and script byte for byte, alone and in multipart messages", async () => {
    const [push, pull] = await inprocPushPull("strings", {sendHighWaterMark: 0}, {receiveHighWaterMark: 0})
    // Lengths around the addon's 512-byte stack buffer, in characters of 1 to 4 UTF-8
    // bytes, so some end exactly at, or one character across, its edge.
    const strings = [""]
    for (const character of ["a", "é", "€", "😀"]) {
      for (let bytes = 490; bytes <= 530; bytes++) strings.push("x".repeat(bytes % character.length) + character.repeat(Math.floor(bytes / character.length)))
    }
    strings.push("long ".repeat(1000), "lone surrogate \ud800 end")
    for (const text of strings) {
      await push.send(text)
      await push.send([text, "tail"])
    }
    for (const text of strings) {
      expect((await pull.receive())[0].equals(Buffer.from(text))).toBe(true)
      const [first, tail] = await pull.receive()
      expect(first.equals(Buffer.from(text))).toBe(true)
      expect(tail.toString()).toBe("tail")
    }
    push.close()
    pull.close()
  })

  it("sends each supported value as a message of its own, received as real Buffers", async () => {
    const [push, pull] = await inprocPushPull("single-types")
    const values: [zmq.MessageLike, number[]][] = [
      [Buffer.from("buf"), [98, 117, 102]],
      [new Uint8Array([1, 2]), [1, 2]],
      [new Uint16Array([0x0102, 0x0304]), [...new Uint8Array(new Uint16Array([0x0102, 0x0304]).buffer)]],
      [new Float64Array([1.5]), [...new Uint8Array(new Float64Array([1.5]).buffer)]],
      [new Uint8Array([0, 1, 2, 3]).subarray(1, 3), [1, 2]],
      [new DataView(new Uint8Array([3, 4, 5]).buffer, 1, 2), [4, 5]],
      [new Uint8Array([9, 9]).buffer, [9, 9]],
      ["é", [0xc3, 0xa9]],
      [7, [55]],
      [null, []],
    ]
    for (const [value] of values) await push.send(value)
    for (const [, bytes] of values) {
      const [frame] = await pull.receive()
      expect([...frame]).toEqual(bytes)
      expect(Buffer.isBuffer(frame)).toBe(true)
      expect(frame.constructor).toBe(Buffer)
      expect(Buffer.isBuffer(frame.subarray(0))).toBe(true)
    }
    push.close()
    await expect(push.send(Buffer.from("late"))).rejects.toMatchObject({code: "EBADF"})
    pull.close()
  })

  it("a buffer changed after send resolves does not change what is received", async () => {
    const [push, pull] = await inprocPushPull("mutate")
    for (const size of [16, 1024 * 1024]) {
      const buffer = Buffer.alloc(size, 1)
      await push.send(buffer)
      buffer.fill(2)
      const [frame] = await pull.receive()
      expect(frame.length).toBe(size)
      expect(frame.every((byte) => byte === 1)).toBe(true)
    }
    push.close()
    pull.close()
  })

  it("receives large messages intact", async () => {
    const pull = new zmq.Pull()
    const push = new zmq.Push()
    await pull.bind("tcp://127.0.0.1:*")
    push.connect(pull.lastEndpoint!)
    const big = Buffer.alloc(4 * 1024 * 1024)
    for (let i = 0; i < big.length; i++) big[i] = i % 251
    await push.send([big, "tail"])
    const [frame, tail] = await pull.receive()
    expect(frame.equals(big)).toBe(true)
    expect(tail.toString()).toBe("tail")
    push.close()
    pull.close()
  })
})
