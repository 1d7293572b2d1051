#include "analyzer/normalize/normalize.h"

#include <algorithm>
#include <array>
#include <string_view>
#include <unordered_set>

#include "analyzer/core/strings.h"
#include "analyzer/core/unknown.h"

namespace iamlint {
namespace {

using parse::JsonDocument;
using parse::JsonType;
using parse::NodeId;

constexpr std::array<std::string_view, 3> kPolicyElements{"Version", "Id", "Statement"};
constexpr std::array<std::string_view, 9> kStatementElements{
    "Sid",         "Effect",    "Action",       "NotAction", "Resource",
    "NotResource", "Principal", "NotPrincipal", "Condition"};
constexpr std::array<std::string_view, 4> kPrincipalTypes{"AWS", "Service", "Federated",
                                                          "CanonicalUser"};

template <size_t N>
std::optional<std::string_view> FindCaseInsensitive(const std::array<std::string_view, N>& names,
                                                    std::string_view key) {
  for (const auto name : names) {
    if (EqualsIgnoreCase(name, key)) {
      return name;
    }
  }
  return std::nullopt;
}

std::string_view TypeName(JsonType type) {
  switch (type) {
    case JsonType::kNull:
      return "null";
    case JsonType::kBool:
      return "a boolean";
    case JsonType::kNumber:
      return "a number";
    case JsonType::kString:
      return "a string";
    case JsonType::kArray:
      return "an array";
    case JsonType::kObject:
      return "an object";
  }
  return "a value";
}

class Normalizer {
 public:
  Normalizer(const JsonDocument& doc, Policy& policy) : doc_(doc), policy_(policy) {}

  void Document(NodeId node);

 private:
  void Problem(std::string_view aws_check, ByteRange range, std::string message,
               std::string help = {}) {
    policy_.problems.push_back({aws_check, range, std::move(message), std::move(help)});
  }
  Located Text(NodeId node) const {
    return {std::string(doc_.Text(node)), doc_.range(node), doc_.node(node).verbatim};
  }
  // Reports member names that repeat (JSON allows them; IAM rejects the policy).
  void CheckDuplicateKeys(NodeId object, std::string_view what);
  std::vector<Located> StringList(NodeId node, std::string_view element);
  void StatementNode(NodeId node, uint32_t index);
  void CheckRequiredElements(NodeId node, const Statement& st);
  bool StatementMember(Statement& st, std::string_view key, NodeId key_node, NodeId value);
  void Principals(Statement& st, NodeId value);
  // Records an empty array or object given for `element`.
  void NoteEmpty(Statement& st, std::string_view element, NodeId value) {
    const JsonType type = doc_.type(value);
    if ((type == JsonType::kArray || type == JsonType::kObject) && doc_.size(value) == 0) {
      st.empty_elements.push_back(
          {std::string(element), doc_.range(value), type == JsonType::kObject});
    }
  }
  void Conditions(Statement& st, NodeId value);
  void ConditionOperator(Statement& st, NodeId op_key, NodeId tests);

