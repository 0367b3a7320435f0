"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.ZAP_ENDPOINT = void 0;
exports.parseRequest = parseRequest;
exports.encodeMetadata = encodeMetadata;
exports.replyFrames = replyFrames;
// The ZeroMQ Authentication Protocol (ZMQ RFC 27), as a ROUTER bound to the ZAP
// endpoint sees it: requests arrive as [peer, "", version, request id, domain, address,
// identity, mechanism, ...credentials], replies go back as [peer, "", version,
// request id, status code, status text, user id, metadata].
const keys_1 = require("../keys");
/** Where libzmq looks for a ZAP handler, in each context. */
exports.ZAP_ENDPOINT = "inproc://zeromq.zap.01";
const VERSION = "1.0";
/** Splits a ROUTER-received request into its envelope and fields. */
function parseRequest(frames) {
    const delimiter = frames.findIndex((frame) => frame.length === 0);
    const envelope = delimiter < 0 ? [] : frames.slice(0, delimiter + 1);
    const body = delimiter < 0 ? frames : frames.slice(delimiter + 1);
    const [version, requestId, domain, address, routingId, mechanism, ...credentials] = body;
    if (delimiter < 0 || mechanism === undefined) {
        return { envelope, requestId, malformed: "Malformed request: too few frames" };
    }
    if (version.toString() !== VERSION)
        return { envelope, requestId, malformed: `Unsupported ZAP version "${version}"` };
    const request = {
        domain: domain.toString(),
        address: address.toString(),
        routingId,
        mechanism: mechanism.toString(),
        credentials,
    };
    if (request.mechanism === "PLAIN") {
        if (credentials.length !== 2)
            return { envelope, requestId, malformed: "Malformed PLAIN credentials" };
        request.username = credentials[0].toString();
        request.password = credentials[1].toString();
    }
    else if (request.mechanism === "CURVE") {
        if (credentials.length !== 1 || credentials[0].length !== 32) {
            return { envelope, requestId, malformed: "Malformed CURVE credentials" };
        }
        request.publicKey = (0, keys_1.z85Encode)(credentials[0]);
    }
    else if (request.mechanism === "GSSAPI" && credentials.length === 1) {
        request.principal = credentials[0].toString();
    }
    return { envelope, requestId, request };
}
/** ZMTP metadata: per property a 1-byte name length, the name, a 4-byte length, the value. */
function encodeMetadata(metadata) {
    if (metadata === undefined)
        return Buffer.alloc(0);
    const parts = [];
    for (const [name, value] of Object.entries(metadata)) {
        const nameBytes = Buffer.from(name);
        if (nameBytes.length === 0 || nameBytes.length > 255) {
            throw new RangeError(`ZAP metadata names must be 1 to 255 bytes long, not "${name}"`);
        }
        if (typeof value !== "string" && !Buffer.isBuffer(value)) {
            throw new TypeError(`ZAP metadata "${name}" must be a string or a Buffer`);
        }
        const valueBytes = Buffer.from(value);
        const header = Buffer.alloc(1 + nameBytes.length + 4);
        header.writeUInt8(nameBytes.length, 0);
        nameBytes.copy(header, 1);
        header.writeUInt32BE(valueBytes.length, 1 + nameBytes.length);
        parts.push(header, valueBytes);
    }
    return Buffer.concat(parts);
}
/** The frames that answer a request. */
function replyFrames(envelope, requestId, reply) {
    return [...envelope, VERSION, requestId, String(reply.status), reply.text, reply.userId, encodeMetadata(reply.metadata)];
}
