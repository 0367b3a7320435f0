"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.MONITOR_STOPPED = exports.ALL_EVENTS = void 0;
exports.decodeEvent = decodeEvent;
// Socket event types (shaped like zeromq@6's) and the decoding of libzmq's monitor
// messages into them.
const node_os_1 = require("node:os");
const node_util_1 = require("node:util");
const native_1 = require("./native");
/** The libzmq events an observer subscribes to (ZMQ_EVENT_ALL). */
exports.ALL_EVENTS = 0xffff;
exports.MONITOR_STOPPED = 0x0400;
const protocolErrors = {
    0x10000000: "ERR_ZMTP_UNSPECIFIED",
    0x10000001: "ERR_ZMTP_UNEXPECTED_COMMAND",
    0x10000002: "ERR_ZMTP_INVALID_SEQUENCE",
    0x10000003: "ERR_ZMTP_KEY_EXCHANGE",
    0x10000011: "ERR_ZMTP_MALFORMED_COMMAND_UNSPECIFIED",
    0x10000012: "ERR_ZMTP_MALFORMED_COMMAND_MESSAGE",
    0x10000013: "ERR_ZMTP_MALFORMED_COMMAND_HELLO",
    0x10000014: "ERR_ZMTP_MALFORMED_COMMAND_INITIATE",
    0x10000015: "ERR_ZMTP_MALFORMED_COMMAND_ERROR",
    0x10000016: "ERR_ZMTP_MALFORMED_COMMAND_READY",
    0x10000017: "ERR_ZMTP_MALFORMED_COMMAND_WELCOME",
    0x10000018: "ERR_ZMTP_INVALID_METADATA",
    0x11000001: "ERR_ZMTP_CRYPTOGRAPHIC",
    0x11000002: "ERR_ZMTP_MECHANISM_MISMATCH",
    0x20000000: "ERR_ZAP_UNSPECIFIED",
    0x20000001: "ERR_ZAP_MALFORMED_REPLY",
    0x20000002: "ERR_ZAP_BAD_REQUEST_ID",
    0x20000003: "ERR_ZAP_BAD_VERSION",
    0x20000004: "ERR_ZAP_INVALID_STATUS_CODE",
    0x20000005: "ERR_ZAP_INVALID_METADATA",
    0x30000000: "ERR_WS_UNSPECIFIED",
};
const protocolMessages = {
    ERR_ZMTP_MECHANISM_MISMATCH: "Peers use different security mechanisms",
    ERR_ZMTP_CRYPTOGRAPHIC: "Cryptographic failure (wrong key?)",
    ERR_ZMTP_KEY_EXCHANGE: "Key exchange failed",
};
function errnoError(errno) {
    let { code, message } = native_1.addon.describeErrno(errno);
    if (code === "EUNKNOWN") {
        // libzmq's table names the errors its API returns; events also carry plain OS
        // errors (EPIPE when a peer hangs up mid-handshake, for one).
        try {
            const name = (0, node_util_1.getSystemErrorName)(-errno);
            if (/^E[A-Z0-9]+$/.test(name))
                code = name;
        }
        catch {
            // not an OS error number either
        }
    }
    return Object.assign(new Error(message), { code, errno });
}
function protoError(value) {
    const code = protocolErrors[value] ?? "ERR_ZMTP_UNSPECIFIED";
    const words = code.replace(/^ERR_/, "").toLowerCase().replace(/_/g, " ");
    const message = protocolMessages[code] ?? `Handshake protocol error (${words})`;
    return Object.assign(new Error(message), { code });
}
function authError(value) {
    const status = (value === 300 || value === 500 ? value : 400);
    const meaning = status === 300 ? "temporary failure" : status === 500 ? "internal error" : "access denied";
    return Object.assign(new Error(`Authentication failed: ${meaning} (ZAP status ${value})`), { status });
}
const readUint16 = (0, node_os_1.endianness)() === "LE" ? "readUInt16LE" : "readUInt16BE";
const readUint32 = (0, node_os_1.endianness)() === "LE" ? "readUInt32LE" : "readUInt32BE";
/**
 * Decodes one monitor message: a 6-byte frame (uint16 event, uint32 value, both in
 * the host's byte order) and the endpoint. Returns the event and libzmq's number.
 */
function decodeEvent(frames) {
    const head = frames[0];
    if (frames.length < 2 || head === undefined || head.length < 6)
        return { event: { type: "unknown" }, id: 0 };
    const id = head[readUint16](0);
    const value = head[readUint32](2);
    const address = frames[1].toString();
    switch (id) {
        case 0x0001:
            return { id, event: { type: "connect", address } };
        case 0x0002:
            return { id, event: { type: "connect:delay", address } };
        case 0x0004:
            return { id, event: { type: "connect:retry", address, interval: value } };
        case 0x0008:
            return { id, event: { type: "bind", address } };
        case 0x0010:
            return { id, event: { type: "bind:error", address, error: errnoError(value) } };
        case 0x0020:
            return { id, event: { type: "accept", address } };
        case 0x0040:
            return { id, event: { type: "accept:error", address, error: errnoError(value) } };
        case 0x0080:
            return { id, event: { type: "close", address } };
        case 0x0100:
            return { id, event: { type: "close:error", address, error: errnoError(value) } };
        case 0x0200:
            return { id, event: { type: "disconnect", address } };
        case exports.MONITOR_STOPPED:
            return { id, event: { type: "end" } };
        case 0x0800:
            return { id, event: { type: "handshake:error:other", address, error: errnoError(value) } };
        case 0x1000:
            return { id, event: { type: "handshake", address } };
        case 0x2000:
            return { id, event: { type: "handshake:error:protocol", address, error: protoError(value) } };
        case 0x4000:
            return { id, event: { type: "handshake:error:auth", address, error: authError(value) } };
        default:
            return { id, event: { type: "unknown" } };
    }
}
