// Integration tests for examples/: each example runs as its own process, small, and the
// test checks what it computed and printed - counts, sums, who answered - against values
// derived here from the scenario, not copied from a previous run.
import {execFileSync} from "node:child_process"
import {createHash} from "node:crypto"
import {existsSync} from "node:fs"
import path from "node:path"

import {beforeAll, describe, expect, it} from "vitest"

import {capability} from "../src"
import {runNode} from "./child-process"

const examplesDir = path.join(__dirname, "..", "examples")
const runner = path.join(examplesDir, "run.js")
/** A guard against a hung example: kill it so the test fails with its output. */
const KILL_AFTER_MS = 45_000
const LONG = 60_000

const run = (script: string, args: string[]) => runNode(script, args, {timeout: KILL_AFTER_MS})

/** Runs an example through the same runner `npm run example` uses; expects exit code 0. */
async function example(name: string, ...args: string[]): Promise<string> {
  const outcome = await run(runner, [name, ...args])
  // The runner's reminder to rebuild lib/ is not an error of the example.
  expect(outcome.stderr.replace(/^note: src\/ is newer than lib\/.*\n/m, "")).toBe("")
  expect(outcome.code).toBe(0)
  return outcome.stdout
}

/** The capture groups of the one line matching `pattern`. */
function line(output: string, pattern: RegExp): string[] {
  const match = new RegExp(pattern.source, "m").exec(output)
  if (match === null) throw new Error(`no line matches ${pattern} in:\n${output}`)
  return match.slice(1)
}

beforeAll(() => {
  execFileSync(process.execPath, [runner, "--build"], {stdio: "inherit"})
}, LONG)

