import {spawn} from "node:child_process"
import path from "node:path"

import {describe, expect, it} from "vitest"

import {socket} from "./helpers"

interface Outcome {
  code: number | null
  stdout: string
  stderr: string
}

/** Runs the fixture; when it says it is waiting, `onWaiting` gets its endpoint. */
function run(mode: string, onWaiting?: (endpoint: string) => void): Promise<Outcome> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(__dirname, "fixtures", "keep-alive.js"), mode], {stdio: ["ignore", "pipe", "pipe"], timeout: 60000})
    let stdout = ""
    let stderr = ""
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString()
      const match = /^waiting (.*)$/m.exec(stdout)
      if (match && onWaiting) {
        onWaiting(match[1])
        onWaiting = undefined
      }
    })
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()))
    child.on("exit", (code) => resolve({code, stdout, stderr}))
  })
}

describe("compat ref/unref", () => {
  it("an open socket waiting for messages keeps the process alive until it gets one", async () => {
    const push = socket("push")
    const outcome = await run("default", (endpoint) => push.connect(endpoint).send("hello"))
    expect(outcome).toMatchObject({code: 0, stderr: ""})
    expect(outcome.stdout).toContain("received hello")
  })

  it("unref() lets the process exit while the socket still waits", async () => {
    const outcome = await run("unref")
    expect(outcome).toMatchObject({code: 0, stderr: ""})
    expect(outcome.stdout).toMatch(/^waiting tcp:\/\/127\.0\.0\.1:\d+\n$/)
  })

  it("ref() after unref() keeps it alive again", async () => {
    const push = socket("push")
    const outcome = await run("unref-then-ref", (endpoint) => push.connect(endpoint).send("again"))
    expect(outcome).toMatchObject({code: 0, stderr: ""})
    expect(outcome.stdout).toContain("received again")
  })
})
