"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.rememberProperties = rememberProperties;
exports.getMessageProperties = getMessageProperties;
const propertiesByMessage = new WeakMap();
/** @internal */
function rememberProperties(message, properties) {
    propertiesByMessage.set(message, properties);
}
/**
 * The properties read for a received message, given the array `receive()` resolved
 * with. Only sockets whose `messageProperties` lists names read any; undefined otherwise.
 */
function getMessageProperties(message) {
    return propertiesByMessage.get(message);
}
