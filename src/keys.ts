// Key helpers: Z85 text (ZMQ RFC 32) and CURVE key derivation.
import {addon} from "./native"

/** A new CURVE key pair, both keys as 40-character Z85 text. */
export function curveKeyPair(): {publicKey: string; secretKey: string} {
  return addon.curveKeyPair()
}

/**
 * The CURVE public key that belongs to `secretKey` (40 characters of Z85 text, or its
 * 32 raw bytes), as Z85 text. A server can thus publish its public key knowing only
 * its secret one. Bad input is a TypeError or RangeError.
 */
export function curvePublicKey(secretKey: string | ArrayBufferView | ArrayBuffer): string {
  return addon.curvePublic(secretKey)
}

/**
 * Encodes bytes as Z85 text: 5 characters per 4 bytes, so the length must be a
 * multiple of 4 (a RangeError otherwise).
 */
export function z85Encode(data: ArrayBufferView | ArrayBuffer): string {
  return addon.z85Encode(data)
}

/**
 * Decodes Z85 text into bytes. The length must be a multiple of 5 and every character
 * one of Z85's alphabet (a RangeError otherwise).
 */
export function z85Decode(text: string): Buffer {
  return addon.z85Decode(text)
}
