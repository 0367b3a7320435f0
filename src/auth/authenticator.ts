// A ZAP handler (ZMQ RFC 27) for one context: decides which peers a server socket
// accepts, by address, PLAIN password, CURVE key, or a callback of the application.
import {isIP} from "node:net"

import {Context, defaultContext} from "../context"
import {errnoError} from "../errors"
import {setKeepAlive} from "../socket-hooks"
import {Router} from "../sockets"
import {CURVE_ALLOW_ANY, normalizeKey, Rules} from "./rules"
import {parseRequest, replyFrames, ZAP_ENDPOINT, ZapReply, ZapRequest} from "./zap"

/**
 * What a handler decides: `true`/`false`, or an object to give a user id (the peer's
 * messages carry it as their "User-Id" property) and metadata, or a status and reason
 * when refusing (300 temporary failure, 400 denied, 500 internal error).
 */
export type ZapDecision =
  | boolean
  | {allow: true; userId?: string; metadata?: Record<string, string | Buffer>}
  | {allow: false; status?: 300 | 400 | 500; reason?: string}

/** Decides one request that passed the address rules; may be async. */
export type ZapHandler = (request: ZapRequest) => ZapDecision | Promise<ZapDecision>

export interface AuthenticatorOptions {
  /** The context whose server sockets this authenticates; the shared one by default. */
  context?: Context
  /**
   * Decides every request that passes the address rules, instead of the PLAIN/CURVE
   * rules configured here. A handler that throws (or rejects) refuses with status 500.
   */
  handler?: ZapHandler
  /** Told about handler failures; by default they become process warnings. */
  onError?: (error: unknown, request: ZapRequest) => void
}

/** The user id a plain `true` gives: the PLAIN user name, the CURVE key, or nothing. */
function defaultUserId(request: ZapRequest): string {
  return request.username ?? request.publicKey ?? request.principal ?? ""
}

function toReply(decision: ZapDecision, request: ZapRequest): ZapReply {
  if (decision === true) return {status: 200, text: "OK", userId: defaultUserId(request)}
  if (decision === false) return {status: 400, text: "Denied", userId: ""}
  if (typeof decision === "object" && decision !== null) {
    // Checked here, where a bad one becomes a 500 refusal and onError: as a reply frame it
    // would fail to send, and the connection would wait for its ZAP reply forever.
    if (decision.allow === true) {
      if (decision.userId !== undefined && typeof decision.userId !== "string") {
        throw new TypeError(`A ZAP decision's "userId" must be a string`)
      }
      return {status: 200, text: "OK", userId: decision.userId ?? defaultUserId(request), metadata: decision.metadata}
    }
    if (decision.allow === false) {
      const status = decision.status ?? 400
      if (![300, 400, 500].includes(status)) throw new RangeError(`A refusal's status must be 300, 400 or 500, not ${status}`)
      if (decision.reason !== undefined && typeof decision.reason !== "string") {
        throw new TypeError(`A ZAP refusal's "reason" must be a string`)
      }
      return {status, text: decision.reason ?? "Denied", userId: ""}
    }
  }
  throw new TypeError("A ZAP handler must return a boolean or {allow, ...}")
}

// libzmq gives ZAP a tcp peer's numeric IP ("10.0.0.5", "::1"); anything else, a host
// name or an address with a port, would never match, and a deny of it would deny nothing.
function addressList(addresses: unknown[]): string[] {
  addresses.forEach((address, index) => {
    if (typeof address !== "string") throw new TypeError(`The "addresses[${index}]" argument must be a string`)
    if (isIP(address) === 0) {
      throw new RangeError(`The "addresses[${index}]" argument must be a numeric IP address such as "10.0.0.5" or "::1", got ${JSON.stringify(address)}`)
    }
  })
  return addresses as string[]
}

function checkDomain(domain: unknown): asserts domain is string {
  if (typeof domain !== "string") throw new TypeError(`The "domain" argument must be a string ("*" for any)`)
}

/**
 * Authenticates the peers of every server socket (curveServer, plainServer, or any
 * socket with a `zapDomain`) on one context. Start it before those sockets accept
 * connections.
 *
 * ```ts
 * const auth = new Authenticator().start()
 * auth.configureCurve("*", [clientPublicKey])
 * const server = new Router({curveServer: true, curveSecretKey: serverSecret})
 * ```
 *
 * Rules, in order: an address allow list (only those pass) or deny list; then the
 * handler if one was given, else the mechanism's rules for the server's ZAP domain
 * (those of "*" where a domain has none): NULL passes, PLAIN needs a matching password,
 * CURVE a listed client key (or any, with `CURVE_ALLOW_ANY`).
 */
export class Authenticator {
  /** The context whose ZAP endpoint this serves. */
  readonly context: Context
  readonly #rules = new Rules()
  readonly #handler: ZapHandler | undefined
  readonly #onError: (error: unknown, request: ZapRequest) => void
  #router: Router | undefined = undefined

  constructor(options: AuthenticatorOptions = {}) {
    if (typeof options !== "object" || options === null) throw new TypeError(`The "options" argument must be an object`)
    const {context = defaultContext(), handler, onError} = options
    if (!(context instanceof Context)) throw new TypeError(`The "context" option must be a Context`)
    if (handler !== undefined && typeof handler !== "function") throw new TypeError(`The "handler" option must be a function`)
    if (onError !== undefined && typeof onError !== "function") throw new TypeError(`The "onError" option must be a function`)
    this.context = context
    this.#handler = handler
    this.#onError = onError ?? ((error) => process.emitWarning(error instanceof Error ? error : String(error), "ZapHandlerError"))
  }

