// The ZeroMQ Authentication Protocol (ZMQ RFC 27), as a ROUTER bound to the ZAP
// endpoint sees it: requests arrive as [peer, "", version, request id, domain, address,
// identity, mechanism, ...credentials], replies go back as [peer, "", version,
// request id, status code, status text, user id, metadata].
import {z85Encode} from "../keys"

/** Where libzmq looks for a ZAP handler, in each context. */
export const ZAP_ENDPOINT = "inproc://zeromq.zap.01"
const VERSION = "1.0"

/** One authentication request from libzmq, for a connection a server socket accepted. */
export interface ZapRequest {
  /** The server socket's `zapDomain` ("" when unset). */
  domain: string
  /** The peer's IP address (no port), as libzmq reports it. */
  address: string
  /** The peer's routing id, when it set one; empty otherwise. */
  routingId: Buffer
  /** "NULL", "PLAIN", "CURVE" or "GSSAPI". */
  mechanism: string
  /** PLAIN: the user name the client gave. */
  username?: string
  /** PLAIN: the password the client gave. */
  password?: string
  /** CURVE: the client's long-term public key, as Z85 text. */
  publicKey?: string
  /** GSSAPI: the client's principal. */
  principal?: string
  /** The mechanism's credential frames as received. */
  credentials: Buffer[]
}

/** ZAP status codes: 200 allowed, 300 temporary failure, 400 denied, 500 internal error. */
export type ZapStatus = 200 | 300 | 400 | 500

/** What a ZAP handler answers. */
export interface ZapReply {
  status: ZapStatus
  /** Human-readable reason, e.g. "Address denied". */
  text: string
  /** The identity libzmq attaches to the peer's messages as their "User-Id" property. */
  userId: string
  /** Further properties for the peer's messages (names up to 255 bytes; "X-" prefixed by convention). */
  metadata?: Record<string, string | Buffer>
}

export type ParsedRequest =
  | {envelope: Buffer[]; requestId: Buffer; request: ZapRequest}
  | {envelope: Buffer[]; requestId: Buffer | undefined; malformed: string}

/** Splits a ROUTER-received request into its envelope and fields. */
export function parseRequest(frames: Buffer[]): ParsedRequest {
  const delimiter = frames.findIndex((frame) => frame.length === 0)
  const envelope = delimiter < 0 ? [] : frames.slice(0, delimiter + 1)
  const body = delimiter < 0 ? frames : frames.slice(delimiter + 1)
  const [version, requestId, domain, address, routingId, mechanism, ...credentials] = body
  if (delimiter < 0 || mechanism === undefined) {
    return {envelope, requestId, malformed: "Malformed request: too few frames"}
  }
  if (version.toString() !== VERSION) return {envelope, requestId, malformed: `Unsupported ZAP version "${version}"`}
  const request: ZapRequest = {
    domain: domain.toString(),
    address: address.toString(),
    routingId,
    mechanism: mechanism.toString(),
    credentials,
  }
  if (request.mechanism === "PLAIN") {
    if (credentials.length !== 2) return {envelope, requestId, malformed: "Malformed PLAIN credentials"}
    request.username = credentials[0].toString()
    request.password = credentials[1].toString()
  } else if (request.mechanism === "CURVE") {
    if (credentials.length !== 1 || credentials[0].length !== 32) {
      return {envelope, requestId, malformed: "Malformed CURVE credentials"}
    }
    request.publicKey = z85Encode(credentials[0])
  } else if (request.mechanism === "GSSAPI" && credentials.length === 1) {
    request.principal = credentials[0].toString()
  }
  return {envelope, requestId, request}
}

/** ZMTP metadata: per property a 1-byte name length, the name, a 4-byte length, the value. */
export function encodeMetadata(metadata: Record<string, string | Buffer> | undefined): Buffer {
  if (metadata === undefined) return Buffer.alloc(0)
  const parts: Buffer[] = []
  for (const [name, value] of Object.entries(metadata)) {
    const nameBytes = Buffer.from(name)
    if (nameBytes.length === 0 || nameBytes.length > 255) {
      throw new RangeError(`ZAP metadata names must be 1 to 255 bytes long, not "${name}"`)
    }
    if (typeof value !== "string" && !Buffer.isBuffer(value)) {
      throw new TypeError(`ZAP metadata "${name}" must be a string or a Buffer`)
    }
    const valueBytes = Buffer.from(value)
    const header = Buffer.alloc(1 + nameBytes.length + 4)
    header.writeUInt8(nameBytes.length, 0)
    nameBytes.copy(header, 1)
    header.writeUInt32BE(valueBytes.length, 1 + nameBytes.length)
    parts.push(header, valueBytes)
  }
  return Buffer.concat(parts)
}

/** The frames that answer a request. */
export function replyFrames(envelope: Buffer[], requestId: Buffer, reply: ZapReply): Array<Buffer | string> {
  return [...envelope, VERSION, requestId, String(reply.status), reply.text, reply.userId, encodeMetadata(reply.metadata)]
}
