"use strict";
// Checks that a library loads in a fresh process, and reports its versions.
// Done in a child so the orchestrator itself never loads a native addon.
const { loadLib, libPackageVersion, emit, parseArgs, main } = require("./worker-common");

main(async () => {
  const { lib } = parseArgs(["lib"]);
  const zmq = loadLib(lib);
  emit({ type: "result", packageVersion: libPackageVersion(lib), libzmqVersion: zmq.version });
});
