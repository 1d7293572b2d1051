// Observed actions and resources -> a least-privilege policy.

#include "analyzer/least/generate.h"

#include <algorithm>
#include <array>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "analyzer/catalog/wildcard.h"
#include "analyzer/core/strings.h"

namespace iamlint::least {

using catalog::ArnGlobContains;
using catalog::ArnGlobsIntersect;
using catalog::GlobMatch;
using catalog::SplitArn;

namespace {

// The partition and account of the principal, for patterns of resources the logs did not name.
struct Home {
  std::string partition = "aws";
  std::string account;
};

Home HomeOf(const std::string& principal_arn) {
  Home home;
  std::array<std::string_view, 6> fields;
  if (SplitArn(principal_arn, fields)) {
    home.partition = std::string(fields[1]);
    home.account = std::string(fields[4]);
  }
  return home;
}

// The ARN format of `type` with the partition, region and account filled in and every other
// variable as `*`: "arn:aws:sqs:*:111122223333:*".
std::string TypePattern(const catalog::Catalog& cat, catalog::ResourceTypeId type,
                        const std::string& partition, const std::string& region,
                        const std::string& account) {
  const std::string_view format = cat.ResourceTypeArn(type);
  std::string out;
  size_t i = 0;
  while (i < format.size()) {
    if (format.compare(i, 2, "${") == 0) {
      const size_t close = format.find('}', i);
      if (close == std::string_view::npos) {
        break;
      }
      const std::string_view var = format.substr(i + 2, close - i - 2);
      if (var == "Partition") {
        out += partition;
      } else if (var == "Region") {
        out += region.empty() ? "*" : region;
      } else if (var == "Account") {
        out += account.empty() ? "*" : account;
      } else if (out.empty() || out.back() != '*') {
        out += '*';
      }
      i = close + 1;
    } else {
      out += format[i++];
    }
  }
  return out;
}

// The resource type of action `id` whose ARN format matches `arn`, if any.
std::optional<catalog::ResourceTypeId> TypeOf(const catalog::Catalog& cat, catalog::ActionId id,
                                              const std::string& arn) {
  for (const catalog::ActionResource& r : cat.ActionResourceTypes(id)) {
    if (GlobMatch(ArnFormatGlobOf(cat, r.resource_type), arn, false)) {
      return r.resource_type;
    }
  }
  return std::nullopt;
}

// Field `index` of an ARN ("" when it is not one).
std::string ArnField(const std::string& arn, size_t index) {
  std::array<std::string_view, 6> fields;
  return SplitArn(arn, fields) ? std::string(fields[index]) : std::string();
}

// The field shared by every ARN, or "*".
std::string CommonField(const std::set<std::string>& arns, size_t index) {
  std::string common;
  for (const std::string& arn : arns) {
    const std::string field = ArnField(arn, index);
    if (&arn == &*arns.begin()) {
      common = field;
    } else if (field != common) {
      return "*";
    }
  }
  return common;
}

// S3 objects: one pattern per bucket and top-level key prefix ("arn:aws:s3:::b/data/*"), or the
// whole bucket when keys have no prefix or too many.
void AddObjectPatterns(const std::map<std::string, std::set<std::string>>& prefixes,
                       const GenerateOptions& options, std::set<std::string>& out) {
  for (const auto& [bucket, segments] : prefixes) {
    if (segments.contains("") || segments.size() > options.max_prefixes) {
      out.insert(bucket + "/*");
      continue;
    }
    for (const std::string& segment : segments) {
      out.insert(Concat({bucket, "/", segment, "*"}));
    }
  }
}

// The ARNs seen for action `id`, by kind: S3 object key prefixes per bucket, other ARNs per
// resource type. ARNs of another type (the bucket of an object) are left out.
struct Observed {
  std::map<std::string, std::set<std::string>> object_prefixes;  // bucket ARN -> key prefixes
  std::map<catalog::ResourceTypeId, std::set<std::string>> exact;
};

Observed SortObserved(const catalog::Catalog& cat, catalog::ActionId id,
                      const activity::ActionUse& use) {
  Observed seen;
  for (const std::string& arn : use.resources) {
    const auto type = TypeOf(cat, id, arn);
    if (!type) {
      continue;
    }
    if (cat.ResourceTypeName(*type) == "object" && arn.starts_with("arn:") &&
        arn.find(":s3:::") != std::string::npos) {
      const size_t slash = arn.find('/');
      const std::string key = slash == std::string::npos ? "" : arn.substr(slash + 1);
      const size_t key_slash = key.find('/');
      seen.object_prefixes[arn.substr(0, slash)].insert(
          key_slash == std::string::npos ? "" : key.substr(0, key_slash + 1));
      continue;
    }
    seen.exact[*type].insert(arn);
  }
  return seen;
}

// For calls that named no resource: the action's resource types within the account (the
// required ones when some are required).
void AddUnnamedPatterns(const catalog::Catalog& cat, catalog::ActionId id, const Home& home,
                        std::set<std::string>& out, std::vector<std::string>& notes) {
  const auto types = cat.ActionResourceTypes(id);
  const bool any_required = std::any_of(
      types.begin(), types.end(), [](const catalog::ActionResource& r) { return r.required; });
  for (const catalog::ActionResource& r : types) {
    if (r.required || !any_required) {
      out.insert(TypePattern(cat, r.resource_type, home.partition, "", home.account));
    }
  }
  notes.push_back(Concat({cat.FullActionName(id),
                          ": the logs name no resource for some calls; granted on every ",
                          cat.ResourceTypeName(types.front().resource_type),
                          " of the account: narrow it if you can"}));
}

// The resources to grant action `id` on, from the resources it was seen on.
std::vector<std::string> ResourcesFor(const catalog::Catalog& cat, catalog::ActionId id,
                                      const activity::ActionUse& use, const Home& home,
                                      const GenerateOptions& options,
                                      std::vector<std::string>& notes) {
  if (cat.ActionResourceTypes(id).empty()) {
    return {"*"};  // the action takes no resource: "*" is the only valid Resource
  }
  const Observed seen = SortObserved(cat, id, use);
  std::set<std::string> out;
  AddObjectPatterns(seen.object_prefixes, options, out);
  for (const auto& [type, arns] : seen.exact) {
    if (arns.size() <= options.max_arns && !use.resources_truncated) {
      out.insert(arns.begin(), arns.end());
      continue;
    }
    out.insert(
        TypePattern(cat, type, CommonField(arns, 1), CommonField(arns, 3), CommonField(arns, 4)));
    notes.push_back(Concat({cat.FullActionName(id), ": ", std::to_string(arns.size()),
                            use.resources_truncated ? " or more " : " ", cat.ResourceTypeName(type),
                            " resources seen, granted on their ARN pattern"}));
  }
  if (out.empty() || use.resource_unknown) {
    AddUnnamedPatterns(cat, id, home, out, notes);
  }
  return {out.begin(), out.end()};
}

// True when an Allow of `bound` for action `id` contains `resource`; otherwise the patterns of
// those Allows that overlap it are added to `overlapping`.
bool BoundContains(const PolicySet& bound, catalog::ActionId id, const std::string& resource,
                   std::vector<std::string>& overlapping) {
  for (const StatementGrant& grant : bound.allows()) {
    if (!grant.actions.Contains(id) || grant.condition.kind == ConditionClass::kNeverTrue) {
      continue;
    }
    if (grant.all_resources) {
      return true;
    }
    for (const std::string& glob : grant.globs) {
      if (glob == "*" || ArnGlobContains(glob, resource)) {
        return true;
      }
      if (ArnGlobsIntersect(glob, resource)) {
        overlapping.push_back(glob);
      }
    }
  }
  return false;
}

// `resources` within what `bound` allows action `id` on: a resource it contains stays, one it
// does not is replaced by the narrower patterns of the bound that it overlaps.
std::vector<std::string> Bounded(const PolicySet& bound, catalog::ActionId id,
                                 const std::vector<std::string>& resources) {
  std::set<std::string> out;
  for (const std::string& resource : resources) {
    std::vector<std::string> overlapping;
    if (BoundContains(bound, id, resource, overlapping)) {
      out.insert(resource);
    } else {
      out.insert(overlapping.begin(), overlapping.end());
    }
  }
  return {out.begin(), out.end()};
}

// "S3Read", "DynamodbWrite": the service and the highest access level of the actions.
std::string StatementSid(const catalog::Catalog& cat, const std::string& service,
                         const std::vector<catalog::ActionId>& ids) {
  std::string sid;
  bool upper = true;
  for (const char c : service) {
    if (std::isalnum(static_cast<unsigned char>(c)) == 0) {
      upper = true;
      continue;
    }
    sid += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  bool write = false;
  bool permissions = false;
  bool tagging = false;
  for (const catalog::ActionId id : ids) {
    const catalog::AccessLevel level = cat.ActionAccessLevel(id);
    write = write || level == catalog::AccessLevel::kWrite;
    permissions = permissions || level == catalog::AccessLevel::kPermissionsManagement;
    tagging = tagging || level == catalog::AccessLevel::kTagging;
  }
  sid += permissions ? "Permissions" : write ? "Write" : tagging ? "Tagging" : "Read";
  return sid;
}

size_t CompactSize(const GeneratedStatement& st) {
  nlohmann::ordered_json j = {
      {"Sid", st.sid}, {"Effect", "Allow"}, {"Action", st.actions}, {"Resource", st.resources}};
  return j.dump().size();
}

nlohmann::ordered_json DocumentJson(const std::vector<GeneratedStatement>& statements) {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const GeneratedStatement& st : statements) {
    nlohmann::ordered_json s;
    s["Sid"] = st.sid;
    s["Effect"] = "Allow";
    s["Action"] = st.actions.size() == 1 ? nlohmann::ordered_json(st.actions.front())
                                         : nlohmann::ordered_json(st.actions);
    s["Resource"] = st.resources.size() == 1 ? nlohmann::ordered_json(st.resources.front())
                                             : nlohmann::ordered_json(st.resources);
    list.push_back(std::move(s));
  }
  return {{"Version", "2012-10-17"}, {"Statement", std::move(list)}};
}

// A string in double quotes, escaped for HCL (template sequences too) or YAML.
std::string Quoted(std::string_view text, bool hcl) {
  std::string out = "\"";
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '"' || c == '\\') {
      out += '\\';
    } else if (hcl && (c == '$' || c == '%') && i + 1 < text.size() && text[i + 1] == '{') {
      out += c;  // "$${" is a literal "${" in HCL
    }
    out += c;
  }
  return out + "\"";
}