describe("examples", () => {
  it("ticker: topic filtering, a late joiner that misses history, a slow subscriber that drops", async () => {
    const quotes = 25
    const out = await example("ticker", `--quotes=${quotes}`, "--hwm=5")
    const perPhase = 4 * quotes
    expect(line(out, /^phase 1: published (\d+) quotes/)).toEqual([String(perPhase)])
    expect(line(out, /^tech: received (\d+) quotes: (.*)$/)).toEqual([String(4 * quotes), `AAPL=${2 * quotes} MSFT=${2 * quotes}`])
    expect(line(out, /^everything: received (\d+) quotes: (.*)$/)).toEqual([
      String(2 * perPhase),
      ["AAPL", "AMZN", "MSFT", "NVDA"].map((symbol) => `${symbol}=${2 * quotes}`).join(" "),
    ])
    expect(line(out, /^late: received (\d+) quotes: (.*)$/)).toEqual([String(quotes), `AMZN=${quotes}`])
    expect(line(out, /^late: first quote seen was tick (\d+);/)).toEqual([String(quotes)])
    const [received, total, dropped] = line(out, /^slow: received (\d+) of (\d+) quotes, (\d+) dropped/).map(Number)
    expect(total).toBe(2 * perPhase)
    expect(received).toBeGreaterThan(0)
    expect(received).toBeLessThan(total)
    expect(received + dropped).toBe(total)
  }, LONG)

  it("pipeline: every worker gets an even share, the sink's totals are right, the batch ends", async () => {
    const [workers, tasks, limit] = [3, 10, 100_000]
    const out = await example("pipeline", `--workers=${workers}`, `--tasks=${tasks}`, `--limit=${limit}`)
    const shares = Array.from({length: workers}, (_, id) => Number(line(out, new RegExp(`^worker ${id}: (\\d+) tasks$`))[0]))
    // Round-robin from the first task: worker i gets tasks i, i+3, i+6, ...
    expect(shares).toEqual(Array.from({length: workers}, (_, id) => Math.ceil((tasks - id) / workers)))
    const sieve = new Uint8Array(limit)
    let count = 0
    let sum = 0
    for (let n = 2; n < limit; n++) {
      if (sieve[n]) continue
      count++
      sum += n
      for (let m = n * n; m < limit; m += n) sieve[m] = 1
    }
    expect(line(out, /^primes below (\d+): (\d+), sum (\d+)$/)).toEqual([String(limit), String(count), String(sum)])
  }, LONG)

  it("chat: the routing envelope delivers each line to the right clients, in order", async () => {
    const [clients, messages] = [3, 2]
    const out = await example("chat", `--clients=${clients}`, `--messages=${messages}`)
    const names = ["alice", "bob", "carol"]
    const last = names[clients - 1]
    names.forEach((name, i) => {
      const expected = [
        ...names.slice(i + 1).map((other) => `* ${other} joined`),
        ...Array.from({length: messages}, (_, r) =>
          names.filter((other) => other !== name).map((other) => `${other}: hello #${r + 1} from ${other}`),
        ).flat(),
        ...(name === last ? [`alice (private): psst, ${last}`] : []),
        ...names.slice(0, i).map((other) => `* ${other} left`),
      ]
      const section = out.split(`--- ${name}'s transcript (${expected.length} lines)\n`)[1]
      expect(section, `${name}'s transcript`).toBeDefined()
      expect(section.split("\n").slice(0, expected.length).map((text) => text.trim())).toEqual(expected)
    })
    expect(out).toContain("alice -> mallory: error: no such user: mallory")
    const relays = (clients * (clients - 1)) / 2 + messages * clients * (clients - 1) + 1 + (clients * (clients - 1)) / 2
    expect(line(out, /^server relayed (\d+) messages$/)).toEqual([String(relays)])
  }, LONG)

  it("query: queries answer from the server's state; the live copy ends identical", async () => {
    const [updates, items] = [12, 4]
    const out = await example("query", `--updates=${updates}`, `--items=${items}`)
    // The writer's script in the example: update i sets item i % items to (i * 37) % 100.
    const final = new Map<number, number>()
    for (let i = 0; i < updates; i++) final.set(i % items, (i * 37) % 100)
    const expectedTotal = [...final.values()].reduce((a, b) => a + b, 0)
    expect(line(out, /^query total: (\d+)$/)).toEqual([String(expectedTotal)])
    expect(line(out, /^query get apples: (\d+)$/)).toEqual([String(final.get(0))])
    const top = line(out, /^query top 3: (.*)$/)[0].split(" ").map((entry) => Number(entry.split("=")[1]))
    expect(top).toEqual([...final.values()].sort((a, b) => b - a).slice(0, 3))
    const [since, applied] = line(out, /^viewer: snapshot at sequence (\d+), then applied (\d+) live updates/).map(Number)
    expect(since).toBeGreaterThanOrEqual(updates / 2)
    expect(applied).toBe(updates - since)
    expect(line(out, /^viewer's copy (\w+) the server's: total (\d+)$/)).toEqual(["matches", String(expectedTotal)])
  }, LONG)

  it("trading-desk: the same actors give the same report over inproc, ipc and tcp", async () => {
    const transports = capability.ipc ? ["inproc", "ipc", "tcp"] : ["inproc", "tcp"] // ipc: not in every libzmq build
    const reports: string[] = []
    for (const transport of transports) {
      const out = await example("trading-desk", `--transport=${transport}`, "--traders=2", "--ticks=60")
      expect(out).toContain(`trading desk over ${transport}: 4 actors`)
      expect(out).not.toContain("MISMATCH")
      const traders = out.split("\n").filter((text) => text.startsWith("trader-"))
      expect(traders).toHaveLength(2)
      reports.push(traders.join("\n"))
    }
    expect(Number(line(reports[0], /^trader-0: (\d+) orders/)[0])).toBeGreaterThan(0)
    for (const report of reports) expect(report).toBe(reports[0])
  }, LONG)

  it("images: threads over inproc and processes over tcp both reproduce the single-threaded result", async () => {
    const out = await example("images", "--workers=3", "--images=6", "--size=64", "--factor=4")
    const [expected] = line(out, /^single-threaded: checksum ([0-9a-f]{8})/)
    for (const mode of ["threads", "processes"]) {
      const pattern = new RegExp(`^${mode}: 3 workers, checksum ([0-9a-f]{8}) \\((.+)\\) in \\d+ ms; jobs per worker: (.*)$`)
      const [sum, verdict, jobs] = line(out, pattern)
      expect(sum).toBe(expected)
      expect(verdict).toBe("matches")
      expect(jobs.split(" ").map(Number).reduce((a, b) => a + b, 0)).toBe(6)
    }
  }, LONG)

  it.skipIf(!capability.ipc)("plugins: crashing and hung plugins time out, get restarted, and the host carries on", async () => {
    // Healthy calls must answer within the timeout even on a loaded machine: keep it generous.
    const out = await example("plugins", "--timeout=750", "--attempts=2")
    expect(out).toContain(`text.upper("hello plugins") = "HELLO PLUGINS"`)
    expect(out).toContain(`text.words("the quick brown fox") = 4`)
    expect(out).toContain(`math.sum([1,2,3,4]) = 10`)
    expect(out).toContain(`math.divide(1, 0) failed: no reply after 2 attempts`)
    expect(out).toContain(`math exited (code 1): Error: division by zero; restarting it`)
    expect(out).toContain(`math.divide(6, 3) = 2`)
    expect(out).toContain(`slow.sleep() failed: no reply after 2 attempts`)
    expect(out).toContain(`slow is alive but not answering; restarting it`)
    expect(out).toContain(`slow.echo("still there?") = "still there?"`)
    expect(out).toContain(`text.reverse("abc") error: text has no method reverse`)
    const [ok, errors, unanswered, text, math, slow] = line(
      out,
      /^host survived: (\d+) calls ok, (\d+) answered with an error, (\d+) unanswered; restarts: text (\d+), math (\d+), slow (\d+)$/,
    ).map(Number)
    expect([ok, errors, unanswered, text]).toEqual([5, 1, 2, 0])
    expect(math).toBeGreaterThanOrEqual(1)
    expect(slow).toBeGreaterThanOrEqual(1)
  }, LONG)

  it("broker: services join and leave behind the proxy; every request is answered correctly", async () => {
    const [clients, requests] = [2, 3]
    const out = await example("broker", `--clients=${clients}`, `--requests=${requests}`, "--timeout=500")
    const perPhase = clients * requests
    expect(line(out, /^phase 1, service A: (\d+) requests answered; by (.*)$/)).toEqual([String(perPhase), `A ${perPhase}`])
    const [count, by] = line(out, /^phase 2, services A and B: (\d+) requests answered; by (.*)$/)
    expect(count).toBe(String(perPhase))
    const split = by.split(", ").map((entry) => entry.split(" "))
    expect(split.every(([name]) => name === "A" || name === "B")).toBe(true)
    expect(split.reduce((sum, [, n]) => sum + Number(n), 0)).toBe(perPhase)
    expect(line(out, /^phase 3, service B \(A left\): (\d+) requests answered; by (.*)$/)).toEqual([String(perPhase), `B ${perPhase}`])
    expect(line(out, /^phase 4, no service, then C: (\d+) requests answered; by (.*)$/)).toEqual([String(perPhase), `C ${perPhase}`])
    expect(line(out, /^clients: (\d+) requests, (\d+) correct replies/)).toEqual([String(4 * perPhase), String(4 * perPhase)])
  }, LONG)

  it("fanout: targets reach the right minions and the timeout names the one that did not answer", async () => {
    // Only the hung minion ever waits out the deadline; healthy ones must beat it even on a
    // loaded machine, so it is generous.
    const out = await example("fanout", "--minions=5", "--hung=db-1", "--timeout=1000")
    const hash = (text: string) => createHash("sha256").update(text).digest("hex").slice(0, 16)
    expect(out).toContain("master: 5 minions up: web-1 db-1 cache-1 web-2 db-2")
    expect(out).toContain("[1] * ping: 4/5 answered; no answer from db-1")
    expect(out).toContain("[2] group:web sum 1 1000000: 2/2 answered\n")
    expect(out).toContain(`    web-1: ${(1_000_000 * 1_000_001) / 2}\n    web-2: ${(1_000_000 * 1_000_001) / 2}\n`)
    expect(out).toContain(`[3] id:db-2 hash hello minions: 1/1 answered\n    db-2: ${hash("hello minions")}\n`)
    expect(out).toContain("[4] group:db configure postgres: 1/2 answered; no answer from db-1\n    db-2: postgres configured on db-2\n")
    const everywhere = ["cache-1", "db-2", "web-1", "web-2"].map((name) => `    ${name}: ${hash("same everywhere")}`).join("\n")
    expect(out).toContain(`[5] * hash same everywhere: 4/5 answered; no answer from db-1\n${everywhere}\n`)
    expect(out).toContain("minions that missed a command: db-1")
  }, LONG)

  it("web: a STREAM socket serves HTTP to plain TCP clients, whole requests from any split", async () => {
    const [clients, requests] = [2, 3]
    const out = await example("web", `--clients=${clients}`, `--requests=${requests}`)
    for (let c = 0; c < clients; c++) {
      // Odd requests say hello (counted per connection: keep-alive), even ones POST 1..i to /sum.
      const answers = Array.from({length: requests}, (_, index) => {
        const i = index + 1
        return i % 2 === 0 ? `200 ${(i * (i + 1)) / 2}` : `200 hello, client-${c}: request ${i} on this connection`
      })
      expect(line(out, new RegExp(`^client-${c}: (.*)$`))).toEqual([answers.join(" | ")])
    }
    expect(line(out, /^raw: (.*)$/)).toEqual(["200 100 | 200 hello, raw: request 2 on this connection | 404 no GET /missing"])
    expect(line(out, /^server: (\d+) connections, (\d+) requests, (\d+) closed by the server, (\d+) hung up by their client/)).toEqual(
      [clients + 1, clients * requests + 3, clients, 1].map(String),
    )
  }, LONG)

  it("demo: the short tour runs three examples and summarises them", async () => {
    const outcome = await run(path.join(examplesDir, "demo.js"), [])
    expect(outcome.code).toBe(0)
    const summary = outcome.stdout.split("=== summary\n")[1]
    expect(summary.trim().split("\n").map((text) => text.trim().split(/\s+/).slice(0, 2))).toEqual([
      ["ok", "ticker"],
      ["ok", "pipeline"],
      ["ok", "broker"],
    ])
  }, LONG)
})

