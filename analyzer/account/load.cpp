// Reading get-account-authorization-details output into a Snapshot.

#include <array>
#include <map>

#include "analyzer/account/account.h"
#include "analyzer/account/encoded_document.h"
#include "analyzer/catalog/wildcard.h"
#include "analyzer/normalize/normalize.h"
#include "analyzer/parse/json.h"

namespace iamlint::account {

namespace {

using parse::JsonDocument;
using parse::JsonType;
using parse::NodeId;

constexpr std::array<std::string_view, 4> kLists = {"UserDetailList", "GroupDetailList",
                                                    "RoleDetailList", "Policies"};

bool IsAwsManagedArn(std::string_view arn) {
  return arn.find(":iam::aws:policy/") != std::string_view::npos;
}

class Loader {
 public:
  Loader(const JsonDocument& doc, Snapshot& snapshot, catalog::ActionMatcher& matcher,
         const ScanOptions& options)
      : doc_(doc), s_(snapshot), file_(*snapshot.files[0]), matcher_(matcher), options_(options) {}

  void Run() {
    const NodeId root = doc_.root();
    if (const auto list = Array(root, "Policies", "Policies")) {
      for (uint32_t i = 0; i < doc_.size(*list); ++i) {
        ManagedPolicy(doc_.Element(*list, i), "Policies[" + std::to_string(i) + "]");
      }
    }
    for (const auto& [key, kind] : {std::pair{"GroupDetailList", PrincipalKind::kGroup},
                                    std::pair{"UserDetailList", PrincipalKind::kUser},
                                    std::pair{"RoleDetailList", PrincipalKind::kRole}}) {
      if (const auto list = Array(root, key, key)) {
        for (uint32_t i = 0; i < doc_.size(*list); ++i) {
          Principal(doc_.Element(*list, i), kind, std::string(key) + "[" + std::to_string(i) + "]");
        }
      }
    }
  }

 private:
  void Error(ByteRange at, std::string message) {
    s_.errors.push_back({file_.path(), at, std::move(message)});
  }

  // The member `key` of `object` when it is a string; "" otherwise.
  std::string String(NodeId object, std::string_view key) const {
    const auto v = doc_.Find(object, key);
    return v && doc_.type(*v) == JsonType::kString ? std::string(doc_.Text(*v)) : "";
  }

  // The member `key` of `object` as an array; an error when it is there but not one.
  std::optional<NodeId> Array(NodeId object, std::string_view key, const std::string& where) {
    const auto v = doc_.Find(object, key);
    if (!v || doc_.type(*v) == JsonType::kNull) {
      return std::nullopt;
    }
    if (doc_.type(*v) != JsonType::kArray) {
      Error(doc_.range(*v), where + ": expected a list");
      return std::nullopt;
    }
    return v;
  }

  // Normalizes the document at `node` (an object, or a string of JSON) and adds it; nullopt
  // (with a located error) when it is not a policy document.
  std::optional<size_t> Document(NodeId node, PolicyKind kind, const std::string& name,
                                 const std::string& arn, const std::string& principal, bool analyse,
                                 const std::string& where) {
    std::optional<JsonDocument> decoded;
    const JsonDocument* doc = &doc_;
    NodeId at = node;
    if (doc_.type(node) == JsonType::kString) {
      EncodedDocument parsed = ParseEncodedDocument(file_, doc_.range(node));
      if (!parsed.document) {
        Error(parsed.error_at, where + ": " + parsed.error);
        return std::nullopt;
      }
      decoded = std::move(parsed.document);
      doc = &*decoded;
      at = doc->root();
    }
    if (doc->type(at) != JsonType::kObject) {
      Error(doc->range(at), where + ": expected a policy document (an object or a string)");
      return std::nullopt;
    }
    PolicyResult& result = s_.policies.emplace_back();
    result.policy = NormalizePolicy(*doc, at, {kind, name});
    result.policy.address = name;
    result.policy.principal = principal;
    if (analyse) {
      result.findings = AnalyzePolicy(file_, result.policy, matcher_, options_.rules);
    }
    s_.policy_files.push_back(&file_);
    s_.policy_arns.push_back(arn);
    return s_.policies.size() - 1;
  }

  // An entry of Policies: its default version, by ARN.
  void ManagedPolicy(NodeId entry, const std::string& where) {
    if (doc_.type(entry) != JsonType::kObject) {
      Error(doc_.range(entry), where + ": expected an object");
      return;
    }
    const std::string arn = String(entry, "Arn");
    const std::string name = arn.empty() ? String(entry, "PolicyName") : arn;
    const auto versions = Array(entry, "PolicyVersionList", where + ".PolicyVersionList");
    if (!versions) {
      return;
    }
    for (uint32_t i = 0; i < doc_.size(*versions); ++i) {
      const NodeId v = doc_.Element(*versions, i);
      if (doc_.type(v) != JsonType::kObject) {
        continue;
      }
      const auto is_default = doc_.Find(v, "IsDefaultVersion");
      if (!is_default || doc_.type(*is_default) != JsonType::kBool ||
          !doc_.node(*is_default).bool_value) {
        continue;  // only the default version is in force
      }
      const auto document = doc_.Find(v, "Document");
      if (!document) {
        Error(doc_.range(v), where + ": the default version has no Document");
        return;
      }
      // AWS managed policies are not the account's to fix: no per-policy findings.
      const auto index =
          Document(*document, PolicyKind::kIdentity, name, arn, "", !IsAwsManagedArn(arn),
                   where + ".PolicyVersionList[" + std::to_string(i) + "].Document");
      if (index && !arn.empty()) {
        by_arn_.emplace(arn, *index);
      }
      return;
    }
  }

