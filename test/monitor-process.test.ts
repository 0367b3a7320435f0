import {ChildProcess} from "node:child_process"
import path from "node:path"
import {Worker} from "node:worker_threads"

import {describe, expect, it} from "vitest"

import * as zmq from "../src"
import {Outcome, runNode} from "./child-process"

const fixtures = path.join(__dirname, "fixtures")

function run(
  args: string[],
  onLine?: (line: string, child: ChildProcess) => void,
  {script = "exit-with-observers.js", nodeArgs = [] as string[], env = process.env, timeout = undefined as number | undefined} = {},
): Promise<Outcome> {
  return runNode(path.join(fixtures, script), args, {nodeArgs, env, timeout, onLine: onLine && ((line, child) => line && onLine(line, child))})
}

describe("observers and process lifetime", () => {
  it("open sockets with listeners do not keep the process alive; a throwing listener surfaces as uncaught", async () => {
    const outcome = await run([])
    expect(outcome.stderr).toBe("")
    expect(outcome.code).toBe(0)
    const lines = outcome.stdout.split("\n").filter(Boolean).sort()
    expect(lines).toEqual(["bind true", "end after throwing listener", "iterated bind,close,end", "uncaught listener bug"])
  })

  it("an observer kept waiting for a closed socket's end by its linger says so once", async () => {
    // linger -1 and a message nobody takes: the end never comes, and the process waits.
    let warnings = 0
    const outcome = await run(["-1"], (line, child) => {
      if (line === "warning ZMQ_NAPI_OBSERVER_WAITING_FOR_LINGER" && ++warnings === 1) setTimeout(() => child.kill(), 1500)
    }, {script: "observer-lingering.js"})
    expect(outcome.signal).toBe("SIGTERM")
    expect(warnings).toBe(1)
    expect(outcome.stderr).toContain("Set the socket's linger to bound the wait")
    // A linger that ends the wait first: no warning, and the events end.
    const bounded = await run(["200"], undefined, {script: "observer-lingering.js"})
    expect(bounded).toMatchObject({code: 0, signal: null, stderr: ""})
    expect(bounded.stdout).toMatch(/end\nevents ended\n$/)
  })

  it("a pending events.receive() keeps the process alive until its event arrives", async () => {
    const dealer = new zmq.Dealer({linger: 0})
    const outcome = await run(["pending"], (line) => {
      const match = /^waiting (.*)$/.exec(line)
      if (match) dealer.connect(match[1])
    })
    dealer.close()
    expect(outcome.stderr).toBe("")
    expect(outcome.code).toBe(0)
    expect(outcome.stdout).toContain("received accept")
  })

  it.each(["pub", "pair"])("a socket closed with an inproc connection nobody bound lets the process exit (monitor over %s)", async (mode) => {
    const env = {...process.env, ZMQ_NAPI_TEST_MONITOR_OVER_PAIR: mode === "pair" ? "1" : "0"}
    const outcome = await run([], undefined, {script: "observer-inproc-waiting.js", env})
    expect(outcome).toMatchObject({code: 0, signal: null, stdout: "closed\n", stderr: ""})
    // Once the address is bound, libzmq finishes with the socket and the events end.
    const bound = await run(["bind-later"], undefined, {script: "observer-inproc-waiting.js", env})
    expect(bound).toMatchObject({code: 0, signal: null, stdout: "closed\nevents ended: end\n", stderr: ""})
  })

  it("the same when a socket that had bound the address closed before the connection", async () => {
    const outcome = await run(["binder-closed"], undefined, {script: "observer-inproc-waiting.js"})
    expect(outcome).toMatchObject({code: 0, signal: null, stdout: "closed\n", stderr: ""})
  })

  // libzmq's disconnect() of an address the socket bound over inproc unbinds it.
  it("the same when the socket that bound the address disconnect()ed it", async () => {
    const outcome = await run(["binder-disconnected"], undefined, {script: "observer-inproc-waiting.js", timeout: 10_000})
    expect(outcome).toMatchObject({code: 0, signal: null, stdout: "closed\n", stderr: ""})
  })

  it.skipIf(!zmq.capability.draft)("the same for a draft PEER that connected with connectPeer()", async () => {
    const outcome = await run(["peer"], undefined, {script: "observer-inproc-waiting.js"})
    expect(outcome).toMatchObject({code: 0, signal: null, stdout: "closed\n", stderr: ""})
    const bound = await run(["bind-later", "peer"], undefined, {script: "observer-inproc-waiting.js"})
    expect(bound).toMatchObject({code: 0, signal: null, stdout: "closed\nevents ended: end\n", stderr: ""})
  })

  it.each(["pub", "pair"])("observed sockets dropped without close() are reaped (monitor over %s)", async (mode) => {
    const env = {...process.env, ZMQ_NAPI_TEST_MONITOR_OVER_PAIR: mode === "pair" ? "1" : "0"}
    const outcome = await run([], undefined, {script: "gc-observed.js", nodeArgs: ["--expose-gc"], env})
    expect(outcome).toMatchObject({code: 0, stdout: "collected 6\n", stderr: ""})
  })

  it("terminating a worker with observers in every state neither crashes nor hangs", async () => {
    for (let i = 0; i < 3; i++) {
      const worker = new Worker(path.join(fixtures, "worker-sockets.js"), {workerData: {id: 200 + i, mode: "observers"}})
      expect(await new Promise((resolve) => worker.once("message", resolve))).toBe("observing")
      await worker.terminate()
    }
  })
})
