// Policy variables (${aws:username}) that are malformed, or used where IAM does not substitute
// them: in elements other than Resource and condition values, under operators other than String
// and Arn, or under a Version that predates variables.

#include <algorithm>
#include <array>
#include <vector>

#include "analyzer/analyze/rule.h"
#include "analyzer/core/strings.h"
#include "analyzer/core/unknown.h"

namespace iamlint::rules {
namespace {

constexpr auto kChecks = std::to_array<std::string_view>(
    {"EMPTY_VARIABLE", "MISSING_BRACE_IN_VARIABLE", "MISSING_QUOTE_IN_VARIABLE",
     "UNSUPPORTED_SPACE_IN_VARIABLE", "VARIABLE_UNSUPPORTED_IN_ELEMENT",
     "INVALID_VARIABLE_FOR_OPERATOR", "VARIABLE_UNSUPPORTED_IN_VERSION"});

constexpr RuleInfo kInfo{
    .id = "IAM116",
    .name = "policy-variable",
    .category = Category::kValidity,
    .severity = Severity::kHigh,
    .summary = "A policy variable is malformed or used where IAM does not substitute it.",
    .doc = R"md(
## What it flags
- Malformed variables: `${}`, a `${` without its `}`, a default value not in single quotes
  (`${aws:PrincipalTag/team, none}`), a space in the variable name (`${ aws:username}`).
- Variables where IAM never substitutes them: in `Action`/`NotAction`, `Principal`, `Sid` or a
  condition key, and in condition values of `Numeric`, `Date`, `Bool`, `Binary`, `IpAddress` or
  `Null` operators.
- Variables in a policy whose `Version` is `2008-10-17` or missing.

## Why it matters
IAM substitutes variables only in `Resource`/`NotResource` and in values of String and Arn
condition operators, and only under `"Version": "2012-10-17"`. Anywhere else the text is
compared literally, so the statement matches nothing the author meant: an Allow that never
applies, or a Deny that never protects. A malformed variable is rejected or never matches.

## Example
```json
{"Statement": [{"Effect": "Allow", "Action": "s3:*",
                "Resource": "arn:aws:s3:::home/${aws:username}/*"}]}
```

## Use instead
```json
{"Version": "2012-10-17",
 "Statement": [{"Effect": "Allow", "Action": "s3:*",
                "Resource": "arn:aws:s3:::home/${aws:username}/*"}]}
```

## Exceptions and limits
The escapes `${*}`, `${?}` and `${$}` are valid. Only variables that name a context key
(`service:name`) are checked for where they are used: a `${name}` without a colon is taken to be
a template placeholder (Terraform `templatefile`, CloudFormation `Fn::Sub`) of a file scanned
as plain JSON. Values known only after deployment are skipped. In Terraform, write IAM variables
as `&{aws:username}` (in `aws_iam_policy_document`) or `$${aws:username}`; `${...}` is
Terraform's own interpolation.

## References
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
- https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
)md",
    .aws_checks = kChecks};

enum class Problem { kNone, kEmpty, kMissingBrace, kMissingQuote, kSpace };

// One ${...} in a string: [begin, end) in the text, end past the '}' (or the text's end).
struct Variable {
  size_t begin = 0;
  size_t end = 0;
  std::string_view name;  // the context key, without the default value
  bool escape = false;    // ${*} ${?} ${$}
  Problem problem = Problem::kNone;

  // A context key ("aws:username", "saml:sub"); a name without a colon is not one.
  bool NamesKey() const { return name.find(':') != std::string_view::npos; }
};

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) {
    s.remove_prefix(1);
  }
  while (!s.empty() && IsSpace(s.back())) {
    s.remove_suffix(1);
  }
  return s;
}

bool HasSpace(std::string_view s) {
  return std::any_of(s.begin(), s.end(), IsSpace);
}

