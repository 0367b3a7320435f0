import {describe, expect, it} from "vitest"

import * as zmq from "../src"
import {text} from "./helpers"

describe("socket options", () => {
  it("round-trips integer, boolean and string options through libzmq", () => {
    const dealer = new zmq.Dealer()
    dealer.linger = 250
    dealer.sendHighWaterMark = 17
    dealer.receiveHighWaterMark = 23
    dealer.immediate = true
    dealer.routingId = "my-id"
    dealer.maxMessageSize = 2 ** 40
    dealer.affinity = 3
    dealer.heartbeatInterval = 1500
    expect(dealer.linger).toBe(250)
    expect(dealer.sendHighWaterMark).toBe(17)
    expect(dealer.receiveHighWaterMark).toBe(23)
    expect(dealer.immediate).toBe(true)
    expect(dealer.routingId).toBe("my-id")
    expect(dealer.maxMessageSize).toBe(2 ** 40)
    expect(dealer.affinity).toBe(3)
    expect(dealer.heartbeatInterval).toBe(1500)
    dealer.close()
  })

  it("sets options from the constructor", () => {
    const push = new zmq.Push({linger: 0, sendHighWaterMark: 5, sendTimeout: 100, conflate: true})
    expect(push.linger).toBe(0)
    expect(push.sendHighWaterMark).toBe(5)
    expect(push.sendTimeout).toBe(100)
    expect(push.conflate).toBe(true)
    push.close()
  })

  it("reports libzmq defaults", () => {
    const pull = new zmq.Pull()
    expect(pull.linger).toBe(-1)
    expect(pull.receiveHighWaterMark).toBe(1000)
    expect(pull.receiveTimeout).toBe(-1)
    expect(pull.type).toBe(zmq.SocketType.Pull)
    expect(pull.securityMechanism).toBe(null)
    expect(pull.lastEndpoint).toBe(null)
    expect(pull.threadSafe).toBe(false)
    pull.close()
  })

  it("rejects unknown option names with a TypeError naming them", () => {
    expect(() => new zmq.Dealer({bogus: 1} as never)).toThrow(TypeError)
    expect(() => new zmq.Dealer({bogus: 1} as never)).toThrow(/bogus/)
  })

  it("says a draft option needs zmq-napi/draft rather than ignoring it (this file never imports it)", () => {
    const router = new zmq.Router()
    const context = new zmq.Context()
    const hint = /Option "(inBatchSize|helloMessage|notify|zeroCopyReceive)" is a draft option: import "zmq-napi\/draft"/
    expect(() => ((router as unknown as {inBatchSize: number}).inBatchSize = 8192)).toThrow(TypeError)
    expect(() => ((router as unknown as {inBatchSize: number}).inBatchSize = 8192)).toThrow(hint)
    expect(() => (router as unknown as {helloMessage: unknown}).helloMessage).toThrow(hint)
    expect(() => new zmq.Router({notify: 1} as never)).toThrow(hint)
    expect(() => ((context as unknown as {zeroCopyReceive: boolean}).zeroCopyReceive = false)).toThrow(hint)
    // Only where the option applies once drafts are loaded, and never listed.
    expect(() => new zmq.Push({helloMessage: "x"} as never)).toThrow(/Unknown option "helloMessage" for Push/)
    expect(Object.keys({...router})).not.toContain("inBatchSize")
    const listed: string[] = []
    for (const name in router) listed.push(name)
    expect(listed).not.toContain("inBatchSize")
    expect(listed).toContain("linger")
    router.close()
  })

  it("enforces read-only options", () => {
    const dealer = new zmq.Dealer()
    expect(() => new zmq.Dealer({type: 1} as never)).toThrow(/read-only/)
    expect(() => {
      ;(dealer as {lastEndpoint: unknown}).lastEndpoint = "x"
    }).toThrow(TypeError)
    dealer.close()
  })

  it("puts per-type options only on the classes they apply to", () => {
    const pull = new zmq.Pull()
    const push = new zmq.Push()
    const router = new zmq.Router()
    expect("receiveHighWaterMark" in pull).toBe(true)
    expect("sendHighWaterMark" in pull).toBe(false)
    expect("receiveHighWaterMark" in push).toBe(false)
    expect("mandatory" in router).toBe(true)
    expect("mandatory" in pull).toBe(false)
    expect("send" in pull).toBe(false)
    expect("receive" in push).toBe(false)
    expect(() => new zmq.Pull({sendHighWaterMark: 1} as never)).toThrow(/sendHighWaterMark/)
    router.mandatory = true
    expect(router.mandatory).toBe(true)
    for (const socket of [pull, push, router]) socket.close()
  })

  it("validates option values with errors that name the option", () => {
    const dealer = new zmq.Dealer()
    expect(() => (dealer.linger = "long" as never)).toThrow(TypeError)
    expect(() => (dealer.linger = "long" as never)).toThrow(/linger/)
    expect(() => (dealer.linger = 1.5)).toThrow(RangeError)
    expect(() => (dealer.sendHighWaterMark = 2 ** 40)).toThrow(/sendHighWaterMark/)
    expect(() => (dealer.immediate = 1 as never)).toThrow(/immediate/)
    expect(() => (dealer.routingId = 42 as never)).toThrow(/routingId/)
    dealer.close()
  })

  it("maps enumerated options to their names", () => {
    const dealer = new zmq.Dealer()
    expect(() => (dealer.gssapiPrincipalNameType = "nope" as never)).toThrow(TypeError)
    if (zmq.capability.gssapi) {
      dealer.gssapiPrincipalNameType = "userName"
      expect(dealer.gssapiPrincipalNameType).toBe("userName")
    } else {
      // Without GSSAPI libzmq refuses the option itself.
      expect(() => dealer.gssapiPrincipalNameType).toThrow(expect.objectContaining({code: "EINVAL"}))
    }
    dealer.close()
  })

  it("sets curve keys and reads them back as Z85", () => {
    if (!zmq.capability.curve) return
    const {publicKey, secretKey} = zmq.curveKeyPair()
    expect(publicKey).toHaveLength(40)
    const dealer = new zmq.Dealer({curveServerKey: publicKey, curvePublicKey: publicKey, curveSecretKey: secretKey})
    expect(dealer.curveServerKey).toBe(publicKey)
    expect(dealer.curveSecretKey).toBe(secretKey)
    expect(dealer.securityMechanism).toBe("curve")
    dealer.close()
  })

  it("remembers write-only options", () => {
    const xpub = new zmq.XPublisher()
    expect(xpub.manual).toBe(false)
    xpub.manual = true
    xpub.welcomeMessage = "hi"
    xpub.verbosity = "allSubs"
    expect(xpub.manual).toBe(true)
    expect(xpub.welcomeMessage).toBe("hi")
    expect(xpub.verbosity).toBe("allSubs")
    expect(() => (xpub.verbosity = "loud" as never)).toThrow(TypeError)
    xpub.close()
  })

  // Subscribers that all subscribe to "t", then one unsubscribes: which of those messages
  // reach the XPUB. Without verbosity only the first subscription would.
  it.each([
    ["allSubs", ["\x01t", "\x01t"]],
    ["allSubsUnsubs", ["\x01t", "\x01t", "\x00t"]],
  ] as const)("verbosity %s, given to the constructor, passes up what it names", async (verbosity, expected) => {
    const xpub = new zmq.XPublisher({verbosity})
    expect(xpub.verbosity).toBe(verbosity)
    const address = `inproc://verbosity-${verbosity}`
    await xpub.bind(address)
    const subscribers = [new zmq.Subscriber(), new zmq.Subscriber()]
    const received: string[] = []
    for (const sub of subscribers) {
      sub.connect(address)
      sub.subscribe("t")
      received.push(...text(await xpub.receive({timeout: 2000})))
    }
    subscribers[0].unsubscribe("t")
    // "allSubs" passes up no unsubscription while another subscriber keeps the topic; a
    // subscription sent after it, on the same connection, marks where it would have come.
    subscribers[0].subscribe("end")
    for (;;) {
      const [message] = text(await xpub.receive({timeout: 2000}))
      if (message === "\x01end") break
      received.push(message)
    }
    expect(received).toEqual(expected)
    for (const sub of subscribers) sub.close()
    xpub.close()
  })

  it.skipIf(zmq.capability.gssapi)("an option this libzmq refuses is named, read or written (needs a libzmq without GSSAPI)", () => {
    const dealer = new zmq.Dealer()
    const why = "this libzmq was built without GSSAPI (capability.gssapi is false)"
    expect(() => dealer.gssapiServer).toThrow(expect.objectContaining({code: "EINVAL", message: `Invalid argument (get option gssapiServer: ${why})`}))
    expect(() => (dealer.gssapiServer = true)).toThrow(
      expect.objectContaining({code: "EINVAL", message: `Invalid argument (set option gssapiServer: ${why})`}),
    )
    dealer.close()
  })

  it("a value libzmq refuses is a RangeError saying what the option accepts (code EINVAL)", () => {
    const refused = (set: () => void) => {
      try {
        set()
      } catch (error) {
        return error as RangeError & {code?: string; errno?: number}
      }
      throw new Error("the value was accepted")
    }
    const router = new zmq.Router()
    const linger = refused(() => (router.linger = -2))
    expect(linger).toBeInstanceOf(RangeError)
    expect(linger).toMatchObject({code: "EINVAL", errno: 22, message: 'Option "linger" must be -1 (wait for ever) or more, not -2'})
    // Both read as null until set, but libzmq has no way to clear them.
    expect(refused(() => (router.routingId = null)).message).toBe(
      'Option "routingId" must be 1 to 255 bytes (libzmq cannot clear a routing id once set), not null',
    )
    expect(refused(() => (router.zapDomain = "")).message).toMatch(/^Option "zapDomain" must be 1 to 255 bytes .*, not 0 bytes$/)
    // Addresses are quoted; keys and passwords are secrets, so only their length is told.
    expect(refused(() => (router.tcpAcceptFilter = "no-such-host")).message).toMatch(/, not "no-such-host"$/)
    const key = refused(() => (router.curveSecretKey = "secret"))
    expect(key.message).toBe('Option "curveSecretKey" must be a key of 40 Z85 characters or 32 bytes, not 6 bytes')
    expect(() => new zmq.Dealer({sendHighWaterMark: -1})).toThrow(RangeError)
    expect(() => router.connect("inproc://options-empty-routing-id", {routingId: ""})).toThrow(/"routingId" must be 1 or more bytes/)
    // Nothing was changed by the refusals.
    expect([router.linger, router.routingId, router.zapDomain]).toEqual([-1, null, null])
    router.close()
  })

  // zeromq@6 code that adds options in a subclass, through its protected accessors.
  it("subclasses reach options by number with zeromq@6's protected accessors", () => {
    class Tuned extends zmq.Dealer {
      byNumber() {
        this.setInt32Option(17, 250) // ZMQ_LINGER
        this.setBoolOption(39, true) // ZMQ_IMMEDIATE
        this.setUint64Option(4, 3) // ZMQ_AFFINITY
        this.setInt64Option(22, 4096) // ZMQ_MAXMSGSIZE
        this.setStringOption(5, "tuned") // ZMQ_ROUTING_ID
        return [this.getInt32Option(17), this.getBoolOption(39), this.getUint64Option(4), this.getInt64Option(22), this.getStringOption(5)]
      }

      refused() {
        this.setInt32Option(17, -2)
      }
    }
    const tuned = new Tuned()
    expect(tuned.byNumber()).toEqual([250, true, 3, 4096, "tuned"])
    // The same options by name see the values.
    expect([tuned.linger, tuned.immediate, tuned.affinity, tuned.maxMessageSize, tuned.routingId]).toEqual([250, true, 3, 4096, "tuned"])
    expect(() => tuned.refused()).toThrow('Option "17" must be -1 (wait for ever) or more, not -2')
    tuned.close()

    class TunedContext extends zmq.Context {
      threads(count: number) {
        this.setInt32Option(1, count) // ZMQ_IO_THREADS
        return [this.getInt32Option(1), this.getBoolOption(70)] // ZMQ_BLOCKY
      }
    }
    const context = new TunedContext()
    expect(context.threads(3)).toEqual([3, true])
    expect(context.ioThreads).toBe(3)
    context.close()
  })

  it("reading an option of a closed socket fails clearly", () => {
    const pull = new zmq.Pull()
    pull.close()
    expect(() => pull.linger).toThrow("Socket is closed")
  })
})

