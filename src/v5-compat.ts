// zmq-napi/v5-compat: the same API as zmq-napi/compat, under the name zeromq@6 uses.
export * from "./compat"
