import path from "node:path"

import {describe, expect, it} from "vitest"

import {capability, Pull, Push} from "../src"
import {Datagram} from "../src/draft"
import {addon} from "../src/native"
import {Outcome, runNode} from "./child-process"
import {bound, text, transports, unavailable} from "./helpers"

// In child processes: each of these aborted the process in libzmq itself, or froze it
// (zeromq@6 too).
// scripts/lib/libzmq-fixes.js fixes the libzmq that scripts/build-libzmq.js builds, so
// a system libzmq still has the bugs.
function run(fixture: string, ...args: string[]): Promise<Outcome> {
  return runNode(path.join(__dirname, "fixtures", fixture), args)
}

const survived = (stdout: string) => ({code: 0, signal: null, stdout, stderr: ""})

describe.skipIf(!addon.bundledLibzmq)("fixes to libzmq (skipped with a system libzmq, which lacks them)", () => {
  describe("a conflating socket's inproc connection ended before any bind", () => {
    it("lets the process exit: the context's termination binds the address", async () => {
      expect(await run("inproc-conflate-pending.js", "exit")).toEqual(survived("exiting\n"))
    })

    it("lets its context close", async () => {
      expect(await run("inproc-conflate-pending.js", "close-context")).toEqual(survived("closed\n"))
    })

    it("lets the address be bound, and the next connection delivers", async () => {
      expect(await run("inproc-conflate-pending.js", "disconnect-then-bind")).toEqual(survived("after the bind\n"))
    })
  })

  it.each(["one", "distinct"])("the context terminates with 600 pending inproc connections to %s address(es)", async (addresses) => {
    expect(await run("many-pending-inproc.js", addresses)).toEqual(survived("exiting\n"))
  })

  it("the context terminates when pending inproc connections hold every socket slot", async () => {
    expect(await run("many-pending-inproc.js", "until-emfile")).toEqual(survived("EMFILE\nexiting\n"))
  })

  describe("a socket whose SOCKS proxy connection failed", () => {
    it.each([
      ["refused", "close"],
      ["refused", "disconnect"],
      ["hangs-up", "close"],
      ["hangs-up", "disconnect"],
    ])("survives when the proxy %s and the socket ends with %s", async (proxy, ending) => {
      expect(await run("socks-proxy-failure.js", proxy, ending)).toEqual(survived(`${proxy}, ${ending}: survived\n`))
    })
  })

  it.each(["welcome", "hello"])("a %s message to an inproc peer that closed before the bind is dropped", async (greeting) => {
    expect(await run("inproc-greeting-closed-peer.js", greeting)).toEqual(survived("50 rounds\n"))
  })

  it("binding an inproc address that a ROUTER connected to and disconnected from, before any bind", async () => {
    expect(await run("inproc-routing-id-disconnected.js")).toEqual(survived("bound, then hello\n"))
  })

  it.each(["send", "receive"])("a %s high-water mark changed while a connection's pipe is ending", async (direction) => {
    expect(await run("hwm-change-ending-pipe.js", direction)).toEqual(survived("30 rounds, then still publishing\n"))
  })

  // libzmq waited for a read count its peer reports only every half high-water mark, so a
  // lowered mark after some traffic made the next send (or the session's next write) wait
  // forever over tcp and ipc (inproc: next test). Each round trip has 2 s.
  describe.each(transports.filter((transport) => transport !== "inproc"))("a high-water mark lowered after traffic over %s", (transport) => {
    it.skipIf(unavailable(transport) !== undefined).each([
      ["the PUSH's sendHighWaterMark", (push: Push) => (push.sendHighWaterMark = 1)],
      ["the PULL's receiveHighWaterMark", (_: Push, pull: Pull) => (pull.receiveHighWaterMark = 1)],
    ])("%s lowered to 1: the next messages still go", async (_, lower) => {
      const pull = new Pull()
      const push = new Push()
      push.connect(await bound(pull, transport))
      const roundTrip = async (body: string) => {
        await push.send(body, {timeout: 2000})
        expect(text(await pull.receive({timeout: 2000}))).toEqual([body])
      }
      for (let i = 0; i < 64; i++) await roundTrip(`before ${i}`)
      lower(push, pull)
      for (let i = 0; i < 64; i++) await roundTrip(`after ${i}`)
      push.close()
      pull.close()
    })
  })

  // An inproc pipe's marks are the sum of both sockets'; a change on one side reached the
  // other end as if it were that end's own marks, so the reader's low-water mark could
  // exceed the writer's high-water mark and the writer waited forever (zeromq@6 the same).
  it.each([
    [{sendHighWaterMark: 100}, {receiveHighWaterMark: 10}, {receiveHighWaterMark: 1}, {sendHighWaterMark: 1}],
    [{sendHighWaterMark: 1}, {receiveHighWaterMark: 1}, {receiveHighWaterMark: 5}, {sendHighWaterMark: 1000}],
    [{sendHighWaterMark: 100}, {receiveHighWaterMark: 2}, {receiveHighWaterMark: 5}, {sendHighWaterMark: 1000}],
  ])("inproc marks %o / %o changed to %o / %o after traffic: a flood of sends still goes", async (push0, pull0, pull1, push1) => {
    const pull = new Pull({...pull0, linger: 0})
    const push = new Push({...push0, linger: 0})
    push.connect(await bound(pull, "inproc"))
    let received = 0
    const receiving = (async () => {
      while (received < 400) received += (await pull.receiveMany(50, {timeout: 2000})).length
    })()
    const flood = async (count: number) => {
      for (let i = 0; i < count; i++) await push.send(`message ${i}`, {timeout: 2000})
    }
    await flood(200)
    while (received < 200) await new Promise((resolve) => setImmediate(resolve))
    Object.assign(pull, pull1)
    Object.assign(push, push1)
    await flood(200)
    await receiving
    expect(received).toBe(400)
    push.close()
    pull.close()
  })

  it.each(["Push", "Pair", "Dealer"])("a %s's disconnect() in the middle of a large multipart message, then the peer closing", async (type) => {
    expect(await run("disconnect-mid-multipart.js", type, "tcp")).toEqual(survived("survived\n"))
  })

  it.skipIf(!capability.draft).each(["Peer", "Server", "Router"])(
    "a %s with a disconnectMessage closing while accepted connections drop (needs the draft API)",
    async (type) => {
      expect(await run("disconnect-message-ending-pipe.js", type, "tcp")).toEqual(survived("survived\n"))
    },
  )

  describe("a connect routing id that an earlier connection still holds", () => {
    it("a ROUTER's second connect with the same id takes it; the first goes on under another", async () => {
      expect(await run("connect-routing-id-taken.js", "router-twice")).toEqual(survived("to the second; from the first under another id\n"))
    })

    it("a ROUTER reconnecting with its id right after disconnect()", async () => {
      expect(await run("connect-routing-id-taken.js", "router-reconnect")).toEqual(survived("after the reconnect\n"))
    })

    it("a STREAM's second connect with the same id takes it", async () => {
      expect(await run("connect-routing-id-taken.js", "stream-twice")).toEqual(survived('first got "", second got "to the second"\n'))
    })
  })

  // Its addresses are IPv4 "ip:port" only; with ipv6 set, the first datagram received
  // (even from an IPv4 sender, mapped) aborted the process (udp_engine.cpp:569).
  it.skipIf(!capability.draft)("a DGRAM socket with ipv6 set is refused at bind and connect (EAFNOSUPPORT)", async () => {
    const datagram = new Datagram({linger: 0, ipv6: true})
    const address = "udp://127.0.0.1:45679"
    await expect(datagram.bind(address)).rejects.toMatchObject({code: "EAFNOSUPPORT", address})
    await expect(datagram.bind(address)).rejects.toThrow(/IPv4 only \(set ipv6 to false\)/)
    expect(() => datagram.connect(address)).toThrow(expect.objectContaining({code: "EAFNOSUPPORT"}))
    datagram.ipv6 = false
    await expect(datagram.bind(address)).resolves.toBeUndefined()
    datagram.close()
  })

  it.skipIf(!capability.draft)("a DGRAM socket refuses transports other than udp:// (it aborted on an empty body over tcp)", async () => {
    const datagram = new Datagram({linger: 0})
    const addresses = ["tcp://127.0.0.1:*", "inproc://dgram"]
    if (capability.ipc) addresses.push("ipc:///tmp/zmq-napi-dgram")
    for (const address of addresses) {
      await expect(datagram.bind(address)).rejects.toMatchObject({code: "ENOCOMPATPROTO", address})
      expect(() => datagram.connect(address.replace("*", "5555"))).toThrow(expect.objectContaining({code: "ENOCOMPATPROTO"}))
    }
    datagram.close()
  })

  it("a send on a DGRAM socket with no pipe yet waits (and times out) instead of aborting", async () => {
    expect(await run("datagram-unbound-send.js")).toEqual(survived("EAGAIN\nEAGAIN\n"))
  })

  it("a DISH on udp:// ignores datagrams with odd group lengths, and groups of 128 bytes and more work", async () => {
    expect(await run("dish-udp-bad-datagrams.js")).toEqual(survived("long sunny\n"))
  })

  it("a RADIO or DGRAM message too large for a udp:// datagram is dropped, and later ones arrive", async () => {
    expect(await run("udp-oversized-messages.js")).toEqual(survived("radio: all that fit, none larger\ndgram: all that fit, none larger\n"))
  })

  it("a DISH's join and leave requests read as empty frames at an inproc peer that is not a RADIO", async () => {
    expect(await run("dish-inproc-not-radio.js")).toEqual(
      survived("pull read 0 and 0\ndealer read 0\nsub read EAGAIN and 0\nthe DISH's receive ended with EAGAIN\n"),
    )
  })

  it("a STREAM socket given a multipart message over inproc receives each frame as a chunk", async () => {
    expect(await run("stream-inproc-multipart.js")).toEqual(survived("a b c from 1 peer\n"))
  })

  it("an XPUB's copy of an upstream message is not shared: a proxy's capture leaves its body alone", async () => {
    expect(await run("xpub-shared-upstream.js")).toEqual(survived("800 of 800 intact\n"))
  })

  it.each(["alone", "with-authenticator"])("a PLAIN server with zapEnforceDomain and no zapDomain refuses clients (%s)", async (variant) => {
    expect(await run("plain-enforce-no-domain.js", variant)).toEqual(survived("handshake:error:other EFAULT, asked 0, readable false, warned ZMQ_NAPI_ZAP_ENFORCE_WITHOUT_DOMAIN\n"))
  })
})
