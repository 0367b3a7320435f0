import {join} from "node:path"
import {Worker} from "node:worker_threads"

import {afterAll, beforeAll, describe, expect, it} from "vitest"

import * as zmq from "../src"
import {Socket} from "../src/socket"
import {bindAddress, text} from "./helpers"

/** Receives events until one of `type` arrives; returns it with the types seen on the way. */
async function until<E extends zmq.EventType>(observer: zmq.Observer, type: E): Promise<{event: zmq.EventOfType<E>; seen: string[]}> {
  const seen: string[] = []
  for (;;) {
    const event = await observer.receive()
    seen.push(event.type)
    if (event.type === type) return {event: event as zmq.EventOfType<E>, seen}
    if (event.type === "end") throw new Error(`observer ended before "${type}" (saw ${seen.join(", ")})`)
  }
}

/** A tcp address where nothing listens: bound by the OS, then released. */
async function unusedTcpAddress(): Promise<string> {
  const probe = new zmq.Pull({linger: 0})
  await probe.bind("tcp://127.0.0.1:*")
  const address = probe.lastEndpoint!
  probe.close()
  return address
}

// libzmq's draft API publishes events over PUB; a system libzmq only has PAIR, whose
// reader must be handled differently. Both paths run here.
describe.each(["pub", "pair"])("socket events (monitor over %s)", (path) => {
  beforeAll(() => {
    if (path === "pair") process.env.ZMQ_NAPI_TEST_MONITOR_OVER_PAIR = "1"
  })
  afterAll(() => {
    delete process.env.ZMQ_NAPI_TEST_MONITOR_OVER_PAIR
  })

  it("a server sees bind, accept, handshake, close and end; the iterator then finishes", async () => {
    const reply = new zmq.Reply()
    const seen: zmq.Event[] = []
    const iteration = (async () => {
      for await (const event of reply.events) seen.push(event)
    })()
    await reply.bind("tcp://127.0.0.1:*")
    const address = reply.lastEndpoint!
    const request = new zmq.Request()
    request.connect(address)
    await request.send("ping")
    await reply.receive()
    await reply.send("pong")
    expect(text(await request.receive())).toEqual(["pong"])
    reply.close()
    await iteration
    request.close()

    const types = seen.map((event) => event.type)
    expect(types[0]).toBe("bind")
    expect(types).toContain("accept")
    expect(types).toContain("handshake")
    expect(types).toContain("close")
    expect(types[types.length - 1]).toBe("end")
    for (const event of seen) {
      if (event.type !== "end") expect(event).toMatchObject({address})
    }
    expect(reply.events.closed).toBe(true)
  })

  it("a client's listeners get connect and handshake with the address", async () => {
    const pull = new zmq.Pull()
    await pull.bind("tcp://127.0.0.1:*")
    const address = pull.lastEndpoint!
    const push = new zmq.Push()
    const connected = new Promise<zmq.EventOfType<"connect">>((resolve) => push.events.on("connect", resolve))
    const handshake = new Promise<zmq.EventOfType<"handshake">>((resolve) => push.events.on("handshake", resolve))
    push.connect(address)
    expect(await connected).toEqual({type: "connect", address})
    expect(await handshake).toEqual({type: "handshake", address})
    await push.send("through")
    expect(text(await pull.receive())).toEqual(["through"])
    push.close()
    pull.close()
  })

  it("connect:delay and connect:retry (with its interval) while nothing listens", async () => {
    const address = await unusedTcpAddress()
    const push = new zmq.Push({reconnectInterval: 10, linger: 0})
    const events = push.events
    push.connect(address)
    const {event, seen} = await until(events, "connect:retry")
    expect(seen).toContain("connect:delay")
    expect(event.address).toBe(address)
    expect(typeof event.interval).toBe("number")
    expect(event.interval).toBeGreaterThanOrEqual(0)
    push.close()
  })

  it("bind:error carries an error with code and errno", async () => {
    const first = new zmq.Pull()
    await first.bind("tcp://127.0.0.1:*")
    const second = new zmq.Pull()
    const events = second.events
    await expect(second.bind(first.lastEndpoint!)).rejects.toMatchObject({code: "EADDRINUSE"})
    const {event} = await until(events, "bind:error")
    expect(event.error).toBeInstanceOf(Error)
    expect(event.error).toMatchObject({code: "EADDRINUSE", errno: expect.any(Number)})
    expect(event.address).toContain(first.lastEndpoint!.replace("tcp://", ""))
    first.close()
    second.close()
  })

  it("events of ipc and inproc sockets", async () => {
    const pull = new zmq.Pull()
    const events = pull.events
    if (zmq.capability.ipc) {
      const ipc = bindAddress("ipc")
      await pull.bind(ipc)
      expect((await until(events, "bind")).event.address).toBe(ipc)
    }
    // inproc has no listener, so libzmq reports nothing for it; the observer still ends.
    await pull.bind(bindAddress("inproc"))
    pull.close()
    const rest: string[] = []
    for await (const event of events) rest.push(event.type)
    expect(rest[rest.length - 1]).toBe("end")
  })

  it("listeners see the socket close, then end; off() removes a listener", async () => {
    const pull = new zmq.Pull()
    const seen: string[] = []
    const removed: string[] = []
    const onRemoved = (event: zmq.Event) => removed.push(event.type)
    pull.events.on("bind", (event) => seen.push(`bind ${event.address}`))
    pull.events.on("close", onRemoved)
    pull.events.off("close", onRemoved)
    const ended = new Promise<void>((resolve) => pull.events.on("end", () => resolve()))
    await pull.bind("tcp://127.0.0.1:*")
    const address = pull.lastEndpoint!
    pull.close()
    await ended
    expect(seen).toEqual([`bind ${address}`])
    expect(removed).toEqual([])
    expect(pull.events.closed).toBe(true)
  })

  it("mixing receive() and on() is an error, both ways", async () => {
    const first = new zmq.Dealer()
    first.events.on("bind", () => undefined)
    await expect(first.events.receive()).rejects.toThrow(/emitter mode/)
    await expect(first.events.receive()).rejects.toMatchObject({code: "EFSM", errno: 156384763})
    await expect(first.events[Symbol.asyncIterator]().next()).rejects.toThrow(/emitter mode/)

    const second = new zmq.Dealer()
    await second.bind("tcp://127.0.0.1:*")
    const pending = second.events.receive()
    expect(() => second.events.on("bind", () => undefined)).toThrow(/receive mode/)
    expect(() => second.events.on("bind", () => undefined)).toThrow(expect.objectContaining({code: "EFSM"}))
    second.close()
    expect((await pending).type).toBe("close")
    first.close()
  })

  it("on()/off() check their arguments", () => {
    const socket = new zmq.Pair()
    expect(() => socket.events.on("nonsense" as never, () => undefined)).toThrow(TypeError)
    expect(() => socket.events.on("bind", "nope" as never)).toThrow(/listener/)
    expect(() => socket.events.off("bind", 5 as never)).toThrow(TypeError)
    socket.close()
  })

  it("new Observer() of anything but a Socket is a TypeError", () => {
    for (const value of [undefined, null, 42, "socket", {}, new zmq.Context(), Object.create(Socket.prototype)]) {
      expect(() => new zmq.Observer(value as never)).toThrow(TypeError)
      expect(() => new zmq.Observer(value as never)).toThrow(/socket/)
    }
  })

  it("close() ends iteration and pending receives; the socket works on and gets a fresh observer", async () => {
    const pull = new zmq.Pull()
    const observer = pull.events
    const iterator = observer[Symbol.asyncIterator]()
    const next = iterator.next()
    observer.close()
    expect(await next).toEqual({value: undefined, done: true})
    expect(observer.closed).toBe(true)
    await expect(observer.receive()).rejects.toMatchObject({code: "EBADF"})

    const fresh = pull.events
    expect(fresh).not.toBe(observer)
    const pending = fresh.receive()
    await pull.bind("tcp://127.0.0.1:*")
    expect(await pending).toEqual({type: "bind", address: pull.lastEndpoint})
    const waiting = fresh.receive()
    fresh.close()
    await expect(waiting).rejects.toMatchObject({code: "EAGAIN"})

    const push = new zmq.Push()
    push.connect(pull.lastEndpoint!)
    await push.send("still works")
    expect(text(await pull.receive())).toEqual(["still works"])
    push.close()
    pull.close()
  })

  it("a socket has one observer at a time: a new one ends the previous one", async () => {
    const pull = new zmq.Pull()
    const first = pull.events
    const second = new zmq.Observer(pull)
    expect(await first.receive()).toEqual({type: "end"})
    expect(first.closed).toBe(true)
    const pending = second.receive()
    await pull.bind("tcp://127.0.0.1:*")
    expect(await pending).toEqual({type: "bind", address: pull.lastEndpoint})
    second.close()
    pull.close()
  })

  it("the observer of a closed socket is closed and yields nothing", async () => {
    const pull = new zmq.Pull()
    pull.close()
    const observer = new zmq.Observer(pull)
    expect(observer.closed).toBe(true)
    const events: zmq.Event[] = []
    for await (const event of observer) events.push(event)
    expect(events).toEqual([])
    expect(pull.events.closed).toBe(true)
  })

  it("events read after the socket closed are still delivered in order", async () => {
    const pull = new zmq.Pull()
    const observer = pull.events
    await pull.bind("tcp://127.0.0.1:*")
    pull.close()
    const types: string[] = []
    for (;;) {
      const event = await observer.receive()
      types.push(event.type)
      if (event.type === "end") break
    }
    expect(types).toEqual(["bind", "close", "end"])
    await expect(observer.receive()).rejects.toMatchObject({code: "EBADF"})
  })

  it("the end comes while an inproc peer of the same thread stays idle", async () => {
    const address = `inproc://idle-peer-${path}`
    const push = new zmq.Push({linger: 0})
    await push.bind(address)
    const iterator = push.events[Symbol.asyncIterator]()
    const idlePeer = new zmq.Pull({linger: 0})
    idlePeer.connect(address) // never used again until the end
    const pending = iterator.next()
    push.close()
    // libzmq reports the end once the peer took note of the close; an idle peer did not.
    const timeout = new Promise((resolve) => setTimeout(resolve, 2000, {value: {type: "no end after 2 s"}}))
    const first = (await Promise.race([pending, timeout])) as IteratorResult<zmq.Event>
    expect(first.value?.type).toBe("end")
    expect((await iterator.next()).done).toBe(true)
    idlePeer.close()
  })

  it("the end comes while an inproc peer in another worker thread stays idle", async () => {
    const address = `inproc://idle-worker-peer-${path}`
    const push = new zmq.Push({linger: 0})
    await push.bind(address)
    const iterator = push.events[Symbol.asyncIterator]()
    const worker = new Worker(join(__dirname, "fixtures", "worker-idle-peer.js"), {workerData: {address}})
    const exited = new Promise((resolve) => worker.once("exit", resolve))
    expect(await new Promise((resolve) => worker.once("message", resolve))).toBe("connected")
    const pending = iterator.next()
    push.close()
    // The peer's thread must process the close, and its socket is idle there.
    const timeout = new Promise((resolve) => setTimeout(resolve, 2000, {value: {type: "no end after 2 s"}}))
    const first = (await Promise.race([pending, timeout])) as IteratorResult<zmq.Event>
    worker.postMessage("close")
    expect(await exited).toBe(0)
    expect(first.value?.type).toBe("end")
    expect((await iterator.next()).done).toBe(true)
  })

  it("closing the socket's context ends the observer", async () => {
    const context = new zmq.Context()
    const pull = new zmq.Pull({context})
    const iterator = pull.events[Symbol.asyncIterator]()
    await pull.bind("tcp://127.0.0.1:*")
    expect((await iterator.next()).value).toMatchObject({type: "bind"})
    const pending = iterator.next()
    context.close()
    // Events still queued when the context closes its sockets are dropped with them.
    let result = await pending
    while (!result.done) result = await iterator.next()
    expect(pull.events.closed).toBe(true)
  })
})
