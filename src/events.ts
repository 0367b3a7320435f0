// Socket event types (shaped like zeromq@6's) and the decoding of libzmq's monitor
// messages into them.
import {endianness} from "node:os"
import {getSystemErrorName} from "node:util"

import {addon} from "./native"
import type {Expand} from "./types"

/** An error from libzmq with its symbolic `code` ("EADDRINUSE") and numeric `errno`. */
export interface ErrnoError extends Error {
  code: string
  errno: number
}

/** A ZAP handler refused the peer: 300 temporary failure, 400 denied, 500 internal error. */
export interface AuthError extends Error {
  status: 300 | 400 | 500
}

/** The codes of ZMTP and ZAP protocol failures during a handshake. */
export type ProtoErrorCode =
  | "ERR_ZMTP_UNSPECIFIED"
  | "ERR_ZMTP_UNEXPECTED_COMMAND"
  | "ERR_ZMTP_INVALID_SEQUENCE"
  | "ERR_ZMTP_KEY_EXCHANGE"
  | "ERR_ZMTP_MALFORMED_COMMAND_UNSPECIFIED"
  | "ERR_ZMTP_MALFORMED_COMMAND_MESSAGE"
  | "ERR_ZMTP_MALFORMED_COMMAND_HELLO"
  | "ERR_ZMTP_MALFORMED_COMMAND_INITIATE"
  | "ERR_ZMTP_MALFORMED_COMMAND_ERROR"
  | "ERR_ZMTP_MALFORMED_COMMAND_READY"
  | "ERR_ZMTP_MALFORMED_COMMAND_WELCOME"
  | "ERR_ZMTP_INVALID_METADATA"
  | "ERR_ZMTP_CRYPTOGRAPHIC"
  | "ERR_ZMTP_MECHANISM_MISMATCH"
  | "ERR_ZAP_UNSPECIFIED"
  | "ERR_ZAP_MALFORMED_REPLY"
  | "ERR_ZAP_BAD_REQUEST_ID"
  | "ERR_ZAP_BAD_VERSION"
  | "ERR_ZAP_INVALID_STATUS_CODE"
  | "ERR_ZAP_INVALID_METADATA"
  | "ERR_WS_UNSPECIFIED"

/** A handshake failed on a protocol error between the peers or with the ZAP handler. */
export interface ProtoError extends Error {
  code: ProtoErrorCode
}

/** The endpoint an event concerns. */
export interface EventAddress {
  address: string
}

/** The reconnect interval, in milliseconds, of a `connect:retry` event. */
export interface EventInterval {
  interval: number
}

/** What went wrong, for the error events. */
export interface EventError<E = ErrnoError> {
  error: E
}

/** An event object: `{type: T}` plus the fields `D`. */
export type EventFor<T extends string, D = {}> = Expand<{type: T} & D>

/**
 * Everything an {@link Observer} reports, one variant per `type`:
 *
 * - `bind` (ZMQ_EVENT_LISTENING), `bind:error` (ZMQ_EVENT_BIND_FAILED, with `error`)
 * - `accept` (ZMQ_EVENT_ACCEPTED), `accept:error` (ZMQ_EVENT_ACCEPT_FAILED, with `error`)
 * - `connect` (ZMQ_EVENT_CONNECTED), `connect:delay` (ZMQ_EVENT_CONNECT_DELAYED: in
 *   progress), `connect:retry` (ZMQ_EVENT_CONNECT_RETRIED, with the next `interval`)
 * - `close` (ZMQ_EVENT_CLOSED), `close:error` (ZMQ_EVENT_CLOSE_FAILED, ipc only, with `error`)
 * - `disconnect` (ZMQ_EVENT_DISCONNECTED): a session ended unexpectedly
 * - `handshake` (ZMQ_EVENT_HANDSHAKE_SUCCEEDED): the security handshake with a peer succeeded
 * - `handshake:error:protocol` (a {@link ProtoError}), `handshake:error:auth` (an
 *   {@link AuthError}: the ZAP handler refused the peer), `handshake:error:other`
 * - `end` (ZMQ_EVENT_MONITOR_STOPPED): the last event; the socket closed or the
 *   observer was closed
 * - `unknown`: an event this library does not know
 *
 * Every variant except `end` and `unknown` has the `address` of the endpoint concerned.
 */
export type Event =
  | EventFor<"accept", EventAddress>
  | EventFor<"accept:error", EventAddress & EventError>
  | EventFor<"bind", EventAddress>
  | EventFor<"bind:error", EventAddress & EventError>
  | EventFor<"connect", EventAddress>
  | EventFor<"connect:delay", EventAddress>
  | EventFor<"connect:retry", EventAddress & EventInterval>
  | EventFor<"close", EventAddress>
  | EventFor<"close:error", EventAddress & EventError>
  | EventFor<"disconnect", EventAddress>
  | EventFor<"end">
  | EventFor<"handshake", EventAddress>
  | EventFor<"handshake:error:protocol", EventAddress & EventError<ProtoError>>
  | EventFor<"handshake:error:auth", EventAddress & EventError<AuthError>>
  | EventFor<"handshake:error:other", EventAddress & EventError>
  | EventFor<"unknown">

/** The name of an event: `"bind"`, `"connect:retry"`, ... */
export type EventType = Event["type"]

/** The event object of one type, e.g. `EventOfType<"connect:retry">` has `interval`. */
export type EventOfType<E extends EventType = EventType> = Expand<Extract<Event, Event & EventFor<E>>>

