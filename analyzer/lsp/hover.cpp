// Hover text: what an action, an action wildcard, a condition key or an AWS managed policy
// grants, from the catalog and the curated risk data, plus the rules reported at the cursor.

#include <algorithm>
#include <array>
#include <map>
#include <mutex>

#include "analyzer/analyze/action_lists.h"
#include "analyzer/analyze/conditions.h"
#include "analyzer/analyze/escalation.h"
#include "analyzer/analyze/principals.h"
#include "analyzer/catalog/wildcard.h"
#include "analyzer/core/strings.h"
#include "analyzer/lsp/locate.h"
#include "analyzer/lsp/providers.h"

namespace iamlint::lsp {
namespace {

constexpr size_t kShownKeys = 8;
constexpr size_t kShownSensitive = 10;

constexpr std::array<catalog::AccessLevel, 5> kLevels{
    catalog::AccessLevel::kList, catalog::AccessLevel::kRead, catalog::AccessLevel::kWrite,
    catalog::AccessLevel::kPermissionsManagement, catalog::AccessLevel::kTagging};

// Actions some privilege-escalation method needs (made once per catalog).
const catalog::ActionSet& EscalationActions(const catalog::Catalog& cat) {
  static std::mutex mutex;
  static std::map<const void*, catalog::ActionSet> cache;
  const std::lock_guard lock(mutex);
  auto [it, inserted] = cache.try_emplace(&cat, cat.action_count());
  if (inserted) {
    for (const EscalationMethod& m : EscalationMethods()) {
      // A method that passes a role needs iam:PassRole besides its listed actions.
      if (const auto pass = cat.FindAction("iam:PassRole"); pass && !m.pass_role.empty()) {
        it->second.Add(*pass);
      }
      for (const std::vector<std::string>& group : m.required) {
        for (const std::string& action : group) {
          if (const auto id = cat.FindAction(action)) {
            it->second.Add(*id);
          }
        }
      }
    }
  }
  return it->second;
}

// Why an action is sensitive, or "" when it is not.
std::string Sensitivity(const catalog::Catalog& cat, catalog::ActionId id) {
  std::vector<std::string> why;
  if (EscalationActions(cat).Contains(id)) {
    why.emplace_back("privilege escalation");
  }
  if (cat.ActionAccessLevel(id) == catalog::AccessLevel::kPermissionsManagement) {
    why.emplace_back("permissions management");
  }
  if (RiskyActions(cat, RiskyList::kCredentialsExposure).Contains(id)) {
    why.emplace_back("credentials exposure");
  }
  if (RiskyActions(cat, RiskyList::kDataExfiltration).Contains(id)) {
    why.emplace_back("data exfiltration");
  }
  if (RiskyActions(cat, RiskyList::kResourceExposure).Contains(id)) {
    why.emplace_back("resource exposure");
  }
  return Join(why, ", ");
}

std::string ResourceTypesLine(const catalog::Catalog& cat, catalog::ActionId id) {
  const auto types = cat.ActionResourceTypes(id);
  if (types.empty()) {
    return "**Resource types:** none: only `\"Resource\": \"*\"` applies\n\n";
  }
  std::string out = "**Resource types:** ";
  for (size_t i = 0; i < types.size(); ++i) {
    out += i == 0 ? "" : ", ";
    out += cat.ResourceTypeName(types[i].resource_type);
    out += types[i].required ? " (required)" : "";
  }
  return out + "\n\n";
}

std::string ConditionKeysLine(const catalog::Catalog& cat, catalog::ActionId id) {
  const auto keys = cat.ActionConditionKeys(id);
  if (keys.empty()) {
    return "";
  }
  std::string out = "**Condition keys:** ";
  for (size_t i = 0; i < keys.size() && i < kShownKeys; ++i) {
    out += i == 0 ? "`" : ", `";
    out += cat.ConditionKeyName(keys[i]);
    out += '`';
  }
  if (keys.size() > kShownKeys) {
    out += " and " + std::to_string(keys.size() - kShownKeys) + " more";
  }
  return out + "\n\n";
}

std::string ActionMarkdown(const catalog::Catalog& cat, catalog::ActionId id, bool not_action) {
  std::string out = "### `" + cat.FullActionName(id) + "`\n\n";
  out += cat.ActionDescription(id);
  out += "\n\n**Access level:** ";
  out += catalog::AccessLevelName(cat.ActionAccessLevel(id));
  out += "\n\n";
  out += ResourceTypesLine(cat, id);
  out += ConditionKeysLine(cat, id);
  if (const std::string why = Sensitivity(cat, id); !why.empty()) {
    out += "**Sensitive:** " + why + "\n\n";
  }
  if (not_action) {
    out += "In `NotAction`: the statement applies to every action except this one.\n";
  }
  return out;
}

std::string LevelCounts(const catalog::Catalog& cat, const catalog::ActionSet& set) {
  std::string out = "| Access level | Actions |\n|---|---|\n";
  for (const catalog::AccessLevel level : kLevels) {
    catalog::ActionSet at = AccessLevelActions(cat, level);
    at &= set;
    if (const size_t n = at.Count(); n > 0) {
      out +=
          "| " + std::string(catalog::AccessLevelName(level)) + " | " + std::to_string(n) + " |\n";
    }
  }
  return out + "\n";
}

std::string SensitiveList(const catalog::Catalog& cat, const catalog::ActionSet& set) {
  std::vector<std::string> shown;
  size_t count = 0;
  set.ForEach([&](catalog::ActionId id) {
    const std::string why = Sensitivity(cat, id);
    if (why.empty()) {
      return;
    }
    if (++count <= kShownSensitive) {
      shown.push_back("- `" + cat.FullActionName(id) + "`: " + why);
    }
  });
  if (count == 0) {
    return "";
  }
  std::string out =
      "**Sensitive actions (" + std::to_string(count) + "):**\n\n" + Join(shown, "\n");
  if (count > shown.size()) {
    out += "\n- and " + std::to_string(count - shown.size()) + " more";
  }
  return out + "\n\n";
}

std::string WildcardMarkdown(const catalog::Catalog& cat, std::string_view pattern,
                             const catalog::ActionExpansion& expansion, bool not_action) {
  const catalog::ActionSet set = expansion.ToSet(cat.action_count());
  std::string out = "### `" + std::string(pattern) + "`\n\n";
  if (set.Empty()) {
    return out + "Matches no action of the catalog.\n";
  }
  out += "Matches **" + Plural(set.Count(), "action") + "**";
  out += set.IsAll() ? " (every action of every service)" : "";
  out += ".\n\n" + LevelCounts(cat, set) + SensitiveList(cat, set);
  if (not_action) {
    out += "In `NotAction`: the statement applies to the other " +
           Plural(cat.action_count() - set.Count(), "action") +
           " of the catalog, and to every action added later.\n";
  }
  return out;
}

std::optional<std::string> ActionHover(const catalog::Catalog& cat, std::string_view pattern,
                                       bool not_action) {
  if (!catalog::HasWildcard(pattern)) {
    const auto id = cat.FindAction(pattern);
    return id ? std::optional(ActionMarkdown(cat, *id, not_action)) : std::nullopt;
  }
  catalog::ActionMatcher matcher(cat);
  const catalog::ActionExpansion& expansion = matcher.Expand(pattern);
  if (expansion.status != catalog::PatternStatus::kOk &&
      expansion.status != catalog::PatternStatus::kNoMatch) {
    return std::nullopt;
  }
  return WildcardMarkdown(cat, pattern, expansion, not_action);
}

std::optional<std::string> KeyHover(const catalog::Catalog& cat, std::string_view key) {
  const KeyLookup found = LookUpConditionKey(cat, key);
  if (found.status == KeyStatus::kIdentityProvider) {
    return "### `" + std::string(key) +
           "`\n\nA claim of the identity provider's token (SAML or web identity), compared "
           "as a string.\n";
  }
  if (found.status != KeyStatus::kKnown) {
    return std::nullopt;
  }
  std::string out = "### `" + std::string(found.id ? cat.ConditionKeyName(*found.id) : key) +
                    "`\n\n**Type:** " + std::string(catalog::KeyTypeName(found.type)) + "\n\n";
  if (found.id) {
    out += cat.ConditionKeyDescription(*found.id);
    out += "\n\n";
    const auto service = cat.ConditionKeyService(*found.id);
    out += service ? "Condition key of " + std::string(cat.ServiceName(*service)) + ".\n"
                   : std::string("Global condition key, not specific to a service.\n");
  } else {
    out += "Global condition key.\n";
  }
  return out;
}

std::optional<std::string> ManagedPolicyHover(const catalog::Catalog& cat, std::string_view arn) {
  const ManagedPolicyDocument* managed = LoadManagedPolicy(arn);
  if (managed == nullptr) {
    return std::nullopt;
  }
  catalog::ActionMatcher matcher(cat);
  PolicySet set(matcher, TodayUtc());
  set.Add(*managed->file, managed->policy);
  const catalog::ActionSet& reachable = set.Reachable();
  const catalog::ActionSet& everywhere = set.Unrestricted();
  std::string out = "### AWS managed policy `" + std::string(arn.substr(arn.rfind('/') + 1)) +
                    "`\n\nGrants **" + Plural(reachable.Count(), "action") + "**, " +
                    std::to_string(everywhere.Count()) +
                    " of them on every resource without condition.\n\n";
  if (everywhere.IsAll()) {
    out += "**Admin-equivalent:** every action on every resource.\n\n";
  } else if (const std::vector<Escalation> found = FindEscalations(set); !found.empty()) {
    std::vector<std::string> ids;
    ids.reserve(found.size());
    for (const Escalation& e : found) {
      ids.push_back(e.method->id);
    }
    out += "**Privilege escalation:** methods " + Join(ids, ", ") + "\n\n";
  }
  return out + LevelCounts(cat, reachable);
}

bool IsManagedArn(std::string_view text) {
  return text.starts_with("arn:") && text.find(":iam::aws:policy/") != std::string_view::npos;
}

std::optional<std::string> ModelHover(const catalog::Catalog& cat, const ModelHit& hit) {
  const std::string& text = hit.value->text;
  switch (hit.kind) {
    case ValueKind::kAction:
      return ActionHover(cat, text, hit.statement->not_action);
    case ValueKind::kConditionKey:
      return KeyHover(cat, text);
    case ValueKind::kResource:
      return IsManagedArn(text) ? ManagedPolicyHover(cat, text) : std::nullopt;
    case ValueKind::kConditionOperator:
    case ValueKind::kConditionValue:
      return std::nullopt;
  }
  return std::nullopt;
}

// Hover from the text alone: a value the model does not hold (a managed policy ARN attached to
// a role) or a document that does not parse.
std::optional<std::string> LexicalHover(const Document& doc, uint32_t offset,
                                        const catalog::Catalog& cat, ByteRange* range) {
  const std::string_view text = doc.scanned.source->text();
  const std::optional<Token> token = TokenAt(text, offset, doc.language);
  if (!token || token->content.end <= token->content.begin) {
    return std::nullopt;
  }
  *range = token->content;
  const std::string_view word =
      text.substr(token->content.begin, token->content.end - token->content.begin);
  if (IsManagedArn(word)) {
    return ManagedPolicyHover(cat, word);
  }
  const Context ctx = ContextAt(text, offset, doc.language);
  if (ctx.path.empty()) {
    return std::nullopt;
  }
  const std::string& last = ctx.path.back();
  if (!ctx.key_position && IsActionKey(last)) {
    return ActionHover(cat, word, last == "not_actions" || EqualsIgnoreCase(last, "NotAction"));
  }
  const bool under_condition =
      ctx.path.size() >= 2 && EqualsIgnoreCase(ctx.path[ctx.path.size() - 2], "Condition");
  if ((ctx.key_position && under_condition) || (!ctx.key_position && last == "variable")) {
    return KeyHover(cat, word);
  }
  return std::nullopt;
}

// The rules reported at the cursor, with their summaries.
std::string FindingsAt(const Document& doc, uint32_t offset) {
  std::string out;
  auto add = [&](const Finding& f) {
    if (f.suppression || offset < f.range.begin || offset > f.range.end) {
      return;
    }
    out += "---\n\n**" + std::string(f.rule_id) + " " + std::string(f.rule_name) + "** (" +
           std::string(SeverityName(f.severity)) + "): " + f.message + "\n\n";
    if (const Rule* rule = FindRule(f.rule_id)) {
      out += std::string(rule->info.summary) + "\n\n";
    }
  };
  for (const PolicyResult& p : doc.scanned.result.policies) {
    std::for_each(p.findings.begin(), p.findings.end(), add);
  }
  std::for_each(doc.scanned.result.findings.begin(), doc.scanned.result.findings.end(), add);
  return out;
}

}  // namespace

std::optional<HoverResult> HoverAt(const Document& doc, uint32_t offset,
                                   const catalog::Catalog& cat) {
  if (!doc.scanned.source) {
    return std::nullopt;
  }
  HoverResult result;
  std::optional<std::string> markdown;
  if (const std::optional<ModelHit> hit = ValueAt(doc, offset)) {
    markdown = ModelHover(cat, *hit);
    result.range = hit->value->range;
  }
  if (!markdown) {
    markdown = LexicalHover(doc, offset, cat, &result.range);
  }
  if (!markdown) {
    return std::nullopt;
  }
  result.markdown = *markdown + FindingsAt(doc, offset);
  return result;
}

}  // namespace iamlint::lsp
