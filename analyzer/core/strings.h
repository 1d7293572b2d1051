#pragma once
// Small string helpers shared by every stage.

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace iamlint {

/// ASCII lower-casing (IAM names are ASCII; other bytes pass through).
std::string ToLower(std::string_view s);
/// ASCII case-insensitive equality.
bool EqualsIgnoreCase(std::string_view a, std::string_view b);
/// Levenshtein distance with an early exit: returns max_distance + 1 when it is larger.
size_t EditDistance(std::string_view a, std::string_view b, size_t max_distance);
/// "1 action", "2 actions": a count with its noun, plural when needed.
std::string Plural(size_t count, std::string_view noun);
/// The value of a hexadecimal digit (either case), or -1.
int HexDigitValue(char c);
/// A file: URI for an absolute path, with every byte other than letters, digits and "/-_.~"
/// percent-encoded.
std::string FileUri(std::string_view path);
/// `text` for a message: cut to 80 bytes at a UTF-8 character boundary, with "..." when cut.
std::string ShortenForMessage(std::string_view text);
/// Appends code point `cp` (at most U+10FFFF, not a surrogate) to `out` as UTF-8.
void AppendUtf8(std::string& out, uint32_t cp);
/// Joins `items` with `separator`.
std::string Join(const std::vector<std::string>& items, std::string_view separator);
/// The pieces one after another. Chains of operator+ that start with a literal make GCC 12
/// report a false -Wrestrict; appending does not.
std::string Concat(std::initializer_list<std::string_view> pieces);

}  // namespace iamlint
