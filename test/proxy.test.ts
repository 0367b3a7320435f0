import {readFile} from "node:fs/promises"
import {constants} from "node:os"

import {describe, expect, it} from "vitest"

import * as zmq from "../src"
import {text} from "./helpers"

async function boundProxy<F extends zmq.Socket & {bind(a: string): Promise<void>}, B extends zmq.Socket & {bind(a: string): Promise<void>}>(
  frontEnd: F,
  backEnd: B,
  capture?: zmq.Socket,
): Promise<{proxy: zmq.Proxy<F, B>; front: string; back: string}> {
  const proxy = new zmq.Proxy(frontEnd, backEnd, capture)
  await frontEnd.bind("tcp://127.0.0.1:*")
  await backEnd.bind("tcp://127.0.0.1:*")
  return {proxy, front: frontEnd.lastEndpoint!, back: backEnd.lastEndpoint!}
}

describe("proxy", () => {
  it("brokers REQ clients and REP workers through ROUTER <-> DEALER", async () => {
    const {proxy, front, back} = await boundProxy(new zmq.Router(), new zmq.Dealer())
    const running = proxy.run()
    const workers = [1, 2].map((id) => {
      const worker = new zmq.Reply()
      worker.connect(back)
      void (async () => {
        for await (const [request] of worker) await worker.send(`${request} handled by ${id}`)
      })()
      return worker
    })
    const clients = [1, 2, 3].map((id) => {
      const client = new zmq.Request()
      client.connect(front)
      return {id, client}
    })
    const replies = await Promise.all(
      clients.map(async ({id, client}) => {
        const got: string[] = []
        for (let i = 0; i < 10; i++) {
          await client.send(`client ${id} request ${i}`)
          got.push(text(await client.receive())[0])
        }
        return got
      }),
    )
    for (const [index, got] of replies.entries()) {
      got.forEach((reply, i) => expect(reply).toMatch(new RegExp(`^client ${index + 1} request ${i} handled by [12]$`)))
    }
    proxy.terminate()
    await running
    expect(proxy.frontEnd.closed && proxy.backEnd.closed).toBe(true)
    for (const {client} of clients) client.close()
    for (const worker of workers) worker.close()
  })

  it("forwards subscriptions and publications through XSUB <-> XPUB", async () => {
    const {proxy, front, back} = await boundProxy(new zmq.XSubscriber(), new zmq.XPublisher())
    const running = proxy.run()
    const publisher = new zmq.XPublisher()
    publisher.connect(front)
    const subscriber = new zmq.Subscriber()
    subscriber.connect(back)
    subscriber.subscribe("news")
    // The subscription reaching the publisher proves the path upstream works, and
    // that what is published now has somewhere to go.
    expect(text(await publisher.receive())).toEqual(["\u0001news"])
    await publisher.send(["sports", "ignored"])
    await publisher.send(["news", "kept"])
    expect(text(await subscriber.receive())).toEqual(["news", "kept"])
    proxy.terminate()
    await running
    publisher.close()
    subscriber.close()
  })

  it("streams PULL -> PUSH to several pullers, nothing lost", async () => {
    const {proxy, front, back} = await boundProxy(new zmq.Pull(), new zmq.Push())
    const running = proxy.run()
    const pullers = [new zmq.Pull(), new zmq.Pull()]
    pullers.forEach((puller) => puller.connect(back))
    const pusher = new zmq.Push()
    pusher.connect(front)
    const received: string[] = []
    const collecting = pullers.map(async (puller) => {
      for await (const [message] of puller) {
        received.push(message.toString())
        if (received.length === 100) pullers.forEach((p) => p.close())
      }
    })
    for (let i = 0; i < 100; i++) await pusher.send(`item ${i}`)
    await Promise.all(collecting)
    expect(received.sort()).toEqual(Array.from({length: 100}, (_, i) => `item ${i}`).sort())
    proxy.terminate()
    await running
    pusher.close()
  })

  it("capture gets a copy of every forwarded message, frames intact", async () => {
    const captured = new zmq.Pull()
    await captured.bind("inproc://proxy-capture")
    const capture = new zmq.Push()
    capture.connect("inproc://proxy-capture")
    const {proxy, front, back} = await boundProxy(new zmq.Pull(), new zmq.Push(), capture)
    expect(proxy.capture).toBe(capture)
    const running = proxy.run()
    const source = new zmq.Push()
    source.connect(front)
    const sink = new zmq.Pull()
    sink.connect(back)
    await source.send(["a", "1"])
    await source.send("b")
    expect(text(await sink.receive())).toEqual(["a", "1"])
    expect(text(await sink.receive())).toEqual(["b"])
    expect(text(await captured.receive())).toEqual(["a", "1"])
    expect(text(await captured.receive())).toEqual(["b"])
    proxy.terminate()
    await running
    expect(capture.closed).toBe(true)
    for (const socket of [source, sink, captured]) socket.close()
  })

  it("the capture socket can also be given as an option", async () => {
    const capture = new zmq.Publisher()
    const proxy = new zmq.Proxy(new zmq.Pull(), new zmq.Push(), {capture})
    expect(proxy.capture).toBe(capture)
    for (const socket of [proxy.frontEnd, proxy.backEnd, capture]) socket.close()
  })

  it("pause holds messages until resume", async () => {
    // libzmq copies control commands to the capture socket, which shows when the
    // proxy has taken each one.
    const captured = new zmq.Pull()
    await captured.bind("inproc://proxy-pause-capture")
    const capture = new zmq.Push()
    capture.connect("inproc://proxy-pause-capture")
    const proxy = new zmq.Proxy(new zmq.Pull(), new zmq.Push(), capture)
    await proxy.frontEnd.bind("inproc://proxy-pause-front")
    await proxy.backEnd.bind("inproc://proxy-pause-back")
    const running = proxy.run()
    const source = new zmq.Push()
    source.connect("inproc://proxy-pause-front")
    const sink = new zmq.Pull()
    sink.connect("inproc://proxy-pause-back")

    proxy.pause()
    expect(text(await captured.receive())).toEqual(["PAUSE"])
    // Over inproc the message is in the proxy's queue once send resolves. A second
    // command wakes the proxy: had it not been paused, it would forward the message
    // right after taking that command, before the RESUME sent below.
    await source.send("held")
    proxy.pause()
    expect(text(await captured.receive())).toEqual(["PAUSE"])
    proxy.resume()
    expect(text(await captured.receive())).toEqual(["RESUME"])
    expect(text(await captured.receive())).toEqual(["held"])
    expect(text(await sink.receive())).toEqual(["held"])

    proxy.terminate()
    await running
    for (const socket of [source, sink, captured]) socket.close()
  })

  it("while running its sockets refuse JS use with EBUSY", async () => {
    const {proxy, front} = await boundProxy(new zmq.Dealer(), new zmq.Dealer())
    const observer = proxy.frontEnd.events
    const running = proxy.run()
    const busy = {code: "EBUSY"}
    await expect(proxy.frontEnd.send("x")).rejects.toMatchObject(busy)
    await expect(proxy.backEnd.receive()).rejects.toMatchObject(busy)
    await expect(proxy.frontEnd.bind("tcp://127.0.0.1:*")).rejects.toMatchObject(busy)
    expect(() => proxy.backEnd.connect(front)).toThrow(expect.objectContaining(busy))
    expect(() => proxy.frontEnd.linger).toThrow(expect.objectContaining(busy))
    expect(() => (proxy.frontEnd.linger = 0)).toThrow(expect.objectContaining(busy))
    expect(() => new zmq.Observer(proxy.frontEnd)).toThrow(expect.objectContaining(busy))
    // An observer started before run() keeps reporting.
    const peer = new zmq.Dealer()
    const accepted = observer.receive()
    peer.connect(front)
    expect(await accepted).toMatchObject({type: "accept"})
    proxy.terminate()
    await running
    peer.close()
  })

  it("run() twice: EBUSY while running, EFSM after; steering needs a running proxy", async () => {
    const {proxy} = await boundProxy(new zmq.Pull(), new zmq.Push())
    expect(() => proxy.pause()).toThrow(expect.objectContaining({code: "EFSM"}))
    expect(() => proxy.resume()).toThrow(expect.objectContaining({code: "EFSM"}))
    expect(() => proxy.terminate()).toThrow(expect.objectContaining({code: "EFSM"}))
    // The same errno as libzmq's own refusals carry (EFSM is libzmq's number).
    const efsm = {code: "EFSM", errno: 156384763}
    expect(() => proxy.pause()).toThrow(expect.objectContaining(efsm))
    const running = proxy.run()
    await expect(proxy.run()).rejects.toMatchObject({code: "EBUSY", errno: constants.errno.EBUSY})
    proxy.terminate()
    await running
    await expect(proxy.run()).rejects.toMatchObject(efsm)
    proxy.terminate() // harmless once ended
    expect(() => proxy.pause()).toThrow(expect.objectContaining(efsm))
  })

  it("closing one of its sockets, or their context, terminates it", async () => {
    const {proxy} = await boundProxy(new zmq.Router(), new zmq.Dealer())
    const running = proxy.run()
    proxy.backEnd.close()
    await running
    expect(proxy.frontEnd.closed).toBe(true)

    const context = new zmq.Context()
    const second = new zmq.Proxy(new zmq.Pull({context}), new zmq.Push({context}))
    const secondRunning = second.run()
    context.close()
    await secondRunning
    expect(second.frontEnd.closed && second.backEnd.closed).toBe(true)
  })

  it("run() of a closed socket rejects and leaves the proxy unused", async () => {
    const front = new zmq.Pull()
    const back = new zmq.Push()
    back.close()
    const proxy = new zmq.Proxy(front, back)
    await expect(proxy.run()).rejects.toMatchObject({code: "EBADF"})
    await expect(front.bind("inproc://proxy-unused")).resolves.toBeUndefined()
    front.close()
  })

  it("the constructor checks its arguments", () => {
    const pull = new zmq.Pull()
    const push = new zmq.Push()
    for (const bad of [undefined, null, 1, "x", {}, new zmq.Context()]) {
      expect(() => new zmq.Proxy(bad as never, push)).toThrow(/frontEnd/)
      expect(() => new zmq.Proxy(pull, bad as never)).toThrow(/backEnd/)
    }
    expect(() => new zmq.Proxy(pull, push, "capture" as never)).toThrow(TypeError)
    expect(() => new zmq.Proxy(pull, push, {capture: 5 as never})).toThrow(/capture/)
    expect(() => new zmq.Proxy(pull, push, pull)).toThrow(/differ/)
    expect(() => new zmq.Proxy(pull, push, new zmq.Subscriber())).toThrow(/send/)
    pull.close()
    push.close()
  })

  it("runs and terminates many proxies in a row (the end races the proxy thread's exit)", async () => {
    for (let i = 0; i < 200; i++) {
      const proxy = new zmq.Proxy(new zmq.Pull(), new zmq.Push())
      const running = proxy.run()
      proxy.terminate()
      await running
      expect(proxy.frontEnd.closed).toBe(true)
    }
  })

  it("several proxies run at once next to file reads (no thread-pool use)", async () => {
    // More proxies than libuv has pool threads: were they on the pool, the read
    // below could never start.
    const poolSize = Number(process.env.UV_THREADPOOL_SIZE ?? 4)
    const proxies = await Promise.all(Array.from({length: poolSize + 1}, () => boundProxy(new zmq.Pull(), new zmq.Push())))
    const runs = proxies.map(({proxy}) => proxy.run())
    expect((await readFile(__filename, "utf8")).length).toBeGreaterThan(0)
    const ends = await Promise.all(
      proxies.map(async ({front, back}, index) => {
        const source = new zmq.Push()
        source.connect(front)
        const sink = new zmq.Pull()
        sink.connect(back)
        await source.send(`through ${index}`)
        const [message] = await sink.receive()
        source.close()
        sink.close()
        return message.toString()
      }),
    )
    expect(ends).toEqual(proxies.map((_, index) => `through ${index}`))
    for (const {proxy} of proxies) proxy.terminate()
    await Promise.all(runs)
  })
})
