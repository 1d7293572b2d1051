// The IAM credential report (`aws iam get-credential-report`, the Content decoded): CSV, one
// row per user, columns found by their header name.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html

#include <fstream>
#include <iterator>
#include <string>
#include <unordered_map>

#include "analyzer/activity/activity.h"

namespace iamlint::activity {
namespace {

// One CSV row (RFC 4180: quoted fields may hold commas, quotes and newlines).
struct Row {
  std::vector<std::string> fields;
  size_t line = 0;
  uint32_t offset = 0;
};

class CsvReader {
 public:
  explicit CsvReader(std::string_view text) : text_(text) {
    if (text_.starts_with("\xEF\xBB\xBF")) {
      pos_ = 3;
    }
  }
  // False at the end; `*error` for an unterminated quote.
  bool Next(Row* row, std::string* error) {
    row->fields.clear();
    while (pos_ < text_.size() && (text_[pos_] == '\n' || text_[pos_] == '\r')) {
      line_ += text_[pos_] == '\n' ? 1 : 0;
      ++pos_;
    }
    if (pos_ >= text_.size()) {
      return false;
    }
    row->line = line_;
    row->offset = static_cast<uint32_t>(pos_);
    while (true) {
      std::string field;
      if (pos_ < text_.size() && text_[pos_] == '"' && !ReadQuoted(&field)) {
        *error = "unterminated quoted field";
        row->fields.push_back(std::move(field));
        return true;
      }
      while (pos_ < text_.size() && text_[pos_] != ',' && text_[pos_] != '\n' &&
             text_[pos_] != '\r') {
        field += text_[pos_++];
      }
      row->fields.push_back(std::move(field));
      if (pos_ >= text_.size() || text_[pos_] != ',') {
        return true;
      }
      ++pos_;
    }
  }

 private:
  // A quoted field (the reader at its opening quote); false when the quote is never closed.
  bool ReadQuoted(std::string* field) {
    ++pos_;
    while (pos_ < text_.size()) {
      const char c = text_[pos_++];
      if (c != '"') {
        line_ += c == '\n' ? 1 : 0;
        *field += c;
      } else if (pos_ < text_.size() && text_[pos_] == '"') {
        *field += '"';
        ++pos_;
      } else {
        return true;
      }
    }
    return false;
  }

  std::string_view text_;
  size_t pos_ = 0;
  size_t line_ = 1;
};

// "N/A", "no_information", "not_supported" and empty mean no time.
bool IsNoValue(std::string_view v) {
  return v.empty() || v == "N/A" || v == "no_information" || v == "not_supported";
}

// One row as an entry, its columns found by name; `error` reports a value that is not a time.
template <typename ErrorFn>
CredentialEntry ToEntry(const Row& row, const std::unordered_map<std::string, size_t>& column,
                        ErrorFn&& error) {
  auto get = [&](const char* name) -> std::string_view {
    const auto it = column.find(name);
    if (it == column.end()) {
      return {};
    }
    return row.fields[it->second];
  };
  auto time = [&](const char* name) {
    const std::string_view v = get(name);
    Time t = kNever;
    if (!IsNoValue(v) && !ParseTime(v, &t)) {
      std::string message = name;
      message += " is not a time: ";
      message += v.substr(0, 64);
      error(message);
      return kNever;
    }
    return t;
  };
  auto flag = [&](const char* name) {
    return get(name) == "true" || get(name) == "TRUE";
  };
  CredentialEntry e;
  e.user = std::string(get("user"));
  e.arn = std::string(get("arn"));
  e.line = row.line;
  e.created = time("user_creation_time");
  e.password_enabled = flag("password_enabled");
  e.password_last_used = time("password_last_used");
  e.mfa_active = flag("mfa_active");
  e.keys[0] = {flag("access_key_1_active"), time("access_key_1_last_rotated"),
               time("access_key_1_last_used_date")};
  e.keys[1] = {flag("access_key_2_active"), time("access_key_2_last_rotated"),
               time("access_key_2_last_used_date")};
  return e;
}

}  // namespace

std::vector<CredentialEntry> ReadCredentialReport(const std::string& path,
                                                  std::vector<InputError>* errors) {
  std::vector<CredentialEntry> entries;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    errors->push_back({path, std::nullopt, "cannot read the file"});
    return entries;
  }
  const std::string text((std::istreambuf_iterator<char>(in)), {});
  auto error = [&](const Row& row, std::string_view message) {
    errors->push_back({path, ByteRange{row.offset, row.offset + 1}, std::string(message),
                       LineColumn{static_cast<uint32_t>(row.line), 1}});
  };
  CsvReader csv(text);
  Row header;
  std::string csv_error;
  if (!csv.Next(&header, &csv_error)) {
    errors->push_back({path, std::nullopt, "empty credential report (expected a header line)"});
    return entries;
  }
  std::unordered_map<std::string, size_t> column;
  for (size_t i = 0; i < header.fields.size(); ++i) {
    column.emplace(header.fields[i], i);
  }
  if (!column.contains("user") || !column.contains("arn")) {
    error(header, "not a credential report: the header has no user and arn columns");
    return entries;
  }
  Row row;
  while (csv_error.empty() && csv.Next(&row, &csv_error)) {
    if (!csv_error.empty()) {
      error(row, csv_error);
      break;
    }
    if (row.fields.size() != header.fields.size()) {
      error(row, "expected " + std::to_string(header.fields.size()) + " fields, found " +
                     std::to_string(row.fields.size()));
      continue;
    }
    CredentialEntry e = ToEntry(row, column, [&](std::string_view m) { error(row, m); });
    if (e.user.empty() || e.arn.empty()) {
      error(row, "row without user or arn");
      continue;
    }
    entries.push_back(std::move(e));
  }
  return entries;
}

}  // namespace iamlint::activity
