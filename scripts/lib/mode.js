'use strict'

// ZMQ_NAPI_USE_SYSTEM_LIBZMQ=1 selects the node-gyp build against the system libzmq;
// anything else (unset, 0, false) is the default static build.
function useSystemLibzmq() {
  const value = (process.env.ZMQ_NAPI_USE_SYSTEM_LIBZMQ || '').trim().toLowerCase()
  return value !== '' && !['0', 'false', 'no', 'off'].includes(value)
}

module.exports = { useSystemLibzmq }
