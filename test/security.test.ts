import {randomBytes} from "node:crypto"

import {describe, expect, it} from "vitest"

import * as zmq from "../src"
import {expectDelivered, pair, Pairing} from "./security-helpers"
import {contextPerTest} from "./helpers"

const noCurve = !zmq.capability.curve
/** A private context per test: each has its own ZAP endpoint. */
const newContext = contextPerTest()

/** Refused: the given outcome on the server, a handshake failure on the client, nothing delivered. */
async function expectRefused(pairing: Pairing): Promise<zmq.Event> {
  const [serverOutcome, clientOutcome] = await Promise.all([pairing.serverOutcome, pairing.clientOutcome])
  expect(clientOutcome.type).toMatch(/^handshake:error:/)
  expect(serverOutcome.type).toMatch(/^handshake:error:/)
  expect(pairing.server.readable).toBe(false)
  return serverOutcome
}

describe("keys", () => {
  it.skipIf(noCurve)("curvePublicKey derives the public key from the secret key (Z85 or 32 bytes)", () => {
    const {publicKey, secretKey} = zmq.curveKeyPair()
    expect(zmq.curvePublicKey(secretKey)).toBe(publicKey)
    expect(zmq.curvePublicKey(zmq.z85Decode(secretKey))).toBe(publicKey)
    expect(zmq.curvePublicKey(new Uint8Array(zmq.z85Decode(secretKey)))).toBe(publicKey)
    expect(zmq.curvePublicKey(zmq.curveKeyPair().secretKey)).not.toBe(publicKey)
  })

  it("curvePublicKey rejects what is not a key", () => {
    expect(() => zmq.curvePublicKey(42 as never)).toThrow(TypeError)
    expect(() => zmq.curvePublicKey("short")).toThrow(RangeError)
    expect(() => zmq.curvePublicKey("x".repeat(45))).toThrow(/secretKey/)
    expect(() => zmq.curvePublicKey(Buffer.alloc(31))).toThrow(RangeError)
    expect(() => zmq.curvePublicKey("~".repeat(40))).toThrow(RangeError)
  })

  it("z85 follows ZMQ RFC 32 and round-trips", () => {
    const rfcBytes = Buffer.from([0x86, 0x4f, 0xd2, 0x6f, 0xb5, 0x59, 0xf7, 0x5b])
    expect(zmq.z85Encode(rfcBytes)).toBe("HelloWorld")
    expect(zmq.z85Decode("HelloWorld")).toEqual(rfcBytes)
    const bytes = randomBytes(64)
    expect(zmq.z85Decode(zmq.z85Encode(bytes))).toEqual(bytes)
    expect(zmq.z85Encode(new Uint8Array(bytes).buffer)).toBe(zmq.z85Encode(bytes))
    expect(zmq.z85Encode(Buffer.alloc(0))).toBe("")
    expect(zmq.z85Decode("")).toEqual(Buffer.alloc(0))
  })

  it("z85 bad lengths and characters are RangeErrors, bad types TypeErrors", () => {
    expect(() => zmq.z85Encode(Buffer.alloc(3))).toThrow(RangeError)
    expect(() => zmq.z85Encode(Buffer.alloc(3))).toThrow(/data/)
    expect(() => zmq.z85Decode("Hello!")).toThrow(RangeError)
    expect(() => zmq.z85Decode("Hello!")).toThrow(/text/)
    expect(() => zmq.z85Decode('Hell"')).toThrow(RangeError)
    expect(() => zmq.z85Decode("\u0000ello")).toThrow(RangeError)
    expect(() => zmq.z85Encode("text" as never)).toThrow(TypeError)
    expect(() => zmq.z85Decode(Buffer.from("HelloWorld") as never)).toThrow(TypeError)
  })
})

