// zmq-napi: ZeroMQ for Node.js over Node-API.
import "./socket-properties"
import "./socket-options"

import {defineDraftStandIns} from "./draft-options"
import {addon} from "./native"

defineDraftStandIns()

export {Context, context} from "./context"
export type {ContextOptions} from "./context"
export {allocateFrame, handOverThreshold} from "./allocate-frame"
export {isFullError} from "./errors"
export type {FullError} from "./errors"
export {getMessageProperties} from "./message-properties"
export type {MessageProperties} from "./message-properties"
export {Socket} from "./socket"
export type {Message, MessageLike, OperationOptions} from "./socket"
export {SocketType} from "./socket-type"
export {
  Dealer,
  Pair,
  Publisher,
  Pull,
  Push,
  Reply,
  Request,
  Router,
  Stream,
  Subscriber,
  XPublisher,
  XSubscriber,
} from "./sockets"
export type {RouterConnectOptions, StreamConnectOptions} from "./sockets"
export type {Options, Readable, SocketOptions, Writable, WritableKeys} from "./types"
export type {Capability} from "./native"
// Socket events, proxies, security
export {Observer} from "./observer"
export type {EventSubscriber} from "./observer"
export {Proxy} from "./proxy"
export type {ProxyOptions, ProxySocketStatistics, ProxyStatistics} from "./proxy"
export {Poller} from "./poller"
export type {PollEvents, PollResult} from "./poller"
export {curveKeyPair, curvePublicKey, z85Decode, z85Encode} from "./keys"
export {createCertificate, loadCertificate, loadCertificates} from "./certificates"
export type {
  Certificate,
  CertificateError,
  CertificateFile,
  CreateCertificateOptions,
  CreatedCertificate,
} from "./certificates"
export {ANY_DOMAIN, Authenticator, CURVE_ALLOW_ANY, ZAP_ENDPOINT} from "./auth"
export type {AuthenticatorOptions, ZapDecision, ZapHandler, ZapReply, ZapRequest, ZapStatus} from "./auth"
export type {
  AuthError,
  ErrnoError,
  Event,
  EventAddress,
  EventError,
  EventFor,
  EventInterval,
  EventOfType,
  EventType,
  ProtoError,
  ProtoErrorCode,
} from "./events"

/** The libzmq version in use, e.g. "4.3.4". */
export const version: string = addon.version

/** What this build of libzmq supports: transports, security mechanisms, draft sockets. */
export const capability = Object.freeze({...addon.capability})
