"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.context = exports.Context = void 0;
exports.defaultContext = defaultContext;
exports.trackSocket = trackSocket;
exports.untrackSocket = untrackSocket;
const errors_1 = require("./errors");
const native_1 = require("./native");
const options_1 = require("./options");
/**
 * A libzmq context: the I/O threads and inproc namespace its sockets share. Most
 * programs use the shared `context`; a `new Context()` isolates sockets and can be
 * closed to release its threads.
 */
class Context {
    /** @internal */
    [options_1.nativeHandle];
    /** Sockets to close with the context; weak, so unclosed sockets can still be collected. */
    #sockets = new Set();
    #finalizer = new FinalizationRegistry((ref) => this.#sockets.delete(ref));
    /** Context options, e.g. `{ioThreads: 2, maxSockets: 4096}`. Unknown names are a TypeError. */
    constructor(options) {
        this[options_1.nativeHandle] = new native_1.addon.Context(sharing);
        (0, options_1.applyOptions)(this, options, "Context");
    }
    /** Whether `close()` was called. */
    get closed() {
        return this[options_1.nativeHandle].closed;
    }
    /**
     * Closes every socket still open on this context (their pending operations reject)
     * and terminates it once their lingering messages are delivered, releasing its I/O
     * threads. The shared `context` cannot be closed.
     */
    close() {
        if (this[options_1.nativeHandle].shared)
            throw new Error("The shared context cannot be closed; close its sockets instead");
        if (this.closed)
            return;
        for (const ref of this.#sockets)
            ref.deref()?.close();
        this.#sockets.clear();
        this[options_1.nativeHandle].close();
    }
    /** @internal */
    track(socket) {
        if (this.closed)
            throw (0, errors_1.closedContextError)();
        if (this[options_1.nativeHandle].shared)
            return undefined;
        const ref = new WeakRef(socket);
        this.#sockets.add(ref);
        this.#finalizer.register(socket, ref, ref);
        return ref;
    }
    /** @internal */
    untrack(ref) {
        this.#sockets.delete(ref);
        this.#finalizer.unregister(ref);
    }
}
exports.Context = Context;
(0, options_1.defineOptions)(Context.prototype, {
    blocky: [70, options_1.Kind.Bool],
    ioThreads: [1, options_1.Kind.Int32],
    maxMessageSize: [5, options_1.Kind.Int32],
    maxSockets: [2, options_1.Kind.Int32],
    ipv6: [42, options_1.Kind.Bool],
    // libzmq accepts these two but reads back other values under the same numbers.
    threadPriority: [3, options_1.Kind.Int32, "writeonly", -1],
    threadSchedulingPolicy: [4, options_1.Kind.Int32, "writeonly", -1],
    maxSocketsLimit: [3, options_1.Kind.Int32, "readonly"],
});
// The exported `context` wraps the process-wide libzmq context shared by all workers.
let sharing = true;
const shared = new Context();
sharing = false;
/** @internal The context sockets use when none is given. */
function defaultContext() {
    return shared;
}
const socketRefs = new WeakMap();
/** @internal */
function trackSocket(context, socket) {
    const ref = context.track(socket);
    if (ref)
        socketRefs.set(socket, ref);
}
/** @internal */
function untrackSocket(context, socket) {
    const ref = socketRefs.get(socket);
    if (ref)
        context.untrack(ref);
}
/** The shared context that sockets use unless given another. */
exports.context = shared;