describe.skipIf(noCurve)("CURVE", () => {
  const server = zmq.curveKeyPair()
  const client = zmq.curveKeyPair()
  const stranger = zmq.curveKeyPair()
  const serverOptions = {curveServer: true, curveSecretKey: server.secretKey}
  const clientOptions = (keys: {publicKey: string; secretKey: string}, serverKey = server.publicKey) => ({
    curveServerKey: serverKey,
    curvePublicKey: keys.publicKey,
    curveSecretKey: keys.secretKey,
  })

  it("encrypts end to end; the options read back", async () => {
    const pairing = await pair(newContext(), serverOptions, clientOptions(client))
    await expectDelivered(pairing)
    expect(pairing.server.securityMechanism).toBe("curve")
    expect(pairing.client.securityMechanism).toBe("curve")
    expect(pairing.server.curveServer).toBe(true)
    expect(pairing.client.curveServer).toBe(false)
    expect(pairing.client.curveServerKey).toBe(server.publicKey)
    expect(pairing.client.curvePublicKey).toBe(client.publicKey)
  })

  it("a wrong server key is refused: a protocol error on the server, nothing delivered", async () => {
    const pairing = await pair(newContext(), serverOptions, clientOptions(client, stranger.publicKey))
    const outcome = await expectRefused(pairing)
    expect(outcome).toMatchObject({type: "handshake:error:protocol", error: {code: "ERR_ZMTP_CRYPTOGRAPHIC"}})
  })

  it("with the authenticator, an allowed client key passes", async () => {
    const context = newContext()
    new zmq.Authenticator({context}).start().configureCurve("*", [client.publicKey])
    await expectDelivered(await pair(context, serverOptions, clientOptions(client)))
  })

  it("with the authenticator, a client key not allowed is refused with status 400", async () => {
    const context = newContext()
    new zmq.Authenticator({context}).start().configureCurve("*", [zmq.z85Decode(client.publicKey)])
    const pairing = await pair(context, serverOptions, clientOptions(stranger))
    const outcome = await expectRefused(pairing)
    expect(outcome).toMatchObject({type: "handshake:error:auth", error: {status: 400}})
    expect(await pairing.clientOutcome).toMatchObject({type: "handshake:error:auth", error: {status: 400}})
  })

  it("CURVE_ALLOW_ANY accepts any client key; keys are per domain", async () => {
    const context = newContext()
    new zmq.Authenticator({context}).start().configureCurve("open", zmq.CURVE_ALLOW_ANY).configureCurve("*", [client.publicKey])
    await expectDelivered(await pair(context, {...serverOptions, zapDomain: "open"}, clientOptions(stranger)))
    const closed = await pair(context, {...serverOptions, zapDomain: "closed"}, clientOptions(stranger))
    expect(await expectRefused(closed)).toMatchObject({type: "handshake:error:auth", error: {status: 400}})
  })
})

describe("PLAIN", () => {
  const serverOptions = {plainServer: true}

  it("a user with the right password passes; the options read back", async () => {
    const context = newContext()
    new zmq.Authenticator({context}).start().configurePlain("*", {alice: "wonderland"})
    const pairing = await pair(context, serverOptions, {plainUsername: "alice", plainPassword: "wonderland"})
    await expectDelivered(pairing)
    expect(pairing.server.securityMechanism).toBe("plain")
    expect(pairing.client.plainUsername).toBe("alice")
    expect(pairing.client.plainPassword).toBe("wonderland")
  })

  it("a bad password is refused with status 400, nothing delivered", async () => {
    const context = newContext()
    new zmq.Authenticator({context}).start().configurePlain("*", new Map([["alice", "wonderland"]]))
    const pairing = await pair(context, serverOptions, {plainUsername: "alice", plainPassword: "looking-glass"})
    expect(await expectRefused(pairing)).toMatchObject({type: "handshake:error:auth", error: {status: 400}})
  })

  it("an unknown user, or a domain without passwords, is refused", async () => {
    const context = newContext()
    new zmq.Authenticator({context}).start().configurePlain("garden", {alice: "wonderland"})
    const unknown = await pair(context, {...serverOptions, zapDomain: "garden"}, {plainUsername: "bob", plainPassword: "wonderland"})
    expect(await expectRefused(unknown)).toMatchObject({type: "handshake:error:auth", error: {status: 400}})
    const elsewhere = await pair(context, {...serverOptions, zapDomain: "house"}, {plainUsername: "alice", plainPassword: "wonderland"})
    expect(await expectRefused(elsewhere)).toMatchObject({type: "handshake:error:auth", error: {status: 400}})
  })
})

