// zmq-napi/compat: a drop-in for the callback API of `zmq` (zeromq.node 2.x) and
// `zeromq@5`. Replace `require("zmq")` with `require("zmq-napi/compat")`.
import "./socket-properties"
import "./socket-options"

import {addon} from "./native"
import * as constants from "./compat/constants"
import {Context as ContextClass} from "./compat/context"
import {registerLongNames} from "./compat/option-table"
import {Socket} from "./compat/socket"
import type {SocketConstructorOptions} from "./compat/socket-api"
import type {Socket as SocketApi} from "./compat/socket-api"
import type {SocketType} from "./compat/constants"
import type {Context} from "./compat/context"

export * from "./compat/constants"
export {Context} from "./compat/context"
export {proxy} from "./compat/proxy"
export {Socket}
export type {Callback, Frame, MonitorListener, SendCallback, SocketConstructor, SocketConstructorOptions} from "./compat/socket-api"

registerLongNames(constants)

// As with `zmq`, ZMQ_IO_THREADS in the environment sizes the default context's I/O
// threads (effective while that context has no sockets yet).
const ioThreadsVariable = process.env.ZMQ_IO_THREADS
if (ioThreadsVariable !== undefined) {
  const threads = Number.parseInt(ioThreadsVariable, 10)
  if (threads >= 1) ContextClass.setMaxThreads(threads)
  else console.warn("Invalid number in ZMQ_IO_THREADS, using 1 IO thread.")
}

/** Socket instances: `zmq.Socket` is also their type. */
export type Socket = SocketApi

/** Options for `socket()`: option names set on the new socket, and an optional `context`. */
export type CreateSocketOptions = Partial<Record<keyof typeof constants.options, unknown>> & {
  context?: Context
  [name: string]: unknown
}

/**
 * Creates a socket of the given type (`"pub"`, `"sub"`, `"req"`, ...). Each entry of
 * `options` is assigned to the socket, so option names set options:
 * `zmq.socket("dealer", {identity: "worker-1", linger: 0})`.
 */
export function socket(type: SocketType, options?: CreateSocketOptions): SocketApi {
  const context = options?.context
  const created = new Socket(type, context === undefined ? undefined : ({context} as SocketConstructorOptions))
  try {
    for (const key in options) {
      if (key !== "context") (created as unknown as Record<string, unknown>)[key] = options[key]
    }
  } catch (error) {
    // Never returned, the socket would stay open, and its wait for messages would keep
    // the process alive.
    created.close()
    throw error
  }
  return created
}

export {socket as createSocket}

/** The libzmq version in use, e.g. "4.3.4". */
export const version: string = addon.version

/** A new CURVE key pair as 40-character Z85 strings. */
export function curveKeypair(): {public: string; secret: string} {
  const {publicKey, secretKey} = addon.curveKeyPair()
  return {public: publicKey, secret: secretKey}
}
