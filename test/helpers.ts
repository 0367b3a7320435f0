import {randomUUID} from "node:crypto"
import {tmpdir} from "node:os"
import path from "node:path"

import {afterEach} from "vitest"

import {capability, Context, Pull, Push} from "../src"

export type Transport = "tcp" | "ipc" | "inproc"

export const transports: Transport[] = ["tcp", "ipc", "inproc"]

/** Why a transport cannot be tested here, or undefined when it can. */
export function unavailable(transport: Transport): string | undefined {
  if (transport === "ipc" && !capability.ipc) return "this libzmq has no ipc transport"
  return undefined
}

/** An address to bind; for tcp the port is picked by the OS (read it back from lastEndpoint). */
export function bindAddress(transport: Transport): string {
  switch (transport) {
    case "tcp":
      return "tcp://127.0.0.1:*"
    case "ipc":
      return `ipc://${path.join(tmpdir(), `zmq-napi-${randomUUID()}.sock`)}`
    case "inproc":
      return `inproc://zmq-napi-${randomUUID()}`
  }
}

/** Binds `socket` and returns the address peers should connect to. */
export async function bound(socket: {bind(address: string): Promise<void>; readonly lastEndpoint: string | null}, transport: Transport): Promise<string> {
  await socket.bind(bindAddress(transport))
  return socket.lastEndpoint!
}

export function text(frames: Buffer[]): string[] {
  return frames.map((frame) => frame.toString())
}

/** Keeps publishing until the receive completes: subscriptions and joins propagate asynchronously. */
export async function publishUntilReceived<T>(send: () => Promise<void>, receive: Promise<T>): Promise<T> {
  let received = false
  const result = receive.finally(() => (received = true))
  while (!received) {
    await send()
    await new Promise((resolve) => setImmediate(resolve))
  }
  return result
}

/**
 * Binds, retrying briefly while the address is still in use: libzmq closes a listener
 * on its I/O thread just after unbind returns, so a re-bind can race it.
 */
export async function bindSoon(bind: () => unknown): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      bind()
      return
    } catch (error) {
      if ((error as {code?: string}).code !== "EADDRINUSE" || attempt === 200) throw error
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
  }
}

/**
 * Gives each test private contexts (each has its own ZAP endpoint and inproc names),
 * closed after every test of the file that calls this.
 */
export function contextPerTest(): () => Context {
  const contexts: Context[] = []
  afterEach(() => {
    for (const context of contexts.splice(0)) context.close()
  })
  return () => {
    const context = new Context({blocky: false})
    contexts.push(context)
    return context
  }
}

/** A PULL bound to `inproc://<name>` and a PUSH connected to it. */
export async function inprocPushPull(
  name: string,
  pushOptions?: ConstructorParameters<typeof Push>[0],
  pullOptions?: ConstructorParameters<typeof Pull>[0],
): Promise<[Push, Pull]> {
  const pull = new Pull(pullOptions)
  const push = new Push(pushOptions)
  await pull.bind(`inproc://${name}`)
  push.connect(`inproc://${name}`)
  return [push, pull]
}
