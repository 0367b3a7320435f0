import {spawn} from "node:child_process"
import path from "node:path"
import {Worker} from "node:worker_threads"

import {describe, expect, it} from "vitest"

import * as zmq from "../src"

const fixtures = path.join(__dirname, "fixtures")

function run(
  args: string[],
  onLine?: (line: string) => void,
  {script = "exit-with-observers.js", nodeArgs = [] as string[], env = process.env} = {},
): Promise<{code: number | null; stdout: string; stderr: string}> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...nodeArgs, path.join(fixtures, script), ...args], {stdio: ["ignore", "pipe", "pipe"], env, timeout: 60000})
    let stdout = ""
    let stderr = ""
    child.stdout.on("data", (chunk: Buffer) => {
      const before = stdout.length
      stdout += chunk.toString()
      const complete = stdout.slice(0, stdout.lastIndexOf("\n") + 1)
      if (onLine && complete.length > before) {
        for (const line of stdout.slice(stdout.lastIndexOf("\n", before - 1) + 1, complete.length).split("\n")) if (line) onLine(line)
      }
    })
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()))
    child.on("exit", (code) => resolve({code, stdout, stderr}))
  })
}

describe("observers and process lifetime", () => {
  it("open sockets with listeners do not keep the process alive; a throwing listener surfaces as uncaught", async () => {
    const outcome = await run([])
    expect(outcome.stderr).toBe("")
    expect(outcome.code).toBe(0)
    const lines = outcome.stdout.split("\n").filter(Boolean).sort()
    expect(lines).toEqual(["bind true", "end after throwing listener", "iterated bind,close,end", "uncaught listener bug"])
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
