/**
 * Remote execution fan-out, config-management style: one master, many minions.
 *
 * The master publishes each command once on a PUB socket; every minion whose
 * subscriptions match the command's target runs it and PUSHes its result back to the
 * master's PULL socket. Targets are topics, so filtering is free:
 *   "*"            every minion         (all minions subscribe to "*")
 *   "group:web"    the web servers      (each minion subscribes to its group)
 *   "id:db-2"      exactly one minion   (and to its own id)
 * Minions are separate processes (they could be other machines: the addresses are tcp).
 *
 * What to watch for:
 *  - Each command has a deadline. The master knows its roster, so it knows exactly who
 *    *should* answer a given target; when the deadline passes it reports who did not.
 *    A command everyone answers finishes at once - the timeout only costs time when a
 *    minion is missing. Late results carry an old command number and are ignored.
 *  - The roster doubles as the start-up handshake: the master's publisher is an
 *    XPublisher, which receives subscriptions, and it waits until every minion's
 *    "id:<name>" subscription (subscribed last) has arrived before publishing anything.
 *    Otherwise the first commands could be lost to the "slow joiner" effect.
 *  - --hung=<names> makes those minions drop every command (as if stuck), so there is
 *    someone to time out; they still obey the final "shutdown".
 *
 * Options: --minions=5  --hung=db-1  --timeout=500 (ms per command)
 */
import {spawn} from "node:child_process"
import {createHash} from "node:crypto"

import {Pull, Push, Subscriber, XPublisher} from "zmq-napi"

import {exitWithParent} from "./lib/child"
import {flag, intArg, listArg, stringArg} from "./lib/cli"

const GROUPS = ["web", "db", "cache"]

/** What a minion does with a command. */
function execute(minion: string, command: string): string {
  const [verb, ...args] = command.split(" ")
  switch (verb) {
    case "ping":
      return "pong"
    case "sum": {
      let sum = 0
      for (let n = Number(args[0]); n <= Number(args[1]); n++) sum += n
      return String(sum)
    }
    case "hash":
      return createHash("sha256").update(args.join(" ")).digest("hex").slice(0, 16)
    case "configure":
      return `${args[0]} configured on ${minion}`
    default:
      return `unknown command: ${verb}`
  }
}

/** A minion process: subscribe to its targets, run what arrives, push results back. */
async function minion(name: string, commandsAddress: string, resultsAddress: string, hung: boolean): Promise<void> {
  const commands = new Subscriber()
  commands.connect(commandsAddress)
  commands.subscribe("*", `group:${name.split("-")[0]}`, `id:${name}`) // id last: the master waits for it
  const results = new Push()
  results.connect(resultsAddress)
  for await (const [, id, command] of commands) {
    if (command.toString() === "shutdown") break
    if (hung) continue
    await results.send([id, name, execute(name, command.toString())])
  }
  commands.close()
  results.close()
}

/** Waits until the XPublisher has received an `id:<name>` subscription from each minion. */
async function waitForMinions(publisher: XPublisher, names: string[]): Promise<void> {
  const pending = new Set(names.map((name) => `id:${name}`))
  while (pending.size > 0) {
    const [event] = await publisher.receive()
    if (event[0] === 1) pending.delete(event.subarray(1).toString())
  }
}

function expectedFor(target: string, roster: string[]): string[] {
  if (target === "*") return roster
  if (target.startsWith("group:")) return roster.filter((name) => name.startsWith(`${target.slice(6)}-`))
  return roster.filter((name) => `id:${name}` === target)
}

async function main(): Promise<void> {
  const count = intArg("minions", 5)
  const hung = listArg("hung", ["db-1"])
  const timeout = intArg("timeout", 500)
  const roster = Array.from({length: count}, (_, i) => `${GROUPS[i % GROUPS.length]}-${Math.floor(i / GROUPS.length) + 1}`)

  const publisher = new XPublisher()
  await publisher.bind("tcp://127.0.0.1:*")
  const results = new Pull()
  await results.bind("tcp://127.0.0.1:*")
  const exits = roster.map((name) => {
    const args = [__filename, `--minion=${name}`, `--commands=${publisher.lastEndpoint}`, `--results=${results.lastEndpoint}`]
    if (hung.includes(name)) args.push("--drop-commands")
    const child = spawn(process.execPath, args, {stdio: ["pipe", "inherit", "inherit"]})
    return new Promise((resolve) => child.once("exit", resolve))
  })
  await waitForMinions(publisher, roster)
  console.log(`master: ${count} minions up: ${roster.join(" ")} (timeout ${timeout} ms per command)`)

  const jobs: Array<[string, string]> = [
    ["*", "ping"],
    ["group:web", "sum 1 1000000"],
    ["id:db-2", "hash hello minions"],
    ["group:db", "configure postgres"],
    ["*", "hash same everywhere"],
  ]
  const missedBy = new Set<string>()
  for (const [index, [target, command]] of jobs.entries()) {
    const id = String(index + 1)
    const expected = expectedFor(target, roster)
    const answers = new Map<string, string>()
    await publisher.send([target, id, command])
    const deadline = Date.now() + timeout
    while (answers.size < expected.length && Date.now() < deadline) {
      try {
        const [replyTo, from, output] = (await results.receive({timeout: Math.max(0, deadline - Date.now())})).map(String)
        if (replyTo === id) answers.set(from, output)
      } catch (error) {
        if ((error as {code?: string}).code !== "EAGAIN") throw error // EAGAIN: the deadline passed
      }
    }
    const missing = expected.filter((name) => !answers.has(name))
    missing.forEach((name) => missedBy.add(name))
    let note = missing.length > 0 ? `; no answer from ${missing.join(", ")}` : ""
    if (expected.length === 0) note = "; no minion matches that target"
    console.log(`[${id}] ${target} ${command}: ${answers.size}/${expected.length} answered${note}`)
    for (const name of [...answers.keys()].sort()) console.log(`    ${name}: ${answers.get(name)}`)
  }

  await publisher.send(["*", "0", "shutdown"])
  await Promise.all(exits)
  publisher.close()
  results.close()
  console.log(`minions that missed a command: ${[...missedBy].sort().join(", ") || "none"}`)
}

const minionName = stringArg("minion", "")
if (minionName !== "") {
  exitWithParent()
  void minion(minionName, stringArg("commands", ""), stringArg("results", ""), flag("drop-commands"))
} else {
  main().catch((error) => {
    console.error(error)
    process.exitCode = 1
  })
}
