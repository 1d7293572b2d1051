#pragma once
// Unknown segments: parts of a policy's text that come from values not known before apply
// (infrastructure code), kept in the text so they are never lost and never match by accident.

#include <string>
#include <string_view>
#include <vector>

namespace iamlint {

// An unknown segment inside a string is written U+FDD0 <what it depends on> U+FDD1. These are
// Unicode noncharacters: no ARN, action or key contains them, so an unknown never matches a
// wildcard or a literal by accident, and rules can tell it apart.
inline constexpr std::string_view kUnknownOpen = "\xEF\xB7\x90";
inline constexpr std::string_view kUnknownClose = "\xEF\xB7\x91";

// A name that starts with '@' is identified but opaque: a resource of the scanned code whose ARN
// exists only after apply, the account or partition. It is not a gap in the analysis.

/// True when `text` holds an unknown segment.
bool HasUnknown(std::string_view text);
/// The names of the unknown segments in `text`, in order.
std::vector<std::string> UnknownNames(std::string_view text);
/// `text` with each unknown segment replaced by `*`: the glob of every value it could take.
std::string UnknownsAsWildcards(std::string_view text);
/// `text` with unknown segments shown as `${name}`, for messages.
std::string DisplayText(std::string_view text);

}  // namespace iamlint
