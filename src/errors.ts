import {constants} from "node:os"

/** An error from libzmq or from a socket operation, with the fields Node uses. */
export interface FullError extends Error {
  code?: string
  errno?: number
  address?: string
}

export function isFullError(error: unknown): error is FullError {
  return error instanceof Error && typeof (error as FullError).code === "string"
}

// libzmq's own errnos (ZMQ_HAUSNUMERO + n), not the OS's.
const ZMQ_ERRNO = {EFSM: 156384763, ETERM: 156384765}

/** An error of zmq-napi's own with the `code` and `errno` libzmq would give it. */
export function errnoError(message: string, code: "EAGAIN" | "EBADF" | "EBUSY" | "EFAULT" | "EFSM" | "ETERM"): FullError {
  const error: FullError = new Error(message)
  error.code = code
  error.errno = code === "EFSM" || code === "ETERM" ? ZMQ_ERRNO[code] : constants.errno[code]
  return error
}

export function closedSocketError(): FullError {
  return errnoError("Socket is closed", "EBADF")
}

/** What a pending send or receive rejects with when its socket closes (as zeromq@6). */
export function closedWhilePendingError(operation: "send" | "receive"): FullError {
  return errnoError(`Operation was not possible or timed out (socket closed while ${operation} was pending)`, "EAGAIN")
}

export function timeoutError(operation: "send" | "receive", milliseconds: number): FullError {
  return errnoError(`Operation was not possible or timed out (${operation} timed out after ${milliseconds} ms)`, "EAGAIN")
}

export function closedContextError(): FullError {
  return errnoError("Context is closed", "ETERM")
}

export function abortError(signal: AbortSignal): Error {
  if (signal.reason !== undefined) return signal.reason as Error
  const error = new Error("The operation was aborted") as FullError
  error.name = "AbortError"
  error.code = "ABORT_ERR"
  return error
}
