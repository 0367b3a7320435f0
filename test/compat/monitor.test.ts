import net from "node:net"

import {describe, expect, it} from "vitest"

import {bindAddress} from "../helpers"
import {next, socket, zmq} from "./helpers"

/** A TCP port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer()
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const {port} = server.address() as net.AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}

describe("compat monitor", () => {
  it("emits listen, accept and connect with (value, endpoint), the socket as `this`", async () => {
    const server = socket("rep").monitor(1, 0)
    const listen = next(server, "listen")
    server.bindSync(bindAddress("tcp"))
    const endpoint = server.last_endpoint
    expect(await listen).toEqual([-1, endpoint])

    const client = socket("req")
    expect(client.monitor()).toBe(client)
    const accepted = next(server, "accept")
    const connected = new Promise<unknown[]>((resolve) =>
      client.once("connect", function (this: unknown, ...args: unknown[]) {
        resolve([this, ...args])
      }),
    )
    client.connect(endpoint)
    expect(await connected).toEqual([client, -1, endpoint])
    const [value, address] = await accepted
    expect(value).toBe(-1)
    expect(address).toBe(endpoint)
  })

  it("emits connect_delay and connect_retry (with the reconnect interval) while a peer is missing", async () => {
    const client = socket("dealer", {reconnect_ivl: 20}).monitor(1, 0)
    const endpoint = `tcp://127.0.0.1:${await closedPort()}`
    const delay = next(client, "connect_delay")
    const retry = next(client, "connect_retry")
    client.connect(endpoint)
    expect((await delay)[1]).toBe(endpoint)
    const [interval, address] = await retry
    expect(address).toBe(endpoint)
    // libzmq adds up to one more interval of random jitter.
    expect(interval).toBeGreaterThanOrEqual(20)
    expect(interval).toBeLessThan(40)
  })

  it("emits bind_error with the errno, the endpoint and the error", async () => {
    const first = socket("rep")
    first.bindSync(bindAddress("tcp"))
    const second = socket("rep").monitor(1, 0)
    const failed = next(second, "bind_error")
    second.bind(first.last_endpoint, () => undefined)
    const [errno, endpoint, error] = await failed
    // libzmq names the failed endpoint without its transport.
    expect(first.last_endpoint).toBe(`tcp://${endpoint}`)
    expect(error).toMatchObject({code: "EADDRINUSE", errno})
    expect(errno).toEqual(expect.any(Number))
  })

  it("emits disconnect when the peer goes away, and close when unbinding", async () => {
    const server = socket("router").monitor(1, 0)
    server.bindSync(bindAddress("tcp"))
    const endpoint = server.last_endpoint
    const client = zmq.socket("dealer")
    const accepted = next(server, "accept")
    client.connect(endpoint)
    await accepted
    const disconnected = next(server, "disconnect")
    client.close()
    expect((await disconnected)[1]).toBe(endpoint)
    const closed = next(server, "close")
    server.unbindSync(endpoint)
    expect(await closed).toEqual([-1, endpoint])
  })

  it("hands out at most numEvents per interval; 0 means all at once", async () => {
    const sameTurn = async (numEvents: number): Promise<boolean> => {
      const sock = socket("pull").monitor(5, numEvents)
      let first = true
      let turnEnded = false
      const result = new Promise<boolean>((resolve) => {
        sock.on("listen", () => {
          if (first) {
            first = false
            setImmediate(() => (turnEnded = true))
          } else {
            resolve(!turnEnded)
          }
        })
      })
      sock.bindSync(bindAddress("tcp"))
      sock.bindSync(bindAddress("tcp"))
      return result
    }
    expect(await sameTurn(0)).toBe(true)
    expect(await sameTurn(1)).toBe(false)
  })

  it("unmonitor() stops the events; monitor() starts them again", async () => {
    const sock = socket("pull").monitor(1, 0)
    const first = next(sock, "listen")
    sock.bindSync(bindAddress("tcp"))
    await first
    expect(sock.unmonitor()).toBe(sock)
    sock.bindSync(bindAddress("tcp"))
    const unseen = sock.last_endpoint
    sock.monitor(1, 0)
    const listen = next(sock, "listen")
    sock.bindSync(bindAddress("tcp"))
    const [, endpoint] = await listen
    expect(endpoint).not.toBe(unseen)
    expect(endpoint).toBe(sock.last_endpoint)
  })

  it("closing the socket, or its context, ends monitoring without monitor_error", async () => {
    const context = new zmq.Context()
    const sockets = [socket("pull").monitor(1, 0), socket("pull", {context}).monitor(1, 0)]
    let failures = 0
    for (const sock of sockets) {
      sock.on("monitor_error", () => failures++)
      const listen = next(sock, "listen")
      sock.bindSync(bindAddress("tcp"))
      await listen
    }
    sockets[0].close()
    context.close()
    // An absence check, not synchronization: give a wrong monitor_error time to show.
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(failures).toBe(0)
    expect(() => sockets[0].monitor()).toThrow(/closed/)
  })

  it("rejects bad arguments like the old bindings", () => {
    const sock = socket("pull")
    expect(() => sock.monitor(0)).toThrow(/"interval" argument/)
    expect(() => sock.monitor(10, -1)).toThrow(/"numEvents" argument/)
    expect(() => sock.monitor("10" as unknown as number)).toThrow(TypeError)
  })
})
