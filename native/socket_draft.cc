// Draft-socket parts of SocketWrap: routing ids (SERVER/PEER), groups (RADIO/DISH) and
// the draft-only calls. Without the draft API they report ENOTSUP.
#include <zmq.h>

#if defined(_WIN32)
#include <winsock2.h>
#else
#include <arpa/inet.h>
#endif

#include <string>

#include "addon.h"
#include "errors.h"
#include "message.h"
#include "socket.h"

namespace zmqnapi {

namespace {
[[noreturn]] void ThrowNoDrafts(Napi::Env env, const char* operation) {
  throw ErrnoError(env, ENOTSUP, operation);
}

#ifdef ZMQ_BUILD_DRAFT_API
// libzmq measures groups with strnlen(group, 255): a longer group or an embedded NUL
// would be truncated silently, so both are refused here.
void CheckGroup(Napi::Env env, const std::string& group, const char* what) {
  if (group.size() > ZMQ_GROUP_MAX_LENGTH) {
    ThrowRangeError(env, std::string("The \"") + what + "\" argument must be at most 255 bytes");
  }
  if (group.find('\0') != std::string::npos) {
    ThrowTypeError(env, std::string("The \"") + what + "\" argument must not contain NUL bytes");
  }
}
#endif
}  // namespace

#ifdef ZMQ_BUILD_DRAFT_API

void CheckDatagramMessage(Napi::Env env, size_t frames, zmq_msg_t* address) {
  if (frames != 2) {
    ThrowTypeError(env, "A Datagram message must be two frames, [address, body], not " + std::to_string(frames));
  }
  // As libzmq's udp engine reads it (resolve_raw_address): an IPv4 address inet_addr
  // takes, a colon, a port; here the port must also be 1 to 65535 in plain digits. The
  // address frame libzmq gives a receiver ends in a NUL, so a reply to it may too.
  std::string text(static_cast<const char*>(zmq_msg_data(address)), zmq_msg_size(address));
  if (!text.empty() && text.back() == '\0') text.pop_back();
  const size_t colon = text.rfind(':');
  const std::string host = colon == std::string::npos ? std::string() : text.substr(0, colon);
  const std::string port = colon == std::string::npos ? std::string() : text.substr(colon + 1);
  const bool digits = !port.empty() && port.size() <= 5 && port.find_first_not_of("0123456789") == std::string::npos;
  const int number = digits ? std::stoi(port) : 0;
  const bool port_ok = number >= 1 && number <= 65535;
  if (!port_ok || host.empty() || host.find('\0') != std::string::npos || inet_addr(host.c_str()) == INADDR_NONE) {
    ThrowRangeError(env, "The address frame of a Datagram message must be \"IPv4 address:port\", such as "
                         "\"127.0.0.1:5555\", not " + Quoted(text));
  }
}

void SocketWrap::ApplyEnvelope(Napi::Env env, const Napi::Value& options, zmq_msg_t* frame) const {
  if (!options.IsObject()) {
    ThrowTypeError(env, envelope_ == Envelope::RoutingId
                            ? "The \"options.routingId\" argument is required for this socket type"
                            : "The \"options.group\" argument is required for this socket type");
  }
  auto object = options.As<Napi::Object>();
  if (envelope_ == Envelope::RoutingId) {
    Napi::Value id = object.Get("routingId");
    if (!id.IsNumber()) ThrowTypeError(env, "The \"options.routingId\" argument must be a number");
    double value = id.As<Napi::Number>().DoubleValue();
    if (!(value >= 1 && value <= 4294967295.0) || value != static_cast<double>(static_cast<uint32_t>(value))) {
      ThrowRangeError(env, "The \"options.routingId\" argument must be an integer from 1 to 4294967295");
    }
    if (zmq_msg_set_routing_id(frame, static_cast<uint32_t>(value)) != 0) ThrowZmqError(env, "send");
    return;
  }
  Napi::Value group = object.Get("group");
  std::string name;
  if (group.IsString()) {
    name = group.As<Napi::String>().Utf8Value();
  } else if (group.IsBuffer()) {
    auto bytes = group.As<Napi::Buffer<char>>();
    name.assign(bytes.Data(), bytes.Length());
  } else {
    ThrowTypeError(env, "The \"options.group\" argument must be a string or a Buffer");
  }
  CheckGroup(env, name, "options.group");
  if (zmq_msg_set_group(frame, name.c_str()) != 0) {
    throw ErrnoError(env, zmq_errno(), "send to group", name);
  }
}

napi_value SocketWrap::WithEnvelope(Napi::Env env, napi_value, zmq_msg_t* msg) const {
  auto envelope = Napi::Object::New(env);
  if (envelope_ == Envelope::RoutingId) {
    envelope.Set("routingId", Napi::Number::New(env, zmq_msg_routing_id(msg)));
  } else {
    const char* group = zmq_msg_group(msg);
    envelope.Set("group", Napi::Buffer<char>::Copy(env, group, std::char_traits<char>::length(group)));
  }
  napi_value frame = BufferFromFrame(env, msg, data_->zero_copy_frames);
  auto entry = Napi::Array::New(env, 2);
  entry.Set(0u, Napi::Value(env, frame));
  entry.Set(1u, envelope);
  return entry;
}

static std::string GroupArgument(const Napi::CallbackInfo& info) {
  std::string group;
  if (info[0].IsString()) {
    group = info[0].As<Napi::String>().Utf8Value();
  } else if (info[0].IsBuffer()) {
    auto bytes = info[0].As<Napi::Buffer<char>>();
    group.assign(bytes.Data(), bytes.Length());
  } else {
    ThrowTypeError(info.Env(), "The \"group\" argument must be a string or a Buffer");
  }
  CheckGroup(info.Env(), group, "group");
  return group;
}

void SocketWrap::Join(const Napi::CallbackInfo& info) {
  std::string group = GroupArgument(info);
  if (zmq_join(Live(info.Env()), group.c_str()) != 0) ThrowZmqError(info.Env(), "join", group);
}

void SocketWrap::Leave(const Napi::CallbackInfo& info) {
  std::string group = GroupArgument(info);
  if (zmq_leave(Live(info.Env()), group.c_str()) != 0) ThrowZmqError(info.Env(), "leave", group);
}

Napi::Value SocketWrap::ConnectPeer(const Napi::CallbackInfo& info) {
  std::string address = AddressArgument(info);
  uint32_t id = zmq_connect_peer(Live(info.Env()), address.c_str());
  if (id == 0) ThrowZmqError(info.Env(), "connect", address);
  return Napi::Number::New(info.Env(), id);
}

#else

void CheckDatagramMessage(Napi::Env, size_t, zmq_msg_t*) {}  // no DGRAM sockets without drafts

void SocketWrap::ApplyEnvelope(Napi::Env env, const Napi::Value&, zmq_msg_t*) const {
  ThrowNoDrafts(env, "send");
}
napi_value SocketWrap::WithEnvelope(Napi::Env env, napi_value, zmq_msg_t*) const {
  ThrowNoDrafts(env, "receive");
}
void SocketWrap::Join(const Napi::CallbackInfo& info) { ThrowNoDrafts(info.Env(), "join"); }
void SocketWrap::Leave(const Napi::CallbackInfo& info) { ThrowNoDrafts(info.Env(), "leave"); }
Napi::Value SocketWrap::ConnectPeer(const Napi::CallbackInfo& info) {
  ThrowNoDrafts(info.Env(), "connect");
}

#endif

}  // namespace zmqnapi
