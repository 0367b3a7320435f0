import {constants} from "node:os"

import {describe, expect, it} from "vitest"

import * as zmq from "../src"
import {addon, callSlots, LENGTH_SLOT, MAX_SLOT, OFFSET_SLOT, POOL_SIZE_SLOT, SOCKET_SLOT, sendStagedLengths, sendStaging} from "../src/native"
import {inprocPushPull, text} from "./helpers"

/** The id the addon's per-message functions know a socket by. */
function nativeId(socket: object): number {
  const symbol = Object.getOwnPropertySymbols(socket).find((each) => String(each) === "Symbol(zmq-napi.native)")!
  return (socket as Record<symbol, {id: number}>)[symbol].id
}

describe("errors", () => {
  it("libzmq failures carry code, errno and address", async () => {
    const first = new zmq.Pull()
    await first.bind("tcp://127.0.0.1:*")
    const address = first.lastEndpoint!
    const second = new zmq.Pull()
    const error = await second.bind(address).catch((e: zmq.FullError) => e)
    expect(error).toBeInstanceOf(Error)
    expect(error).toMatchObject({code: "EADDRINUSE", address})
    expect(typeof (error as zmq.FullError).errno).toBe("number")
    expect(zmq.isFullError(error)).toBe(true)
    expect((error as Error).message).toContain(address)
    expect(() => second.bindSync(address)).toThrow(expect.objectContaining({code: "EADDRINUSE"}))
    first.close()
    second.close()
  })

  // Node's own table gives the numbers; the addon must name them rather than say EUNKNOWN.
  it.skipIf(!zmq.capability.ipc)("file system errors from ipc binds carry their own code (ipc needed)", async () => {
    const pull = new zmq.Pull()
    const tooLong = `ipc:///tmp/${"y".repeat(150)}`
    const notDirectory = `ipc://${__filename}/x.sock`
    await expect(pull.bind(tooLong)).rejects.toMatchObject({code: "ENAMETOOLONG", errno: constants.errno.ENAMETOOLONG, address: tooLong})
    await expect(pull.bind(notDirectory)).rejects.toMatchObject({code: "ENOTDIR", errno: constants.errno.ENOTDIR, address: notDirectory})
    pull.close()
  })

  it("invalid endpoints are EINVAL or EPROTONOSUPPORT with the address", async () => {
    const pull = new zmq.Pull()
    await expect(pull.bind("tcp://nonsense")).rejects.toMatchObject({code: "EINVAL", address: "tcp://nonsense"})
    expect(() => pull.connect("bogus://x")).toThrow(expect.objectContaining({code: "EPROTONOSUPPORT", address: "bogus://x"}))
    expect(() => pull.connect("bogus://x")).toThrow(/"bogus" is not a ZeroMQ transport/)
    pull.close()
  })

  // libzmq says only "Invalid argument" or, for an unknown endpoint, "No such file or directory".
  it("a malformed or unknown endpoint says what was expected", async () => {
    const push = new zmq.Push()
    const failure = (operation: () => unknown) => {
      try {
        operation()
      } catch (error) {
        return error as zmq.FullError
      }
      throw new Error("it worked")
    }
    expect(failure(() => push.connect(""))).toMatchObject({
      code: "EINVAL",
      message: "Invalid argument (connect): an address is transport://endpoint, such as tcp://127.0.0.1:5555",
    })
    expect(failure(() => push.connect("tcp://*:*")).message).toMatch(/a tcp address to connect to is tcp:\/\/host:port, without \*$/)
    expect(failure(() => push.bindSync("inproc://")).message).toMatch(/: an inproc address to bind is inproc:\/\/name$/)
    await push.bind("tcp://127.0.0.1:*")
    expect(failure(() => push.unbindSync("tcp://127.0.0.1:*"))).toMatchObject({code: "ENOENT", message: expect.stringContaining("lastEndpoint")})
    expect(failure(() => push.disconnect("tcp://127.0.0.1:9"))).toMatchObject({
      code: "ENOENT",
      message: "No such file or directory (disconnect tcp://127.0.0.1:9): this socket is not connected to that address",
    })
    push.unbindSync(push.lastEndpoint!)
    push.close()
    const context = new zmq.Context({ioThreads: 0})
    const lonely = new zmq.Push({context})
    expect(failure(() => lonely.connect("tcp://127.0.0.1:9"))).toMatchObject({code: "EMTHREAD", message: expect.stringContaining("ioThreads is 0")})
    lonely.connect("inproc://no-thread-needed")
    context.close()
  })

  // Transports libzmq can be built without; the static build leaves out several.
  const missing = (
    [
      ["epgm://eth0;239.192.1.1:5555", "pgm"],
      ["norm://1,239.192.1.1:5555", "norm"],
      ["wss://127.0.0.1:5555", "wss"],
      ["vmci://1:5555", "vmci"],
    ] as const
  ).filter(([, capability]) => !zmq.capability[capability])
  it.skipIf(missing.length === 0)("a transport this libzmq lacks is named, with its capability (needs a libzmq that lacks one)", () => {
    const sub = new zmq.Subscriber()
    for (const [address, capability] of missing) {
      const scheme = address.slice(0, address.indexOf(":"))
      const error = (() => {
        try {
          sub.bindSync(address)
        } catch (caught) {
          return caught as zmq.FullError
        }
      })()
      expect(error).toMatchObject({code: "EPROTONOSUPPORT", address})
      expect(error!.message).toContain(`built without the ${scheme}:// transport (capability.${capability} is false)`)
    }
    sub.close()
  })

  it("wrong argument types are TypeErrors naming the argument", async () => {
    const push = new zmq.Push()
    expect(() => push.connect(42 as never)).toThrow(TypeError)
    expect(() => push.connect(42 as never)).toThrow(/address/)
    await expect(push.bind(undefined as never)).rejects.toThrow(/address/)
    // libzmq would bind, connect or unbind what comes before the NUL.
    const nul = new TypeError(`The "address" argument must not contain NUL bytes`)
    await expect(push.bind("inproc://before\0after")).rejects.toThrow(nul)
    expect(() => push.connect("tcp://127.0.0.1:5555\0junk")).toThrow(nul)
    expect(() => push.unbindSync("inproc://before\0after")).toThrow(nul)
    expect(() => push.disconnect("inproc://before\0after")).toThrow(nul)
    expect(push.lastEndpoint).toBeNull()
    await expect(push.send({} as never)).rejects.toThrow(TypeError)
    await expect(push.send({} as never)).rejects.toThrow(/message/)
    await expect(push.send(undefined as never)).rejects.toThrow(TypeError)
    await expect(push.send(true as never)).rejects.toThrow(/message/)
    await expect(push.send([] as never)).rejects.toThrow(/message/)
    await expect(push.send(["ok", Symbol("x")] as never)).rejects.toThrow(TypeError)
    await expect(push.send("x", 5 as never)).rejects.toThrow(/options/)
    await expect(push.send("x", {timeout: -1})).rejects.toThrow(RangeError)
    // setTimeout would fire a longer timeout at once.
    await expect(push.send("x", {timeout: 2 ** 31})).rejects.toThrow(/options.timeout.*2147483647/)
    const textTimeout = push.send("x", {timeout: "10" as never})
    await expect(textTimeout).rejects.toBeInstanceOf(TypeError)
    await expect(textTimeout).rejects.toThrow(/"options.timeout" argument must be a number/)
    const pull = new zmq.Pull()
    await expect(pull.receive({timeout: 1e10})).rejects.toThrow(RangeError)
    pull.close()
    await expect(push.send("x", {signal: {} as never})).rejects.toThrow(/signal/)
    expect(() => new zmq.Push(5 as never)).toThrow(/options/)
    expect(() => new zmq.Push({context: {} as never})).toThrow(/context/)
    const sub = new zmq.Subscriber()
    expect(() => sub.subscribe(5 as never)).toThrow(/prefixes\[0\]/)
    push.close()
    sub.close()
  })

  it("using a closed socket gives a clear error", async () => {
    const pull = new zmq.Pull()
    pull.close()
    pull.close() // idempotent
    expect(pull.closed).toBe(true)
    await expect(pull.receive()).rejects.toMatchObject({message: "Socket is closed", code: "EBADF"})
    await expect(pull.bind("inproc://x")).rejects.toMatchObject({code: "EBADF"})
    expect(() => pull.connect("inproc://x")).toThrow("Socket is closed")
    expect(pull.readable).toBe(false)
    const push = new zmq.Push()
    push.close()
    await expect(push.send("x")).rejects.toMatchObject({code: "EBADF"})
  })

  it("socket-state errors from libzmq surface as rejections that explain them", async () => {
    const req = new zmq.Request()
    await expect(req.receive()).rejects.toMatchObject({code: "EFSM", message: expect.stringContaining("REQ and REP take turns")})
    req.close()
    const router = new zmq.Router({mandatory: true})
    await expect(router.send(["nobody", "x"])).rejects.toMatchObject({
      code: "EHOSTUNREACH",
      message: "Host unreachable (send): no connected peer has that routing id",
    })
    router.close()
  })

  it("survives arbitrary values thrown at every method", async () => {
    const junk: unknown[] = [undefined, null, 0, -1, NaN, Infinity, "", "x", {}, [], [[]], Symbol("s"), () => 1, 10n, new Map()]
    const socket = new zmq.Dealer()
    const methods = ["bind", "unbind", "bindSync", "unbindSync", "connect", "disconnect", "send", "receive"] as const
    const pending: Promise<unknown>[] = []
    for (const method of methods) {
      for (const value of junk) {
        try {
          const result = (socket[method] as (...args: unknown[]) => unknown)(value, value)
          if (result instanceof Promise) pending.push(result.catch(() => undefined))
        } catch {
          // Any JS exception is fine; the point is that the process survives.
        }
      }
    }
    for (const value of junk) {
      try {
        socket.linger = value as never
      } catch {
        // as above
      }
    }
    // Receives with no peer wait; closing settles every one of them.
    socket.close()
    await Promise.all(pending)
  })

  it("sends and receives on many sockets in any order each reach their own socket", async () => {
    // The addon finds a socket by id through a small cache indexed by the id: sockets whose
    // ids share an entry must never be taken for each other.
    const count = 40
    const pairs: Array<[zmq.Push, zmq.Pull]> = []
    for (let i = 0; i < count; i++) pairs.push(await inprocPushPull(`many-ids-${i}`))
    const order = Array.from({length: count}, (_, i) => (i * 17) % count)
    for (let round = 0; round < 3; round++) {
      for (const i of order) await pairs[i][0].send(`${i}:${round}`)
      for (const i of [...order].reverse()) expect(text(await pairs[i][1].receive())).toEqual([`${i}:${round}`])
    }
    for (const [push, pull] of pairs) {
      push.close()
      pull.close()
    }
  })

  it("the addon's per-message functions refuse a bad or stale socket id without crashing", () => {
    expect(() => addon.sendFrames("x" as never, Buffer.from("a"))).toThrow(TypeError)
    // Ids are never reused, so an id no socket has (any more) is a closed socket.
    callSlots[SOCKET_SLOT] = 0xfffffff0
    expect(() => addon.sendFast(Buffer.from("a"))).toThrow(expect.objectContaining({code: "EBADF"}))
    const push = new zmq.Push()
    const id = nativeId(push)
    push.close()
    callSlots[SOCKET_SLOT] = id
    expect(() => addon.sendFast(Buffer.from("a"))).toThrow(expect.objectContaining({code: "EBADF"}))
    expect(() => addon.receiveChunk([], undefined)).toThrow(expect.objectContaining({code: "EBADF"}))
    callSlots[LENGTH_SLOT] = 1
    expect(() => addon.sendStaged()).toThrow(expect.objectContaining({code: "EBADF"}))
    expect(() => addon.sendStagedMany()).toThrow(expect.objectContaining({code: "EBADF"}))
    expect(() => addon.sendFrames(id, Buffer.from("a"), Buffer.from("b"))).toThrow(expect.objectContaining({code: "EBADF"}))
  })

  it("sendStaged refuses a length beyond its staging memory", () => {
    const push = new zmq.Push()
    try {
      callSlots[SOCKET_SLOT] = nativeId(push)
      callSlots[LENGTH_SLOT] = sendStaging.length + 1
      expect(() => addon.sendStaged()).toThrow(RangeError)
    } finally {
      push.close()
    }
  })

  it("sendStagedMany refuses more frames or bytes than its staging memory holds, sending none", async () => {
    const [push, pull] = await inprocPushPull("staged-many-bounds")
    try {
      callSlots[SOCKET_SLOT] = nativeId(push)
      callSlots[LENGTH_SLOT] = sendStagedLengths.length + 1
      expect(() => addon.sendStagedMany()).toThrow(RangeError)
      callSlots[LENGTH_SLOT] = 2
      sendStagedLengths[0] = sendStaging.length
      sendStagedLengths[1] = 1
      expect(() => addon.sendStagedMany()).toThrow(RangeError)
      await push.send("after")
      expect((await pull.receive())[0].toString()).toBe("after")
    } finally {
      push.close()
      pull.close()
    }
  })

  it("receiveChunk refuses a separate list that is not an array once a large frame needs it", async () => {
    const [push, pull] = await inprocPushPull("separate-list")
    const pullId = nativeId(pull)
    await push.send(Buffer.alloc(16 * 1024, 7))
    await new Promise((resolve) => setTimeout(resolve, 20))
    callSlots[SOCKET_SLOT] = pullId
    callSlots[MAX_SLOT] = 1
    callSlots[OFFSET_SLOT] = 0
    callSlots[POOL_SIZE_SLOT] = 256
    expect(() => addon.receiveChunk("x" as never, undefined)).toThrow(/"separate" argument must be an array/)
    // A bad pool is ignored: the batch comes in a new one.
    await push.send("small")
    await new Promise((resolve) => setTimeout(resolve, 20))
    callSlots[SOCKET_SLOT] = pullId
    expect(addon.receiveChunk([], "x" as never)).toBeInstanceOf(ArrayBuffer)
    push.close()
    pull.close()
  })
})
