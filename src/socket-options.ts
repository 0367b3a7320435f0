// Which libzmq options each group of socket types has (numbers from zmq.h).
import {defineEnumOption, defineOptions, Kind, nativeHandle, OptionHost, OptionSpec} from "./options"
import {Socket} from "./socket"
import {rememberTimeout} from "./socket-hooks"

export const commonOptions: Record<string, OptionSpec> = {
  affinity: [4, Kind.Uint64],
  rate: [8, Kind.Int32],
  recoveryInterval: [9, Kind.Int32],
  linger: [17, Kind.Int32],
  reconnectInterval: [18, Kind.Int32],
  backlog: [19, Kind.Int32],
  reconnectMaxInterval: [21, Kind.Int32],
  maxMessageSize: [22, Kind.Int64],
  tcpKeepalive: [34, Kind.Int32],
  tcpKeepaliveCount: [35, Kind.Int32],
  tcpKeepaliveIdle: [36, Kind.Int32],
  tcpKeepaliveInterval: [37, Kind.Int32],
  tcpAcceptFilter: [38, Kind.String, "writeonly", null],
  immediate: [39, Kind.Bool],
  ipv6: [42, Kind.Bool],
  plainServer: [44, Kind.Bool],
  plainUsername: [45, Kind.String],
  plainPassword: [46, Kind.String],
  curveServer: [47, Kind.Bool],
  curvePublicKey: [48, Kind.String],
  curveSecretKey: [49, Kind.String],
  curveServerKey: [50, Kind.String],
  gssapiServer: [62, Kind.Bool],
  gssapiPrincipal: [63, Kind.String],
  gssapiServicePrincipal: [64, Kind.String],
  gssapiPlainText: [65, Kind.Bool],
  zapDomain: [55, Kind.String],
  typeOfService: [57, Kind.Int32],
  handshakeInterval: [66, Kind.Int32],
  socksProxy: [68, Kind.String],
  heartbeatInterval: [75, Kind.Int32],
  heartbeatTimeToLive: [76, Kind.Int32],
  heartbeatTimeout: [77, Kind.Int32],
  connectTimeout: [79, Kind.Int32],
  tcpMaxRetransmitTimeout: [80, Kind.Int32],
  multicastMaxTransportDataUnit: [84, Kind.Int32],
  vmciBufferSize: [85, Kind.Uint64],
  vmciBufferMinSize: [86, Kind.Uint64],
  vmciBufferMaxSize: [87, Kind.Uint64],
  vmciConnectTimeout: [88, Kind.Int32],
  useFd: [89, Kind.Int32],
  interface: [92, Kind.String],
  zapEnforceDomain: [93, Kind.Bool],
  loopbackFastPath: [94, Kind.Bool],
  type: [16, Kind.Int32, "readonly"],
  lastEndpoint: [32, Kind.String, "readonly"],
  threadSafe: [81, Kind.Bool, "readonly"],
}

export const sendOptions: Record<string, OptionSpec> = {
  multicastHops: [25, Kind.Int32],
  sendBufferSize: [11, Kind.Int32],
  sendHighWaterMark: [23, Kind.Int32],
}

export const receiveOptions: Record<string, OptionSpec> = {
  receiveBufferSize: [12, Kind.Int32],
  receiveHighWaterMark: [24, Kind.Int32],
}

const mechanisms = [null, "plain", "curve", "gssapi"] as const
const nameTypes = ["hostBased", "userName", "krb5Principal"] as const

defineOptions(Socket.prototype, commonOptions)
defineEnumOption(Socket.prototype, "gssapiPrincipalNameType", 90, nameTypes)
defineEnumOption(Socket.prototype, "gssapiServicePrincipalNameType", 91, nameTypes)
Object.defineProperty(Socket.prototype, "securityMechanism", {
  configurable: true,
  enumerable: true,
  get(this: OptionHost) {
    return mechanisms[this[nativeHandle].getOption(43, Kind.Int32) as number] ?? null
  },
})

/** The timeouts are also kept in JS: sends and receives wait there, not in libzmq. */
function defineTimeoutOption(prototype: object, name: string, id: number, kind: "send" | "receive"): void {
  Object.defineProperty(prototype, name, {
    configurable: true,
    enumerable: true,
    get(this: OptionHost) {
      return this[nativeHandle].getOption(id, Kind.Int32, name)
    },
    set(this: Socket & OptionHost, value: unknown) {
      this[nativeHandle].setOption(id, Kind.Int32, value, name)
      this[rememberTimeout](kind, value as number)
    },
  })
}

export function defineSendOptions(prototype: object): void {
  defineOptions(prototype, sendOptions)
  defineTimeoutOption(prototype, "sendTimeout", 28, "send")
}

export function defineReceiveOptions(prototype: object): void {
  defineOptions(prototype, receiveOptions)
  defineTimeoutOption(prototype, "receiveTimeout", 27, "receive")
}
