/**
 * A small HTTP server on a STREAM socket: ZeroMQ talking raw TCP to clients that know
 * nothing about ZeroMQ (here Node's own `http` module and a bare `net` socket).
 *
 * A STREAM socket hands the program [connection id, bytes] for whatever TCP delivered,
 * and sends [connection id, bytes] back as plain bytes on that connection. No ZeroMQ
 * framing goes over the wire, so any TCP peer works.
 *
 * What to watch for:
 *  - An empty frame means "connection": the first one for an id announces a new
 *    connection, the next one says the client hung up. Sending [id, ""] closes that
 *    connection from this side (HTTP's `Connection: close`), and then no hang-up is
 *    reported for it. libzmq carries the close out when the socket is next used, which
 *    the receive loop here always is.
 *  - TCP is a byte stream, not messages: a request may arrive in several pieces (the raw
 *    client sends its header a few bytes at a time) and two requests may arrive in one
 *    piece (it also pipelines two). The server keeps a buffer per connection and cuts
 *    whole requests out of it, by the blank line after the header and `Content-Length`.
 *  - Keep-alive: the `http` clients send all their requests over one connection, so the
 *    server's per-connection request counter keeps rising.
 *  - STREAM speaks tcp only; it has no ipc or inproc form.
 *
 * Options: --clients=3 (http clients)  --requests=4 (per client)
 */
import {request as httpRequest, Agent} from "node:http"
import {connect} from "node:net"

import {Stream} from "zmq-napi"

import {intArg} from "./lib/cli"

const clientCount = intArg("clients", 3)
const requestsPerClient = intArg("requests", 4)

interface Connection {
  pending: Buffer
  served: number
  /** Pieces of data since the last whole request. */
  pieces: number
}

interface Request {
  method: string
  path: string
  body: string
  close: boolean
}

interface Tally {
  opened: number
  requests: number
  closedByServer: number
  hungUp: number
  /** Most pieces one request arrived in. */
  mostPieces: number
}

/** Cuts the first whole request out of `connection.pending`, or returns undefined. */
function takeRequest(connection: Connection): Request | undefined {
  const headerEnd = connection.pending.indexOf("\r\n\r\n")
  if (headerEnd === -1) return undefined
  const [requestLine, ...headerLines] = connection.pending.subarray(0, headerEnd).toString("latin1").split("\r\n")
  const headers = new Map<string, string>()
  for (const line of headerLines) {
    const colon = line.indexOf(":")
    headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim())
  }
  const bodyLength = Number(headers.get("content-length") ?? 0)
  const bodyStart = headerEnd + 4
  if (connection.pending.length < bodyStart + bodyLength) return undefined
  const body = connection.pending.subarray(bodyStart, bodyStart + bodyLength).toString()
  connection.pending = connection.pending.subarray(bodyStart + bodyLength)
  const [method, path] = requestLine.split(" ")
  return {method, path, body, close: headers.get("connection")?.toLowerCase() === "close"}
}

function respond(request: Request, connection: Connection): Buffer {
  let status = "200 OK"
  let text: string
  if (request.method === "GET" && request.path.startsWith("/hello")) {
    const name = new URL(request.path, "http://localhost").searchParams.get("name") ?? "stranger"
    text = `hello, ${name}: request ${connection.served} on this connection`
  } else if (request.method === "POST" && request.path === "/sum") {
    text = String(request.body.split(/\s+/).filter(Boolean).map(Number).reduce((a, b) => a + b, 0))
  } else {
    status = "404 Not Found"
    text = `no ${request.method} ${request.path}`
  }
  const body = Buffer.from(text)
  const close = request.close ? "Connection: close\r\n" : ""
  const head = `HTTP/1.1 ${status}\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}\r\n${close}\r\n`
  return Buffer.concat([Buffer.from(head, "latin1"), body])
}

/** Serves until `expected` connections have come and gone. */
async function serve(stream: Stream, expected: number): Promise<Tally> {
  const connections = new Map<string, Connection>()
  const tally: Tally = {opened: 0, requests: 0, closedByServer: 0, hungUp: 0, mostPieces: 0}
  for await (const [id, data] of stream) {
    const key = id.toString("hex")
    const connection = connections.get(key)
    if (data.length === 0) {
      if (connection === undefined) {
        connections.set(key, {pending: Buffer.alloc(0), served: 0, pieces: 0})
        tally.opened++
      } else {
        connections.delete(key)
        tally.hungUp++
      }
    } else if (connection !== undefined) {
      connection.pending = Buffer.concat([connection.pending, data])
      connection.pieces++
      for (let request = takeRequest(connection); request !== undefined; request = takeRequest(connection)) {
        tally.mostPieces = Math.max(tally.mostPieces, connection.pieces)
        connection.pieces = 0
        connection.served++
        tally.requests++
        await stream.send([id, respond(request, connection)])
        if (request.close) {
          await stream.send([id, ""])
          connections.delete(key)
          tally.closedByServer++
          break
        }
      }
    }
    if (tally.opened === expected && connections.size === 0) break
  }
  return tally
}

