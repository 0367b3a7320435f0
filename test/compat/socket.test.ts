import {EventEmitter} from "node:events"
import {inherits} from "node:util"

import {describe, expect, it} from "vitest"

import {bindAddress, bindSoon} from "../helpers"
import {bindSync, message, next, socket, zmq} from "./helpers"

describe("compat socket lifecycle", () => {
  it("creates sockets of every type by name, with the name as `type`", () => {
    for (const type of Object.keys(zmq.types) as zmq.SocketType[]) {
      const sock = socket(type)
      expect(sock.type).toBe(type)
      expect(sock.getsockopt(zmq.ZMQ_TYPE)).toBe(zmq.types[type])
      expect(sock).toBeInstanceOf(EventEmitter)
      expect(sock).toBeInstanceOf(zmq.Socket)
    }
  })

  it("rejects unknown types with a TypeError naming the argument", () => {
    expect(() => zmq.socket("bogus" as zmq.SocketType)).toThrow(/"type" argument/)
    expect(() => zmq.socket(1 as unknown as zmq.SocketType)).toThrow(TypeError)
  })

  it("`new Socket(type)` and `Socket(type)` both create sockets", () => {
    const a = new zmq.Socket("pair")
    const b = zmq.Socket("pair")
    expect(a.type).toBe("pair")
    expect(b).toBeInstanceOf(zmq.Socket)
    a.close()
    b.close()
  })

  it("supports ES5 subclasses: Socket.call(this, type) with util.inherits", async () => {
    function Named(this: zmq.Socket & {label: string}, type: zmq.SocketType, label: string) {
      zmq.Socket.call(this, type)
      this.label = label
    }
    inherits(Named, zmq.Socket)
    Named.prototype.describe = function (this: zmq.Socket & {label: string}) {
      return `${this.label}:${this.type}`
    }
    const Ctor = Named as unknown as new (type: zmq.SocketType, label: string) => zmq.Socket & {label: string; describe(): string}
    const pull = new Ctor("pull", "sink")
    const push = new Ctor("push", "source")
    expect(pull.describe()).toBe("sink:pull")
    pull.bindSync(bindAddress("tcp"))
    push.connect(pull.last_endpoint)
    const received = message(pull)
    push.send("via subclass")
    expect(await received).toEqual(["via subclass"])
    pull.close()
    push.close()
  })

  it("supports class syntax: class extends Socket", async () => {
    class Counting extends zmq.Socket {
      count = 0
      constructor() {
        super("pull")
        this.on("message", () => this.count++)
      }
    }
    const pull = new Counting()
    const push = socket("push").connect(bindSync(pull, "inproc"))
    const received = message(pull)
    push.send("one")
    await received
    expect(pull.count).toBe(1)
    pull.close()
  })

  it("a subclass that forgot Socket.call gets a clear TypeError", () => {
    function Broken(this: unknown) {}
    inherits(Broken, zmq.Socket)
    const broken = new (Broken as unknown as new () => zmq.Socket)()
    expect(() => broken.connect("tcp://127.0.0.1:1")).toThrow(/Socket\.call\(this, type\)/)
  })

  it("bind(addr, cb) emits `bind` with the address, then calls back", async () => {
    const sock = socket("rep")
    const address = bindAddress("inproc")
    const order: string[] = []
    sock.on("bind", (addr: string) => order.push(`event ${addr}`))
    const done = new Promise<void>((resolve) =>
      expect(
        sock.bind(address, (error) => {
          order.push(`callback ${error}`)
          resolve()
        }),
      ).toBe(sock),
    )
    await done
    expect(order).toEqual([`event ${address}`, "callback undefined"])
  })

  it("bind(addr, cb) passes failures to the callback with code and errno", async () => {
    const first = socket("rep")
    const address = bindSync(first)
    const second = socket("rep")
    const error = await new Promise<Error | undefined>((resolve) => second.bind(address, resolve))
    expect(error).toMatchObject({code: "EADDRINUSE", errno: expect.any(Number)})
  })

  it("bind failures without a callback go to `error` listeners", async () => {
    const first = socket("rep")
    const address = bindSync(first)
    const second = socket("rep")
    const failed = next(second, "error")
    second.bind(address)
    const [error] = await failed
    expect(error).toMatchObject({code: "EADDRINUSE"})
  })

  it("unbind(addr, cb) emits `unbind`, then calls back; the address is free again", async () => {
    const sock = socket("pull")
    const address = bindSync(sock)
    const event = next(sock, "unbind")
    await new Promise<void>((resolve, reject) => sock.unbind(address, (error) => (error ? reject(error) : resolve())))
    expect(await event).toEqual([address])
    const again = socket("pull")
    await bindSoon(() => again.bindSync(address))
  })

  it("bindSync/unbindSync/connect/disconnect chain and throw synchronously", () => {
    const sock = socket("dealer")
    const address = bindAddress("inproc")
    expect(sock.bindSync(address).unbindSync(address)).toBe(sock)
    const other = socket("router")
    const endpoint = bindSync(other)
    expect(sock.connect(endpoint).disconnect(endpoint)).toBe(sock)
    expect(() => sock.bindSync("bogus://nowhere")).toThrow(expect.objectContaining({code: "EPROTONOSUPPORT"}))
    expect(() => sock.connect(42 as unknown as string)).toThrow(/"address" argument/)
  })

  it("close() is idempotent, returns the socket, and later use fails clearly", async () => {
    const sock = socket("push")
    expect(sock.closed).toBe(false)
    expect(sock.close()).toBe(sock)
    expect(sock.close()).toBe(sock)
    expect(sock.closed).toBe(true)
    expect(() => sock.connect("tcp://127.0.0.1:1")).toThrow(/closed/)
    expect(() => sock.bindSync("tcp://127.0.0.1:*")).toThrow(expect.objectContaining({code: "EBADF"}))
    const failed = next(sock, "error")
    sock.send("too late")
    expect((await failed)[0]).toMatchObject({code: "EBADF"})
    expect(await new Promise((resolve) => sock.send("late", 0, resolve))).toMatchObject({code: "EBADF"})
  })

  it("read() on a send-only socket returns null", () => {
    expect(socket("push").read()).toBeNull()
  })
})