describe("examples: batch APIs", () => {
  it("metrics: both collectors get the right totals in order; receiveMany takes many per call", async () => {
    const [producers, samples, batch, max] = [3, 2000, 50, 64]
    const out = await example("metrics", `--producers=${producers}`, `--samples=${samples}`, `--batch=${batch}`, `--max=${max}`)
    const names = ["requests", "bytes", "errors"]
    const totals = [0, 0, 0]
    for (let p = 0; p < producers; p++) for (let i = 0; i < samples; i++) totals[i % 3] += (p + 1) * (i % 7)
    const sums = names.map((name, k) => `${name}=${totals[k]}`).join(" ")
    for (const mode of ["send/for await", "sendMany/receiveMany"]) {
      expect(line(out, new RegExp(`^${mode}: totals (.*)$`))[0]).toBe(sums)
      expect(line(out, new RegExp(`^${mode}: (\\d+) samples out of order$`))[0]).toBe("0")
    }
    const [count, batches, largest] = line(out, /^sendMany\/receiveMany: (\d+) samples in (\d+) batches \(largest (\d+)\)/).map(Number)
    expect(count).toBe(producers * samples)
    // The producers' first bursts are queued before the collector's first call.
    expect(largest).toBeGreaterThan(1)
    expect(largest).toBeLessThanOrEqual(max)
    expect(batches).toBeLessThan(count)
  }, LONG)
})

