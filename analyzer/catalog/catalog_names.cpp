// Names of access levels and condition key types (shared with the build-time packer).

#include <array>
#include <utility>

#include "analyzer/catalog/catalog.h"

namespace iamlint::catalog {
namespace {

constexpr std::array<std::pair<KeyType, std::string_view>, 14> kKeyTypes{{
    {KeyType::kString, "String"},
    {KeyType::kArn, "ARN"},
    {KeyType::kBool, "Bool"},
    {KeyType::kDate, "Date"},
    {KeyType::kNumeric, "Numeric"},
    {KeyType::kIpAddress, "IPAddress"},
    {KeyType::kBinary, "Binary"},
    {KeyType::kArrayOfString, "ArrayOfString"},
    {KeyType::kArrayOfArn, "ArrayOfARN"},
    {KeyType::kArrayOfBool, "ArrayOfBool"},
    {KeyType::kArrayOfDate, "ArrayOfDate"},
    {KeyType::kArrayOfNumeric, "ArrayOfNumeric"},
    {KeyType::kArrayOfIpAddress, "ArrayOfIPAddress"},
    {KeyType::kArrayOfBinary, "ArrayOfBinary"},
}};

}  // namespace

std::string_view AccessLevelName(AccessLevel level) {
  switch (level) {
    case AccessLevel::kList:
      return "List";
    case AccessLevel::kRead:
      return "Read";
    case AccessLevel::kWrite:
      return "Write";
    case AccessLevel::kPermissionsManagement:
      return "Permissions management";
    case AccessLevel::kTagging:
      return "Tagging";
  }
  return "Unknown";
}

std::string_view KeyTypeName(KeyType type) {
  for (const auto& [value, name] : kKeyTypes) {
    if (value == type) {
      return name;
    }
  }
  return "Unknown";
}

KeyType ParseKeyType(std::string_view name) {
  for (const auto& [value, known] : kKeyTypes) {
    if (known == name) {
      return value;
    }
  }
  // The reference also writes "Boolean", "ArrayOfBoolean" and "IpAddress" in places.
  if (name == "Boolean") {
    return KeyType::kBool;
  }
  if (name == "ArrayOfBoolean") {
    return KeyType::kArrayOfBool;
  }
  if (name == "IpAddress") {
    return KeyType::kIpAddress;
  }
  return KeyType::kUnknown;
}

}  // namespace iamlint::catalog
