#include "analyzer/core/unknown.h"

namespace iamlint {

bool HasUnknown(std::string_view text) {
  return text.find(kUnknownOpen) != std::string_view::npos;
}

std::vector<std::string> UnknownNames(std::string_view text) {
  std::vector<std::string> names;
  size_t at = 0;
  while ((at = text.find(kUnknownOpen, at)) != std::string_view::npos) {
    const size_t begin = at + kUnknownOpen.size();
    const size_t end = text.find(kUnknownClose, begin);
    if (end == std::string_view::npos) {
      break;
    }
    names.emplace_back(text.substr(begin, end - begin));
    at = end + kUnknownClose.size();
  }
  return names;
}

std::string DisplayText(std::string_view text) {
  std::string out;
  size_t at = 0;
  while (at < text.size()) {
    const size_t open = text.find(kUnknownOpen, at);
    if (open == std::string_view::npos) {
      out.append(text.substr(at));
      break;
    }
    out.append(text.substr(at, open - at));
    const size_t begin = open + kUnknownOpen.size();
    const size_t close = text.find(kUnknownClose, begin);
    const size_t end = close == std::string_view::npos ? text.size() : close;
    std::string_view name = text.substr(begin, end - begin);
    if (!name.empty() && name.front() == '@') {
      name.remove_prefix(1);
    }
    out += "${" + std::string(name) + "}";
    at = close == std::string_view::npos ? text.size() : close + kUnknownClose.size();
  }
  return out;
}

std::string UnknownsAsWildcards(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t at = 0;
  while (at < text.size()) {
    const size_t open = text.find(kUnknownOpen, at);
    if (open == std::string_view::npos) {
      break;
    }
    const size_t close = text.find(kUnknownClose, open + kUnknownOpen.size());
    if (close == std::string_view::npos) {
      break;
    }
    out.append(text.substr(at, open - at));
    out += '*';
    at = close + kUnknownClose.size();
  }
  out.append(text.substr(at));
  return out;
}

}  // namespace iamlint
