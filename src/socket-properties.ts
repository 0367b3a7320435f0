// Types of the options every socket has; the accessors are defined in socket-options.ts.
export {}

declare module "./socket" {
  interface Socket {
    /** ZMQ_AFFINITY: bitmask of I/O threads that handle this socket's new connections. */
    affinity: number
    /** ZMQ_RATE: multicast data rate in kilobits per second. */
    rate: number
    /** ZMQ_RECOVERY_IVL: multicast recovery interval in milliseconds. */
    recoveryInterval: number
    /** ZMQ_LINGER: milliseconds unsent messages are kept after close; -1 (default) waits for delivery, 0 drops. */
    linger: number
    /** ZMQ_RECONNECT_IVL: milliseconds before reconnecting; -1 disables reconnection. */
    reconnectInterval: number
    /** ZMQ_BACKLOG: pending connections queue length. */
    backlog: number
    /** ZMQ_RECONNECT_IVL_MAX: upper bound for exponential reconnect backoff; 0 disables backoff. */
    reconnectMaxInterval: number
    /** ZMQ_MAXMSGSIZE: bytes; a peer sending a larger message is disconnected. -1: no limit. */
    maxMessageSize: number
    /** ZMQ_TCP_KEEPALIVE: -1 OS default, 0 off, 1 on. */
    tcpKeepalive: number
    tcpKeepaliveCount: number
    tcpKeepaliveIdle: number
    tcpKeepaliveInterval: number
    /** ZMQ_TCP_ACCEPT_FILTER (deprecated in libzmq): accept only this peer address; null clears. */
    tcpAcceptFilter: string | null
    /** ZMQ_IMMEDIATE: queue messages only to completed connections. */
    immediate: boolean
    /** ZMQ_IPV6: enable IPv6 on this socket. */
    ipv6: boolean
    plainServer: boolean
    plainUsername: string | null
    plainPassword: string | null
    curveServer: boolean
    /** Z85 text (40 characters) or 32 raw bytes when set; always Z85 when read. */
    curvePublicKey: string | null
    curveSecretKey: string | null
    curveServerKey: string | null
    gssapiServer: boolean
    gssapiPrincipal: string | null
    gssapiServicePrincipal: string | null
    gssapiPlainText: boolean
    gssapiPrincipalNameType: "hostBased" | "userName" | "krb5Principal"
    gssapiServicePrincipalNameType: "hostBased" | "userName" | "krb5Principal"
    /** ZMQ_ZAP_DOMAIN: the authentication domain sent to the ZAP handler. */
    zapDomain: string | null
    /** ZMQ_TOS: IP type-of-service for outgoing packets. */
    typeOfService: number
    /** ZMQ_HANDSHAKE_IVL: milliseconds a handshake may take; 0 disables the limit. */
    handshakeInterval: number
    socksProxy: string | null
    /** ZMQ_HEARTBEAT_IVL: milliseconds between ZMTP pings; 0 disables. */
    heartbeatInterval: number
    heartbeatTimeToLive: number
    heartbeatTimeout: number
    /** ZMQ_CONNECT_TIMEOUT: milliseconds for a TCP connect; 0 uses the OS timeout. */
    connectTimeout: number
    tcpMaxRetransmitTimeout: number
    multicastMaxTransportDataUnit: number
    vmciBufferSize: number
    vmciBufferMinSize: number
    vmciBufferMaxSize: number
    vmciConnectTimeout: number
    /**
     * ZMQ_USE_FD: bind to an already-open listening socket's file descriptor (tcp, ipc, ws),
     * e.g. one handed over by systemd; libzmq closes it with the socket. A bind with one
     * that is not an open, listening stream socket fails with EBADF, ENOTSOCK or EINVAL.
     */
    useFd: number
    /** ZMQ_BINDTODEVICE: bind the socket to a network interface by name. */
    interface: string | null
    /**
     * ZMQ_ZAP_ENFORCE_DOMAIN: follow RFC 27 strictly. The ZAP handler is asked only for
     * server sockets with a `zapDomain`, and with no handler running they refuse every
     * peer. Set a `zapDomain` too: without one a CURVE server asks nobody (any client with
     * its public key gets in) and a PLAIN server refuses every client.
     */
    zapEnforceDomain: boolean
    loopbackFastPath: boolean
    /** ZMQ_TYPE: this socket's libzmq type number. */
    readonly type: number
    /** ZMQ_LAST_ENDPOINT: the endpoint last bound or connected, with the port picked for `*`. */
    readonly lastEndpoint: string | null
    /** ZMQ_MECHANISM: the security mechanism in use. */
    readonly securityMechanism: null | "plain" | "curve" | "gssapi"
    readonly threadSafe: boolean
  }
}
