import {join} from "node:path"
import {Worker} from "node:worker_threads"

import {describe, expect, it} from "vitest"

import * as zmq from "../src"
import {bindSoon, inprocPushPull, text} from "./helpers"

describe("close and lifecycle", () => {
  it("close rejects pending receives with EAGAIN and pending sends too", async () => {
    const pull = new zmq.Pull()
    const push = new zmq.Push()
    const receive = pull.receive()
    const send = push.send("stuck")
    pull.close()
    push.close()
    await expect(receive).rejects.toMatchObject({code: "EAGAIN"})
    await expect(send).rejects.toMatchObject({code: "EAGAIN"})
  })

  it("for-await ends cleanly when the socket closes", async () => {
    const [push, pull] = await inprocPushPull("iterate-close")
    await push.send("one")
    const seen: string[] = []
    for await (const [message] of pull) {
      seen.push(message.toString())
      pull.close()
    }
    expect(seen).toEqual(["one"])
    push.close()
  })

  it("for-await waiting for a message ends when the socket closes", async () => {
    const pull = new zmq.Pull()
    const loop = (async () => {
      let count = 0
      for await (const _ of pull) count++
      return count
    })()
    await new Promise((resolve) => setImmediate(resolve))
    pull.close()
    expect(await loop).toBe(0)
  })

  it("breaking out of for-await leaves the socket usable", async () => {
    const [push, pull] = await inprocPushPull("iterate-break")
    await push.send("a")
    await push.send("b")
    for await (const [message] of pull) {
      expect(message.toString()).toBe("a")
      break
    }
    expect(text(await pull.receive())).toEqual(["b"])
    pull.close()
    push.close()
  })

  it("unbind and unbindSync release the endpoint", async () => {
    const pull = new zmq.Pull()
    await pull.bind("tcp://127.0.0.1:*")
    const address = pull.lastEndpoint!
    await pull.unbind(address)
    const other = new zmq.Pull()
    await bindSoon(() => other.bindSync(address))
    other.unbindSync(address)
    await expect(pull.unbind(address)).rejects.toMatchObject({code: "ENOENT", address})
    await bindSoon(() => pull.bindSync(address))
    pull.close()
    other.close()
  })

  it("disconnect stops delivery to that peer", async () => {
    const pull = new zmq.Pull()
    await pull.bind("inproc://disconnect")
    const push = new zmq.Push()
    push.connect("inproc://disconnect")
    push.disconnect("inproc://disconnect")
    await expect(push.send("x", {timeout: 20})).rejects.toMatchObject({code: "EAGAIN"})
    expect(() => push.disconnect("inproc://never-connected")).toThrow(expect.objectContaining({code: "ENOENT"}))
    pull.close()
    push.close()
  })

  it("readable and writable report readiness", async () => {
    const pull = new zmq.Pull()
    const push = new zmq.Push()
    expect(push.writable).toBe(false) // no peer yet
    await pull.bind("inproc://ready")
    push.connect("inproc://ready")
    expect(push.writable).toBe(true)
    expect(push.readable).toBe(false)
    expect(pull.writable).toBe(false)
    expect(pull.readable).toBe(false)
    await push.send("x")
    expect(pull.readable).toBe(true)
    await pull.receive()
    expect(pull.readable).toBe(false)
    pull.close()
    push.close()
  })

  it("messages sent just before close are delivered (linger), even to a peer connected last", async () => {
    // libzmq ends a session whose attach command the socket has not processed yet with
    // linger 0; close must process pending commands first.
    for (let round = 0; round < 5; round++) {
      const pull = new zmq.Pull()
      pull.bindSync("tcp://127.0.0.1:*")
      const first = pull.lastEndpoint!
      pull.bindSync("tcp://127.0.0.1:*")
      const second = pull.lastEndpoint!
      const push = new zmq.Push()
      push.connect(first)
      await push.send("1")
      push.connect(second)
      await push.send("2")
      await push.send("3")
      push.close()
      const received: string[] = []
      for (let i = 0; i < 3; i++) received.push(...text(await pull.receive({timeout: 5000})))
      expect(received.sort()).toEqual(["1", "2", "3"])
      pull.close()
    }
  })

  it("a custom context can be closed, closing its sockets", async () => {
    const context = new zmq.Context()
    const pull = new zmq.Pull({context})
    const pending = pull.receive()
    expect(pull.context).toBe(context)
    context.close()
    expect(context.closed).toBe(true)
    expect(pull.closed).toBe(true)
    await expect(pending).rejects.toMatchObject({code: "EAGAIN"})
    expect(() => new zmq.Pull({context})).toThrow(expect.objectContaining({code: "ETERM"}))
    context.close() // idempotent
  })

  it("inproc endpoints are separate per context", async () => {
    const context = new zmq.Context()
    const pull = new zmq.Pull({context})
    await pull.bind("inproc://per-context")
    const other = new zmq.Pull()
    await other.bind("inproc://per-context") // no EADDRINUSE: another context
    pull.close()
    other.close()
    context.close()
  })

  it("the shared context cannot be closed", () => {
    expect(() => zmq.context.close()).toThrow(/shared context/)
  })

  it("many sockets can be created and closed", () => {
    for (let i = 0; i < 2000; i++) new zmq.Dealer().close()
  })

  // More cycles than libzmq's 1023 socket slots, without yielding to the event loop: a
  // closed DEALER keeps its slot until the ROUTER, a socket of this same thread,
  // acknowledges the closing connection.
  it.each([
    ["has a receive pending", true],
    ["is idle", false],
  ])("a tight create/connect/close loop against a local peer that %s does not run out of sockets", async (_, pending) => {
    const router = new zmq.Router()
    const address = `inproc://lifecycle-tight-loop-${pending}`
    await router.bind(address)
    const received = pending ? router.receive() : undefined
    for (let i = 0; i < 3000; i++) {
      const dealer = new zmq.Dealer()
      dealer.connect(address)
      dealer.close()
    }
    const dealer = new zmq.Dealer()
    dealer.connect(address)
    await dealer.send("still served")
    const [, message] = await (received ?? router.receive())
    expect(message.toString()).toBe("still served")
    dealer.close()
    router.close()
  })
})

