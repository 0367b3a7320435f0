import {afterEach} from "vitest"

import * as zmq from "../../src/compat"
import {bindAddress, Transport} from "../helpers"

export {zmq}

const open: zmq.Socket[] = []

/** A socket closed after the test, whatever happens. */
export function socket(type: zmq.SocketType, options?: zmq.CreateSocketOptions): zmq.Socket {
  const created = zmq.socket(type, options)
  open.push(created)
  return created
}

afterEach(() => {
  for (const created of open.splice(0)) created.close()
})

/** Binds synchronously and returns the address to connect to. */
export function bindSync(sock: zmq.Socket, transport: Transport = "tcp"): string {
  sock.bindSync(bindAddress(transport))
  return sock.last_endpoint
}

/** The next `count` messages, each as its frames' text. */
export function messages(sock: zmq.Socket, count: number): Promise<string[][]> {
  return new Promise((resolve) => {
    const received: string[][] = []
    const listener = (...frames: Buffer[]): void => {
      received.push(frames.map(String))
      if (received.length === count) {
        sock.removeListener("message", listener)
        resolve(received)
      }
    }
    sock.on("message", listener)
  })
}

/** The next message's frames as text. */
export async function message(sock: zmq.Socket): Promise<string[]> {
  return (await messages(sock, 1))[0]
}

/** Resolves with the arguments of the next `event`. */
export function next(sock: zmq.Socket, event: string): Promise<unknown[]> {
  return new Promise((resolve) => sock.once(event, (...args: unknown[]) => resolve(args)))
}

/** Sends until `received` settles: subscriptions and connections form asynchronously. */
export async function sendUntil<T>(send: () => void, received: Promise<T>): Promise<T> {
  let done = false
  const result = received.finally(() => (done = true))
  while (!done) {
    send()
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
  return result
}

/** The error a send callback reports (or undefined for success). */
export function sendResult(sock: zmq.Socket, message: zmq.Frame | zmq.Frame[], flags = 0): Promise<Error | undefined> {
  return new Promise((resolve) => sock.send(message, flags, (error) => resolve(error)))
}