describe("addresses", () => {
  // With the NULL mechanism libzmq asks the ZAP handler only when a zapDomain is set.
  const serverOptions = {zapDomain: "local"}

  it("a denied address is refused with status 400, nothing delivered", async () => {
    const context = newContext()
    new zmq.Authenticator({context}).start().deny("127.0.0.1")
    const pairing = await pair(context, serverOptions, {})
    expect(await expectRefused(pairing)).toMatchObject({type: "handshake:error:auth", error: {status: 400}})
  })

  it("an allow list lets only its addresses in", async () => {
    const context = newContext()
    const auth = new zmq.Authenticator({context}).start().allow("192.0.2.1")
    expect(await expectRefused(await pair(context, serverOptions, {}))).toMatchObject({type: "handshake:error:auth"})
    auth.allow("127.0.0.1").deny("127.0.0.1") // deny lists do not apply next to an allow list
    await expectDelivered(await pair(context, serverOptions, {}))
  })

  it.skipIf(noCurve)("the address rule comes before the mechanism's", async () => {
    const context = newContext()
    const server = zmq.curveKeyPair()
    const client = zmq.curveKeyPair()
    new zmq.Authenticator({context}).start().deny("127.0.0.1").configureCurve("*", zmq.CURVE_ALLOW_ANY)
    const pairing = await pair(
      context,
      {curveServer: true, curveSecretKey: server.secretKey},
      {curveServerKey: server.publicKey, curvePublicKey: client.publicKey, curveSecretKey: client.secretKey},
    )
    expect(await expectRefused(pairing)).toMatchObject({type: "handshake:error:auth", error: {status: 400}})
  })
})

describe("custom handler", () => {
  it("an async handler sees the request and decides", async () => {
    const context = newContext()
    const seen: zmq.ZapRequest[] = []
    const handler = async (request: zmq.ZapRequest): Promise<zmq.ZapDecision> => {
      seen.push(request)
      await new Promise((resolve) => setImmediate(resolve))
      return request.username === "carol" ? {allow: true, userId: "user-carol"} : {allow: false, reason: "not carol"}
    }
    new zmq.Authenticator({context, handler}).start()
    await expectDelivered(await pair(context, {plainServer: true, zapDomain: "d"}, {plainUsername: "carol", plainPassword: "x"}))
    const refused = await pair(context, {plainServer: true}, {plainUsername: "dave", plainPassword: "y"})
    expect(await expectRefused(refused)).toMatchObject({type: "handshake:error:auth", error: {status: 400}})
    expect(seen[0]).toMatchObject({domain: "d", address: "127.0.0.1", mechanism: "PLAIN", username: "carol", password: "x"})
    expect(seen[0].credentials.map(String)).toEqual(["carol", "x"])
    expect(seen[1]).toMatchObject({domain: "", username: "dave"})
  })

  it("a handler that throws refuses with status 500 and reports the error", async () => {
    const context = newContext()
    const errors: unknown[] = []
    const handler = () => {
      throw new Error("handler bug")
    }
    new zmq.Authenticator({context, handler, onError: (error) => errors.push(error)}).start()
    const pairing = await pair(context, {zapDomain: "d"}, {})
    expect(await expectRefused(pairing)).toMatchObject({type: "handshake:error:auth", error: {status: 500}})
    expect(errors).toEqual([expect.objectContaining({message: "handler bug"})])
  })
})

// ZMQ_ZAP_ENFORCE_DOMAIN is a draft option.
const noDraft = zmq.capability.draft ? "" : " (skipped: this libzmq has no draft API, so no zapEnforceDomain)"

