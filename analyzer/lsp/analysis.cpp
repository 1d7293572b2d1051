#include "analyzer/lsp/analysis.h"

#include <algorithm>
#include <exception>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "analyzer/analyze/principals.h"
#include "analyzer/analyze/suppressions.h"
#include "analyzer/extract/terraform.h"
#include "analyzer/lsp/uri.h"

namespace iamlint::lsp {
namespace {

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// Whole-module evaluation reads at most this many sibling files, each at most this big: a
// document opened in a huge directory must not stall every keystroke.
constexpr size_t kMaxSiblings = 64;
constexpr uintmax_t kMaxSiblingBytes = 4U << 20;

// The other .tf files of `path`'s directory, sorted, with their text (open text first).
std::vector<std::unique_ptr<SourceFile>> TerraformSiblings(const std::string& path,
                                                           const OpenTextLookup& open_text) {
  std::vector<std::unique_ptr<SourceFile>> siblings;
  std::error_code ec;
  const std::filesystem::path self(path);
  const std::filesystem::path dir = self.parent_path();
  if (dir.empty() || !std::filesystem::is_directory(dir, ec)) {
    return siblings;
  }
  std::vector<std::filesystem::path> names;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.size() > 3 && EndsWith(name, ".tf") && entry.path().filename() != self.filename() &&
        entry.is_regular_file(ec)) {
      names.push_back(entry.path());
    }
  }
  std::sort(names.begin(), names.end());
  for (const std::filesystem::path& p : names) {
    if (siblings.size() == kMaxSiblings) {
      break;
    }
    const std::string sibling = p.string();
    if (const std::string* text = open_text ? open_text(sibling) : nullptr) {
      siblings.push_back(std::make_unique<SourceFile>(sibling, *text));
      continue;
    }
    if (std::filesystem::file_size(p, ec) > kMaxSiblingBytes || ec) {
      continue;
    }
    std::ifstream in(p, std::ios::binary);
    std::ostringstream contents;
    contents << in.rdbuf();
    if (in) {
      siblings.push_back(std::make_unique<SourceFile>(sibling, contents.str()));
    }
  }
  return siblings;
}

// A Terraform document with the other files of its module: like ScanTerraformFile, with the
// siblings as context. Their policies are analysed too (a principal's findings need all of
// them) but only the document's findings are kept.
FileResult ScanTerraformDocument(const SourceFile& file, const std::string& path,
                                 catalog::ActionMatcher& matcher, const ScanOptions& options,
                                 const OpenTextLookup& open_text,
                                 std::vector<std::unique_ptr<SourceFile>>& keep_alive) {
  std::vector<std::unique_ptr<SourceFile>> siblings =
      path.empty() ? std::vector<std::unique_ptr<SourceFile>>{}
                   : TerraformSiblings(path, open_text);
  if (siblings.empty()) {
    return ScanTerraformFile(file, matcher, options);
  }
  std::vector<const SourceFile*> sources = {&file};
  for (const auto& s : siblings) {
    sources.push_back(s.get());
  }
  extract::TerraformOptions tf;
  tf.root = std::filesystem::path(path).parent_path();
  extract::Extraction extraction = extract::ExtractTerraformModule(sources, tf);
  FileResult result;
  std::vector<PolicyResult> others;
  std::vector<const SourceFile*> other_files;
  others.reserve(extraction.policies.size());
  for (extract::ExtractedPolicy& p : extraction.policies) {
    if (p.file == &file) {
      result.policies.push_back(AnalyzeExtracted(p, matcher, options));
    } else if (p.file != nullptr) {
      others.push_back(AnalyzeExtracted(p, matcher, options));
      other_files.push_back(p.file);
    }
  }
  for (InputError& e : extraction.errors) {
    if (e.path == file.path()) {
      result.errors.push_back(std::move(e));
    }
  }
  for (extract::ExtractedPrincipal& p : extraction.principals) {
    result.principals.push_back({std::move(p), {}});
  }
  std::vector<SourcePolicy> policies;
  for (PolicyResult& p : result.policies) {
    policies.push_back({&file, &p});
  }
  for (size_t i = 0; i < others.size(); ++i) {
    policies.push_back({other_files[i], &others[i]});
  }
  AnalyzePrincipals(result.principals, policies, matcher, options.rules);
  for (PrincipalGroup& g : result.principals) {
    std::erase_if(g.findings, [&](const LocatedFinding& f) { return f.file != &file; });
  }
  for (auto& s : siblings) {
    keep_alive.push_back(std::move(s));
  }
  for (auto& r : extraction.referenced_files) {
    keep_alive.push_back(std::move(r));
  }
  return result;
}

}  // namespace

