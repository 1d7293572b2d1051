#include <filesystem>

#include <nlohmann/json.hpp>

#include "analyzer/report/findings.h"
#include "analyzer/report/report.h"

namespace iamlint {
namespace {

using nlohmann::ordered_json;

// Findings in the --baseline file are left out of every output; suppressed ones are marked.
bool Baselined(const Finding& f) {
  return f.suppression && f.suppression->kind == Suppression::Kind::kBaseline;
}

ordered_json RangeJson(const SourceFile& file, ByteRange range) {
  const LineRange r = file.Locate(range);
  return {{"start", {{"line", r.start.line}, {"column", r.start.column}}},
          {"end", {{"line", r.end.line}, {"column", r.end.column}}},
          {"offset", {{"start", range.begin}, {"end", range.end}}}};
}

ordered_json FindingJson(const SourceFile& file, const Policy& policy, const Finding& f) {
  ordered_json j{{"rule", f.rule_id},
                 {"name", f.rule_name},
                 {"category", CategoryName(f.category)},
                 {"severity", SeverityName(f.severity)},
                 {"message", f.message},
                 {"help", f.help},
                 {"path", file.path()},
                 {"range", RangeJson(file, f.range)},
                 {"policy",
                  {{"kind", PolicyKindName(policy.kind)},
                   {"kind_inferred", policy.kind_inferred},
                   {"name", policy.name}}}};
  if (!policy.address.empty()) {
    ordered_json& p = j["policy"];
    p["address"] = policy.address;
    p["attribute"] = policy.attribute;
    if (!policy.note.empty()) {
      p["note"] = policy.note;
    }
    if (!policy.construct.empty()) {
      p["cdk_path"] = policy.construct;
    }
  }
  if (!policy.principal.empty()) {
    j["principal"] = {{"address", policy.principal}};
  }
  if (!f.statement.empty()) {
    j["statement"] = f.statement;
  }
  if (!f.actions.empty()) {
    j["actions"] = f.actions;
  }
  if (!f.method.empty()) {
    j["method"] = f.method;
  }
  if (!f.aws_check.empty()) {
    j["aws_check"] = f.aws_check;
  }
  if (f.suppression) {
    j["suppressed"] = true;
    ordered_json by{{"kind", "inSource"}, {"reason", f.suppression->reason}};
    if (f.suppression->file != nullptr) {
      by["path"] = f.suppression->file->path();
      by["range"] = RangeJson(*f.suppression->file, f.suppression->range);
    }
    j["suppression"] = std::move(by);
  }
  if (!f.related.empty()) {
    ordered_json related = ordered_json::array();
    for (const RelatedLocation& r : f.related) {
      const SourceFile& in = r.file != nullptr ? *r.file : file;
      related.push_back(
          {{"path", in.path()}, {"range", RangeJson(in, r.range)}, {"message", r.message}});
    }
    j["related"] = std::move(related);
  }
  return j;
}

}  // namespace

void WriteJson(std::ostream& out, const std::vector<ScannedFile>& files,
               std::string_view catalog_date) {
  ordered_json findings = ordered_json::array();
  ordered_json errors = ordered_json::array();
  ordered_json policies = ordered_json::array();
  ordered_json principals = ordered_json::array();
  for (const ScannedFile& f : files) {
    for (const PrincipalGroup& g : f.result.principals) {
      const extract::ExtractedPrincipal& p = g.principal;
      ordered_json entry{{"address", p.address},
                         {"module", std::filesystem::path(f.path).parent_path().string()},
                         {"policies", p.policies},
                         {"attached", p.attached}};
      if (!p.boundary.empty()) {
        entry["boundary"] = p.boundary;
      }
      for (const LocatedFinding& pf : g.findings) {
        if (Baselined(pf.finding)) {
          continue;
        }
        findings.push_back(FindingJson(*pf.file, PrincipalPolicy(g), pf.finding));
      }
      principals.push_back(std::move(entry));
    }
    for (const InputError& e : f.result.errors) {
      ordered_json err{{"path", e.path}, {"message", e.message}};
      if (f.source && e.range) {
        err["range"] = RangeJson(*f.source, *e.range);
      }
      errors.push_back(std::move(err));
    }
    for (const Finding& finding : f.result.findings) {
      if (!Baselined(finding)) {
        findings.push_back(FindingJson(*f.source, Policy{}, finding));
      }
    }
    for (const PolicyResult& p : f.result.policies) {
      size_t shown = 0;
      for (const Finding& finding : p.findings) {
        if (!Baselined(finding)) {
          findings.push_back(FindingJson(*f.source, p.policy, finding));
          shown += finding.suppression ? 0 : 1;
        }
      }
      ordered_json entry{{"path", f.path},
                         {"kind", PolicyKindName(p.policy.kind)},
                         {"name", p.policy.name},
                         {"statements", p.policy.statements.size()},
                         {"findings", shown}};
      if (!p.policy.address.empty()) {
        entry["address"] = p.policy.address;
        entry["attribute"] = p.policy.attribute;
        entry["resolved"] = p.policy.resolved;
      }
      if (!p.policy.principal.empty()) {
        entry["principal"] = p.policy.principal;
      }
      policies.push_back(std::move(entry));
    }
  }
  const ScanSummary s = Summarize(files);
  ordered_json by_severity = ordered_json::object();
  for (int i = 0; i < 5; ++i) {
    by_severity[std::string(SeverityName(static_cast<Severity>(i)))] = s.by_severity[i];
  }
  const ordered_json doc{
      {"schema", 1},
      {"tool", {{"name", "iamlint"}, {"version", IAMLINT_VERSION}, {"catalog", catalog_date}}},
      {"findings", std::move(findings)},
      {"errors", std::move(errors)},
      {"policies", std::move(policies)},
      {"principals", std::move(principals)},
      {"summary",
       {{"files", s.files},
        {"policies", s.policies},
        {"findings", s.findings},
        {"errors", s.errors},
        {"suppressed", s.suppressed},
        {"baselined", s.baselined},
        {"by_severity", std::move(by_severity)}}}};
  out << doc.dump(2, ' ', false, ordered_json::error_handler_t::replace) << '\n';
}

}  // namespace iamlint
