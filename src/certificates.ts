// CURVE certificate files in the layout CZMQ (zcert) and pyzmq (zmq.auth) use: a public
// certificate `<name>.key` to hand out, and `<name>.key_secret` with both keys, each a
// ZPL file with a `metadata` and a `curve` section. Servers keep directories of their
// clients' public certificates; loadCertificates() turns one into the key list that
// Authenticator.configureCurve() takes.
import type {Dirent} from "node:fs"
import {mkdir, readdir, readFile, stat, unlink, writeFile} from "node:fs/promises"
import {join} from "node:path"

import {curveKeyPair, curvePublicKey} from "./keys"
import {checkZplName, formatZpl, parseZpl, ZplNode, ZplSyntaxError} from "./zpl"

export interface Certificate {
  /** The CURVE public key, 40 characters of Z85. */
  publicKey: string
  /** The CURVE secret key; null in a public certificate. */
  secretKey: string | null
  /** The `metadata` section's names and values. */
  metadata: Record<string, string>
}

export interface CertificateFile extends Certificate {
  /** The file it was read from. */
  path: string
}

export interface CreatedCertificate {
  publicKey: string
  secretKey: string
  /** `<directory>/<name>.key`: the public certificate, to give to peers. */
  publicFile: string
  /** `<directory>/<name>.key_secret`: both keys, readable by its owner only. */
  secretFile: string
}

export interface CreateCertificateOptions {
  /** Written into both files' `metadata` section (names: letters, digits and $-_@.&+/). */
  metadata?: Record<string, string>
}

/** The file does not hold a usable certificate: `code` is "ERR_INVALID_CERTIFICATE". */
export interface CertificateError extends Error {
  code: "ERR_INVALID_CERTIFICATE"
  path: string
  /** The offending line, where one line is at fault. */
  line?: number
}

function invalid(path: string, reason: string, line?: number): CertificateError {
  const error = new Error(`${path}: ${reason}`) as CertificateError
  error.code = "ERR_INVALID_CERTIFICATE"
  error.path = path
  if (line !== undefined) error.line = line
  return error
}

function checkString(value: unknown, argument: string): asserts value is string {
  if (typeof value !== "string") throw new TypeError(`The "${argument}" argument must be a string`)
  if (value === "") throw new RangeError(`The "${argument}" argument must not be empty`)
}

function checkMetadata(metadata: unknown): Record<string, string> {
  if (metadata === undefined) return {}
  if (typeof metadata !== "object" || metadata === null) {
    throw new TypeError(`The "options.metadata" argument must be an object of strings`)
  }
  for (const [name, value] of Object.entries(metadata)) {
    checkZplName(name, "options.metadata")
    if (typeof value !== "string") throw new TypeError(`The "options.metadata.${name}" value must be a string`)
  }
  return metadata as Record<string, string>
}

function certificateText(kind: string, metadata: Record<string, string>, curve: Record<string, string>): string {
  const section = (name: string, entries: Record<string, string>): ZplNode => ({
    name,
    value: "",
    children: Object.entries(entries).map(([key, value]) => ({name: key, value, children: []})),
  })
  return (
    `#   ZeroMQ CURVE ${kind} certificate, written by zmq-napi on ${new Date().toISOString()}\n` +
    (kind === "Secret"
      ? "#   Holds the secret key: do not give this file away or make it readable to others.\n"
      : "#   Give this file to peers over a trusted channel, or check its key after an exchange.\n") +
    "\n" +
    formatZpl([section("metadata", metadata), section("curve", curve)], "options.metadata")
  )
}

/**
 * Makes a new key pair and writes it as `<name>.key` (public) and `<name>.key_secret`
 * (both keys, mode 0600) in `directory`, which is created if missing. Existing files are
 * never overwritten: the promise rejects with `EEXIST` and leaves them as they were.
 */
export async function createCertificate(
  directory: string,
  name: string,
  options: CreateCertificateOptions = {},
): Promise<CreatedCertificate> {
  checkString(directory, "directory")
  checkString(name, "name")
  if (/[/\\]/.test(name) || name === "." || name === "..") {
    throw new RangeError(`The "name" argument must be a file name, not a path: ${JSON.stringify(name)}`)
  }
  if (typeof options !== "object" || options === null) throw new TypeError(`The "options" argument must be an object`)
  const metadata = checkMetadata(options.metadata)
  const {publicKey, secretKey} = curveKeyPair()
  const publicText = certificateText("Public", metadata, {"public-key": publicKey})
  const secretText = certificateText("Secret", metadata, {"public-key": publicKey, "secret-key": secretKey})
  const publicFile = join(directory, `${name}.key`)
  const secretFile = join(directory, `${name}.key_secret`)
  await mkdir(directory, {recursive: true})
  // The secret first: no public certificate goes out whose secret key was not kept.
  await writeFile(secretFile, secretText, {flag: "wx", mode: 0o600})
  try {
    await writeFile(publicFile, publicText, {flag: "wx"})
  } catch (error) {
    await unlink(secretFile)
    throw error
  }
  return {publicKey, secretKey, publicFile, secretFile}
}

function readKey(path: string, curve: ZplNode, name: string): string | null {
  const node = curve.children.find((child) => child.name === name)
  if (!node) return null
  if (!/^[0-9a-zA-Z.\-:+=^!/*?&<>()[\]{}@%$#]{40}$/.test(node.value)) {
    throw invalid(path, `line ${node.line}: "${name}" must be 40 characters of Z85 text`, node.line)
  }
  return node.value
}

/** The certificate in one file; a file that holds none rejects with ERR_INVALID_CERTIFICATE. */
export async function loadCertificate(path: string): Promise<CertificateFile> {
  checkString(path, "path")
  const text = await readFile(path, "utf8")
  let nodes: ZplNode[]
  try {
    nodes = parseZpl(text)
  } catch (error) {
    if (error instanceof ZplSyntaxError) throw invalid(path, error.message, error.line)
    throw error
  }
  const curve = nodes.find((node) => node.name === "curve")
  const publicKey = curve && readKey(path, curve, "public-key")
  if (!curve || !publicKey) throw invalid(path, `no "public-key" in a "curve" section`)
  const secretKey = readKey(path, curve, "secret-key")
  if (secretKey !== null && curvePublicKey(secretKey) !== publicKey) {
    throw invalid(path, "its secret key does not belong to its public key")
  }
  const metadata: Record<string, string> = {}
  for (const entry of nodes.find((node) => node.name === "metadata")?.children ?? []) metadata[entry.name] = entry.value
  return {path, publicKey, secretKey, metadata}
}

/**
 * Every public certificate (`*.key`, or a link to one) directly in `directory`, in
 * file-name order. Secret certificates (`*.key_secret`) and other files are left alone; a
 * `.key` file that holds no certificate rejects the whole call, so a broken file cannot
 * silently lock a client out.
 */
export async function loadCertificates(directory: string): Promise<CertificateFile[]> {
  checkString(directory, "directory")
  const entries = await readdir(directory, {withFileTypes: true})
  const isFile = async (entry: Dirent) =>
    entry.isFile() || (entry.isSymbolicLink() && (await stat(join(directory, entry.name))).isFile())
  const names: string[] = []
  for (const entry of entries) if (entry.name.endsWith(".key") && (await isFile(entry))) names.push(entry.name)
  return Promise.all(names.sort().map((name) => loadCertificate(join(directory, name))))
}
