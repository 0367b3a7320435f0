import {createSocket} from "node:dgram"
import {readFileSync} from "node:fs"

import {describe, expect, it} from "vitest"

import * as zmq from "../src"
import * as draft from "../src/draft"
import {bound, publishUntilReceived, Transport, unavailable} from "./helpers"

const noDraft = zmq.capability.draft ? undefined : "this libzmq has no draft API"

/** A UDP port that was free a moment ago (libzmq's udp transport cannot pick one itself). */
async function freeUdpPort(): Promise<number> {
  const probe = createSocket("udp4")
  await new Promise<void>((resolve) => probe.bind(0, "127.0.0.1", resolve))
  const {port} = probe.address()
  await new Promise<void>((resolve) => probe.close(() => resolve()))
  return port
}

describe.skipIf(noDraft).each(["tcp", "ipc", "inproc"] as Transport[])("draft sockets over %s", (transport) => {
  const skip = unavailable(transport)

  it.skipIf(skip)("SERVER/CLIENT reply by routing id", async () => {
    const server = new draft.Server()
    const client = new draft.Client()
    client.connect(await bound(server, transport))
    await client.send("hello")
    const [message, {routingId}] = await server.receive()
    expect(message.toString()).toBe("hello")
    expect(routingId).toBeGreaterThan(0)
    await server.send("hi back", {routingId})
    const [reply] = await client.receive()
    expect(reply.toString()).toBe("hi back")
    server.close()
    client.close()
  })

  it.skipIf(skip)("SCATTER/GATHER carry single frames in order", async () => {
    const gather = new draft.Gather()
    const scatter = new draft.Scatter()
    scatter.connect(await bound(gather, transport))
    const sends = ["a", "b", "c"].map((item) => scatter.send(item))
    const received: string[] = []
    for await (const [item] of gather) {
      received.push(item.toString())
      if (received.length === 3) break
    }
    await Promise.all(sends)
    expect(received).toEqual(["a", "b", "c"])
    gather.close()
    scatter.close()
  })

  it.skipIf(skip)("PEER addresses the connected peer by the id connectPeer returned", async () => {
    const a = new draft.Peer()
    const b = new draft.Peer()
    const toA = b.connectPeer(await bound(a, transport))
    await b.send("from b", {routingId: toA})
    const [message, {routingId: toB}] = await a.receive()
    expect(message.toString()).toBe("from b")
    await a.send("from a", {routingId: toB})
    const [reply, from] = await b.receive()
    expect(reply.toString()).toBe("from a")
    expect(from.routingId).toBe(toA)
    a.close()
    b.close()
  })

  it.skipIf(skip)("CHANNEL works like a thread-safe PAIR", async () => {
    const a = new draft.Channel()
    const b = new draft.Channel()
    b.connect(await bound(a, transport))
    await b.send("ping")
    expect((await a.receive())[0].toString()).toBe("ping")
    await a.send("pong")
    expect((await b.receive())[0].toString()).toBe("pong")
    a.close()
    b.close()
  })
})

describe.skipIf(noDraft)("RADIO/DISH", () => {
  for (const transport of ["tcp", "inproc", "udp"] as const) {
    it(`delivers joined groups only, over ${transport}`, async () => {
      const dish = new draft.Dish()
      const radio = new draft.Radio()
      let address: string
      if (transport === "udp") {
        address = `udp://127.0.0.1:${await freeUdpPort()}`
        await dish.bind(address)
      } else {
        address = await bound(dish, transport)
      }
      radio.connect(address)
      dish.join("weather", Buffer.from("sports"))
      dish.leave("sports")
      const [message, {group}] = await publishUntilReceived(async () => {
        await radio.send("goal", {group: "sports"})
        await radio.send("rain", {group: "weather"})
      }, dish.receive())
      expect(message.toString()).toBe("rain")
      expect(group.toString()).toBe("weather")
      dish.close()
      radio.close()
    })
  }

  it("rejects bad groups", async () => {
    const dish = new draft.Dish()
    const radio = new draft.Radio()
    expect(() => dish.join(5 as never)).toThrow(/groups\[0\]/)
    expect(() => dish.join()).toThrow(/"groups" argument/)
    expect(() => dish.leave()).toThrow(/"groups" argument/)
    // libzmq would truncate these silently.
    await expect(radio.send("x", {group: "g".repeat(256)})).rejects.toThrow(RangeError)
    await expect(radio.send("x", {group: "a\0b"})).rejects.toThrow(/NUL/)
    expect(() => dish.join("g".repeat(256))).toThrow(RangeError)
    await expect((radio.send as (message: unknown) => Promise<void>)("x")).rejects.toThrow(/options.group/)
    dish.close()
    radio.close()
  })
})

