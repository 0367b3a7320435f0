import path from "node:path"
import {setTimeout as sleep} from "node:timers/promises"

import {describe, expect, it} from "vitest"

import {capability, Pull} from "../src"
import "../src/draft"
import {addon} from "../src/native"
import {Outcome, runNode} from "./child-process"
import {bound, Transport, transports, unavailable} from "./helpers"

// Everything a process sent before it exited arrives, however slowly its peer reads. The
// sender (fixtures/send-and-exit.js) sends numbered messages in one sendMany, prints
// "sent", closes its socket and exits; its socket lingers until libzmq wrote every
// message. The libzmq release lost messages in two ways here, both fixed in the libzmq
// zmq-napi builds (so a system libzmq still loses them):
// - scripts/lib/libzmq-hangup-drain.js: a receiver at its high-water mark dropped what
//   the kernel still held once the peer hung up (libzmq issue 4660; over ipc only).
// - scripts/lib/libzmq-linger-flush.js: a closing sender dropped the part of its last
//   write batch the kernel had not taken yet (libzmq issues 1264 and 1922).
const SENDER = path.join(__dirname, "fixtures", "send-and-exit.js")
const networked = transports.filter((transport) => transport !== "inproc")

function skipReason(transport: Transport): string | undefined {
  return unavailable(transport) ?? (addon.bundledLibzmq ? undefined : "a system libzmq loses these messages")
}

/**
 * A PULL that reads 1 KiB from the kernel at a time (a draft option; with its usual
 * 256 KiB it could take all of the sender's data in one read) and holds 10 messages.
 */
function slowPull(options: {receiveTimeout?: number} = {}): Pull {
  const batch = capability.draft ? {inBatchSize: 1024} : {}
  return new Pull({receiveHighWaterMark: 10, receiveBufferSize: 4096, ...batch, ...options})
}

/** Binds a slowPull, starts the sender, waits for `readWhen`, then receives `count` messages. */
async function receiveFromExitingSender(
  transport: Transport,
  [count, size]: [number, number],
  senderArgs: string[],
  readWhen: (sender: {exited: Promise<Outcome>; sent: Promise<void>}) => Promise<unknown>,
): Promise<{received: number[]; sender: Outcome}> {
  const pull = slowPull({receiveTimeout: 2000})
  try {
    const address = await bound(pull, transport)
    let reportSent = () => {}
    const sent = new Promise<void>((resolve) => (reportSent = resolve))
    const exited = runNode(SENDER, [address, String(count), String(size), ...senderArgs], {
      onLine: (line) => line === `sent ${count}` && reportSent(),
    })
    await readWhen({exited, sent})
    const received: number[] = []
    while (received.length < count) {
      const [message] = await pull.receive()
      expect(message.length).toBe(size)
      received.push(message.readUInt32BE(0))
    }
    return {received, sender: await exited}
  } finally {
    pull.close()
  }
}

const indexes = (count: number) => Array.from({length: count}, (_, index) => index)
const exitedCleanly = (count: number) => ({code: 0, signal: null, stdout: `sent ${count}\n`, stderr: ""})

describe.each(networked)("a sender that exits before its receiver read everything, over %s", (transport) => {
  const skip = skipReason(transport)

  it.skipIf(skip !== undefined)(`hangs up with data still queued: all of it arrives${skip ? ` (skipped: ${skip})` : ""}`, async () => {
    // 1,000 messages of 100 B fit the kernel's buffers, so the sender exits before
    // anything is read.
    const {received, sender} = await receiveFromExitingSender(transport, [1000, 100], [], ({exited}) => exited)
    expect(sender).toEqual(exitedCleanly(1000))
    expect(received).toEqual(indexes(1000))
  })

  it.skipIf(skip !== undefined)(`closes with its last write batch still unwritten: it lingers until that is written${skip ? ` (skipped: ${skip})` : ""}`, async () => {
    // The sender's pipe takes all 1,000 messages of 1,000 B at once (its high-water
    // mark), then its end marker at the close. libzmq's write batches (256 messages here)
    // wait for the receiver to read; the last, with the marker, is larger than the room
    // a reader that keeps up leaves in the kernel's buffers (4 KiB over tcp; ipc ignores
    // sendBufferSize, and its socket is writable again once a quarter of 208 KiB is used).
    const options = JSON.stringify({sendBufferSize: 4096, sendHighWaterMark: 10_000})
    const {received, sender} = await receiveFromExitingSender(transport, [1000, 1000], [options], async ({sent}) => {
      await sent
      await sleep(100)
    })
    expect(sender).toEqual(exitedCleanly(1000))
    expect(received).toEqual(indexes(1000))
  })

  it.skipIf(skip !== undefined)(`closes with a finite linger while its receiver stops reading: the linger bounds the wait${skip ? ` (skipped: ${skip})` : ""}`, async () => {
    // As above, but the receiver stops after 800 messages: by then the sender's last
    // batch, with the end marker, is being written, and never will be. Without a bound
    // the sender would wait for it forever.
    const pull = slowPull()
    try {
      const address = await bound(pull, transport)
      const options = JSON.stringify({sendBufferSize: 4096, sendHighWaterMark: 10_000, linger: 300})
      const exited = runNode(SENDER, [address, "1000", "1000", options], {timeout: 10_000})
      for (let index = 0; index < 800; index++) expect((await pull.receive())[0].readUInt32BE(0)).toBe(index)
      expect(await exited).toEqual(exitedCleanly(1000))
    } finally {
      pull.close()
    }
  })
})
