#include "options.h"

#include <cmath>
#include <string>

#include "errors.h"

namespace zmqnapi {

OptionKind ToOptionKind(Napi::Env env, const Napi::Value& value) {
  if (!value.IsNumber()) ThrowTypeError(env, "The \"kind\" argument must be a number");
  int kind = value.As<Napi::Number>().Int32Value();
  if (kind < 0 || kind > static_cast<int>(OptionKind::Binary)) {
    ThrowRangeError(env, "The \"kind\" argument is not a known option kind");
  }
  return static_cast<OptionKind>(kind);
}

int ToOptionId(Napi::Env env, const Napi::Value& value) {
  if (!value.IsNumber()) ThrowTypeError(env, "The \"option\" argument must be a number");
  return value.As<Napi::Number>().Int32Value();
}

int64_t ToIntegerOptionValue(Napi::Env env, OptionKind kind, const Napi::Value& value,
                             const char* name) {
  if (kind == OptionKind::Bool) {
    if (!value.IsBoolean()) {
      ThrowTypeError(env, std::string("Option \"") + name + "\" must be a boolean");
    }
    return value.As<Napi::Boolean>().Value() ? 1 : 0;
  }
  if (!value.IsNumber()) ThrowTypeError(env, std::string("Option \"") + name + "\" must be a number");
  double number = value.As<Napi::Number>().DoubleValue();
  if (!std::isfinite(number) || std::trunc(number) != number) {
    ThrowRangeError(env, std::string("Option \"") + name + "\" must be an integer");
  }
  double low = -9007199254740991.0, high = 9007199254740991.0;
  switch (kind) {
    case OptionKind::Int32: low = -2147483648.0; high = 2147483647.0; break;
    case OptionKind::Uint32: low = 0; high = 4294967295.0; break;
    case OptionKind::Uint64: low = 0; break;
    default: break;
  }
  if (number < low || number > high) {
    ThrowRangeError(env, std::string("Option \"") + name + "\" is out of range");
  }
  return static_cast<int64_t>(number);
}

std::string OptionOperation(const Napi::CallbackInfo& info, size_t index, const char* verb) {
  if (info.Length() <= index || !info[index].IsString()) return verb;
  return std::string(verb) + " " + info[index].As<Napi::String>().Utf8Value();
}

}  // namespace zmqnapi