describe.skipIf(noDraft)("DGRAM", () => {
  it("sends datagrams to an address and receives them with the sender's", async () => {
    const port = await freeUdpPort()
    const receiver = new draft.Datagram()
    await receiver.bind(`udp://127.0.0.1:${port}`)
    const sender = new draft.Datagram()
    await sender.bind(`udp://127.0.0.1:${await freeUdpPort()}`)
    await sender.send([`127.0.0.1:${port}`, "datagram"])
    const [from, data] = await receiver.receive()
    // libzmq's address frame is NUL-terminated text.
    expect(from.toString()).toMatch(/^127\.0\.0\.1:\d+\0?$/)
    expect(data.toString()).toBe("datagram")
    receiver.close()
    sender.close()
  })

  // libzmq took the first two frames of a three-frame message and refused the third, so
  // the next send became that message's body; a bad address was dropped without a word.
  it("refuses a message that is not [address, body], or whose address is not IPv4:port, and sends nothing of it", async () => {
    const port = await freeUdpPort()
    const receiver = new draft.Datagram()
    await receiver.bind(`udp://127.0.0.1:${port}`)
    const sender = new draft.Datagram()
    await sender.bind(`udp://127.0.0.1:${await freeUdpPort()}`)
    const to = `127.0.0.1:${port}`
    await expect(sender.send([to, "body", "extra"] as never)).rejects.toThrow("A Datagram message must be two frames, [address, body], not 3")
    await expect(sender.send("alone" as never)).rejects.toThrow(TypeError)
    for (const address of ["localhost:5555", "127.0.0.1", "127.0.0.1:0", "127.0.0.1:65536", "127.0.0.1:*"]) {
      await expect(sender.send([address, "body"])).rejects.toThrow(`must be "IPv4 address:port", such as "127.0.0.1:5555", not "${address}"`)
    }
    await expect(sender.sendMany([[to, "first"], ["nowhere", "second"]])).rejects.toMatchObject({name: "RangeError", sent: 1})
    await sender.send([to, "last"])
    const [from, first] = await receiver.receive()
    expect([first.toString(), (await receiver.receive())[1].toString()]).toEqual(["first", "last"])
    await expect(receiver.receive({timeout: 100})).rejects.toMatchObject({code: "EAGAIN"})
    // The received address frame, NUL-terminated as libzmq writes it, addresses a reply.
    await receiver.send([from, "reply"])
    expect((await sender.receive())[1].toString()).toBe("reply")
    receiver.close()
    sender.close()
  })
})

