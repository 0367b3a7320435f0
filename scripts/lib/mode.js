'use strict'

// An environment switch: unset or empty is `fallback`; 0, false, no, off are false.
// The bench reads its BENCH_QUICK through this too, from the environment it is given.
function envSwitch(name, fallback, env = process.env) {
  const value = String(env[name] || '').trim().toLowerCase()
  if (value === '') return fallback
  return !['0', 'false', 'no', 'off'].includes(value)
}

// ZMQ_NAPI_USE_SYSTEM_LIBZMQ=1 selects the node-gyp build against the system libzmq;
// anything else (unset, 0, false) is the default static build.
function useSystemLibzmq() {
  return envSwitch('ZMQ_NAPI_USE_SYSTEM_LIBZMQ', false)
}

// ZMQ_NAPI_LTO=0 builds the static libzmq, its perf programs and the addon without
// link-time optimization (scripts/lib/link-time-optimization.cmake); the three CMake
// projects must all get the same value.
function linkTimeOptimization() {
  return envSwitch('ZMQ_NAPI_LTO', true) ? 'ON' : 'OFF'
}

module.exports = { envSwitch, useSystemLibzmq, linkTimeOptimization }
