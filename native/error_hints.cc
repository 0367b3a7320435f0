#include "error_hints.h"

#include <zmq.h>

#include <cerrno>

namespace zmqnapi {

namespace {
// libzmq answers EPROTONOSUPPORT both for a transport it was built without and for a
// scheme that is no transport at all, and the bare "Protocol not supported" reads like a
// fault of the address or of zmq-napi; say which it is.
std::string UnsupportedTransportHint(const std::string& address) {
  const size_t end = address.find("://");
  if (end == std::string::npos) return "";
  const std::string scheme = address.substr(0, end);
  // Each scheme with the capability that names it; libzmq 4.3.4 knows ws/wss/vmci in
  // upper case only, and its udp:// exists only with the draft API.
  const struct {
    const char* scheme;
    const char* capability;
    const char* asked;
  } transports[] = {{"tcp", nullptr, nullptr},     {"inproc", nullptr, nullptr}, {"ipc", "ipc", "ipc"},
                    {"pgm", "pgm", "pgm"},         {"epgm", "pgm", "pgm"},       {"tipc", "tipc", "tipc"},
                    {"norm", "norm", "norm"},      {"ws", "ws", "WS"},           {"wss", "wss", "WSS"},
                    {"vmci", "vmci", "VMCI"},      {"udp", "udp", "draft"}};
  for (const auto& transport : transports) {
    if (scheme != transport.scheme) continue;
    if (transport.asked == nullptr || zmq_has(transport.asked) != 0) return "";
    return std::string(": this libzmq was built without the ") + transport.scheme +
           ":// transport (capability." + transport.capability + " is false)";
  }
  return ": \"" + scheme + "\" is not a ZeroMQ transport";
}

// What a refused address should have looked like, for an EINVAL from one of the
// endpoint operations ("" for any other operation).
std::string InvalidAddressHint(const std::string& operation, const std::string& address) {
  const bool binding = operation == "bind";
  const bool connecting = operation == "connect";
  if (!binding && !connecting && operation != "unbind" && operation != "disconnect") return "";
  const size_t end = address.find("://");
  if (end == std::string::npos) return ": an address is transport://endpoint, such as tcp://127.0.0.1:5555";
  if (operation == "unbind") {
    return ": give the address as it was bound (after a bind to port *, as lastEndpoint reports it)";
  }
  if (operation == "disconnect") return ": give the address as it was connected";
  const std::string scheme = address.substr(0, end);
  const struct {
    const char* scheme;
    const char* bind;
    const char* connect;
  } forms[] = {
      {"tcp", "tcp://interface:port, with * for every interface or for a free port", "tcp://host:port, without *"},
      {"ws", "ws://interface:port/path, with * for every interface or for a free port", "ws://host:port/path, without *"},
      {"wss", "wss://interface:port/path, with * for every interface or for a free port", "wss://host:port/path, without *"},
      {"udp", "udp://interface:port, or group:port for a DISH joining multicast", "udp://host:port"},
      {"ipc", "ipc://path, or ipc://* for a new one", "ipc://path"},
      {"inproc", "inproc://name", "inproc://name"},
  };
  for (const auto& form : forms) {
    if (scheme != form.scheme) continue;
    const char* article = form.scheme[0] == 'i' ? ": an " : ": a ";  // inproc, ipc
    return std::string(article) + form.scheme + " address to " + (binding ? "bind is " : "connect to is ") +
           (binding ? form.bind : form.connect);
  }
  return "";
}

// libzmq's ENOENT from unbind or disconnect reads as a missing file; it means the
// address is not among the socket's endpoints.
std::string UnknownEndpointHint(const std::string& operation) {
  if (operation == "unbind") {
    return ": this socket has not bound that address (after a bind to port *, unbind the address lastEndpoint reports)";
  }
  if (operation == "disconnect") return ": this socket is not connected to that address";
  return "";
}

// What an EINVAL from join or leave (RADIO/DISH groups) means: the group's length and
// NUL bytes are checked before libzmq sees it.
std::string GroupHint(const std::string& operation) {
  if (operation == "join") return ": this socket has already joined that group";
  if (operation == "leave") return ": this socket has not joined that group";
  return "";
}
}  // namespace

std::string ErrorHint(int errnum, const std::string& operation, const std::string& address) {
  const bool messaging = operation == "send" || operation == "receive";
  switch (errnum) {
    case EPROTONOSUPPORT:
      return UnsupportedTransportHint(address);
    case EINVAL:
      return InvalidAddressHint(operation, address) + GroupHint(operation);
    case ENOENT:
      return UnknownEndpointHint(operation);
    case EFSM:
      return messaging ? ": REQ and REP take turns (a Request sends, then receives the reply; a Reply receives, then "
                         "sends its reply)"
                       : "";
    case EHOSTUNREACH:
      return messaging || operation == "proxy" ? ": no connected peer has that routing id" : "";
    case EAGAIN:
      // Linux's bind() to port 0 says EAGAIN when every ephemeral port is taken.
      return operation == "bind" ? ": the system has no free port left to choose" : "";
    case EMTHREAD:
      return ": the context has no I/O thread (ioThreads is 0), which every transport but inproc needs";
    case EAFNOSUPPORT:
      // The libzmq zmq-napi builds refuses an IPv6 DGRAM socket this way (docs/building.md).
      return address.rfind("udp://", 0) == 0 ? ": a DGRAM socket's addresses are IPv4 only (set ipv6 to false)" : "";
    default:
      return "";
  }
}

}  // namespace zmqnapi