  /** Whether it is bound and answering. */
  get running(): boolean {
    return this.#router !== undefined && !this.#router.closed
  }

  /**
   * Binds the context's ZAP endpoint (`inproc://zeromq.zap.01`) and starts answering.
   * Only one handler per context: a second one fails with EADDRINUSE.
   */
  start(): this {
    if (this.running) throw errnoError("Authenticator is already running", "EBUSY")
    const router = new Router({context: this.context, linger: 0})
    try {
      router.bindSync(ZAP_ENDPOINT)
    } catch (error) {
      router.close()
      throw error
    }
    // Like listeners, answering requests must not keep the process alive by itself.
    router[setKeepAlive](false)
    this.#router = router
    void this.#serve(router)
    return this
  }

  /**
   * Stops answering and releases the endpoint. Afterwards libzmq lets peers in
   * without asking, unless the server sockets set `zapEnforceDomain`.
   */
  stop(): void {
    const router = this.#router
    this.#router = undefined
    if (router === undefined || router.closed) return
    try {
      // Unbinding releases the endpoint at once; a close alone releases it later, on
      // libzmq's reaper thread, and a new handler could not bind meanwhile.
      router.unbindSync(ZAP_ENDPOINT)
    } catch {
      // already released
    }
    router.close()
  }

  /** Only these peer IP addresses may connect (replaces deny lists' effect). */
  allow(...addresses: string[]): this {
    for (const address of addressList(addresses)) this.#rules.allowList.add(address)
    return this
  }

  /** These peer IP addresses may not connect (ignored while an allow list exists). */
  deny(...addresses: string[]): this {
    for (const address of addressList(addresses)) this.#rules.denyList.add(address)
    return this
  }

  /** PLAIN: the user names and passwords accepted for `domain` ("*": any domain). */
  configurePlain(domain: string, passwords: Record<string, string> | Map<string, string>): this {
    checkDomain(domain)
    if (typeof passwords !== "object" || passwords === null) {
      throw new TypeError(`The "passwords" argument must be an object or a Map of user names to passwords`)
    }
    const entries = passwords instanceof Map ? [...passwords] : Object.entries(passwords)
    for (const [user, password] of entries) {
      if (typeof user !== "string" || typeof password !== "string") {
        throw new TypeError(`The "passwords" argument must map user names to password strings`)
      }
    }
    this.#rules.passwords.set(domain, new Map(entries))
    return this
  }

  /**
   * CURVE: the client public keys (Z85 text, 32 bytes, or certificates as
   * `loadCertificates()` returns them) accepted for `domain` ("*": any domain), or
   * `CURVE_ALLOW_ANY` to accept every key (encryption only).
   */
  configureCurve(
    domain: string,
    publicKeys: Iterable<string | Uint8Array | {publicKey: string}> | typeof CURVE_ALLOW_ANY,
  ): this {
    checkDomain(domain)
    if (publicKeys === CURVE_ALLOW_ANY) {
      this.#rules.curveKeys.set(domain, CURVE_ALLOW_ANY)
      return this
    }
    // A string or a byte array is iterable too, but as characters or bytes: one key given bare.
    if (typeof publicKeys === "string" || ArrayBuffer.isView(publicKeys)) {
      throw new TypeError(`The "publicKeys" argument must be an iterable of keys or CURVE_ALLOW_ANY: put a single key in an array`)
    }
    if (typeof publicKeys !== "object" || publicKeys === null || !(Symbol.iterator in publicKeys)) {
      throw new TypeError(`The "publicKeys" argument must be an iterable of keys or CURVE_ALLOW_ANY`)
    }
    const keys = new Set<string>()
    for (const key of publicKeys) {
      const isCertificate = typeof key === "object" && key !== null && !(key instanceof Uint8Array)
      keys.add(normalizeKey(isCertificate ? key.publicKey : key, "publicKeys"))
    }
    this.#rules.curveKeys.set(domain, keys)
    return this
  }

  async #serve(router: Router): Promise<void> {
    // Requests are answered concurrently: an async handler for one peer does not hold
    // up the others (replies carry their request id).
    for await (const frames of router) void this.#answer(router, frames)
  }

  async #answer(router: Router, frames: Buffer[]): Promise<void> {
    const parsed = parseRequest(frames)
    const requestId = parsed.requestId
    if (requestId === undefined) return // nothing to answer to
    let reply: ZapReply
    if ("malformed" in parsed) {
      reply = {status: 500, text: parsed.malformed, userId: ""}
    } else {
      try {
        reply = await this.#decide(parsed.request)
        replyFrames(parsed.envelope, requestId, reply) // checks the metadata
      } catch (error) {
        this.#onError(error, parsed.request)
        reply = {status: 500, text: "Internal error", userId: ""}
      }
    }
    if (router.closed) return
    // A ROUTER drops replies to peers that went away; nothing can fail here but close.
    await router.send(replyFrames(parsed.envelope, requestId, reply)).catch(() => undefined)
  }

  async #decide(request: ZapRequest): Promise<ZapReply> {
    const refused = this.#rules.checkAddress(request)
    if (refused !== undefined) return refused
    if (this.#handler === undefined) return this.#rules.checkCredentials(request)
    return toReply(await this.#handler(request), request)
  }
}
