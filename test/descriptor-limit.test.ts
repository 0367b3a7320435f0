import {spawn} from "node:child_process"
import path from "node:path"

import {describe, expect, it} from "vitest"

const fixture = path.join(__dirname, "fixtures", "few-descriptors.js")

function withFreeDescriptors(free: number, ioThreads: number): Promise<{code: number | null; signal: string | null; stdout: string; stderr: string}> {
  return new Promise((resolve) => {
    // A low limit keeps filling the table quick; the fixture frees `free` of them.
    const command = `ulimit -n 128 && exec "${process.execPath}" "${fixture}" ${free} ${ioThreads}`
    const child = spawn("/bin/sh", ["-c", command], {stdio: ["ignore", "pipe", "pipe"], timeout: 30000})
    let stdout = ""
    let stderr = ""
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()))
    child.on("exit", (code, signal) => resolve({code, signal, stdout, stderr}))
  })
}

// libzmq aborts when a context starts its threads with no descriptor left for their
// pollers; zmq-napi checks first. `ulimit` needs a POSIX shell.
describe.skipIf(process.platform === "win32")("running out of file descriptors (POSIX only: the limit is set with ulimit)", () => {
  it.each([1, 2])("fails with EMFILE instead of aborting, whatever is left (ioThreads %i)", async (ioThreads) => {
    const outcomes: string[] = []
    for (let free = 0; free <= 20; free++) {
      const outcome = await withFreeDescriptors(free, ioThreads)
      expect(outcome, `with ${free} free`).toMatchObject({code: 0, signal: null, stderr: ""})
      outcomes.push(outcome.stdout.trim())
    }
    for (const outcome of outcomes) expect(outcome).toMatch(/^(received|EMFILE: Too many open files \(.+\))$/)
    // Every stage that needs descriptors was reached by some run, and the last got through.
    expect(outcomes.some((outcome) => outcome.endsWith("(create socket)"))).toBe(true)
    expect(outcomes.some((outcome) => outcome.endsWith("(start the readiness thread)"))).toBe(true)
    expect(outcomes[outcomes.length - 1]).toBe("received")
  })
})
