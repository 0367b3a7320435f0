// The typed surface shared by all socket types, shaped like zeromq@6's so code
// written for it type-checks unchanged.
import type {Context} from "./context"
import type {Message, MessageLike, OperationOptions} from "./socket"

export type {Message, MessageLike, OperationOptions}

/** Socket types that can send. `O` are the extra arguments `send` takes. */
export interface Writable<
  M extends MessageLike | MessageLike[] = MessageLike | MessageLike[],
  O extends [...(object | undefined)[]] = [options?: OperationOptions],
> {
  /** ZMQ_MULTICAST_HOPS: time-to-live of multicast packets. */
  multicastHops: number
  /** ZMQ_SNDBUF: kernel send buffer size in bytes; -1 keeps the OS default. */
  sendBufferSize: number
  /** ZMQ_SNDHWM: messages queued per peer before sends wait (or drop, by type). Default 1000. */
  sendHighWaterMark: number
  /** ZMQ_SNDTIMEO: milliseconds a send may wait before rejecting with EAGAIN; -1 waits forever. */
  sendTimeout: number
  /**
   * Queues a message (an array is one multipart message). Resolves once libzmq has
   * taken a copy, so buffers can be reused; frames from `allocateFrame()` are handed
   * over instead and detached. Concurrent calls are served in order.
   */
  send(message: M, ...options: O): Promise<void>
  /**
   * Sends many messages in order, crossing into native code once for as many as
   * libzmq takes at once; resolves when all were taken. For bursts of small messages.
   */
  sendMany(messages: M[], ...options: O): Promise<void>
}

type ReceiveType<T> = T extends {receive(): Promise<infer U>} ? U : never

/** Socket types that can receive. `M` is the shape of one received message. */
export interface Readable<M extends object[] = Message[]> {
  /** ZMQ_RCVBUF: kernel receive buffer size in bytes; -1 keeps the OS default. */
  receiveBufferSize: number
  /** ZMQ_RCVHWM: messages queued per peer before libzmq pushes back. Default 1000. */
  receiveHighWaterMark: number
  /** ZMQ_RCVTIMEO: milliseconds a receive may wait before rejecting with EAGAIN; -1 waits forever. */
  receiveTimeout: number
  /** Resolves with the next message's frames. Concurrent calls are served in order. */
  receive(options?: OperationOptions): Promise<M>
  /**
   * Resolves with the messages at hand: at least one, at most `max` (default 256), from
   * at most one native batch (256). One promise per batch instead of per message.
   */
  receiveMany(max?: number, options?: OperationOptions): Promise<M[]>
  /** `for await (const [msg] of socket)`; ends when the socket closes. */
  [Symbol.asyncIterator](): AsyncIterator<ReceiveType<this>, undefined>
}

type IfEquals<X, Y, A, B = never> = (<T>() => T extends X ? 1 : 2) extends <T>() => T extends Y ? 1 : 2 ? A : B

/** Names of the settable (non-readonly, non-method) properties of T. */
export type WritableKeys<T> = {
  [P in keyof T]-?: T[P] extends Function ? never : IfEquals<{[Q in P]: T[P]}, {-readonly [Q in P]: T[P]}, P>
}[keyof T]

export type Expand<T> = T extends infer O ? {[K in keyof O]: O[K]} : never

/** A constructor options object: any settable option of T, plus extras E. */
export type Options<T, E = {}> = Expand<Partial<E & Pick<T, WritableKeys<T>>>>

/** What a socket constructor accepts: its settable options and a `context`. */
export type SocketOptions<S> = Options<S, {context: Context}>
