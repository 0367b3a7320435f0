/**
 * Stock ticker: PUB/SUB data distribution.
 *
 * One publisher sends quotes as multipart messages [symbol, price, tick]. Subscribers say
 * which symbols they want; the filtering happens on the publisher's side, so a
 * subscriber never even receives the quotes it did not ask for.
 *
 * What to watch for:
 *  - Topic filtering is by *prefix* of the first frame: subscribing to "GOOG" would also
 *    deliver "GOOGL". Pick topics that are not prefixes of each other (or end them with a
 *    separator).
 *  - PUB/SUB keeps no history. The late joiner only sees quotes published after its
 *    subscription arrived; the phase-1 quotes are simply gone for it.
 *  - Subscribing takes time to reach the publisher (the "slow joiner" problem). Instead of
 *    sleeping, the publisher here is an XPublisher, which *receives* the subscriptions:
 *    each subscriber subscribes to a private "!hello <name>" topic last, and the publisher
 *    waits until it has seen every hello before it starts publishing.
 *  - A publisher never waits for a slow subscriber. Once a subscriber's queue is full
 *    (its receiveHighWaterMark plus the publisher's sendHighWaterMark, on inproc) further
 *    quotes for *that* subscriber are dropped, while everyone else still gets everything.
 *
 * Everything runs in one process over inproc so the counts are exact; the same code
 * works across machines with a tcp:// address (the slow subscriber would then get a few
 * more quotes, held in network buffers). The publisher sends each phase in one
 * synchronous burst, so no subscriber reads during it: the fast ones have an unlimited
 * queue (receiveHighWaterMark 0) for that reason, and the slow one, which is stuck
 * until the end, keeps only what fits in its small queue.
 *
 * Options: --quotes=200 (per symbol and phase)
 *          --hwm=10 (high-water mark of the publisher and of the slow subscriber)
 */
import {Subscriber, XPublisher} from "zmq-napi"

import {intArg} from "./lib/cli"

const quotesPerSymbol = intArg("quotes", 200)
const highWaterMark = intArg("hwm", 10)

const SYMBOLS = ["AAPL", "AMZN", "MSFT", "NVDA"]
const ADDRESS = "inproc://ticker"
const END = "!end"

/** A made-up but deterministic price, in cents. */
function price(symbol: string, tick: number): number {
  return 10_000 + SYMBOLS.indexOf(symbol) * 5_000 + ((tick * 37) % 200)
}

interface Tally {
  name: string
  counts: Map<string, number>
  /** The tick number of the first quote received. */
  firstTick: number
  done: Promise<void>
}

/** Subscribes, then counts quotes per symbol until the end-of-stream marker. */
function subscribe(name: string, topics: string[], queue: {receiveHighWaterMark: number}, read = true) {
  const socket = new Subscriber(queue)
  socket.connect(ADDRESS)
  socket.subscribe(...topics, END)
  socket.subscribe(`!hello ${name}`) // last: once the publisher sees this, all the above are active
  const tally: Tally = {name, counts: new Map(), firstTick: -1, done: Promise.resolve()}
  if (read) {
    tally.done = (async () => {
      for await (const message of socket) {
        if (message[0].toString() === END) break
        record(tally, message)
      }
      socket.close()
    })()
  }
  return {socket, tally}
}

/** Counts one [symbol, price, tick] quote. */
function record(tally: Tally, [symbol, , tick]: Buffer[]): void {
  tally.counts.set(symbol.toString(), (tally.counts.get(symbol.toString()) ?? 0) + 1)
  if (tally.firstTick === -1) tally.firstTick = Number(tick)
}

/** Reads subscription messages ([1, ...topic]) until every named subscriber said hello. */
async function waitForSubscribers(publisher: XPublisher, names: string[]): Promise<void> {
  const pending = new Set(names)
  while (pending.size > 0) {
    const [event] = await publisher.receive()
    const topic = event.subarray(1).toString()
    if (event[0] === 1 && topic.startsWith("!hello ")) pending.delete(topic.slice("!hello ".length))
  }
}

/** Publishes every symbol's quotes for one phase, without yielding to the event loop. */
async function publishPhase(publisher: XPublisher, phase: number): Promise<number> {
  let sent = 0
  for (let i = 0; i < quotesPerSymbol; i++) {
    const tick = phase * quotesPerSymbol + i
    for (const symbol of SYMBOLS) {
      await publisher.send([symbol, price(symbol, tick), tick]) // a PUB send never waits: it queues or drops
      sent++
    }
  }
  return sent
}

function describe(counts: Map<string, number>): string {
  return [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([symbol, n]) => `${symbol}=${n}`).join(" ") || "nothing"
}

async function main(): Promise<void> {
  const publisher = new XPublisher({sendHighWaterMark: highWaterMark})
  await publisher.bind(ADDRESS)

  const fast = {receiveHighWaterMark: 0}
  const tech = subscribe("tech", ["AAPL", "MSFT"], fast)
  const everything = subscribe("everything", [""], fast)
  // The slow subscriber is stuck until the end (it does not read), like a consumer
  // that cannot keep up. Its queue holds only a few quotes.
  const slow = subscribe("slow", [""], {receiveHighWaterMark: highWaterMark}, false)
  await waitForSubscribers(publisher, ["tech", "everything", "slow"])

  const phase1 = await publishPhase(publisher, 0)
  console.log(`phase 1: published ${phase1} quotes (${SYMBOLS.length} symbols x ${quotesPerSymbol})`)

  const late = subscribe("late", ["AMZN"], fast)
  await waitForSubscribers(publisher, ["late"])
  const phase2 = await publishPhase(publisher, 1)
  console.log(`phase 2: published ${phase2} quotes after the late joiner subscribed`)
  await publisher.send(END)

  await Promise.all([tech, everything, late].map(({tally}) => tally.done))
  // The slow subscriber finally reads: only what fit in its queue is there.
  let slowReceived = 0
  while (slow.socket.readable) {
    const message = await slow.socket.receive()
    if (message[0].toString() === END) continue
    record(slow.tally, message)
    slowReceived++
  }
  slow.socket.close()
  publisher.close()

  const total = phase1 + phase2
  for (const {tally} of [tech, everything, late]) {
    const received = [...tally.counts.values()].reduce((a, b) => a + b, 0)
    console.log(`${tally.name}: received ${received} quotes: ${describe(tally.counts)}`)
  }
  console.log(`late: first quote seen was tick ${late.tally.firstTick}; ticks before it were published before it joined`)
  console.log(`slow: received ${slowReceived} of ${total} quotes, ${total - slowReceived} dropped at the high-water mark`)
}

main().catch((error) => {
  console.error(error)
  process.exitCode = 1
})
