// How often a receive asks libzmq for a full batch (src/inbox.ts, #adapt). A batch that
// finds fewer messages than it asked for drained libzmq's pipe, and the sender's next
// message then costs a wake-up, worth some 25 single-message calls. Two loops alternating
// in one thread leave two messages for each receive, so a full batch there drains and
// saves one call: the inbox should try one only rarely. The loops run in a child process
// under plain Node (test/fixtures/alternating-loops.js), which counts the addon's calls.
import path from "node:path"

import {describe, expect, it} from "vitest"

import {runNode} from "./child-process"

const MESSAGES = 400_000

describe("receive batching", () => {
  it("rarely tries a full batch while two loops in one thread alternate, and loses nothing", async () => {
    const outcome = await runNode(path.join(__dirname, "fixtures", "alternating-loops.js"), [String(MESSAGES)])
    expect(outcome.stderr).toBe("")
    expect(outcome.code).toBe(0)
    const {received, calls, fullBatchTries} = JSON.parse(outcome.stdout)
    expect(received).toBe(MESSAGES)
    // Messages mostly come one at a time (a call per message alone; about one per three
    // with other processes taking the CPU), and a full batch is tried at most once per
    // 128 of them: about once per 250 here. Counting a try that found two messages as
    // worth its wake-up made it once per 15 to 64, with or without that load.
    expect(calls).toBeGreaterThan(MESSAGES / 8)
    expect(fullBatchTries).toBeLessThan(MESSAGES / 128)
  })
})
