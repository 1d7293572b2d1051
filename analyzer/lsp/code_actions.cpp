// Quick fixes for the findings whose fix is certain. Each edit is computed from the policy
// model and the rule's own suggestion functions (never from a finding's message), and written
// in the syntax of the text it lands in: JSON, HCL (jsonencode objects) or YAML.

#include <algorithm>

#include "analyzer/analyze/arn_formats.h"
#include "analyzer/analyze/effective.h"
#include "analyzer/catalog/suggest.h"
#include "analyzer/catalog/wildcard.h"
#include "analyzer/core/strings.h"
#include "analyzer/core/unknown.h"
#include "analyzer/lsp/locate.h"
#include "analyzer/lsp/providers.h"
#include "analyzer/parse/json.h"

namespace iamlint::lsp {
namespace {

constexpr std::string_view kVersion = "2012-10-17";

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

size_t LineStart(std::string_view text, size_t offset) {
  const size_t nl = offset == 0 ? std::string_view::npos : text.rfind('\n', offset - 1);
  return nl == std::string_view::npos ? 0 : nl + 1;
}

size_t SkipSpace(std::string_view text, size_t at) {
  while (at < text.size() && IsSpace(text[at])) {
    ++at;
  }
  return at;
}

bool Overlaps(ByteRange a, ByteRange b) {
  return a.begin <= b.end && b.begin <= a.end;
}

bool Inside(ByteRange inner, ByteRange outer) {
  return outer.begin <= inner.begin && inner.end <= outer.end;
}

// The syntax a member is written in where an edit lands.
enum class Style { kJson, kHcl, kYaml };

bool IsIdentifier(std::string_view key) {
  return !key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
}

std::string Quoted(std::string_view s) {
  std::string out;
  parse::AppendJsonString(out, s);
  return out;
}

// Terraform files hold HCL objects (jsonencode) and JSON (heredocs): the separator after the
// key of the member at `at` tells which.
Style StyleAt(const Document& doc, size_t at) {
  if (doc.language != Language::kTerraform) {
    return doc.language == Language::kYaml ? Style::kYaml : Style::kJson;
  }
  const std::string_view text = doc.scanned.source->text();
  size_t end = at;
  if (end < text.size() && text[end] == '"') {
    end = text.find('"', end + 1);
    end = end == std::string_view::npos ? text.size() : end + 1;
  } else {
    while (end < text.size() && !IsSpace(text[end]) && text[end] != '=' && text[end] != ':') {
      ++end;
    }
  }
  end = SkipSpace(text, end);
  return end < text.size() && text[end] == ':' ? Style::kJson : Style::kHcl;
}

std::string Member(Style style, std::string_view key, std::string_view value) {
  const std::string k = style != Style::kJson && IsIdentifier(key) ? std::string(key) : Quoted(key);
  return k + (style == Style::kHcl ? " = " : ": ") + std::string(value);
}

std::string Object(Style style, std::string_view member) {
  // Appended piece by piece: GCC 12 misreports -Wrestrict on "{" + std::string(...).
  std::string out(style == Style::kHcl ? "{ " : "{");
  out.append(member);
  out.append(style == Style::kHcl ? " }" : "}");
  return out;
}

// Inserts `member` before the member that starts at `at`, separated as the text separates its
// members: a comma and the same whitespace in JSON and flow YAML, a newline at the same
// indentation in block YAML, a newline (or a comma on one line) in HCL.
ByteEdit InsertMemberBefore(std::string_view text, size_t at, Style style, std::string member) {
  size_t ws = at;
  while (ws > 0 && IsSpace(text[ws - 1])) {
    --ws;
  }
  const std::string_view space = text.substr(ws, at - ws);
  const char before = ws > 0 ? text[ws - 1] : '\0';
  const bool flow = before == '{' || before == ',';
  std::string edit = std::move(member);
  if (style == Style::kYaml && !flow) {
    edit.push_back('\n');
    edit.append(at - LineStart(text, at), ' ');
  } else {
    if (style != Style::kHcl || space.find('\n') == std::string_view::npos) {
      edit.push_back(',');
    }
    if (space.empty()) {
      edit.push_back(' ');
    } else {
      edit.append(space);
    }
  }
  const auto pos = static_cast<uint32_t>(at);
  return {{pos, pos}, std::move(edit)};
}

// Where the first member of the object at `begin` starts: after its `{`, or `begin` itself
// for a YAML block mapping. npos for an empty object.
size_t FirstMember(std::string_view text, size_t begin) {
  if (begin >= text.size() || text[begin] != '{') {
    return begin;
  }
  const size_t at = SkipSpace(text, begin + 1);
  return at < text.size() && text[at] != '}' ? at : std::string_view::npos;
}

// Replaces the text of `value` by `replacement`, inside its quotes; nullopt when the source
// does not spell the value as written (an expression, escapes): editing it would be a guess.
std::optional<ByteEdit> ReplaceValue(std::string_view text, const Located& value,
                                     std::string replacement) {
  const ByteRange inner = InnerRange(text, value.range);
  if (text.substr(inner.begin, inner.end - inner.begin) != value.text) {
    return std::nullopt;
  }
  return ByteEdit{inner, std::move(replacement)};
}

// Removes the list element at `range` with its separator: the comma after it (or before it, for
// the last one), its YAML line(s), or its lines when it stands alone (an HCL block).
std::optional<ByteRange> RemovalRange(std::string_view text, ByteRange range) {
  const size_t after = SkipSpace(text, range.end);
  if (after < text.size() && text[after] == ',') {
    return ByteRange{range.begin, static_cast<uint32_t>(SkipSpace(text, after + 1))};
  }
  size_t before = range.begin;
  while (before > 0 && IsSpace(text[before - 1])) {
    --before;
  }
  if (before > 0 && text[before - 1] == ',') {
    return ByteRange{static_cast<uint32_t>(before - 1), range.end};
  }
  const size_t line = LineStart(text, range.begin);
  const std::string_view lead = text.substr(line, range.begin - line);
  const size_t lead_end = lead.find_last_not_of(" \t");
  const bool dash = lead_end != std::string_view::npos && lead[lead_end] == '-' &&
                    lead.find_first_not_of(" \t") == lead_end;
  if (!dash && lead_end != std::string_view::npos) {
    return std::nullopt;
  }
  if (dash && before > 0 && text[before - 1] != '-') {
    return std::nullopt;
  }
  size_t end = text.find('\n', range.end > range.begin ? range.end - 1 : range.end);
  end = end == std::string_view::npos ? text.size() : end + 1;
  return ByteRange{static_cast<uint32_t>(line), static_cast<uint32_t>(end)};
}

const Statement* StatementOf(const Policy& policy, ByteRange range) {
  for (const Statement& st : policy.statements) {
    if (Inside(range, st.range)) {
      return &st;
    }
  }
  return nullptr;
}

const Located* ValueOf(const std::vector<Located>& values, ByteRange range) {
  for (const Located& v : values) {
    if (Inside(range, v.range)) {
      return &v;
    }
  }
  return nullptr;
}

// Everything a fix needs: the document, its text and the catalog.
struct Fixing {
  const Document& doc;
  std::string_view text;
  const catalog::Catalog& cat;
  std::vector<CodeAction>& out;

