/**
 * Trading desk: actor-style concurrency with worker_threads and socket mailboxes.
 *
 * Each actor - a market feed, a few traders, a ledger - runs in its own worker thread
 * and owns one PULL socket: its mailbox. Actors share no memory and no locks; the only
 * way to affect another actor is to send a message to its mailbox (through a PUSH
 * socket connected to it). Each thread is single-threaded inside, so no state ever
 * needs protecting.
 *
 *   market --tick--> trader-0..N --order--> ledger --report--> desk (main thread)
 *   market --closing prices-------------------^
 *
 * What to watch for:
 *  - The transport is a detail. The only thing --transport changes is mailboxAddress()
 *    below: inproc (threads of one process, fastest), ipc (processes on one machine)
 *    or tcp (anywhere). The actor code does not change at all, and the report is the
 *    same with each; the tests check exactly that.
 *  - Even the start-up is messages: each actor binds its mailbox, tells the desk the
 *    address it actually got (with tcp the port is picked at bind time), the desk sends
 *    everyone the directory of addresses, and once all have confirmed, starts the market.
 *  - Messages from one actor to another arrive in the order they were sent, which is what
 *    makes the result deterministic: each trader sees the ticks in order, and the ledger
 *    hears "closed" from a trader after all of that trader's orders. There is no order
 *    *across* senders, though: a mailbox takes turns between them.
 *
 * Options: --transport=inproc|ipc|tcp  --traders=3  --ticks=200
 */
import {tmpdir} from "node:os"
import path from "node:path"
import {isMainThread, Worker, workerData} from "node:worker_threads"

import {Pull, Push} from "zmq-napi"

import {intArg, stringArg} from "./lib/cli"

type Transport = "inproc" | "ipc" | "tcp"
type Frames = Array<string | number>

const SYMBOLS = ["ACME", "GLOBEX", "INITECH"]

/** The one place where the transport shows. */
function mailboxAddress(transport: Transport, name: string): string {
  switch (transport) {
    case "inproc":
      return `inproc://desk/${name}`
    case "ipc":
      return `ipc://${path.join(tmpdir(), `zmq-napi-desk-${process.pid}-${name}`)}`
    case "tcp":
      return "tcp://127.0.0.1:*"
  }
}

/** An actor's connection to the world: its own mailbox, and a way to post to others. */
class Actor {
  readonly mailbox = new Pull()
  #outboxes = new Map<string, Push>()
  #directory: Record<string, string> = {}

  constructor(readonly name: string) {}

  setDirectory(directory: Record<string, string>): void {
    this.#directory = directory
  }

