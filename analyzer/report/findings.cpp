#include "analyzer/report/findings.h"

#include <cstdint>
#include <filesystem>

namespace iamlint {

AnnotationLevel LevelOf(Severity severity) {
  switch (severity) {
    case Severity::kCritical:
    case Severity::kHigh:
      return AnnotationLevel::kError;
    case Severity::kMedium:
      return AnnotationLevel::kWarning;
    case Severity::kLow:
    case Severity::kInfo:
      return AnnotationLevel::kNote;
  }
  return AnnotationLevel::kNote;
}

Policy PrincipalPolicy(const PrincipalGroup& group) {
  Policy whole;
  whole.kind = PolicyKind::kIdentity;
  whole.name = group.principal.address;
  whole.address = group.principal.address;
  whole.principal = group.principal.address;
  return whole;
}

std::string StableHash(std::span<const std::string_view> parts) {
  uint64_t hash = 14695981039346656037ULL;  // FNV-1a
  for (const std::string_view part : parts) {
    for (const char c : part) {
      hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
    }
    hash = (hash ^ 0xFFU) * 1099511628211ULL;  // separator
  }
  constexpr std::string_view kHex = "0123456789abcdef";
  std::string hex(16, '0');
  for (size_t i = 0; i < hex.size(); ++i) {
    hex[hex.size() - 1 - i] = kHex[(hash >> (4 * i)) & 0xFU];
  }
  return hex;
}

std::string FindingFingerprint(const FindingSite& site) {
  const Finding& f = site.finding;
  const std::string normalized_path =
      std::filesystem::path(site.file.path()).lexically_normal().generic_string();
  std::vector<std::string_view> parts{
      f.rule_id,
      normalized_path,
      site.policy.address.empty() ? site.policy.name : site.policy.address,
      f.statement,
      f.method,
      f.message};
  const std::string_view text = site.file.text();
  if (f.range.begin <= f.range.end && f.range.end <= text.size()) {
    parts.push_back(text.substr(f.range.begin, f.range.end - f.range.begin));
  }
  return StableHash(parts);
}

void ForEachFinding(const std::vector<ScannedFile>& files,
                    const std::function<void(const FindingSite&)>& visit, Suppressed suppressed) {
  auto shown = [&](const Finding& f) {
    return !f.suppression || (suppressed == Suppressed::kInSource &&
                              f.suppression->kind == Suppression::Kind::kInSource);
  };
  VisitAllFindings(files, [&](const SourceFile& file, const Policy& policy, const Finding& f) {
    if (shown(f)) {
      visit({file, policy, f});
    }
  });
}

}  // namespace iamlint
