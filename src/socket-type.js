"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.SocketType = void 0;
/** libzmq's socket type numbers (ZMQ_PAIR ... ZMQ_CHANNEL). */
var SocketType;
(function (SocketType) {
    SocketType[SocketType["Pair"] = 0] = "Pair";
    SocketType[SocketType["Publisher"] = 1] = "Publisher";
    SocketType[SocketType["Subscriber"] = 2] = "Subscriber";
    SocketType[SocketType["Request"] = 3] = "Request";
    SocketType[SocketType["Reply"] = 4] = "Reply";
    SocketType[SocketType["Dealer"] = 5] = "Dealer";
    SocketType[SocketType["Router"] = 6] = "Router";
    SocketType[SocketType["Pull"] = 7] = "Pull";
    SocketType[SocketType["Push"] = 8] = "Push";
    SocketType[SocketType["XPublisher"] = 9] = "XPublisher";
    SocketType[SocketType["XSubscriber"] = 10] = "XSubscriber";
    SocketType[SocketType["Stream"] = 11] = "Stream";
    SocketType[SocketType["Server"] = 12] = "Server";
    SocketType[SocketType["Client"] = 13] = "Client";
    SocketType[SocketType["Radio"] = 14] = "Radio";
    SocketType[SocketType["Dish"] = 15] = "Dish";
    SocketType[SocketType["Gather"] = 16] = "Gather";
    SocketType[SocketType["Scatter"] = 17] = "Scatter";
    SocketType[SocketType["Datagram"] = 18] = "Datagram";
    SocketType[SocketType["Peer"] = 19] = "Peer";
    SocketType[SocketType["Channel"] = 20] = "Channel";
})(SocketType || (exports.SocketType = SocketType = {}));
