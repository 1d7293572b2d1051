// SARIF 2.1.0 (https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html), as GitHub code
// scanning reads it: rules with help and security-severity, results with regions and
// partialFingerprints.

#include <array>
#include <string_view>

#include <nlohmann/json.hpp>

#include "analyzer/report/docs_location.h"
#include "analyzer/report/findings.h"
#include "analyzer/report/report.h"

namespace iamlint {
namespace {

using nlohmann::ordered_json;

std::string_view Level(Severity severity) {
  constexpr std::array<std::string_view, 3> kNames{"error", "warning", "note"};
  return kNames[static_cast<size_t>(LevelOf(severity))];
}

// GitHub's security-severity: 9.0+ critical, 7.0-8.9 high, 4.0-6.9 medium, 0.1-3.9 low.
std::string_view SecuritySeverity(Severity severity) {
  switch (severity) {
    case Severity::kCritical:
      return "9.5";
    case Severity::kHigh:
      return "8.0";
    case Severity::kMedium:
      return "5.5";
    case Severity::kLow:
      return "3.0";
    case Severity::kInfo:
      return "1.0";
  }
  return "1.0";
}

// A relative URI reference for a path: forward slashes, and the characters URIs reserve
// percent-encoded.
std::string UriOf(std::string_view path) {
  std::string uri;
  for (const char c : path) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '\\') {
      uri += '/';
    } else if (u <= 0x20U || u >= 0x7FU || c == '%' || c == '#' || c == '?' || c == '[' ||
               c == ']') {
      constexpr std::string_view kHex = "0123456789ABCDEF";
      uri += '%';
      uri += kHex[u >> 4U];
      uri += kHex[u & 0xFU];
    } else {
      uri += c;
    }
  }
  return uri;
}

ordered_json Region(const SourceFile& file, ByteRange range) {
  const LineRange r = file.Locate(range);
  return {{"startLine", r.start.line},
          {"startColumn", r.start.column},
          {"endLine", r.end.line},
          {"endColumn", r.end.column}};
}

ordered_json RuleJson(const RuleInfo& info) {
  ordered_json properties{{"tags", {"security", CategoryName(info.category)}},
                          {"security-severity", SecuritySeverity(info.severity)},
                          {"precision", "high"}};
  if (!info.aws_checks.empty()) {
    properties["aws_checks"] =
        std::vector<std::string_view>(info.aws_checks.begin(), info.aws_checks.end());
  }
  const std::string doc = RuleMarkdown(info);
  return {{"id", info.id},
          {"name", info.name},
          {"shortDescription", {{"text", info.summary}}},
          {"fullDescription", {{"text", info.summary}}},
          {"helpUri", RuleDocUri(info.id)},
          {"help", {{"text", doc}, {"markdown", doc}}},
          {"defaultConfiguration", {{"level", Level(info.severity)}}},
          {"properties", std::move(properties)}};
}

// One finding as a SARIF result.
ordered_json ResultJson(const FindingSite& site, int rule_index) {
  const Finding& f = site.finding;
  std::string message = f.message;
  if (!f.help.empty()) {
    message += "\nhelp: " + f.help;
  }
  ordered_json result{
      {"ruleId", f.rule_id},
      {"level", Level(f.severity)},
      {"message", {{"text", message}}},
      {"locations",
       {{{"physicalLocation",
          {{"artifactLocation", {{"uri", UriOf(site.file.path())}}},
           {"region", Region(site.file, f.range)}}}}}},
      {"partialFingerprints", {{"iamlintFindingHash/v1", FindingFingerprint(site)}}}};
  if (rule_index >= 0) {
    result["ruleIndex"] = rule_index;
  }
  if (!f.related.empty()) {
    ordered_json related = ordered_json::array();
    for (size_t i = 0; i < f.related.size(); ++i) {
      const RelatedLocation& r = f.related[i];
      const SourceFile& in = r.file != nullptr ? *r.file : site.file;
      related.push_back(
          {{"id", i},
           {"message", {{"text", r.message}}},
           {"physicalLocation",
            {{"artifactLocation", {{"uri", UriOf(in.path())}}}, {"region", Region(in, r.range)}}}});
    }
    result["relatedLocations"] = std::move(related);
  }
  if (f.suppression) {
    ordered_json suppression{{"kind", "inSource"}, {"justification", f.suppression->reason}};
    if (f.suppression->file != nullptr) {
      suppression["location"] = {
          {"physicalLocation",
           {{"artifactLocation", {{"uri", UriOf(f.suppression->file->path())}}},
            {"region", Region(*f.suppression->file, f.suppression->range)}}}};
    }
    result["suppressions"] = {std::move(suppression)};
  }
  ordered_json properties{
      {"severity", SeverityName(f.severity)},
      {"category", CategoryName(f.category)},
      {"policy", site.policy.address.empty() ? site.policy.name : site.policy.address}};
  if (!f.aws_check.empty()) {
    properties["aws_check"] = f.aws_check;
  }
  if (!f.method.empty()) {
    properties["method"] = f.method;
  }
  result["properties"] = std::move(properties);
  return result;
}

// Input errors as tool notifications.
ordered_json NotificationsJson(const std::vector<ScannedFile>& files) {
  ordered_json notifications = ordered_json::array();
  for (const ScannedFile& f : files) {
    for (const InputError& e : f.result.errors) {
      ordered_json n{{"level", "error"}, {"message", {{"text", e.message}}}};
      ordered_json location{{"artifactLocation", {{"uri", UriOf(e.path)}}}};
      if (f.source && e.range) {
        location["region"] = Region(*f.source, *e.range);
      }
      n["locations"] = {{{"physicalLocation", std::move(location)}}};
      notifications.push_back(std::move(n));
    }
  }
  return notifications;
}

}  // namespace

void WriteSarif(std::ostream& out, const std::vector<ScannedFile>& files) {
  ordered_json rules = ordered_json::array();
  for (const Rule* rule : AllRules()) {
    rules.push_back(RuleJson(rule->info));
  }
  auto rule_index = [](std::string_view id) {
    const auto& all = AllRules();
    for (size_t i = 0; i < all.size(); ++i) {
      if (all[i]->info.id == id) {
        return static_cast<int>(i);
      }
    }
    return -1;
  };
  ordered_json results = ordered_json::array();
  ForEachFinding(
      files,
      [&](const FindingSite& site) {
        results.push_back(ResultJson(site, rule_index(site.finding.rule_id)));
      },
      Suppressed::kInSource);
  ordered_json notifications = NotificationsJson(files);
  const ordered_json log{{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
                         {"version", "2.1.0"},
                         {"runs",
                          {{{"tool",
                             {{"driver",
                               {{"name", "iamlint"},
                                {"informationUri", DocsHomeUri()},
                                {"version", IAMLINT_VERSION},
                                {"semanticVersion", IAMLINT_VERSION},
                                {"rules", std::move(rules)}}}}},
                            {"invocations",
                             {{{"executionSuccessful", notifications.empty()},
                               {"toolExecutionNotifications", std::move(notifications)}}}},
                            {"columnKind", "unicodeCodePoints"},
                            {"results", std::move(results)}}}}};
  out << log.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

}  // namespace iamlint
