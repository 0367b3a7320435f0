// With ZMQ_ZAP_ENFORCE_DOMAIN, libzmq asks the ZAP handler only for server sockets that
// name a ZAP domain (RFC 27): a CURVE server without one authenticates nobody, even with
// an Authenticator running and refusing, and a PLAIN server without one refuses everyone.
// Neither is what the option is set for, and nothing else says so: the first bind or
// connect of such a socket warns, once.
import type {NativeSocket} from "./native"
import {Kind} from "./options"

const ZMQ_MECHANISM = 43
const ZMQ_PLAIN_SERVER = 44
const ZMQ_CURVE_SERVER = 47
const ZMQ_ZAP_DOMAIN = 55
const ZMQ_ZAP_ENFORCE_DOMAIN = 93
const MECHANISM_PLAIN = 1
const MECHANISM_CURVE = 2

const warned = new WeakSet<NativeSocket>()

// ZMQ_ZAP_ENFORCE_DOMAIN is a draft option: a libzmq built without drafts refuses it.
function enforcesDomain(native: NativeSocket): boolean {
  try {
    return native.getOption(ZMQ_ZAP_ENFORCE_DOMAIN, Kind.Bool) === true
  } catch {
    return false
  }
}

export function warnIfEnforcedWithoutDomain(native: NativeSocket): void {
  if (warned.has(native) || !enforcesDomain(native)) return
  const domain = native.getOption(ZMQ_ZAP_DOMAIN, Kind.String)
  if (domain !== null && domain !== "") return
  const mechanism = native.getOption(ZMQ_MECHANISM, Kind.Int32)
  // ZMQ_CURVE_SERVER is read only where CURVE is in use: without it libzmq refuses the read.
  const curveServer = mechanism === MECHANISM_CURVE && native.getOption(ZMQ_CURVE_SERVER, Kind.Bool) === true
  const plainServer = mechanism === MECHANISM_PLAIN && native.getOption(ZMQ_PLAIN_SERVER, Kind.Bool) === true
  if (!curveServer && !plainServer) return
  warned.add(native)
  const effect = curveServer
    ? "asks no ZAP handler: every client with the server's public key gets in"
    : "refuses every client: PLAIN needs a ZAP handler, which is asked only with a domain"
  process.emitWarning(`A ${curveServer ? "CURVE" : "PLAIN"} server socket with zapEnforceDomain and no zapDomain ${effect}. Set zapDomain.`, {
    type: "ZapDomainWarning",
    code: "ZMQ_NAPI_ZAP_ENFORCE_WITHOUT_DOMAIN",
  })
}
