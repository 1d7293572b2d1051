#include "analyzer/analyze/suppressions.h"

#include <algorithm>
#include <map>
#include <optional>
#include <string>

#include "analyzer/analyze/rule.h"
#include "analyzer/core/strings.h"
#include "analyzer/extract/value.h"
#include "analyzer/extract/yaml.h"
#include "analyzer/parse/json.h"

namespace iamlint {
namespace {

constexpr std::string_view kMarker = "iamlint:";
constexpr std::string_view kSidPrefix = "iamlintignore";

enum class Syntax { kNone, kHcl, kYaml };

/// One directive and what it covers.
struct Directive {
  enum class Scope { kLines, kFile, kStatement, kResource };
  Scope scope = Scope::kLines;
  std::vector<const RuleInfo*> rules;
  std::vector<bool> used;             // parallel to rules
  std::vector<std::string> shadowed;  // parallel to rules: the directive that took its findings
  std::string reason;
  ByteRange range;                 // the directive as written
  uint32_t first_line = 0;         // kLines: the lines it covers
  uint32_t last_line = 0;          //
  const Policy* policy = nullptr;  // kStatement: the policy and Sid of the statement
  std::string sid;                 // as findings name their statement: Statement::Label()
  ByteRange statement;             // the statement object
  std::string resource;            // kResource: a CloudFormation logical id
  std::string spelled;             // how to name it in messages
};

/// The directives of one file and the findings about them.
struct FileDirectives {
  std::vector<Directive> directives;
  std::vector<Finding> problems;  // IAM901
};

/// 'text' in quotes (built by appending: GCC 12 misreports -Wrestrict on "'" + std::string).
std::string Quote(std::string_view text) {
  std::string quoted;
  quoted.reserve(text.size() + 2);
  quoted.append(1, '\'').append(text).append(1, '\'');
  return quoted;
}

const RuleInfo& RuleOf(std::string_view id) {
  return FindRule(id)->info;
}

Syntax SyntaxOf(const SourceFile& file) {
  const std::string& path = file.path();
  if (path.ends_with(".tf")) {
    return Syntax::kHcl;
  }
  if (path.ends_with(".yaml") || path.ends_with(".yml")) {
    return Syntax::kYaml;
  }
  if (path.ends_with(".template")) {
    const std::string_view text = file.text();
    const size_t first = text.find_first_not_of(" \t\r\n");
    return first != std::string_view::npos && text[first] != '{' ? Syntax::kYaml : Syntax::kNone;
  }
  return Syntax::kNone;
}

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\r';
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (IsSpace(s.front()) || s.front() == '\n')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (IsSpace(s.back()) || s.back() == '\n')) {
    s.remove_suffix(1);
  }
  return s;
}

/// Where the comment of `line` starts (at its `#` or `//`), outside quoted strings; npos if none.
size_t CommentStart(std::string_view line, Syntax syntax) {
  char quote = 0;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quote != 0) {
      if (c == '\\' && quote == '"') {
        ++i;
      } else if (c == quote) {
        quote = 0;
      }
      continue;
    }
    if (c == '"' || (c == '\'' && syntax == Syntax::kYaml)) {
      quote = c;
      continue;
    }
    const bool hash = c == '#' && (syntax == Syntax::kHcl || i == 0 || IsSpace(line[i - 1]));
    const bool slashes =
        c == '/' && syntax == Syntax::kHcl && i + 1 < line.size() && line[i + 1] == '/';
    if (hash || slashes) {
      return i;
    }
  }
  return std::string_view::npos;
}

bool IsCommentOnly(std::string_view line, Syntax syntax) {
  const size_t start = CommentStart(line, syntax);
  return start != std::string_view::npos && Trim(line.substr(0, start)).empty();
}

size_t Indentation(std::string_view line) {
  size_t n = 0;
  while (n < line.size() && (line[n] == ' ' || line[n] == '\t')) {
    ++n;
  }
  return n;
}

/// The last line of the YAML node that starts on `line`: the lines after it that are blank,
/// comments, or more indented.
uint32_t YamlNodeEnd(const SourceFile& file, uint32_t line) {
  const size_t indent = Indentation(file.Line(line));
  uint32_t last = line;
  for (uint32_t l = line + 1; l <= file.line_count(); ++l) {
    const std::string_view text = file.Line(l);
    const std::string_view trimmed = Trim(text);
    if (trimmed.empty() || trimmed.front() == '#') {
      continue;
    }
    if (Indentation(text) <= indent) {
      break;
    }
    last = l;
  }
  return last;
}

