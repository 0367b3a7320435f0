import {describe, expect, it} from "vitest"

import {Authenticator, capability} from "../../src"
import {bindSync, message, socket, zmq} from "./helpers"

const ZMQ_NULL = 0
const ZMQ_PLAIN = 1
const ZMQ_CURVE = 2

/** A rep server echoing requests, and a req client; both configured before connecting. */
async function roundTrip(server: zmq.Socket, client: zmq.Socket): Promise<string[]> {
  server.on("message", (request: Buffer) => server.send(`secure ${request}`))
  client.connect(bindSync(server, "tcp"))
  const reply = message(client)
  client.send("hello")
  return reply
}

describe("compat security mechanisms", () => {
  it("NULL: the default", async () => {
    const server = socket("rep")
    const client = socket("req")
    expect(server.mechanism).toBe(ZMQ_NULL)
    expect(await roundTrip(server, client)).toEqual(["secure hello"])
  })

  it("PLAIN: set through the option names; credentials checked by a ZAP handler", async () => {
    // libzmq 4.3.4 fails a PLAIN handshake outright when no ZAP handler is bound, so the
    // test brings one: a compat REP socket at the well-known inproc address (RFC 27).
    const zap = socket("rep")
    zap.bindSync("inproc://zeromq.zap.01")
    const requests: string[][] = []
    zap.on("message", (...frames: Buffer[]) => {
      const [version, requestId, , , , mechanism, username, password] = frames
      requests.push([String(mechanism), String(username), String(password)])
      const ok = String(username) === "admin" && String(password) === "secret"
      zap.send([version, requestId, ok ? "200" : "400", ok ? "OK" : "Denied", ok ? String(username) : "", ""])
    })

    const server = socket("rep", {plain_server: 1})
    const client = socket("req")
    client.plain_username = "admin"
    client.setsockopt(zmq.ZMQ_PLAIN_PASSWORD, "secret")
    expect(server.mechanism).toBe(ZMQ_PLAIN)
    expect(client.mechanism).toBe(ZMQ_PLAIN)
    expect(server.plain_server).toBe(1)
    expect(client.plain_username).toBe("admin")
    expect(client.getsockopt("plain_password")).toBe("secret")
    expect(await roundTrip(server, client)).toEqual(["secure hello"])

    // Wrong credentials reach the handler, which refuses them.
    const intruder = socket("req", {plain_username: "admin", plain_password: "guess"})
    const refused = new Promise<void>((resolve) => zap.once("message", () => resolve()))
    intruder.connect(server.last_endpoint)
    await refused
    // (The refused client retries later; only the first two requests matter here.)
    expect(requests.slice(0, 2)).toEqual([
      ["PLAIN", "admin", "secret"],
      ["PLAIN", "admin", "guess"],
    ])
    // Release the endpoint now (a close frees it only later) for the next test's handler.
    zap.unbindSync("inproc://zeromq.zap.01")
  })

  it.skipIf(!capability.curve)("CURVE: keys from curveKeypair(), set as Z85 text or raw bytes", async () => {
    const serverKeys = zmq.curveKeypair()
    const clientKeys = zmq.curveKeypair()
    const server = socket("rep")
    server.curve_server = 1
    server.curve_secretkey = serverKeys.secret
    const client = socket("req")
    client.curve_serverkey = serverKeys.public
    client.setsockopt(zmq.ZMQ_CURVE_PUBLICKEY, clientKeys.public)
    client.setsockopt("curve_secretkey", clientKeys.secret)
    expect(server.mechanism).toBe(ZMQ_CURVE)
    expect(client.mechanism).toBe(ZMQ_CURVE)
    expect(client.curve_serverkey).toBe(serverKeys.public)
    expect(client.curve_publickey).toBe(clientKeys.public)
    expect(await roundTrip(server, client)).toEqual(["secure hello"])
  })

  it.skipIf(!capability.curve)("zmq-napi's Authenticator serves compat sockets on the default context", async () => {
    const serverKeys = zmq.curveKeypair()
    const clientKeys = zmq.curveKeypair()
    const auth = new Authenticator().start()
    try {
      auth.configurePlain("*", {admin: "secret"})
      auth.configureCurve("*", [clientKeys.public])
      const plainServer = socket("rep", {plain_server: 1})
      const plainClient = socket("req", {plain_username: "admin", plain_password: "secret"})
      expect(await roundTrip(plainServer, plainClient)).toEqual(["secure hello"])
      const curveServer = socket("rep", {curve_server: 1, curve_secretkey: serverKeys.secret})
      const curveClient = socket("req", {curve_serverkey: serverKeys.public, curve_publickey: clientKeys.public, curve_secretkey: clientKeys.secret})
      expect(await roundTrip(curveServer, curveClient)).toEqual(["secure hello"])
    } finally {
      auth.stop()
    }
  })
})
