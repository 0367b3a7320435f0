import {EventEmitter} from "node:events"

import {describe, expect, it} from "vitest"

import {Incoming} from "../../src/compat/incoming"
import type {Socket as CoreSocket} from "../../src/socket"
import {receiveNow} from "../../src/socket-hooks"
import {bindSync, message, messages, sendResult, socket, zmq} from "./helpers"

function pipe(): {push: zmq.Socket; pull: zmq.Socket} {
  const pull = socket("pull")
  const push = socket("push")
  push.connect(bindSync(pull, "inproc"))
  return {push, pull}
}

/** Resolves once every message sent so far is in libzmq's hands. */
function flushed(push: zmq.Socket): Promise<Error | undefined> {
  return sendResult(push, "marker")
}

describe("compat receive", () => {
  it("emits `message` per message, in order, with the socket as `this`", async () => {
    const {push, pull} = pipe()
    let self: unknown
    pull.once("message", function (this: unknown) {
      self = this
    })
    const received = messages(pull, 100)
    for (let i = 0; i < 100; i++) push.send(String(i))
    expect(await received).toEqual(Array.from({length: 100}, (_, i) => [String(i)]))
    expect(self).toBe(pull)
  })

  it("re-emits an exception thrown in a `message` handler as `error` and keeps delivering", async () => {
    const {push, pull} = pipe()
    const errors: unknown[] = []
    pull.on("error", (error) => errors.push(error))
    const thrown = new Error("handler failed")
    pull.once("message", () => {
      throw thrown
    })
    const received = messages(pull, 2)
    push.send("first")
    push.send("second")
    push.send("third")
    expect(await received).toEqual([["second"], ["third"]])
    expect(errors).toEqual([thrown])
  })

  it("pause() stops `message` events; read() returns what arrived; resume() delivers the rest", async () => {
    const {push, pull} = pipe()
    const seen: string[] = []
    pull.on("message", (frame: Buffer) => seen.push(String(frame)))
    pull.pause()
    push.send(["a", "1"])
    push.send("b")
    push.send("c")
    await flushed(push)
    // Inproc hands messages over immediately once sent, so they can be read now.
    expect(pull.read()!.map(String)).toEqual(["a", "1"])
    expect(pull.read()!.map(String)).toEqual(["b"])
    expect(seen).toEqual([])
    pull.resume()
    // resume() delivers what is already there synchronously, as before.
    expect(seen).toEqual(["c", "marker"])
    expect(pull.read()).toBeNull()
  })

  // A receive that resolved just before pause() has its message in a callback not run
  // yet; resume() must not read later messages past it. A stand-in for the core socket
  // makes that moment exact: the race is microseconds wide with real sockets.
  it("a message a receive got just before pause() stays ahead of later ones after resume()", async () => {
    const arrived: string[][] = []
    let resolveReceive: (frames: Buffer[]) => void = () => {}
    const core = {
      closed: false,
      receive: () => new Promise<Buffer[]>((resolve) => (resolveReceive = resolve)),
      [receiveNow]: () => (arrived.length !== 0 ? arrived.shift()!.map((text) => Buffer.from(text)) : undefined),
    }
    const emitter = new EventEmitter()
    const seen: string[] = []
    emitter.on("message", (frame: Buffer) => seen.push(frame.toString()))
    const incoming = new Incoming(emitter, core as unknown as CoreSocket, false)
    incoming.deliver() // nothing there: it waits in receive()
    resolveReceive([Buffer.from("first")])
    incoming.pause()
    arrived.push(["second"], ["third"])
    incoming.resume()
    expect(incoming.read()).toBeNull() // while "first" is still on its way
    await Promise.resolve()
    await Promise.resolve()
    expect(seen).toEqual(["first", "second", "third"])
  })

  it("keeps delivering across repeated pause/resume cycles", async () => {
    const {push, pull} = pipe()
    let errors = 0
    pull.on("error", () => errors++)
    for (let round = 0; round < 3; round++) {
      pull.pause()
      push.send(`paused ${round}`)
      await flushed(push)
      expect(pull.read()!.map(String)).toEqual([`paused ${round}`])
      expect(pull.read()!.map(String)).toEqual(["marker"])
      pull.resume()
      const received = message(pull)
      push.send(`flowing ${round}`)
      expect(await received).toEqual([`flowing ${round}`])
    }
    expect(errors).toBe(0)
  })

  it("a paused socket holds its sends until resumed", async () => {
    const {push, pull} = pipe()
    push.pause()
    let sent = false
    push.send("held", 0, () => (sent = true))
    const arrival = message(pull)
    const probe = socket("push")
    // Another sender's message gets through while the paused one's waits.
    probe.connect(pull.last_endpoint)
    probe.send("probe")
    expect(await arrival).toEqual(["probe"])
    expect(sent).toBe(false)
    const held = message(pull)
    push.resume()
    expect(await held).toEqual(["held"])
  })

  it("read() returns null when nothing has arrived", () => {
    const {pull} = pipe()
    pull.pause()
    expect(pull.read()).toBeNull()
  })

  it("REQ and REP deliver in lockstep: reply, request, reply...", async () => {
    const rep = socket("rep")
    const req = socket("req")
    req.connect(bindSync(rep, "inproc"))
    rep.on("message", (request: Buffer) => rep.send(`re:${request}`))
    const replies = messages(req, 3)
    let count = 0
    req.on("message", () => {
      if (++count < 3) req.send(String(count))
    })
    req.send("0")
    expect(await replies).toEqual([["re:0"], ["re:1"], ["re:2"]])
  })

  it("reading ZMQ_EVENTS does not strand a waiting message", async () => {
    const {push, pull} = pipe()
    const arrival = message(pull)
    push.send("wake")
    expect(typeof pull.getsockopt(zmq.ZMQ_EVENTS)).toBe("number")
    expect(typeof pull._ioevents).toBe("number")
    expect(await arrival).toEqual(["wake"])
  })

  it("ignores ZMQ_RCVTIMEO for `message` events (it only bounds blocking reads)", async () => {
    const {push, pull} = pipe()
    pull.rcvtimeo = 1
    const received = message(pull)
    let errors = 0
    pull.on("error", () => errors++)
    // Not synchronization: the point is that many receive timeouts elapse first.
    await new Promise((resolve) => setTimeout(resolve, 20))
    push.send("late")
    expect(await received).toEqual(["late"])
    expect(errors).toBe(0)
  })

  it("a closed socket stops delivering without errors", async () => {
    const {push, pull} = pipe()
    let errors = 0
    pull.on("error", () => errors++)
    const first = message(pull)
    push.send("one")
    await first
    pull.close()
    // The waiting receive is rejected by close(); its handler runs within this turn.
    await new Promise((resolve) => setImmediate(resolve))
    expect(errors).toBe(0)
    expect(pull.read()).toBeNull()
  })
})
