import type {EventEmitter} from "node:events"

/**
 * Emits `error`. With no listener (or a throwing one), the error is rethrown on its own
 * tick, as an uncaught exception, like the old bindings did, instead of unwinding into
 * the code that delivers messages, which must keep going.
 */
export function emitError(emitter: EventEmitter, error: unknown): void {
  try {
    emitter.emit("error", error)
  } catch (unhandled) {
    process.nextTick(() => {
      throw unhandled
    })
  }
}

/** Whether an error is libzmq's "wrong state for this operation" (REQ/REP lockstep). */
export function isStateError(error: unknown): boolean {
  return (error as {code?: unknown} | null)?.code === "EFSM"
}
