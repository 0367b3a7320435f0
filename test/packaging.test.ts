// The package as users get it: `npm pack`, then `npm install` of the tarball into fresh
// projects with no compiler, cmake or make on PATH (scripts/pack-test.js), then loading
// and using it from there. Nothing here loads the checkout's own build.
import {spawnSync} from "node:child_process"
import {cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync} from "node:fs"
import {createRequire} from "node:module"
import path from "node:path"

import {afterAll, beforeAll, describe, expect, it} from "vitest"

import {
  copyFixtures,
  exec,
  cleanEnv,
  extraEntries,
  PACK_TIMEOUT_MS,
  packAndInstall,
  type PackResult,
  packageJson,
  runFixture,
} from "./packaging-support"

const {blockCacheSources} = createRequire(__filename)("../scripts/lib/libzmq-block-cache.js") as {blockCacheSources: string[]}

const platformArch = `${process.platform}-${process.arch}`
// The tarball of one platform; all eight together stay a few MB.
const MAX_PACKED_BYTES = 2 * 1024 * 1024

// Everything the tarball may hold; anything else (source maps, tests, TypeScript sources,
// build trees, deps/) is a packaging mistake.
const ALLOWED = [
  /^package\.json$/,
  /^README\.md$/,
  /^LICENSE[^/]*$/,
  /^NOTICE$/, // libzmq's license, for the statically linked binaries
  /^lib\/.+\.(js|mjs|d\.ts)$/,
  /^prebuilds\/[a-z0-9]+-[a-z0-9+]+\/[^/]+\.node$/,
  /^native\/[^/]+\.(cc|h)$/,
  /^native\/libzmq\/[^/]+\.(cpp|hpp)$/, // compiled into libzmq by a source build
  /^CMakeLists\.txt$/,
  /^binding\.gyp$/,
  /^scripts\/(install|build-native|build-libzmq|libzmq-source)\.js$/,
  /^scripts\/lib\/[^/]+\.(js|cmake)$/,
  /^scripts\/lib\/perf-tools\/(CMakeLists\.txt|writing_sender\.cpp)$/,
  /^docs\/[^/]+\.md$/,
  /^deps\/libzmq-[\d.]+\.tar\.gz$/, // the libzmq source, so a source build downloads nothing
]

let packed: PackResult
let files: string[]

beforeAll(async () => {
  packed = await packAndInstall()
  files = packed.pack.files.map((file) => file.path)
  for (const project of Object.values(packed.projects)) copyFixtures(project.dir)
}, PACK_TIMEOUT_MS)

/** The one libzmq source tarball the package must carry. */
function bundledSourceName(): string {
  const names = files.filter((file) => /^deps\/libzmq-[\d.]+\.tar\.gz$/.test(file))
  expect(names).toHaveLength(1)
  return path.basename(names[0])
}

function installedPackage(kind: "default" | "blocked"): string {
  return path.join(packed.projects[kind].dir, "node_modules", packageJson.name)
}

function installedBinary(): string {
  return path.join(installedPackage("blocked"), "prebuilds", platformArch, packed.prebuiltFile)
}

// The files an exports entry names, relative to the package root.
function entryFiles(entry: string): string[] {
  const target = packageJson.exports[entry]
  const targets = typeof target === "string" ? [target] : Object.values(target)
  return targets.map((file) => path.posix.normalize(file))
}

