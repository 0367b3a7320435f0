/**
 * Symbol-keyed members of Socket that the typed socket classes, the typed options, the
 * compat layer and the authenticator use, without making them public API.
 */

/** Runs the readiness loop; the compat layer calls it after reading ZMQ_EVENTS itself. */
export const service = Symbol("zmq-napi.service")

/** Implementations installed as `send`/`receive`/iteration on the types that allow them. */
export const sendImpl = Symbol("zmq-napi.send")
export const receiveImpl = Symbol("zmq-napi.receive")
export const iterateImpl = Symbol("zmq-napi.iterate")
export const sendManyImpl = Symbol("zmq-napi.sendMany")
export const receiveManyImpl = Symbol("zmq-napi.receiveMany")
/** Internal hooks for the typed options and the compat layer. */
export const setKeepAlive = Symbol("zmq-napi.setKeepAlive")
/** False on types whose messages carry an envelope (draft SERVER/PEER/DISH). */
export const chunkedReceive = Symbol("zmq-napi.chunkedReceive")
/** True on types whose sends take an envelope from the per-call options (draft SERVER/PEER/RADIO). */
export const sendsEnvelope = Symbol("zmq-napi.sendsEnvelope")
/** Registers a callback run once when the socket closes (observers, proxies, compat). */
export const onClose = Symbol("zmq-napi.onClose")
export const rememberTimeout = Symbol("zmq-napi.rememberTimeout")
/** Takes a message only if one is ready now (compat `read()` and its event loop). */
export const receiveNow = Symbol("zmq-napi.receiveNow")
/** How many sends wait in the queue (compat bounds it by ZMQ_SNDHWM). */
export const queuedSends = Symbol("zmq-napi.queuedSends")
/** Watches readiness without an operation, and reads it as a new operation would find it (Poller). */
export const watchReadiness = Symbol("zmq-napi.watchReadiness")
export const readyEvents = Symbol("zmq-napi.readyEvents")
/** Connects with a given native call (draft PEER's connectPeer), with connect()'s bookkeeping. */
export const connectWith = Symbol("zmq-napi.connectWith")
