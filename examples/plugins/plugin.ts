/**
 * The program every plugin process runs (see ../plugins.ts, the host).
 *
 * Usage: node plugin.js <name> <directory>
 * A plugin binds a REP socket at ipc://<directory>/<name>.sock, announces itself on the
 * host's registry socket, then answers calls until told to quit:
 *   request  ["call", method, JSON arguments]   reply ["ok", JSON result] | ["error", text]
 *   request  ["quit"]                           reply ["ok", "null"], then the plugin exits
 * Some methods misbehave on purpose, so the host has something to survive.
 */
import path from "node:path"

import {Push, Reply} from "zmq-napi"

import {exitWithParent} from "../lib/child"

type Method = (...args: any[]) => unknown

const plugins: Record<string, Record<string, Method>> = {
  text: {
    upper: (text: string) => text.toUpperCase(),
    words: (text: string) => text.split(/\s+/).filter(Boolean).length,
  },
  math: {
    sum: (numbers: number[]) => numbers.reduce((a, b) => a + b, 0),
    divide: (a: number, b: number) => {
      // A bug: nothing catches this, so the whole plugin process dies.
      if (b === 0) throw new Error("division by zero")
      return a / b
    },
  },
  slow: {
    echo: (text: string) => text,
    // Never answers: a plugin stuck in a call (the timer keeps the process alive).
    sleep: () => new Promise((resolve) => setTimeout(resolve, 3_600_000)),
  },
}

async function main(): Promise<void> {
  const [name, directory] = process.argv.slice(2)
  const methods = plugins[name]
  if (methods === undefined) throw new Error(`no plugin called "${name}"`)

  const rep = new Reply()
  await rep.bind(`ipc://${path.join(directory, `${name}.sock`)}`)
  const registry = new Push()
  registry.connect(`ipc://${path.join(directory, "registry.sock")}`)
  await registry.send(["hello", name, Object.keys(methods).join(",")])
  registry.close()

  for await (const [kind, method, args] of rep) {
    if (kind.toString() === "quit") {
      await rep.send(["ok", "null"])
      break
    }
    const handler = methods[method.toString()]
    if (handler === undefined) {
      await rep.send(["error", `${name} has no method ${method}`])
      continue
    }
    const result = await handler(...(JSON.parse(args.toString()) as unknown[]))
    await rep.send(["ok", JSON.stringify(result)])
  }
  rep.close()
}

exitWithParent()
void main() // an error nobody catches ends the process: that is the crash the host survives