describe.skipIf(noDraft !== "")(`zapEnforceDomain${noDraft}`, () => {
  const deny = () => ({allow: false}) as const

  /** The process warnings `run` causes, read after a turn of the event loop. */
  async function warningsOf(run: () => Promise<void>): Promise<Error[]> {
    const seen: Error[] = []
    const listener = (warning: Error) => seen.push(warning)
    process.on("warning", listener)
    try {
      await run()
      await new Promise((resolve) => setImmediate(resolve))
    } finally {
      process.off("warning", listener)
    }
    return seen.filter((warning) => warning.name === "ZapDomainWarning")
  }

  it.skipIf(noCurve)("a CURVE or PLAIN server without a zapDomain warns once, at its first bind or connect", async () => {
    const context = newContext()
    const curveServer = new zmq.Router({context, linger: 0, curveServer: true, curveSecretKey: zmq.curveKeyPair().secretKey, zapEnforceDomain: true})
    const curveWarnings = await warningsOf(async () => {
      await curveServer.bind("tcp://127.0.0.1:*")
      curveServer.connect("tcp://127.0.0.1:9")
    })
    expect(curveWarnings).toHaveLength(1)
    expect(curveWarnings[0]).toMatchObject({code: "ZMQ_NAPI_ZAP_ENFORCE_WITHOUT_DOMAIN", message: expect.stringMatching(/^A CURVE server socket .* Set zapDomain\.$/)})
    const plainServer = new zmq.Router({context, linger: 0, plainServer: true, zapEnforceDomain: true})
    const plainWarnings = await warningsOf(async () => plainServer.connect("tcp://127.0.0.1:9"))
    expect(plainWarnings.map((warning) => warning.message)).toEqual([expect.stringMatching(/^A PLAIN server socket .*refuses every client/)])
  })

  it.skipIf(noCurve)("no warning with a zapDomain, without the option, or for clients", async () => {
    const context = newContext()
    const keys = zmq.curveKeyPair()
    const client = zmq.curveKeyPair()
    const warnings = await warningsOf(async () => {
      for (const options of [
        {curveServer: true, curveSecretKey: keys.secretKey, zapEnforceDomain: true, zapDomain: "strict"},
        {curveServer: true, curveSecretKey: keys.secretKey},
        {plainServer: true, zapEnforceDomain: false},
        {curveServerKey: keys.publicKey, curvePublicKey: client.publicKey, curveSecretKey: client.secretKey, zapEnforceDomain: true},
        {plainUsername: "alice", plainPassword: "x", zapEnforceDomain: true},
        {zapEnforceDomain: true},
      ]) {
        const socket = new zmq.Dealer({context, linger: 0, ...options})
        await socket.bind("tcp://127.0.0.1:*")
      }
    })
    expect(warnings).toEqual([])
  })

  it("with a zapDomain and no handler running, NULL peers are refused", async () => {
    // The server drops the connection without telling the client why: only its own
    // observer reports the refusal.
    const pairing = await pair(newContext(), {zapDomain: "strict", zapEnforceDomain: true}, {})
    expect(await pairing.serverOutcome).toMatchObject({type: "handshake:error:other", error: {code: "EFAULT"}})
    expect(pairing.server.readable).toBe(false)
  })

  it("with a zapDomain, the handler decides", async () => {
    const context = newContext()
    new zmq.Authenticator({context, handler: deny}).start()
    const pairing = await pair(context, {zapDomain: "strict", zapEnforceDomain: true}, {})
    expect(await expectRefused(pairing)).toMatchObject({type: "handshake:error:auth", error: {status: 400}})
  })

  it.skipIf(noCurve)("without a zapDomain, a CURVE server asks no handler (documented in docs/security.md)", async () => {
    const context = newContext()
    let asked = 0
    new zmq.Authenticator({context, handler: () => (asked++, false)}).start()
    const server = zmq.curveKeyPair()
    const client = zmq.curveKeyPair()
    const serverOptions = {curveServer: true, curveSecretKey: server.secretKey}
    const clientOptions = {curveServerKey: server.publicKey, curvePublicKey: client.publicKey, curveSecretKey: client.secretKey}
    await expectDelivered(await pair(context, {...serverOptions, zapEnforceDomain: true}, clientOptions))
    expect(asked).toBe(0)
    const withDomain = await pair(context, {...serverOptions, zapEnforceDomain: true, zapDomain: "strict"}, clientOptions)
    expect(await expectRefused(withDomain)).toMatchObject({type: "handshake:error:auth", error: {status: 400}})
    expect(asked).toBe(1)
  })
})