/// The terminator of a heredoc that starts at `at` ("<<EOT", "<<-EOT"), or empty.
std::string HeredocTerminator(std::string_view text, size_t at) {
  size_t begin = at + 2;
  if (begin < text.size() && text[begin] == '-') {
    ++begin;
  }
  size_t end = begin;
  while (end < text.size() &&
         (std::isalnum(static_cast<unsigned char>(text[end])) != 0 || text[end] == '_')) {
    ++end;
  }
  return std::string(text.substr(begin, end - begin));
}

/// Adds the brackets one Terraform line opens minus those it closes to `depth`; returns the
/// terminator when a heredoc starts on it.
std::string ScanHclLine(std::string_view text, int& depth) {
  char quote = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quote != 0) {
      if (c == '\\') {
        ++i;
      } else if (c == quote) {
        quote = 0;
      }
      continue;
    }
    if (c == '"') {
      quote = c;
    } else if (c == '#' || text.substr(i).starts_with("//")) {
      break;
    } else if (c == '{' || c == '[' || c == '(') {
      ++depth;
    } else if (c == '}' || c == ']' || c == ')') {
      --depth;
    } else if (text.substr(i).starts_with("<<")) {
      std::string terminator = HeredocTerminator(text, i);
      if (!terminator.empty()) {
        return terminator;
      }
    }
  }
  return {};
}

/// The last line of the Terraform construct that starts on `line`: where the brackets opened
/// on it close (strings, comments and heredocs skipped).
uint32_t HclNodeEnd(const SourceFile& file, uint32_t line) {
  int depth = 0;
  std::string heredoc;  // the terminator while inside a heredoc
  for (uint32_t l = line; l <= file.line_count(); ++l) {
    const std::string_view text = file.Line(l);
    if (heredoc.empty()) {
      heredoc = ScanHclLine(text, depth);
    } else if (Trim(text) == heredoc) {
      heredoc.clear();
    }
    if (heredoc.empty() && depth <= 0) {
      return l;
    }
  }
  return file.line_count();
}

/// Parses "RULES reason" after a directive word; records problems as IAM901 findings.
bool ParseRulesAndReason(std::string_view rest, ByteRange at, std::string_view spelled,
                         Directive& d, std::vector<Finding>& problems) {
  Reporter report;
  rest = Trim(rest);
  const size_t end_rules = std::min(rest.find_first_of(" \t"), rest.size());
  std::string_view rules = rest.substr(0, end_rules);
  std::string_view reason = Trim(rest.substr(end_rules));
  const RuleInfo& invalid = RuleOf("IAM901");
  if (rules.empty()) {
    report.Report(invalid, at, Quote(spelled) + " names no rule",
                  "name the rules it suppresses and why: " + std::string(spelled) +
                      " IAM201 break-glass role, approved in SEC-123");
  }
  while (!rules.empty()) {
    const size_t comma = std::min(rules.find(','), rules.size());
    const std::string_view name = rules.substr(0, comma);
    rules.remove_prefix(std::min(comma + 1, rules.size()));
    if (name.empty()) {
      continue;
    }
    const Rule* rule = FindRule(name);
    if (rule == nullptr) {
      report.Report(invalid, at, Quote(name) + " is not a rule of iamlint",
                    "name rules by id or name, as `iamlint rules` lists them");
      continue;
    }
    d.rules.push_back(&rule->info);
  }
  for (const char* separator : {"--", ":", "-"}) {  // "IAM201 -- reason", "IAM201: reason"
    if (reason.starts_with(separator)) {
      reason = Trim(reason.substr(std::string_view(separator).size()));
      break;
    }
  }
  if (!d.rules.empty() && reason.empty()) {
    report.Report(
        invalid, at, Quote(spelled) + " gives no reason: a suppression without one is not applied",
        "say why the finding is acceptable after the rule, e.g. " + std::string(spelled) + " " +
            std::string(d.rules.front()->id) + " read-only role, reviewed in SEC-123");
  }
  d.reason = std::string(reason);
  d.used.assign(d.rules.size(), false);
  d.shadowed.assign(d.rules.size(), "");
  for (Finding& f : report.findings()) {
    problems.push_back(std::move(f));
  }
  return !d.rules.empty() && !reason.empty() && report.findings().empty();
}

/// The lines a directive on line `line` covers: a comment alone on its line covers the construct
/// below it (after any further comment lines); a comment after code, the construct that line
/// starts.
void SetCoveredLines(const SourceFile& file, Syntax syntax, uint32_t line, Directive& d) {
  uint32_t target = line;
  if (IsCommentOnly(file.Line(line), syntax)) {
    target = line + 1;
    while (target <= file.line_count() && IsCommentOnly(file.Line(target), syntax)) {
      ++target;
    }
  }
  d.first_line = target;
  if (target > file.line_count()) {
    d.last_line = 0;  // nothing follows
  } else {
    d.last_line = syntax == Syntax::kYaml ? YamlNodeEnd(file, target) : HclNodeEnd(file, target);
  }
}