std::vector<Variable> FindVariables(std::string_view text) {
  // Enough for any real value; a hostile one with thousands of "${" is not reported thousands
  // of times.
  constexpr size_t kMaxVariables = 16;
  std::vector<Variable> out;
  size_t at = text.find("${");
  size_t close = 0;  // the first '}' at or after at + 2, found once per stretch (linear time)
  while (at != std::string_view::npos && out.size() < kMaxVariables) {
    Variable v;
    v.begin = at;
    if (close != std::string_view::npos && close < at + 2) {
      close = text.find('}', at + 2);
    }
    const size_t next = text.find("${", at + 2);
    if (close == std::string_view::npos || (next != std::string_view::npos && next < close)) {
      // Unclosed: up to the next variable, or the end.
      v.end = next == std::string_view::npos ? text.size() : next;
      v.name = Trim(text.substr(at + 2, v.end - at - 2));
      v.problem = Problem::kMissingBrace;
      out.push_back(v);
      at = next;
      continue;
    }
    v.end = close + 1;
    const std::string_view inner = text.substr(at + 2, close - at - 2);
    if (inner == "*" || inner == "?" || inner == "$") {
      v.escape = true;
    } else if (const size_t comma = inner.find(','); comma != std::string_view::npos) {
      v.name = inner.substr(0, comma);
      const std::string_view fallback = Trim(inner.substr(comma + 1));
      if (Trim(v.name).empty()) {
        v.problem = Problem::kEmpty;
      } else if (HasSpace(v.name)) {
        v.problem = Problem::kSpace;
      } else if (fallback.size() < 2 || fallback.front() != '\'' || fallback.back() != '\'') {
        v.problem = Problem::kMissingQuote;
      }
    } else {
      v.name = inner;
      if (Trim(inner).empty()) {
        v.problem = Problem::kEmpty;
      } else if (HasSpace(inner)) {
        v.problem = Problem::kSpace;
      }
    }
    out.push_back(v);
    at = text.find("${", v.end);
  }
  return out;
}

// A value for a message, shortened when long (at a UTF-8 character boundary).
std::string Shown(std::string_view text) {
  constexpr size_t kMax = 80;
  if (text.size() <= kMax) {
    return std::string(text);
  }
  size_t cut = kMax;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) {
    --cut;
  }
  return std::string(text.substr(0, cut)) + "...";
}

class Checker {
 public:
  Checker(const Policy& policy, const Statement& st, Reporter& out)
      : policy_(policy), st_(st), out_(out) {}

  // Resource/NotResource and String/Arn condition values: variables are substituted there.
  void Substituted(const Located& value) {
    if (HasUnknown(value.text)) {
      return;
    }
    for (const Variable& v : FindVariables(value.text)) {
      if (!policy_.ExpandsVariables()) {
        if (v.problem == Problem::kNone && (v.escape || v.NamesKey())) {
          const std::string why = policy_.version ? "under Version " + policy_.version->text
                                                  : "without a Version (2008-10-17 applies)";
          Report("VARIABLE_UNSUPPORTED_IN_VERSION", value, v,
                 Quoted(value, v) + " is literal text " + why +
                     ": IAM substitutes policy variables only under Version 2012-10-17",
                 policy_.version ? "set \"Version\": \"2012-10-17\""
                                 : "add \"Version\": \"2012-10-17\" to the policy");
        }
        continue;
      }
      ReportSyntax(value, v);
    }
  }

  // Values of operators that never substitute variables.
  void WrongOperator(const Located& value, const std::string& op) {
    ForKeyVariables(value, [&](const Variable& v) {
      Report("INVALID_VARIABLE_FOR_OPERATOR", value, v,
             Quoted(value, v) + " is compared literally: " + op +
                 " does not take policy variables, only String and Arn operators do",
             "compare with a fixed value, or use a String or Arn operator");
    });
  }

  // Elements where variables are never substituted.
  void WrongElement(const Located& value, std::string_view element, std::string_view help) {
    ForKeyVariables(value, [&](const Variable& v) {
      Report("VARIABLE_UNSUPPORTED_IN_ELEMENT", value, v,
             Quoted(value, v) + " is literal text: " + std::string(element) +
                 " cannot hold policy variables, only Resource and condition values can",
             std::string(help));
    });
  }

 private:
  template <typename Fn>
  void ForKeyVariables(const Located& value, Fn report) {
    if (HasUnknown(value.text)) {
      return;
    }
    for (const Variable& v : FindVariables(value.text)) {
      if (!v.escape && v.problem == Problem::kNone && v.NamesKey()) {
        report(v);
      }
    }
  }

  // ", 'default'" of a variable, or "" when it has none.
  static std::string_view FallbackPart(const Located& value, const Variable& v) {
    const std::string_view inner =
        std::string_view{value.text}.substr(v.begin + 2, v.end - v.begin - 3);
    const size_t comma = inner.find(',');
    return comma == std::string_view::npos ? std::string_view() : inner.substr(comma);
  }

  static std::string Quoted(const Located& value, const Variable& v) {
    std::string out = "\"";
    out += Shown(std::string_view{value.text}.substr(v.begin, v.end - v.begin));
    out += '"';
    return out;
  }

