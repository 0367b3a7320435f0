// The addon's shape, declared once; everything else in src/ talks to libzmq only
// through these types.
import path from "node:path"
import nodeGypBuild from "node-gyp-build"

export interface NativeContext {
  readonly closed: boolean
  readonly shared: boolean
  getOption(option: number, kind: number, name?: string): number | boolean
  setOption(option: number, kind: number, value: unknown, name: string): void
  close(): void
}

/** A received message: one Buffer for a single frame, an array for multipart. */
export type NativeMessage = Buffer | Buffer[]

export interface NativeSocket {
  readonly id: number
  readonly closed: boolean
  bind(address: string): void
  unbind(address: string): void
  connect(address: string): void
  disconnect(address: string): void
  close(): void
  /**
   * true: handed to libzmq; false: it cannot take the message right now. `envelope`
   * carries {routingId} (SERVER/PEER) or {group} (RADIO); other types ignore it.
   */
  send(message: unknown, envelope?: object): boolean
  /** How many of messages[start..] libzmq took before it could take no more. */
  sendMany(messages: unknown[], start: number, envelope?: object): number
  receiveBatch(max: number, propertyNames?: string[]): NativeMessage[] | undefined
  events(): number
  /** With deferWake, pollNow() must run soon: it tells the readiness thread. */
  arm(keepAlive: boolean, deferWake?: boolean): void
  disarm(): void
  getOption(option: number, kind: number, name?: string): unknown
  setOption(option: number, kind: number, value: unknown, name: string): void
  join(group: string | Buffer): void
  leave(group: string | Buffer): void
  connectPeer(address: string): number
}

/** zmq_proxy_steerable on a thread of its own. */
export interface NativeProxy {
  /** Lends the sockets to the proxy thread; settles when the proxy ends. */
  run(frontEnd: NativeSocket, backEnd: NativeSocket, capture: NativeSocket | null): Promise<void>
  pause(): void
  resume(): void
  /** A no-op once the proxy ended. */
  terminate(): void
  /** Sends STATISTICS; the reply is collected by takeStatistics(). */
  requestStatistics(): void
  /** The oldest reply not taken yet (eight counters), or undefined if none has come. */
  takeStatistics(): number[] | undefined
}

export interface Capability {
  ipc: boolean
  pgm: boolean
  tipc: boolean
  norm: boolean
  curve: boolean
  gssapi: boolean
  draft: boolean
  ws: boolean
  wss: boolean
  udp: boolean
  vmci: boolean
}

export interface Addon {
  Context: new (shared: boolean) => NativeContext
  Socket: new (context: NativeContext, type: number) => NativeSocket
  version: string
  capability: Capability
  /** Whether libzmq is the one scripts/build-libzmq.js built, with its fixes (not a system libzmq). */
  bundledLibzmq: boolean
  curveKeyPair(): {publicKey: string; secretKey: string}
  addReadyHandler(handler: (ids: number[]) => void): void
  /**
   * Polls every armed socket once, right now, and dispatches the ready ones; with
   * handOver (default), the ones still waiting go to the readiness thread. `spinning`:
   * a busy poll while an answer is due, counted, and yielding the CPU if nothing was ready.
   */
  pollNow(handOver?: boolean, spinning?: boolean): void
  /** A Buffer that send() hands over instead of copying, from handOverThreshold bytes. */
  allocateFrame(size: number): Buffer
  handOverThreshold: number
  /** How many busy polls for an answer this thread has made (pollNow with spinning). */
  busyPollCount(): number
  /** Bytes of received frames handed over without a copy whose finalizers have not run yet. */
  handedOverBytes(): number
  /**
   * Lets every socket of this thread process libzmq's pending commands now, and asks
   * every other thread that loaded the addon to do the same with its own soon.
   */
  processCommandsEverywhere(): void
  /**
   * Memory for the numbers sendFast and receiveChunk take (see callSlots below), read by
   * the addon at the call.
   */
  callSlots: ArrayBuffer
  /** send() without an envelope, with a Buffer fast path, on the socket in SOCKET_SLOT. */
  sendFast(message: unknown): boolean
  /**
   * Memory JS copies a small binary frame into for sendStaged, and the most bytes it
   * takes.
   */
  sendStaging: ArrayBuffer
  /**
   * send() without an envelope of the LENGTH_SLOT bytes JS copied into sendStaging, on
   * the socket in SOCKET_SLOT: false if libzmq could not take it now, else undefined.
   */
  sendStaged(): false | undefined
  /**
   * Sizes of the frames sendStagedMany sends, which JS staged back to back from the start
   * of sendStaging; as many entries as one call sends at most.
   */
  sendStagedLengths: ArrayBuffer
  /**
   * sendMany() without an envelope of the LENGTH_SLOT frames staged (see
   * sendStagedLengths), on the socket in SOCKET_SLOT: how many libzmq took before it
   * could take no more.
   */
  sendStagedMany(): number
  /** sendFast for a multipart message of at most MAX_FRAMES_AS_ARGUMENTS frames, given as arguments. */
  sendFrames(socket: number, ...frames: unknown[]): boolean
  /**
   * Up to MAX_SLOT messages of the socket in SOCKET_SLOT, written into `pool` at
   * OFFSET_SLOT if they fit there (returning `pool`), else at the start of a new
   * ArrayBuffer of at least POOL_SIZE_SLOT bytes (returning it); large frames are put in
   * `separate` from index 0.
   */
  receiveChunk(separate: Buffer[], pool: ArrayBuffer | undefined): ArrayBuffer | undefined
  // Monitor, proxy, security
  /**
   * Publishes the socket's events on an inproc endpoint, over PUB when `overPub` (and
   * monitorOverPub) else PAIR; `null` stops (after a last event).
   */
  monitor(socket: NativeSocket, endpoint: string | null, events?: number, overPub?: boolean): void
  /** Whether monitor() publishes over PUB (drops unread events) rather than PAIR (blocks). */
  monitorOverPub: boolean
  describeErrno(errno: number): {code: string; message: string}
  Proxy: new () => NativeProxy
  /** The Z85 public key of a CURVE secret key (Z85 text or 32 bytes). */
  curvePublic(secretKey: unknown): string
  z85Encode(data: unknown): string
  z85Decode(text: unknown): Buffer
}

