// setsockopt/getsockopt by number or name, with the few options that need more than a
// pass-through to libzmq.
import {Kind, nativeHandle} from "../options"
import {rememberTimeout, service} from "../socket-hooks"
import {ZMQ_EVENTS, ZMQ_HWM, ZMQ_RCVHWM, ZMQ_SNDHWM, ZMQ_SNDTIMEO} from "./constants"
import {isTextKind, optionKind, resolveOption, toIntegerValue, toTextValue} from "./option-table"
import type {State} from "./state"

function setNative(state: State, id: number, value: unknown, name: string): void {
  const kind = optionKind(id)
  const converted = isTextKind(kind) ? toTextValue(value, name) : toIntegerValue(value, name)
  state.core[nativeHandle].setOption(id, kind, converted, name)
}

export function setOption(state: State, option: unknown, value: unknown): void {
  const {id, name} = resolveOption(option)
  switch (id) {
    case ZMQ_HWM:
      // libzmq 3 split ZMQ_HWM in two; setting both keeps old programs' intent.
      setNative(state, ZMQ_SNDHWM, value, name)
      setNative(state, ZMQ_RCVHWM, value, name)
      state.outgoing.limit = toIntegerValue(value, name)
      return
    case ZMQ_SNDHWM:
      setNative(state, id, value, name)
      state.outgoing.limit = toIntegerValue(value, name)
      return
    case ZMQ_SNDTIMEO:
      // Sends wait in JS, so the core socket must know the timeout too.
      setNative(state, id, value, name)
      state.core[rememberTimeout]("send", toIntegerValue(value, name))
      return
    default:
      setNative(state, id, value, name)
  }
}

export function getOption(state: State, option: unknown): string | number {
  let {id} = resolveOption(option)
  if (id === ZMQ_HWM) id = ZMQ_SNDHWM
  const kind = optionKind(id)
  const value = state.core[nativeHandle].getOption(id, kind)
  if (id === ZMQ_EVENTS) {
    // Reading ZMQ_EVENTS consumes the edge the readiness loop sleeps on: make it look again.
    state.core[service]()
  }
  if (kind === Kind.Binary) return value === null ? "" : (value as Buffer).toString()
  if (kind === Kind.String) return (value as string | null) ?? ""
  return value as number
}
