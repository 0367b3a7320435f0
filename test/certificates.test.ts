import {execFileSync} from "node:child_process"
import {mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile} from "node:fs/promises"
import {tmpdir} from "node:os"
import {join} from "node:path"

import {afterEach, beforeEach, describe, expect, it} from "vitest"

import * as zmq from "../src"
import {contextPerTest} from "./helpers"
import {expectDelivered, pair} from "./security-helpers"

const noCurve = !zmq.capability.curve
const newContext = contextPerTest()

let directory: string
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), "zmq-napi-certs-"))
})
afterEach(async () => {
  await rm(directory, {recursive: true, force: true})
})

/** A certificate written the way CZMQ's zcert writes one: quoted values, a banner, CRLF here. */
function czmqStyle(keys: {publicKey: string; secretKey?: string}, metadata: Record<string, string>): string {
  const lines = [
    "#   ****  Generated on 2026-01-01 by CZMQ  ****",
    "#   ZeroMQ CURVE **Secret** Certificate",
    "",
    "metadata",
    ...Object.entries(metadata).map(([name, value]) => `    ${name} = "${value}"`),
    "curve",
    `    public-key = "${keys.publicKey}"`,
    ...(keys.secretKey ? [`    secret-key = "${keys.secretKey}"`] : []),
  ]
  return lines.join("\r\n") + "\r\n"
}

describe.skipIf(noCurve)("certificate files", () => {
  it("createCertificate writes a public and an owner-only secret certificate that load back", async () => {
    const made = await zmq.createCertificate(join(directory, "new"), "server", {metadata: {owner: "alice", "x-note": 'says "hi"'}})
    expect(made.publicFile).toBe(join(directory, "new", "server.key"))
    expect(made.secretFile).toBe(join(directory, "new", "server.key_secret"))
    expect(zmq.curvePublicKey(made.secretKey)).toBe(made.publicKey)
    expect((await stat(made.secretFile)).mode & 0o777).toBe(0o600)

    const loadedPublic = await zmq.loadCertificate(made.publicFile)
    expect(loadedPublic).toEqual({
      path: made.publicFile,
      publicKey: made.publicKey,
      secretKey: null,
      metadata: {owner: "alice", "x-note": 'says "hi"'},
    })
    expect(await readFile(made.publicFile, "utf8")).not.toContain(made.secretKey)
    const loadedSecret = await zmq.loadCertificate(made.secretFile)
    expect(loadedSecret.secretKey).toBe(made.secretKey)
    expect(loadedSecret.publicKey).toBe(made.publicKey)
  })

  it("never overwrites: a second createCertificate of a name rejects with EEXIST and changes nothing", async () => {
    const first = await zmq.createCertificate(directory, "client")
    const before = await readFile(first.secretFile, "utf8")
    await expect(zmq.createCertificate(directory, "client")).rejects.toMatchObject({code: "EEXIST"})
    expect(await readFile(first.secretFile, "utf8")).toBe(before)
    expect((await zmq.loadCertificate(first.publicFile)).publicKey).toBe(first.publicKey)
  })

  it("reads certificates written by CZMQ (quoted values, CRLF) and pyzmq (bare values)", async () => {
    const keys = zmq.curveKeyPair()
    await writeFile(join(directory, "czmq.key_secret"), czmqStyle(keys, {name: "czmq user", email: "a@b.c"}))
    expect(await zmq.loadCertificate(join(directory, "czmq.key_secret"))).toMatchObject({
      ...keys,
      metadata: {name: "czmq user", email: "a@b.c"},
    })
    const bare = `metadata\n    owner = O'Brien   # a comment\ncurve\n    public-key = "${keys.publicKey}"\n`
    await writeFile(join(directory, "bare.key"), bare)
    expect(await zmq.loadCertificate(join(directory, "bare.key"))).toMatchObject({
      publicKey: keys.publicKey,
      secretKey: null,
      metadata: {owner: "O'Brien"},
    })
  })

  it.each([
    ["no curve section", "metadata\n", /no "public-key"/, undefined],
    ["a short key", 'curve\n    public-key = "abc"\n', /line 2: "public-key" must be 40 characters of Z85/, 2],
    ["an indentation of 3 spaces", 'curve\n   public-key = "x"\n', /multiple of 4 spaces/, 2],
    ["a tab", 'curve\n\tpublic-key = "x"\n', /tabs/, 2],
    ["too deep", 'curve\n        public-key = "x"\n', /deeper/, 2],
    ["a stray quote", 'curve\n    public-key = "x" y\n', /expected "name"/, 2],
  ])("a file with %s rejects with ERR_INVALID_CERTIFICATE naming the file", async (_, text, reason, line) => {
    const path = join(directory, "broken.key")
    await writeFile(path, text)
    const error = await zmq.loadCertificate(path).then(
      () => expect.unreachable("the broken file loaded"),
      (caught: zmq.CertificateError) => caught,
    )
    expect(error).toBeInstanceOf(Error)
    expect(error).toMatchObject({code: "ERR_INVALID_CERTIFICATE", path})
    expect(error.line).toBe(line)
    expect(error.message).toMatch(reason)
    expect(error.message).toContain(path)
  })

  it("a secret key that does not belong to the public key is refused", async () => {
    const path = join(directory, "mixed.key_secret")
    await writeFile(path, czmqStyle({publicKey: zmq.curveKeyPair().publicKey, secretKey: zmq.curveKeyPair().secretKey}, {}))
    await expect(zmq.loadCertificate(path)).rejects.toMatchObject({
      code: "ERR_INVALID_CERTIFICATE",
      message: expect.stringMatching(/does not belong/),
    })
  })

  it("loadCertificates reads every *.key file (or link to one) in name order and nothing else", async () => {
    const bob = await zmq.createCertificate(directory, "bob")
    const alice = await zmq.createCertificate(directory, "alice")
    await writeFile(join(directory, "notes.txt"), "not a certificate")
    const carol = await zmq.createCertificate(join(directory, "nested"), "carol")
    await symlink(carol.publicFile, join(directory, "linked.key"))
    await mkdir(join(directory, "folder.key"))
    const loaded = await zmq.loadCertificates(directory)
    expect(loaded.map((certificate) => certificate.path)).toEqual([
      alice.publicFile,
      bob.publicFile,
      join(directory, "linked.key"),
    ])
    expect(loaded.map((certificate) => certificate.publicKey)).toEqual([alice.publicKey, bob.publicKey, carol.publicKey])
    expect(loaded.every((certificate) => certificate.secretKey === null)).toBe(true)

    await writeFile(join(directory, "zed.key"), "garbage = \n")
    await expect(zmq.loadCertificates(directory)).rejects.toMatchObject({path: join(directory, "zed.key")})
  })

  it("wrong arguments are TypeErrors and RangeErrors naming the argument", async () => {
    await expect(zmq.createCertificate(42 as never, "a")).rejects.toThrow(/"directory"/)
    await expect(zmq.createCertificate(directory, "")).rejects.toThrow(RangeError)
    await expect(zmq.createCertificate(directory, "../up")).rejects.toThrow(/"name"/)
    await expect(zmq.createCertificate(directory, "a", {metadata: {"bad name": "x"}})).rejects.toThrow(RangeError)
    await expect(zmq.createCertificate(directory, "a", {metadata: {ok: 1 as never}})).rejects.toThrow(TypeError)
    await expect(zmq.createCertificate(directory, "a", {metadata: {ok: `both ' and "`}})).rejects.toThrow(/quotes/)
    await expect(zmq.createCertificate(directory, "a", {metadata: {ok: "two\nlines"}})).rejects.toThrow(/one line/)
    await expect(zmq.loadCertificate(undefined as never)).rejects.toThrow(/"path"/)
    await expect(zmq.loadCertificates(null as never)).rejects.toThrow(TypeError)
    // Refused before anything was written.
    expect(await zmq.loadCertificates(directory)).toEqual([])
  })

  it("an authenticator configured from a directory of certificates admits those clients only", async () => {
    const server = await zmq.createCertificate(join(directory, "server"), "server")
    const client = await zmq.createCertificate(join(directory, "clients"), "client")
    const stranger = await zmq.createCertificate(join(directory, "strangers"), "stranger")
    const context = newContext()
    new zmq.Authenticator({context}).start().configureCurve("*", await zmq.loadCertificates(join(directory, "clients")))
    const serverCertificate = await zmq.loadCertificate(server.secretFile)
    const serverOptions = {curveServer: true, curveSecretKey: serverCertificate.secretKey!}
    const clientOptions = async (file: string) => {
      const {publicKey, secretKey} = await zmq.loadCertificate(file)
      return {curveServerKey: serverCertificate.publicKey, curvePublicKey: publicKey, curveSecretKey: secretKey!}
    }
    await expectDelivered(await pair(context, serverOptions, await clientOptions(client.secretFile)))
    const refused = await pair(context, serverOptions, await clientOptions(stranger.secretFile))
    expect(await refused.serverOutcome).toMatchObject({type: "handshake:error:auth", error: {status: 400}})
  })
})