describe("context options", () => {
  it("round-trips and validates context options", () => {
    const context = new zmq.Context({ioThreads: 2, maxSockets: 64})
    expect(context.ioThreads).toBe(2)
    expect(context.maxSockets).toBe(64)
    expect(context.blocky).toBe(true)
    context.blocky = false
    expect(context.blocky).toBe(false)
    expect(context.maxSocketsLimit).toBeGreaterThan(1000)
    context.threadPriority = 1
    expect(context.threadPriority).toBe(1)
    expect(() => new zmq.Context({bogus: 1} as never)).toThrow(/bogus/)
    expect(() => (context.ioThreads = "x" as never)).toThrow(/ioThreads/)
    context.close()
  })

  it("maxSockets past maxSocketsLimit is a RangeError (libzmq would overflow its slot count and abort)", () => {
    const context = new zmq.Context()
    expect(() => (context.maxSockets = context.maxSocketsLimit + 1)).toThrow(RangeError)
    expect(() => (context.maxSockets = 2 ** 31 - 1)).toThrow(/maxSockets/)
    context.maxSockets = context.maxSocketsLimit
    new zmq.Pair({context}).close()
    context.close()
  })

  it("a value libzmq refuses names the context option", () => {
    let error: (Error & {code?: string}) | undefined
    try {
      new zmq.Context({threadSchedulingPolicy: -1})
    } catch (thrown) {
      error = thrown as typeof error
    }
    expect(error).toBeInstanceOf(RangeError)
    expect(error).toMatchObject({code: "EINVAL", message: 'Option "threadSchedulingPolicy" must be 0 or more, not -1'})
    const context = new zmq.Context()
    expect(() => (context.ioThreads = -1)).toThrow('Option "ioThreads" must be 0 or more, not -1')
    expect(context.ioThreads).toBe(1)
    context.close()
  })

  it("blocky=false gives new sockets linger 0", () => {
    const context = new zmq.Context({blocky: false})
    const push = new zmq.Push({context})
    expect(push.linger).toBe(0)
    context.close()
  })
})