  const JsonDocument& doc_;
  Policy& policy_;
};

void Normalizer::CheckDuplicateKeys(NodeId object, std::string_view what) {
  const uint32_t n = doc_.size(object);
  auto report = [&](NodeId key) {
    Problem({}, doc_.range(key),
            "duplicate " + std::string(what) + " '" + std::string(doc_.Text(key)) +
                "': IAM rejects a policy with repeated member names",
            "merge the two members into one");
  };
  // Policies have a handful of members per object: a scan beats hashing. Large objects (a
  // generated condition map, a hostile input) take the hash set, so the check stays linear.
  constexpr uint32_t kLinearScanLimit = 16;
  if (n <= kLinearScanLimit) {
    for (uint32_t i = 1; i < n; ++i) {
      const NodeId key = doc_.MemberAt(object, i).key;
      for (uint32_t j = 0; j < i; ++j) {
        if (doc_.Text(doc_.MemberAt(object, j).key) == doc_.Text(key)) {
          report(key);
          break;
        }
      }
    }
    return;
  }
  std::unordered_set<std::string_view> seen;
  seen.reserve(n);
  for (uint32_t i = 0; i < n; ++i) {
    const NodeId key = doc_.MemberAt(object, i).key;
    if (!seen.insert(doc_.Text(key)).second) {
      report(key);
    }
  }
}

std::vector<Located> Normalizer::StringList(NodeId node, std::string_view element) {
  std::vector<Located> out;
  auto take = [&](NodeId item) {
    if (doc_.type(item) == JsonType::kString) {
      out.push_back(Text(item));
    } else {
      Problem("DATA_TYPE_MISMATCH", doc_.range(item),
              std::string(element) + " values must be strings, not " +
                  std::string(TypeName(doc_.type(item))),
              "quote the value");
    }
  };
  if (doc_.type(node) == JsonType::kArray) {
    for (uint32_t i = 0; i < doc_.size(node); ++i) {
      take(doc_.Element(node, i));
    }
  } else {
    take(node);
  }
  return out;
}

void Normalizer::Principals(Statement& st, NodeId value) {
  if (doc_.type(value) == JsonType::kString) {
    Located text = Text(value);
    if (text.text != "*") {
      Problem("INVALID_PRINCIPAL_FORMAT", text.range, "a Principal given as a string must be \"*\"",
              "use an object such as {\"AWS\": \"" + text.text + "\"}");
    }
    st.principals.push_back({"AWS", std::move(text)});
    return;
  }
  if (doc_.type(value) != JsonType::kObject) {
    Problem("INVALID_PRINCIPAL_FORMAT", doc_.range(value),
            "Principal must be \"*\" or an object of principal types");
    return;
  }
  CheckDuplicateKeys(value, "principal type");
  const std::string element = st.not_principal ? "NotPrincipal" : "Principal";
  NoteEmpty(st, element, value);
  for (uint32_t i = 0; i < doc_.size(value); ++i) {
    const auto [key, list] = doc_.MemberAt(value, i);
    NoteEmpty(st, element, list);
    const std::string_view type = doc_.Text(key);
    if (std::find(kPrincipalTypes.begin(), kPrincipalTypes.end(), type) == kPrincipalTypes.end()) {
      const auto known = FindCaseInsensitive(kPrincipalTypes, type);
      Problem("INVALID_PRINCIPAL_KEY", doc_.range(key),
              "unknown principal type '" + std::string(type) + "'",
              known ? "write it as '" + std::string(*known) + "'"
                    : "use AWS, Service, Federated or CanonicalUser");
    }
    for (Located& v : StringList(list, "Principal")) {
      st.principals.push_back({std::string(type), std::move(v)});
    }
  }
}

void Normalizer::ConditionOperator(Statement& st, NodeId op_key, NodeId tests) {
  const Located op = Text(op_key);
  if (doc_.type(tests) != JsonType::kObject) {
    Problem("DATA_TYPE_MISMATCH", doc_.range(tests),
            "condition operator '" + op.text + "' must map to an object of condition keys");
    return;
  }
  CheckDuplicateKeys(tests, "condition key");
  std::string_view base = op.text;
  SetQualifier qualifier = SetQualifier::kNone;
  if (base.starts_with("ForAllValues:")) {
    qualifier = SetQualifier::kForAllValues;
    base.remove_prefix(13);
  } else if (base.starts_with("ForAnyValue:")) {
    qualifier = SetQualifier::kForAnyValue;
    base.remove_prefix(12);
  }
  const bool if_exists = base.ends_with("IfExists");
  if (if_exists) {
    base.remove_suffix(8);
  }
  for (uint32_t i = 0; i < doc_.size(tests); ++i) {
    const auto [key, values] = doc_.MemberAt(tests, i);
    ConditionTest test{op, std::string(base), qualifier, if_exists, Text(key), {}, {}, false, 0};
    test.values_range = doc_.range(values);
    test.values_array = doc_.type(values) == JsonType::kArray;
    auto take = [&](NodeId v) {
      const JsonType t = doc_.type(v);
      if (t == JsonType::kString || t == JsonType::kNumber || t == JsonType::kBool) {
        test.values.push_back(Text(v));
        test.value_types |= t == JsonType::kString   ? kStringValue
                            : t == JsonType::kNumber ? kNumberValue
                                                     : kBoolValue;
      } else {
        Problem("DATA_TYPE_MISMATCH", doc_.range(v),
                "condition values must be strings, numbers or booleans, not " +
                    std::string(TypeName(t)));
      }
    };
    if (doc_.type(values) == JsonType::kArray) {
      for (uint32_t k = 0; k < doc_.size(values); ++k) {
        take(doc_.Element(values, k));
      }
    } else {
      take(values);
    }
    st.conditions.push_back(std::move(test));
  }
}

void Normalizer::Conditions(Statement& st, NodeId value) {
  if (doc_.type(value) != JsonType::kObject) {
    Problem("DATA_TYPE_MISMATCH", doc_.range(value), "Condition must be an object of operators");
    return;
  }
  CheckDuplicateKeys(value, "condition operator");
  for (uint32_t i = 0; i < doc_.size(value); ++i) {
    const auto [key, tests] = doc_.MemberAt(value, i);
    ConditionOperator(st, key, tests);
  }
}

bool Normalizer::StatementMember(Statement& st, std::string_view key, NodeId key_node,
                                 NodeId value) {
  const ByteRange key_range = doc_.range(key_node);
  if (key == "Sid") {
    if (doc_.type(value) == JsonType::kString) {
      st.sid = Text(value);
    } else {
      Problem("DATA_TYPE_MISMATCH", doc_.range(value), "Sid must be a string");
    }
  } else if (key == "Effect") {
    if (doc_.type(value) == JsonType::kString) {
      st.effect_text = Text(value);
      if (st.effect_text->text == "Allow") {
        st.effect = Effect::kAllow;
      } else if (st.effect_text->text == "Deny") {
        st.effect = Effect::kDeny;
      }
    } else {
      Problem("INVALID_EFFECT", doc_.range(value),
              "Effect must be the string \"Allow\" or \"Deny\"");
    }
  } else if (key == "Action" || key == "NotAction") {
    NoteEmpty(st, key, value);
    st.not_action = key == "NotAction";
    st.action_key = key_range;
    st.actions = StringList(value, key);
  } else if (key == "Resource" || key == "NotResource") {
    NoteEmpty(st, key, value);
    st.has_resource = true;
    st.not_resource = key == "NotResource";
    st.resource_key = key_range;
    st.resources = StringList(value, key);
  } else if (key == "Principal" || key == "NotPrincipal") {
    st.has_principal = true;
    st.not_principal = key == "NotPrincipal";
    st.principal_key = key_range;
    Principals(st, value);
  } else if (key == "Condition") {
    st.condition_block = doc_.range(value);
    Conditions(st, value);
  } else {
    return false;
  }
  return true;
}

void Normalizer::CheckRequiredElements(NodeId node, const Statement& st) {
  // A miscased "effect" or "action" is reported as an unknown element; saying the
  // element is also missing would be the same problem twice.
  auto has_key_any_case = [&](std::string_view name) {
    for (uint32_t i = 0; i < doc_.size(node); ++i) {
      if (EqualsIgnoreCase(doc_.Text(doc_.MemberAt(node, i).key), name)) {
        return true;
      }
    }
    return false;
  };
  const ByteRange open{st.range.begin, st.range.begin + 1};
  if (!has_key_any_case("Effect")) {
    Problem("MISSING_EFFECT", open, "statement " + st.Label() + " has no Effect",
            "add \"Effect\": \"Allow\" or \"Effect\": \"Deny\"");
  } else if (st.effect_text && !st.effect && !HasUnknown(st.effect_text->text)) {
    const bool case_only = EqualsIgnoreCase(st.effect_text->text, "Allow") ||
                           EqualsIgnoreCase(st.effect_text->text, "Deny");
    Problem("INVALID_EFFECT", st.effect_text->range,
            "Effect must be \"Allow\" or \"Deny\", not \"" + st.effect_text->text + "\"",
            case_only ? "the value is case-sensitive: write \"Allow\" or \"Deny\""
                      : "use \"Allow\" or \"Deny\"");
  }
  if (!has_key_any_case("Action") && !has_key_any_case("NotAction")) {
    Problem("MISSING_ACTION", open, "statement " + st.Label() + " has neither Action nor NotAction",
            "list the actions the statement is about in \"Action\"");
  }
}

void Normalizer::StatementNode(NodeId node, uint32_t index) {
  Statement st;
  st.index = index;
  st.range = doc_.range(node);
  if (doc_.type(node) != JsonType::kObject) {
    if (doc_.type(node) == JsonType::kString && HasUnknown(doc_.Text(node))) {
      policy_.unknown_statements.push_back(Text(node));
    } else {
      Problem("DATA_TYPE_MISMATCH", st.range,
              "a statement must be an object, not " + std::string(TypeName(doc_.type(node))));
    }
    return;
  }
  CheckDuplicateKeys(node, "statement element");
  // The first of each pair seen, to report "both X and NotX" (identical keys are duplicates).
  std::optional<std::string_view> action_key;
  std::optional<std::string_view> resource_key;
  std::optional<std::string_view> principal_key;
  for (uint32_t i = 0; i < doc_.size(node); ++i) {
    const auto [key_node, value] = doc_.MemberAt(node, i);
    const std::string_view key = doc_.Text(key_node);
    const ByteRange key_range = doc_.range(key_node);
    auto check_pair = [&](std::optional<std::string_view>& seen, std::string_view pair) {
      if (seen && *seen != key) {
        Problem("UNSUPPORTED_ELEMENT_COMBINATION", key_range,
                "a statement cannot have both " + std::string(pair),
                "keep one of the two elements");
      }
      seen = key;
    };
    if (key == "Action" || key == "NotAction") {
      check_pair(action_key, "Action and NotAction");
    } else if (key == "Resource" || key == "NotResource") {
      check_pair(resource_key, "Resource and NotResource");
    } else if (key == "Principal" || key == "NotPrincipal") {
      check_pair(principal_key, "Principal and NotPrincipal");
    }
    if (!StatementMember(st, key, key_node, value)) {
      const auto known = FindCaseInsensitive(kStatementElements, key);
      Problem("INVALID_POLICY_ELEMENT", key_range,
              "unknown statement element '" + std::string(key) + "'",
              known ? "element names are case-sensitive: write '" + std::string(*known) + "'"
                    : "statement elements are Sid, Effect, Action, NotAction, Resource, "
                      "NotResource, Principal, NotPrincipal and Condition");
    }
  }
  CheckRequiredElements(node, st);
  policy_.statements.push_back(std::move(st));
}

void Normalizer::Document(NodeId node) {
  policy_.range = doc_.range(node);
  if (doc_.type(node) != JsonType::kObject) {
    Problem("DATA_TYPE_MISMATCH", policy_.range, "a policy document must be a JSON object");
    return;
  }
  CheckDuplicateKeys(node, "policy element");
  std::optional<NodeId> statements;
  for (uint32_t i = 0; i < doc_.size(node); ++i) {
    const auto [key_node, value] = doc_.MemberAt(node, i);
    const std::string_view key = doc_.Text(key_node);
    if (key == "Version" || key == "Id") {
      if (doc_.type(value) != JsonType::kString) {
        Problem("DATA_TYPE_MISMATCH", doc_.range(value), std::string(key) + " must be a string");
        continue;
      }
      (key == "Version" ? policy_.version : policy_.id) = Text(value);
    } else if (key == "Statement") {
      statements = value;
    } else {
      const auto known = FindCaseInsensitive(kPolicyElements, key);
      Problem("INVALID_POLICY_ELEMENT", doc_.range(key_node),
              "unknown policy element '" + std::string(key) + "'",
              known ? "element names are case-sensitive: write '" + std::string(*known) + "'"
                    : "a policy has only Version, Id and Statement");
    }
  }
  if (!statements) {
    Problem("MISSING_STATEMENT", {policy_.range.begin, policy_.range.begin + 1},
            "the policy has no Statement", "add \"Statement\": [ ... ]");
    return;
  }
  if (doc_.type(*statements) == JsonType::kArray) {
    for (uint32_t i = 0; i < doc_.size(*statements); ++i) {
      StatementNode(doc_.Element(*statements, i), i);
    }
  } else {
    StatementNode(*statements, 0);
  }
}

bool IsTrustAction(std::string_view action) {
  const std::string lower = ToLower(action);
  return lower.starts_with("sts:assumerole") || lower == "sts:tagsession" ||
         lower == "sts:setsourceidentity" || lower == "sts:setcontext";
}

}  // namespace

std::string Statement::Label() const {
  if (sid && !sid->text.empty()) {
    return "'" + sid->text + "'";
  }
  std::string label = "#";  // (not "#" + ...: GCC 12 misreports -Wrestrict on that form)
  label += std::to_string(index);
  return label;
}

bool LooksLikePolicy(const JsonDocument& doc, NodeId node) {
  if (doc.type(node) != JsonType::kObject) {
    return false;
  }
  for (uint32_t i = 0; i < doc.size(node); ++i) {
    if (EqualsIgnoreCase(doc.Text(doc.MemberAt(node, i).key), "Statement")) {
      return true;
    }
  }
  return false;
}

PolicyKind InferPolicyKind(const Policy& policy) {
  bool any_principal = false;
  bool all_trust_actions = true;
  for (const Statement& st : policy.statements) {
    if (!st.has_principal) {
      continue;
    }
    any_principal = true;
    for (const Located& a : st.actions) {
      all_trust_actions = all_trust_actions && !st.not_action && IsTrustAction(a.text);
    }
  }
  if (!any_principal) {
    return PolicyKind::kIdentity;
  }
  return all_trust_actions ? PolicyKind::kTrust : PolicyKind::kResource;
}

namespace {

// Characters of `node` written as compact JSON: what IAM counts against its size quotas.
// Iterative, so a deeply nested hostile document cannot overflow the stack.
size_t CompactCharacters(const JsonDocument& doc, NodeId root) {
  auto string_chars = [](std::string_view text) {
    size_t n = 2;  // the quotes
    for (const char c : text) {
      const auto u = static_cast<unsigned char>(c);
      if ((u & 0xC0U) != 0x80U) {  // one per code point
        ++n;
      }
      if (c == '"' || c == '\\' || u < 0x20U) {
        ++n;  // written escaped
      }
    }
    return n;
  };
  size_t total = 0;
  std::vector<NodeId> pending{root};
  while (!pending.empty()) {
    const NodeId node = pending.back();
    pending.pop_back();
    const uint32_t n = doc.size(node);
    switch (doc.type(node)) {
      case JsonType::kString:
        total += string_chars(doc.Text(node));
        break;
      case JsonType::kArray:
        total += 2 + (n > 0 ? n - 1 : 0);
        for (uint32_t i = 0; i < n; ++i) {
          pending.push_back(doc.Element(node, i));
        }
        break;
      case JsonType::kObject:
        total += 2 + (n > 0 ? 2 * n - 1 : 0);  // braces, colons and commas
        for (uint32_t i = 0; i < n; ++i) {
          const auto [key, value] = doc.MemberAt(node, i);
          total += string_chars(doc.Text(key));
          pending.push_back(value);
        }
        break;
      case JsonType::kNull:
        total += 4;
        break;
      default:  // numbers and booleans keep their JSON text
        total += doc.Text(node).size();
        break;
    }
  }
  return total;
}

}  // namespace

Policy NormalizePolicy(const JsonDocument& doc, NodeId node, const NormalizeOptions& options) {
  Policy policy;
  policy.name = options.name;
  Normalizer(doc, policy).Document(node);
  policy.compact_characters = CompactCharacters(doc, node);
  policy.kind = options.kind;
  if (policy.kind == PolicyKind::kUnknown) {
    policy.kind = InferPolicyKind(policy);
    policy.kind_inferred = true;
  }
  return policy;
}

}  // namespace iamlint
