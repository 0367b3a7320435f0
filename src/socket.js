"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.Socket = exports.rememberTimeout = exports.onClose = exports.setKeepAlive = exports.iterateImpl = exports.receiveImpl = exports.sendImpl = void 0;
exports.allowMethods = allowMethods;
const node_util_1 = require("node:util");
const context_1 = require("./context");
const errors_1 = require("./errors");
const native_1 = require("./native");
const message_properties_1 = require("./message-properties");
const options_1 = require("./options");
const queue_1 = require("./queue");
/** Messages drained from libzmq per native call while receivers are waiting. */
const RECEIVE_BATCH = 256;
const RESOLVED = Promise.resolve();
/** Sockets with operations waiting for readiness; also keeps them from being collected. */
const waiting = new Map();
const service = Symbol("zmq-napi.service");
/** Implementations installed as `send`/`receive`/iteration on the types that allow them. */
exports.sendImpl = Symbol("zmq-napi.send");
exports.receiveImpl = Symbol("zmq-napi.receive");
exports.iterateImpl = Symbol("zmq-napi.iterate");
/** Internal hooks for the typed options and the compat layer. */
exports.setKeepAlive = Symbol("zmq-napi.setKeepAlive");
/** Registers a callback run once when the socket closes (observers, proxies, compat). */
exports.onClose = Symbol("zmq-napi.onClose");
exports.rememberTimeout = Symbol("zmq-napi.rememberTimeout");
native_1.addon.addReadyHandler((ids) => {
    for (const id of ids)
        waiting.get(id)?.[service]();
});
function prepareFrame(frame) {
    if (typeof frame === "number")
        return String(frame);
    if (typeof frame === "object" && frame !== null && node_util_1.types.isSharedArrayBuffer(frame)) {
        return new Uint8Array(frame);
    }
    return frame;
}
/** Numbers and SharedArrayBuffers are turned into what the native layer copies. */
function prepareMessage(message) {
    if (Array.isArray(message)) {
        for (let i = 0; i < message.length; i++) {
            const part = message[i];
            if (typeof part === "number" || (typeof part === "object" && part !== null && node_util_1.types.isSharedArrayBuffer(part))) {
                return message.map(prepareFrame);
            }
        }
        return message;
    }
    return prepareFrame(message);
}
function asParts(message) {
    return Array.isArray(message) ? message : [message];
}
function checkOperationOptions(options) {
    if (options === undefined)
        return;
    if (typeof options !== "object" || options === null) {
        throw new TypeError(`The "options" argument must be an object`);
    }
    const { signal, timeout } = options;
    if (signal !== undefined && !(signal instanceof AbortSignal)) {
        throw new TypeError(`The "options.signal" argument must be an AbortSignal`);
    }
    if (timeout !== undefined && (typeof timeout !== "number" || !(timeout >= 0) || !Number.isFinite(timeout))) {
        throw new RangeError(`The "options.timeout" argument must be a non-negative number of milliseconds`);
    }
}
/**
 * The base of every socket type. Sends and receives never block the event loop:
 * an operation that libzmq can complete right away completes in one native call;
 * one that cannot waits in a FIFO queue until the socket is ready.
 */
