import {randomBytes} from "node:crypto"
import {constants} from "node:os"
import path from "node:path"

import {describe, expect, it} from "vitest"

import * as zmq from "../src"
import {runNode} from "./child-process"
import {contextPerTest, text} from "./helpers"

/** A private context per test: each has its own ZAP endpoint. */
const newContext = contextPerTest()

/** Speaks ZAP to the authenticator the way libzmq does, to see the raw reply. */
async function ask(context: zmq.Context, body: Array<string | Buffer>): Promise<string[] & {frames: Buffer[]}> {
  const requester = new zmq.Dealer({context, linger: 0})
  requester.connect(zmq.ZAP_ENDPOINT)
  await requester.send(["", ...body])
  const frames = await requester.receive()
  requester.close()
  return Object.assign(text(frames), {frames})
}

const plainRequest = (id: string, user: string, password: string) => ["1.0", id, "domain", "10.0.0.1", "", "PLAIN", user, password]

describe("ZAP protocol (RFC 27)", () => {
  it("replies carry the request id, status, the user id and encoded metadata", async () => {
    const context = newContext()
    new zmq.Authenticator({
      context,
      handler: () => ({allow: true, userId: "user-7", metadata: {"X-Role": "admin", "X-Raw": Buffer.from([1, 2])}}),
    }).start()
    const reply = await ask(context, plainRequest("req-1", "seven", "pw"))
    expect(reply.slice(0, 6)).toEqual(["", "1.0", "req-1", "200", "OK", "user-7"])
    const expected = Buffer.concat([
      Buffer.from([6]), Buffer.from("X-Role"), Buffer.from([0, 0, 0, 5]), Buffer.from("admin"),
      Buffer.from([5]), Buffer.from("X-Raw"), Buffer.from([0, 0, 0, 2]), Buffer.from([1, 2]),
    ])
    expect(reply.frames[6]).toEqual(expected)
  })

  it("the built-in rules give the PLAIN user name or the CURVE key (Z85) as user id", async () => {
    const context = newContext()
    const key = randomBytes(32)
    new zmq.Authenticator({context}).start().configurePlain("*", {ann: "pw"}).configureCurve("*", [key])
    expect((await ask(context, plainRequest("a", "ann", "pw"))).slice(3, 6)).toEqual(["200", "OK", "ann"])
    expect((await ask(context, plainRequest("b", "ann", "nope"))).slice(3, 6)).toEqual(["400", "Invalid user name or password", ""])
    const curve = await ask(context, ["1.0", "c", "", "10.0.0.1", "", "CURVE", key])
    expect(curve.slice(3, 6)).toEqual(["200", "OK", zmq.z85Encode(key)])
    const nullRequest = await ask(context, ["1.0", "d", "", "10.0.0.1", "", "NULL"])
    expect(nullRequest.slice(3, 6)).toEqual(["200", "OK", ""])
    const gssapi = await ask(context, ["1.0", "e", "", "10.0.0.1", "", "GSSAPI", "principal"])
    expect(gssapi[3]).toBe("400")
  })

  it("malformed requests get status 500; a handler's bad answer too", async () => {
    const context = newContext()
    const errors: unknown[] = []
    new zmq.Authenticator({context, handler: () => "yes" as never, onError: (error) => errors.push(error)}).start()
    expect((await ask(context, ["1.0", "short"]))[3]).toBe("500")
    expect((await ask(context, ["2.0", "v", "d", "a", "", "NULL"])).slice(3, 5)).toEqual(["500", 'Unsupported ZAP version "2.0"'])
    expect((await ask(context, ["1.0", "k", "d", "a", "", "CURVE", "not 32 bytes"]))[3]).toBe("500")
    expect((await ask(context, plainRequest("h", "u", "p"))).slice(3, 5)).toEqual(["500", "Internal error"])
    expect(errors).toEqual([expect.any(TypeError)])
  })

  // As a reply frame it failed to send, and libzmq waited for its reply forever.
  it("a decision whose userId or reason is not a string is a 500 reply and reaches onError", async () => {
    const context = newContext()
    const errors: unknown[] = []
    const decisions = [{allow: true, userId: {name: "alice"}}, {allow: false, reason: 42}]
    new zmq.Authenticator({context, handler: () => decisions.shift() as never, onError: (error) => errors.push(error)}).start()
    expect((await ask(context, plainRequest("u", "u", "p"))).slice(3, 5)).toEqual(["500", "Internal error"])
    expect((await ask(context, plainRequest("r", "u", "p"))).slice(3, 5)).toEqual(["500", "Internal error"])
    expect(errors).toEqual([
      expect.objectContaining({name: "TypeError", message: expect.stringContaining("userId")}),
      expect.objectContaining({name: "TypeError", message: expect.stringContaining("reason")}),
    ])
  })

  it("a refusal may carry its own status and reason", async () => {
    const context = newContext()
    new zmq.Authenticator({context, handler: () => ({allow: false, status: 300, reason: "try later"})}).start()
    expect((await ask(context, plainRequest("t", "u", "p"))).slice(3, 6)).toEqual(["300", "try later", ""])
  })
})

