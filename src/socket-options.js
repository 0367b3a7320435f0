"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.receiveOptions = exports.sendOptions = exports.commonOptions = void 0;
exports.defineSendOptions = defineSendOptions;
exports.defineReceiveOptions = defineReceiveOptions;
// Which libzmq options each group of socket types has (numbers from zmq.h).
const options_1 = require("./options");
const socket_1 = require("./socket");
exports.commonOptions = {
    affinity: [4, options_1.Kind.Uint64],
    rate: [8, options_1.Kind.Int32],
    recoveryInterval: [9, options_1.Kind.Int32],
    linger: [17, options_1.Kind.Int32],
    reconnectInterval: [18, options_1.Kind.Int32],
    backlog: [19, options_1.Kind.Int32],
    reconnectMaxInterval: [21, options_1.Kind.Int32],
    maxMessageSize: [22, options_1.Kind.Int64],
    tcpKeepalive: [34, options_1.Kind.Int32],
    tcpKeepaliveCount: [35, options_1.Kind.Int32],
    tcpKeepaliveIdle: [36, options_1.Kind.Int32],
    tcpKeepaliveInterval: [37, options_1.Kind.Int32],
    tcpAcceptFilter: [38, options_1.Kind.String, "writeonly", null],
    immediate: [39, options_1.Kind.Bool],
    ipv6: [42, options_1.Kind.Bool],
    plainServer: [44, options_1.Kind.Bool],
    plainUsername: [45, options_1.Kind.String],
    plainPassword: [46, options_1.Kind.String],
    curveServer: [47, options_1.Kind.Bool],
    curvePublicKey: [48, options_1.Kind.String],
    curveSecretKey: [49, options_1.Kind.String],
    curveServerKey: [50, options_1.Kind.String],
    gssapiServer: [62, options_1.Kind.Bool],
    gssapiPrincipal: [63, options_1.Kind.String],
    gssapiServicePrincipal: [64, options_1.Kind.String],
    gssapiPlainText: [65, options_1.Kind.Bool],
    zapDomain: [55, options_1.Kind.String],
    typeOfService: [57, options_1.Kind.Int32],
    handshakeInterval: [66, options_1.Kind.Int32],
    socksProxy: [68, options_1.Kind.String],
    heartbeatInterval: [75, options_1.Kind.Int32],
    heartbeatTimeToLive: [76, options_1.Kind.Int32],
    heartbeatTimeout: [77, options_1.Kind.Int32],
    connectTimeout: [79, options_1.Kind.Int32],
    tcpMaxRetransmitTimeout: [80, options_1.Kind.Int32],
    multicastMaxTransportDataUnit: [84, options_1.Kind.Int32],
    vmciBufferSize: [85, options_1.Kind.Uint64],
    vmciBufferMinSize: [86, options_1.Kind.Uint64],
    vmciBufferMaxSize: [87, options_1.Kind.Uint64],
    vmciConnectTimeout: [88, options_1.Kind.Int32],
    useFd: [89, options_1.Kind.Int32],
    interface: [92, options_1.Kind.String],
    zapEnforceDomain: [93, options_1.Kind.Bool],
    loopbackFastPath: [94, options_1.Kind.Bool],
    type: [16, options_1.Kind.Int32, "readonly"],
    lastEndpoint: [32, options_1.Kind.String, "readonly"],
    threadSafe: [81, options_1.Kind.Bool, "readonly"],
};
exports.sendOptions = {
    multicastHops: [25, options_1.Kind.Int32],
    sendBufferSize: [11, options_1.Kind.Int32],
    sendHighWaterMark: [23, options_1.Kind.Int32],
};
exports.receiveOptions = {
    receiveBufferSize: [12, options_1.Kind.Int32],
    receiveHighWaterMark: [24, options_1.Kind.Int32],
};
const mechanisms = [null, "plain", "curve", "gssapi"];
const nameTypes = ["hostBased", "userName", "krb5Principal"];
(0, options_1.defineOptions)(socket_1.Socket.prototype, exports.commonOptions);
(0, options_1.defineEnumOption)(socket_1.Socket.prototype, "gssapiPrincipalNameType", 90, nameTypes);
(0, options_1.defineEnumOption)(socket_1.Socket.prototype, "gssapiServicePrincipalNameType", 91, nameTypes);
Object.defineProperty(socket_1.Socket.prototype, "securityMechanism", {
    configurable: true,
    enumerable: true,
    get() {
        return mechanisms[this[options_1.nativeHandle].getOption(43, options_1.Kind.Int32)] ?? null;
    },
});
/** The timeouts are also kept in JS: sends and receives wait there, not in libzmq. */
function defineTimeoutOption(prototype, name, id, kind) {
    Object.defineProperty(prototype, name, {
        configurable: true,
        enumerable: true,
        get() {
            return this[options_1.nativeHandle].getOption(id, options_1.Kind.Int32);
        },
        set(value) {
            this[options_1.nativeHandle].setOption(id, options_1.Kind.Int32, value, name);
            this[socket_1.rememberTimeout](kind, value);
        },
    });
}
function defineSendOptions(prototype) {
    (0, options_1.defineOptions)(prototype, exports.sendOptions);
    defineTimeoutOption(prototype, "sendTimeout", 28, "send");
}
function defineReceiveOptions(prototype) {
    (0, options_1.defineOptions)(prototype, exports.receiveOptions);
    defineTimeoutOption(prototype, "receiveTimeout", 27, "receive");
}
