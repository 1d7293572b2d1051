#pragma once
// Strings built by appending: GCC 12 misreports -Wrestrict on `"literal" + std::string`.

#include <initializer_list>
#include <string>
#include <string_view>

namespace iamlint::diff {

/// The parts, one after the other.
inline std::string Concat(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (const std::string_view p : parts) {
    out += p;
  }
  return out;
}

}  // namespace iamlint::diff
