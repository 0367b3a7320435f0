// The environment switches the build scripts read (scripts/lib/mode.js): each selects a
// build that differs from the default, so a misread value silently builds the wrong thing.
import {createRequire} from "node:module"

import {afterEach, describe, expect, it} from "vitest"

const require = createRequire(__filename)
const {useSystemLibzmq, linkTimeOptimization} = require("../scripts/lib/mode.js") as {
  useSystemLibzmq: () => boolean
  linkTimeOptimization: () => "ON" | "OFF"
}

const NAMES = ["ZMQ_NAPI_USE_SYSTEM_LIBZMQ", "ZMQ_NAPI_LTO"]
const saved = Object.fromEntries(NAMES.map((name) => [name, process.env[name]]))

function withValue(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name]
  else process.env[name] = value
}

afterEach(() => {
  for (const name of NAMES) withValue(name, saved[name])
})

describe("build switches", () => {
  it("ZMQ_NAPI_LTO: on unless set to a false value", () => {
    const cases: [string | undefined, "ON" | "OFF"][] = [
      [undefined, "ON"],
      ["", "ON"],
      ["1", "ON"],
      ["yes", "ON"],
      ["0", "OFF"],
      ["false", "OFF"],
      [" Off ", "OFF"],
      ["no", "OFF"],
    ]
    for (const [value, expected] of cases) {
      withValue("ZMQ_NAPI_LTO", value)
      expect(linkTimeOptimization(), `ZMQ_NAPI_LTO=${JSON.stringify(value)}`).toBe(expected)
    }
  })

  it("ZMQ_NAPI_USE_SYSTEM_LIBZMQ: off unless set to a true value", () => {
    const cases: [string | undefined, boolean][] = [
      [undefined, false],
      ["", false],
      ["0", false],
      ["OFF", false],
      ["1", true],
      ["true", true],
    ]
    for (const [value, expected] of cases) {
      withValue("ZMQ_NAPI_USE_SYSTEM_LIBZMQ", value)
      expect(useSystemLibzmq(), `ZMQ_NAPI_USE_SYSTEM_LIBZMQ=${JSON.stringify(value)}`).toBe(expected)
    }
  })
})