  void Add(std::string title, std::vector<ByteEdit> edits, const Finding& f, bool preferred) {
    out.push_back({std::move(title), std::move(edits), &f, preferred});
  }
};

// IAM103: the action IAM103's help suggests.
void FixUnknownAction(Fixing& fx, const Policy& policy, const Finding& f) {
  const Statement* st = StatementOf(policy, f.range);
  const Located* action = st ? ValueOf(st->actions, f.range) : nullptr;
  if (action == nullptr || HasUnknown(action->text)) {
    return;
  }
  const size_t colon = action->text.find(':');
  if (colon == std::string::npos || catalog::HasWildcard(action->text)) {
    return;
  }
  const std::string_view text = action->text;
  const auto service = fx.cat.FindService(text.substr(0, colon));
  const auto suggestion =
      service ? catalog::SuggestAction(fx.cat, *service, action->text.substr(colon + 1))
              : std::nullopt;
  if (!suggestion) {
    return;
  }
  if (auto edit = ReplaceValue(fx.text, *action, *suggestion)) {
    fx.Add("Replace with '" + *suggestion + "'", {std::move(*edit)}, f, true);
  }
}

// IAM120: the corrections its help spells out (a field left empty, a lower-case service, the
// "arn:" prefix).
std::string CorrectedArn(const catalog::Catalog& cat, std::string_view check,
                         const std::string& arn) {
  const std::string_view whole = arn;
  const std::string_view head = whole.substr(0, whole.find(':'));
  if (check == "INVALID_ARN_PREFIX") {
    if (EqualsIgnoreCase(head, "arn")) {
      return "arn" + arn.substr(3);
    }
    const bool fields = std::count(arn.begin(), arn.end(), ':') >= 3;
    return fields && cat.FindService(head) ? "arn:aws:" + arn : "";
  }
  std::array<std::string_view, 6> fields;
  if (!SplitArnFields(arn, fields)) {
    return "";
  }
  std::array<std::string, 6> out;
  std::copy(fields.begin(), fields.end(), out.begin());
  if (check == "ARN_REGION_NOT_ALLOWED") {
    out[3].clear();
  } else if (check == "ARN_ACCOUNT_NOT_ALLOWED") {
    out[4].clear();
  } else if (check == "INVALID_ARN_SERVICE_CASE") {
    out[2] = ToLower(out[2]);
  } else {
    return "";
  }
  return Join({out.begin(), out.end()}, ":");
}

void FixArnSyntax(Fixing& fx, const Policy& policy, const Finding& f) {
  const Statement* st = StatementOf(policy, f.range);
  const Located* resource = st ? ValueOf(st->resources, f.range) : nullptr;
  if (resource == nullptr || HasUnknown(resource->text)) {
    return;
  }
  const std::string fixed = CorrectedArn(fx.cat, f.aws_check, resource->text);
  if (fixed.empty()) {
    return;
  }
  if (auto edit = ReplaceValue(fx.text, *resource, fixed)) {
    fx.Add("Replace with '" + fixed + "'", {std::move(*edit)}, f, true);
  }
}

// IAM121's suggestion for `action` named with `first` (NeighbourArn, as the rule computes it).
std::string SuggestedResource(const catalog::Catalog& cat, catalog::ActionId action,
                              const std::string& first, bool variables) {
  const std::vector<catalog::ResourceTypeId> given =
      ResourceTypesOf(cat, catalog::ResourceGlob(first, variables));
  for (const catalog::ResourceTypeId g : given) {
    for (const catalog::ActionResource& t : cat.ActionResourceTypes(action)) {
      if (std::string s = NeighbourArn(cat, first, g, t.resource_type); !s.empty()) {
        return s;
      }
    }
  }
  return "";
}

// True when an action of `st` other than `skip` may still use `resource`: then the fix adds the
// suggested ARN instead of replacing it.
bool ResourceStillUsed(const catalog::Catalog& cat, const Statement& st, const Located* skip,
                       const std::string& glob) {
  return std::any_of(st.actions.begin(), st.actions.end(), [&](const Located& a) {
    if (&a == skip) {
      return false;
    }
    const auto id = cat.FindAction(a.text);
    return !id || ResourceMayTarget(cat, *id, glob);
  });
}

// The edit that adds `value` next to the list element (or lone value) `next_to`.
std::optional<ByteEdit> AddSibling(const Document& doc, std::string_view text,
                                   const Located& next_to, const std::string& value) {
  const ByteRange r = next_to.range;
  const std::string_view written = text.substr(r.begin, r.end - r.begin);
  const char quote =
      written.empty() || (written[0] != '"' && written[0] != '\'') ? '\0' : written[0];
  std::string item;
  if (quote != '\0') {
    item += quote;
  }
  item += value;
  if (quote != '\0') {
    item += quote;
  }
  size_t before = r.begin;
  while (before > 0 && (text[before - 1] == ' ' || text[before - 1] == '\t')) {
    --before;
  }
  const char prev = before > 0 ? text[before - 1] : '\0';
  if (prev == '[' || prev == ',' || IsSpace(prev)) {
    if (prev == '\n' || prev == '\r') {
      return std::nullopt;  // a list written one element a line without commas: not ours
    }
    return ByteEdit{{r.end, r.end}, item.insert(0, ", ")};
  }
  if (prev == '-' && doc.language == Language::kYaml) {
    const std::string indent(before - 1 - LineStart(text, before - 1), ' ');
    std::string line = "\n";
    line.append(indent).append("- ").append(item);
    return ByteEdit{{r.end, r.end}, std::move(line)};
  }
  std::string list = "[";
  list.append(written).append(", ").append(item).append("]");
  return ByteEdit{r, std::move(list)};
}

void FixResourceType(Fixing& fx, const Policy& policy, const Finding& f) {
  const Statement* st = StatementOf(policy, f.range);
  const Located* action = st ? ValueOf(st->actions, f.range) : nullptr;
  if (action == nullptr || st->resources.empty()) {
    return;
  }
  const auto id = fx.cat.FindAction(action->text);
  const Located& first = st->resources.front();
  if (!id || HasUnknown(first.text)) {
    return;
  }
  const bool variables = policy.ExpandsVariables();
  const std::string suggestion = SuggestedResource(fx.cat, *id, first.text, variables);
  if (suggestion.empty()) {
    return;
  }
  if (ResourceStillUsed(fx.cat, *st, action, catalog::ResourceGlob(first.text, variables))) {
    if (auto edit = AddSibling(fx.doc, fx.text, first, suggestion)) {
      fx.Add("Add '" + suggestion + "' to the resources", {std::move(*edit)}, f, true);
    }
  } else if (auto edit = ReplaceValue(fx.text, first, suggestion)) {
    fx.Add("Replace '" + first.text + "' with '" + suggestion + "'", {std::move(*edit)}, f, true);
  }
}

bool IsPolicyDocumentBlock(const Policy& policy) {
  return policy.address.find("aws_iam_policy_document") != std::string::npos;
}

// IAM105: "Version" as the first member of the policy.
void FixMissingVersion(Fixing& fx, const Policy& policy, const Finding& f) {
  if (IsPolicyDocumentBlock(policy)) {
    return;
  }
  const size_t first = FirstMember(fx.text, policy.range.begin);
  if (first == std::string_view::npos) {
    return;
  }
  const Style style = StyleAt(fx.doc, first);
  const std::string member = Member(style, "Version", Quoted(kVersion));
  fx.Add("Add \"Version\": \"2012-10-17\"", {InsertMemberBefore(fx.text, first, style, member)}, f,
         true);
}

// IAM123: the redundant entry or statement removed, with its separator.
void FixRedundant(Fixing& fx, const Policy& policy, const Finding& f) {
  const Statement* st = StatementOf(policy, f.range);
  if (st == nullptr) {
    return;
  }
  std::optional<ByteRange> remove;
  std::string what;
  if (f.aws_check == "REDUNDANT_STATEMENT") {
    remove = RemovalRange(fx.text, st->range);
    what = "statement " + st->Label();
  } else {
    const Located* value = ValueOf(st->actions, f.range);
    value = value ? value : ValueOf(st->resources, f.range);
    if (value == nullptr || value->range != f.range) {
      return;
    }
    remove = RemovalRange(fx.text, value->range);
    what = "'" + value->text + "'";
  }
  if (remove) {
    fx.Add("Remove redundant " + what, {ByteEdit{*remove, ""}}, f, true);
  }
}

// The subject a web identity trust should name, as a template the user completes.
std::string SubjectTemplate(std::string_view provider) {
  if (provider == "token.actions.githubusercontent.com") {
    return "repo:OWNER/REPO:ref:refs/heads/main";
  }
  if (provider.find("gitlab") != std::string_view::npos) {
    return "project_path:GROUP/PROJECT:ref_type:branch:ref:main";
  }
  if (provider == "app.terraform.io") {
    return "organization:ORG:project:PROJECT:workspace:WORKSPACE:run_phase:apply";
  }
  if (provider.starts_with("oidc.eks.")) {
    return "system:serviceaccount:NAMESPACE:SERVICE_ACCOUNT";
  }
  return provider == "cognito-identity.amazonaws.com" ? "IDENTITY_POOL_ID" : "SUBJECT";
}

// Where the members of the test object of `op` (a StringEquals test) start.
size_t FirstKeyOf(const Statement& st, const ConditionTest& op) {
  size_t first = op.key.range.begin;
  for (const ConditionTest& t : st.conditions) {
    if (t.operator_name.range == op.operator_name.range) {
      first = std::min<size_t>(first, t.key.range.begin);
    }
  }
  return first;
}

// The members of a new StringEquals object: the subject, and for GitHub the audience its
// official action requests (sts.amazonaws.com) when the statement does not test it yet.
std::string Tests(Style style, const Statement& st, std::string_view provider,
                  const std::string& key, const std::string& value) {
  std::string tests;
  const std::string aud = std::string(provider) + ":aud";
  const bool has_aud = std::any_of(st.conditions.begin(), st.conditions.end(), [&](const auto& t) {
    return EqualsIgnoreCase(t.key.text, aud);
  });
  if (provider == "token.actions.githubusercontent.com" && !has_aud) {
    tests = Member(style, aud, Quoted("sts.amazonaws.com")) + ", ";
  }
  return tests + Member(style, key, value);
}

// IAM250 (a web identity trust without a condition on the subject): the condition template
// the rule's help asks for, in the statement's StringEquals test, Condition, or a new one.
void FixOidcTrust(Fixing& fx, const Policy& policy, const Finding& f) {
  if (f.aws_check != "MISSING_GITHUB_REPO_CONDITION_KEY" &&
      f.aws_check != "MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL") {
    return;
  }
  const Statement* st = StatementOf(policy, f.range);
  if (st == nullptr || IsPolicyDocumentBlock(policy)) {
    return;
  }
  const std::string_view principal = fx.text.substr(f.range.begin, f.range.end - f.range.begin);
  constexpr std::string_view kOidc = ":oidc-provider/";
  const size_t at = principal.find(kOidc);
  std::string_view provider =
      at == std::string_view::npos ? principal : principal.substr(at + kOidc.size());
  while (!provider.empty() && (provider.back() == '"' || provider.back() == '\'')) {
    provider.remove_suffix(1);
  }
  while (!provider.empty() && (provider.front() == '"' || provider.front() == '\'')) {
    provider.remove_prefix(1);
  }
  const bool cognito = provider == "cognito-identity.amazonaws.com";
  const std::string key = std::string(provider) + (cognito ? ":aud" : ":sub");
  const std::string value = Quoted(SubjectTemplate(provider));
  const auto equals = std::find_if(st->conditions.begin(), st->conditions.end(), [](const auto& t) {
    return t.operator_name.text == "StringEquals";
  });
  size_t where = 0;
  std::string member;
  if (equals != st->conditions.end()) {
    where = FirstKeyOf(*st, *equals);
    member = Member(StyleAt(fx.doc, where), key, value);
  } else if (!st->conditions.empty()) {
    where = st->conditions.front().operator_name.range.begin;
    for (const ConditionTest& t : st->conditions) {
      where = std::min<size_t>(where, t.operator_name.range.begin);
    }
    const Style style = StyleAt(fx.doc, where);
    member = Member(style, "StringEquals", Object(style, Tests(style, *st, provider, key, value)));
  } else {
    where = FirstMember(fx.text, st->range.begin);
    if (where == std::string_view::npos) {
      return;
    }
    const Style style = StyleAt(fx.doc, where);
    member = Member(style, "Condition",
                    Object(style, Member(style, "StringEquals",
                                         Object(style, Tests(style, *st, provider, key, value)))));
  }
  const Style style = StyleAt(fx.doc, where);
  fx.Add("Add a StringEquals condition on " + key,
         {InsertMemberBefore(fx.text, where, style, std::move(member))}, f, false);
}

void FixFinding(Fixing& fx, const Policy& policy, const Finding& f) {
  if (f.rule_id == "IAM103") {
    FixUnknownAction(fx, policy, f);
  } else if (f.rule_id == "IAM120") {
    FixArnSyntax(fx, policy, f);
  } else if (f.rule_id == "IAM121") {
    FixResourceType(fx, policy, f);
  } else if (f.rule_id == "IAM105") {
    FixMissingVersion(fx, policy, f);
  } else if (f.rule_id == "IAM123") {
    FixRedundant(fx, policy, f);
  } else if (f.rule_id == "IAM250") {
    FixOidcTrust(fx, policy, f);
  }
}

}  // namespace

std::vector<CodeAction> CodeActionsFor(const Document& doc, ByteRange range,
                                       const catalog::Catalog& cat) {
  std::vector<CodeAction> out;
  if (!doc.scanned.source) {
    return out;
  }
  Fixing fx{doc, doc.scanned.source->text(), cat, out};
  for (const PolicyResult& p : doc.scanned.result.policies) {
    for (const Finding& f : p.findings) {
      if (!f.suppression && Overlaps(f.range, range)) {
        FixFinding(fx, p.policy, f);
      }
    }
  }
  return out;
}

}  // namespace iamlint::lsp
