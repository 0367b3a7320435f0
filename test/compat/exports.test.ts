import {execFileSync} from "node:child_process"
import path from "node:path"

import {describe, expect, it} from "vitest"

import * as core from "../../src"
import * as v5 from "../../src/v5-compat"
import {zmq} from "./helpers"

// Every ZMQ_* constant zmq@2.15.3 and zeromq@5.3 export, with libzmq's values.
const oldConstants: Record<string, number> = {
  ZMQ_PUB: 1, ZMQ_SUB: 2, ZMQ_XPUB: 9, ZMQ_XSUB: 10, ZMQ_REQ: 3, ZMQ_XREQ: 5, ZMQ_REP: 4, ZMQ_XREP: 6,
  ZMQ_DEALER: 5, ZMQ_ROUTER: 6, ZMQ_PUSH: 8, ZMQ_PULL: 7, ZMQ_PAIR: 0, ZMQ_STREAM: 11,
  ZMQ_POLLIN: 1, ZMQ_POLLOUT: 2, ZMQ_POLLERR: 4, ZMQ_SNDMORE: 2, ZMQ_NOBLOCK: 1,
  STATE_READY: 0, STATE_BUSY: 1, STATE_CLOSED: 2,
  ZMQ_CAN_DISCONNECT: 1, ZMQ_CAN_UNBIND: 1, ZMQ_CAN_MONITOR: 1, ZMQ_CAN_SET_CTX: 1,
  ZMQ_HWM: 1, ZMQ_SWAP: 3, ZMQ_AFFINITY: 4, ZMQ_IDENTITY: 5, ZMQ_SUBSCRIBE: 6, ZMQ_UNSUBSCRIBE: 7, ZMQ_RATE: 8,
  ZMQ_RECOVERY_IVL: 9, ZMQ_MCAST_LOOP: 10, ZMQ_SNDBUF: 11, ZMQ_RCVBUF: 12, ZMQ_RCVMORE: 13, ZMQ_FD: 14,
  ZMQ_EVENTS: 15, ZMQ_TYPE: 16, ZMQ_LINGER: 17, ZMQ_RECONNECT_IVL: 18, ZMQ_BACKLOG: 19, ZMQ_RECOVERY_IVL_MSEC: 20,
  ZMQ_RECONNECT_IVL_MAX: 21, ZMQ_MAXMSGSIZE: 22, ZMQ_SNDHWM: 23, ZMQ_RCVHWM: 24, ZMQ_MULTICAST_HOPS: 25,
  ZMQ_RCVTIMEO: 27, ZMQ_SNDTIMEO: 28, ZMQ_IPV4ONLY: 31, ZMQ_LAST_ENDPOINT: 32, ZMQ_ROUTER_MANDATORY: 33,
  ZMQ_TCP_KEEPALIVE: 34, ZMQ_TCP_KEEPALIVE_CNT: 35, ZMQ_TCP_KEEPALIVE_IDLE: 36, ZMQ_TCP_KEEPALIVE_INTVL: 37,
  ZMQ_TCP_ACCEPT_FILTER: 38, ZMQ_DELAY_ATTACH_ON_CONNECT: 39, ZMQ_XPUB_VERBOSE: 40, ZMQ_ROUTER_RAW: 41, ZMQ_IPV6: 42,
  ZMQ_MECHANISM: 43, ZMQ_PLAIN_SERVER: 44, ZMQ_PLAIN_USERNAME: 45, ZMQ_PLAIN_PASSWORD: 46, ZMQ_CURVE_SERVER: 47,
  ZMQ_CURVE_PUBLICKEY: 48, ZMQ_CURVE_SECRETKEY: 49, ZMQ_CURVE_SERVERKEY: 50, ZMQ_ZAP_DOMAIN: 55,
  ZMQ_IO_THREADS: 1, ZMQ_MAX_SOCKETS: 2,
  // zeromq@5 additions
  ZMQ_HEARTBEAT_IVL: 75, ZMQ_HEARTBEAT_TTL: 76, ZMQ_HEARTBEAT_TIMEOUT: 77, ZMQ_CONNECT_TIMEOUT: 79, ZMQ_ROUTER_HANDOVER: 56,
}