std::string HclList(const std::vector<std::string>& items, const std::string& indent) {
  std::string out = "[";
  if (items.size() == 1) {
    return Concat({out, Quoted(items.front(), true), "]"});
  }
  out += "\n";
  for (const std::string& item : items) {
    out += Concat({indent, "  ", Quoted(item, true), ",\n"});
  }
  return Concat({out, indent, "]"});
}

}  // namespace

GeneratedPolicy GeneratePolicy(const activity::PrincipalActivity& used, const catalog::Catalog& cat,
                               const PolicySet* bound, const GenerateOptions& options) {
  GeneratedPolicy policy;
  policy.principal_arn = used.arn;
  const Home home = HomeOf(used.arn);
  std::vector<catalog::ActionId> ids;
  ids.reserve(used.actions.size());
  for (const auto& [id, use] : used.actions) {
    ids.push_back(id);
  }
  std::sort(ids.begin(), ids.end());
  policy.observed = ids.size();
  // (service, resources) -> actions: one statement each.
  std::map<std::pair<std::string, std::vector<std::string>>, std::vector<catalog::ActionId>> groups;
  for (const catalog::ActionId id : ids) {
    if (bound != nullptr && !bound->Reachable().Contains(id)) {
      policy.dropped.push_back(cat.FullActionName(id));
      continue;
    }
    std::vector<std::string> resources =
        ResourcesFor(cat, id, used.actions.at(id), home, options, policy.notes);
    if (bound != nullptr) {
      resources = Bounded(*bound, id, resources);
      if (resources.empty()) {
        policy.dropped.push_back(cat.FullActionName(id));
        continue;
      }
    }
    groups[{std::string(cat.ServicePrefix(cat.ActionService(id))), std::move(resources)}].push_back(
        id);
  }
  std::vector<GeneratedStatement> statements;
  std::map<std::string, int> sid_uses;
  for (const auto& [key, actions] : groups) {
    GeneratedStatement st;
    st.sid = StatementSid(cat, key.first, actions);
    if (const int n = ++sid_uses[st.sid]; n > 1) {
      st.sid += std::to_string(n);
    }
    for (const catalog::ActionId id : actions) {
      st.actions.emplace_back(cat.FullActionName(id));
    }
    st.resources = key.second;
    statements.push_back(std::move(st));
  }
  if (bound != nullptr && bound->Reachable().Contains(*cat.FindAction("iam:PassRole"))) {
    policy.notes.emplace_back(
        "iam:PassRole is granted today but CloudTrail does not log it: add it by hand, "
        "limited to the roles the principal passes, if it still needs it");
  }
  // Pack statements into documents under the managed-policy quota.
  const size_t envelope = DocumentJson({}).dump().size();
  size_t size = envelope;
  for (GeneratedStatement& st : statements) {
    const size_t add = CompactSize(st) + 1;
    if (policy.documents.empty() || size + add > options.max_characters) {
      policy.documents.emplace_back();
      size = envelope;
    }
    size += add;
    policy.documents.back().push_back(std::move(st));
  }
  if (policy.documents.size() > 1) {
    policy.notes.push_back(Concat({"split into ", std::to_string(policy.documents.size()),
                                   " policies: one would exceed the ",
                                   std::to_string(options.max_characters), "-character quota"}));
  }
  return policy;
}

