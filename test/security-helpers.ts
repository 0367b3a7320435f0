// Shared by the security tests: a server and a client on one private context, and
// the handshake outcome each side's observer reports.
import * as zmq from "../src"

export type Outcome = zmq.EventOfType<"handshake" | "handshake:error:auth" | "handshake:error:protocol" | "handshake:error:other">

/** The first handshake result (success or failure) the observer reports. */
export async function handshakeOutcome(observer: zmq.Observer): Promise<Outcome> {
  for (;;) {
    const event = await observer.receive()
    if (event.type === "handshake" || event.type.startsWith("handshake:error:")) return event as Outcome
    if (event.type === "end") throw new Error("observer ended before a handshake outcome")
  }
}

export interface Pairing {
  context: zmq.Context
  server: zmq.Pull
  client: zmq.Push
  serverOutcome: Promise<Outcome>
  clientOutcome: Promise<Outcome>
}

/**
 * Binds a Pull server with `serverOptions`, connects a Push client with
 * `clientOptions` that sends "secret", and watches both handshakes. The
 * authenticator, if any, must already run on `context`.
 */
export async function pair(
  context: zmq.Context,
  serverOptions: zmq.SocketOptions<zmq.Pull>,
  clientOptions: zmq.SocketOptions<zmq.Push>,
): Promise<Pairing> {
  const server = new zmq.Pull({...serverOptions, context})
  const serverOutcome = handshakeOutcome(server.events)
  await server.bind("tcp://127.0.0.1:*")
  const client = new zmq.Push({linger: 0, ...clientOptions, context})
  const clientOutcome = handshakeOutcome(client.events)
  client.connect(server.lastEndpoint!)
  void client.send("secret").catch(() => undefined)
  // A test that fails early leaves these to reject when its context closes.
  serverOutcome.catch(() => undefined)
  clientOutcome.catch(() => undefined)
  return {context, server, client, serverOutcome, clientOutcome}
}

/** Delivered: both handshakes succeed and the message arrives. */
export async function expectDelivered(pairing: Pairing): Promise<void> {
  const [serverOutcome, clientOutcome] = await Promise.all([pairing.serverOutcome, pairing.clientOutcome])
  if (serverOutcome.type !== "handshake" || clientOutcome.type !== "handshake") {
    throw new Error(`expected both handshakes to succeed, got ${serverOutcome.type} / ${clientOutcome.type}`)
  }
  const [message] = await pairing.server.receive()
  if (message.toString() !== "secret") throw new Error(`unexpected message ${message}`)
}
