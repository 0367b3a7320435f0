/**
 * CURVE security with certificate files: a service that admits only the clients whose
 * public certificates are in its key directory, and knows which client sent each request.
 *
 * Set-up, as an operator would do it once: createCertificate() writes each party's key
 * pair as <name>.key (the public certificate, to hand out) and <name>.key_secret (both
 * keys, mode 0600), the files CZMQ and pyzmq use too. The service keeps copies of the
 * public certificates of the clients it admits in a directory of its own.
 *
 * What to watch for:
 *  - The Authenticator starts before the server binds: libzmq asks it about every CURVE
 *    handshake, and without one it would let any client in that knows the server's key.
 *  - The server learns who is talking from the "User-Id" property of each message, which
 *    the authenticator sets to the client's public key; the certificate's metadata maps
 *    it back to a name. Routing ids are chosen by clients and prove nothing.
 *  - A client whose certificate is not in the directory is refused during the handshake:
 *    its sends wait in its own queue and nothing reaches the server; its `events` report
 *    handshake:error:auth.
 *  - Revoking a client is removing its certificate and configuring the keys again:
 *    new connections are refused, connections already made stay up.
 *
 * Options: --clients=3  --requests=2 (per client)
 */
import {copyFile, mkdir, mkdtemp, rm, stat, unlink} from "node:fs/promises"
import {tmpdir} from "node:os"
import {join} from "node:path"

import {
  Authenticator,
  createCertificate,
  Dealer,
  getMessageProperties,
  loadCertificate,
  loadCertificates,
  Router,
} from "zmq-napi"

import {intArg} from "./lib/cli"

const NAMES = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi"]

/** A client with the keys from its secret certificate, talking to the server's public key. */
async function client(keys: string, name: string, serverKey: string, address: string): Promise<Dealer> {
  const own = await loadCertificate(join(keys, `${name}.key_secret`))
  const dealer = new Dealer({curveServerKey: serverKey, curvePublicKey: own.publicKey, curveSecretKey: own.secretKey!, linger: 0})
  dealer.connect(address)
  return dealer
}

/** What the client's own monitor says about its first handshake. */
async function handshake(dealer: Dealer): Promise<string> {
  for await (const event of dealer.events) {
    if (event.type === "handshake") return "accepted"
    if (event.type === "handshake:error:auth") return `refused (status ${event.error.status})`
    if (event.type.startsWith("handshake:error:")) return `failed (${event.type})`
  }
  return "no handshake"
}

async function main(): Promise<void> {
  const clients = Math.min(intArg("clients", 3), NAMES.length - 1)
  const requests = intArg("requests", 2)
  const store = await mkdtemp(join(tmpdir(), "zmq-napi-secure-"))
  const keys = join(store, "keys") // every party's certificates, as the operator made them
  const admitted = join(store, "admitted") // the server's directory of client certificates
  const names = NAMES.slice(0, clients)
  const stranger = NAMES[clients]

  const serverCertificate = await createCertificate(keys, "server")
  await mkdir(admitted)
  for (const name of [...names, stranger]) {
    const made = await createCertificate(keys, name, {metadata: {name}})
    if (name !== stranger) await copyFile(made.publicFile, join(admitted, `${name}.key`))
  }
  const mode = (await stat(serverCertificate.secretFile)).mode & 0o777
  console.log(`keys: server and ${names.length + 1} clients; secret files have mode ${mode.toString(8)}`)

  // The service: authenticator first, then the server socket.
  const authenticator = new Authenticator().start()
  const admit = async () => {
    const certificates = await loadCertificates(admitted)
    authenticator.configureCurve("*", certificates)
    return new Map(certificates.map((certificate) => [certificate.publicKey, certificate.metadata.name]))
  }
  let nameOfKey = await admit()
  console.log(`service: admits ${[...nameOfKey.values()].join(", ")}`)
  const own = await loadCertificate(serverCertificate.secretFile)
  const server = new Router({curveServer: true, curveSecretKey: own.secretKey!})
  server.messageProperties = ["User-Id"]
  await server.bind("tcp://127.0.0.1:*")
  const address = server.lastEndpoint!
  let served = 0
  const serving = (async () => {
    for await (const message of server) {
      const [routingId, request] = message
      const caller = nameOfKey.get(getMessageProperties(message)?.["User-Id"] ?? "") ?? "unknown"
      served++
      await server.send([routingId, `hello ${caller}, re: ${request}`])
    }
  })()

  for (const name of names) {
    const dealer = await client(keys, name, own.publicKey, address)
    const outcome = handshake(dealer)
    const replies: string[] = []
    for (let i = 0; i < requests; i++) {
      await dealer.send(`request ${i + 1} from ${name}`)
      replies.push((await dealer.receive())[0].toString())
    }
    const addressedTo = new Set(replies.map((reply) => reply.split(",")[0].slice("hello ".length)))
    console.log(`${name}: handshake ${await outcome}; ${replies.length} replies, addressed to ${[...addressedTo].join(", ")}`)
    dealer.close()
  }

  // A client with valid keys whose certificate the service never received.
  const intruder = await client(keys, stranger, own.publicKey, address)
  const refused = handshake(intruder)
  void intruder.send(`request from ${stranger}`).catch(() => undefined)
  console.log(`${stranger} (not admitted): handshake ${await refused}`)
  intruder.close()

  // Revocation: the first client's certificate leaves the directory.
  const revoked = names[0]
  await unlink(join(admitted, `${revoked}.key`))
  nameOfKey = await admit()
  const again = await client(keys, revoked, own.publicKey, address)
  console.log(`${revoked} after revocation: handshake ${await handshake(again)}`)
  again.close()

  console.log(`service: served ${served} requests`)
  server.close()
  await serving
  authenticator.stop()
  await rm(store, {recursive: true, force: true})
}

main().catch((error) => {
  console.error(error)
  process.exitCode = 1
})
