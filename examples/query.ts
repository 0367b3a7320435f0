/**
 * Query engine: REQ/REP for queries combined with PUB/SUB for live updates.
 *
 * A server owns an inventory (item -> stock level). Clients change and query it with
 * request/reply (a REQ socket talking to the server's REP). Every change is also
 * published, numbered, on a PUB socket, so a viewer can keep a live copy without polling.
 *
 * What to watch for - the "snapshot, then stream" recipe for a live copy:
 *  1. The viewer subscribes *first*, so no update can slip by while it fetches the state.
 *  2. It asks for a snapshot, which carries the sequence number of the last change in it.
 *  3. It applies streamed updates newer than the snapshot and skips older ones (those
 *     were already in the snapshot).
 *  Step 1 has the usual PUB/SUB catch: a subscription takes a moment to reach the
 *  publisher. So the viewer's snapshot request names a private topic it subscribed to
 *  last, and the server - whose publisher is an XPublisher and so *receives*
 *  subscriptions - answers only once that subscription has arrived. From then on the
 *  viewer receives every update, so none can fall between snapshot and stream.
 *
 * The writer keeps writing while the viewer joins, so how many updates the viewer skips
 * varies from run to run; that it ends with exactly the server's state does not.
 *
 * Everything runs in one process over tcp. Options: --updates=40  --items=5
 */
import {Reply, Request, Subscriber, XPublisher} from "zmq-napi"

import {intArg} from "./lib/cli"

const ITEMS = ["apples", "bananas", "cherries", "dates", "figs", "grapes", "kiwis", "lemons", "mangos", "nectarines"]

type Inventory = Map<string, number>

const total = (inventory: Inventory) => [...inventory.values()].reduce((a, b) => a + b, 0)

/** The server: answers queries on `rep`, publishes each change on `pub`, until "stop". */
async function server(rep: Reply, pub: XPublisher): Promise<Inventory> {
  const inventory: Inventory = new Map()
  let sequence = 0
  const subscribed = new Set<string>()

  /** Reads subscription messages until the given topic has arrived. */
  const subscriptionArrived = async (topic: string) => {
    while (!subscribed.has(topic)) {
      const [event] = await pub.receive()
      if (event[0] === 1) subscribed.add(event.subarray(1).toString())
    }
  }

  for await (const [command, ...args] of rep) {
    switch (command.toString()) {
      case "set": {
        const [item, level] = [args[0].toString(), Number(args[1])]
        inventory.set(item, level)
        sequence++
        await pub.send([item, sequence, level])
        await rep.send(["ok", sequence])
        break
      }
      case "get":
        await rep.send(["value", inventory.get(args[0].toString()) ?? ""])
        break
      case "total":
        await rep.send(["total", total(inventory)])
        break
      case "top": {
        const ranked = [...inventory].sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
        await rep.send(["top", ...ranked.slice(0, Number(args[0])).map(([item, level]) => `${item}=${level}`)])
        break
      }
      case "snapshot":
        await subscriptionArrived(`!viewer ${args[0]}`)
        await rep.send(["snapshot", sequence, JSON.stringify([...inventory])])
        break
      case "stop":
        await pub.send(["!end", sequence])
        await rep.send(["ok"])
        return inventory
      default:
        await rep.send(["error", `unknown command ${command}`])
    }
  }
  return inventory
}

/** A client: one request, one reply, in strict turns (that is what REQ enforces). */
function client(address: string): {ask: (...frames: Array<string | number>) => Promise<string[]>; close: () => void} {
  const req = new Request()
  req.connect(address)
  return {
    ask: async (...frames) => {
      await req.send(frames)
      return (await req.receive()).map(String)
    },
    close: () => req.close(),
  }
}

/** The viewer: subscribe, snapshot, then apply newer updates until the end marker. */
async function viewer(name: string, queries: string, updates: string) {
  const sub = new Subscriber()
  sub.connect(updates)
  sub.subscribe("") // every update...
  sub.subscribe(`!viewer ${name}`) // ...and, last, the topic the server waits for
  const {ask, close} = client(queries)
  const [, snapshotSequence, entries] = await ask("snapshot", name)
  close()
  const copy: Inventory = new Map(JSON.parse(entries) as Array<[string, number]>)
  const since = Number(snapshotSequence)
  let applied = 0
  let skipped = 0
  for await (const [topic, sequence, level] of sub) {
    if (topic.toString() === "!end") break
    if (Number(sequence) <= since) {
      skipped++
      continue
    }
    copy.set(topic.toString(), Number(level))
    applied++
  }
  sub.close()
  return {copy, since, applied, skipped}
}

async function main(): Promise<void> {
  const updates = intArg("updates", 40)
  const items = ITEMS.slice(0, Math.min(intArg("items", 5), ITEMS.length))

  const rep = new Reply()
  await rep.bind("tcp://127.0.0.1:*")
  const pub = new XPublisher()
  await pub.bind("tcp://127.0.0.1:*")
  const serving = server(rep, pub)

  const writer = client(rep.lastEndpoint!)
  let watching: ReturnType<typeof viewer> | undefined
  for (let i = 0; i < updates; i++) {
    if (i === Math.floor(updates / 2)) watching = viewer("dashboard", rep.lastEndpoint!, pub.lastEndpoint!)
    await writer.ask("set", items[i % items.length], (i * 37) % 100)
  }
  const [, serverTotal] = await writer.ask("total")
  const [, ...top] = await writer.ask("top", 3)
  const [, apples] = await writer.ask("get", items[0])
  await writer.ask("stop")
  writer.close()

  const inventory = await serving
  const view = await watching!
  rep.close()
  pub.close()

  console.log(`writer made ${updates} updates to ${items.length} items`)
  console.log(`query total: ${serverTotal}`)
  console.log(`query top 3: ${top.join(" ")}`)
  console.log(`query get ${items[0]}: ${apples}`)
  const skipped = `skipped ${view.skipped} already in the snapshot`
  console.log(`viewer: snapshot at sequence ${view.since}, then applied ${view.applied} live updates (${skipped})`)
  const same = items.every((item) => view.copy.get(item) === inventory.get(item))
  console.log(`viewer's copy ${same ? "matches" : "DIFFERS FROM"} the server's: total ${total(view.copy)}`)
  if (!same) process.exitCode = 1
}

main().catch((error) => {
  console.error(error)
  process.exitCode = 1
})