/** The libzmq events an observer subscribes to (ZMQ_EVENT_ALL). */
export const ALL_EVENTS = 0xffff
export const MONITOR_STOPPED = 0x0400

const protocolErrors: Record<number, ProtoErrorCode> = {
  0x10000000: "ERR_ZMTP_UNSPECIFIED",
  0x10000001: "ERR_ZMTP_UNEXPECTED_COMMAND",
  0x10000002: "ERR_ZMTP_INVALID_SEQUENCE",
  0x10000003: "ERR_ZMTP_KEY_EXCHANGE",
  0x10000011: "ERR_ZMTP_MALFORMED_COMMAND_UNSPECIFIED",
  0x10000012: "ERR_ZMTP_MALFORMED_COMMAND_MESSAGE",
  0x10000013: "ERR_ZMTP_MALFORMED_COMMAND_HELLO",
  0x10000014: "ERR_ZMTP_MALFORMED_COMMAND_INITIATE",
  0x10000015: "ERR_ZMTP_MALFORMED_COMMAND_ERROR",
  0x10000016: "ERR_ZMTP_MALFORMED_COMMAND_READY",
  0x10000017: "ERR_ZMTP_MALFORMED_COMMAND_WELCOME",
  0x10000018: "ERR_ZMTP_INVALID_METADATA",
  0x11000001: "ERR_ZMTP_CRYPTOGRAPHIC",
  0x11000002: "ERR_ZMTP_MECHANISM_MISMATCH",
  0x20000000: "ERR_ZAP_UNSPECIFIED",
  0x20000001: "ERR_ZAP_MALFORMED_REPLY",
  0x20000002: "ERR_ZAP_BAD_REQUEST_ID",
  0x20000003: "ERR_ZAP_BAD_VERSION",
  0x20000004: "ERR_ZAP_INVALID_STATUS_CODE",
  0x20000005: "ERR_ZAP_INVALID_METADATA",
  0x30000000: "ERR_WS_UNSPECIFIED",
}

const protocolMessages: Partial<Record<ProtoErrorCode, string>> = {
  ERR_ZMTP_MECHANISM_MISMATCH: "Peers use different security mechanisms",
  ERR_ZMTP_CRYPTOGRAPHIC: "Cryptographic failure (wrong key?)",
  ERR_ZMTP_KEY_EXCHANGE: "Key exchange failed",
}

function errnoError(errno: number): ErrnoError {
  let {code, message} = addon.describeErrno(errno)
  if (code === "EUNKNOWN") {
    // libzmq's table names the errors its API returns; events also carry plain OS
    // errors (EPIPE when a peer hangs up mid-handshake, for one).
    try {
      const name = getSystemErrorName(-errno)
      if (/^E[A-Z0-9]+$/.test(name)) code = name
    } catch {
      // not an OS error number either
    }
  }
  return Object.assign(new Error(message), {code, errno})
}

function protoError(value: number): ProtoError {
  const code = protocolErrors[value] ?? "ERR_ZMTP_UNSPECIFIED"
  const words = code.replace(/^ERR_/, "").toLowerCase().replace(/_/g, " ")
  const message = protocolMessages[code] ?? `Handshake protocol error (${words})`
  return Object.assign(new Error(message), {code})
}

function authError(value: number): AuthError {
  const status = (value === 300 || value === 500 ? value : 400) as AuthError["status"]
  const meaning = status === 300 ? "temporary failure" : status === 500 ? "internal error" : "access denied"
  return Object.assign(new Error(`Authentication failed: ${meaning} (ZAP status ${value})`), {status})
}

const readUint16 = endianness() === "LE" ? "readUInt16LE" : "readUInt16BE"
const readUint32 = endianness() === "LE" ? "readUInt32LE" : "readUInt32BE"

/**
 * Decodes one monitor message: a 6-byte frame (uint16 event, uint32 value, both in
 * the host's byte order) and the endpoint. Returns the event and libzmq's number.
 */
export function decodeEvent(frames: Buffer[]): {event: Event; id: number} {
  const head = frames[0]
  if (frames.length < 2 || head === undefined || head.length < 6) return {event: {type: "unknown"}, id: 0}
  const id = head[readUint16](0)
  const value = head[readUint32](2)
  const address = frames[1].toString()
  switch (id) {
    case 0x0001:
      return {id, event: {type: "connect", address}}
    case 0x0002:
      return {id, event: {type: "connect:delay", address}}
    case 0x0004:
      return {id, event: {type: "connect:retry", address, interval: value}}
    case 0x0008:
      return {id, event: {type: "bind", address}}
    case 0x0010:
      return {id, event: {type: "bind:error", address, error: errnoError(value)}}
    case 0x0020:
      return {id, event: {type: "accept", address}}
    case 0x0040:
      return {id, event: {type: "accept:error", address, error: errnoError(value)}}
    case 0x0080:
      return {id, event: {type: "close", address}}
    case 0x0100:
      return {id, event: {type: "close:error", address, error: errnoError(value)}}
    case 0x0200:
      return {id, event: {type: "disconnect", address}}
    case MONITOR_STOPPED:
      return {id, event: {type: "end"}}
    case 0x0800:
      return {id, event: {type: "handshake:error:other", address, error: errnoError(value)}}
    case 0x1000:
      return {id, event: {type: "handshake", address}}
    case 0x2000:
      return {id, event: {type: "handshake:error:protocol", address, error: protoError(value)}}
    case 0x4000:
      return {id, event: {type: "handshake:error:auth", address, error: authError(value)}}
    default:
      return {id, event: {type: "unknown"}}
  }
}
