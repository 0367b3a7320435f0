// Key helpers: Z85 text encoding (ZMQ RFC 32) and CURVE public key derivation.
#include "security.h"

#include <zmq.h>

#include <cstring>
#include <string>
#include <vector>

#include "errors.h"

namespace zmqnapi {

namespace {
constexpr size_t kKeyBytes = 32;
constexpr size_t kZ85KeyLength = 40;

// The bytes of a Buffer / TypedArray / DataView / ArrayBuffer, or a TypeError.
std::vector<uint8_t> BytesArgument(Napi::Env env, const Napi::Value& value, const char* name) {
  const uint8_t* data = nullptr;
  size_t length = 0;
  if (value.IsArrayBuffer()) {
    auto buffer = value.As<Napi::ArrayBuffer>();
    data = static_cast<const uint8_t*>(buffer.Data());
    length = buffer.ByteLength();
  } else if (value.IsTypedArray()) {
    auto array = value.As<Napi::TypedArray>();
    data = static_cast<const uint8_t*>(array.ArrayBuffer().Data()) + array.ByteOffset();
    length = array.ByteLength();
  } else if (value.IsDataView()) {
    auto view = value.As<Napi::DataView>();
    data = static_cast<const uint8_t*>(view.ArrayBuffer().Data()) + view.ByteOffset();
    length = view.ByteLength();
  } else {
    ThrowTypeError(env, std::string("The \"") + name + "\" argument must be a Buffer, TypedArray, DataView or ArrayBuffer");
  }
  return std::vector<uint8_t>(data, data + length);
}

// Z85 text, checked so libzmq never reads past a NUL or writes past its output.
std::string Z85Argument(Napi::Env env, const Napi::Value& value, const char* name) {
  if (!value.IsString()) ThrowTypeError(env, std::string("The \"") + name + "\" argument must be a string");
  std::string text = value.As<Napi::String>().Utf8Value();
  if (text.size() % 5 != 0 || text.find('\0') != std::string::npos) {
    ThrowRangeError(env, std::string("The \"") + name + "\" argument must be Z85 text: a multiple of 5 characters");
  }
  return text;
}

// z85Encode(bytes) -> string; the length must be a multiple of 4.
Napi::Value Z85Encode(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::vector<uint8_t> bytes = BytesArgument(env, info[0], "data");
  if (bytes.size() % 4 != 0) {
    ThrowRangeError(env, "The \"data\" argument must be a multiple of 4 bytes long to encode as Z85");
  }
  std::string text(bytes.size() / 4 * 5 + 1, '\0');
  if (zmq_z85_encode(&text[0], bytes.data(), bytes.size()) == nullptr) ThrowZmqError(env, "z85 encode");
  text.pop_back();
  return Napi::String::New(env, text);
}

// z85Decode(text) -> Buffer; the length must be a multiple of 5, the characters Z85's.
Napi::Value Z85Decode(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string text = Z85Argument(env, info[0], "text");
  if (text.empty()) return Napi::Buffer<uint8_t>::New(env, 0);
  std::vector<uint8_t> bytes(text.size() / 5 * 4);
  if (zmq_z85_decode(bytes.data(), text.c_str()) == nullptr) {
    ThrowRangeError(env, "The \"text\" argument is not valid Z85: it has a character outside Z85's alphabet or a group above 2^32");
  }
  return Napi::Buffer<uint8_t>::Copy(env, bytes.data(), bytes.size());
}

// curvePublic(secretKey) -> the matching public key as Z85. The secret key is Z85 text
// (40 characters) or 32 bytes.
Napi::Value CurvePublic(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string secret;
  if (info[0].IsString()) {
    secret = Z85Argument(env, info[0], "secretKey");
    if (secret.size() != kZ85KeyLength) {
      ThrowRangeError(env, "The \"secretKey\" argument must be 40 characters of Z85 text or 32 bytes");
    }
  } else {
    if (!info[0].IsArrayBuffer() && !info[0].IsTypedArray() && !info[0].IsDataView()) {
      ThrowTypeError(env, "The \"secretKey\" argument must be Z85 text or a Buffer of 32 bytes");
    }
    std::vector<uint8_t> bytes = BytesArgument(env, info[0], "secretKey");
    if (bytes.size() != kKeyBytes) {
      ThrowRangeError(env, "The \"secretKey\" argument must be 40 characters of Z85 text or 32 bytes");
    }
    secret.assign(kZ85KeyLength + 1, '\0');
    zmq_z85_encode(&secret[0], bytes.data(), bytes.size());
    secret.pop_back();
  }
  char public_key[kZ85KeyLength + 1];
  if (zmq_curve_public(public_key, secret.c_str()) != 0) {
    if (zmq_errno() == EINVAL) ThrowRangeError(env, "The \"secretKey\" argument is not valid Z85 text");
    ThrowZmqError(env, "curve public key");
  }
  return Napi::String::New(env, public_key, kZ85KeyLength);
}
}  // namespace

void InitSecurity(Napi::Env env, Napi::Object exports) {
  exports.Set("curvePublic", Napi::Function::New<CurvePublic>(env, "curvePublic"));
  exports.Set("z85Encode", Napi::Function::New<Z85Encode>(env, "z85Encode"));
  exports.Set("z85Decode", Napi::Function::New<Z85Decode>(env, "z85Decode"));
}

}  // namespace zmqnapi