Language LanguageOf(std::string_view language_id, std::string_view uri) {
  if (language_id == "terraform" || language_id == "hcl" || language_id == "tf" ||
      language_id == "terraform-vars") {
    return Language::kTerraform;
  }
  if (language_id == "yaml" || language_id == "cloudformation" ||
      language_id == "yaml.cloudformation") {
    return Language::kYaml;
  }
  if (language_id == "json" || language_id == "jsonc") {
    return Language::kJson;
  }
  const std::string_view name = uri.substr(0, uri.find_first_of("?#"));
  if (EndsWith(name, ".tf") || EndsWith(name, ".hcl")) {
    return Language::kTerraform;
  }
  if (EndsWith(name, ".yaml") || EndsWith(name, ".yml") || EndsWith(name, ".template")) {
    return Language::kYaml;
  }
  return Language::kJson;
}

void AnalyzeDocument(Document& doc, std::string text, const Settings& settings,
                     catalog::ActionMatcher& matcher, const OpenTextLookup& open_text,
                     std::vector<std::unique_ptr<SourceFile>>& keep_alive) {
  const std::optional<std::string> path = UriToPath(doc.uri);
  std::vector<ScannedFile> files(1);
  ScannedFile& scanned = files.front();
  scanned.path = path.value_or(doc.uri);
  scanned.source = std::make_unique<SourceFile>(scanned.path, std::move(text));
  const ScanOptions options = ScanOptionsOf(settings);
  try {
    switch (doc.language) {
      case Language::kTerraform:
        scanned.result = ScanTerraformDocument(*scanned.source, path.value_or(""), matcher, options,
                                               open_text, keep_alive);
        break;
      case Language::kYaml:
        scanned.result = ScanYamlFile(*scanned.source, matcher, options);
        break;
      case Language::kJson:
        scanned.result = ScanJsonFile(*scanned.source, matcher, options);
        break;
    }
    ApplySuppressions(files, {});
  } catch (const std::exception& e) {
    // Only a bug gets here (bad input is an input error): say so on the document and keep
    // serving.
    scanned.result = {};
    scanned.result.errors.push_back(
        {scanned.path, std::nullopt, std::string("internal error, please report it: ") + e.what()});
  }
  ApplyRuleSettings(scanned.result, settings);
  doc.scanned = std::move(scanned);
}

int LspSeverity(Severity severity) {
  switch (severity) {
    case Severity::kCritical:
    case Severity::kHigh:
      return 1;
    case Severity::kMedium:
      return 2;
    case Severity::kLow:
      return 3;
    case Severity::kInfo:
      return 4;
  }
  return 4;
}

namespace {

// The diagnostic of finding `f` of the document whose source is `own`.
DiagnosticItem ItemOf(const Finding& f, const SourceFile* own, PositionEncoding encoding) {
  DiagnosticItem d;
  d.range = f.range;
  d.severity = LspSeverity(f.severity);
  d.code = std::string(f.rule_id);
  d.message = f.message;
  if (!f.help.empty()) {
    d.message += "\nhelp: " + f.help;
  }
  d.unnecessary = f.category == Category::kRedundancy;
  d.finding = &f;
  for (const RelatedLocation& r : f.related) {
    RelatedItem& item = d.related.emplace_back();
    item.message = r.message.empty() ? std::string("related") : r.message;
    if (r.file == nullptr || r.file == own) {
      item.range = r.range;
      continue;
    }
    item.same_file = false;
    item.uri = r.file->path().starts_with('/') ? PathToUri(r.file->path()) : r.file->path();
    item.other_range = LineIndex(r.file->text()).ToRange(r.range, encoding);
  }
  return d;
}

}  // namespace

