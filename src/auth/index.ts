// ZAP authentication (ZMQ RFC 27): the built-in handler and its types.
export {Authenticator} from "./authenticator"
export type {AuthenticatorOptions, ZapDecision, ZapHandler} from "./authenticator"
export {ANY_DOMAIN, CURVE_ALLOW_ANY} from "./rules"
export {ZAP_ENDPOINT} from "./zap"
export type {ZapReply, ZapRequest, ZapStatus} from "./zap"
