// The constants and name maps of the `zmq` (zeromq.node 2.x) and `zeromq@5` modules.
// Values are libzmq's (zmq.h); names that libzmq 4 dropped keep their old numbers, and
// libzmq reports EINVAL if they are used.

/** Socket type numbers, by the names the old modules exported. */
export const ZMQ_PAIR = 0
export const ZMQ_PUB = 1
export const ZMQ_SUB = 2
export const ZMQ_REQ = 3
export const ZMQ_REP = 4
export const ZMQ_DEALER = 5
export const ZMQ_XREQ = 5
export const ZMQ_ROUTER = 6
export const ZMQ_XREP = 6
export const ZMQ_PULL = 7
export const ZMQ_PUSH = 8
export const ZMQ_XPUB = 9
export const ZMQ_XSUB = 10
export const ZMQ_STREAM = 11

/** Socket option numbers ("long options"). */
export const ZMQ_HWM = 1
export const ZMQ_SWAP = 3
export const ZMQ_AFFINITY = 4
export const ZMQ_IDENTITY = 5
export const ZMQ_SUBSCRIBE = 6
export const ZMQ_UNSUBSCRIBE = 7
export const ZMQ_RATE = 8
export const ZMQ_RECOVERY_IVL = 9
export const ZMQ_MCAST_LOOP = 10
export const ZMQ_SNDBUF = 11
export const ZMQ_RCVBUF = 12
export const ZMQ_RCVMORE = 13
export const ZMQ_FD = 14
export const ZMQ_EVENTS = 15
export const ZMQ_TYPE = 16
export const ZMQ_LINGER = 17
export const ZMQ_RECONNECT_IVL = 18
export const ZMQ_BACKLOG = 19
export const ZMQ_RECOVERY_IVL_MSEC = 20
export const ZMQ_RECONNECT_IVL_MAX = 21
export const ZMQ_MAXMSGSIZE = 22
export const ZMQ_SNDHWM = 23
export const ZMQ_RCVHWM = 24
export const ZMQ_MULTICAST_HOPS = 25
export const ZMQ_RCVTIMEO = 27
export const ZMQ_SNDTIMEO = 28
export const ZMQ_IPV4ONLY = 31
export const ZMQ_LAST_ENDPOINT = 32
export const ZMQ_ROUTER_MANDATORY = 33
export const ZMQ_TCP_KEEPALIVE = 34
export const ZMQ_TCP_KEEPALIVE_CNT = 35
export const ZMQ_TCP_KEEPALIVE_IDLE = 36
export const ZMQ_TCP_KEEPALIVE_INTVL = 37
export const ZMQ_TCP_ACCEPT_FILTER = 38
export const ZMQ_DELAY_ATTACH_ON_CONNECT = 39
export const ZMQ_XPUB_VERBOSE = 40
export const ZMQ_ROUTER_RAW = 41
export const ZMQ_IPV6 = 42
export const ZMQ_MECHANISM = 43
export const ZMQ_PLAIN_SERVER = 44
export const ZMQ_PLAIN_USERNAME = 45
export const ZMQ_PLAIN_PASSWORD = 46
export const ZMQ_CURVE_SERVER = 47
export const ZMQ_CURVE_PUBLICKEY = 48
export const ZMQ_CURVE_SECRETKEY = 49
export const ZMQ_CURVE_SERVERKEY = 50
export const ZMQ_ZAP_DOMAIN = 55
export const ZMQ_ROUTER_HANDOVER = 56
export const ZMQ_HEARTBEAT_IVL = 75
export const ZMQ_HEARTBEAT_TTL = 76
export const ZMQ_HEARTBEAT_TIMEOUT = 77
export const ZMQ_CONNECT_TIMEOUT = 79

/** Context option numbers, for `Context#setOpt`/`getOpt`. */
export const ZMQ_IO_THREADS = 1
export const ZMQ_MAX_SOCKETS = 2

/** Poll flags (ZMQ_EVENTS bits). */
export const ZMQ_POLLIN = 1
export const ZMQ_POLLOUT = 2
export const ZMQ_POLLERR = 4

/** `send()` flags. ZMQ_NOBLOCK is libzmq 2's name for ZMQ_DONTWAIT. */
export const ZMQ_NOBLOCK = 1
export const ZMQ_DONTWAIT = 1
export const ZMQ_SNDMORE = 2

/** The old bindings' socket states. */
export const STATE_READY = 0
export const STATE_BUSY = 1
export const STATE_CLOSED = 2

