#pragma once
#include <napi.h>

#include <string>

namespace zmqnapi {

// How an option's value is represented; the TypeScript option tables use the same
// numbers, so one native getter/setter pair serves every option.
enum class OptionKind : int {
  Bool = 0,
  Int32 = 1,
  Uint32 = 2,
  Int64 = 3,
  Uint64 = 4,
  String = 5,  // utf-8 text, or null when unset
  Binary = 6,  // raw bytes (routing ids, curve keys as 32 bytes), or null when unset
};

OptionKind ToOptionKind(Napi::Env env, const Napi::Value& value);
int ToOptionId(Napi::Env env, const Napi::Value& value);

// "get option" (or `verb`) followed by the option's name when the call passed it as
// argument `index`, for error messages.
std::string OptionOperation(const Napi::CallbackInfo& info, size_t index, const char* verb);

// Converts a JS value to the integer an option of `kind` takes, or throws a
// TypeError/RangeError naming `name`.
int64_t ToIntegerOptionValue(Napi::Env env, OptionKind kind, const Napi::Value& value,
                             const char* name);

}  // namespace zmqnapi
