"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.Proxy = void 0;
// Proxy: libzmq's steerable proxy between two sockets, on a thread of its own.
const native_1 = require("./native");
const options_1 = require("./options");
const socket_1 = require("./socket");
/** Proxies that run are kept reachable, so neither they nor their sockets are collected. */
const running = new Set();
function checkSocket(value, name) {
    if (!(value instanceof socket_1.Socket) || !(options_1.nativeHandle in value)) {
        throw new TypeError(`The "${name}" argument must be a Socket`);
    }
}
function stateError(message, code) {
    return Object.assign(new Error(message), { code });
}
/**
 * Forwards messages between a front-end and a back-end socket, both ways, with
 * libzmq's `zmq_proxy_steerable`, as zeromq@6's Proxy does, plus an optional capture
 * socket.
 *
 * ```ts
 * const proxy = new Proxy(new Router(), new Dealer())
 * await proxy.frontEnd.bind("tcp://*:5555") // clients (Request) connect here
 * await proxy.backEnd.bind("tcp://*:5556")  // workers (Reply) connect here
 * await proxy.run()                          // until terminate()
 * ```
 *
 * The proxy runs on a thread of its own (several can run at once without taking
 * Node's thread pool). While it runs its sockets belong to that thread: using them
 * from JS (send, receive, bind, options, ...) fails with `EBUSY`. Closing one of them
 * terminates the proxy first. When the proxy ends, all its sockets are closed.
 */
class Proxy {
    /** The socket clients usually talk to. */
    frontEnd;
    /** The socket services usually talk to. */
    backEnd;
    /** The socket that gets a copy of every forwarded message, if any. */
    capture;
    #native = new native_1.addon.Proxy();
    #state = "idle";
    /**
     * Bind or connect the sockets (and set their options) before `run()`. The proxy
     * may also use one socket for both ends. The third argument is a capture socket or
     * {@link ProxyOptions}.
     */
    constructor(frontEnd, backEnd, capture) {
        checkSocket(frontEnd, "frontEnd");
        checkSocket(backEnd, "backEnd");
        let captureSocket;
        if (capture instanceof socket_1.Socket)
            captureSocket = capture;
        else if (capture !== undefined) {
            if (typeof capture !== "object" || capture === null) {
                throw new TypeError(`The "capture" argument must be a Socket or an options object`);
            }
            captureSocket = capture.capture;
        }
        if (captureSocket !== undefined) {
            checkSocket(captureSocket, "capture");
            if (captureSocket === frontEnd || captureSocket === backEnd) {
                throw new TypeError(`The "capture" socket must differ from frontEnd and backEnd`);
            }
            if (!("send" in captureSocket))
                throw new TypeError(`The "capture" socket must be able to send`);
        }
        this.frontEnd = frontEnd;
        this.backEnd = backEnd;
        this.capture = captureSocket;
    }
    /**
     * Starts proxying and resolves when the proxy ends (after `terminate()`, or when
     * one of its sockets or their context is closed); it rejects if libzmq stops it with
     * an error. Either way its sockets are closed by then. A proxy runs once: a second
     * call rejects with `EBUSY` while it runs and `EFSM` after.
     */
    run() {
        if (this.#state === "running")
            return Promise.reject(stateError("Proxy is already running", "EBUSY"));
        if (this.#state === "ended") {
            return Promise.reject(stateError("Proxy has already run and closed its sockets; create a new one", "EFSM"));
        }
        let ended;
        try {
            ended = this.#native.run(this.frontEnd[options_1.nativeHandle], this.backEnd[options_1.nativeHandle], this.capture?.[options_1.nativeHandle] ?? null);
        }
        catch (error) {
            return Promise.reject(error);
        }
        this.#state = "running";
        running.add(this);
        const finish = () => {
            running.delete(this);
            this.#state = "ended";
            this.frontEnd.close();
            this.backEnd.close();
            this.capture?.close();
        };
        return ended.then(finish, (error) => {
            finish();
            throw error;
        });
    }
    /** Suspends forwarding; messages wait in the sockets' queues. Fails unless running. */
    pause() {
        this.#native.pause();
    }
    /** Resumes forwarding after `pause()`. Fails unless running. */
    resume() {
        this.#native.resume();
    }
    /**
     * Asks the proxy to stop; `run()` resolves once it has (its sockets closed). Does
     * nothing once the proxy ended; fails before `run()`.
     */
    terminate() {
        this.#native.terminate();
    }
}
exports.Proxy = Proxy;
