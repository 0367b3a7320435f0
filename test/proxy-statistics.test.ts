import {describe, expect, it} from "vitest"

import * as zmq from "../src"
import {text} from "./helpers"

/** A ROUTER/DEALER proxy over inproc with a REQ client and a REP worker attached. */
async function brokerWithPeers(name: string, capture?: zmq.Socket) {
  const proxy = new zmq.Proxy(new zmq.Router(), new zmq.Dealer(), capture)
  await proxy.frontEnd.bind(`inproc://${name}-front`)
  await proxy.backEnd.bind(`inproc://${name}-back`)
  const client = new zmq.Request()
  client.connect(`inproc://${name}-front`)
  const worker = new zmq.Reply()
  worker.connect(`inproc://${name}-back`)
  return {proxy, client, worker}
}

describe("proxy statistics", () => {
  it("count messages and bytes each way, a multipart message once", async () => {
    const {proxy, client, worker} = await brokerWithPeers("stats-counts")
    const running = proxy.run()
    const zero = {messagesReceived: 0, bytesReceived: 0, messagesSent: 0, bytesSent: 0}
    expect(await proxy.statistics()).toEqual({frontEnd: zero, backEnd: zero})

    const requests = ["a", "bc", "def"]
    const replies = ["reply one", "reply two", "reply three"]
    for (let i = 0; i < requests.length; i++) {
      await client.send(requests[i])
      expect(text(await worker.receive())).toEqual([requests[i]])
      await worker.send(replies[i])
      expect(text(await client.receive())).toEqual([replies[i]])
    }
    // Through the front end a request is [routing id, empty delimiter, body]; through the
    // back end the router's routing id has been added in front of it.
    const statistics = await proxy.statistics()
    const routingIdBytes = statistics.frontEnd.bytesReceived - requests.join("").length
    expect(routingIdBytes % requests.length).toBe(0)
    const perMessage = routingIdBytes / requests.length
    expect(perMessage).toBeGreaterThan(0) // libzmq's generated routing ids: 5 bytes
    const requestBytes = requests.join("").length + perMessage * requests.length
    const replyBytes = replies.join("").length + perMessage * replies.length
    expect(statistics).toEqual({
      frontEnd: {messagesReceived: 3, bytesReceived: requestBytes, messagesSent: 3, bytesSent: replyBytes},
      backEnd: {messagesReceived: 3, bytesReceived: replyBytes, messagesSent: 3, bytesSent: requestBytes},
    })
    proxy.terminate()
    await running
    client.close()
    worker.close()
  })

  it("are answered while paused, in order when several are asked at once, and before a terminate", async () => {
    const {proxy, client, worker} = await brokerWithPeers("stats-order")
    const running = proxy.run()
    await client.send("one")
    await worker.receive()
    proxy.pause()
    const paused = await proxy.statistics()
    expect(paused.frontEnd.messagesReceived).toBe(1)

    await worker.send("answer")
    const [first, second, third] = await Promise.all([proxy.statistics(), proxy.statistics(), proxy.statistics()])
    // Paused: the answer waits in the worker's queue, so nothing moved between them.
    expect(second).toEqual(first)
    expect(third).toEqual(first)
    expect(first.backEnd.messagesReceived).toBe(0)
    proxy.resume()
    expect(text(await client.receive())).toEqual(["answer"])

    const asked = proxy.statistics()
    proxy.terminate()
    expect((await asked).backEnd.messagesReceived).toBe(1)
    await running
    client.close()
    worker.close()
  })

  it("asked after the proxy failed, unknown to JS yet, reject with ETERM once run() rejects", async () => {
    // A mandatory ROUTER refuses a reply for a peer it does not know, which ends the proxy.
    const proxy = new zmq.Proxy(new zmq.Router({mandatory: true}), new zmq.Dealer())
    await proxy.frontEnd.bind("inproc://stats-failed-front")
    await proxy.backEnd.bind("inproc://stats-failed-back")
    const client = new zmq.Request()
    client.connect("inproc://stats-failed-front")
    const worker = new zmq.Dealer()
    worker.connect("inproc://stats-failed-back")
    const running = proxy.run()
    await proxy.statistics()
    await worker.send(["no-such-peer", "", "reply"])
    // Hold this thread while the proxy's thread fails, so JS still believes it runs.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200)
    const asked = proxy.statistics()
    await expect(running).rejects.toMatchObject({code: "EHOSTUNREACH", message: expect.stringContaining("no connected peer has that routing id")})
    await expect(asked).rejects.toMatchObject({code: "ETERM", message: "Proxy ended before it answered the statistics request"})
    client.close()
    worker.close()
  })

  it("need a running proxy (EFSM), and a capture socket sees the command", async () => {
    const captured = new zmq.Pull()
    await captured.bind("inproc://stats-capture")
    const capture = new zmq.Push()
    capture.connect("inproc://stats-capture")
    const {proxy, client, worker} = await brokerWithPeers("stats-state", capture)
    await expect(proxy.statistics()).rejects.toMatchObject({code: "EFSM", errno: 156384763})
    const running = proxy.run()
    await proxy.statistics()
    expect(text(await captured.receive())).toEqual(["STATISTICS"])
    proxy.terminate()
    await running
    await expect(proxy.statistics()).rejects.toMatchObject({code: "EFSM"})
    for (const socket of [captured, client, worker]) socket.close()
  })
})
