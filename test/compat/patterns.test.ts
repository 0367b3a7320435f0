import net from "node:net"

import {describe, expect, it} from "vitest"

import {Transport, transports, unavailable} from "../helpers"
import {bindSync, message, messages, sendUntil, socket} from "./helpers"

describe.each(transports)("compat socket patterns over %s", (transport: Transport) => {
  const skip = unavailable(transport)

  it.skipIf(skip)("pub/sub: subscribers get the prefixes they asked for, frames as arguments", async () => {
    const pub = socket("pub")
    const sub = socket("sub")
    sub.subscribe("kitty cats")
    sub.connect(bindSync(pub, transport))
    const received = message(sub)
    await sendUntil(() => {
      pub.send(["dogs", "woof"])
      pub.send(["kitty cats", "meow!"])
    }, received)
    expect(await received).toEqual(["kitty cats", "meow!"])
  })

  it.skipIf(skip)("push/pull: work is shared out round-robin between workers", async () => {
    const workers = [socket("pull"), socket("pull")]
    const push = socket("push")
    // Connecting creates each pipe at once, so the round-robin covers both workers.
    for (const worker of workers) push.connect(bindSync(worker, transport))
    const done = workers.map((worker) => messages(worker, 2))
    for (let i = 0; i < 4; i++) push.send(`task ${i}`)
    expect(await Promise.all(done)).toEqual([
      [["task 0"], ["task 2"]],
      [["task 1"], ["task 3"]],
    ])
  })

  it.skipIf(skip)("req/rep: requests and replies alternate", async () => {
    const rep = socket("rep")
    const req = socket("req")
    req.connect(bindSync(rep, transport))
    rep.on("message", (request: Buffer) => rep.send(["reply to", request]))
    const reply = message(req)
    req.send("hello")
    expect(await reply).toEqual(["reply to", "hello"])
  })

  it.skipIf(skip)("router/dealer: the router sees the dealer's identity and can address it", async () => {
    const router = socket("router")
    const dealer = socket("dealer", {identity: "d1"})
    dealer.connect(bindSync(router, transport))
    router.on("message", (identity: Buffer, body: Buffer) => router.send([identity, `echo ${body}`]))
    const reply = message(dealer)
    dealer.send("ping")
    expect(await reply).toEqual(["echo ping"])
  })

  it.skipIf(skip)("xrep/xreq: the old names for router/dealer", async () => {
    const router = socket("xrep")
    const dealer = socket("xreq")
    dealer.identity = "old"
    dealer.connect(bindSync(router, transport))
    const received = message(router)
    dealer.send("legacy")
    expect(await received).toEqual(["old", "legacy"])
  })

  it.skipIf(skip)("pair: both directions", async () => {
    const a = socket("pair")
    const b = socket("pair")
    b.connect(bindSync(a, transport))
    const atA = message(a)
    b.send("to a")
    expect(await atA).toEqual(["to a"])
    const atB = message(b)
    a.send(["to", "b"])
    expect(await atB).toEqual(["to", "b"])
  })

  it.skipIf(skip)("xpub/xsub: subscriptions travel up as messages, data comes down", async () => {
    const xpub = socket("xpub")
    const xsub = socket("xsub")
    xsub.connect(bindSync(xpub, transport))
    const subscription = new Promise<Buffer>((resolve) => xpub.once("message", resolve))
    xsub.send(Buffer.concat([Buffer.from([1]), Buffer.from("news")]))
    const frame = await subscription
    expect(frame[0]).toBe(1)
    expect(frame.subarray(1).toString()).toBe("news")
    const data = message(xsub)
    xpub.send(["news", "headline"])
    expect(await data).toEqual(["news", "headline"])
  })
})

describe("compat stream sockets", () => {
  it("talk raw TCP: [routing id, data] per message", async () => {
    const stream = socket("stream")
    const endpoint = bindSync(stream, "tcp")
    const port = Number(/:(\d+)$/.exec(endpoint)![1])
    const client = net.connect(port, "127.0.0.1")
    const received = new Promise<string>((resolve) => {
      let data = ""
      client.on("data", (chunk) => {
        data += chunk.toString()
        if (data.endsWith("\n")) resolve(data)
      })
    })
    // The connection shows up as an empty frame, then the data arrives.
    stream.on("message", (id: Buffer, data: Buffer) => {
      if (data.length > 0) stream.send([id, `echo ${data}`])
    })
    client.write("hello\n")
    expect(await received).toBe("echo hello\n")
    client.destroy()
  })
})
