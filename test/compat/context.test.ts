import {spawnSync} from "node:child_process"
import path from "node:path"

import {describe, expect, it} from "vitest"

import {bindAddress} from "../helpers"
import {message, sendResult, socket, zmq} from "./helpers"

describe("compat Context", () => {
  it("new Context() is usable: options by number, and sockets on it", async () => {
    const context = new zmq.Context(2)
    expect(context.getOpt(zmq.ZMQ_IO_THREADS)).toBe(2)
    expect(context.setOpt(zmq.ZMQ_MAX_SOCKETS, 64)).toBe(context)
    expect(context.getOpt(zmq.ZMQ_MAX_SOCKETS)).toBe(64)

    const pull = socket("pull", {context})
    const push = socket("push", {context})
    const address = bindAddress("inproc")
    pull.bindSync(address)
    push.connect(address)
    const received = message(pull)
    push.send("on a private context")
    expect(await received).toEqual(["on a private context"])
  })

  it("inproc endpoints are per context", () => {
    const context = new zmq.Context()
    const address = bindAddress("inproc")
    socket("pull", {context}).bindSync(address)
    // The same name is free on the default context.
    socket("pull").bindSync(address)
  })

  it("close() closes its sockets quietly and frees its threads", async () => {
    const context = new zmq.Context()
    const pull = socket("pull", {context})
    const push = socket("push", {context})
    let errors = 0
    pull.on("error", () => errors++)
    push.on("error", () => errors++)
    pull.bindSync(bindAddress("inproc"))
    expect(context.close()).toBe(context)
    expect(context.closed).toBe(true)
    expect(pull.closed).toBe(true)
    expect(push.closed).toBe(true)
    expect(() => socket("pair", {context})).toThrow(expect.objectContaining({code: "ETERM"}))
    await new Promise((resolve) => setImmediate(resolve))
    expect(errors).toBe(0)
  })

  it("close() calls back every send its sockets held: unfinished, paused or waiting", async () => {
    const context = new zmq.Context()
    const push = socket("push", {context})
    push.bindSync(bindAddress("inproc"))
    const waiting = sendResult(push, "no peer: waits")
    const unfinished = sendResult(push, "first part", zmq.ZMQ_SNDMORE)
    const paused = socket("push", {context})
    paused.pause()
    const held = sendResult(paused, "held while paused")
    context.close()
    const closed = expect.objectContaining({code: "EBADF"})
    expect(await Promise.all([waiting, unfinished, held])).toEqual([expect.any(Error), closed, closed])
  })

  it("Context.get/setMaxThreads and get/setMaxSockets act on the default context", () => {
    const threads = zmq.Context.getMaxThreads()
    const sockets = zmq.Context.getMaxSockets()
    expect(threads).toBeGreaterThanOrEqual(1)
    try {
      zmq.Context.setMaxSockets(sockets + 1)
      expect(zmq.Context.getMaxSockets()).toBe(sockets + 1)
      zmq.Context.setMaxThreads(threads)
      expect(zmq.Context.getMaxThreads()).toBe(threads)
    } finally {
      zmq.Context.setMaxSockets(sockets)
    }
  })

  it("ZMQ_IO_THREADS in the environment sizes the default context, as with zmq", () => {
    const lib = path.join(__dirname, "..", "..", "lib", "compat.js")
    const script = `console.log(require(${JSON.stringify(lib)}).Context.getMaxThreads())`
    const run = (value: string) =>
      spawnSync(process.execPath, ["-e", script], {encoding: "utf8", env: {...process.env, ZMQ_IO_THREADS: value}})
    expect(run("3")).toMatchObject({status: 0, stdout: "3\n", stderr: ""})
    expect(run("none")).toMatchObject({status: 0, stdout: "1\n", stderr: "Invalid number in ZMQ_IO_THREADS, using 1 IO thread.\n"})
  })

  it("rejects bad arguments", () => {
    expect(() => new zmq.Context(-1)).toThrow(/"ioThreads" argument/)
    const context = new zmq.Context()
    expect(() => context.setOpt("x" as unknown as number, 1)).toThrow(/"option" argument/)
    expect(() => context.setOpt(zmq.ZMQ_MAX_SOCKETS, "many" as unknown as number)).toThrow(TypeError)
    expect(() => context.getOpt(12345)).toThrow(expect.objectContaining({code: "EINVAL"}))
    expect(() => socket("pair", {context: {} as zmq.Context})).toThrow(/"context" argument/)
    context.close()
  })
})