/// `# iamlint:ignore RULES reason` and `# iamlint:ignore-file RULES reason` comments.
void ReadCommentDirectives(const SourceFile& file, Syntax syntax, FileDirectives& out) {
  const std::string_view text = file.text();
  for (size_t hit = text.find(kMarker); hit != std::string_view::npos;
       hit = text.find(kMarker, hit + 1)) {
    const uint32_t line_number = file.Locate(static_cast<uint32_t>(hit)).line;
    const std::string_view line = file.Line(line_number);
    const auto line_start = static_cast<size_t>(line.data() - text.data());
    const size_t comment = CommentStart(line, syntax);
    if (comment == std::string_view::npos || line_start + comment > hit) {
      hit = line_start + line.size();
      continue;
    }
    const size_t marker_len = line[comment] == '#' ? 1 : 2;
    if (line_start + comment + marker_len + Indentation(line.substr(comment + marker_len)) != hit) {
      hit = line_start + line.size();
      continue;  // "iamlint:" is not where the comment starts: prose mentioning it
    }
    const std::string_view body = Trim(line.substr(hit - line_start));
    const ByteRange at{static_cast<uint32_t>(hit), static_cast<uint32_t>(hit + body.size())};
    const size_t word_end = std::min(body.find_first_of(" \t"), body.size());
    const std::string_view word = body.substr(kMarker.size(), word_end - kMarker.size());
    Directive d;
    d.range = at;
    d.spelled = std::string(body.substr(0, word_end));
    hit = line_start + line.size();
    if (word != "ignore" && word != "ignore-file") {
      Reporter report;
      report.Report(RuleOf("IAM901"), at, Quote(d.spelled) + " is not an iamlint directive",
                    "write iamlint:ignore RULES reason (this construct) or iamlint:ignore-file "
                    "RULES reason (the whole file)");
      out.problems.push_back(std::move(report.findings().front()));
      continue;
    }
    if (!ParseRulesAndReason(body.substr(word_end), at, d.spelled, d, out.problems)) {
      continue;
    }
    if (word == "ignore-file") {
      d.scope = Directive::Scope::kFile;
    } else {
      SetCoveredLines(file, syntax, line_number, d);
    }
    out.directives.push_back(std::move(d));
  }
}

/// Splits "BreakGlassAccess" into "Break Glass Access".
std::string Words(std::string_view camel) {
  std::string words;
  for (size_t i = 0; i < camel.size(); ++i) {
    if (i > 0 && std::isupper(static_cast<unsigned char>(camel[i])) != 0 &&
        std::islower(static_cast<unsigned char>(camel[i - 1])) != 0) {
      words += ' ';
    }
    words += camel[i];
  }
  return words;
}

/// Statement ids of the form IamlintIgnore<RULE ids><Reason>, e.g.
/// "IamlintIgnoreIAM201BreakGlassAccess" (a Sid holds only letters and digits).
void ReadSidDirectives(const PolicyResult& p, FileDirectives& out) {
  for (const Statement& st : p.policy.statements) {
    std::string_view sid;
    if (st.sid) {
      sid = st.sid->text;
    }
    if (!EqualsIgnoreCase(sid.substr(0, std::min(sid.size(), kSidPrefix.size())), kSidPrefix)) {
      continue;
    }
    std::string_view rest = st.sid->text;
    rest.remove_prefix(kSidPrefix.size());
    Directive d;
    d.scope = Directive::Scope::kStatement;
    d.range = st.sid->range;
    d.policy = &p.policy;
    d.sid = st.Label();
    d.statement = st.range;
    d.spelled = "Sid " + st.sid->text;
    std::string rules;
    while (rest.size() >= 6 && EqualsIgnoreCase(rest.substr(0, 3), "IAM") &&
           std::all_of(rest.begin() + 3, rest.begin() + 6,
                       [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; })) {
      rules += (rules.empty() ? "IAM" : ",IAM") + std::string(rest.substr(3, 3));
      rest.remove_prefix(6);
    }
    if (ParseRulesAndReason(rules + " " + Words(rest), d.range, d.spelled, d, out.problems)) {
      out.directives.push_back(std::move(d));
    }
  }
}

