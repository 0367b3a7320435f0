"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.Stream = exports.XSubscriber = exports.XPublisher = exports.Push = exports.Pull = exports.Router = exports.Dealer = exports.Reply = exports.Request = exports.Subscriber = exports.Publisher = exports.Pair = void 0;
exports.defineSocketType = defineSocketType;
// The standard socket types. Each class says what its libzmq type can do; the shared
// behaviour lives in Socket.
const options_1 = require("./options");
const socket_1 = require("./socket");
const socket_options_1 = require("./socket-options");
const socket_type_1 = require("./socket-type");
/** @internal Wires a socket type's methods and options onto its prototype. */
function defineSocketType(type, abilities) {
    const methods = [];
    if (abilities.send) {
        methods.push("send");
        (0, socket_options_1.defineSendOptions)(type.prototype);
    }
    if (abilities.receive) {
        methods.push("receive");
        (0, socket_options_1.defineReceiveOptions)(type.prototype);
    }
    (0, socket_1.allowMethods)(type.prototype, methods);
    if (abilities.options)
        (0, options_1.defineOptions)(type.prototype, abilities.options);
}
function toPrefix(prefix, index) {
    if (typeof prefix === "string" || Buffer.isBuffer(prefix))
        return prefix;
    throw new TypeError(`The "prefixes[${index}]" argument must be a string or a Buffer`);
}
const routingId = [5, options_1.Kind.String];
const probeRouter = [51, options_1.Kind.Bool, "writeonly", false];
const conflate = [54, options_1.Kind.Bool];
const invertMatching = [74, options_1.Kind.Bool];
const noDrop = [69, options_1.Kind.Bool, "writeonly", false];
/** Exclusive pair: one peer, both directions. Mostly for inproc between threads. */
class Pair extends socket_1.Socket {
    constructor(options) {
        super(socket_type_1.SocketType.Pair, options);
    }
}
exports.Pair = Pair;
defineSocketType(Pair, { send: true, receive: true });
/** Distributes every message to all subscribers whose prefix matches. */
class Publisher extends socket_1.Socket {
    constructor(options) {
        super(socket_type_1.SocketType.Publisher, options);
    }
}
exports.Publisher = Publisher;
defineSocketType(Publisher, { send: true, options: { noDrop, conflate, invertMatching } });
/** Receives what publishers send for the prefixes it subscribed to. */
class Subscriber extends socket_1.Socket {
    constructor(options) {
        super(socket_type_1.SocketType.Subscriber, options);
    }
    /** Subscribes to messages starting with any of the prefixes; none means everything. */
    subscribe(...prefixes) {
        if (prefixes.length === 0)
            prefixes = [""];
        prefixes.forEach((prefix, index) => this[options_1.nativeHandle].setOption(6, options_1.Kind.Binary, toPrefix(prefix, index), "subscribe"));
    }
    /** Removes subscriptions; none removes the catch-all subscription. */
    unsubscribe(...prefixes) {
        if (prefixes.length === 0)
            prefixes = [""];
        prefixes.forEach((prefix, index) => this[options_1.nativeHandle].setOption(7, options_1.Kind.Binary, toPrefix(prefix, index), "unsubscribe"));
    }
}
exports.Subscriber = Subscriber;
defineSocketType(Subscriber, { receive: true, options: { conflate, invertMatching } });
/** Client side of request-reply: strictly send, receive, send, receive... */
class Request extends socket_1.Socket {
    constructor(options) {
        super(socket_type_1.SocketType.Request, options);
    }
}
exports.Request = Request;
defineSocketType(Request, {
    send: true,
    receive: true,
    options: { routingId, probeRouter, correlate: [52, options_1.Kind.Bool, "writeonly", false], relaxed: [53, options_1.Kind.Bool, "writeonly", false] },
});
/** Service side of request-reply: receive a request, send its reply. */
class Reply extends socket_1.Socket {
    constructor(options) {
        super(socket_type_1.SocketType.Reply, options);
    }
}
exports.Reply = Reply;
defineSocketType(Reply, { send: true, receive: true, options: { routingId } });
/** Asynchronous request-reply: round-robins sends, fair-queues receives. */
class Dealer extends socket_1.Socket {
    constructor(options) {
        super(socket_type_1.SocketType.Dealer, options);
    }
}
exports.Dealer = Dealer;
defineSocketType(Dealer, { send: true, receive: true, options: { routingId, probeRouter, conflate } });
function connectWithRoutingId(socket, address, options) {
    if (options !== undefined) {
        if (typeof options !== "object" || options === null)
            throw new TypeError(`The "options" argument must be an object`);
        if (options.routingId !== undefined) {
            socket[options_1.nativeHandle].setOption(61, options_1.Kind.String, options.routingId, "routingId");
        }
    }
    socket_1.Socket.prototype.connect.call(socket, address);
}
/** Addresses peers explicitly: every message starts with the peer's routing id. */
class Router extends socket_1.Socket {
    constructor(options) {
        super(socket_type_1.SocketType.Router, options);
    }
    connect(address, options) {
        connectWithRoutingId(this, address, options);
    }
}
exports.Router = Router;
defineSocketType(Router, {
    send: true,
    receive: true,
    options: { routingId, mandatory: [33, options_1.Kind.Bool, "writeonly", false], probeRouter, handover: [56, options_1.Kind.Bool, "writeonly", false] },
});
/** Pipeline sink: fair-queues messages from all pushers. */
class Pull extends socket_1.Socket {
    constructor(options) {
        super(socket_type_1.SocketType.Pull, options);
    }
}
exports.Pull = Pull;
defineSocketType(Pull, { receive: true, options: { conflate } });
/** Pipeline source: round-robins messages over all pullers. */
class Push extends socket_1.Socket {
    constructor(options) {
        super(socket_type_1.SocketType.Push, options);
    }
}
exports.Push = Push;
defineSocketType(Push, { send: true, options: { conflate } });
/** A publisher that also receives the subscriptions, for proxies and last-value caches. */
class XPublisher extends socket_1.Socket {
    constructor(options) {
        super(socket_type_1.SocketType.XPublisher, options);
    }
    /** Which subscription messages are passed up: null (new ones only), all subscribes, or also unsubscribes. */
    set verbosity(value) {
        if (value !== null && value !== "allSubs" && value !== "allSubsUnsubs") {
            throw new TypeError(`Option "verbosity" must be null, "allSubs" or "allSubsUnsubs"`);
        }
        this[options_1.nativeHandle].setOption(40, options_1.Kind.Bool, value === "allSubs", "verbosity");
        this[options_1.nativeHandle].setOption(78, options_1.Kind.Bool, value === "allSubsUnsubs", "verbosity");
        this.#verbosity = value;
    }
    get verbosity() {
        return this.#verbosity;
    }
    #verbosity = null;
}
exports.XPublisher = XPublisher;
defineSocketType(XPublisher, {
    send: true,
    receive: true,
    options: { noDrop, manual: [71, options_1.Kind.Bool, "writeonly", false], welcomeMessage: [72, options_1.Kind.String, "writeonly", null], invertMatching },
});
/** A subscriber that sends its subscriptions as messages, for proxies. */
class XSubscriber extends socket_1.Socket {
    constructor(options) {
        super(socket_type_1.SocketType.XSubscriber, options);
    }
}
exports.XSubscriber = XSubscriber;
defineSocketType(XSubscriber, { send: true, receive: true });
/** Raw TCP: every message is [routing id, data]; an empty data frame connects/disconnects. */
class Stream extends socket_1.Socket {
    constructor(options) {
        super(socket_type_1.SocketType.Stream, options);
    }
    connect(address, options) {
        connectWithRoutingId(this, address, options);
    }
}
exports.Stream = Stream;
defineSocketType(Stream, { send: true, receive: true, options: { notify: [73, options_1.Kind.Bool, "writeonly", true] } });
