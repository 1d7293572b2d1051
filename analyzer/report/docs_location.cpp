#include "analyzer/report/docs_location.h"

#include <cstdlib>
#include <filesystem>

#include "analyzer/core/strings.h"

namespace iamlint {
namespace {

struct DocsLocation {
  std::string home;   // the README
  std::string rules;  // the folder of the rule pages, no trailing slash
};

std::string FileUri(const std::filesystem::path& path) {
  return iamlint::FileUri(path.generic_string());
}

DocsLocation Locate() {
  // Hosted documentation, with the layout of docs/ (README.md, rules/ID.md).
  if (const char* hosted = std::getenv("IAMLINT_DOCS_URL"); hosted != nullptr && *hosted != 0) {
    std::string base = hosted;
    while (base.ends_with('/')) {
      base.pop_back();
    }
    return {base + "/README.md", base + "/rules"};
  }
  std::error_code ec;
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {  // installed: <prefix>/bin/iamlint beside <prefix>/share/doc/iamlint
    const std::filesystem::path docs = exe.parent_path().parent_path() / "share/doc/iamlint";
    if (std::filesystem::exists(docs / "README.md", ec)) {
      return {FileUri(docs / "README.md"), FileUri(docs / "rules")};
    }
  }
  const std::filesystem::path source = IAMLINT_SOURCE_DIR;  // a build tree
  return {FileUri(source / "README.md"), FileUri(source / "docs/rules")};
}

const DocsLocation& Docs() {
  static const DocsLocation kDocs = Locate();
  return kDocs;
}

}  // namespace

const std::string& DocsHomeUri() {
  return Docs().home;
}

std::string RuleDocUri(std::string_view rule_id) {
  std::string uri = Docs().rules;
  uri += '/';
  uri += rule_id;
  uri += ".md";
  return uri;
}

}  // namespace iamlint
