import {describe, expect, it} from "vitest"

import {bindSync, message, messages, sendUntil, socket, zmq} from "./helpers"

describe("compat proxy", () => {
  it("router/dealer: a request-reply broker between REQ clients and REP workers", async () => {
    const frontend = socket("router")
    const backend = socket("dealer")
    const clientsAddress = bindSync(frontend)
    const workersAddress = bindSync(backend)
    zmq.proxy(frontend, backend)

    for (const name of ["w1", "w2"]) {
      const worker = socket("rep")
      worker.connect(workersAddress)
      worker.on("message", (request: Buffer) => worker.send(`${request} done`))
    }
    const clients = [0, 1, 2].map(() => socket("req").connect(clientsAddress))
    const replies = clients.map((client) => message(client))
    clients.forEach((client, i) => client.send(`job ${i}`))
    expect(await Promise.all(replies)).toEqual([["job 0 done"], ["job 1 done"], ["job 2 done"]])
  })

  it("xsub/xpub: subscriptions go upstream, publications downstream", async () => {
    const publisher = socket("pub")
    const frontend = socket("xsub")
    const backend = socket("xpub")
    frontend.connect(bindSync(publisher))
    const subscribersAddress = bindSync(backend)
    zmq.proxy(frontend, backend)

    const subscriber = socket("sub")
    subscriber.subscribe("weather")
    subscriber.connect(subscribersAddress)
    const received = message(subscriber)
    await sendUntil(() => {
      publisher.send(["sports", "ignored"])
      publisher.send(["weather", "sunny"])
    }, received)
    expect(await received).toEqual(["weather", "sunny"])
  })

  it("accepts zmq@2's xpub/xsub order too (each direction the types allow is forwarded)", async () => {
    const publisher = socket("pub")
    const frontend = socket("xpub")
    const backend = socket("xsub")
    backend.connect(bindSync(publisher))
    const subscribersAddress = bindSync(frontend)
    zmq.proxy(frontend, backend)
    const subscriber = socket("sub")
    subscriber.subscribe("")
    subscriber.connect(subscribersAddress)
    const received = message(subscriber)
    await sendUntil(() => publisher.send("anything"), received)
    expect(await received).toEqual(["anything"])
  })

  it("pull/push with a capture socket: every message, all frames, is also sent to capture", async () => {
    const frontend = socket("pull")
    const backend = socket("push")
    const capture = socket("push")
    const producer = socket("push")
    const consumer = socket("pull")
    const tap = socket("pull")
    producer.connect(bindSync(frontend))
    consumer.connect(bindSync(backend))
    tap.connect(bindSync(capture))
    zmq.proxy(frontend, backend, capture)

    const delivered = messages(consumer, 2)
    const captured = messages(tap, 2)
    producer.send(["a", "1"])
    producer.send("b")
    expect(await delivered).toEqual([["a", "1"], ["b"]])
    expect(await captured).toEqual([["a", "1"], ["b"]])
  })

  it("proxied sockets stop emitting `message`; messages go through the proxy", async () => {
    const frontend = socket("pull")
    const backend = socket("push")
    let direct = 0
    frontend.on("message", () => direct++)
    const producer = socket("push").connect(bindSync(frontend))
    const consumer = socket("pull")
    consumer.connect(bindSync(backend))
    zmq.proxy(frontend, backend)
    const received = message(consumer)
    producer.send("through")
    expect(await received).toEqual(["through"])
    expect(direct).toBe(0)
  })

  it("stops when a socket closes, without errors", async () => {
    const frontend = socket("router")
    const backend = socket("dealer")
    let errors = 0
    frontend.on("error", () => errors++)
    backend.on("error", () => errors++)
    zmq.proxy(frontend, backend)
    frontend.close()
    backend.close()
    await new Promise((resolve) => setImmediate(resolve))
    expect(errors).toBe(0)
  })

  it("rejects pairs that cannot forward, capture sockets that cannot send, and non-sockets", () => {
    expect(() => zmq.proxy(socket("pub"), socket("pub"))).toThrow(/Cannot proxy between a "pub" frontend and a "pub" backend/)
    expect(() => zmq.proxy(socket("pull"), socket("push"), socket("pull"))).toThrow(/"capture" argument/)
    expect(() => zmq.proxy({} as zmq.Socket, socket("push"))).toThrow(/"frontend" argument/)
    const same = socket("pair")
    expect(() => zmq.proxy(same, same)).toThrow(/different sockets/)
  })
})