  /** Sends frames to another actor's mailbox, connecting on first use. */
  async post(to: string, ...frames: Frames): Promise<void> {
    let outbox = this.#outboxes.get(to)
    if (outbox === undefined) {
      outbox = new Push()
      outbox.connect(this.#directory[to])
      this.#outboxes.set(to, outbox)
    }
    await outbox.send(frames)
  }

  close(): void {
    this.mailbox.close()
    for (const outbox of this.#outboxes.values()) outbox.close() // linger delivers what is queued
  }
}

/** Deterministic price walks, one per symbol (xorshift, so every run is the same). */
async function market(actor: Actor, traders: string[], ticks: number): Promise<void> {
  const prices = SYMBOLS.map(() => 10_000)
  const seeds = SYMBOLS.map((_, i) => 2463534242 + i)
  for (let tick = 0; tick < ticks; tick++) {
    for (let s = 0; s < SYMBOLS.length; s++) {
      let x = seeds[s]
      x ^= x << 13
      x ^= x >>> 17
      x ^= x << 5
      seeds[s] = x >>> 0
      prices[s] = Math.max(1_000, prices[s] + (seeds[s] % 401) - 200)
      for (const trader of traders) await actor.post(trader, "tick", SYMBOLS[s], prices[s])
    }
  }
  await actor.post("ledger", "closing", JSON.stringify(Object.fromEntries(SYMBOLS.map((symbol, s) => [symbol, prices[s]]))))
  for (const trader of traders) await actor.post(trader, "close")
}

/** Mean reversion: buy below the moving average, sell above it. Trader k is more patient. */
async function trader(actor: Actor, k: number): Promise<void> {
  const window = 5 + 5 * k
  const band = 0.002 * (k + 1)
  const history = new Map<string, number[]>()
  const position = new Map<string, number>()
  let orders = 0
  for await (const [kind, symbol, price] of actor.mailbox) {
    if (kind.toString() === "close") break
    const [name, last] = [symbol.toString(), Number(price)]
    const seen = history.get(name) ?? []
    history.set(name, seen)
    const full = seen.length === window
    const average = seen.reduce((a, b) => a + b, 0) / seen.length
    seen.push(last)
    if (seen.length > window) seen.shift()
    if (!full) continue
    const held = position.get(name) ?? 0
    const side = last < average * (1 - band) && held < 100 ? "buy" : last > average * (1 + band) && held > 0 ? "sell" : undefined
    if (side === undefined) continue
    position.set(name, held + (side === "buy" ? 10 : -10))
    await actor.post("ledger", "order", actor.name, name, side, 10, last)
    orders++
  }
  await actor.post("ledger", "closed", actor.name, orders)
}

/** Books every order; when the market and all traders have closed, reports to the desk. */
async function ledger(actor: Actor, traders: string[]): Promise<void> {
  const books = new Map(traders.map((name) => [name, {cash: 0, orders: 0, reported: 0, holdings: new Map<string, number>()}]))
  let closing: Record<string, number> = {}
  let open = traders.length + 1 // the traders, and the market's closing prices
  for await (const [kind, ...args] of actor.mailbox) {
    const book = books.get(args[0]?.toString())
    if (kind.toString() === "order" && book) {
      const [, symbol, side, quantity, price] = args.map(String)
      const signed = (side === "buy" ? 1 : -1) * Number(quantity)
      book.holdings.set(symbol, (book.holdings.get(symbol) ?? 0) + signed)
      book.cash -= signed * Number(price)
      book.orders++
    } else if (kind.toString() === "closed" && book) {
      book.reported = Number(args[1])
      open--
    } else if (kind.toString() === "closing") {
      closing = JSON.parse(args[0].toString())
      open--
    }
    if (open === 0) break
  }
  const report = [...books].map(([name, book]) => {
    const value = [...book.holdings].reduce((sum, [symbol, held]) => sum + held * closing[symbol], 0)
    const holdings = [...book.holdings]
      .filter(([, held]) => held !== 0)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([symbol, held]) => `${symbol}:${held}`)
    return {name, orders: book.orders, reported: book.reported, holdings: holdings.join(" ") || "flat", pnl: (book.cash + value) / 100}
  })
  await actor.post("desk", "report", JSON.stringify(report))
}

/** Inside a worker thread: bind the mailbox, say hello, wait for the directory, act. */
async function runActor({name, transport, desk, traders, ticks}: ActorData): Promise<void> {
  const actor = new Actor(name)
  await actor.mailbox.bind(mailboxAddress(transport, name))
  actor.setDirectory({desk})
  await actor.post("desk", "hello", name, actor.mailbox.lastEndpoint!)
  const [, directory] = await actor.mailbox.receive()
  actor.setDirectory(JSON.parse(directory.toString()))
  await actor.post("desk", "ready", name)
  if (name === "market") {
    await actor.mailbox.receive() // "start": every actor has the directory now
    await market(actor, traders, ticks)
  }
  else if (name === "ledger") await ledger(actor, traders)
  else await trader(actor, traders.indexOf(name))
  actor.close()
}

interface ActorData {
  name: string
  transport: Transport
  desk: string
  traders: string[]
  ticks: number
}

async function main(): Promise<void> {
  const transport = stringArg<Transport>("transport", "inproc", ["inproc", "ipc", "tcp"])
  const traders = Array.from({length: intArg("traders", 3)}, (_, k) => `trader-${k}`)
  const ticks = intArg("ticks", 200)
  const started = Date.now()

  const desk = new Actor("desk")
  await desk.mailbox.bind(mailboxAddress(transport, "desk"))
  const names = ["market", "ledger", ...traders]
  const threads = names.map((name) => {
    const data: ActorData = {name, transport, desk: desk.mailbox.lastEndpoint!, traders, ticks}
    return new Worker(__filename, {workerData: data})
  })
  const exited = threads.map((thread) => new Promise((resolve) => thread.once("exit", resolve)))

  const directory: Record<string, string> = {desk: desk.mailbox.lastEndpoint!}
  while (Object.keys(directory).length < names.length + 1) {
    const [, name, address] = await desk.mailbox.receive()
    directory[name.toString()] = address.toString()
  }
  desk.setDirectory(directory)
  for (const name of names) await desk.post(name, "directory", JSON.stringify(directory))
  // Only when everyone can route does the market start: a tick from the market could
  // otherwise reach a trader before the desk's directory does (no order across senders).
  for (let ready = 0; ready < names.length; ready++) await desk.mailbox.receive()
  await desk.post("market", "start")

  const [, report] = await desk.mailbox.receive()
  await Promise.all(exited)
  desk.close()

  console.log(`trading desk over ${transport}: ${names.length} actors in worker threads, ${ticks} ticks of ${SYMBOLS.join(", ")}`)
  type Line = {name: string; orders: number; reported: number; holdings: string; pnl: number}
  for (const line of JSON.parse(report.toString()) as Line[]) {
    const check = line.orders === line.reported ? "" : ` (MISMATCH: trader sent ${line.reported})`
    console.log(`${line.name}: ${line.orders} orders${check}, holding ${line.holdings}, P&L ${line.pnl.toFixed(2)}`)
  }
  console.log(`done in ${Date.now() - started} ms`)
}

if (isMainThread) {
  main().catch((error) => {
    console.error(error)
    process.exitCode = 1
  })
} else {
  runActor(workerData as ActorData).catch((error) => {
    console.error(`${(workerData as ActorData).name}:`, error)
    process.exitCode = 1
  })
}
