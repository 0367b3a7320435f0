import {describe, expect, it} from "vitest"

import {bindAddress} from "../helpers"
import {bindSync, message, messages, next, sendResult, socket, zmq} from "./helpers"

function pipe(): {push: zmq.Socket; pull: zmq.Socket} {
  const pull = socket("pull")
  const push = socket("push")
  push.connect(bindSync(pull, "inproc"))
  return {push, pull}
}

describe("compat send", () => {
  it("sends an array as one multipart message, its frames as separate arguments", async () => {
    const {push, pull} = pipe()
    const received = new Promise<unknown[]>((resolve) => pull.once("message", (...frames: Buffer[]) => resolve(frames)))
    push.send(["a", Buffer.from("b"), "c"])
    const frames = (await received) as Buffer[]
    expect(frames.map(String)).toEqual(["a", "b", "c"])
    expect(frames.every((frame) => Buffer.isBuffer(frame))).toBe(true)
  })

  it("ZMQ_SNDMORE accumulates frames until a send without it", async () => {
    const {push, pull} = pipe()
    const received = messages(pull, 2)
    push.send("one", zmq.ZMQ_SNDMORE)
    push.send(["two", "three"], zmq.ZMQ_SNDMORE)
    push.send("four")
    push.send("alone")
    expect(await received).toEqual([["one", "two", "three", "four"], ["alone"]])
  })

  it("sends numbers and other values as text, bytes as they are", async () => {
    const {push, pull} = pipe()
    const received = messages(pull, 1)
    push.send([42, 1.5, true, null, new Uint8Array([104, 105]), "é"])
    expect(await received).toEqual([["42", "1.5", "true", "null", "hi", "é"]])
  })

  it("flags and frames that cannot be read as a number or text are TypeErrors naming them", () => {
    const push = socket("push")
    expect(() => push.send("x", 1n as never)).toThrow(/The "flags" argument must be a number/)
    expect(() => push.send("x", Symbol() as never)).toThrow(/The "flags" argument must be a number/)
    expect(() => push.send(Object.create(null))).toThrow(/The "message" argument's frames must be/)
    expect(() => push.send(["ok", Object.create(null)])).toThrow(TypeError)
  })

  it("a multipart message with a bad frame queues none of its frames", async () => {
    const {push, pull} = pipe()
    const received = messages(pull, 1)
    expect(() => push.send(["stray", Object.create(null)])).toThrow(TypeError)
    push.send("alone")
    expect(await received).toEqual([["alone"]])
  })

  it("calls back with no error once libzmq took the message, with the socket as `this`", async () => {
    const {push} = pipe()
    const self = await new Promise((resolve) =>
      push.send("x", 0, function (this: unknown, error?: Error) {
        expect(arguments.length).toBe(0)
        expect(error).toBeUndefined()
        resolve(this)
      }),
    )
    expect(self).toBe(push)
  })

  it("accepts send(message, callback) and calls every frame's callback for a multipart message", async () => {
    const {push, pull} = pipe()
    const calls: string[] = []
    const done = new Promise<void>((resolve) => {
      push.send("a", zmq.ZMQ_SNDMORE, () => calls.push("a"))
      push.send("b", () => {
        calls.push("b")
        resolve()
      })
    })
    expect(await message(pull)).toEqual(["a", "b"])
    await done
    expect(calls).toEqual(["a", "b"])
  })

  it("passes libzmq's error to the callback (sending on a SUB socket: ENOTSUP)", async () => {
    const sub = socket("sub")
    expect(await sendResult(sub, "nope")).toMatchObject({code: "ENOTSUP"})
  })

  it("emits `error` for a failed send without callback", async () => {
    const sub = socket("sub")
    const failed = next(sub, "error")
    sub.send("nope")
    expect((await failed)[0]).toMatchObject({code: "ENOTSUP"})
  })

  it("REQ sends in lockstep: a second request before the reply fails with EFSM", async () => {
    const rep = socket("rep")
    const req = socket("req")
    req.connect(bindSync(rep, "inproc"))
    expect(await sendResult(req, "first")).toBeUndefined()
    expect(await sendResult(req, "second")).toMatchObject({code: "EFSM"})
  })

  it("honours ZMQ_SNDHWM: at most that many messages wait in JS; more fail with EAGAIN", async () => {
    const push = socket("push")
    push.sndhwm = 2
    const address = bindAddress("inproc")
    push.bindSync(address) // no peer yet: libzmq cannot take anything
    const results = [0, 1, 2, 3].map((i) => sendResult(push, `m${i}`))
    const [third, fourth] = await Promise.all(results.slice(2))
    expect(third).toMatchObject({code: "EAGAIN", message: expect.stringContaining("high-water mark")})
    expect(fourth).toMatchObject({code: "EAGAIN"})
    // The two that waited are delivered once a peer connects.
    const pull = socket("pull")
    const received = messages(pull, 2)
    pull.connect(address)
    expect(await received).toEqual([["m0"], ["m1"]])
    expect(await Promise.all(results.slice(0, 2))).toEqual([undefined, undefined])
  })

  it("messages libzmq takes at once do not count against that limit", async () => {
    const {push, pull} = pipe()
    push.sndhwm = 2
    let failures = 0
    push.on("error", () => failures++)
    const received = messages(pull, 100)
    for (let i = 0; i < 100; i++) push.send(i)
    expect((await received).map(([text]) => text)).toEqual(Array.from({length: 100}, (_, i) => String(i)))
    expect(failures).toBe(0)
  })

  it("a PUB socket never waits (libzmq drops at its high-water mark), so never fails a send", async () => {
    const pub = socket("pub")
    pub.sndhwm = 10
    pub.bindSync(bindAddress("inproc"))
    const results = Array.from({length: 200}, () => sendResult(pub, "to nobody"))
    expect(new Set(await Promise.all(results))).toEqual(new Set([undefined]))
  })

  it("the legacy `hwm` option sets the send and receive high-water marks", () => {
    const dealer = socket("dealer")
    dealer.hwm = 7
    expect(dealer.getsockopt(zmq.ZMQ_SNDHWM)).toBe(7)
    expect(dealer.getsockopt(zmq.ZMQ_RCVHWM)).toBe(7)
    expect(dealer.hwm).toBe(7)
  })

  it("honours ZMQ_SNDTIMEO: a message that cannot be sent in time fails with EAGAIN", async () => {
    const push = socket("push")
    push.setsockopt(zmq.ZMQ_SNDTIMEO, 20)
    push.bindSync(bindAddress("inproc"))
    expect(await sendResult(push, "nobody listens")).toMatchObject({code: "EAGAIN", message: expect.stringContaining("timed out")})
  })

  it("ZMQ_DONTWAIT fails right away with EAGAIN when libzmq cannot take the message", async () => {
    const push = socket("push")
    push.bindSync(bindAddress("inproc"))
    expect(await sendResult(push, "now or never", zmq.ZMQ_DONTWAIT)).toMatchObject({code: "EAGAIN"})
    expect(zmq.ZMQ_NOBLOCK).toBe(zmq.ZMQ_DONTWAIT)
  })

  it("messages still waiting at close are dropped quietly; callbacks hear of it", async () => {
    const push = socket("push")
    push.bindSync(bindAddress("inproc"))
    let errors = 0
    push.on("error", () => errors++)
    push.send("dropped quietly")
    const result = sendResult(push, "dropped with callback")
    push.close()
    expect(await result).toMatchObject({code: expect.stringMatching(/EAGAIN|EBADF/)})
    // A send after close does report, and arrives after the quiet drop would have.
    const late = next(push, "error")
    push.send("after close")
    await late
    expect(errors).toBe(1)
  })

  it("rejects bad arguments with TypeErrors", () => {
    const push = socket("push")
    expect(() => push.send([])).toThrow(/"message" argument/)
    expect(() => push.send("x", 0, "not a function" as unknown as () => void)).toThrow(/"callback" argument/)
  })
})
