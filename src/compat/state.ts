// What a compat socket holds: the core socket it drives and the helpers around it.
import type {Socket as CoreSocket} from "../socket"
import type {Incoming} from "./incoming"
import type {Outgoing} from "./outgoing"

/** Stops a running monitor; set while `monitor()` is active. */
export interface MonitorHandle {
  stop(): void
  setKeepAlive(keepAlive: boolean): void
}

export interface State {
  readonly core: CoreSocket
  /** Undefined for send-only types (pub, push). */
  readonly incoming: Incoming | undefined
  readonly outgoing: Outgoing
  monitor: MonitorHandle | undefined
  keepAlive: boolean
}

export const internals = Symbol("zmq-napi.compat.state")

/** The state of a compat socket; a TypeError for anything else. */
export function stateOf(socket: unknown, argument: string): State {
  const state = (socket as {[internals]?: State} | null | undefined)?.[internals]
  if (state === undefined) {
    throw new TypeError(
      `The "${argument}" argument must be a zmq socket (a subclass must call Socket.call(this, type) in its constructor)`,
    )
  }
  return state
}
