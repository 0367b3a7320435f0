import {describe, expect, it} from "vitest"

import * as zmq from "../src"
import {addon} from "../src/native"

// docs/performance.md, "Copying rules": received frames are copied below 1 MiB and handed
// over from 1 MiB, whatever the transport.
describe("received frames handed over without a copy", () => {
  // Every frame stays referenced to the end, so no finalizer changes the count meanwhile.
  const kept: Buffer[] = []

  /** How many bytes of the received frame were handed over rather than copied. */
  async function handedOver(bind: (pull: zmq.Pull) => Promise<string>, size: number): Promise<number> {
    const pull = new zmq.Pull()
    const push = new zmq.Push()
    push.connect(await bind(pull))
    await push.send(Buffer.alloc(size, 7))
    const before = addon.handedOverBytes()
    const [frame] = await pull.receive()
    const bytes = addon.handedOverBytes() - before
    kept.push(frame)
    expect(frame.length).toBe(size)
    expect(frame.every((byte) => byte === 7)).toBe(true)
    push.close()
    pull.close()
    return bytes
  }

  // A new name each time: a closed socket's inproc address is released a moment later.
  let binds = 0
  const inproc = async (pull: zmq.Pull) => {
    const address = `inproc://handover-rule-${binds++}`
    await pull.bind(address)
    return address
  }
  const tcp = async (pull: zmq.Pull) => {
    await pull.bind("tcp://127.0.0.1:*")
    return pull.lastEndpoint!
  }

  it.each([
    ["inproc", inproc],
    ["tcp", tcp],
  ])("over %s: copied below 1 MiB, handed over from 1 MiB", async (_, bind) => {
    const sizes = [64 * 1024, 1024 * 1024 - 1, 1024 * 1024]
    const handed: number[] = []
    for (const size of sizes) handed.push(await handedOver(bind, size))
    expect(handed).toEqual([0, 0, 1024 * 1024])
  })
})
