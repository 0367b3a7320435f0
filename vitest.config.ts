import {defineConfig} from "vitest/config"

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Native sockets and child processes: forks isolate a crash to one file.
    pool: "forks",
    testTimeout: 20000,
    hookTimeout: 20000,
  },
})