describe("the tarball", () => {
  it("is small", () => {
    console.info(
      `zmq-napi tarball: ${packed.pack.size} bytes packed, ${packed.pack.unpackedSize} unpacked, ${packed.pack.entryCount} files`,
    )
    expect(packed.pack.size).toBeLessThan(MAX_PACKED_BYTES)
  })

  it("holds nothing but runtime files, install-time build files and docs", () => {
    expect(files.filter((file) => !ALLOWED.some((pattern) => pattern.test(file)))).toEqual([])
  })

  it("holds every file a source build copies into libzmq", () => {
    expect(blockCacheSources.filter((source) => !files.includes(source))).toEqual([])
  })

  it(`holds exactly one binary, for ${platformArch}, named for node-gyp-build and @electron/rebuild`, () => {
    // See scripts/prebuild.js for why these names.
    const armv = process.arch === "arm64" ? "\\.armv8" : process.arch === "arm" ? "\\.armv\\d+" : ""
    const libc = runsOnMusl() ? "\\.musl" : ""
    const binaries = files.filter((file) => file.startsWith("prebuilds/"))
    expect(binaries).toHaveLength(1)
    expect(binaries[0]).toMatch(new RegExp(`^prebuilds/${platformArch}/node\\.napi${armv}${libc}\\.node$`))
  })

  // @electron/rebuild (Electron Forge, electron-builder) leaves a package alone when its
  // manifest lists prebuildify and names the Node-API versions it was built for.
  it("tells @electron/rebuild that it ships Node-API prebuilds", () => {
    const installed = JSON.parse(readFileSync(path.join(installedPackage("blocked"), "package.json"), "utf8"))
    expect(installed.devDependencies).toHaveProperty("prebuildify")
    expect(installed.binary.napi_versions).toEqual([8])
  })

  it("holds CommonJS, ESM and declarations for every exported entry point", () => {
    for (const entry of Object.keys(packageJson.exports)) {
      for (const file of entryFiles(entry)) expect(files, `${entry} -> ${file}`).toContain(file)
    }
    const conditions = packageJson.exports["."] as Record<string, string>
    expect(Object.keys(conditions).sort()).toEqual(["import", "require", "types"])
  })
})

describe("npm install of the tarball, without compiler, cmake or make", () => {
  it("with npm's default settings: succeeds without building anything", () => {
    const installed = installedPackage("default")
    expect(existsSync(path.join(installed, "prebuilds", platformArch, packed.prebuiltFile))).toBe(true)
    // A source build would have left build/ (the addon) and deps/libzmq-* (libzmq) behind;
    // deps/ holds only the bundled source tarball.
    expect(existsSync(path.join(installed, "build"))).toBe(false)
    expect(readdirSync(path.join(installed, "deps"))).toEqual([bundledSourceName()])
    expect(packed.projects.default.log).not.toMatch(/building from source/)
  })

  it("with npm's default settings: require() works", async () => {
    const result = await runFixture(process.execPath, ["require.cjs"], {cwd: packed.projects.default.dir})
    expect(result.received).toBe("from require")
  })

  it("with install scripts blocked: require() loads the prebuilt binary", async () => {
    const result = await runFixture(process.execPath, ["require.cjs"], {cwd: packed.projects.blocked.dir})
    expect(result).toMatchObject({version: "4.3.4", received: "from require"})
    expect(result.binary).toBe(installedBinary())
  })

  it("with install scripts blocked: import works, PUSH/PULL and CURVE REQ/REP round trips", async () => {
    const env = cleanEnv({PATH: packed.toolless.PATH})
    const result = await runFixture(packed.toolless.node, ["smoke.mjs"], {cwd: packed.projects.blocked.dir, env})
    expect(result).toMatchObject({
      version: "4.3.4",
      curve: true,
      pushPull: {text: "hello", bigLength: 100000, bigIntact: true, handedOverIntact: true, handedOverDetached: true},
      curveRequestReply: {answer: "pong to ping", mechanism: ["curve", "curve"]},
    })
  })
})

