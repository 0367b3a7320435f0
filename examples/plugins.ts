/**
 * IPC plugin system: plugins are separate processes speaking a small message protocol.
 *
 * The host starts each plugin (plugins/plugin.ts) as a child process. A plugin binds a
 * REP socket on an ipc:// address (a Unix socket file) and announces itself on the
 * host's registry socket; the host calls it with a REQ socket:
 *   ["call", method, JSON args]  ->  ["ok", JSON result] | ["error", message]
 * Because a plugin is a process, a bug in it cannot corrupt or crash the host.
 *
 * What to watch for - the "lazy pirate" pattern for an unreliable server:
 *  - Every reply is awaited with `receive({timeout})`. A REQ socket has a strict
 *    send/receive rhythm, and after a lost request it is stuck waiting for a reply that
 *    will never come. So on timeout the host closes it (linger 0, dropping the request)
 *    and opens a fresh one, then retries - a few times, then gives up on that call.
 *  - A crashing plugin (math.divide by zero) exits; a supervisor sees the exit and starts
 *    it again; it re-announces itself and the host carries on. Calls wait for that
 *    announcement, so a plugin's start-up time never eats into a call's timeout.
 *  - A hung plugin (slow.sleep) stays alive but answers nothing. After giving up on a
 *    call the host restarts a plugin that did not exit by itself.
 *  - Plugin start-up and crashes are timing-dependent, so the retry log lines can vary;
 *    the results of the calls do not.
 *
 * Needs the ipc transport (not available on Windows builds of libzmq).
 * Options: --timeout=1000 (ms per attempt)  --attempts=2
 */
import {ChildProcess, spawn} from "node:child_process"
import {mkdtempSync, rmSync} from "node:fs"
import {tmpdir} from "node:os"
import path from "node:path"

import {capability, Pull, Request} from "zmq-napi"

import {intArg} from "./lib/cli"

const timeout = intArg("timeout", 1000)
const attempts = intArg("attempts", 2)
const program = path.join(__dirname, "plugins", "plugin.js")

/** Keeps one plugin process running: restarts it when it exits, unless we are stopping. */
class Supervised {
  readonly address: string
  child!: ChildProcess
  /** Incremented on every start; a call that sees it unchanged knows the process never exited. */
  generation = 0
  restarts = 0
  stopping = false
  ready!: Promise<void>
  #markReady!: () => void

  constructor(readonly name: string, private readonly directory: string) {
    this.address = `ipc://${path.join(directory, `${name}.sock`)}`
    this.start()
  }

  start(): void {
    this.generation++
    this.ready = new Promise((resolve) => (this.#markReady = resolve))
    // stdin: see exitWithParent() in the plugin; stderr: to report why it crashed.
    const child = spawn(process.execPath, [program, this.name, this.directory], {stdio: ["pipe", "inherit", "pipe"]})
    let stderr = ""
    child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()))
    child.once("exit", (code, signal) => {
      if (this.stopping) return
      const why = /^\w*Error: .*$/m.exec(stderr)?.[0] ?? (signal ? `killed by ${signal}` : "no message")
      console.log(`  [supervisor] ${this.name} exited (code ${code}): ${why}; restarting it`)
      this.restarts++
      this.start()
    })
    this.child = child
  }

  /** Called when the plugin's hello arrives on the registry. */
  announced(): void {
    this.#markReady()
  }
}

/** "error": the plugin answered with an error; "unanswered": it did not answer at all. */
type Outcome = {status: "ok"; value: unknown} | {status: "error" | "unanswered"; reason: string}

/** A REQ client with the lazy pirate recovery: time out, reopen, retry, give up. */
class PluginClient {
  #req!: Request

  constructor(private readonly plugin: Supervised) {
    this.#open()
  }

