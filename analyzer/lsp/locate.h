#pragma once
// What is at a byte offset of a document, for the providers: a value of the analysed policy
// model when the text parses, and a lexical reading of the text around the offset when it does
// not (the user is typing, so the document is often broken exactly where the cursor is).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/lsp/document.h"

namespace iamlint::lsp {

/// What a value of the policy model is.
enum class ValueKind { kAction, kResource, kConditionKey, kConditionOperator, kConditionValue };

/// A value of the analysed policies, with the policy and statement it belongs to.
struct ModelHit {
  ValueKind kind = ValueKind::kAction;
  const PolicyResult* policy = nullptr;
  const Statement* statement = nullptr;
  const Located* value = nullptr;
  const ConditionTest* test = nullptr;  // condition keys, operators and values
};

/// The value of the analysed policies whose range contains `offset` (ends inclusive, so a
/// cursor just after a value still finds it).
std::optional<ModelHit> ValueAt(const Document& doc, uint32_t offset);

/// The statement whose range contains `offset`, with its policy; nullopt outside statements.
std::optional<ModelHit> StatementAt(const Document& doc, uint32_t offset);

/// A string token of the text around an offset, found lexically.
struct Token {
  ByteRange content;  // the characters between the quotes, or the bare word
  char quote = 0;     // '"', '\'' or 0 for a bare word
};

/// The string (or bare word) that contains `offset`; a cursor right after the opening quote
/// or right before the closing one is inside.
std::optional<Token> TokenAt(std::string_view text, uint32_t offset, Language language);

/// Where `offset` is in the nesting of the document, read lexically.
struct Context {
  std::vector<std::string> path;     // keys of the enclosing values, outermost first
  bool key_position = false;         // the cursor is where a key of an object goes
  std::vector<std::string> actions;  // action strings seen before it in the enclosing objects
};

/// The lexical context of `offset`: JSON and HCL (brackets and keys), YAML (indentation).
Context ContextAt(std::string_view text, uint32_t offset, Language language);

/// True for the keys that hold action lists: Action, NotAction, actions, not_actions.
bool IsActionKey(std::string_view key);

/// The range between the quotes of a quoted value, or the value's range when unquoted.
ByteRange InnerRange(std::string_view text, ByteRange range);

}  // namespace iamlint::lsp