describe("entry points besides the main one", () => {
  if (extraEntries.length === 0) {
    it.skip("./draft, ./compat, ./v5-compat: none is in package.json exports yet, so there is nothing to load", () => {})
  }
  for (const entry of extraEntries) {
    it(`${entry} loads through require() and import`, async () => {
      const cwd = packed.projects.blocked.dir
      const required = await runFixture(process.execPath, ["require.cjs"], {cwd})
      const imported = await runFixture(process.execPath, ["smoke.mjs"], {cwd})
      expect((required.entries as Record<string, number>)[entry]).toBeGreaterThan(0)
      expect((imported.entries as Record<string, number>)[entry]).toBeGreaterThan(0)
    })
  }

  it.skipIf(!extraEntries.includes("./draft"))(
    "zmq-napi/draft: RADIO/DISH round trip",
    async () => {
      const result = await runFixture(process.execPath, ["smoke.mjs"], {cwd: packed.projects.blocked.dir})
      expect(result.radioDish).toEqual({message: "extra", group: "news"})
    },
  )
})

describe("TypeScript declarations of the installed package", () => {
  const tsc = path.join(__dirname, "..", "node_modules", "typescript", "bin", "tsc")
  const typeRoots = path.join(__dirname, "..", "node_modules", "@types")
  const specifiers = [packageJson.name, ...extraEntries.map((entry) => `${packageJson.name}/${entry.slice(2)}`)]

  for (const [resolution, module, file] of [
    ["node16", "node16", "consumer.mts"],
    ["node10", "commonjs", "consumer.ts"],
  ]) {
    it(`resolve for every entry point with moduleResolution ${resolution}`, async () => {
      const cwd = packed.projects.blocked.dir
      const source = specifiers.map((specifier, i) => `import * as entry${i} from "${specifier}"\nvoid entry${i}\n`)
      writeFileSync(path.join(cwd, file), `${source.join("")}export {}\n`)
      const args = [tsc, "--noEmit", "--strict", "--target", "es2022", "--module", module]
      args.push("--moduleResolution", resolution, "--typeRoots", typeRoots, "--types", "node", file)
      await exec(process.execPath, args, {cwd})
    })
  }
})

describe("the prebuilt binary", () => {
  it.skipIf(process.platform !== "linux")("links no libzmq or libsodium shared library (ldd; Linux only)", () => {
    const ldd = spawnSync("ldd", [installedBinary()], {encoding: "utf8"})
    expect(ldd.status, ldd.stderr).toBe(0)
    expect(ldd.stdout).not.toMatch(/libzmq|libsodium|not found/)
  })

  it.skipIf(process.platform !== "darwin")("links no libzmq or libsodium shared library (otool; macOS only)", () => {
    const otool = spawnSync("otool", ["-L", installedBinary()], {encoding: "utf8"})
    expect(otool.status, otool.stderr).toBe(0)
    expect(otool.stdout).not.toMatch(/libzmq|libsodium/)
  })

  // CI sets these where the binary must run on old distributions (glibc 2.28, GCC 8's
  // libstdc++); a local build targets the local system, so there is nothing to check.
  for (const [variable, prefix] of [
    ["ZMQ_NAPI_MAX_GLIBC", "GLIBC_"],
    ["ZMQ_NAPI_MAX_GLIBCXX", "GLIBCXX_"],
  ]) {
    const limit = process.env[variable]
    it.skipIf(!limit || process.platform !== "linux")(
      `needs no ${prefix} symbol version above ${limit ?? `$${variable} (unset here)`}`,
      () => {
        const strings = readFileSync(installedBinary()).toString("latin1")
        const versions = [...strings.matchAll(new RegExp(`${prefix}(\\d+(?:\\.\\d+)+)`, "g"))].map((m) => m[1])
        expect(versions.length).toBeGreaterThan(0)
        const newer = versions.filter((version) => compareVersions(version, limit!) > 0)
        expect([...new Set(newer)]).toEqual([])
      },
    )
  }
})

