#include "analyzer/report/normalized.h"

#include <algorithm>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "analyzer/core/strings.h"

namespace iamlint {
namespace {

using nlohmann::json;  // sorted keys: the output is stable for diffing

// Canonical spelling of an action entry: catalog case for known actions, lower-case prefix.
std::string CanonicalAction(const catalog::Catalog& cat, std::string_view text) {
  if (const auto id = cat.FindAction(text)) {
    return cat.FullActionName(*id);
  }
  const size_t colon = text.find(':');
  if (colon == std::string_view::npos) {
    return std::string(text);
  }
  return ToLower(text.substr(0, colon)) + std::string(text.substr(colon));
}

json SortedUnique(std::vector<std::string> items) {
  std::sort(items.begin(), items.end());
  items.erase(std::unique(items.begin(), items.end()), items.end());
  return items;
}

// An account id alone and its root ARN name the same principal.
std::string CanonicalPrincipal(const PrincipalEntry& p) {
  const std::string& v = p.value.text;
  if (p.type == "AWS" && v.size() == 12 && std::all_of(v.begin(), v.end(), ::isdigit)) {
    return "arn:aws:iam::" + v + ":root";
  }
  return v;
}

json StatementJson(const catalog::Catalog& cat, const Statement& st) {
  json j = json::object();
  if (st.sid) {
    j["Sid"] = st.sid->text;
  }
  j["Effect"] = st.effect_text ? st.effect_text->text : "";
  std::vector<std::string> actions;
  for (const Located& a : st.actions) {
    actions.push_back(CanonicalAction(cat, a.text));
  }
  j[st.not_action ? "NotAction" : "Action"] = SortedUnique(std::move(actions));
  if (st.has_resource) {
    std::vector<std::string> resources;
    for (const Located& r : st.resources) {
      resources.push_back(r.text);
    }
    j[st.not_resource ? "NotResource" : "Resource"] = SortedUnique(std::move(resources));
  }
  if (st.has_principal) {
    std::map<std::string, std::vector<std::string>> by_type;
    for (const PrincipalEntry& p : st.principals) {
      by_type[p.type].push_back(CanonicalPrincipal(p));
    }
    json principals = json::object();
    for (auto& [type, values] : by_type) {
      principals[type] = SortedUnique(std::move(values));
    }
    j[st.not_principal ? "NotPrincipal" : "Principal"] = std::move(principals);
  }
  if (!st.conditions.empty()) {
    json conditions = json::object();
    for (const ConditionTest& c : st.conditions) {
      std::vector<std::string> values;
      for (const Located& v : c.values) {
        values.push_back(v.text);
      }
      // Condition key names are case-insensitive: lower-case them so equal keys compare equal.
      conditions[c.operator_name.text][ToLower(c.key.text)] = SortedUnique(std::move(values));
    }
    j["Condition"] = std::move(conditions);
  }
  return j;
}

}  // namespace

std::string NormalizedPolicyJson(const catalog::Catalog& cat, const Policy& policy) {
  json j = json::object();
  if (policy.version) {
    j["Version"] = policy.version->text;
  }
  if (policy.id) {
    j["Id"] = policy.id->text;
  }
  j["Kind"] = PolicyKindName(policy.kind);
  json statements = json::array();
  for (const Statement& st : policy.statements) {
    statements.push_back(StatementJson(cat, st));
  }
  j["Statement"] = std::move(statements);
  return j.dump(2, ' ', false, json::error_handler_t::replace);
}

}  // namespace iamlint
