"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.Authenticator = void 0;
// A ZAP handler (ZMQ RFC 27) for one context: decides which peers a server socket
// accepts, by address, PLAIN password, CURVE key, or a callback of the application.
const context_1 = require("../context");
const socket_1 = require("../socket");
const sockets_1 = require("../sockets");
const rules_1 = require("./rules");
const zap_1 = require("./zap");
/** The user id a plain `true` gives: the PLAIN user name, the CURVE key, or nothing. */
function defaultUserId(request) {
    return request.username ?? request.publicKey ?? request.principal ?? "";
}
function toReply(decision, request) {
    if (decision === true)
        return { status: 200, text: "OK", userId: defaultUserId(request) };
    if (decision === false)
        return { status: 400, text: "Denied", userId: "" };
    if (typeof decision === "object" && decision !== null) {
        if (decision.allow === true) {
            return { status: 200, text: "OK", userId: decision.userId ?? defaultUserId(request), metadata: decision.metadata };
        }
        if (decision.allow === false) {
            const status = decision.status ?? 400;
            if (![300, 400, 500].includes(status))
                throw new RangeError(`A refusal's status must be 300, 400 or 500, not ${status}`);
            return { status, text: decision.reason ?? "Denied", userId: "" };
        }
    }
    throw new TypeError("A ZAP handler must return a boolean or {allow, ...}");
}
function addressList(addresses) {
    addresses.forEach((address, index) => {
        if (typeof address !== "string")
            throw new TypeError(`The "addresses[${index}]" argument must be a string`);
    });
    return addresses;
}
function checkDomain(domain) {
    if (typeof domain !== "string")
        throw new TypeError(`The "domain" argument must be a string ("*" for any)`);
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
class Authenticator {
    /** The context whose ZAP endpoint this serves. */
    context;
    #rules = new rules_1.Rules();
    #handler;
    #onError;
    #router = undefined;
    constructor(options = {}) {
        if (typeof options !== "object" || options === null)
            throw new TypeError(`The "options" argument must be an object`);
        const { context = (0, context_1.defaultContext)(), handler, onError } = options;
        if (!(context instanceof context_1.Context))
            throw new TypeError(`The "context" option must be a Context`);
        if (handler !== undefined && typeof handler !== "function")
            throw new TypeError(`The "handler" option must be a function`);
        if (onError !== undefined && typeof onError !== "function")
            throw new TypeError(`The "onError" option must be a function`);
        this.context = context;
        this.#handler = handler;
        this.#onError = onError ?? ((error) => process.emitWarning(error instanceof Error ? error : String(error), "ZapHandlerError"));
    }
    /** Whether it is bound and answering. */
    get running() {
        return this.#router !== undefined && !this.#router.closed;
    }
    /**
     * Binds the context's ZAP endpoint (`inproc://zeromq.zap.01`) and starts answering.
     * Only one handler per context: a second one fails with EADDRINUSE.
     */
    start() {
        if (this.running)
            throw Object.assign(new Error("Authenticator is already running"), { code: "EBUSY" });
        const router = new sockets_1.Router({ context: this.context, linger: 0 });
        try {
            router.bindSync(zap_1.ZAP_ENDPOINT);
        }
        catch (error) {
            router.close();
            throw error;
        }
        // Like listeners, answering requests must not keep the process alive by itself.
        router[socket_1.setKeepAlive](false);
        this.#router = router;
        void this.#serve(router);
        return this;
    }
    /**
     * Stops answering and releases the endpoint. Afterwards libzmq lets peers in
     * without asking, unless the server sockets set `zapEnforceDomain`.
     */
    stop() {
        const router = this.#router;
        this.#router = undefined;
        if (router === undefined || router.closed)
            return;
        try {
            // Unbinding releases the endpoint at once; a close alone releases it later, on
            // libzmq's reaper thread, and a new handler could not bind meanwhile.
            router.unbindSync(zap_1.ZAP_ENDPOINT);
        }
        catch {
            // already released
        }
        router.close();
    }
    /** Only these peer IP addresses may connect (replaces deny lists' effect). */
    allow(...addresses) {
        for (const address of addressList(addresses))
            this.#rules.allowList.add(address);
        return this;
    }
    /** These peer IP addresses may not connect (ignored while an allow list exists). */
    deny(...addresses) {
        for (const address of addressList(addresses))
            this.#rules.denyList.add(address);
        return this;
    }
    /** PLAIN: the user names and passwords accepted for `domain` ("*": any domain). */
    configurePlain(domain, passwords) {
        checkDomain(domain);
        if (typeof passwords !== "object" || passwords === null) {
            throw new TypeError(`The "passwords" argument must be an object or a Map of user names to passwords`);
        }
        const entries = passwords instanceof Map ? [...passwords] : Object.entries(passwords);
        for (const [user, password] of entries) {
            if (typeof user !== "string" || typeof password !== "string") {
                throw new TypeError(`The "passwords" argument must map user names to password strings`);
            }
        }
        this.#rules.passwords.set(domain, new Map(entries));
        return this;
    }
    /**
     * CURVE: the client public keys (Z85 text or 32 bytes) accepted for `domain` ("*":
     * any domain), or `CURVE_ALLOW_ANY` to accept every key (encryption only).
     */
    configureCurve(domain, publicKeys) {
        checkDomain(domain);
        if (publicKeys === rules_1.CURVE_ALLOW_ANY) {
            this.#rules.curveKeys.set(domain, rules_1.CURVE_ALLOW_ANY);
            return this;
        }
        if (typeof publicKeys !== "object" || publicKeys === null || !(Symbol.iterator in publicKeys)) {
            throw new TypeError(`The "publicKeys" argument must be an iterable of keys or CURVE_ALLOW_ANY`);
        }
        const keys = new Set();
        for (const key of publicKeys)
            keys.add((0, rules_1.normalizeKey)(key, "publicKeys"));
        this.#rules.curveKeys.set(domain, keys);
        return this;
    }
    async #serve(router) {
        // Requests are answered concurrently: an async handler for one peer does not hold
        // up the others (replies carry their request id).
        for await (const frames of router)
            void this.#answer(router, frames);
    }
    async #answer(router, frames) {
        const parsed = (0, zap_1.parseRequest)(frames);
        const requestId = parsed.requestId;
        if (requestId === undefined)
            return; // nothing to answer to
        let reply;
        if ("malformed" in parsed) {
            reply = { status: 500, text: parsed.malformed, userId: "" };
        }
        else {
            try {
                reply = await this.#decide(parsed.request);
                (0, zap_1.replyFrames)(parsed.envelope, requestId, reply); // checks the metadata
            }
            catch (error) {
                this.#onError(error, parsed.request);
                reply = { status: 500, text: "Internal error", userId: "" };
            }
        }
        if (router.closed)
            return;
        // A ROUTER drops replies to peers that went away; nothing can fail here but close.
        await router.send((0, zap_1.replyFrames)(parsed.envelope, requestId, reply)).catch(() => undefined);
    }
    async #decide(request) {
        const refused = this.#rules.checkAddress(request);
        if (refused !== undefined)
            return refused;
        if (this.#handler === undefined)
            return this.#rules.checkCredentials(request);
        return toReply(await this.#handler(request), request);
    }
}
exports.Authenticator = Authenticator;
