import {spawn} from "node:child_process"
import path from "node:path"

import {describe, expect, it} from "vitest"

import {addon} from "../src/native"

const fixture = path.join(__dirname, "fixtures", "inproc-conflate-pending.js")

function run(scenario: string): Promise<{code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string}> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [fixture, scenario], {stdio: ["ignore", "pipe", "pipe"], timeout: 30000})
    let stdout = ""
    let stderr = ""
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()))
    child.on("exit", (code, signal) => resolve({code, signal, stdout, stderr}))
  })
}

// libzmq itself aborts here (zeromq@6 too); the fix is applied to the libzmq that
// scripts/build-libzmq.js builds, so a system libzmq still has the bug.
describe.skipIf(!addon.bundledLibzmq)("a conflating socket's inproc connection ended before any bind (skipped with a system libzmq, which lacks the fix)", () => {
  it("lets the process exit: the context's termination binds the address", async () => {
    expect(await run("exit")).toEqual({code: 0, signal: null, stdout: "exiting\n", stderr: ""})
  })

  it("lets its context close", async () => {
    expect(await run("close-context")).toEqual({code: 0, signal: null, stdout: "closed\n", stderr: ""})
  })

  it("lets the address be bound, and the next connection delivers", async () => {
    expect(await run("disconnect-then-bind")).toEqual({code: 0, signal: null, stdout: "after the bind\n", stderr: ""})
  })
})