// pyzmq (Debian's python3-zmq) reads and writes the same files; CI installs it.
const pyzmq = ["python3", "/usr/bin/python3"].find((python) => {
  try {
    execFileSync(python, ["-c", "import zmq.auth"], {stdio: "ignore"})
    return true
  } catch {
    return false
  }
})

describe.skipIf(noCurve || !pyzmq)("certificate files and pyzmq (skipped without python3-zmq)", () => {
  const python = (code: string, ...args: string[]) =>
    execFileSync(pyzmq!, ["-c", code, ...args], {encoding: "utf8"}).trim()

  it("pyzmq loads what createCertificate writes", async () => {
    const made = await zmq.createCertificate(directory, "ours")
    const read = "import sys, zmq.auth\nfor key in zmq.auth.load_certificate(sys.argv[1]): print(key.decode() if key else None)"
    expect(python(read, made.secretFile).split("\n")).toEqual([made.publicKey, made.secretKey])
    expect(python(read, made.publicFile).split("\n")).toEqual([made.publicKey, "None"])
  })

  it("loadCertificate(s) reads what pyzmq's create_certificates writes", async () => {
    const create = "import sys, zmq.auth\nzmq.auth.create_certificates(sys.argv[1], 'theirs', metadata={'owner': 'py'})"
    python(create, directory)
    const secret = await zmq.loadCertificate(join(directory, "theirs.key_secret"))
    expect(zmq.curvePublicKey(secret.secretKey!)).toBe(secret.publicKey)
    expect(secret.metadata).toEqual({owner: "py"})
    const listed = await zmq.loadCertificates(directory)
    expect(listed.map((certificate) => certificate.publicKey)).toEqual([secret.publicKey])
  })
})