describe.skipIf(noDraft)("draft options and errors", () => {
  it("a multipart message to a thread-safe type is a TypeError saying why (libzmq's EINVAL did not)", async () => {
    const client = new draft.Client()
    const radio = new draft.Radio()
    const why = "This socket type sends messages of one frame (libzmq's thread-safe draft types have no multipart messages), not 2"
    await expect(client.send(["a", "b"] as never)).rejects.toThrow(why)
    await expect(radio.send(["a", "b"] as never, {group: "g"})).rejects.toThrow(why)
    await expect(client.sendMany([["a", "b"]] as never)).rejects.toThrow(TypeError)
    client.close()
    radio.close()
  })

  it("joining a group twice, or leaving one never joined, says so", () => {
    const dish = new draft.Dish()
    expect(() => dish.leave("news")).toThrow(expect.objectContaining({code: "EINVAL", message: "Invalid argument (leave news): this socket has not joined that group"}))
    dish.join("news")
    expect(() => dish.join("news")).toThrow("Invalid argument (join news): this socket has already joined that group")
    dish.leave("news")
    dish.close()
  })

  // libzmq accepted 1 and its I/O thread then crashed in the handshake.
  it("inBatchSize 1 is a RangeError; 2 works", async () => {
    expect(() => new draft.Server({inBatchSize: 1})).toThrow(RangeError)
    const router = new zmq.Router({inBatchSize: 2, linger: 0})
    await router.bind("tcp://127.0.0.1:*")
    const dealer = new zmq.Dealer({linger: 0})
    dealer.connect(router.lastEndpoint!)
    await dealer.send("through a 2-byte batch")
    const [, message] = await router.receive()
    expect(message.toString()).toBe("through a 2-byte batch")
    router.close()
    dealer.close()
  })

  // Starting a thread on no usable CPU aborts in libzmq; sched_getaffinity is Linux's.
  it.skipIf(process.platform !== "linux")("threadAffinityCpuAdd refuses a CPU this process may not run on (Linux only)", () => {
    const context = new zmq.Context()
    expect(() => (context.threadAffinityCpuAdd = 100_000)).toThrow(RangeError)
    expect(() => (context.threadAffinityCpuAdd = 100_000)).toThrow(/threadAffinityCpuAdd/)
    // The first CPU in this process's list, e.g. "Cpus_allowed_list:\t0-1".
    const allowed = /^Cpus_allowed_list:\s*(\d+)/m.exec(readFileSync("/proc/self/status", "utf8"))!
    context.threadAffinityCpuAdd = Number(allowed[1])
    new zmq.Pair({context}).close()
    context.close()
  })

  // docs/proxy.md: libzmq reads any frame starting with 0 or 1 as an (un)subscription.
  it.each([false, true])("upstream multipart messages keep their frames with onlyFirstSubscribe (%s)", async (onlyFirst) => {
    const publisher = new zmq.XPublisher({linger: 0, onlyFirstSubscribe: onlyFirst})
    await publisher.bind("inproc://only-first-" + onlyFirst)
    const subscriber = new zmq.XSubscriber({linger: 0, onlyFirstSubscribe: onlyFirst})
    subscriber.connect("inproc://only-first-" + onlyFirst)
    await subscriber.send(["data", Buffer.from([1, 120]), "end"])
    await subscriber.send(["next", Buffer.from([0, 121])])
    await subscriber.send("third")
    const received = []
    for (let i = 0; i < 3; i++) received.push((await publisher.receive()).map((frame) => frame.toString("latin1")))
    const sent = [["data", "\u0001x", "end"], ["next", "\u0000y"], ["third"]]
    if (onlyFirst) expect(received).toEqual(sent)
    // Without it the subscribe frame ends its message and the unknown unsubscribe is dropped.
    else expect(received).toEqual([["data", "\u0001x"], ["end"], ["next", "third"]])
    publisher.close()
    subscriber.close()
  })

  it("SERVER sends need a routing id", async () => {
    const server = new draft.Server()
    await expect((server.send as (message: unknown) => Promise<void>)("x")).rejects.toThrow(/routingId/)
    await expect(server.send("x", {routingId: 0})).rejects.toThrow(RangeError)
    await expect(server.send("x", {routingId: "1" as never})).rejects.toThrow(TypeError)
    await expect(server.send("x", {routingId: 12345})).rejects.toMatchObject({code: "EHOSTUNREACH"})
    server.close()
  })

  it("a ROUTER hello message reaches each new peer, and notify reports connects", async () => {
    const router = new zmq.Router({helloMessage: "welcome", notify: draft.RouterNotify.Connect})
    const address = await bound(router, "tcp")
    const dealer = new zmq.Dealer({routingId: "d"})
    dealer.connect(address)
    expect((await dealer.receive())[0].toString()).toBe("welcome")
    const [id, empty] = await router.receive()
    expect(id.toString()).toBe("d")
    expect(empty.length).toBe(0)
    expect(router.notify).toBe(draft.RouterNotify.Connect)
    router.close()
    dealer.close()
  })

  it("sockets batch kernel reads and writes in 256 KiB, unless told otherwise", () => {
    const push = new zmq.Push()
    expect([push.inBatchSize, push.outBatchSize]).toEqual([256 * 1024, 256 * 1024])
    const pull = new zmq.Pull({inBatchSize: 8192, outBatchSize: 8192})
    expect([pull.inBatchSize, pull.outBatchSize]).toEqual([8192, 8192])
    push.close()
    pull.close()
  })

  it("draft options round-trip", () => {
    const dealer = new zmq.Dealer({reconnectStop: draft.ReconnectStop.ConnectionRefused})
    expect(dealer.reconnectStop).toBe(draft.ReconnectStop.ConnectionRefused)
    const xpub = new zmq.XPublisher({onlyFirstSubscribe: true})
    expect(xpub.onlyFirstSubscribe).toBe(true)
    expect(new zmq.Context().messageSize).toBeGreaterThan(0)
    dealer.close()
    xpub.close()
  })
})