std::string GeneratedJson(const GeneratedPolicy& policy) {
  if (policy.documents.size() == 1) {
    return DocumentJson(policy.documents.front()).dump(2) + "\n";
  }
  nlohmann::ordered_json all = nlohmann::ordered_json::array();
  for (const auto& doc : policy.documents) {
    all.push_back(DocumentJson(doc));
  }
  if (policy.documents.empty()) {
    return DocumentJson({}).dump(2) + "\n";
  }
  return all.dump(2) + "\n";
}

std::string GeneratedTerraform(const GeneratedPolicy& policy, const std::string& name) {
  std::string out = Concat({"# Generated by iamlint from the activity of ", policy.principal_arn,
                            ": ", std::to_string(policy.observed), " actions observed.\n"});
  for (size_t d = 0; d < std::max<size_t>(policy.documents.size(), 1); ++d) {
    out += Concat({"data \"aws_iam_policy_document\" \"", name,
                   d == 0 ? "" : Concat({"_", std::to_string(d + 1)}), "\" {\n"});
    if (d < policy.documents.size()) {
      for (const GeneratedStatement& st : policy.documents[d]) {
        out += "  statement {\n";
        out += Concat({"    sid       = ", Quoted(st.sid, true), "\n"});
        out += "    effect    = \"Allow\"\n";
        out += Concat({"    actions   = ", HclList(st.actions, "    "), "\n"});
        out += Concat({"    resources = ", HclList(st.resources, "    "), "\n"});
        out += "  }\n";
      }
    }
    out += "}\n";
  }
  return out;
}

