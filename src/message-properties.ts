/**
 * Connection metadata libzmq attaches to received messages (zmq_msg_gets): "User-Id"
 * (from the ZAP handler), "Peer-Address", "Socket-Type", "Routing-Id", ZAP metadata and
 * ZMQ_METADATA "X-..." properties. They come from the ZMTP handshake, so messages over
 * inproc (which has none) carry none. Values are C strings to libzmq: one ends at its
 * first zero byte.
 */
export interface MessageProperties {
  "User-Id"?: string
  "Peer-Address"?: string
  "Socket-Type"?: string
  "Routing-Id"?: string
  [name: string]: string | undefined
}

const propertiesByMessage = new WeakMap<object, MessageProperties>()

/** @internal */
export function rememberProperties(message: object, properties: MessageProperties): void {
  propertiesByMessage.set(message, properties)
}

/**
 * The properties read for a received message, given the array `receive()` resolved
 * with. Only sockets whose `messageProperties` lists names read any; undefined otherwise.
 */
export function getMessageProperties(message: object): MessageProperties | undefined {
  return propertiesByMessage.get(message)
}
