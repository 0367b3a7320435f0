"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.curveKeyPair = curveKeyPair;
exports.curvePublicKey = curvePublicKey;
exports.z85Encode = z85Encode;
exports.z85Decode = z85Decode;
// Key helpers: Z85 text (ZMQ RFC 32) and CURVE key derivation.
const native_1 = require("./native");
/** A new CURVE key pair, both keys as 40-character Z85 text. */
function curveKeyPair() {
    return native_1.addon.curveKeyPair();
}
/**
 * The CURVE public key that belongs to `secretKey` (40 characters of Z85 text, or its
 * 32 raw bytes), as Z85 text. A server can thus publish its public key knowing only
 * its secret one. Bad input is a TypeError or RangeError.
 */
function curvePublicKey(secretKey) {
    return native_1.addon.curvePublic(secretKey);
}
/**
 * Encodes bytes as Z85 text: 5 characters per 4 bytes, so the length must be a
 * multiple of 4 (a RangeError otherwise).
 */
function z85Encode(data) {
    return native_1.addon.z85Encode(data);
}
/**
 * Decodes Z85 text into bytes. The length must be a multiple of 5 and every character
 * one of Z85's alphabet (a RangeError otherwise).
 */
function z85Decode(text) {
    return native_1.addon.z85Decode(text);
}