describe("on a platform without a matching prebuilt binary", () => {
  let dir: string

  beforeAll(() => {
    // The installed package minus prebuilds/, with its dependencies beside it.
    dir = path.join(packed.root, `no-prebuild-${process.pid}`)
    rmSync(dir, {recursive: true, force: true})
    const modules = path.join(dir, "node_modules")
    mkdirSync(modules, {recursive: true})
    const installedModules = path.join(packed.projects.blocked.dir, "node_modules")
    for (const name of readdirSync(installedModules)) {
      if (name === packageJson.name || name.startsWith(".")) continue
      symlinkSync(path.join(installedModules, name), path.join(modules, name), "junction")
    }
    cpSync(installedPackage("blocked"), path.join(modules, packageJson.name), {
      recursive: true,
      filter: (source) => path.basename(source) !== "prebuilds",
    })
  })

  afterAll(() => rmSync(dir, {recursive: true, force: true}))

  it("loading fails with an error naming platform, arch, libc and Node-API version, and how to build", async () => {
    const probe = `try { require("${packageJson.name}") } catch (error) { console.log(JSON.stringify(error.message)) }`
    const {stdout} = await exec(process.execPath, ["-e", probe], {cwd: dir})
    const message = JSON.parse(stdout) as string
    expect(message).toContain(`${process.platform}-${process.arch}`)
    expect(message).toMatch(/libc \S+/)
    expect(message).toContain(`Node-API ${process.versions.napi}`)
    expect(message).toContain("npm rebuild zmq-napi")
    expect(message).toContain("docs/install.md")
  })

  it("finds the libzmq source bundled in the package, verified, and never tries the network", async () => {
    const script = path.join(dir, "node_modules", packageJson.name, "scripts", "libzmq-source.js")
    const env = cleanEnv({ZMQ_NAPI_CACHE_DIR: path.join(dir, "empty-cache")})
    const found = await exec(process.execPath, [script], {cwd: dir, env, timeoutMs: 30000})
    const bundled = path.join(dir, "node_modules", packageJson.name, "deps", bundledSourceName())
    expect(found.stdout.trim().split("\n").pop()).toBe(bundled)
    expect(found.stdout).toContain("from bundled source, sha256 verified")

    // Without it, an installed package says what to do instead of downloading.
    const moved = `${bundled}.moved`
    renameSync(bundled, moved)
    try {
      const failure = await exec(process.execPath, [script], {cwd: dir, env, timeoutMs: 30000}).then(
        () => undefined,
        (error: {status: number; stderr: string}) => error,
      )
      expect(failure?.status).toBe(1)
      expect(failure?.stderr).toMatch(/upstream: not tried, an installed package downloads nothing/)
      expect(failure?.stderr).toMatch(/ZMQ_NAPI_LIBZMQ_SOURCE=/)
      expect(existsSync(path.join(dir, "empty-cache"))).toBe(false)
    } finally {
      renameSync(moved, bundled)
    }
  })

  it.skipIf(process.platform === "win32")(
    "the install script tries a source build and names the missing tools, before downloading anything",
    async () => {
      const installScript = path.join(dir, "node_modules", packageJson.name, "scripts", "install.js")
      const env = cleanEnv({PATH: packed.toolless.PATH, ZMQ_NAPI_CACHE_DIR: path.join(dir, "cache")})
      const failure = await exec(packed.toolless.node, [installScript], {cwd: dir, env, timeoutMs: 30000}).then(
        () => undefined,
        (error: {status: number; stdout: string; stderr: string}) => error,
      )
      expect(failure?.status).toBe(1)
      expect(failure?.stdout).toContain("building from source")
      expect(failure?.stderr).toMatch(/missing:[\s\S]*cmake[\s\S]*npm rebuild zmq-napi/)
      // The libzmq source would be fetched into the cache only after the tool check.
      expect(existsSync(path.join(dir, "cache"))).toBe(false)
    },
  )
})

function runsOnMusl(): boolean {
  const report = process.report.getReport() as {header: {glibcVersionRuntime?: string}}
  return process.platform === "linux" && !report.header.glibcVersionRuntime
}

function compareVersions(a: string, b: string): number {
  const left = a.split(".").map(Number)
  const right = b.split(".").map(Number)
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const difference = (left[i] ?? 0) - (right[i] ?? 0)
    if (difference !== 0) return difference
  }
  return 0
}
