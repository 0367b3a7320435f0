import net from "node:net"

import {describe, expect, it} from "vitest"

import * as zmq from "../src"
import {bound, publishUntilReceived, text, Transport, transports, unavailable} from "./helpers"

describe.each(transports)("socket types over %s", (transport: Transport) => {
  const skip = unavailable(transport)

  it.skipIf(skip)("PAIR carries messages both ways", async () => {
    const a = new zmq.Pair()
    const b = new zmq.Pair()
    b.connect(await bound(a, transport))
    await b.send("ping")
    expect(text(await a.receive())).toEqual(["ping"])
    await a.send(["pong", "2"])
    expect(text(await b.receive())).toEqual(["pong", "2"])
    a.close()
    b.close()
  })

  it.skipIf(skip)("PUB/SUB delivers only subscribed prefixes", async () => {
    const pub = new zmq.Publisher()
    const sub = new zmq.Subscriber()
    sub.connect(await bound(pub, transport))
    sub.subscribe("weather")
    const message = await publishUntilReceived(async () => {
      await pub.send(["sports", "ignored"])
      await pub.send(["weather", "sunny"])
    }, sub.receive())
    expect(text(message)).toEqual(["weather", "sunny"])
    pub.close()
    sub.close()
  })

  it.skipIf(skip)("XPUB/XSUB pass subscriptions up and messages down", async () => {
    const xpub = new zmq.XPublisher()
    const xsub = new zmq.XSubscriber()
    xsub.connect(await bound(xpub, transport))
    await xsub.send(Buffer.concat([Buffer.from([1]), Buffer.from("news")]))
    const [subscription] = await xpub.receive()
    expect(subscription[0]).toBe(1)
    expect(subscription.subarray(1).toString()).toBe("news")
    await xpub.send(["news", "headline"])
    expect(text(await xsub.receive())).toEqual(["news", "headline"])
    xpub.close()
    xsub.close()
  })

  it.skipIf(skip)("REQ/REP alternate request and reply", async () => {
    const rep = new zmq.Reply()
    const req = new zmq.Request()
    req.connect(await bound(rep, transport))
    for (let i = 0; i < 3; i++) {
      await req.send(`question ${i}`)
      const [question] = await rep.receive()
      await rep.send(`answer to ${question}`)
      expect(text(await req.receive())).toEqual([`answer to question ${i}`])
    }
    rep.close()
    req.close()
  })

  it.skipIf(skip)("DEALER/ROUTER route by routing id", async () => {
    const router = new zmq.Router()
    const dealer = new zmq.Dealer({routingId: "dealer-1"})
    dealer.connect(await bound(router, transport))
    await dealer.send("hello")
    const [id, body] = await router.receive()
    expect(id.toString()).toBe("dealer-1")
    expect(body.toString()).toBe("hello")
    await router.send([id, "welcome"])
    expect(text(await dealer.receive())).toEqual(["welcome"])
    router.close()
    dealer.close()
  })

  it.skipIf(skip)("PUSH/PULL pipeline keeps order", async () => {
    const pull = new zmq.Pull()
    const push = new zmq.Push()
    push.connect(await bound(pull, transport))
    const sent = Array.from({length: 1000}, (_, i) => `item ${i}`)
    const sending = Promise.all(sent.map((item) => push.send(item)))
    const received: string[] = []
    for await (const [item] of pull) {
      received.push(item.toString())
      if (received.length === sent.length) break
    }
    await sending
    expect(received).toEqual(sent)
    pull.close()
    push.close()
  })
})

describe("STREAM", () => {
  // libzmq's STREAM socket speaks raw TCP only; it has no ipc or inproc form.
  it("talks to a plain TCP client", async () => {
    const stream = new zmq.Stream()
    await stream.bind("tcp://127.0.0.1:*")
    const port = Number(new URL(stream.lastEndpoint!.replace("tcp://", "http://")).port)
    const client = net.connect(port, "127.0.0.1")
    const [peer, connected] = await stream.receive()
    expect(connected.length).toBe(0) // connect notification
    client.write("raw bytes")
    const [from, data] = await stream.receive()
    expect(from.equals(peer)).toBe(true)
    expect(data.toString()).toBe("raw bytes")
    const reply = new Promise<string>((resolve) => client.once("data", (chunk) => resolve(chunk.toString())))
    await stream.send([peer, "raw reply"])
    expect(await reply).toBe("raw reply")
    client.destroy()
    stream.close()
  })

  // An empty frame is STREAM's disconnect, both ways: sent, it closes that connection;
  // received, it says the peer went away. libzmq completes the close on the socket's
  // thread the next time the socket is used, as a pending receive does.
  it("closes a connection on an empty frame and reports the client's hang-up as one", async () => {
    const stream = new zmq.Stream()
    await stream.bind("tcp://127.0.0.1:*")
    const port = Number(new URL(stream.lastEndpoint!.replace("tcp://", "http://")).port)
    const first = net.connect(port, "127.0.0.1")
    const [firstPeer] = await stream.receive()
    const firstEnded = new Promise<void>((resolve) => first.once("end", resolve))
    first.on("error", () => {})
    const next = stream.receive()
    await stream.send([firstPeer, ""])
    await firstEnded

    // Closed from this side, the first connection is not reported again: the next
    // message is the second client's arrival.
    const second = net.connect(port, "127.0.0.1")
    const [secondPeer, connected] = await next
    expect(connected.length).toBe(0)
    expect(secondPeer.equals(firstPeer)).toBe(false)
    second.end()
    const [from, hungUp] = await stream.receive()
    expect(from.equals(secondPeer)).toBe(true)
    expect(hungUp.length).toBe(0)
    first.destroy()
    second.destroy()
    stream.close()
  })
})
