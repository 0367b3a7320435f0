// zmq-napi: ZeroMQ for Node.js over Node-API.
import "./socket-properties"
import "./socket-options"

import {addon} from "./native"

export {Context, context} from "./context"
export type {ContextOptions} from "./context"
export {isFullError} from "./errors"
export type {FullError} from "./errors"
export {getMessageProperties} from "./message-properties"
export type {MessageProperties} from "./message-properties"
export {Socket} from "./socket"
export type {Message, MessageLike, OperationOptions} from "./socket"
export {SocketType} from "./socket-type"
export {
  Dealer,
  Pair,
  Publisher,
  Pull,
  Push,
  Reply,
  Request,
  Router,
  Stream,
  Subscriber,
  XPublisher,
  XSubscriber,
} from "./sockets"
export type {RouterConnectOptions, StreamConnectOptions} from "./sockets"
export type {Options, Readable, SocketOptions, Writable, WritableKeys} from "./types"
export type {Capability} from "./native"

/** The libzmq version in use, e.g. "4.3.4". */
export const version: string = addon.version

/** What this build of libzmq supports: transports, security mechanisms, draft sockets. */
export const capability = Object.freeze({...addon.capability})

/** A new CURVE key pair, both keys as 40-character Z85 text. */
export function curveKeyPair(): {publicKey: string; secretKey: string} {
  return addon.curveKeyPair()
}
