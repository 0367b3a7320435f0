// Command-line options shared by the examples: `--name=value` or `--name value`.
// Every size and count has a default, so each example runs with no arguments, and the
// tests run them small.

const given = new Map<string, string>()

function usage(message: string): never {
  console.error(`${message}\n(options are --name=value; see the header comment of the example)`)
  process.exit(2)
}

{
  const argv = process.argv.slice(2)
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (!arg.startsWith("--")) usage(`unexpected argument "${arg}"`)
    const eq = arg.indexOf("=")
    if (eq !== -1) given.set(arg.slice(2, eq), arg.slice(eq + 1))
    else if (i + 1 < argv.length && !argv[i + 1].startsWith("--")) given.set(arg.slice(2), argv[++i])
    else given.set(arg.slice(2), "true")
  }
}

/** A whole number option, at least `min`. */
export function intArg(name: string, fallback: number, min = 1): number {
  const text = given.get(name)
  if (text === undefined) return fallback
  const value = Number(text)
  if (!Number.isInteger(value) || value < min) usage(`--${name} must be a whole number >= ${min}, got "${text}"`)
  return value
}

/** A text option, optionally restricted to a set of choices. */
export function stringArg<T extends string>(name: string, fallback: T, choices?: readonly T[]): T {
  const text = given.get(name)
  if (text === undefined) return fallback
  if (choices && !choices.includes(text as T)) usage(`--${name} must be one of ${choices.join(", ")}, got "${text}"`)
  return text as T
}

/** A yes/no option: `--name` alone (or `--name=true`) turns it on. */
export function flag(name: string): boolean {
  return given.get(name) === "true"
}

/** A comma-separated list option, e.g. `--hung=db-1,web-2`. */
export function listArg(name: string, fallback: string[]): string[] {
  const text = given.get(name)
  if (text === undefined) return fallback
  return text.split(",").filter((item) => item !== "")
}
