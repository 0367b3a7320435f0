// Writes lib/<entry>.mjs next to each compiled CommonJS entry point, so `import` gets
// named exports from the same module instance that `require` gets.
"use strict"
const fs = require("node:fs")
const path = require("node:path")

const lib = path.join(__dirname, "..", "lib")
const entries = ["index"].filter((name) => fs.existsSync(path.join(lib, `${name}.js`)))
for (const name of entries) {
  const names = Object.keys(require(path.join(lib, `${name}.js`))).filter((key) => key !== "default")
  const lines = [
    `import cjs from "./${name}.js"`,
    `export const {${names.join(", ")}} = cjs`,
    `export default cjs`,
    "",
  ]
  fs.writeFileSync(path.join(lib, `${name}.mjs`), lines.join("\n"))
}
