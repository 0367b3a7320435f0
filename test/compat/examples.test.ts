import {execFile} from "node:child_process"
import {readFileSync} from "node:fs"
import path from "node:path"
import {promisify} from "node:util"

import {describe, expect, it} from "vitest"

const root = path.join(__dirname, "..", "..")

function run(example: string, args: string[]): Promise<{stdout: string; stderr: string}> {
  return promisify(execFile)(process.execPath, [path.join(root, "examples", example), ...args], {
    cwd: root,
    timeout: 15000,
  })
}

describe("compat examples written for `zmq`", () => {
  it("compat-broker.js differs from a zmq program only in its require line", () => {
    const source = readFileSync(path.join(root, "examples", "compat-broker.js"), "utf8")
    const code = source.replace(/\/\/.*$/gm, "")
    expect(code.match(/require\([^)]*\)/g)).toEqual(['require("zmq-napi/compat")', 'require("util")'])
    expect(code.replace('require("zmq-napi/compat")', 'require("zmq")')).not.toContain("zmq-napi")
  })

  it("compat-broker.js answers every request through the proxy, then exits by itself", async () => {
    const {stdout, stderr} = await run("compat-broker.js", ["3", "5"])
    expect(stderr).toBe("")
    const lines = stdout.trim().split("\n")
    const replies = lines.slice(0, -1)
    expect(replies).toHaveLength(15)
    for (const line of replies) {
      const [, client, request, sum] = /^client-(\d): request (\d): (\d+) from worker-[12]$/.exec(line)!
      expect(Number(sum)).toBe(Number(client) + Number(request))
    }
    // Each client's requests went out one after another.
    for (const client of ["0", "1", "2"]) {
      const order = replies.filter((line) => line.startsWith(`client-${client}:`)).map((line) => line.split(" ")[2])
      expect(order).toEqual(["0:", "1:", "2:", "3:", "4:"])
    }
    const [, total, first, second] = /^done: (\d+) replies, by worker: (\d+) (\d+)$/.exec(lines[lines.length - 1])!
    expect(Number(total)).toBe(15)
    expect(Number(first) + Number(second)).toBe(15)
  })
})
