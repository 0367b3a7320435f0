import path from "node:path"

import {describe, expect, it} from "vitest"

import {Outcome, runNode} from "../child-process"
import {socket} from "./helpers"

/** Runs the fixture; when it says it is waiting, `onWaiting` gets its endpoint. */
function run(mode: string, onWaiting?: (endpoint: string) => void): Promise<Outcome> {
  return runNode(path.join(__dirname, "fixtures", "keep-alive.js"), [mode], {
    onLine: (line) => {
      const match = /^waiting (.*)$/.exec(line)
      if (match && onWaiting) {
        onWaiting(match[1])
        onWaiting = undefined
      }
    },
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

  it("a socket() whose options fail is closed, not left keeping the process alive", async () => {
    const outcome = await runNode(path.join(__dirname, "fixtures", "failed-options.js"), [], {timeout: 10_000})
    expect(outcome).toEqual({code: 0, signal: null, stdout: 'threw: Option "linger" must be a number\n', stderr: ""})
  })
})
