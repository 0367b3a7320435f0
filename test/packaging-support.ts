// Shared by the packaging and runtime tests: the packed-and-installed package
// (scripts/pack-test.js), the entry points package.json exports, and running the
// fixtures in test/fixtures/packaged/ inside an installing project.
import {copyFileSync, readdirSync, readFileSync} from "node:fs"
import {createRequire} from "node:module"
import path from "node:path"

export interface PackedFile {
  path: string
  size: number
}

export interface PackResult {
  root: string
  npm: string
  /** PATH holding only node and sh, and the node in it. */
  toolless: {PATH: string; node: string}
  prebuiltFile: string
  pack: {tarball: string; size: number; unpackedSize: number; entryCount: number; files: PackedFile[]}
  projects: Record<"default" | "blocked", {dir: string; log: string}>
}

interface ExecResult {
  status: number | null
  signal: string | null
  stdout: string
  stderr: string
}

const require = createRequire(__filename)
const scripts = path.join(__dirname, "..", "scripts")

export const {packAndInstall} = require(path.join(scripts, "pack-test.js")) as {
  packAndInstall(): Promise<PackResult>
}

export const {exec, cleanEnv} = require(path.join(scripts, "pack-test-env.js")) as {
  exec(
    command: string,
    args: string[],
    options?: {cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number},
  ): Promise<ExecResult>
  cleanEnv(extra?: NodeJS.ProcessEnv): NodeJS.ProcessEnv
}

export const packageJson = JSON.parse(readFileSync(path.join(__dirname, "..", "package.json"), "utf8")) as {
  name: string
  exports: Record<string, string | Record<string, string>>
}

/** Entry points besides "." (and "./package.json"), e.g. "./draft" once it exists. */
export const extraEntries = Object.keys(packageJson.exports).filter(
  (entry) => entry !== "." && entry !== "./package.json",
)

/** Installing the tarball takes a while the first time (prebuild, TypeScript, npm). */
export const PACK_TIMEOUT_MS = 300000

/** Copies the fixtures into a project so that "zmq-napi" resolves to the installed copy. */
export function copyFixtures(projectDir: string): void {
  const fixtures = path.join(__dirname, "fixtures", "packaged")
  for (const file of readdirSync(fixtures)) copyFileSync(path.join(fixtures, file), path.join(projectDir, file))
}

/** Runs a fixture and parses the JSON object it prints last. */
export async function runFixture(
  command: string,
  args: string[],
  options: {cwd: string; env?: NodeJS.ProcessEnv},
): Promise<Record<string, unknown>> {
  const {stdout} = await exec(command, args, {...options, timeoutMs: 60000})
  const lines = stdout.trim().split("\n")
  return JSON.parse(lines[lines.length - 1]) as Record<string, unknown>
}
