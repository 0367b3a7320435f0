/**
 * Chat server: client/server over ROUTER (server) and DEALER (clients).
 *
 * Every message is multipart. A client sends frames like ["say", text]; the ROUTER hands
 * the server [sender id, "say", text]: it prepends the *routing envelope*, the id of the
 * connection the message came from. To answer, or to relay to someone else, the server
 * sends [recipient id, ...frames]; the ROUTER strips that first frame and uses it to pick
 * the connection. So one ROUTER socket talks to any number of clients, each addressed
 * explicitly, and the server's only state is a table of who is in which room.
 *
 * What to watch for:
 *  - The clients set `routingId` (their name) before connecting, so the server sees
 *    readable ids. Without it the ROUTER makes up a random binary id per connection.
 *  - DEALER to ROUTER needs no empty delimiter frame; that frame only exists when a REQ
 *    socket is involved.
 *  - The server sets `mandatory`: sending to an id that is not connected then fails
 *    (EHOSTUNREACH) instead of silently vanishing, so "tell" can report unknown users.
 *  - Each client waits for the server's acknowledgement before the next step, so every
 *    transcript below comes out in the same order on every run. Relays to a client are
 *    queued before the acknowledgement to the sender, and messages from one socket to
 *    another keep their order.
 *
 * Everything runs in one process over tcp; each client could be its own process.
 * Options: --clients=3  --messages=2 (per client)
 */
import {Dealer, Router} from "zmq-napi"

import {intArg} from "./lib/cli"

const NAMES = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi"]

/** Runs the chat server until its socket is closed; returns how many relays it sent. */
async function server(router: Router): Promise<number> {
  const rooms = new Map<string, Set<string>>() // room -> member ids
  const roomOf = new Map<string, string>() // member id -> room
  let relayed = 0

  const others = (id: string) => [...(rooms.get(roomOf.get(id)!) ?? [])].filter((member) => member !== id)
  const relay = async (to: string[], ...frames: string[]) => {
    for (const member of to) await router.send([member, ...frames])
    relayed += to.length
  }

  for await (const [envelope, command, ...args] of router) {
    const id = envelope.toString()
    switch (command.toString()) {
      case "join": {
        const room = args[0].toString()
        if (!rooms.has(room)) rooms.set(room, new Set())
        rooms.get(room)!.add(id)
        roomOf.set(id, room)
        await relay(others(id), "joined", id)
        await router.send([id, "welcome", room, [...rooms.get(room)!].join(",")])
        break
      }
      case "say": {
        const recipients = others(id)
        await relay(recipients, "message", id, args[0].toString())
        await router.send([id, "sent", recipients.length])
        break
      }
      case "tell": {
        const [to, text] = args.map(String)
        try {
          await router.send([to, "private", id, text])
          relayed++
          await router.send([id, "sent", 1])
        } catch (error) {
          if ((error as {code?: string}).code !== "EHOSTUNREACH") throw error
          await router.send([id, "error", `no such user: ${to}`])
        }
        break
      }
      case "leave": {
        await relay(others(id), "left", id)
        rooms.get(roomOf.get(id)!)?.delete(id)
        roomOf.delete(id)
        await router.send([id, "bye"])
        break
      }
      default:
        await router.send([id, "error", `unknown command ${command}`])
    }
  }
  return relayed
}

/** A chat client: one request at a time; everything else the server sends is transcript. */
class ChatClient {
  readonly transcript: string[] = []
  readonly #socket: Dealer
  #reply?: (frames: string[]) => void

  constructor(readonly name: string, address: string) {
    this.#socket = new Dealer({routingId: name})
    this.#socket.connect(address)
    void this.#listen()
  }

  async #listen(): Promise<void> {
    for await (const frames of this.#socket) {
      const [kind, ...rest] = frames.map(String)
      switch (kind) {
        case "message":
          this.transcript.push(`${rest[0]}: ${rest[1]}`)
          break
        case "private":
          this.transcript.push(`${rest[0]} (private): ${rest[1]}`)
          break
        case "joined":
        case "left":
          this.transcript.push(`* ${rest[0]} ${kind}`)
          break
        default: // a reply to our own request
          this.#reply?.([kind, ...rest])
      }
    }
  }

  /** Sends a command and resolves with the server's reply frames. */
  request(...frames: string[]): Promise<string[]> {
    const reply = new Promise<string[]>((resolve) => (this.#reply = resolve))
    return this.#socket.send(frames).then(() => reply)
  }

  close(): void {
    this.#socket.close()
  }
}

async function main(): Promise<void> {
  const clientCount = Math.min(intArg("clients", 3), NAMES.length)
  const messages = intArg("messages", 2)

  const router = new Router({mandatory: true})
  await router.bind("tcp://127.0.0.1:*")
  const serving = server(router)

  const clients = NAMES.slice(0, clientCount).map((name) => new ChatClient(name, router.lastEndpoint!))
  for (const client of clients) {
    const [, room, members] = await client.request("join", "lobby")
    console.log(`${client.name} joined ${room}; members: ${members}`)
  }
  for (let round = 1; round <= messages; round++) {
    for (const client of clients) await client.request("say", `hello #${round} from ${client.name}`)
  }
  const [first, last] = [clients[0], clients[clients.length - 1]]
  await first.request("tell", last.name, `psst, ${last.name}`)
  const [kind, reason] = await first.request("tell", "mallory", "are you there?")
  console.log(`${first.name} -> mallory: ${kind}: ${reason}`)
  for (const client of clients) await client.request("leave")

  router.close()
  const relayed = await serving
  clients.forEach((client) => client.close())

  for (const client of clients) {
    console.log(`--- ${client.name}'s transcript (${client.transcript.length} lines)`)
    for (const line of client.transcript) console.log(`  ${line}`)
  }
  console.log(`server relayed ${relayed} messages`)
}

main().catch((error) => {
  console.error(error)
  process.exitCode = 1
})
