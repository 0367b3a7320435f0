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

  // libzmq's proxy sent each message with a blocking send, to its destination and to its
  // capture socket, so a socket that filled up held its thread where no command reached it.
  it.each([
    ["destination-idle", "terminate", "forwarded some"],
    ["destination-gone", "terminate", "forwarded some"],
    ["capture-unread", "terminate", "forwarded none"],
    ["capture-full", "terminate", "forwarded some"],
    ["capture-unread", "close-socket", "forwarded none"],
    ["capture-full", "close-context", "forwarded some"],
  ])("a proxy whose %s answers statistics and ends on %s", async (blocked, ending, forwarded) => {
    const outcome = await runNode(path.join(__dirname, "fixtures", "proxy-blocked.js"), [blocked, ending], {timeout: 20_000})
    expect(outcome).toMatchObject({code: 0, stdout: `${forwarded}\nended\n`, stderr: ""})
  })

  // The proxy answers STATISTICS with blocking sends; with the replies' queue limited, a
  // JS thread waiting in close() (reading none) left the proxy short of its TERMINATE.
  it("a proxy with thousands of unread statistics replies still ends when a socket closes", async () => {
    const script = path.join(__dirname, "fixtures", "proxy-statistics-unread.js")
    const outcome = await runNode(script, ["5000"], {timeout: 20_000})
    expect(outcome).toMatchObject({code: 0, stdout: "5000 of 5000 answered\n", stderr: ""})
  })

  it("terminating a worker with a running proxy neither crashes nor hangs", async () => {
    for (let i = 0; i < 3; i++) {
      const worker = new Worker(script, {workerData: {mode: "worker"}})
      expect(await new Promise((resolve) => worker.once("message", resolve))).toBe("running")
      await worker.terminate()
    }
  })
})
