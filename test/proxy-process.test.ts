import {spawn} from "node:child_process"
import path from "node:path"
import {Worker} from "node:worker_threads"

import {describe, expect, it} from "vitest"

const script = path.join(__dirname, "fixtures", "proxy-lifetime.js")

function run(mode: string, onLine?: (line: string, pid: number) => void): Promise<{code: number | null; stdout: string; stderr: string}> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script, mode], {stdio: ["ignore", "pipe", "pipe"], timeout: 60000})
    let stdout = ""
    let stderr = ""
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString()
      if (onLine && stdout.endsWith("running\n")) onLine("running", child.pid!)
    })
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()))
    child.on("exit", (code) => resolve({code, stdout, stderr}))
  })
}

describe("proxy and process lifetime", () => {
  it.skipIf(process.platform === "win32")("a running proxy keeps the process alive until terminated", async () => {
    const outcome = await run("signal", (_, pid) => process.kill(pid, "SIGUSR2"))
    expect(outcome).toMatchObject({code: 0, stdout: "running\nended\n", stderr: ""})
  })

  it("process.exit() while a proxy runs exits cleanly", async () => {
    const outcome = await run("exit")
    expect(outcome).toMatchObject({code: 0, stdout: "running\n", stderr: ""})
  })

  it("terminating a worker with a running proxy neither crashes nor hangs", async () => {
    for (let i = 0; i < 3; i++) {
      const worker = new Worker(script, {workerData: {mode: "worker"}})
      expect(await new Promise((resolve) => worker.once("message", resolve))).toBe("running")
      await worker.terminate()
    }
  })
})
