// Electron cannot be downloaded here, but what sets it apart for this addon can be built:
// its V8 memory cage makes napi_create_external_buffer fail with
// napi_no_external_buffers_allowed, so received frames that would be handed over without
// copying (>= 1 MiB) must be copied instead. The addon has a compile switch that makes
// Node-API refuse the same way; this builds that variant into a directory of its own and
// checks large messages still arrive intact. Loading it from the package uses the same
// node-gyp-build lookup as a prebuild (ZMQ_NAPI_PREBUILD points it at the variant).
import {execFile} from "node:child_process"
import {readFileSync} from "node:fs"
import {createRequire} from "node:module"
import path from "node:path"
import {promisify} from "node:util"

import {beforeAll, describe, expect, it} from "vitest"

const require = createRequire(__filename)
const root = path.join(__dirname, "..")
const {buildAddonVariant} = require(path.join(root, "scripts", "prebuild-backend.js")) as {
  buildAddonVariant(options: {buildDir: string; defines: Record<string, string | true>}): Promise<string>
}
const {missingTools} = require(path.join(root, "scripts", "lib", "toolchain.js")) as {
  missingTools(mode: string): Array<{name: string}>
}

const SWITCH = "ZMQ_NAPI_SIMULATE_NO_EXTERNAL_BUFFERS"
const variantRoot = path.join(root, "build-variants", "no-external-buffers")
const missing = missingTools("static").map((tool) => tool.name)
const BUILD_TIMEOUT_MS = 600000

describe.skipIf(missing.length > 0)(
  `Electron's refusal of external buffers, simulated${missing.length ? ` (skipped: cannot compile, missing ${missing.join(", ")})` : ""}`,
  () => {
    let binary: string

    beforeAll(async () => {
      binary = await buildAddonVariant({buildDir: path.join(variantRoot, "build"), defines: {[SWITCH]: true}})
    }, BUILD_TIMEOUT_MS)

    it(`the variant is compiled with ${SWITCH}`, () => {
      const commands = JSON.parse(readFileSync(path.join(variantRoot, "build", "compile_commands.json"), "utf8")) as Array<{
        file: string
        command: string
      }>
      const message = commands.find((entry) => entry.file.endsWith(path.join("native", "message.cc")))
      expect(message?.command).toContain(`-D${SWITCH}`)
    })

    it("messages from 1 MiB up and allocateFrame() frames arrive intact through the copy fallback, on the main thread and in a worker", async () => {
      const fixture = path.join(__dirname, "fixtures", "no-external-buffers.js")
      // The variant sits in build/Release below ZMQ_NAPI_PREBUILD, which PREBUILDS_ONLY would skip.
      const {PREBUILDS_ONLY: _ignored, ...inherited} = process.env
      const env = {...inherited, ZMQ_NAPI_PREBUILD: variantRoot}
      const {stdout} = await promisify(execFile)(process.execPath, ["--expose-gc", fixture], {env, timeout: 90000})
      const result = JSON.parse(stdout.trim().split("\n").pop()!)
      expect(result.binary).toBe(binary)
      const perTransport = {inproc: 6, tcp: 6, allocateFrame: "copied"}
      expect(result).toMatchObject({main: perTransport, worker: perTransport})
    }, 120000)
  },
)