std::string GeneratedCloudFormation(const GeneratedPolicy& policy, const std::string& name,
                                    const activity::Window& window) {
  std::array<std::string_view, 6> fields;
  std::string kind;
  std::string principal_name;
  if (SplitArn(policy.principal_arn, fields)) {
    const std::string_view resource = fields[5];
    const size_t slash = resource.find('/');
    kind = std::string(resource.substr(0, slash));
    principal_name = std::string(resource.substr(resource.rfind('/') + 1));
  }
  std::string out = "AWSTemplateFormatVersion: \"2010-09-09\"\n";
  out += Concat({"Description: ",
                 Quoted(Concat({"Least privilege for ", policy.principal_arn,
                                ", generated by iamlint from its activity ",
                                activity::FormatTime(window.since), " to ",
                                activity::FormatTime(window.until)}),
                        false),
                 "\nResources:\n"});
  for (size_t d = 0; d < std::max<size_t>(policy.documents.size(), 1); ++d) {
    out += Concat({"  ", name, d == 0 ? "" : std::to_string(d + 1), ":\n"});
    out += "    Type: AWS::IAM::ManagedPolicy\n    Properties:\n";
    if (kind == "role" || kind == "user") {
      out += Concat({"      ", kind == "role" ? "Roles" : "Users", ":\n        - ",
                     Quoted(principal_name, false), "\n"});
    }
    out += "      PolicyDocument:\n        Version: \"2012-10-17\"\n        Statement:";
    if (d >= policy.documents.size() || policy.documents[d].empty()) {
      out += " []\n";
      continue;
    }
    out += "\n";
    for (const GeneratedStatement& st : policy.documents[d]) {
      out += Concat({"          - Sid: ", Quoted(st.sid, false), "\n"});
      out += "            Effect: Allow\n            Action:\n";
      for (const std::string& a : st.actions) {
        out += Concat({"              - ", Quoted(a, false), "\n"});
      }
      out += "            Resource:\n";
      for (const std::string& r : st.resources) {
        out += Concat({"              - ", Quoted(r, false), "\n"});
      }
    }
  }
  return out;
}

}  // namespace iamlint::least
