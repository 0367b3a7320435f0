import {describe, expect, it} from "vitest"

import * as zmq from "../src"
import {inprocPushPull} from "./helpers"
import "../src/draft"

describe("message properties", () => {
  it("reads the requested connection metadata of each received message", async () => {
    const router = new zmq.Router()
    router.messageProperties = ["Peer-Address", "Socket-Type", "X-Color", "User-Id"]
    await router.bind("tcp://127.0.0.1:*")
    const dealer = new zmq.Dealer()
    if (zmq.capability.draft) dealer.metadata = "X-Color:blue"
    dealer.connect(router.lastEndpoint!)
    await dealer.send("hi")
    const message = await router.receive()
    expect(message[1].toString()).toBe("hi")
    const properties = zmq.getMessageProperties(message)
    expect(properties).toMatchObject({"Peer-Address": "127.0.0.1", "Socket-Type": "DEALER"})
    if (zmq.capability.draft) expect(properties!["X-Color"]).toBe("blue")
    // Without a ZAP handler there is no user id: absent, not empty.
    expect(properties).not.toHaveProperty("User-Id")
    router.close()
    dealer.close()
  })

  it("reads nothing unless asked, and validates the names", async () => {
    const pull = new zmq.Pull()
    const push = new zmq.Push()
    await pull.bind("tcp://127.0.0.1:*")
    push.connect(pull.lastEndpoint!)
    await push.send("x")
    expect(zmq.getMessageProperties(await pull.receive())).toBeUndefined()
    expect(pull.messageProperties).toBe(null)
    expect(() => (pull.messageProperties = "User-Id" as never)).toThrow(/messageProperties/)
    expect(() => (pull.messageProperties = [5] as never)).toThrow(TypeError)
    pull.messageProperties = ["Socket-Type"]
    await push.send("y")
    expect(zmq.getMessageProperties(await pull.receive())).toEqual({"Socket-Type": "PUSH"})
    pull.close()
    push.close()
  })

  it("inproc messages carry no connection metadata (there is no handshake)", async () => {
    const [push, pull] = await inprocPushPull("no-handshake", undefined, {messageProperties: ["Socket-Type"]} as never)
    await push.send("x")
    expect(zmq.getMessageProperties(await pull.receive())).toEqual({})
    pull.close()
    push.close()
  })
})
