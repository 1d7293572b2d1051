#include <algorithm>

#include "analyzer/report/report.h"

namespace iamlint {
namespace {

constexpr std::string_view kReset = "\033[0m";
constexpr std::string_view kBold = "\033[1m";

std::string_view SeverityColor(Severity s) {
  switch (s) {
    case Severity::kCritical:
      return "\033[1;35m";
    case Severity::kHigh:
      return "\033[1;31m";
    case Severity::kMedium:
      return "\033[1;33m";
    case Severity::kLow:
      return "\033[1;36m";
    case Severity::kInfo:
      return "\033[1;34m";
  }
  return "";
}

class TextWriter {
 public:
  TextWriter(std::ostream& out, const TextOptions& options) : out_(out), options_(options) {}

  void Finding(const SourceFile& file, const Policy& policy, const iamlint::Finding& f);
  void Error(const SourceFile* file, const InputError& e);
  void Summary(const ScanSummary& s);

 private:
  std::string Paint(std::string_view text, std::string_view color) const {
    return options_.color ? std::string(color) + std::string(text) + std::string(kReset)
                          : std::string(text);
  }
  void Snippet(const SourceFile& file, ByteRange range);

  std::ostream& out_;
  const TextOptions& options_;
};

// A message on one line: quoted values may hold line breaks (a YAML literal block scalar).
std::string OneLine(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else {
      out += c;
    }
  }
  return out;
}

// Byte offset of the `chars`-th code point of `text` (or its size).
size_t ByteOfChar(std::string_view text, uint32_t chars) {
  size_t i = 0;
  for (uint32_t seen = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0U) != 0x80U && seen++ == chars) {
      return i;
    }
  }
  return text.size();
}

void TextWriter::Snippet(const SourceFile& file, ByteRange range) {
  const LineRange r = file.Locate(range);
  std::string_view line = file.Line(r.start.line);
  std::string gutter = std::to_string(r.start.line);
  const std::string pad(gutter.size(), ' ');
  const uint32_t line_chars = CountCharacters(line);
  const uint32_t end_column = r.end.line == r.start.line ? r.end.column : line_chars + 1;
  uint32_t start = r.start.column - 1;  // 0-based, in characters
  uint32_t width = std::max<uint32_t>(1, end_column - r.start.column);
  // Long lines (minified JSON, generated code) are cut to a window around the range.
  constexpr uint32_t kWindow = 120;
  constexpr uint32_t kBefore = 40;
  std::string prefix;
  std::string suffix;
  if (line_chars > kWindow + kBefore) {
    const uint32_t first = start > kBefore ? start - kBefore : 0;
    const uint32_t last = std::min(line_chars, first + kWindow + std::min(width, kWindow));
    const size_t b = ByteOfChar(line, first);
    const size_t e = ByteOfChar(line, last);
    prefix = first > 0 ? "..." : "";
    suffix = last < line_chars ? "..." : "";
    line = line.substr(b, e - b);
    start = start - first + static_cast<uint32_t>(prefix.size());
    width = std::min(width, last - (r.start.column - 1));
  }
  // Tabs are shown as one space so the caret lines up whatever the terminal's tab width.
  std::string shown = prefix + std::string(line) + suffix;
  std::replace(shown.begin(), shown.end(), '\t', ' ');
  out_ << ' ' << gutter << " | " << shown << '\n';
  std::string marks(start, ' ');
  marks += '^';
  marks.append(std::max<uint32_t>(width, 1) - 1, '~');
  out_ << ' ' << pad << " | " << Paint(marks, SeverityColor(Severity::kMedium)) << '\n';
}

void TextWriter::Finding(const SourceFile& file, const Policy& policy, const iamlint::Finding& f) {
  const LineColumn at = file.Locate(f.range.begin);
  out_ << Paint(file.path() + ":" + std::to_string(at.line) + ":" + std::to_string(at.column) + ":",
                kBold)
       << ' ' << Paint(std::string(SeverityName(f.severity)) + ":", SeverityColor(f.severity))
       << ' ' << OneLine(f.message) << " [" << f.rule_id << ' ' << f.rule_name << "]\n";
  if (options_.quiet) {
    return;
  }
  Snippet(file, f.range);
  if (!policy.note.empty()) {
    out_ << "  = note: " << policy.address << ": " << policy.note << '\n';
  }
  if (!policy.construct.empty()) {
    out_ << "  = note: in " << policy.address << ", from the CDK construct " << policy.construct
         << '\n';
  }
  for (const RelatedLocation& rel : f.related) {
    const SourceFile& in = rel.file != nullptr ? *rel.file : file;
    const LineColumn r = in.Locate(rel.range.begin);
    out_ << "  = note: " << in.path() << ':' << r.line << ':' << r.column << ": " << rel.message
         << '\n';
  }
  if (!f.help.empty()) {
    out_ << "  = help: " << f.help << '\n';
  }
}

void TextWriter::Error(const SourceFile* file, const InputError& e) {
  std::string where = e.path + ":";
  if (file != nullptr && e.range) {
    const LineColumn at = file->Locate(e.range->begin);
    where += std::to_string(at.line) + ":" + std::to_string(at.column) + ":";
  }
  out_ << Paint(where, kBold) << ' ' << Paint("error:", SeverityColor(Severity::kHigh)) << ' '
       << e.message << " [invalid-input]\n";
  if (!options_.quiet && file != nullptr && e.range) {
    Snippet(*file, *e.range);
  }
}

void TextWriter::Summary(const ScanSummary& s) {
  if (options_.quiet) {
    return;
  }
  out_ << s.findings << (s.findings == 1 ? " finding" : " findings");
  if (s.findings > 0) {
    std::string parts;
    for (int i = 0; i < 5; ++i) {
      if (s.by_severity[i] > 0) {
        parts += (parts.empty() ? "" : ", ") + std::to_string(s.by_severity[i]) + " " +
                 std::string(SeverityName(static_cast<Severity>(i)));
      }
    }
    out_ << " (" << parts << ")";
  }
  out_ << " in " << s.policies << (s.policies == 1 ? " policy" : " policies") << ", " << s.files
       << (s.files == 1 ? " file" : " files");
  if (s.errors > 0) {
    out_ << "; " << s.errors << (s.errors == 1 ? " input error" : " input errors");
  }
  if (s.suppressed > 0) {
    out_ << "; " << s.suppressed << " suppressed";
  }
  if (s.baselined > 0) {
    out_ << "; " << s.baselined << " in the baseline";
  }
  out_ << '\n';
}

}  // namespace

void WriteText(std::ostream& out, const std::vector<ScannedFile>& files,
               const TextOptions& options) {
  TextWriter writer(out, options);
  for (const ScannedFile& f : files) {
    for (const InputError& e : f.result.errors) {
      writer.Error(f.source.get(), e);
    }
    for (const iamlint::Finding& finding : f.result.findings) {
      if (!finding.suppression) {
        writer.Finding(*f.source, Policy{}, finding);
      }
    }
    for (const PolicyResult& p : f.result.policies) {
      for (const iamlint::Finding& finding : p.findings) {
        if (!finding.suppression) {
          writer.Finding(*f.source, p.policy, finding);
        }
      }
    }
    for (const PrincipalGroup& g : f.result.principals) {
      for (const LocatedFinding& pf : g.findings) {
        if (!pf.finding.suppression) {
          writer.Finding(*pf.file, Policy{}, pf.finding);
        }
      }
    }
  }
  writer.Summary(Summarize(files));
}

}  // namespace iamlint
