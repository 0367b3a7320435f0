import {constants} from "node:os"

import {describe, expect, it} from "vitest"

import * as zmq from "../src"
import * as draft from "../src/draft"
import {bound, inprocPushPull, text, transports, unavailable} from "./helpers"

const noDraft = zmq.capability.draft ? undefined : "this libzmq has no draft API"

const names = (results: zmq.PollResult[]) => results.map(({socket, readable, writable}) => [socket, readable, writable])

describe("Poller", () => {
  for (const transport of transports) {
    it.skipIf(unavailable(transport))(`waits for whichever socket gets a message first, over ${transport}`, async () => {
      const quiet = new zmq.Pull()
      const busy = new zmq.Pull()
      const push = new zmq.Push()
      await bound(quiet, transport)
      push.connect(await bound(busy, transport))
      const poller = new zmq.Poller().add(quiet).add(busy)

      const polled = poller.poll()
      await push.send("hello")
      expect(names(await polled)).toEqual([[busy, true, false]])
      // Polling took nothing: the message is still there, and receiving it ends readiness.
      expect(names(await poller.poll({timeout: 0}))).toEqual([[busy, true, false]])
      expect(text(await busy.receive())).toEqual(["hello"])
      expect(await poller.poll({timeout: 0})).toEqual([])
      for (const socket of [quiet, busy, push]) socket.close()
    })
  }

  it("drives a receive loop over two streams to the last message of each", async () => {
    // Every poll reads libzmq's readiness, which also consumes the wake-up its fd gives:
    // a lost wake-up would leave this loop waiting for good.
    const count = 20_000
    const pulls = [new zmq.Pull(), new zmq.Pull()]
    const pushes = [new zmq.Push(), new zmq.Push()]
    for (let i = 0; i < 2; i++) pushes[i].connect(await bound(pulls[i], "tcp"))
    const sending = pushes.map(async (push, p) => {
      for (let i = 0; i < count; i++) await push.send(`${p}:${i}`)
    })
    const poller = new zmq.Poller().add(pulls[0]).add(pulls[1])
    const next = [0, 0]
    while (next[0] < count || next[1] < count) {
      for (const {socket} of await poller.poll()) {
        const p = pulls.indexOf(socket as zmq.Pull)
        expect(text(await pulls[p].receive())).toEqual([`${p}:${next[p]++}`])
      }
    }
    await Promise.all(sending)
    for (const socket of [...pulls, ...pushes]) socket.close()
  })

  // Thread-safe draft sockets signal readiness through a zmq_poller instead of ZMQ_FD.
  it.skipIf(noDraft)("polls thread-safe draft sockets", async () => {
    const server = new draft.Server()
    const client = new draft.Client()
    client.connect(await bound(server, "tcp"))
    const poller = new zmq.Poller().add(server).add(client)
    const polled = poller.poll()
    await client.send("ping")
    expect(names(await polled)).toEqual([[server, true, false]])
    const [request, {routingId}] = await server.receive()
    expect(request.toString()).toBe("ping")
    const replied = poller.poll()
    await server.send("pong", {routingId})
    expect(names(await replied)).toEqual([[client, true, false]])
    expect(text(await client.receive())).toEqual(["pong"])
    server.close()
    client.close()
  })

  it("reports every socket ready at the time, in the order they were added", async () => {
    const [pushA, pullA] = await inprocPushPull("poller-order-a")
    const [pushB, pullB] = await inprocPushPull("poller-order-b")
    await pushB.send("b")
    await pushA.send("a")
    const poller = new zmq.Poller().add(pullA).add(pullB).add(pushA, "writable")
    expect(names(await poller.poll())).toEqual([
      [pullA, true, false],
      [pullB, true, false],
      [pushA, false, true],
    ])
    for (const socket of [pushA, pullA, pushB, pullB]) socket.close()
  })

  it("waits for a socket to become writable", async () => {
    // A DEALER socket without peers cannot send; a peer arriving makes it writable.
    const dealer = new zmq.Dealer()
    const router = new zmq.Router()
    const address = await bound(router, "tcp")
    const poller = new zmq.Poller().add(dealer, "both")
    const polled = poller.poll()
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(await poller.poll({timeout: 0})).toEqual([])
    dealer.connect(address)
    expect(names(await polled)).toEqual([[dealer, false, true]])
    dealer.close()
    router.close()
  })

  it("gives a waiting receive() the message first, then reports only what a new receive() would get", async () => {
    const [push, pull] = await inprocPushPull("poller-after-receive")
    const waiting = pull.receive()
    const poller = new zmq.Poller().add(pull)
    await push.send("first")
    expect(text(await waiting)).toEqual(["first"])
    expect(await poller.poll({timeout: 0})).toEqual([])
    const polled = poller.poll()
    await push.send("second")
    expect(names(await polled)).toEqual([[pull, true, false]])
    expect(text(await pull.receive())).toEqual(["second"])
    push.close()
    pull.close()
  })

  // connect(), bind() and the like process libzmq's commands for the socket, which takes
  // the wake-up its descriptor gave for a message that came meanwhile.
  it.each(["connect", "bind", "unbind"] as const)(
    "a waiting poll still sees a message that came just before %s() on the polled socket",
    async (call) => {
      const [push, pull] = await inprocPushPull(`poll-then-${call}`)
      const elsewhere = `inproc://poll-then-${call}-elsewhere`
      if (call === "unbind") await pull.bind(elsewhere)
      await new Promise((resolve) => setTimeout(resolve, 10))
      const polled = new zmq.Poller().add(pull).poll({timeout: 2000})
      const sent = push.send("hello") // libzmq takes it at once, before any turn of the event loop
      // libzmq skips command processing within about a millisecond of the last.
      const start = Date.now()
      while (Date.now() - start < 3);
      if (call === "bind") await pull.bind(elsewhere)
      else pull[call](elsewhere)
      expect(names(await polled)).toEqual([[pull, true, false]])
      await sent
      push.close()
      pull.close()
    },
  )

  it("lets several polls wait on one socket at once", async () => {
    const [push, pull] = await inprocPushPull("poller-concurrent")
    const polls = [new zmq.Poller().add(pull).poll(), new zmq.Poller().add(pull).poll({timeout: 10_000})]
    await push.send("x")
    for (const results of await Promise.all(polls)) expect(names(results)).toEqual([[pull, true, false]])
    push.close()
    pull.close()
  })

  it("resolves with [] when the timeout runs out, and looks only once with timeout 0", async () => {
    const pull = new zmq.Pull()
    const poller = new zmq.Poller().add(pull)
    expect(await poller.poll({timeout: 0})).toEqual([])
    const started = performance.now()
    expect(await poller.poll({timeout: 30})).toEqual([])
    expect(performance.now() - started).toBeGreaterThanOrEqual(25)
    pull.close()
  })

  it("rejects on abort, and when a polled socket is closed before or during the poll", async () => {
    const pull = new zmq.Pull()
    const poller = new zmq.Poller().add(pull)
    const controller = new AbortController()
    const aborted = poller.poll({signal: controller.signal})
    controller.abort()
    await expect(aborted).rejects.toMatchObject({name: "AbortError"})

    const polled = poller.poll()
    pull.close()
    await expect(polled).rejects.toMatchObject({code: "EBADF", message: "Socket is closed"})
    await expect(poller.poll()).rejects.toMatchObject({code: "EBADF"})
    expect(poller.remove(pull)).toBe(true)
    expect(poller.sockets).toEqual([])
  })

  it("rejects bad arguments with errors that name them", async () => {
    const poller = new zmq.Poller()
    const push = new zmq.Push()
    const pull = new zmq.Pull()
    expect(() => poller.add({} as zmq.Pull)).toThrow(new TypeError(`The "socket" argument must be a Socket`))
    expect(() => poller.add(pull, "sideways" as zmq.PollEvents)).toThrow(
      new TypeError(`The "events" argument must be "readable", "writable" or "both"`),
    )
    expect(() => poller.add(push)).toThrow(new TypeError(`A Push socket never receives: it cannot be polled for "readable"`))
    expect(() => poller.add(pull, "both")).toThrow(new TypeError(`A Pull socket never sends: it cannot be polled for "writable"`))
    await expect(poller.poll()).rejects.toThrow("Poller has no sockets and no timeout")
    await expect(poller.poll()).rejects.toMatchObject({code: "EFAULT", errno: constants.errno.EFAULT})
    poller.add(pull)
    await expect(poller.poll({timeout: -5})).rejects.toBeInstanceOf(RangeError)
    await expect(poller.poll({signal: "stop" as unknown as AbortSignal})).rejects.toBeInstanceOf(TypeError)
    push.close()
    pull.close()
  })

  it("serves a broker that reads its front end only while a worker is free", async () => {
    // The classic use of zmq_poll: the back end is always polled, the front end only when
    // a worker has said it is ready, so requests wait in libzmq's queues meanwhile.
    const frontend = new zmq.Router()
    const backend = new zmq.Router()
    const client = new zmq.Dealer()
    const worker = new zmq.Dealer()
    client.connect(await bound(frontend, "inproc"))
    worker.connect(await bound(backend, "inproc"))

    const requests = ["a", "b", "c"]
    for (const request of requests) await client.send(request)
    const serving = (async () => {
      await worker.send("ready")
      for (let i = 0; i < requests.length; i++) {
        const [from, body] = await worker.receive()
        await worker.send([from, body.toString().toUpperCase()])
      }
    })()

    const free: Buffer[] = []
    const poller = new zmq.Poller()
    let answered = 0
    while (answered < requests.length) {
      poller.remove(frontend)
      poller.add(backend)
      if (free.length !== 0) poller.add(frontend)
      for (const {socket} of await poller.poll()) {
        if (socket === backend) {
          const [workerId, ...reply] = await backend.receive()
          free.push(workerId)
          if (reply.length === 2) {
            await frontend.send(reply)
            answered++
          }
        } else if (free.length !== 0) {
          const [clientId, body] = await frontend.receive()
          await backend.send([free.shift()!, clientId, body])
        }
      }
    }
    await serving
    const replies: string[] = []
    for (let i = 0; i < requests.length; i++) replies.push((await client.receive())[0].toString())
    expect(replies).toEqual(["A", "B", "C"])
    for (const socket of [frontend, backend, client, worker]) socket.close()
  })
})