  // Resolves an attached or boundary ARN; false when it is found nowhere.
  bool Attach(const std::string& arn, ByteRange at, AccountPrincipal& p, bool boundary) {
    if (IsAwsManagedArn(arn)) {
      if (const ManagedPolicyDocument* m = LoadManagedPolicy(arn)) {
        if (boundary) {
          p.boundary_managed = m;
        } else {
          p.managed.push_back(m);
          p.managed_at.push_back(at);
        }
        return true;
      }
    }
    const auto it = by_arn_.find(arn);
    if (it == by_arn_.end()) {
      return false;
    }
    if (boundary) {
      p.boundary = it->second;
    } else {
      p.attached.push_back(it->second);
    }
    return true;
  }

  // The keys of a user's, group's or role's entry.
  struct Keys {
    const char* name;
    const char* id;
    const char* policies;
  };

  static Keys KeysOf(PrincipalKind kind) {
    switch (kind) {
      case PrincipalKind::kUser:
        return {"UserName", "UserId", "UserPolicyList"};
      case PrincipalKind::kGroup:
        return {"GroupName", "GroupId", "GroupPolicyList"};
      case PrincipalKind::kRole:
        break;
    }
    return {"RoleName", "RoleId", "RolePolicyList"};
  }

  // The account id of `arn` (arn:partition:iam::ACCOUNT:...), or "".
  static std::string AccountOf(std::string_view arn) {
    std::array<std::string_view, 6> fields;
    return catalog::SplitArn(arn, fields) ? std::string(fields[4]) : std::string();
  }

  void Principal(NodeId entry, PrincipalKind kind, const std::string& where) {
    if (doc_.type(entry) != JsonType::kObject) {
      Error(doc_.range(entry), where + ": expected an object");
      return;
    }
    const Keys keys = KeysOf(kind);
    AccountPrincipal p;
    p.kind = kind;
    p.name = String(entry, keys.name);
    p.arn = String(entry, "Arn");
    p.id = String(entry, keys.id);
    p.path = String(entry, "Path");
    p.created = String(entry, "CreateDate");
    p.range = doc_.range(entry);
    const auto name_node = doc_.Find(entry, keys.name);
    p.name_range = name_node ? doc_.range(*name_node) : p.range;
    if (p.name.empty()) {
      Error(p.range, where + ": no " + keys.name);
      return;
    }
    if (s_.account_id.empty()) {
      s_.account_id = AccountOf(p.arn);
    }
    p.service_linked = kind == PrincipalKind::kRole && p.path.starts_with("/aws-service-role/");
    const std::string address = AddressOf(p);
    if (kind == PrincipalKind::kRole) {
      if (const auto used = doc_.Find(entry, "RoleLastUsed");
          used && doc_.type(*used) == JsonType::kObject) {
        p.last_used = String(*used, "LastUsedDate");
      }
      if (const auto trust = doc_.Find(entry, "AssumeRolePolicyDocument")) {
        // A service-linked role's trust policy is AWS's: analysed, not reported on.
        p.trust = Document(*trust, PolicyKind::kTrust, address + "#trust", "", address,
                           !p.service_linked, where + ".AssumeRolePolicyDocument");
      }
    }
    InlinePolicies(entry, keys.policies, address, where, p);
    AttachedPolicies(entry, where, p);
    if (kind == PrincipalKind::kUser) {
      if (const auto list = Array(entry, "GroupList", where + ".GroupList")) {
        for (uint32_t i = 0; i < doc_.size(*list); ++i) {
          const NodeId g = doc_.Element(*list, i);
          if (doc_.type(g) == JsonType::kString) {
            p.groups.emplace_back(doc_.Text(g));
          }
        }
      }
    }
    s_.principals.push_back(std::move(p));
  }

