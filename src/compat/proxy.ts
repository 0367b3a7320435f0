// `proxy(frontend, backend, capture?)` as libzmq's zmq_proxy behaves: every message
// received on one side is sent, all frames, to the other; with a capture socket, a copy
// of each goes there first. Each direction a pair of socket types allows is forwarded.
// A JS loop over the core sockets, which waits for the destination (its high-water mark
// holds the source back) rather than buffering.
import type {EventEmitter} from "node:events"

import type {Message} from "../socket"
import {emitError} from "./report"
import type {Socket} from "./socket-api"
import {stateOf, State} from "./state"

interface Endpoint {
  socket: Socket
  state: State
}

type Sender = {send(message: Message[]): Promise<void>}
type Receiver = {receive(): Promise<Message[]>}

const canSend = ({state}: Endpoint): boolean => "send" in state.core
const canReceive = ({state}: Endpoint): boolean => "receive" in state.core

function report(emitter: EventEmitter, error: unknown): void {
  emitError(emitter, error)
}

async function forward(from: Endpoint, to: Endpoint, capture: Endpoint | undefined, held: Message[][]): Promise<void> {
  const source = from.state.core as unknown as Receiver
  const destination = to.state.core as unknown as Sender
  const copy = capture?.state.core as unknown as Sender | undefined
  for (;;) {
    let message: Message[]
    try {
      message = held.shift() ?? (await source.receive())
    } catch (error) {
      if (from.state.core.closed) return
      // A receive timeout (ZMQ_RCVTIMEO) only means nothing came yet.
      if ((error as {code?: unknown}).code === "EAGAIN") continue
      return report(from.socket, error)
    }
    if (copy !== undefined && !capture!.state.core.closed) {
      try {
        await copy.send(message)
      } catch (error) {
        if (!capture!.state.core.closed) report(capture!.socket, error)
      }
    }
    if (to.state.core.closed) return
    try {
      await destination.send(message)
    } catch (error) {
      if (to.state.core.closed) return
      // libzmq's proxy would stop; one unroutable or timed-out message should not stop this one.
      report(to.socket, error)
    }
  }
}

/**
 * Forwards messages between `frontend` and `backend` until either closes: from frontend
 * to backend if the frontend can receive and the backend send, and the other way if the
 * backend can receive and the frontend send (router/dealer, xsub/xpub, pull/push, ...).
 * The proxied sockets stop emitting `message` events: the proxy receives for them.
 */
export function proxy(frontend: Socket, backend: Socket, capture?: Socket): void {
  const front: Endpoint = {socket: frontend, state: stateOf(frontend, "frontend")}
  const back: Endpoint = {socket: backend, state: stateOf(backend, "backend")}
  const tap: Endpoint | undefined = capture === undefined || capture === null ? undefined : {socket: capture, state: stateOf(capture, "capture")}
  if (front.state === back.state) throw new TypeError(`The "frontend" and "backend" arguments must be different sockets`)
  if (tap !== undefined && !canSend(tap)) {
    throw new TypeError(`The "capture" argument must be a socket that can send, not a "${capture!.type}" socket`)
  }
  const forwards = canReceive(front) && canSend(back)
  const backwards = canReceive(back) && canSend(front)
  if (!forwards && !backwards) {
    throw new TypeError(`Cannot proxy between a "${frontend.type}" frontend and a "${backend.type}" backend: neither can forward to the other`)
  }
  if (forwards) void forward(front, back, tap, front.state.incoming?.detach() ?? [])
  if (backwards) void forward(back, front, tap, back.state.incoming?.detach() ?? [])
}
