import {readdirSync} from "node:fs"
import path from "node:path"
import {Worker} from "node:worker_threads"

import {describe, expect, it} from "vitest"

import * as zmq from "../src"

const script = path.join(__dirname, "fixtures", "worker-sockets.js")

function openFileDescriptors(): number | undefined {
  try {
    return readdirSync("/proc/self/fd").length
  } catch {
    return undefined // not Linux
  }
}

describe("worker_threads", () => {
  // Sends queued before the peer came were completed by a later send rather than by the
  // socket's readiness report, which left the socket armed, holding the worker open.
  it("a worker whose queued sends all went exits without closing its socket", async () => {
    const address = "inproc://worker-unclosed-push"
    const count = 108
    const worker = new Worker(path.join(__dirname, "fixtures", "worker-unclosed-push.js"), {workerData: {address, count}})
    const exited = new Promise((resolve) => worker.once("exit", resolve))
    expect(await new Promise((resolve) => worker.once("message", resolve))).toBe("bound")
    const pull = new zmq.Pull()
    pull.connect(address)
    for (let i = 0; i < count; i++) expect((await pull.receive({timeout: 5000}))[0].toString()).toBe(String(i))
    const outcome = await Promise.race([exited, new Promise((resolve) => setTimeout(() => resolve("still running after 5 s"), 5000))])
    if (outcome !== 0) await worker.terminate()
    pull.close()
    expect(outcome).toBe(0)
  })

  it("loads in four workers at once, each talking to the main thread over inproc", async () => {
    const pull = new zmq.Pull()
    const mainAddress = "inproc://main-from-workers"
    await pull.bind(mainAddress)
    const workers = [0, 1, 2, 3].map((id) => new Worker(script, {workerData: {id, mainAddress}}))
    const exits = workers.map((worker) => new Promise((resolve) => worker.once("exit", resolve)))
    const seen = new Map<string, string>()
    while (seen.size < 4) {
      const [id, local] = await pull.receive()
      seen.set(id.toString(), local.toString())
    }
    expect([...seen.entries()].sort()).toEqual([0, 1, 2, 3].map((id) => [String(id), `local ${id}`]))
    expect(await Promise.all(exits)).toEqual([0, 0, 0, 0])
    pull.close()
  })

  it("terminating a worker in the middle of receiving a flood never crashes the process", async () => {
    const push = new zmq.Push({sendHighWaterMark: 100000, linger: 0})
    const mainAddress = "inproc://flood-to-workers"
    await push.bind(mainAddress)
    let stop = false
    const flooding = (async () => {
      while (!stop) {
        await push.sendMany(Array.from({length: 1000}, () => "x"), {timeout: 50}).catch(() => undefined)
        await new Promise((resolve) => setImmediate(resolve))
      }
    })()
    for (let i = 0; i < 10; i++) {
      const worker = new Worker(script, {workerData: {id: 300 + i, mainAddress, mode: "flood"}})
      expect(await new Promise((resolve) => worker.once("message", resolve))).toBe("flowing")
      await worker.terminate()
    }
    stop = true
    await flooding
    push.close()
  })

  it("terminating workers with open sockets and pending receives neither crashes nor leaks", async () => {
    const cycle = async (id: number) => {
      const worker = new Worker(script, {workerData: {id, mode: "pending"}})
      await new Promise((resolve) => worker.once("message", resolve))
      await worker.terminate()
    }
    await cycle(100) // warm-up: first load allocates once-per-process state
    const before = openFileDescriptors()
    for (let i = 0; i < 10; i++) await cycle(i)
    const after = openFileDescriptors()
    if (before !== undefined && after !== undefined) expect(after - before).toBeLessThan(10)
    // The main thread is still fine.
    const pair = [new zmq.Pair(), new zmq.Pair()]
    await pair[0].bind("inproc://after-workers")
    pair[1].connect("inproc://after-workers")
    await pair[1].send("ok")
    expect((await pair[0].receive())[0].toString()).toBe("ok")
    pair.forEach((socket) => socket.close())
  })
})
