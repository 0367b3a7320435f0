import {closeSync, openSync} from "node:fs"
import path from "node:path"

import {describe, expect, it} from "vitest"

import * as zmq from "../src"
import {runNode} from "./child-process"

// libzmq listens on a useFd descriptor as it is and aborts the process when it is not a
// listening socket; zmq-napi checks it first. Windows descriptors are socket handles,
// which its poller reports as errors by itself.
describe.skipIf(process.platform === "win32")("binding with useFd (POSIX descriptors)", () => {
  it("refuses a descriptor that is not a socket, with code, errno and address", () => {
    const fd = openSync(__filename, "r")
    const pull = new zmq.Pull({useFd: fd})
    try {
      expect(() => pull.bindSync("tcp://127.0.0.1:*")).toThrow(
        expect.objectContaining({code: "ENOTSOCK", address: "tcp://127.0.0.1:*", message: expect.stringContaining("useFd is not a socket")}),
      )
      expect(() => pull.bindSync("ipc:///tmp/zmq-napi-use-fd")).toThrow(expect.objectContaining({code: "ENOTSOCK"}))
    } finally {
      pull.close()
      closeSync(fd)
    }
  })

  it("refuses a descriptor that is not open", async () => {
    const pull = new zmq.Pull({useFd: 999_999})
    await expect(pull.bind("tcp://127.0.0.1:*")).rejects.toMatchObject({code: "EBADF", errno: expect.any(Number)})
    pull.close()
  })

  it("ignores useFd where the transport does not use it (inproc)", () => {
    const pull = new zmq.Pull({useFd: 999_999})
    pull.bindSync("inproc://use-fd-ignored")
    pull.close()
  })

  it("refuses a socket that is not listening and listens on one that is", async () => {
    const outcome = await runNode(path.join(__dirname, "fixtures", "use-fd.js"), [], {nodeArgs: ["--no-deprecation"], timeout: 30_000})
    expect(outcome.stderr).toBe("")
    expect(outcome.stdout).toBe("udp: EINVAL\ntcp: through the listening descriptor\n")
    expect(outcome.code).toBe(0)
  })
})
