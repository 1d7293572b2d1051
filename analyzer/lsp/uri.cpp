#include "analyzer/lsp/uri.h"

#include <string_view>

#include "analyzer/core/strings.h"

namespace iamlint::lsp {

std::optional<std::string> UriToPath(std::string_view uri) {
  constexpr std::string_view kScheme = "file://";
  if (uri.size() < kScheme.size() || uri.substr(0, kScheme.size()) != kScheme) {
    return std::nullopt;
  }
  std::string_view rest = uri.substr(kScheme.size());
  const size_t slash = rest.find('/');
  if (slash == std::string_view::npos) {
    return std::nullopt;
  }
  rest.remove_prefix(slash);  // the authority (usually empty, or "localhost")
  rest = rest.substr(0, rest.find_first_of("?#"));
  std::string path;
  for (size_t i = 0; i < rest.size(); ++i) {
    if (rest[i] == '%' && i + 2 < rest.size() && HexDigitValue(rest[i + 1]) >= 0 &&
        HexDigitValue(rest[i + 2]) >= 0) {
      path += static_cast<char>(HexDigitValue(rest[i + 1]) * 16 + HexDigitValue(rest[i + 2]));
      i += 2;
    } else {
      path += rest[i];
    }
  }
  if (path.find('\0') != std::string::npos) {
    return std::nullopt;
  }
  return path;
}

std::string PathToUri(std::string_view path) {
  return FileUri(path);
}

}  // namespace iamlint::lsp