  // UserPolicyList, GroupPolicyList, RolePolicyList.
  void InlinePolicies(NodeId entry, const char* key, const std::string& address,
                      const std::string& where, AccountPrincipal& p) {
    std::string list_at = where;
    list_at += '.';
    list_at += key;
    const auto list = Array(entry, key, list_at);
    if (!list) {
      return;
    }
    for (uint32_t i = 0; i < doc_.size(*list); ++i) {
      const NodeId item = doc_.Element(*list, i);
      std::string at = list_at;
      at += '[';
      at += std::to_string(i);
      at += ']';
      const auto document =
          doc_.type(item) == JsonType::kObject ? doc_.Find(item, "PolicyDocument") : std::nullopt;
      if (!document) {
        Error(doc_.range(item), at + ": expected an object with a PolicyDocument");
        continue;
      }
      std::string policy = address;
      policy += '#';
      policy += String(item, "PolicyName");
      if (const auto index = Document(*document, PolicyKind::kIdentity, policy, "", address,
                                      !p.service_linked, at + ".PolicyDocument")) {
        p.inline_policies.push_back(*index);
      }
    }
  }

  // AttachedManagedPolicies and PermissionsBoundary.
  void AttachedPolicies(NodeId entry, const std::string& where, AccountPrincipal& p) {
    if (const auto list = Array(entry, "AttachedManagedPolicies", where)) {
      for (uint32_t i = 0; i < doc_.size(*list); ++i) {
        const NodeId item = doc_.Element(*list, i);
        const auto arn_node =
            doc_.type(item) == JsonType::kObject ? doc_.Find(item, "PolicyArn") : std::nullopt;
        if (!arn_node || doc_.type(*arn_node) != JsonType::kString) {
          std::string message = where;
          message += ".AttachedManagedPolicies[";
          message += std::to_string(i);
          message += "]: expected an object with a PolicyArn";
          Error(doc_.range(item), std::move(message));
          continue;
        }
        const std::string arn(doc_.Text(*arn_node));
        if (!Attach(arn, doc_.range(*arn_node), p, false)) {
          p.unresolved.push_back(arn);
        }
      }
    }
    const auto boundary = doc_.Find(entry, "PermissionsBoundary");
    if (!boundary || doc_.type(*boundary) != JsonType::kObject) {
      return;
    }
    const auto arn_node = doc_.Find(*boundary, "PermissionsBoundaryArn");
    if (arn_node && doc_.type(*arn_node) == JsonType::kString) {
      const std::string arn(doc_.Text(*arn_node));
      if (!Attach(arn, doc_.range(*arn_node), p, true)) {
        p.unresolved.push_back(arn);
      }
    }
  }

  const JsonDocument& doc_;
  Snapshot& s_;
  const SourceFile& file_;
  catalog::ActionMatcher& matcher_;
  const ScanOptions& options_;
  std::map<std::string, size_t, std::less<>> by_arn_;  // customer-managed policies
};

}  // namespace

bool LooksLikeAccountDetails(std::string_view text) {
  return text.find("\"UserDetailList\"") != std::string_view::npos ||
         text.find("\"RoleDetailList\"") != std::string_view::npos ||
         text.find("\"GroupDetailList\"") != std::string_view::npos;
}

std::optional<Snapshot> LoadAccountDetails(std::unique_ptr<SourceFile> file,
                                           catalog::ActionMatcher& matcher,
                                           const ScanOptions& options,
                                           std::vector<InputError>* errors) {
  const parse::JsonParseResult parsed = parse::ParseJson(file->text());
  if (!parsed.document) {
    errors->push_back({file->path(), parsed.error ? parsed.error->range : ByteRange{0, 0},
                       parsed.error ? parsed.error->message : "not valid JSON"});
    return std::nullopt;
  }
  const JsonDocument& doc = *parsed.document;
  bool any_list = false;
  if (doc.type(doc.root()) == JsonType::kObject) {
    for (const std::string_view key : kLists) {
      any_list = any_list || doc.Find(doc.root(), key).has_value();
    }
  }
  if (!any_list) {
    errors->push_back({file->path(), doc.range(doc.root()),
                       "not an account snapshot: expected the output of `aws iam "
                       "get-account-authorization-details` (UserDetailList, GroupDetailList, "
                       "RoleDetailList, Policies)"});
    return std::nullopt;
  }
  Snapshot snapshot;
  snapshot.files.push_back(std::move(file));
  Loader(doc, snapshot, matcher, options).Run();
  errors->insert(errors->end(), snapshot.errors.begin(), snapshot.errors.end());
  return snapshot;
}

std::string_view KindName(PrincipalKind kind) {
  switch (kind) {
    case PrincipalKind::kUser:
      return "user";
    case PrincipalKind::kGroup:
      return "group";
    case PrincipalKind::kRole:
      break;
  }
  return "role";
}

std::string AddressOf(const AccountPrincipal& principal) {
  std::string address(KindName(principal.kind));
  address += '/';
  address += principal.name;
  return address;
}

const AccountPrincipal* FindPrincipal(const Snapshot& snapshot, std::string_view name) {
  for (const AccountPrincipal& p : snapshot.principals) {
    if (p.arn == name || p.id == name || AddressOf(p) == name) {
      return &p;
    }
  }
  for (const AccountPrincipal& p : snapshot.principals) {
    if (p.name == name && p.kind != PrincipalKind::kGroup) {
      return &p;
    }
  }
  return nullptr;
}

}  // namespace iamlint::account
