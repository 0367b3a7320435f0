// For examples that start child processes.

/**
 * Call in a child process started with a piped stdin: when the parent goes away, even
 * killed outright, its end of the pipe closes and the child exits instead of living on as
 * an orphan. The pipe does not keep the child alive by itself.
 */
export function exitWithParent(): void {
  const stdin = process.stdin as NodeJS.ReadStream & {unref?: () => void}
  stdin.on("end", () => process.exit(1))
  stdin.on("error", () => process.exit(1))
  stdin.resume()
  stdin.unref?.()
}
