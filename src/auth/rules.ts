// The built-in authentication rules: address lists, PLAIN passwords and CURVE keys per
// ZAP domain. Pure decisions, no sockets.
import {createHash, timingSafeEqual} from "node:crypto"

import {z85Encode} from "../keys"
import type {ZapReply, ZapRequest} from "./zap"

/** Any domain: the rules given for "*" apply where a domain has none of its own. */
export const ANY_DOMAIN = "*"
/** Pass to `configureCurve` to accept every client key (encryption without authentication). */
export const CURVE_ALLOW_ANY = "*"

/** Compares without leaking through timing how much of a password matched. */
function samePassword(expected: string, given: string | undefined): boolean {
  if (given === undefined) return false
  const digest = (text: string) => createHash("sha256").update(text).digest()
  return timingSafeEqual(digest(expected), digest(given))
}

function allowed(userId: string): ZapReply {
  return {status: 200, text: "OK", userId}
}

function denied(text: string): ZapReply {
  return {status: 400, text, userId: ""}
}

/** A CURVE public key as Z85 text, from Z85 text or 32 bytes. */
export function normalizeKey(key: unknown, name: string): string {
  if (typeof key === "string") {
    if (key.length !== 40) throw new RangeError(`The "${name}" key must be 40 characters of Z85 text or 32 bytes`)
    return key
  }
  if (key instanceof Uint8Array) {
    if (key.length !== 32) throw new RangeError(`The "${name}" key must be 40 characters of Z85 text or 32 bytes`)
    return z85Encode(key)
  }
  throw new TypeError(`The "${name}" key must be a Z85 string or a Buffer`)
}

export class Rules {
  readonly allowList = new Set<string>()
  readonly denyList = new Set<string>()
  readonly passwords = new Map<string, Map<string, string>>()
  readonly curveKeys = new Map<string, Set<string> | typeof CURVE_ALLOW_ANY>()

  /**
   * The address check, first for every request: with an allow list only listed
   * addresses pass; otherwise listed deny addresses are refused. Undefined: passed.
   */
  checkAddress(request: ZapRequest): ZapReply | undefined {
    if (this.allowList.size !== 0) {
      return this.allowList.has(request.address) ? undefined : denied("Address not allowed")
    }
    return this.denyList.has(request.address) ? denied("Address denied") : undefined
  }

  /** The mechanism check, for requests that passed the address check. */
  checkCredentials(request: ZapRequest): ZapReply {
    switch (request.mechanism) {
      case "NULL":
        return allowed("")
      case "PLAIN": {
        const passwords = this.#forDomain(this.passwords, request.domain)
        if (passwords === undefined) return denied("No passwords for this domain")
        const expected = passwords.get(request.username!)
        if (expected === undefined || !samePassword(expected, request.password)) {
          return denied("Invalid user name or password")
        }
        return allowed(request.username!)
      }
      case "CURVE": {
        const keys = this.#forDomain(this.curveKeys, request.domain)
        if (keys === undefined) return denied("No CURVE keys for this domain")
        if (keys !== CURVE_ALLOW_ANY && !keys.has(request.publicKey!)) return denied("Client key not allowed")
        return allowed(request.publicKey!)
      }
      default:
        return denied(`Unsupported mechanism ${request.mechanism}`)
    }
  }

  #forDomain<T>(table: Map<string, T>, domain: string): T | undefined {
    return table.get(domain) ?? table.get(ANY_DOMAIN)
  }
}
