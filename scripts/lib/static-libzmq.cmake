# Finds the static libzmq that scripts/build-libzmq.js installed under ZMQ_PREFIX, for the
# addon (CMakeLists.txt) and libzmq's perf programs (perf-tools/CMakeLists.txt).
# Sets ZMQ_STATIC_LIBRARY and ZMQ_STATIC_DEPENDENCIES (the system libraries it needs).
# MSVC names the archive after its toolset (libzmq-v143-mt-s-4_3_4.lib); everything else
# installs libzmq.a.
if(MSVC)
  file(GLOB ZMQ_STATIC_CANDIDATES "${ZMQ_PREFIX}/lib/libzmq*-s-*.lib")
  list(LENGTH ZMQ_STATIC_CANDIDATES ZMQ_STATIC_COUNT)
  if(ZMQ_STATIC_COUNT EQUAL 0)
    set(ZMQ_STATIC_LIBRARY "${ZMQ_PREFIX}/lib/libzmq-s.lib")
  else()
    list(GET ZMQ_STATIC_CANDIDATES 0 ZMQ_STATIC_LIBRARY)
  endif()
  # Sockets, interface enumeration, and the system random source tweetnacl uses.
  set(ZMQ_STATIC_DEPENDENCIES ws2_32 iphlpapi advapi32)
else()
  set(ZMQ_STATIC_LIBRARY "${ZMQ_PREFIX}/lib/libzmq.a")
  if(CMAKE_SYSTEM_NAME STREQUAL "Linux")
    set(ZMQ_STATIC_DEPENDENCIES rt)
  else()
    set(ZMQ_STATIC_DEPENDENCIES "")
  endif()
endif()
if(NOT EXISTS "${ZMQ_STATIC_LIBRARY}" OR NOT EXISTS "${ZMQ_PREFIX}/include/zmq.h")
  message(FATAL_ERROR "no static libzmq under ${ZMQ_PREFIX}: run `npm run build:native`")
endif()
