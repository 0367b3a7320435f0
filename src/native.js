"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.POLLOUT = exports.POLLIN = exports.addon = void 0;
// The addon's shape, declared once; everything else in src/ talks to libzmq only
// through these types.
const node_path_1 = __importDefault(require("node:path"));
const node_gyp_build_1 = __importDefault(require("node-gyp-build"));
function loadAddon() {
    // src/ and lib/ both sit one level below the package root.
    const root = node_path_1.default.join(__dirname, "..");
    try {
        return (0, node_gyp_build_1.default)(root);
    }
    catch (cause) {
        const libc = libcName();
        const where = `${process.platform}-${process.arch} (libc ${libc}, Node-API ${process.versions.napi})`;
        throw new Error(`zmq-napi: no prebuilt binary matches ${where} and none was built from source.\n` +
            `Build it: approve the package's install script and rebuild, e.g. ` +
            `\`npm install-scripts approve zmq-napi && npm rebuild zmq-napi\` ` +
            `(needs cmake and a C++ compiler). See docs/install.md.\n` +
            `Cause: ${cause.message}`, { cause });
    }
}
function libcName() {
    const header = process.report.getReport().header;
    return header?.glibcVersionRuntime ? `glibc ${header.glibcVersionRuntime}` : "musl or other";
}
exports.addon = loadAddon();
exports.POLLIN = 1;
exports.POLLOUT = 2;