/** Feature flags the old bindings derived from the libzmq version; all true for libzmq 4. */
export const ZMQ_CAN_DISCONNECT = 1
export const ZMQ_CAN_UNBIND = 1
export const ZMQ_CAN_MONITOR = 1
export const ZMQ_CAN_SET_CTX = 1

/** Socket type names accepted by `socket()`, with their libzmq numbers. */
export const types = {
  pub: ZMQ_PUB,
  xpub: ZMQ_XPUB,
  sub: ZMQ_SUB,
  xsub: ZMQ_XSUB,
  req: ZMQ_REQ,
  xreq: ZMQ_XREQ,
  rep: ZMQ_REP,
  xrep: ZMQ_XREP,
  push: ZMQ_PUSH,
  pull: ZMQ_PULL,
  dealer: ZMQ_DEALER,
  router: ZMQ_ROUTER,
  pair: ZMQ_PAIR,
  stream: ZMQ_STREAM,
} as const

export type SocketType = keyof typeof types

/**
 * Short option names for `setsockopt`/`getsockopt` and the property sugar
 * (`socket.linger = 0`). The first block is zmq@2.15's and zeromq@5's set; the second
 * adds libzmq 3/4 options those modules only reached by number.
 */
export const options = {
  _fd: ZMQ_FD,
  _ioevents: ZMQ_EVENTS,
  _receiveMore: ZMQ_RCVMORE,
  _subscribe: ZMQ_SUBSCRIBE,
  _unsubscribe: ZMQ_UNSUBSCRIBE,
  affinity: ZMQ_AFFINITY,
  backlog: ZMQ_BACKLOG,
  hwm: ZMQ_HWM,
  identity: ZMQ_IDENTITY,
  linger: ZMQ_LINGER,
  mcast_loop: ZMQ_MCAST_LOOP,
  rate: ZMQ_RATE,
  rcvbuf: ZMQ_RCVBUF,
  last_endpoint: ZMQ_LAST_ENDPOINT,
  reconnect_ivl: ZMQ_RECONNECT_IVL,
  recovery_ivl: ZMQ_RECOVERY_IVL,
  sndbuf: ZMQ_SNDBUF,
  swap: ZMQ_SWAP,
  mechanism: ZMQ_MECHANISM,
  plain_server: ZMQ_PLAIN_SERVER,
  plain_username: ZMQ_PLAIN_USERNAME,
  plain_password: ZMQ_PLAIN_PASSWORD,
  curve_server: ZMQ_CURVE_SERVER,
  curve_publickey: ZMQ_CURVE_PUBLICKEY,
  curve_secretkey: ZMQ_CURVE_SECRETKEY,
  curve_serverkey: ZMQ_CURVE_SERVERKEY,
  zap_domain: ZMQ_ZAP_DOMAIN,
  heartbeat_ivl: ZMQ_HEARTBEAT_IVL,
  heartbeat_ttl: ZMQ_HEARTBEAT_TTL,
  heartbeat_timeout: ZMQ_HEARTBEAT_TIMEOUT,
  connect_timeout: ZMQ_CONNECT_TIMEOUT,

  sndhwm: ZMQ_SNDHWM,
  rcvhwm: ZMQ_RCVHWM,
  sndtimeo: ZMQ_SNDTIMEO,
  rcvtimeo: ZMQ_RCVTIMEO,
  maxmsgsize: ZMQ_MAXMSGSIZE,
  reconnect_ivl_max: ZMQ_RECONNECT_IVL_MAX,
  multicast_hops: ZMQ_MULTICAST_HOPS,
  router_mandatory: ZMQ_ROUTER_MANDATORY,
  router_handover: ZMQ_ROUTER_HANDOVER,
  xpub_verbose: ZMQ_XPUB_VERBOSE,
  immediate: ZMQ_DELAY_ATTACH_ON_CONNECT,
  ipv6: ZMQ_IPV6,
  tcp_keepalive: ZMQ_TCP_KEEPALIVE,
  tcp_keepalive_cnt: ZMQ_TCP_KEEPALIVE_CNT,
  tcp_keepalive_idle: ZMQ_TCP_KEEPALIVE_IDLE,
  tcp_keepalive_intvl: ZMQ_TCP_KEEPALIVE_INTVL,
} as const

export type OptionName = keyof typeof options

/** Monitor event numbers (ZMQ_EVENT_*) and the event names sockets emit for them. */
export const events = {
  1: "connect",
  2: "connect_delay",
  4: "connect_retry",
  8: "listen",
  16: "bind_error",
  32: "accept",
  64: "accept_error",
  128: "close",
  256: "close_error",
  512: "disconnect",
} as const

export type MonitorEventName = (typeof events)[keyof typeof events]
