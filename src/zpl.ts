// ZPL, the ZeroMQ property language (ZMQ RFC 4), which CURVE certificate files are
// written in: one `name = value` per line, nesting by four spaces of indentation, `#`
// comments.

export interface ZplNode {
  name: string
  value: string
  children: ZplNode[]
  /** The line it was read from, counting from 1 (none for nodes about to be written). */
  line?: number
}

/** A line the parser refused; `line` counts from 1. */
export class ZplSyntaxError extends Error {
  constructor(
    readonly line: number,
    reason: string,
  ) {
    super(`line ${line}: ${reason}`)
  }
}

const namePattern = /^[A-Za-z0-9$\-_@.&+/]+$/
// name, then optionally "= value" (double-quoted, single-quoted or bare), then a comment.
// A bare value may hold quotes after its first character (`O'Brien`), not a '#'.
const linePattern = /^([^\s=#]+)\s*(?:=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'#][^#]*?))?)?\s*(?:#.*)?$/

export function parseZpl(text: string): ZplNode[] {
  const root: ZplNode[] = []
  // open[level] is where a line at that indentation level goes.
  const open: ZplNode[][] = [root]
  text.split("\n").forEach((raw, index) => {
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw
    const body = line.trimStart()
    if (body === "" || body.startsWith("#")) return
    const indentation = line.slice(0, line.length - body.length)
    const lineNumber = index + 1
    if (indentation.includes("\t")) throw new ZplSyntaxError(lineNumber, "indentation must be spaces, not tabs")
    if (indentation.length % 4 !== 0) {
      throw new ZplSyntaxError(lineNumber, "indentation must be a multiple of 4 spaces")
    }
    const level = indentation.length / 4
    if (level >= open.length) throw new ZplSyntaxError(lineNumber, "indented deeper than the line above allows")
    const match = linePattern.exec(body)
    if (!match || !namePattern.test(match[1])) {
      throw new ZplSyntaxError(lineNumber, `expected "name" or "name = value", got ${JSON.stringify(body)}`)
    }
    const value = match[2] ?? match[3] ?? match[4] ?? ""
    const node: ZplNode = {name: match[1], value, children: [], line: lineNumber}
    open.length = level + 1
    open[level].push(node)
    open.push(node.children)
  })
  return root
}

/** Checks that `name` can be written as a ZPL name; `argument` names it in the error. */
export function checkZplName(name: string, argument: string): void {
  if (!namePattern.test(name)) {
    throw new RangeError(`The "${argument}" name ${JSON.stringify(name)} must be letters, digits and $-_@.&+/ only`)
  }
}

function quote(value: string, argument: string): string {
  if (/[\r\n]/.test(value)) throw new RangeError(`The "${argument}" value must be one line`)
  if (!value.includes('"')) return `"${value}"`
  if (!value.includes("'")) return `'${value}'`
  throw new RangeError(`The "${argument}" value cannot hold both kinds of quotes (ZPL has no escapes)`)
}

/** Writes nodes as ZPL text; a value that cannot be written is a RangeError naming `argument`. */
export function formatZpl(nodes: readonly ZplNode[], argument: string, level = 0): string {
  return nodes
    .map((node) => {
      checkZplName(node.name, argument)
      const head = " ".repeat(level * 4) + node.name + (node.value === "" ? "" : ` = ${quote(node.value, argument)}`)
      return head + "\n" + formatZpl(node.children, argument, level + 1)
    })
    .join("")
}
