/**
 * Queue device / broker: a shared queue between clients and services.
 *
 *   clients (REQ) --> [ROUTER | broker | DEALER] <-- services (REP)
 *
 * Clients and services both *connect* to the broker, which binds two stable addresses;
 * neither side knows the other. The broker is a proxy: whatever arrives on one socket is
 * sent out on the other. The ROUTER front end prefixes each request with the client's id
 * and the DEALER back end passes those frames through untouched, so replies find their
 * way back. The DEALER deals requests out to the connected services in turn.
 *
 * What to watch for:
 *  - Services come and go and the clients never notice: phase by phase a service joins,
 *    another leaves, and for a while there is none at all - requests then simply wait in
 *    the broker (a DEALER with no peer holds its messages) until one arrives.
 *  - A service that leaves loses any request already handed to it. Clients therefore
 *    wait for each reply with a timeout and resend when it does not come (reopening
 *    their REQ socket, as in the plugins example); the retry count is printed.
 *  - The broker is the small JsProxy class below, with the same shape as a native
 *    `Proxy` (frontEnd, backEnd, run(), terminate()). Swapping in a native proxy,
 *    which forwards on its own thread, is a one-line change in main().
 *
 * Everything runs in one process over tcp. Options: --clients=3  --requests=4 (per client
 * and phase)  --timeout=1000 (ms before a client resends)
 */
import {Dealer, Reply, Request, Router} from "zmq-napi"
import type {Readable, Socket, Writable} from "zmq-napi"

import {intArg} from "./lib/cli"

type Duplex = Socket & Readable & Writable

/** Forwards every message between two sockets until terminated. */
class JsProxy<F extends Duplex, B extends Duplex> {
  constructor(readonly frontEnd: F, readonly backEnd: B) {}

  /** Resolves when terminate() has been called and both directions have stopped. */
  async run(): Promise<void> {
    await Promise.all([forward(this.frontEnd, this.backEnd), forward(this.backEnd, this.frontEnd)])
  }

  /** Stops forwarding and closes both sockets, like the native proxy does. */
  terminate(): void {
    this.frontEnd.close()
    this.backEnd.close()
  }
}

async function forward(from: Duplex, to: Duplex): Promise<void> {
  try {
    for await (const message of from) await to.send(message) // waits while no peer can take it
  } catch (error) {
    if (!to.closed) throw error // otherwise: terminated while a send was waiting
  }
}

/** A service: squares numbers. Stop it to make it leave. */
function service(name: string, address: string, answered: Map<string, number>) {
  const rep = new Reply()
  rep.connect(address)
  const running = (async () => {
    for await (const [n] of rep) {
      await rep.send([name, Number(n) ** 2])
      answered.set(name, (answered.get(name) ?? 0) + 1)
    }
  })()
  return {name, stop: () => rep.close(), running}
}

/** A client: one request at a time; resends on a fresh socket when a reply is late. */
class Client {
  #req!: Request
  retries = 0

  constructor(private readonly address: string, private readonly timeout: number) {
    this.#open()
  }

  #open(): void {
    this.#req = new Request({linger: 0})
    this.#req.connect(this.address)
  }

  async square(n: number): Promise<{by: string; result: number}> {
    for (;;) {
      await this.#req.send(n)
      try {
        const [by, result] = await this.#req.receive({timeout: this.timeout})
        return {by: by.toString(), result: Number(result)}
      } catch (error) {
        if ((error as {code?: string}).code !== "EAGAIN") throw error
        this.retries++
        this.#req.close()
        this.#open()
      }
    }
  }

  close(): void {
    this.#req.close()
  }
}

async function main(): Promise<void> {
  const clientCount = intArg("clients", 3)
  const requests = intArg("requests", 4)
  const timeout = intArg("timeout", 1000)

  const proxy = new JsProxy(new Router(), new Dealer()) // later: new Proxy(new Router(), new Dealer())
  await proxy.frontEnd.bind("tcp://127.0.0.1:*")
  await proxy.backEnd.bind("tcp://127.0.0.1:*")
  const [clientAddress, serviceAddress] = [proxy.frontEnd.lastEndpoint!, proxy.backEnd.lastEndpoint!]
  const proxying = proxy.run()
  console.log(`broker: clients connect to ${clientAddress}, services to ${serviceAddress}`)

  const clients = Array.from({length: clientCount}, () => new Client(clientAddress, timeout))
  let correct = 0
  let total = 0

  /** Every client sends its requests (one at a time, clients concurrently); tallies who answered. */
  async function phase(label: string, whileWaiting?: () => void): Promise<void> {
    const by = new Map<string, number>()
    const sending = clients.map(async (client, c) => {
      for (let i = 0; i < requests; i++) {
        const n = c * 1000 + total + i
        const reply = await client.square(n)
        if (reply.result === n * n) correct++
        by.set(reply.by, (by.get(reply.by) ?? 0) + 1)
      }
    })
    whileWaiting?.()
    await Promise.all(sending)
    total += requests
    const tally = [...by].sort(([a], [b]) => a.localeCompare(b)).map(([name, n]) => `${name} ${n}`).join(", ")
    console.log(`${label}: ${clientCount * requests} requests answered; by ${tally}`)
  }

  const answered = new Map<string, number>()
  const a = service("A", serviceAddress, answered)
  await phase("phase 1, service A")

  const b = service("B", serviceAddress, answered)
  await phase("phase 2, services A and B")

  a.stop()
  await phase("phase 3, service B (A left)")

  b.stop()
  let c: ReturnType<typeof service> | undefined
  // No service at all: the requests wait in the broker until C turns up a little later.
  await phase("phase 4, no service, then C", () => setTimeout(() => (c = service("C", serviceAddress, answered)), 100))

  c!.stop()
  proxy.terminate()
  await Promise.all([proxying, a.running, b.running, c!.running])
  clients.forEach((client) => client.close())
  const retries = clients.reduce((sum, client) => sum + client.retries, 0)
  console.log(`clients: ${clientCount * total} requests, ${correct} correct replies, ${retries} resent after a timeout`)
}

main().catch((error) => {
  console.error(error)
  process.exitCode = 1
})
