// The libzmq zmq-napi builds checks a command mailbox without a system call when nothing
// was sent to it, and reads a pending signal without polling for it first
// (scripts/lib/libzmq-mailbox-check.js). Every check zmq-napi makes takes that path, so
// the whole suite shows that commands are still processed. What it would not show is a
// signal left unread: the mailbox's eventfd would stay readable, and libzmq's I/O thread
// and the readiness thread would wake on it again and again. So these tests cause many
// commands (peers connecting and leaving, waits at the high-water mark, traffic both
// ways), then leave the sockets idle with a receive pending and check that the process
// uses next to no CPU. A build that read such commands without their signal used two
// full cores here.
import {setTimeout as sleep} from "node:timers/promises"

import {describe, expect, it} from "vitest"

import * as zmq from "../src"
import {bound, type Transport, transports, unavailable} from "./helpers"

const MESSAGES = 2000
const SETTLE_MS = 200
const IDLE_MS = 500
// Idle sockets used well under 1 ms of CPU in IDLE_MS; one spinning thread uses IDLE_MS.
const IDLE_CPU_LIMIT_MS = IDLE_MS / 5

/** CPU time (user and system, all threads of this process) spent while `ms` pass. */
async function cpuMsDuring(ms: number): Promise<number> {
  const before = process.cpuUsage()
  await sleep(ms)
  const used = process.cpuUsage(before)
  return (used.user + used.system) / 1000
}

/** Sends MESSAGES from `push` while `pull` receives them all; small high-water marks make both wait. */
async function exchange(push: zmq.Push, pull: zmq.Pull): Promise<void> {
  const received = (async () => {
    let count = 0
    for await (const [frame] of pull) {
      expect(frame.length).toBe(16)
      if (++count === MESSAGES) break
    }
  })()
  const frame = Buffer.alloc(16, 7)
  for (let i = 0; i < MESSAGES; i++) await push.send(frame)
  await received
}

describe.each(transports)("command mailboxes over %s", (transport: Transport) => {
  it.skipIf(unavailable(transport))("leave no signal unread: idle sockets use next to no CPU after many commands", async () => {
    const pull = new zmq.Pull({receiveHighWaterMark: 10})
    const address = await bound(pull, transport)
    const pushes: zmq.Push[] = []
    const router = new zmq.Router()
    const dealer = new zmq.Dealer()
    try {
      // Peers come and go: each connection and each ending pipe is a command.
      for (let round = 0; round < 3; round++) {
        const push = new zmq.Push({sendHighWaterMark: 10})
        push.connect(address)
        pushes.push(push)
        await exchange(push, pull)
        if (round < 2) push.close()
      }
      // Requests and answers, so that both ends' pipes fall asleep and are woken.
      const routerAddress = await bound(router, transport)
      dealer.connect(routerAddress)
      for (let i = 0; i < 200; i++) {
        await dealer.send(`request ${i}`)
        const [identity, request] = await router.receive()
        await router.send([identity, request])
        const [answer] = await dealer.receive()
        expect(answer.toString()).toBe(`request ${i}`)
      }

      const pending = pull.receive()
      pending.catch(() => undefined)
      await sleep(SETTLE_MS)
      expect(await cpuMsDuring(IDLE_MS)).toBeLessThan(IDLE_CPU_LIMIT_MS)
    } finally {
      for (const socket of [pull, router, dealer, ...pushes]) socket.close()
    }
  })
})