/** One `http` client: every request over one kept-alive connection, the last says close. */
async function httpClient(port: number, name: string): Promise<string[]> {
  const agent = new Agent({keepAlive: true, maxSockets: 1})
  const answers: string[] = []
  for (let i = 1; i <= requestsPerClient; i++) {
    const last = i === requestsPerClient
    const numbers = Array.from({length: i}, (_, n) => n + 1).join(" ")
    const post = i % 2 === 0
    answers.push(
      await new Promise<string>((resolve, reject) => {
        const request = httpRequest(
          {
            agent,
            port,
            host: "127.0.0.1",
            method: post ? "POST" : "GET",
            path: post ? "/sum" : `/hello?name=${name}`,
            headers: last ? {Connection: "close"} : {},
          },
          (response) => {
            let text = ""
            response.setEncoding("utf8")
            response.on("data", (chunk: string) => (text += chunk))
            response.on("end", () => resolve(`${response.statusCode} ${text}`))
          },
        )
        request.on("error", reject)
        request.end(post ? numbers : undefined)
      }),
    )
  }
  agent.destroy()
  return answers
}

/** The whole responses at the start of `text` as "status body", and the rest of `text`. */
function parseResponses(text: string): [string[], string] {
  const answers: string[] = []
  for (;;) {
    const headerEnd = text.indexOf("\r\n\r\n")
    if (headerEnd === -1) break
    const head = text.slice(0, headerEnd)
    const bodyEnd = headerEnd + 4 + Number(/content-length: (\d+)/i.exec(head)?.[1] ?? 0)
    if (text.length < bodyEnd) break
    answers.push(`${head.split(" ")[1]} ${text.slice(headerEnd + 4, bodyEnd)}`)
    text = text.slice(bodyEnd)
  }
  return [answers, text]
}

/** A bare TCP client: a request dribbled out in pieces, then two in one write; it hangs up itself. */
async function rawClient(port: number): Promise<string[]> {
  const socket = connect({port, host: "127.0.0.1", noDelay: true})
  const answers: string[] = []
  let unparsed = ""
  let waiting = {count: 0, resolve: () => {}}
  socket.setEncoding("latin1")
  socket.on("data", (chunk: string) => {
    const [parsed, rest] = parseResponses(unparsed + chunk)
    answers.push(...parsed)
    unparsed = rest
    if (answers.length >= waiting.count) waiting.resolve()
  })
  const failed = new Promise<never>((_, reject) => socket.once("error", reject))
  const answered = (count: number) =>
    Promise.race([
      failed,
      new Promise<void>((resolve) => {
        waiting = {count, resolve}
        if (answers.length >= count) resolve()
      }),
    ])

  const body = "10 20 30 40"
  const slow = `POST /sum HTTP/1.1\r\nHost: x\r\nContent-Length: ${body.length}\r\n\r\n${body}`
  for (let at = 0; at < slow.length; at += 7) {
    socket.write(slow.slice(at, at + 7))
    await new Promise((resolve) => setTimeout(resolve, 2))
  }
  await answered(1)
  socket.write("GET /hello?name=raw HTTP/1.1\r\nHost: x\r\n\r\nGET /missing HTTP/1.1\r\nHost: x\r\n\r\n")
  await answered(3)
  socket.end()
  await new Promise<void>((resolve) => socket.once("close", () => resolve()))
  return answers
}

async function main() {
  const stream = new Stream()
  await stream.bind("tcp://127.0.0.1:*")
  const port = Number(stream.lastEndpoint!.slice(stream.lastEndpoint!.lastIndexOf(":") + 1))
  const served = serve(stream, clientCount + 1)

  const names = Array.from({length: clientCount}, (_, i) => `client-${i}`)
  const [raw, ...clients] = await Promise.all([rawClient(port), ...names.map((name) => httpClient(port, name))])
  clients.forEach((answers, i) => console.log(`${names[i]}: ${answers.join(" | ")}`))
  console.log(`raw: ${raw.join(" | ")}`)

  const tally = await served
  stream.close()
  console.log(
    `server: ${tally.opened} connections, ${tally.requests} requests, ${tally.closedByServer} closed by the server, ` +
      `${tally.hungUp} hung up by their client; a request arrived in up to ${tally.mostPieces} pieces`,
  )
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
