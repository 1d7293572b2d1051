// Completion inside action strings, condition keys and condition operators. The context is
// read lexically (the document is usually broken while the user types); the statement's
// actions come from the analysed model when the text parsed, from the text before the cursor
// otherwise.

#include <algorithm>

#include "analyzer/analyze/conditions.h"
#include "analyzer/catalog/wildcard.h"
#include "analyzer/core/strings.h"
#include "analyzer/lsp/locate.h"
#include "analyzer/lsp/providers.h"

namespace iamlint::lsp {
namespace {

// Enough for any one service's actions with a prefix typed; more is noise in a completion list.
constexpr size_t kMaxItems = 500;

bool StartsWithIgnoreCase(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && EqualsIgnoreCase(text.substr(0, prefix.size()), prefix);
}

void AddServices(const catalog::Catalog& cat, std::string_view prefix, ByteRange replace,
                 std::vector<CompletionItem>& out) {
  for (catalog::ServiceId s = 0; s < cat.service_count() && out.size() < kMaxItems; ++s) {
    const std::string_view name = cat.ServicePrefix(s);
    if (!StartsWithIgnoreCase(name, prefix)) {
      continue;
    }
    CompletionItem item;
    item.label = std::string(name);
    item.kind = CompletionKind::kModule;
    item.detail = std::string(cat.ServiceName(s));
    item.documentation = Plural(cat.ServiceEndAction(s) - cat.ServiceFirstAction(s), "action");
    item.insert_text = item.label;
    item.insert_text += ':';  // the action name comes next
    item.replace = replace;
    out.push_back(std::move(item));
  }
}

void AddActions(const catalog::Catalog& cat, std::string_view prefix, ByteRange replace,
                std::vector<CompletionItem>& out) {
  const size_t colon = prefix.find(':');
  if (colon == std::string_view::npos) {
    AddServices(cat, prefix, replace, out);
    return;
  }
  const auto service = cat.FindService(prefix.substr(0, colon));
  if (!service) {
    return;
  }
  const std::string name = ToLower(prefix.substr(colon + 1));
  for (catalog::ActionId a = cat.ServiceFirstAction(*service);
       a < cat.ServiceEndAction(*service) && out.size() < kMaxItems; ++a) {
    if (!cat.ActionNameLower(a).starts_with(name)) {
      continue;
    }
    CompletionItem item;
    item.label = cat.FullActionName(a);
    item.kind = CompletionKind::kFunction;
    item.detail = std::string(catalog::AccessLevelName(cat.ActionAccessLevel(a)));
    item.documentation = std::string(cat.ActionDescription(a));
    item.insert_text = item.label;
    item.replace = replace;
    out.push_back(std::move(item));
  }
}

// The condition keys the actions support, through the actions or their resource types.
std::vector<catalog::ConditionKeyId> KeysOfActions(const catalog::Catalog& cat,
                                                   const std::vector<std::string>& actions) {
  catalog::ActionMatcher matcher(cat);
  catalog::ActionSet set(cat.action_count());
  for (const std::string& a : actions) {
    matcher.Expand(a).AddTo(set);
  }
  std::vector<bool> seen(cat.condition_key_count());
  set.ForEach([&](catalog::ActionId id) {
    for (const catalog::ConditionKeyId k : cat.ActionConditionKeys(id)) {
      seen[k] = true;
    }
    for (const catalog::ActionResource& r : cat.ActionResourceTypes(id)) {
      for (const catalog::ConditionKeyId k : cat.ResourceTypeConditionKeys(r.resource_type)) {
        seen[k] = true;
      }
    }
  });
  std::vector<catalog::ConditionKeyId> keys;
  for (catalog::ConditionKeyId k = 0; k < seen.size(); ++k) {
    if (seen[k] && !cat.ConditionKeyIsGlobal(k)) {
      keys.push_back(k);
    }
  }
  return keys;
}

CompletionItem KeyItem(const catalog::Catalog& cat, catalog::ConditionKeyId k, ByteRange replace) {
  CompletionItem item;
  item.label = std::string(cat.ConditionKeyName(k));
  item.kind = CompletionKind::kProperty;
  item.detail = std::string(catalog::KeyTypeName(cat.ConditionKeyType(k)));
  item.documentation = std::string(cat.ConditionKeyDescription(k));
  // A templated key ("aws:RequestTag/${TagKey}") is completed up to its placeholder.
  item.insert_text = item.label.substr(0, std::min(item.label.find("${"), item.label.find('<')));
  item.replace = replace;
  return item;
}

void AddKeys(const catalog::Catalog& cat, const std::vector<std::string>& actions,
             std::string_view prefix, ByteRange replace, std::vector<CompletionItem>& out) {
  for (const catalog::ConditionKeyId k : KeysOfActions(cat, actions)) {
    if (out.size() < kMaxItems && StartsWithIgnoreCase(cat.ConditionKeyName(k), prefix)) {
      out.push_back(KeyItem(cat, k, replace));
    }
  }
  for (catalog::ConditionKeyId k = 0; k < cat.condition_key_count() && out.size() < kMaxItems;
       ++k) {
    if (cat.ConditionKeyIsGlobal(k) && StartsWithIgnoreCase(cat.ConditionKeyName(k), prefix)) {
      out.push_back(KeyItem(cat, k, replace));
    }
  }
}

void AddOperators(std::string_view prefix, ByteRange replace, std::vector<CompletionItem>& out) {
  const std::vector<std::string_view> bases = OperatorNames();
  // Plain operators first, then IfExists, then the set qualifiers: the order of how often
  // they are wanted.
  for (const std::string_view form : {"", "IfExists", "ForAllValues:", "ForAnyValue:"}) {
    for (const std::string_view base : bases) {
      if (!form.empty() && base == "Null") {
        continue;  // Null takes no IfExists and no set qualifier
      }
      std::string label = form.ends_with(':') ? std::string(form) : std::string();
      label += base;
      if (form == "IfExists") {
        label += form;
      }
      if (!StartsWithIgnoreCase(label, prefix)) {
        continue;
      }
      const std::optional<OperatorInfo> info = FindOperator(base);
      CompletionItem item;
      item.label = label;
      item.kind = CompletionKind::kOperator;
      item.detail = std::string(OperatorFamilyName(info->family)) + " operator";
      item.documentation =
          info->negated ? "Negated: also true when the key is missing." : std::string();
      item.insert_text = label;
      item.replace = replace;
      out.push_back(std::move(item));
    }
  }
}

enum class Want { kNothing, kActions, kKeys, kOperators };

// What belongs at the cursor, from the keys around it.
Want WantAt(const Context& ctx) {
  if (ctx.path.empty()) {
    return Want::kNothing;
  }
  const std::string& last = ctx.path.back();
  std::string_view parent;
  if (ctx.path.size() >= 2) {
    parent = ctx.path[ctx.path.size() - 2];
  }
  if (ctx.key_position) {
    if (EqualsIgnoreCase(last, "Condition")) {
      return Want::kOperators;
    }
    return EqualsIgnoreCase(parent, "Condition") ? Want::kKeys : Want::kNothing;
  }
  if (IsActionKey(last)) {
    return Want::kActions;
  }
  if (parent == "condition") {  // aws_iam_policy_document: condition { test, variable }
    if (last == "test") {
      return Want::kOperators;
    }
    if (last == "variable") {
      return Want::kKeys;
    }
  }
  return Want::kNothing;
}

// The statement's actions: from the model when the text parsed, else as read before the cursor.
std::vector<std::string> StatementActions(const Document& doc, uint32_t offset,
                                          const Context& ctx) {
  if (const auto hit = StatementAt(doc, offset)) {
    std::vector<std::string> actions;
    for (const Located& a : hit->statement->actions) {
      actions.push_back(a.text);
    }
    if (!hit->statement->not_action) {
      return actions;
    }
    return {};  // NotAction: keys of nearly every service would apply; offer the global ones
  }
  return ctx.actions;
}

}  // namespace

std::vector<CompletionItem> CompleteAt(const Document& doc, uint32_t offset,
                                       const catalog::Catalog& cat) {
  std::vector<CompletionItem> out;
  if (!doc.scanned.source) {
    return out;
  }
  const std::string_view text = doc.scanned.source->text();
  const std::optional<Token> token = TokenAt(text, offset, doc.language);
  if (!token || token->content.begin > offset) {
    return out;
  }
  const std::string_view prefix = text.substr(token->content.begin, offset - token->content.begin);
  const Context ctx = ContextAt(text, offset, doc.language);
  switch (WantAt(ctx)) {
    case Want::kActions:
      AddActions(cat, prefix, token->content, out);
      break;
    case Want::kKeys:
      AddKeys(cat, StatementActions(doc, offset, ctx), prefix, token->content, out);
      break;
    case Want::kOperators:
      AddOperators(prefix, token->content, out);
      break;
    case Want::kNothing:
      break;
  }
  return out;
}

}  // namespace iamlint::lsp