/// The rules of a Metadata entry (`rules: [A, B]`, `rules: A` or `rule: A`), comma-separated.
std::string MetadataRules(const extract::Value& entry) {
  const extract::Value* named = entry.Find("rules");
  if (named == nullptr) {
    named = entry.Find("rule");
  }
  if (named == nullptr) {
    return {};
  }
  if (named->kind != extract::Value::Kind::kTuple) {
    return named->text;
  }
  std::string rules;
  for (const extract::Value& r : named->items) {
    rules += (rules.empty() ? "" : ",") + r.text;
  }
  return rules;
}

/// The entries of `Metadata: iamlint: ignore:` under `holder` (a resource, or the template).
void ReadMetadataEntries(const extract::Value& holder, const std::string& resource,
                         FileDirectives& out) {
  const extract::Value* metadata = holder.Find("Metadata");
  const extract::Value* iamlint = metadata != nullptr ? metadata->Find("iamlint") : nullptr;
  const extract::Value* ignore = iamlint != nullptr ? iamlint->Find("ignore") : nullptr;
  if (ignore == nullptr) {
    return;
  }
  const std::string spelled = "Metadata iamlint ignore";
  if (ignore->kind != extract::Value::Kind::kTuple) {
    Reporter report;
    report.Report(RuleOf("IAM901"), ignore->range,
                  "'ignore' must be a list of {rules, reason} entries",
                  "write ignore: [{rules: [IAM201], reason: why the finding is acceptable}]");
    out.problems.push_back(std::move(report.findings().front()));
    return;
  }
  for (const extract::Value& entry : ignore->items) {
    Directive d;
    d.scope = resource.empty() ? Directive::Scope::kFile : Directive::Scope::kResource;
    d.resource = resource;
    d.range = entry.range;
    d.spelled = spelled;
    const std::string rules = MetadataRules(entry);
    const extract::Value* reason = entry.Find("reason");
    const std::string why = reason != nullptr && reason->is_string() ? reason->text : "";
    // The reason may contain spaces: it is passed after the rule list.
    if (ParseRulesAndReason(rules + " " + (why.empty() ? "" : "-- " + why), d.range, spelled, d,
                            out.problems)) {
      out.directives.push_back(std::move(d));
    }
  }
}

/// CloudFormation `Metadata: iamlint: ignore:` on resources and on the template.
void ReadMetadataDirectives(const SourceFile& file, Syntax syntax, FileDirectives& out) {
  std::vector<extract::Value> documents;
  if (syntax == Syntax::kYaml) {
    documents = std::move(extract::ReadYaml(file).documents);
  } else {
    const parse::JsonParseResult parsed = parse::ParseJson(file.text());
    if (!parsed.document) {
      return;
    }
    documents.push_back(
        extract::ValueFromJsonSource(file, *parsed.document, parsed.document->root()));
  }
  for (const extract::Value& doc : documents) {
    const extract::Value* resources = doc.Find("Resources");
    if (resources == nullptr) {
      continue;
    }
    ReadMetadataEntries(doc, "", out);
    for (const extract::Value::Member& r : resources->members) {
      ReadMetadataEntries(r.value, r.key, out);
    }
  }
}

/// True when IaC address `address` belongs to CloudFormation resource `id`.
bool OfResource(std::string_view address, std::string_view id) {
  return address.starts_with(id) &&
         (address.size() == id.size() || address[id.size()] == '.' || address[id.size()] == '[');
}

bool Covers(const Directive& d, const SourceFile& file, const Policy* policy, const Finding& f) {
  switch (d.scope) {
    case Directive::Scope::kFile:
      return true;
    case Directive::Scope::kLines: {
      const uint32_t line = file.Locate(f.range.begin).line;
      return line >= d.first_line && line <= d.last_line;
    }
    case Directive::Scope::kStatement:
      return policy == d.policy && (f.statement == d.sid || (f.range.begin >= d.statement.begin &&
                                                             f.range.end <= d.statement.end));
    case Directive::Scope::kResource:
      return policy != nullptr && OfResource(policy->address, d.resource);
  }
  return false;
}

/// Applies the most specific directive of `directives` (sorted by ScopeRank) that covers `f`
/// and names its rule; others that also do are told which one took it.
void Suppress(std::vector<Directive>& directives, const SourceFile& file, const Policy* policy,
              Finding& f) {
  const Directive* taken_by = nullptr;
  for (Directive& d : directives) {
    for (size_t i = 0; i < d.rules.size(); ++i) {
      if (d.rules[i]->id != f.rule_id || !Covers(d, file, policy, f)) {
        continue;
      }
      if (taken_by == nullptr) {
        d.used[i] = true;
        f.suppression = Suppression{Suppression::Kind::kInSource, d.reason, &file, d.range};
        taken_by = &d;
      } else if (!d.used[i]) {
        d.shadowed[i] = taken_by->spelled;
      }
    }
  }
}

