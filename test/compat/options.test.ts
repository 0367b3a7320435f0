import {describe, expect, it} from "vitest"

import {bindSync, message, sendUntil, socket, zmq} from "./helpers"

describe("compat socket options", () => {
  it("setsockopt/getsockopt take numbers, short names and ZMQ_* names; setsockopt chains", () => {
    const sock = socket("dealer")
    expect(sock.setsockopt(zmq.ZMQ_LINGER, 10)).toBe(sock)
    expect(sock.getsockopt(zmq.ZMQ_LINGER)).toBe(10)
    sock.setsockopt("linger", 20)
    expect(sock.getsockopt("linger")).toBe(20)
    sock.setsockopt("ZMQ_LINGER", 30)
    expect(sock.getsockopt("ZMQ_LINGER")).toBe(30)
    expect(sock.linger).toBe(30)
  })

  it("has property sugar for every option name", () => {
    const sock = socket("dealer")
    sock.linger = 0
    sock.backlog = 50
    sock.reconnect_ivl = 250
    sock.sndhwm = 5
    sock.rcvhwm = 6
    sock.heartbeat_ivl = 1000
    sock.connect_timeout = 300
    expect([sock.linger, sock.backlog, sock.reconnect_ivl, sock.sndhwm, sock.rcvhwm, sock.heartbeat_ivl, sock.connect_timeout]).toEqual([
      0, 50, 250, 5, 6, 1000, 300,
    ])
    expect(sock.getsockopt(zmq.ZMQ_RECONNECT_IVL)).toBe(250)
    for (const name of Object.keys(zmq.options)) {
      expect(Object.getOwnPropertyDescriptor(zmq.Socket.prototype, name)?.set).toBeTypeOf("function")
    }
  })

  it("sets identity on every socket type, and the peer sees it", async () => {
    for (const type of Object.keys(zmq.types) as zmq.SocketType[]) {
      const sock = socket(type, {identity: `id-${type}`})
      expect(sock.identity).toBe(`id-${type}`)
      expect(sock.getsockopt(zmq.ZMQ_IDENTITY)).toBe(`id-${type}`)
    }
    const router = socket("router")
    const dealer = socket("dealer")
    dealer.identity = Buffer.from("worker-7")
    dealer.connect(bindSync(router))
    const received = message(router)
    dealer.send("hi")
    expect(await received).toEqual(["worker-7", "hi"])
  })

  it("socket(type, options) assigns each option, as before", () => {
    const sock = socket("pull", {linger: 5, rcvhwm: 9, custom: "kept"})
    expect(sock.linger).toBe(5)
    expect(sock.rcvhwm).toBe(9)
    expect((sock as unknown as {custom: string}).custom).toBe("kept")
  })

  it("returns numbers for int options and strings for text options, as the old bindings did", () => {
    const sock = socket("router")
    expect(sock.getsockopt(zmq.ZMQ_TYPE)).toBe(zmq.ZMQ_ROUTER)
    expect(sock.getsockopt(zmq.ZMQ_LAST_ENDPOINT)).toBe("")
    const endpoint = bindSync(sock)
    expect(sock.last_endpoint).toBe(endpoint)
    expect(sock.identity).toBe("")
    expect(sock.mechanism).toBe(0)
    sock.setsockopt(zmq.ZMQ_ROUTER_MANDATORY, true)
    sock.router_handover = 1
    sock.setsockopt(zmq.ZMQ_IPV6, 1)
    expect(sock.getsockopt(zmq.ZMQ_IPV6)).toBe(1)
    expect(typeof sock._fd).toBe("number")
    expect(sock._receiveMore).toBe(0)
  })

  // libzmq's REP is a ROUTER inside and took the option, then aborted on the first request.
  it("ZMQ_ROUTER_RAW is refused on anything but a router", () => {
    expect(() => socket("rep").setsockopt(zmq.ZMQ_ROUTER_RAW, 1)).toThrow(expect.objectContaining({code: "EINVAL", message: expect.stringContaining("ROUTER sockets only")}))
    expect(() => socket("dealer").setsockopt(zmq.ZMQ_ROUTER_RAW, 1)).toThrow(/ROUTER sockets only/)
    expect(socket("router").setsockopt(zmq.ZMQ_ROUTER_RAW, 1)).toBeDefined()
  })

  it("ZMQ_ROUTER_MANDATORY is refused on anything but a router (REP aborted on a gone requester)", () => {
    expect(() => socket("rep").setsockopt(zmq.ZMQ_ROUTER_MANDATORY, 1)).toThrow(
      expect.objectContaining({code: "EINVAL", message: expect.stringContaining("ZMQ_ROUTER_MANDATORY is for ROUTER sockets only")}),
    )
    expect(socket("router").setsockopt(zmq.ZMQ_ROUTER_MANDATORY, 1)).toBeDefined()
  })

  it("a text option's value that has no text is a TypeError naming the option", () => {
    const sock = socket("dealer")
    expect(() => sock.setsockopt("identity", Object.create(null))).toThrow(/Option "identity" must be a string/)
    const buffer = new ArrayBuffer(8)
    const view = new Uint8Array(buffer)
    structuredClone(buffer, {transfer: [buffer]})
    expect(() => sock.setsockopt("zap_domain", view)).toThrow(/Option "zap_domain" must not be a view of a detached/)
  })

  it("accepts numeric text and booleans for int options", () => {
    const sock = socket("push")
    sock.setsockopt(zmq.ZMQ_SNDHWM, "12")
    expect(sock.sndhwm).toBe(12)
    sock.immediate = true
    expect(sock.getsockopt(zmq.ZMQ_DELAY_ATTACH_ON_CONNECT)).toBe(1)
  })

  it("subscribe/unsubscribe (and the _subscribe sugar) filter messages, and chain", async () => {
    const pub = socket("pub")
    const sub = socket("sub")
    sub.connect(bindSync(pub))
    expect(sub.subscribe("a").subscribe("b").unsubscribe("b")).toBe(sub)
    sub._subscribe = "c"
    const seen: string[] = []
    sub.on("message", (topic: Buffer) => seen.push(String(topic)))
    const gotC = new Promise<void>((resolve) => sub.on("message", (topic: Buffer) => String(topic) === "c" && resolve()))
    await sendUntil(() => {
      pub.send("b")
      pub.send("a")
      pub.send("z")
      pub.send("c")
    }, gotC)
    expect(new Set(seen)).toEqual(new Set(["a", "c"]))
  })

  it("reports bad options as TypeErrors naming the argument, and libzmq's refusals with code", () => {
    const sock = socket("dealer")
    expect(() => sock.setsockopt("no_such_option" as zmq.OptionName, 1)).toThrow(/"option" argument "no_such_option"/)
    expect(() => sock.getsockopt({} as unknown as number)).toThrow(TypeError)
    // An option given by number is named by its short name where it has one.
    expect(() => sock.setsockopt(zmq.ZMQ_LINGER, "soon")).toThrow(/Option "linger" must be a number/)
    expect(() => sock.setsockopt(9999, "soon")).toThrow(/Option "option 9999" must be a number/)
    expect(() => (sock.linger = {} as unknown as number)).toThrow(/Option "linger" must be a number/)
    expect(() => sock.setsockopt(zmq.ZMQ_LINGER, 1.5)).toThrow(RangeError)
    // Options libzmq 4 no longer has fail as they did with the old bindings over libzmq 4.
    expect(() => (sock.swap = 1)).toThrow(expect.objectContaining({code: "EINVAL"}))
    expect(() => sock.setsockopt(9999, 1)).toThrow(expect.objectContaining({code: "EINVAL"}))
    expect(() => sock.subscribe("x")).toThrow(expect.objectContaining({code: "EINVAL"}))
    const sub = socket("sub")
    // A filter without text (String() of an array holding a Symbol throws).
    expect(() => sub.subscribe([Symbol("x")] as unknown as string)).toThrow(/Option "subscribe" must be a string/)
    sub.close()
  })

  it("option access after close fails clearly", () => {
    const sock = zmq.socket("pair")
    sock.close()
    expect(() => sock.linger).toThrow(/closed/)
    expect(() => sock.setsockopt("linger", 0)).toThrow(/closed/)
  })
})