describe("Authenticator lifecycle and arguments", () => {
  it("one per context: a second start is EADDRINUSE; stop() frees the endpoint", async () => {
    const context = newContext()
    const first = new zmq.Authenticator({context}).start()
    expect(first.running).toBe(true)
    expect(() => first.start()).toThrow(expect.objectContaining({code: "EBUSY", errno: constants.errno.EBUSY}))
    expect(() => new zmq.Authenticator({context}).start()).toThrow(expect.objectContaining({code: "EADDRINUSE"}))
    first.stop()
    expect(first.running).toBe(false)
    const second = new zmq.Authenticator({context}).start()
    expect((await ask(context, ["1.0", "n", "", "10.0.0.1", "", "NULL"]))[3]).toBe("200")
    second.stop()
  })

  it("closing its context stops it", () => {
    const context = new zmq.Context()
    const auth = new zmq.Authenticator({context}).start()
    context.close()
    expect(auth.running).toBe(false)
  })

  it("bad arguments are TypeErrors or RangeErrors naming them", () => {
    expect(() => new zmq.Authenticator(5 as never)).toThrow(/options/)
    expect(() => new zmq.Authenticator({context: {} as never})).toThrow(/context/)
    expect(() => new zmq.Authenticator({handler: 1 as never})).toThrow(/handler/)
    const auth = new zmq.Authenticator({context: newContext()})
    expect(() => auth.allow(1 as never)).toThrow(/addresses\[0\]/)
    expect(() => auth.deny("10.0.0.1", null as never)).toThrow(/addresses\[1\]/)
    // libzmq reports peers by numeric IP: these would never match, so a deny would deny nothing.
    for (const address of ["localhost", "10.0.0.1:5555", "tcp://10.0.0.1", ""]) {
      expect(() => auth.deny(address)).toThrow(RangeError)
      expect(() => auth.deny(address)).toThrow(new RangeError(`The "addresses[0]" argument must be a numeric IP address such as "10.0.0.5" or "::1", got ${JSON.stringify(address)}`))
    }
    expect(auth.allow("::1", "10.0.0.5", "::ffff:127.0.0.1")).toBe(auth)
    expect(() => auth.configurePlain(1 as never, {})).toThrow(/domain/)
    expect(() => auth.configurePlain("*", {user: 5 as never})).toThrow(/passwords/)
    expect(() => auth.configureCurve("*", 5 as never)).toThrow(/publicKeys/)
    // One key given bare would iterate as characters or bytes (a detached one not at all).
    const key = zmq.curveKeyPair().publicKey
    expect(() => auth.configureCurve("*", key as never)).toThrow(/put a single key in an array/)
    const detached = new Uint8Array(32)
    structuredClone(detached.buffer, {transfer: [detached.buffer]})
    expect(() => auth.configureCurve("*", detached as never)).toThrow(/put a single key in an array/)
    expect(() => auth.configureCurve("*", ["short"])).toThrow(RangeError)
    expect(() => auth.configureCurve("*", [Buffer.alloc(31)])).toThrow(RangeError)
  })

  it("a running authenticator does not keep the process alive", async () => {
    const script = path.join(__dirname, "fixtures", "exit-with-authenticator.js")
    const outcome = await runNode(script)
    expect(outcome).toEqual({code: 0, signal: null, stdout: "authenticated\n", stderr: ""})
  })
})

describe("the user id reaches the application", () => {
  it("a PLAIN client's messages carry the authenticated User-Id and metadata", async () => {
    const context = newContext()
    new zmq.Authenticator({
      context,
      handler: (request) => ({allow: request.mechanism === "PLAIN", userId: "user-42", metadata: {"X-Team": "blue"}}),
    }).start()
    const server = new zmq.Router({context, plainServer: true})
    server.messageProperties = ["User-Id", "X-Team", "Peer-Address"]
    await server.bind("tcp://127.0.0.1:*")
    const client = new zmq.Dealer({context, plainUsername: "ann", plainPassword: "secret"})
    client.connect(server.lastEndpoint!)
    await client.send("hello")
    const message = await server.receive()
    expect(text(message).slice(1)).toEqual(["hello"])
    expect(zmq.getMessageProperties(message)).toEqual({"User-Id": "user-42", "X-Team": "blue", "Peer-Address": "127.0.0.1"})
    server.close()
    client.close()
  })
})