/// Most specific first: a statement, lines, a resource, the file.
int ScopeRank(Directive::Scope scope) {
  switch (scope) {
    case Directive::Scope::kStatement:
      return 0;
    case Directive::Scope::kLines:
      return 1;
    case Directive::Scope::kResource:
      return 2;
    case Directive::Scope::kFile:
      return 3;
  }
  return 3;
}

std::string WhyUnused(const Directive& d, size_t rule) {
  if (!d.shadowed[rule].empty()) {
    return Quote(d.shadowed[rule]) + " suppresses them first";
  }
  if (d.scope == Directive::Scope::kLines && d.last_line == 0) {
    return "nothing follows it";
  }
  return "nothing it covers has one";
}

/// Every directive written in the file of `f`, most specific first.
FileDirectives ReadDirectives(const ScannedFile& f) {
  FileDirectives d;
  for (const PolicyResult& p : f.result.policies) {
    ReadSidDirectives(p, d);
  }
  // Comments and Metadata name "iamlint" in lower case: most files are passed over by one
  // substring search.
  const std::string_view text = f.source->text();
  if (text.find("iamlint") != std::string_view::npos) {
    const Syntax syntax = SyntaxOf(*f.source);
    if (syntax != Syntax::kNone) {
      ReadCommentDirectives(*f.source, syntax, d);
    }
    if (syntax != Syntax::kHcl && text.find("Resources") != std::string_view::npos) {
      ReadMetadataDirectives(*f.source, syntax, d);
    }
  }
  std::stable_sort(d.directives.begin(), d.directives.end(),
                   [](const Directive& a, const Directive& b) {
                     return ScopeRank(a.scope) < ScopeRank(b.scope);
                   });
  return d;
}

/// Marks every finding of `files` a directive of its file covers.
void MarkSuppressed(std::vector<ScannedFile>& files,
                    std::map<const SourceFile*, FileDirectives>& by_file) {
  auto suppress = [&](const SourceFile* file, const Policy* policy, Finding& finding) {
    auto it = by_file.find(file);
    if (it != by_file.end() && !it->second.directives.empty()) {
      Suppress(it->second.directives, *file, policy, finding);
    }
  };
  for (ScannedFile& f : files) {
    for (PolicyResult& p : f.result.policies) {
      for (Finding& finding : p.findings) {
        suppress(f.source.get(), &p.policy, finding);
      }
    }
    for (PrincipalGroup& g : f.result.principals) {
      Policy whole;
      whole.address = g.principal.address;
      for (LocatedFinding& pf : g.findings) {
        suppress(pf.file, &whole, pf.finding);
      }
    }
  }
}

/// IAM902 for each rule of a directive that suppressed nothing, when the rule ran.
void ReportUnused(const SourceFile& file, const std::vector<Directive>& directives,
                  const SuppressionOptions& options, std::vector<Finding>& out) {
  for (const Directive& directive : directives) {
    for (size_t i = 0; i < directive.rules.size(); ++i) {
      const std::string_view id = directive.rules[i]->id;
      if (directive.used[i] || (options.rule_ran && !options.rule_ran(file.path(), id))) {
        continue;
      }
      Reporter report;
      report.Report(RuleOf("IAM902"), directive.range,
                    Quote(directive.spelled) + " suppresses no " + std::string(id) +
                        " finding: " + WhyUnused(directive, i),
                    "remove " + std::string(id) + " from the directive (or the directive)");
      out.push_back(std::move(report.findings().front()));
    }
  }
}

}  // namespace

void ApplySuppressions(std::vector<ScannedFile>& files, const SuppressionOptions& options) {
  std::map<const SourceFile*, FileDirectives> by_file;
  std::map<const SourceFile*, ScannedFile*> owner;
  for (ScannedFile& f : files) {
    if (f.source) {
      owner[f.source.get()] = &f;
      by_file[f.source.get()] = ReadDirectives(f);
    }
  }
  MarkSuppressed(files, by_file);
  for (auto& [file, d] : by_file) {
    std::vector<Finding>& out = owner[file]->result.findings;
    for (Finding& problem : d.problems) {
      out.push_back(std::move(problem));
    }
    if (options.report_unused && options.report_unused(file->path())) {
      ReportUnused(*file, d.directives, options, out);
    }
    std::stable_sort(out.begin(), out.end(), [](const Finding& a, const Finding& b) {
      return a.range.begin < b.range.begin;
    });
  }
}

}  // namespace iamlint