function loadAddon(): Addon {
  // src/ and lib/ both sit one level below the package root.
  const root = path.join(__dirname, "..")
  try {
    return nodeGypBuild(root)
  } catch (cause) {
    const libc = libcName()
    const where = `${process.platform}-${process.arch} (libc ${libc}, Node-API ${process.versions.napi})`
    throw new Error(
      `zmq-napi: no prebuilt binary matches ${where} and none was built from source.\n` +
        `Build it: approve the package's install script and rebuild, e.g. ` +
        `\`npm install-scripts approve zmq-napi && npm rebuild zmq-napi\` ` +
        `(needs cmake and a C++ compiler). See docs/install.md.\n` +
        `Cause: ${(cause as Error).message}`,
      {cause},
    )
  }
}

function libcName(): string {
  const header = (process.report.getReport() as {header?: {glibcVersionRuntime?: string}}).header
  return header?.glibcVersionRuntime ? `glibc ${header.glibcVersionRuntime}` : "musl or other"
}

// A copy: Node-API builds the addon's exports one property at a time, which leaves V8
// holding them in a dictionary, and every `addon.sendFast` then went through a generic
// property lookup (about 60 instructions per call, on each send and receive). The
// copy, an ordinary object of the same functions, has properties optimized code reads
// directly.
export const addon: Addon = {...loadAddon()}

/**
 * The numbers the per-message calls take, written here just before the call instead of
 * passed as arguments: the addon reads them straight from memory, where each number
 * argument cost Node-API a type check and a conversion (native/fast_methods.cc).
 */
export const callSlots = new Uint32Array(addon.callSlots)
/** sendFast, sendStaged, receiveChunk: the socket's id. */
export const SOCKET_SLOT = 0
/** receiveChunk: the most messages to take. */
export const MAX_SLOT = 1
/** receiveChunk: where in the pool the batch may start (a multiple of 8). */
export const OFFSET_SLOT = 2
/** receiveChunk: the size of a new pool, if one is needed. */
export const POOL_SIZE_SLOT = 3
/** sendStaged: how many bytes of the staged frame to send; sendStagedMany: how many frames. */
export const LENGTH_SLOT = 4
/** Where send() copies a small binary frame for sendStaged, and sendMany() a run of them. */
export const sendStaging = new Uint8Array(addon.sendStaging)
/** The sizes of the frames sendMany() staged for sendStagedMany. */
export const sendStagedLengths = new Uint32Array(addon.sendStagedLengths)

export const POLLIN = 1
export const POLLOUT = 2
