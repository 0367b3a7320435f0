import path from "node:path"

import {describe, expect, it} from "vitest"

import {Outcome, runToEnd} from "./child-process"

const fixture = path.join(__dirname, "fixtures", "few-descriptors.js")

function withFreeDescriptors(free: number, ioThreads: number): Promise<Outcome> {
  // A low limit keeps filling the table quick; the fixture frees `free` of them.
  return runToEnd("/bin/sh", ["-c", `ulimit -n 128 && exec "${process.execPath}" "${fixture}" ${free} ${ioThreads}`], {timeout: 30_000})
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

  // The count of descriptors needed must not overflow: 2^31-1 threads made it negative
  // (an uncaught C++ exception, abort), 1431655765 wrapped it to a small one (the check
  // passed and libzmq set out to start that many threads).
  it.each([2 ** 31 - 1, 1431655765])("fails with EMFILE for ioThreads %i, more than the limit allows", async (ioThreads) => {
    const outcome = await withFreeDescriptors(20, ioThreads)
    expect(outcome).toMatchObject({code: 0, signal: null, stderr: ""})
    expect(outcome.stdout.trim()).toMatch(/^EMFILE: Too many open files \(.*create socket\)$/)
  })
})
