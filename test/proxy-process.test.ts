import path from "node:path"
import {Worker} from "node:worker_threads"

import {describe, expect, it} from "vitest"

import {Outcome, runNode} from "./child-process"

const script = path.join(__dirname, "fixtures", "proxy-lifetime.js")

function run(mode: string, onRunning?: (pid: number) => void): Promise<Outcome> {
  return runNode(script, [mode], {onLine: (line, child) => line === "running" && onRunning?.(child.pid!)})
}

describe("proxy and process lifetime", () => {
  it.skipIf(process.platform === "win32")("a running proxy keeps the process alive until terminated", async () => {
    const outcome = await run("signal", (pid) => process.kill(pid, "SIGUSR2"))
    expect(outcome).toMatchObject({code: 0, stdout: "running\nended\n", stderr: ""})
  })

  it("process.exit() while a proxy runs exits cleanly", async () => {
    const outcome = await run("exit")
    expect(outcome).toMatchObject({code: 0, stdout: "running\n", stderr: ""})
  })

  // libzmq's proxy sent each message of a burst with a blocking send, so a destination
  // that filled up mid-burst held its thread where terminate() never reached it.
  it.each(["reader-idle", "reader-gone"])("terminate() ends a proxy whose destination is full (%s)", async (ending) => {
    const outcome = await runNode(path.join(__dirname, "fixtures", "proxy-full-destination.js"), [ending])
    expect(outcome).toMatchObject({code: 0, stdout: "ended\n", stderr: ""})
  })

  it("terminating a worker with a running proxy neither crashes nor hangs", async () => {
    for (let i = 0; i < 3; i++) {
      const worker = new Worker(script, {workerData: {mode: "worker"}})
      expect(await new Promise((resolve) => worker.once("message", resolve))).toBe("running")
      await worker.terminate()
    }
  })
})