describe("a tight create/connect/close loop against a peer in another worker thread", () => {
  // The worker's ROUTER is idle: it acknowledges the closed DEALERs' connections only when
  // its own thread lets it process libzmq's commands, which the loop here cannot wait for
  // on its own (it never yields to the event loop).
  it("does not run out of sockets", async () => {
    const address = "inproc://lifecycle-tight-loop-worker-peer"
    const worker = new Worker(join(__dirname, "fixtures", "worker-idle-peer.js"), {workerData: {address, bind: true}})
    const exited = new Promise((resolve) => worker.once("exit", resolve))
    try {
      expect(await new Promise((resolve) => worker.once("message", resolve))).toBe("bound")
      for (let i = 0; i < 3000; i++) {
        const dealer = new zmq.Dealer()
        dealer.connect(address)
        dealer.close()
      }
    } finally {
      worker.postMessage("close")
    }
    expect(await exited).toBe(0)
  })
})

// Reading a message's frames can run JS (an element getter, a Proxy) while the addon is
// in the middle of the send; a socket closed there must not be used afterwards.
describe("a socket closed while its send reads the message", () => {
  function framesThatClose(socket: zmq.Socket, count: number, text: string): string[] {
    const frames = Array.from({length: count}, (_, i) => `${i}`)
    let reads = 0
    Object.defineProperty(frames, count - 1, {
      // The first read is JS's own check of the frames; the second is the addon's.
      get: () => {
        if (++reads === 2) socket.close()
        return text
      },
    })
    return frames
  }

  it("rejects a multipart send with EBADF and sends nothing", async () => {
    const [push, pull] = await inprocPushPull("closed-while-reading-frames")
    await expect(push.send(framesThatClose(push, 9, "late"))).rejects.toMatchObject({code: "EBADF"})
    await expect(pull.receive({timeout: 100})).rejects.toMatchObject({code: "EAGAIN"})
    pull.close()
  })

  it("stops sendMany at that message, counting the ones sent before it", async () => {
    const [push, pull] = await inprocPushPull("closed-while-reading-messages")
    const messages: string[] = ["first", "second"]
    Object.defineProperty(messages, 2, {
      get: () => {
        push.close()
        return "third"
      },
    })
    // sendMany reads the array in JS before the addon does: the close then comes first.
    const error = await push.sendMany(messages).catch((e: Error & {sent?: number}) => e)
    expect(error).toMatchObject({code: "EBADF", sent: 2})
    expect(text(await pull.receive())).toEqual(["first"])
    expect(text(await pull.receive())).toEqual(["second"])
    await expect(pull.receive({timeout: 100})).rejects.toMatchObject({code: "EAGAIN"})
    pull.close()
  })
})
