// The packed package under Deno and Bun. Their binaries come from npm like everything
// else: the devDependencies `deno` and `bun` pull in the platform package that carries
// the binary (@deno/<platform>, @oven/bun-<platform>). Their postinstall scripts only
// move that binary next to a launcher, so whether npm ran them or not, it is found.
// worker_threads under Node.js are covered by test/workers.test.ts.
import {spawnSync} from "node:child_process"
import {existsSync, mkdirSync, readdirSync, rmSync, writeFileSync} from "node:fs"
import path from "node:path"

import {beforeAll, describe, expect, it} from "vitest"

import {cleanEnv, copyFixtures, exec, PACK_TIMEOUT_MS, packAndInstall, type PackResult, runFixture} from "./packaging-support"

const modules = path.join(__dirname, "..", "node_modules")
const exe = process.platform === "win32" ? ".exe" : ""

interface Runtime {
  binary?: string
  /** "Bun 1.4.5", or "Bun (skipped: why)" when there is no binary. */
  label: string
}

// The first candidate that runs `--version`; otherwise why there is none.
function findRuntime(name: string, candidates: string[]): Runtime {
  for (const binary of candidates) {
    if (!existsSync(binary)) continue
    const probe = spawnSync(binary, ["--version"], {encoding: "utf8"})
    // `bun --version` prints "1.4.5", `deno --version` "deno 2.9.6 (stable, ...)".
    const version = /\d+\.\d+\.\d+\S*/.exec(probe.stdout)?.[0] ?? "?"
    if (probe.status === 0) return {binary, label: `${name} ${version}`}
  }
  return {
    label:
      `${name} (skipped: no ${name} binary for ${process.platform}-${process.arch} in node_modules ` +
      `(looked for ${candidates.map((file) => path.relative(modules, file)).join(", ") || "platform packages"}; ` +
      `the ${name} devDependency has none for this platform, or npm install has not run))`,
  }
}

function scoped(scope: string, file: string): string[] {
  const dir = path.join(modules, scope)
  if (!existsSync(dir)) return []
  return readdirSync(dir).map((entry) => path.join(dir, entry, file))
}

const bun = findRuntime("Bun", [...scoped("@oven", path.join("bin", `bun${exe}`)), path.join(modules, "bun", "bin", "bun.exe")])
const deno = findRuntime("Deno", [...scoped("@deno", `deno${exe}`), path.join(modules, "deno", `deno${exe}`)])

let packed: PackResult

beforeAll(async () => {
  if (!bun.binary && !deno.binary) return
  packed = await packAndInstall()
  copyFixtures(packed.projects.blocked.dir)
}, PACK_TIMEOUT_MS)

const expected = {
  version: "4.3.4",
  curve: true,
  pushPull: {text: "hello", bigLength: 100000, bigIntact: true, handedOverIntact: true, handedOverDetached: true},
  singleFrames: [[98, 117, 102], [1, 2], [...new Uint8Array(new Uint16Array([0x0102, 0x0304]).buffer)], [4, 5], [9, 8]],
  curveRequestReply: {answer: "pong to ping", mechanism: ["curve", "curve"]},
}

const expectedFromWorkers = {received: ["worker 1 4.3.4", "worker 2 4.3.4"], exitCodes: [0, 0]}

describe("Bun", () => {
  it.skipIf(!bun.binary)(
    `${bun.label}: import, PUSH/PULL and CURVE REQ/REP from the packed package`,
    async () => {
      const env = cleanEnv({BUN_RUNTIME_TRANSPILER_CACHE_PATH: "0"})
      const result = await runFixture(bun.binary!, ["smoke.mjs"], {cwd: packed.projects.blocked.dir, env})
      expect(result).toMatchObject(expected)
    },
  )

  it.skipIf(!bun.binary)(`${bun.label}: \`bun add\` of the tarball (its install script blocked, Bun's default), then the same`, async () => {
    const dir = path.join(packed.root, `bun-add-${process.pid}`)
    rmSync(dir, {recursive: true, force: true})
    mkdirSync(dir, {recursive: true})
    writeFileSync(path.join(dir, "package.json"), JSON.stringify({name: "bun-add", version: "1.0.0", private: true}))
    copyFixtures(dir)
    const env = cleanEnv({BUN_RUNTIME_TRANSPILER_CACHE_PATH: "0"})
    try {
      await exec(bun.binary!, ["add", packed.pack.tarball], {cwd: dir, env, timeoutMs: 120000})
      expect(existsSync(path.join(dir, "node_modules", "zmq-napi", "build"))).toBe(false)
      const result = await runFixture(bun.binary!, ["smoke.mjs"], {cwd: dir, env})
      expect(result).toMatchObject(expected)
    } finally {
      rmSync(dir, {recursive: true, force: true})
    }
  }, 150000)

  it.skipIf(!bun.binary)(`${bun.label}: two worker_threads each load the addon and send`, async () => {
    const env = cleanEnv({BUN_RUNTIME_TRANSPILER_CACHE_PATH: "0"})
    const result = await runFixture(bun.binary!, ["worker.mjs"], {cwd: packed.projects.blocked.dir, env})
    expect(result).toEqual(expectedFromWorkers)
  })
})

describe("Deno", () => {
  // Native addons need --allow-ffi; reading package.json and the binary --allow-read;
  // node-gyp-build reads a few environment variables (--allow-env). Nothing else.
  it.skipIf(!deno.binary)(
    `${deno.label}: import, PUSH/PULL and CURVE REQ/REP from the packed package`,
    async () => {
      const env = cleanEnv({NO_COLOR: "1", DENO_NO_UPDATE_CHECK: "1"})
      const args = ["run", "--allow-ffi", "--allow-read", "--allow-env", "smoke.mjs"]
      const result = await runFixture(deno.binary!, args, {cwd: packed.projects.blocked.dir, env})
      expect(result).toMatchObject(expected)
    },
  )

  it.skipIf(!deno.binary)(`${deno.label}: two worker_threads each load the addon and send`, async () => {
    const env = cleanEnv({NO_COLOR: "1", DENO_NO_UPDATE_CHECK: "1"})
    const args = ["run", "--allow-ffi", "--allow-read", "--allow-env", "worker.mjs"]
    const result = await runFixture(deno.binary!, args, {cwd: packed.projects.blocked.dir, env})
    expect(result).toEqual(expectedFromWorkers)
  })
})
