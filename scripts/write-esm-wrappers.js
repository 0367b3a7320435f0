// Writes lib/<entry>.mjs beside each compiled CommonJS entry point, so `import` and
// `require` share one module instance (and one native addon registration). Node finds
// the CommonJS named exports itself, so nothing has to be loaded here.
"use strict"
const fs = require("node:fs")
const path = require("node:path")

const lib = path.join(__dirname, "..", "lib")
const entries = ["index", "draft", "compat", "v5-compat"]

for (const name of entries) {
  if (!fs.existsSync(path.join(lib, `${name}.js`))) continue
  const source = `export * from "./${name}.js"\nexport {default} from "./${name}.js"\n`
  fs.writeFileSync(path.join(lib, `${name}.mjs`), source)
}