std::vector<DiagnosticItem> CollectDiagnostics(const Document& doc, PositionEncoding encoding) {
  std::vector<DiagnosticItem> items;
  const SourceFile* own = doc.scanned.source.get();
  if (own == nullptr) {
    return items;
  }
  auto add = [&](const Finding& f) {
    if (!f.suppression.has_value()) {  // suppressed in the source: not shown
      items.push_back(ItemOf(f, own, encoding));
    }
  };
  const FileResult& result = doc.scanned.result;
  for (const PrincipalGroup& g : result.principals) {
    for (const LocatedFinding& f : g.findings) {
      if (f.file == own) {
        add(f.finding);
      }
    }
  }
  for (const Finding& f : result.findings) {
    add(f);
  }
  for (const PolicyResult& p : result.policies) {
    for (const Finding& f : p.findings) {
      add(f);
    }
  }
  for (const InputError& e : result.errors) {
    if (e.path != doc.scanned.path) {
      continue;  // a file() target or another file of the module
    }
    DiagnosticItem& d = items.emplace_back();
    d.range = e.range.value_or(ByteRange{0, 0});
    d.severity = 1;
    d.message = e.message;
  }
  return items;
}

nlohmann::json DiagnosticJson(const DiagnosticItem& item, const LineIndex& index,
                              PositionEncoding encoding, const std::string& docs_base,
                              const std::string& uri) {
  auto range_json = [](const Range& r) {
    return nlohmann::json{{"start", {{"line", r.start.line}, {"character", r.start.character}}},
                          {"end", {{"line", r.end.line}, {"character", r.end.character}}}};
  };
  nlohmann::json d = {{"range", range_json(index.ToRange(item.range, encoding))},
                      {"severity", item.severity},
                      {"source", "iamlint"},
                      {"message", item.message}};
  if (!item.code.empty()) {
    d["code"] = item.code;
    if (!docs_base.empty()) {
      d["codeDescription"] = {{"href", docs_base + item.code + ".md"}};
    }
  }
  if (item.unnecessary) {
    d["tags"] = nlohmann::json::array({1});
  }
  if (!item.related.empty()) {
    nlohmann::json related = nlohmann::json::array();
    for (const RelatedItem& r : item.related) {
      related.push_back({{"location",
                          {{"uri", r.same_file ? uri : r.uri},
                           {"range", range_json(r.same_file ? index.ToRange(r.range, encoding)
                                                            : r.other_range)}}},
                         {"message", r.message}});
    }
    d["relatedInformation"] = std::move(related);
  }
  return d;
}

void ShiftDiagnostics(std::vector<DiagnosticItem>& items, ByteRange replaced, uint32_t inserted) {
  const int64_t delta = static_cast<int64_t>(inserted) - (replaced.end - replaced.begin);
  // Returns false when `r` overlaps the edit (its text changed: the finding may no longer hold).
  auto shift = [&](ByteRange& r) {
    if (r.end <= replaced.begin &&
        !(r.end == replaced.begin && r.begin == r.end && replaced.begin != replaced.end)) {
      return true;
    }
    if (r.begin >= replaced.end) {
      r.begin = static_cast<uint32_t>(r.begin + delta);
      r.end = static_cast<uint32_t>(r.end + delta);
      return true;
    }
    return false;
  };
  std::erase_if(items, [&](DiagnosticItem& d) {
    d.finding = nullptr;  // it points into an analysis that is no longer the document's
    if (!shift(d.range)) {
      return true;
    }
    std::erase_if(d.related, [&](RelatedItem& r) { return r.same_file && !shift(r.range); });
    return false;
  });
}

}  // namespace iamlint::lsp