describe("examples with CURVE", () => {
  it.skipIf(!capability.curve)("secure: only clients with an admitted certificate get in, each served by its own name", async () => {
    const clients = 4
    const requests = 3
    const out = await example("secure", `--clients=${clients}`, `--requests=${requests}`)
    const names = ["alice", "bob", "carol", "dave", "erin"]
    expect(line(out, /^keys: server and (\d+) clients; secret files have mode (\d+)$/)).toEqual([String(clients + 1), "600"])
    expect(line(out, /^service: admits (.*)$/)).toEqual([names.slice(0, clients).join(", ")])
    for (const name of names.slice(0, clients)) {
      expect(line(out, new RegExp(`^${name}: handshake (\\w+); (\\d+) replies, addressed to (.*)$`))).toEqual([
        "accepted",
        String(requests),
        name,
      ])
    }
    expect(line(out, /^erin \(not admitted\): handshake (.*)$/)).toEqual(["refused (status 400)"])
    expect(line(out, /^alice after revocation: handshake (.*)$/)).toEqual(["refused (status 400)"])
    // The refused clients' requests never reached the service.
    expect(line(out, /^service: served (\d+) requests$/)).toEqual([String(clients * requests)])
  }, LONG)
})

describe("examples runner", () => {
  it("lists every example, and every listed example has been compiled", async () => {
    const outcome = await run(runner, ["--list"])
    expect(outcome.code).toBe(0)
    const names = outcome.stdout.split("\n").slice(1).filter(Boolean).map((text) => text.trim().split(/\s+/)[0])
    expect(names).toEqual([
      "ticker",
      "pipeline",
      "chat",
      "query",
      "trading-desk",
      "images",
      "plugins",
      "broker",
      "fanout",
      "metrics",
      "web",
      "secure",
    ])
    for (const name of names) expect(existsSync(path.join(examplesDir, "dist", `${name}.js`)), name).toBe(true)
  })

  it("rejects an unknown example and a bad option with exit code 2 and a message", async () => {
    const unknown = await run(runner, ["no-such-example"])
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain(`unknown example "no-such-example"`)
    const bad = await run(runner, ["pipeline", "--workers=zero"])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain(`--workers must be a whole number >= 1, got "zero"`)
  }, LONG)
})
