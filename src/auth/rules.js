"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.Rules = exports.CURVE_ALLOW_ANY = exports.ANY_DOMAIN = void 0;
exports.normalizeKey = normalizeKey;
// The built-in authentication rules: address lists, PLAIN passwords and CURVE keys per
// ZAP domain. Pure decisions, no sockets.
const node_crypto_1 = require("node:crypto");
const keys_1 = require("../keys");
/** Any domain: the rules given for "*" apply where a domain has none of its own. */
exports.ANY_DOMAIN = "*";
/** Pass to `configureCurve` to accept every client key (encryption without authentication). */
exports.CURVE_ALLOW_ANY = "*";
/** Compares without leaking through timing how much of a password matched. */
function samePassword(expected, given) {
    if (given === undefined)
        return false;
    const digest = (text) => (0, node_crypto_1.createHash)("sha256").update(text).digest();
    return (0, node_crypto_1.timingSafeEqual)(digest(expected), digest(given));
}
function allowed(userId) {
    return { status: 200, text: "OK", userId };
}
function denied(text) {
    return { status: 400, text, userId: "" };
}
/** A CURVE public key as Z85 text, from Z85 text or 32 bytes. */
function normalizeKey(key, name) {
    if (typeof key === "string") {
        if (key.length !== 40)
            throw new RangeError(`The "${name}" key must be 40 characters of Z85 text or 32 bytes`);
        return key;
    }
    if (key instanceof Uint8Array) {
        if (key.length !== 32)
            throw new RangeError(`The "${name}" key must be 40 characters of Z85 text or 32 bytes`);
        return (0, keys_1.z85Encode)(key);
    }
    throw new TypeError(`The "${name}" key must be a Z85 string or a Buffer`);
}
class Rules {
    allowList = new Set();
    denyList = new Set();
    passwords = new Map();
    curveKeys = new Map();
    /**
     * The address check, first for every request: with an allow list only listed
     * addresses pass; otherwise listed deny addresses are refused. Undefined: passed.
     */
    checkAddress(request) {
        if (this.allowList.size !== 0) {
            return this.allowList.has(request.address) ? undefined : denied("Address not allowed");
        }
        return this.denyList.has(request.address) ? denied("Address denied") : undefined;
    }
    /** The mechanism check, for requests that passed the address check. */
    checkCredentials(request) {
        switch (request.mechanism) {
            case "NULL":
                return allowed("");
            case "PLAIN": {
                const passwords = this.#forDomain(this.passwords, request.domain);
                if (passwords === undefined)
                    return denied("No passwords for this domain");
                const expected = passwords.get(request.username);
                if (expected === undefined || !samePassword(expected, request.password)) {
                    return denied("Invalid user name or password");
                }
                return allowed(request.username);
            }
            case "CURVE": {
                const keys = this.#forDomain(this.curveKeys, request.domain);
                if (keys === undefined)
                    return denied("No CURVE keys for this domain");
                if (keys !== exports.CURVE_ALLOW_ANY && !keys.has(request.publicKey))
                    return denied("Client key not allowed");
                return allowed(request.publicKey);
            }
            default:
                return denied(`Unsupported mechanism ${request.mechanism}`);
        }
    }
    #forDomain(table, domain) {
        return table.get(domain) ?? table.get(exports.ANY_DOMAIN);
    }
}
exports.Rules = Rules;
