import {ChildProcess, spawn} from "node:child_process"

import {afterAll} from "vitest"

export interface Outcome {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

export interface RunOptions {
  /** Options for node itself, before the script (e.g. `--expose-gc`). */
  nodeArgs?: string[]
  env?: NodeJS.ProcessEnv
  /** Gets each complete line the child prints, as it prints it. */
  onLine?: (line: string, child: ChildProcess) => void
  /** Milliseconds until the child is killed, so a hang fails its test with the output so far. */
  timeout?: number
}

// A test that times out leaves its child running, and vitest can end this process (by a
// signal) before the child's own timeout kills it: the test file's end kills them.
const running = new Set<ChildProcess>()
afterAll(() => {
  for (const child of running) child.kill("SIGKILL")
})

/** Runs a command to its end and collects what it printed. */
export function runToEnd(command: string, argv: string[], {env, onLine, timeout = 60_000}: RunOptions = {}): Promise<Outcome> {
  return new Promise((resolve) => {
    const child = spawn(command, argv, {stdio: ["ignore", "pipe", "pipe"], env, timeout, killSignal: "SIGKILL"})
    running.add(child)
    let stdout = ""
    let stderr = ""
    let partLine = ""
    child.stdout.on("data", (chunk: Buffer) => {
      const text = chunk.toString()
      stdout += text
      if (!onLine) return
      const lines = (partLine + text).split("\n")
      partLine = lines.pop()!
      for (const line of lines) onLine(line, child)
    })
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()))
    // "close" rather than "exit": only then has all of the output been read.
    child.on("close", (code, signal) => {
      running.delete(child)
      resolve({code, signal, stdout, stderr})
    })
  })
}

/** Runs a Node.js script with this Node.js. */
export function runNode(script: string, args: string[] = [], options: RunOptions = {}): Promise<Outcome> {
  return runToEnd(process.execPath, [...(options.nodeArgs ?? []), script, ...args], options)
}
