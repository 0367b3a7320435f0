"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.isFullError = isFullError;
exports.closedSocketError = closedSocketError;
exports.closedWhilePendingError = closedWhilePendingError;
exports.timeoutError = timeoutError;
exports.closedContextError = closedContextError;
exports.abortError = abortError;
const node_os_1 = require("node:os");
function isFullError(error) {
    return error instanceof Error && typeof error.code === "string";
}
function errnoError(message, code) {
    const error = new Error(message);
    error.code = code;
    // ETERM is libzmq's own number, not an OS errno.
    error.errno = code === "ETERM" ? 156384765 : node_os_1.constants.errno[code];
    return error;
}
function closedSocketError() {
    return errnoError("Socket is closed", "EBADF");
}
/** What a pending send or receive rejects with when its socket closes (as zeromq@6). */
function closedWhilePendingError(operation) {
    return errnoError(`Operation was not possible or timed out (socket closed while ${operation} was pending)`, "EAGAIN");
}
function timeoutError(operation, milliseconds) {
    return errnoError(`Operation was not possible or timed out (${operation} timed out after ${milliseconds} ms)`, "EAGAIN");
}
function closedContextError() {
    return errnoError("Context is closed", "ETERM");
}
function abortError(signal) {
    if (signal.reason !== undefined)
        return signal.reason;
    const error = new Error("The operation was aborted");
    error.name = "AbortError";
    error.code = "ABORT_ERR";
    return error;
}
