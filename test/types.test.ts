import {readdirSync, readFileSync, rmSync, writeFileSync} from "node:fs"
import path from "node:path"

import ts from "typescript"
import {describe, expect, it} from "vitest"

const fixtures = path.join(__dirname, "fixtures", "types")

/** Type-checks one fixture with the project's compiler options. */
function diagnostics(file: string): string[] {
  const configPath = path.join(__dirname, "..", "tsconfig.json")
  const config = ts.parseJsonConfigFileContent(ts.readConfigFile(configPath, ts.sys.readFile).config, ts.sys, path.dirname(configPath))
  // The project's ambient declarations (src/types/*.d.ts) come along.
  const ambient = config.fileNames.filter((name) => name.endsWith(".d.ts"))
  const program = ts.createProgram([file, ...ambient], {...config.options, noEmit: true})
  return ts
    .getPreEmitDiagnostics(program)
    .map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"))
}

describe("public types", () => {
  // Each fixture compiles cleanly: correct uses type-check, and its @ts-expect-error
  // lines are errors (an unused one is itself reported).
  for (const name of readdirSync(fixtures).filter((file) => file.endsWith(".ts"))) {
    it(`${name} type-checks as intended`, () => {
      expect(diagnostics(path.join(fixtures, name))).toEqual([])
    }, 60000)
  }
})

describe("the project's own TypeScript", () => {
  // Vitest strips types without checking them, so a test, example or bench that no
  // longer type-checks would otherwise go unnoticed.
  it("src, test, examples and bench type-check with the project's options", () => {
    const configPath = path.join(__dirname, "..", "tsconfig.json")
    const config = ts.parseJsonConfigFileContent(ts.readConfigFile(configPath, ts.sys.readFile).config, ts.sys, path.dirname(configPath))
    const program = ts.createProgram(config.fileNames, {...config.options, noEmit: true})
    const problems = ts
      .getPreEmitDiagnostics(program)
      .map((diagnostic) => {
        const file = diagnostic.file ? path.relative(path.dirname(configPath), diagnostic.file.fileName) : "(project)"
        return `${file}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n")}`
      })
    expect(problems).toEqual([])
  }, 120000)
})

describe("zeromq@6 compatibility of the types", () => {
  const source = path.join(__dirname, "fixtures", "zeromq6", "usage.ts")
  const text = readFileSync(source, "utf8")

  it("the zeromq@6 program type-checks against zeromq@6's own declarations", () => {
    expect(diagnostics(source)).toEqual([])
  }, 60000)

  it("the same program type-checks against zmq-napi with only its imports changed", () => {
    const variant = path.join(path.dirname(source), "usage-zmq-napi.generated.ts")
    writeFileSync(variant, text.replace('from "zeromq"', 'from "../../../src"').replace('from "zeromq/draft"', 'from "../../../src/draft"'))
    try {
      expect(diagnostics(variant)).toEqual([])
    } finally {
      rmSync(variant, {force: true})
    }
  }, 60000)
})