class Socket {
    /** The context this socket was created on. */
    context;
    /** @internal */
    [options_1.nativeHandle];
    #sends = new queue_1.Queue();
    #receives = new queue_1.Queue();
    #inbox = undefined;
    #inboxNext = 0;
    #closed = false;
    #closeCallbacks = undefined;
    #keepAlive = true;
    /** Mirrors of the timeout options, so a wait needs no native call to learn them. */
    #sendTimeout = -1;
    #receiveTimeout = -1;
    #propertyNames = undefined;
    constructor(type, options) {
        if (options !== undefined && (typeof options !== "object" || options === null)) {
            throw new TypeError(`The "options" argument must be an object`);
        }
        const context = options?.context ?? (0, context_1.defaultContext)();
        if (!(context instanceof context_1.Context))
            throw new TypeError(`The "context" option must be a Context`);
        if (typeof type !== "number")
            throw new TypeError(`The "type" argument must be a number`);
        this.context = context;
        this[options_1.nativeHandle] = new native_1.addon.Socket(context[options_1.nativeHandle], type);
        try {
            (0, options_1.applyOptions)(this, options, new.target.name);
        }
        catch (error) {
            this[options_1.nativeHandle].close();
            throw error;
        }
        (0, context_1.trackSocket)(context, this);
    }
    /** Whether `close()` was called (or the socket's context was closed). */
    get closed() {
        return this.#closed;
    }
    /** Whether a `receive()` would complete immediately. Always false for send-only types. */
    get readable() {
        if (this.#closed || !("receive" in this))
            return false;
        if (this.#inbox !== undefined && this.#inboxNext < this.#inbox.length)
            return true;
        return (this[options_1.nativeHandle].events() & native_1.POLLIN) !== 0;
    }
    /** Whether a `send()` would complete immediately. Always false for receive-only types. */
    get writable() {
        if (this.#closed || !("send" in this))
            return false;
        return this.#sends.length === 0 && (this[options_1.nativeHandle].events() & native_1.POLLOUT) !== 0;
    }
    /**
     * Names of message properties to read from every received message, e.g.
     * `["User-Id", "Peer-Address"]`; read them with `getMessageProperties(message)`.
     * null (the default) reads none and costs nothing.
     */
    get messageProperties() {
        return this.#propertyNames ? [...this.#propertyNames] : null;
    }
    set messageProperties(names) {
        if (names === null || (Array.isArray(names) && names.length === 0)) {
            this.#propertyNames = undefined;
            return;
        }
        if (!Array.isArray(names) || !names.every((name) => typeof name === "string" && name.length > 0)) {
            throw new TypeError(`Option "messageProperties" must be an array of property names or null`);
        }
        this.#propertyNames = [...names];
    }
    /** Binds to an address; `*` as the port picks a free one (see `lastEndpoint`). */
    bind(address) {
        try {
            this.bindSync(address);
            return RESOLVED;
        }
        catch (error) {
            return Promise.reject(error);
        }
    }
    bindSync(address) {
        this.#live().bind(address);
        this.#afterCommandProcessing();
    }
    /** Unbinds from an address given exactly as `lastEndpoint` reports it. */
    unbind(address) {
        try {
            this.unbindSync(address);
            return RESOLVED;
        }
        catch (error) {
            return Promise.reject(error);
        }
    }
    unbindSync(address) {
        this.#live().unbind(address);
        this.#afterCommandProcessing();
    }
    connect(address) {
        this.#live().connect(address);
        this.#afterCommandProcessing();
    }
    disconnect(address) {
        this.#live().disconnect(address);
        this.#afterCommandProcessing();
    }
    /**
     * Closes the socket. Pending sends and receives reject (iterators end); messages
     * already handed to libzmq are delivered within the `linger` period. Idempotent.
     */
    close() {
        if (this.#closed)
            return;
        this.#closed = true;
        this[options_1.nativeHandle].close();
        waiting.delete(this[options_1.nativeHandle].id);
        (0, context_1.untrackSocket)(this.context, this);
        this.#inbox = undefined;
        for (const send of this.#sends.drain())
            this.#settle(send, (0, errors_1.closedWhilePendingError)("send"));
        for (const receive of this.#receives.drain()) {
            if (receive.iterating) {
                this.#settle(receive, undefined, { value: undefined, done: true });
            }
            else {
                this.#settle(receive, (0, errors_1.closedWhilePendingError)("receive"));
            }
        }
        const callbacks = this.#closeCallbacks;
        this.#closeCallbacks = undefined;
        callbacks?.forEach((callback) => callback());
    }
    /** @internal */
    [exports.onClose](callback) {
        if (this.#closed)
            return callback();
        (this.#closeCallbacks ??= []).push(callback);
    }
    /**
     * Sends a message: one frame, or an array of frames sent atomically as one
     * multipart message. Resolves once libzmq has taken (copied) it, so the buffers may
     * be reused afterwards. Concurrent calls are queued in order.
     */
    [exports.sendImpl](message, options) {
        if (this.#closed)
            return Promise.reject((0, errors_1.closedSocketError)());
        const prepared = prepareMessage(message);
        if (options !== undefined) {
            try {
                checkOperationOptions(options);
            }
            catch (error) {
                return Promise.reject(error);
            }
            if (options.signal?.aborted)
                return Promise.reject((0, errors_1.abortError)(options.signal));
        }
        if (this.#sends.length === 0) {
            try {
                if (this[options_1.nativeHandle].send(prepared, options)) {
                    if (this.#receives.length !== 0)
                        this[service]();
                    return RESOLVED;
                }
            }
            catch (error) {
                return Promise.reject(error);
            }
        }
        const pending = { message: prepared, envelope: options };
        return this.#wait(this.#sends, pending, options, this.#sendTimeout, "send");
    }
    /** Receives the next message as an array of its frames. */
    [exports.receiveImpl](options) {
        if (this.#closed)
            return Promise.reject((0, errors_1.closedSocketError)());
        if (this.#receives.length === 0) {
            try {
                const message = this.#takeMessage();
                if (message !== undefined)
                    return Promise.resolve(message);
            }
            catch (error) {
                return Promise.reject(error);
            }
        }
        try {
            checkOperationOptions(options);
        }
        catch (error) {
            return Promise.reject(error);
        }
        return this.#wait(this.#receives, { iterating: false }, options, this.#receiveTimeout, "receive");
    }
    /** Iterates over received messages; ends when the socket closes. */
    [exports.iterateImpl]() {
        const next = () => {
            if (this.#closed)
                return Promise.resolve({ value: undefined, done: true });
            if (this.#receives.length === 0) {
                try {
                    const message = this.#takeMessage();
                    if (message !== undefined)
                        return Promise.resolve({ value: message, done: false });
                }
                catch (error) {
                    return Promise.reject(error);
                }
            }
            return this.#wait(this.#receives, { iterating: true }, undefined, this.#receiveTimeout, "receive");
        };
        const finish = () => Promise.resolve({ value: undefined, done: true });
        return { next, return: finish };
    }
    /** @internal Whether waiting operations keep the process alive (compat `unref`). */
    [exports.setKeepAlive](keepAlive) {
        this.#keepAlive = keepAlive;
        if (waiting.has(this[options_1.nativeHandle].id))
            this[options_1.nativeHandle].arm(keepAlive);
    }
    /** @internal Timeout mirrors, updated by the option setters. */
    [exports.rememberTimeout](kind, milliseconds) {
        if (kind === "send")
            this.#sendTimeout = milliseconds;
        else
            this.#receiveTimeout = milliseconds;
    }
    #live() {
        if (this.#closed)
            throw (0, errors_1.closedSocketError)();
        return this[options_1.nativeHandle];
    }
    /** Next message from the inbox, refilled from libzmq in one batch when empty. */
    #takeMessage() {
        let inbox = this.#inbox;
        if (inbox === undefined || this.#inboxNext === inbox.length) {
            inbox = this[options_1.nativeHandle].receiveBatch(RECEIVE_BATCH, this.#propertyNames);
            this.#inbox = inbox;
            this.#inboxNext = 0;
            if (inbox === undefined)
                return undefined;
        }
        const entry = inbox[this.#inboxNext];
        inbox[this.#inboxNext++] = undefined;
        if (!this.#propertyNames)
            return asParts(entry);
        // With property names the native layer pairs each message with its properties.
        const [message, properties] = entry;
        const parts = asParts(message);
        (0, message_properties_1.rememberProperties)(parts, properties);
        return parts;
    }
    #wait(queue, pending, options, defaultTimeout, operation) {
        const signal = options?.signal;
        if (signal?.aborted)
            return Promise.reject((0, errors_1.abortError)(signal));
        const promise = new Promise((resolve, reject) => {
            pending.resolve = resolve;
            pending.reject = reject;
        });
        const timeout = options?.timeout ?? defaultTimeout;
        if (timeout >= 0) {
            pending.timer = setTimeout(() => this.#cancel(queue, pending, (0, errors_1.timeoutError)(operation, timeout)), timeout);
        }
        if (signal !== undefined) {
            pending.signal = signal;
            pending.onAbort = () => this.#cancel(queue, pending, (0, errors_1.abortError)(signal));
            signal.addEventListener("abort", pending.onAbort, { once: true });
        }
        ;
        queue.push(pending);
        this[service]();
        return promise;
    }
    #cancel(queue, pending, error) {
        if (!queue.remove(pending))
            return;
        this.#settle(pending, error);
        if (this.#sends.length === 0 && this.#receives.length === 0 && !this.#closed) {
            waiting.delete(this[options_1.nativeHandle].id);
            this[options_1.nativeHandle].disarm();
        }
    }
    #settle(pending, error, value) {
        if (pending.timer !== undefined)
            clearTimeout(pending.timer);
        if (pending.onAbort !== undefined)
            pending.signal.removeEventListener("abort", pending.onAbort);
        if (error !== undefined)
            pending.reject(error);
        else
            pending.resolve(value);
    }
    /** bind/connect and friends process libzmq commands, which can swallow a readiness edge. */
    #afterCommandProcessing() {
        if (this.#sends.length !== 0 || this.#receives.length !== 0)
            this[service]();
    }
    /**
     * Completes every waiting operation libzmq allows now, then sleeps until the socket
     * signals again. ZMQ_FD is edge-triggered: before sleeping, ZMQ_EVENTS must confirm
     * that the socket really is not ready, or a message can be stranded.
     * @internal
     */
    [service]() {
        if (this.#closed)
            return;
        const native = this[options_1.nativeHandle];
        let confirmed = false;
        for (;;) {
            let progress = false;
            while (this.#sends.length !== 0) {
                const send = this.#sends.peek();
                let sent;
                try {
                    sent = native.send(send.message, send.envelope);
                }
                catch (error) {
                    this.#sends.shift();
                    this.#settle(send, error);
                    progress = true;
                    continue;
                }
                if (!sent)
                    break;
                this.#sends.shift();
                this.#settle(send);
                progress = true;
            }
            while (this.#receives.length !== 0) {
                let message;
                try {
                    message = this.#takeMessage();
                }
                catch (error) {
                    this.#settle(this.#receives.shift(), error);
                    progress = true;
                    continue;
                }
                if (message === undefined)
                    break;
                const receive = this.#receives.shift();
                this.#settle(receive, undefined, receive.iterating ? { value: message, done: false } : message);
                progress = true;
            }
            const sending = this.#sends.length !== 0;
            const receiving = this.#receives.length !== 0;
            if (!sending && !receiving) {
                waiting.delete(native.id);
                return;
            }
            if (progress)
                continue;
            if (!confirmed) {
                const events = native.events();
                confirmed = true;
                if ((sending && events & native_1.POLLOUT) || (receiving && events & native_1.POLLIN))
                    continue;
            }
            waiting.set(native.id, this);
            native.arm(this.#keepAlive);
            return;
        }
    }
}
exports.Socket = Socket;
/** Gives a socket type the operations its libzmq type supports. */
function allowMethods(prototype, methods) {
    const base = Socket.prototype;
    if (methods.includes("send")) {
        Object.defineProperty(prototype, "send", { value: base[exports.sendImpl], writable: true, configurable: true });
    }
    if (methods.includes("receive")) {
        Object.defineProperty(prototype, "receive", { value: base[exports.receiveImpl], writable: true, configurable: true });
        Object.defineProperty(prototype, Symbol.asyncIterator, { value: base[exports.iterateImpl], writable: true, configurable: true });
    }
}