  void ReportSyntax(const Located& value, const Variable& v) {
    const std::string shown = Quoted(value, v);
    switch (v.problem) {
      case Problem::kNone:
        return;
      case Problem::kEmpty:
        Report("EMPTY_VARIABLE", value, v,
               shown + " names no context key, so IAM has nothing to substitute",
               "name a key, e.g. ${aws:username}, or remove the variable");
        return;
      case Problem::kMissingBrace:
        Report("MISSING_BRACE_IN_VARIABLE", value, v,
               "the policy variable " + shown + " has no closing '}'",
               "close the variable with '}' where its name ends, e.g. ${aws:username}");
        return;
      case Problem::kMissingQuote: {
        if (!v.NamesKey()) {
          return;
        }
        const std::string_view inner =
            std::string_view{value.text}.substr(v.begin + 2, v.end - v.begin - 3);
        std::string_view fallback = Trim(inner.substr(inner.find(',') + 1));
        while (!fallback.empty() && fallback.front() == '\'') {
          fallback.remove_prefix(1);
        }
        while (!fallback.empty() && fallback.back() == '\'') {
          fallback.remove_suffix(1);
        }
        Report("MISSING_QUOTE_IN_VARIABLE", value, v,
               "the default value in " + shown + " is not in single quotes",
               "write ${" + Shown(v.name) + ", '" + Shown(fallback) + "'}");
        return;
      }
      case Problem::kSpace: {
        if (!v.NamesKey()) {
          return;  // "${ name }" is template syntax, not an IAM variable
        }
        std::string name;
        for (const char c : v.name) {
          if (!IsSpace(c)) {
            name += c;
          }
        }
        Report("UNSUPPORTED_SPACE_IN_VARIABLE", value, v,
               shown +
                   " has a space in the variable name; only the default value may hold "
                   "spaces",
               "write ${" + Shown(name) + Shown(FallbackPart(value, v)) + "}");
        return;
      }
    }
  }

  void Report(std::string_view code, const Located& value, const Variable& v, std::string message,
              std::string help) {
    Finding& f =
        out_.Report(kInfo, code, Severity::kHigh, SubRange(value, v.begin, v.end - v.begin),
                    std::move(message), std::move(help));
    f.statement = st_.Label();
  }

  const Policy& policy_;
  const Statement& st_;
  Reporter& out_;
};

bool SubstitutesVariables(std::string_view base_operator) {
  return base_operator.starts_with("String") || base_operator.starts_with("Arn");
}

bool RejectsVariables(std::string_view base_operator) {
  auto comparison = [](std::string_view rest) {
    return rest == "Equals" || rest == "NotEquals" || rest == "LessThan" ||
           rest == "LessThanEquals" || rest == "GreaterThan" || rest == "GreaterThanEquals";
  };
  return (base_operator.starts_with("Numeric") && comparison(base_operator.substr(7))) ||
         (base_operator.starts_with("Date") && comparison(base_operator.substr(4))) ||
         base_operator == "Bool" || base_operator == "BinaryEquals" ||
         base_operator == "IpAddress" || base_operator == "NotIpAddress" || base_operator == "Null";
}

void Check(const PolicyContext& context, Reporter& out) {
  for (const Statement& st : context.policy.statements) {
    Checker checker(context.policy, st, out);
    if (st.sid) {
      checker.WrongElement(*st.sid, "Sid", "remove the variable from the Sid");
    }
    for (const Located& action : st.actions) {
      checker.WrongElement(action, st.not_action ? "NotAction" : "Action",
                           "list the actions by name or wildcard");
    }
    for (const PrincipalEntry& p : st.principals) {
      checker.WrongElement(p.value, st.not_principal ? "NotPrincipal" : "Principal",
                           "name the principal; to match the caller, add a condition on "
                           "aws:PrincipalArn or aws:userid, where variables work");
    }
    for (const Located& resource : st.resources) {
      checker.Substituted(resource);
    }
    for (const ConditionTest& test : st.conditions) {
      checker.WrongElement(test.key, "a condition key",
                           "name the key literally and put the variable in its value");
      for (const Located& value : test.values) {
        if (SubstitutesVariables(test.base_operator)) {
          checker.Substituted(value);
        } else if (RejectsVariables(test.base_operator)) {
          checker.WrongOperator(value, Shown(test.operator_name.text));
        }
      }
    }
  }
}

}  // namespace
}  // namespace iamlint::rules

IAMLINT_RULE(IAM116, iamlint::rules::kInfo, iamlint::rules::Check);