  #open(): void {
    this.#req = new Request({linger: 0})
    this.#req.connect(this.plugin.address)
  }

  async call(method: string, ...args: unknown[]): Promise<Outcome> {
    const generation = this.plugin.generation
    for (let attempt = 1; attempt <= attempts; attempt++) {
      await this.plugin.ready
      await this.#req.send(["call", method, JSON.stringify(args)])
      try {
        const [status, payload] = (await this.#req.receive({timeout})).map(String)
        return status === "ok" ? {status: "ok", value: JSON.parse(payload)} : {status: "error", reason: payload}
      } catch (error) {
        if ((error as {code?: string}).code !== "EAGAIN") throw error
        console.log(`  [host] ${this.plugin.name}.${method}: no reply within ${timeout} ms (attempt ${attempt}); reopening the socket`)
        this.#req.close()
        this.#open()
      }
    }
    if (this.plugin.generation === generation) {
      console.log(`  [host] ${this.plugin.name} is alive but not answering; restarting it`)
      this.plugin.child.kill("SIGKILL") // the supervisor starts a new one
    }
    return {status: "unanswered", reason: `no reply after ${attempts} attempts`}
  }

  /** Asks the plugin to exit; false if it does not answer. */
  async quit(): Promise<boolean> {
    await this.#req.send("quit")
    try {
      await this.#req.receive({timeout})
      return true
    } catch {
      return false
    }
  }

  close(): void {
    this.#req.close()
  }
}

async function main(): Promise<void> {
  if (!capability.ipc) {
    console.log("this libzmq has no ipc transport; the plugin example needs it")
    return
  }
  const directory = mkdtempSync(path.join(tmpdir(), "zmq-napi-plugins-"))
  const registry = new Pull()
  await registry.bind(`ipc://${path.join(directory, "registry.sock")}`)

  const plugins = new Map(["text", "math", "slow"].map((name) => [name, new Supervised(name, directory)]))
  const listening = (async () => {
    for await (const [, name] of registry) plugins.get(name.toString())?.announced()
  })()
  await Promise.all([...plugins.values()].map((plugin) => plugin.ready))
  console.log(`plugins ready: ${[...plugins.keys()].join(", ")}`)

  const clients = new Map([...plugins].map(([name, plugin]) => [name, new PluginClient(plugin)]))
  const script: Array<[string, string, unknown[]]> = [
    ["text", "upper", ["hello plugins"]],
    ["text", "words", ["the quick brown fox"]],
    ["math", "sum", [[1, 2, 3, 4]]],
    ["math", "divide", [1, 0]],
    ["math", "divide", [6, 3]],
    ["slow", "sleep", []],
    ["slow", "echo", ["still there?"]],
    ["text", "reverse", ["abc"]],
  ]
  const tally = {ok: 0, error: 0, unanswered: 0}
  for (const [plugin, method, args] of script) {
    const outcome = await clients.get(plugin)!.call(method, ...args)
    const call = `${plugin}.${method}(${args.map((arg) => JSON.stringify(arg)).join(", ")})`
    if (outcome.status === "ok") console.log(`${call} = ${JSON.stringify(outcome.value)}`)
    else console.log(`${call} ${outcome.status === "error" ? "error" : "failed"}: ${outcome.reason}`)
    tally[outcome.status]++
  }

  // Shut down: ask every plugin to quit, and wait for the processes to end.
  for (const [name, plugin] of plugins) {
    plugin.stopping = true
    const exited = new Promise((resolve) => plugin.child.once("exit", resolve))
    if (plugin.child.exitCode === null && plugin.child.signalCode === null) {
      if (!(await clients.get(name)!.quit())) plugin.child.kill("SIGKILL")
      await exited
    }
  }
  clients.forEach((client) => client.close())
  registry.close()
  await listening
  rmSync(directory, {recursive: true, force: true})

  const restarts = [...plugins.values()].map((plugin) => `${plugin.name} ${plugin.restarts}`).join(", ")
  const calls = `${tally.ok} calls ok, ${tally.error} answered with an error, ${tally.unanswered} unanswered`
  console.log(`host survived: ${calls}; restarts: ${restarts}`)
}

main().catch((error) => {
  console.error(error)
  process.exitCode = 1
})