const oldOptionNames = [
  "_fd", "_ioevents", "_receiveMore", "_subscribe", "_unsubscribe", "affinity", "backlog", "hwm", "identity", "linger",
  "mcast_loop", "rate", "rcvbuf", "last_endpoint", "reconnect_ivl", "recovery_ivl", "sndbuf", "swap", "mechanism",
  "plain_server", "plain_username", "plain_password", "curve_server", "curve_publickey", "curve_secretkey",
  "curve_serverkey", "zap_domain", "heartbeat_ivl", "heartbeat_ttl", "heartbeat_timeout", "connect_timeout",
]

describe("compat module exports", () => {
  it("has every ZMQ_* and STATE_* constant of zmq@2.15 and zeromq@5 with libzmq's values", () => {
    const exported = zmq as unknown as Record<string, unknown>
    for (const [name, value] of Object.entries(oldConstants)) {
      expect({name, value: exported[name]}).toEqual({name, value})
    }
  })

  it("maps socket type names, option names and monitor events like the old modules", () => {
    expect(zmq.types).toEqual({
      pub: 1, xpub: 9, sub: 2, xsub: 10, req: 3, xreq: 5, rep: 4, xrep: 6, push: 8, pull: 7, dealer: 5, router: 6, pair: 0, stream: 11,
    })
    for (const name of oldOptionNames) expect(zmq.options).toHaveProperty(name)
    expect(zmq.options.identity).toBe(5)
    expect(zmq.options._subscribe).toBe(6)
    expect(zmq.events).toEqual({
      1: "connect", 2: "connect_delay", 4: "connect_retry", 8: "listen", 16: "bind_error",
      32: "accept", 64: "accept_error", 128: "close", 256: "close_error", 512: "disconnect",
    })
  })

  it("has socket/createSocket, Socket, Context, proxy, version and curveKeypair", () => {
    expect(zmq.createSocket).toBe(zmq.socket)
    expect(typeof zmq.Socket).toBe("function")
    expect(typeof zmq.Context).toBe("function")
    expect(typeof zmq.proxy).toBe("function")
    expect(zmq.version).toBe(core.version)
    expect(zmq.version).toMatch(/^\d+\.\d+\.\d+$/)
  })

  it.skipIf(!core.capability.curve)("curveKeypair returns fresh Z85 public and secret keys", () => {
    const a = zmq.curveKeypair()
    const b = zmq.curveKeypair()
    expect(a.public).toMatch(/^[\x21-\x7e]{40}$/)
    expect(a.secret).toMatch(/^[\x21-\x7e]{40}$/)
    expect(a.public).not.toBe(b.public)
  })

  it("v5-compat is the same API", () => {
    expect(v5.socket).toBe(zmq.socket)
    expect(v5.Socket).toBe(zmq.Socket)
    expect(v5.ZMQ_SNDMORE).toBe(2)
    expect(Object.keys(v5).sort()).toEqual(Object.keys(zmq).sort())
  })

  it("works from require() and from import of the compiled package, as one module", () => {
    const lib = path.join(__dirname, "..", "..", "lib")
    const script = `
      import {createRequire} from "node:module"
      import compat, {socket, ZMQ_SNDMORE} from ${JSON.stringify(path.join(lib, "compat.mjs"))}
      import v5, {createSocket} from ${JSON.stringify(path.join(lib, "v5-compat.mjs"))}
      const required = createRequire(import.meta.url)(${JSON.stringify(path.join(lib, "compat.js"))})
      console.log(JSON.stringify([compat === required, socket === required.socket, createSocket === socket, v5.Socket === compat.Socket, ZMQ_SNDMORE]))
    `
    const output = execFileSync(process.execPath, ["--input-type=module", "-e", script], {encoding: "utf8"})
    expect(JSON.parse(output)).toEqual([true, true, true, true, 2])
  })
})
