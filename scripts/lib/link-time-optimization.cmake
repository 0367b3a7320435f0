# Link-time optimization for the static libzmq, its perf programs and the addon, where the
# toolchain supports it (CMake's check; a toolchain without it builds as before).
# libzmq's message and pipe accessors (zmq::msg_t::size, ::flags, ::check, ...) live in
# .cpp files of their own, so without it every message pays a call for each of them.
# scripts/build-libzmq.js injects this file into libzmq's project (CMAKE_PROJECT_INCLUDE);
# the addon and the perf programs include it themselves. All three must agree: an archive
# of LTO objects links only where the linker runs LTO too.

# -DZMQ_NAPI_LTO=OFF builds without it (to compare, or for a toolchain whose check passes
# but whose LTO build fails).
option(ZMQ_NAPI_LTO "link-time optimization where the toolchain supports it" ON)
if(NOT ZMQ_NAPI_LTO)
  message(STATUS "zmq-napi: link-time optimization off (ZMQ_NAPI_LTO=OFF)")
  return()
endif()

# libzmq's project() runs this before its cmake_minimum_required, when no policy is set
# yet, and the check needs CMP0069; libzmq's targets get it from
# CMAKE_POLICY_DEFAULT_CMP0069, which build-libzmq.js passes.
cmake_policy(PUSH)
cmake_policy(SET CMP0069 NEW)
include(CheckIPOSupported)
check_ipo_supported(RESULT ZMQ_NAPI_LTO_SUPPORTED OUTPUT ZMQ_NAPI_LTO_ERROR)
cmake_policy(POP)
if(ZMQ_NAPI_LTO_SUPPORTED)
  set(CMAKE_INTERPROCEDURAL_OPTIMIZATION ON)
  message(STATUS "zmq-napi: link-time optimization on")
else()
  message(STATUS "zmq-napi: link-time optimization unsupported here: ${ZMQ_NAPI_LTO_ERROR}")
endif()
