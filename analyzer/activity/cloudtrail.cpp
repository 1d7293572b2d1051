// CloudTrail files as a stream of records: `{"Records": [...]}` as delivered to S3, a top-level
// array, or one record per line. The file is read in chunks (gunzipped on the fly); each record
// is scanned once, only the fields that matter are kept (as views into the chunk), and the
// record is counted before the next one is read.

#include <algorithm>
#include <cstring>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "analyzer/activity/activity.h"
#include "analyzer/activity/event_map.h"
#include "analyzer/activity/input.h"
#include "analyzer/activity/json_scanner.h"
#include "analyzer/activity/usage.h"
#include "analyzer/catalog/wildcard.h"
#include "analyzer/core/source_file.h"

namespace iamlint::activity {
namespace {

constexpr size_t kMaxRecord = 64 << 20;   // one record larger than this is an error
constexpr size_t kMaxErrorsPerFile = 20;  // then one summary line

// The fields of one record that are used.
struct Record {
  std::string_view event_time, event_source, event_name, error_code, account, region;
  std::string_view identity_type, identity_arn, issuer_type, issuer_arn;
  std::string_view bucket, key, table;
  std::vector<std::string_view> resources;
  // ARNs given as top-level values of requestParameters or responseElements (the stack of a
  // change set, the role assumed): they name resources that `resources` often leaves out.
  std::vector<std::string_view> parameter_arns;
  bool has_request_parameters = false;

  void Clear() {
    std::vector<std::string_view> kept = std::move(resources);  // keeps its capacity
    std::vector<std::string_view> kept_arns = std::move(parameter_arns);
    kept.clear();
    kept_arns.clear();
    *this = Record{};
    resources = std::move(kept);
    parameter_arns = std::move(kept_arns);
  }
};

// key == literal, with the length known at compile time (an inlined compare, not a call).
// key == literal, ignoring ASCII case (Athena exports spell every key in lower case); the exact
// spelling is compared first, with the length known at compile time (inlined, not a call).
template <size_t N>
bool Is(std::string_view key, const char (&literal)[N]) {  // NOLINT(modernize-avoid-c-arrays)
  if (key.size() != N - 1) {
    return false;
  }
  if (std::memcmp(key.data(), literal, N - 1) == 0) {
    return true;
  }
  for (size_t i = 0; i < N - 1; ++i) {
    if ((key[i] | 0x20) != (literal[i] | 0x20)) {
      return false;
    }
  }
  return true;
}

// Calls fn(key) for each member of the object at the scanner (fn reads or skips the value); a
// value that is not an object (null) is skipped as absent.
template <typename Fn>
bool ForEachMember(JsonScanner& scan, size_t depth, Fn&& fn) {
  if (scan.PeekAfterSpace() != '{') {
    return scan.SkipValue(depth);
  }
  scan.set_offset(scan.offset() + 1);
  if (scan.PeekAfterSpace() == '}') {
    scan.set_offset(scan.offset() + 1);
    return true;
  }
  while (true) {
    std::string_view key;
    if (scan.PeekAfterSpace() != '"') {
      return scan.AtEnd() ? scan.Expect('"', "a member name")
                          : scan.Fail(scan.offset(), "expected a member name");
    }
    if (!scan.ReadString(&key, false) || !scan.Expect(':', "':'") || !fn(key)) {
      return false;
    }
    bool more = false;
    if (!scan.NextMember('}', &more)) {
      return false;
    }
    if (!more) {
      return true;
    }
  }
}

class CloudTrailReader {
 public:
  CloudTrailReader(const std::string& path, const catalog::Catalog& cat, const Window& window,
                   Activity& activity)
      : path_(path), cat_(cat), window_(window), activity_(activity) {}

  bool Run();

 private:
  enum class State : uint8_t { kTop, kRecords, kEnvelopeTail, kTopArray };
  // What an event source and name stand for, looked up once per file.
  struct Event {
    EventMapping mapping;
    std::string prefix;  // the IAM prefix of the event source (a copy: the name is transient)
  };

  bool Fill();
  void Discard(size_t bytes);
  bool Step(bool* done);
  bool StepTop(bool* done);
  bool StepArray();
  bool StepEnvelopeTail();
  bool ReadRecord();
  bool ReadRecordMember(std::string_view key);
  bool ReadIdentity();
  bool ReadSessionContext();
  bool ReadIssuer();
  bool ReadResources();
  bool ReadRequestParameters();
  bool ReadResponseElements();
  template <typename Fn>
  bool ForEachMember(size_t depth, Fn&& fn) {
    return activity::ForEachMember(scan_, depth, std::forward<Fn>(fn));
  }
  bool ReadParameters(JsonScanner& scan, size_t depth);
  bool ReadParameterArns(JsonScanner& scan, size_t depth);
  bool ReadParameterArn(JsonScanner& scan, size_t depth);
  bool IsResourceOf(catalog::ActionId action, std::string_view arn);
  void Apply();
  std::optional<Time> TimeInWindow();
  PrincipalActivity* Caller();
  std::span<const std::string_view> NamedResources(const Event& event, std::string_view caller);
  void Count(PrincipalActivity& principal, Time t);
  const Event& Lookup();
  void Error(uint64_t offset, std::string_view message);
  bool Resync(uint64_t offset);

  const std::string& path_;
  const catalog::Catalog& cat_;
  const Window& window_;
  Activity& activity_;

  ChunkedInput input_;
  std::string buf_;            // the current chunk(s): bytes [discarded_, discarded_ + size)
  bool at_end_ = false;        // buf_ holds the rest of the input
  uint64_t discarded_ = 0;     // bytes dropped before buf_
  uint64_t lines_before_ = 0;  // newlines in those bytes
  uint64_t column_carry_ = 0;  // characters after the last dropped newline
  size_t unit_ = 0;            // start of the unit being scanned, in buf_
  JsonScanner scan_;
  JsonScanner parameters_;  // requestParameters given as JSON text
  JsonScanner response_;    // responseElements given as JSON text
  State state_ = State::kTop;
  bool need_separator_ = false;
  Record record_;
  uint64_t record_offset_ = 0;
  size_t errors_ = 0;
  bool resyncing_ = false;  // skipping to a line that reads

  std::unordered_map<std::string, Event> events_;
  std::string mapping_key_;
  std::string principal_key_;
  PrincipalActivity* last_principal_ = nullptr;
  std::string resource_;
  std::string_view resource_view_;
  // The ARN-format glob of each resource type, made on first use (one reader per thread).
  std::unordered_map<catalog::ResourceTypeId, std::string> format_globs_;
};

bool CloudTrailReader::Fill() {
  const size_t before = buf_.size();
  const size_t chunk = ReadChunkSize();
  while (buf_.size() - before < chunk) {
    if (!input_.ReadMore(buf_, chunk)) {
      at_end_ = true;
      break;
    }
  }
  scan_.Reset(buf_.data(), buf_.size(), at_end_);
  scan_.set_offset(unit_);
  return buf_.size() > before;
}

void CloudTrailReader::Discard(size_t bytes) {
  const std::string_view gone(buf_.data(), bytes);
  const size_t nl = gone.rfind('\n');
  if (nl == std::string_view::npos) {
    column_carry_ += CountCharacters(gone);
  } else {
    lines_before_ += static_cast<uint64_t>(std::count(gone.begin(), gone.end(), '\n'));
    column_carry_ = CountCharacters(gone.substr(nl + 1));
  }
  discarded_ += bytes;
  buf_.erase(0, bytes);
  unit_ -= std::min(unit_, bytes);
}

void CloudTrailReader::Error(uint64_t offset, std::string_view message) {
  ++errors_;
  if (errors_ > kMaxErrorsPerFile) {
    return;
  }
  const size_t local =
      offset >= discarded_ ? std::min<size_t>(offset - discarded_, buf_.size()) : 0;
  const std::string_view before(buf_.data(), local);
  const size_t nl = before.rfind('\n');
  const uint64_t line =
      lines_before_ + static_cast<uint64_t>(std::count(before.begin(), before.end(), '\n')) + 1;
  const uint64_t column = nl == std::string_view::npos ? column_carry_ + CountCharacters(before) + 1
                                                       : CountCharacters(before.substr(nl + 1)) + 1;
  const auto at = static_cast<uint32_t>(std::min<uint64_t>(offset, UINT32_MAX - 1));
  activity_.errors.push_back(
      {path_, ByteRange{at, at + 1}, std::string(message),
       LineColumn{static_cast<uint32_t>(std::min<uint64_t>(line, UINT32_MAX)),
                  static_cast<uint32_t>(std::min<uint64_t>(column, UINT32_MAX))}});
}

// After a syntax error in the unit starting at `offset`: go on at the next line (JSON lines), or
// stop at the end of input.
bool CloudTrailReader::Resync(uint64_t offset) {
  size_t from = offset >= discarded_ ? static_cast<size_t>(offset - discarded_) : 0;
  while (true) {
    const size_t nl = buf_.find('\n', from);
    if (nl != std::string::npos) {
      unit_ = nl + 1;
      Discard(unit_);
      scan_.Reset(buf_.data(), buf_.size(), at_end_);
      state_ = State::kTop;
      need_separator_ = false;
      return true;
    }
    if (at_end_) {
      return false;
    }
    unit_ = buf_.size();
    Discard(unit_);
    from = 0;
    Fill();
  }
}

bool CloudTrailReader::Run() {
  std::string open_error;
  if (!input_.Open(path_, &open_error)) {
    activity_.errors.push_back({path_, std::nullopt, "cannot read: " + open_error});
    return false;
  }
  Fill();
  while (buf_.size() < 3 && !at_end_) {
    Fill();
  }
  if (buf_.starts_with("\xEF\xBB\xBF")) {
    unit_ = 3;
    scan_.set_offset(unit_);
  }
  while (true) {
    bool done = false;
    scan_.ClearPool();
    if (Step(&done)) {
      unit_ = scan_.offset();
      resyncing_ = false;
      if (done) {
        break;
      }
      continue;
    }
    if (scan_.stop() == JsonScanner::Stop::kNeedMore) {
      if (buf_.size() - unit_ > kMaxRecord) {
        Error(discarded_ + unit_, "a record larger than 64 MiB");
        break;
      }
      Discard(unit_);
      Fill();
      continue;
    }
    // Reported once per bad stretch: lines skipped while finding the next record are not.
    if (!resyncing_) {
      Error(discarded_ + scan_.error_offset(), scan_.error_message());
    }
    resyncing_ = true;
    size_t from = unit_;
    while (from < buf_.size() &&
           (buf_[from] == ' ' || buf_[from] == '\n' || buf_[from] == '\r' || buf_[from] == '\t')) {
      ++from;
    }
    if (!Resync(discarded_ + from)) {
      break;
    }
  }
  if (!input_.error().empty()) {
    Error(discarded_ + buf_.size(), input_.error());
  }
  if (errors_ > kMaxErrorsPerFile) {
    activity_.errors.push_back(
        {path_, std::nullopt,
         std::to_string(errors_ - kMaxErrorsPerFile) + " more errors in this file"});
  }
  return true;
}

bool CloudTrailReader::Step(bool* done) {
  switch (state_) {
    case State::kTop:
      return StepTop(done);
    case State::kRecords:
    case State::kTopArray:
      return StepArray();
    case State::kEnvelopeTail:
      return StepEnvelopeTail();
  }
  return false;
}

bool CloudTrailReader::StepTop(bool* done) {
  const char c = scan_.PeekAfterSpace();
  if (scan_.AtEnd()) {
    if (at_end_) {
      *done = true;
      return true;
    }
    return scan_.Expect('{', "a record");  // asks for more input
  }
  if (c == '[') {
    scan_.set_offset(scan_.offset() + 1);
    state_ = State::kTopArray;
    need_separator_ = false;
    return true;
  }
  if (c != '{') {
    return scan_.Fail(scan_.offset(), "expected a CloudTrail record or {\"Records\": [...]}");
  }
  // {"Records": [ opens the delivered format; any other object is a record of its own.
  const size_t start = scan_.offset();
  scan_.set_offset(start + 1);
  if (scan_.PeekAfterSpace() == '"') {
    std::string_view key;
    if (!scan_.ReadString(&key, false)) {
      return false;
    }
    if (Is(key, "Records")) {
      if (!scan_.Expect(':', "':'") || !scan_.Expect('[', "'[' (the Records array)")) {
        return false;
      }
      state_ = State::kRecords;
      need_separator_ = false;
      return true;
    }
  } else if (scan_.AtEnd() && !at_end_) {
    return scan_.Expect('"', "a member name");  // asks for more input
  }
  scan_.set_offset(start);
  if (!ReadRecord()) {
    return false;
  }
  Apply();
  return true;
}

bool CloudTrailReader::StepArray() {
  if (need_separator_) {
    bool more = false;
    if (!scan_.NextMember(']', &more)) {
      return false;
    }
    need_separator_ = false;
    if (!more) {
      state_ = state_ == State::kRecords ? State::kEnvelopeTail : State::kTop;
      return true;
    }
    const char c = scan_.PeekAfterSpace();
    if (c == ']') {
      return scan_.Fail(scan_.offset(), "expected a record after ','");
    }
    return true;
  }
  const char c = scan_.PeekAfterSpace();
  if (scan_.AtEnd()) {
    return scan_.Expect('{', "a record");
  }
  if (c == ']') {
    scan_.set_offset(scan_.offset() + 1);
    state_ = state_ == State::kRecords ? State::kEnvelopeTail : State::kTop;
    return true;
  }
  if (c != '{') {
    const size_t at = scan_.offset();
    if (!scan_.SkipValue(1)) {
      return false;
    }
    Error(discarded_ + at, "expected a CloudTrail record (an object)");
    need_separator_ = true;
    return true;
  }
  if (!ReadRecord()) {
    return false;
  }
  need_separator_ = true;
  Apply();
  return true;
}

bool CloudTrailReader::StepEnvelopeTail() {
  bool more = false;
  if (!scan_.NextMember('}', &more)) {
    return false;
  }
  if (!more) {
    state_ = State::kTop;
    return true;
  }
  std::string_view key;
  if (scan_.PeekAfterSpace() != '"') {
    return scan_.AtEnd() ? scan_.Expect('"', "a member name")
                         : scan_.Fail(scan_.offset(), "expected a member name");
  }
  // One member per step; the next step reads the ',' or the closing '}'.
  return scan_.ReadString(&key, false) && scan_.Expect(':', "':'") && scan_.SkipValue(1);
}

bool CloudTrailReader::ReadRecord() {
  record_.Clear();
  record_offset_ = discarded_ + scan_.offset();
  return ForEachMember(1, [&](std::string_view key) { return ReadRecordMember(key); });
}

bool CloudTrailReader::ReadRecordMember(std::string_view key) {
  Record& r = record_;
  if (Is(key, "eventTime")) {
    return scan_.ReadStringOrSkip(&r.event_time, 2);
  }
  if (Is(key, "eventSource")) {
    return scan_.ReadStringOrSkip(&r.event_source, 2);
  }
  if (Is(key, "eventName")) {
    return scan_.ReadStringOrSkip(&r.event_name, 2);
  }
  if (Is(key, "errorCode")) {
    return scan_.ReadStringOrSkip(&r.error_code, 2);
  }
  if (Is(key, "userIdentity")) {
    return ReadIdentity();
  }
  if (Is(key, "resources")) {
    return ReadResources();
  }
  if (Is(key, "requestParameters")) {
    return ReadRequestParameters();
  }
  if (Is(key, "responseElements")) {
    return ReadResponseElements();
  }
  if (Is(key, "awsRegion")) {
    return scan_.ReadStringOrSkip(&r.region, 2);
  }
  if (Is(key, "recipientAccountId")) {
    return scan_.ReadStringOrSkip(&r.account, 2);
  }
  return scan_.SkipValue(2);
}

bool CloudTrailReader::ReadIdentity() {
  return ForEachMember(2, [&](std::string_view key) {
    if (Is(key, "type")) {
      return scan_.ReadStringOrSkip(&record_.identity_type, 3);
    }
    if (Is(key, "arn")) {
      return scan_.ReadStringOrSkip(&record_.identity_arn, 3);
    }
    if (Is(key, "sessionContext")) {
      return ReadSessionContext();
    }
    return scan_.SkipValue(3);
  });
}

bool CloudTrailReader::ReadSessionContext() {
  return ForEachMember(3, [&](std::string_view key) {
    if (Is(key, "sessionIssuer")) {
      return ReadIssuer();
    }
    return scan_.SkipValue(4);
  });
}

bool CloudTrailReader::ReadIssuer() {
  return ForEachMember(4, [&](std::string_view key) {
    if (Is(key, "type")) {
      return scan_.ReadStringOrSkip(&record_.issuer_type, 5);
    }
    if (Is(key, "arn")) {
      return scan_.ReadStringOrSkip(&record_.issuer_arn, 5);
    }
    return scan_.SkipValue(5);
  });
}

bool CloudTrailReader::ReadResources() {
  if (scan_.PeekAfterSpace() != '[') {
    return scan_.SkipValue(2);
  }
  scan_.set_offset(scan_.offset() + 1);
  if (scan_.PeekAfterSpace() == ']') {
    scan_.set_offset(scan_.offset() + 1);
    return true;
  }
  while (true) {
    const bool ok = ForEachMember(3, [&](std::string_view key) {
      if (Is(key, "ARN")) {
        std::string_view arn;
        if (!scan_.ReadStringOrSkip(&arn, 4)) {
          return false;
        }
        if (!arn.empty()) {
          record_.resources.push_back(arn);
        }
        return true;
      }
      return scan_.SkipValue(4);
    });
    bool more = false;
    if (!ok || !scan_.NextMember(']', &more)) {
      return false;
    }
    if (!more) {
      return true;
    }
  }
}

bool CloudTrailReader::ReadRequestParameters() {
  record_.has_request_parameters = true;
  if (scan_.PeekAfterSpace() != '"') {
    return ReadParameters(scan_, 2);
  }
  // Athena exports hold requestParameters as JSON text in a string: read that text too (a
  // parameter text that does not parse only means no resource is known).
  std::string_view text;
  if (!scan_.ReadString(&text, true)) {
    return false;
  }
  parameters_.Reset(text.data(), text.size(), true);
  ReadParameters(parameters_, 0);
  return true;
}

bool CloudTrailReader::ReadResponseElements() {
  if (scan_.PeekAfterSpace() == '{') {
    return ReadParameterArns(scan_, 2);
  }
  if (scan_.PeekAfterSpace() != '"') {
    return scan_.SkipValue(2);  // null
  }
  std::string_view text;  // Athena exports: JSON text in a string, as for requestParameters
  if (!scan_.ReadString(&text, true)) {
    return false;
  }
  response_.Reset(text.data(), text.size(), true);
  if (response_.PeekAfterSpace() == '{') {
    ReadParameterArns(response_, 0);
  }
  return true;
}

bool CloudTrailReader::ReadParameters(JsonScanner& scan, size_t depth) {
  return activity::ForEachMember(scan, depth, [&](std::string_view key) {
    std::string_view* field = Is(key, "bucketName")  ? &record_.bucket
                              : Is(key, "key")       ? &record_.key
                              : Is(key, "tableName") ? &record_.table
                                                     : nullptr;
    if (field != nullptr) {
      return scan.ReadStringOrSkip(field, depth + 1);
    }
    return ReadParameterArn(scan, depth);
  });
}

bool CloudTrailReader::ReadParameterArns(JsonScanner& scan, size_t depth) {
  return activity::ForEachMember(scan, depth,
                                 [&](std::string_view) { return ReadParameterArn(scan, depth); });
}

// A member's value: kept when it is a string that is an ARN, else skipped.
bool CloudTrailReader::ReadParameterArn(JsonScanner& scan, size_t depth) {
  if (scan.PeekAfterSpace() != '"') {
    return scan.SkipValue(depth + 1);
  }
  std::string_view value;
  if (!scan.ReadString(&value, false)) {
    return false;
  }
  // A handful per call is all any API takes; more would only let hostile input grow memory.
  constexpr size_t kMaxParameterArns = 8;
  if (value.starts_with("arn:") && value.size() <= kMaxArnLength &&
      record_.parameter_arns.size() < kMaxParameterArns) {
    record_.parameter_arns.push_back(value);
  }
  return true;
}

bool CloudTrailReader::IsResourceOf(catalog::ActionId action, std::string_view arn) {
  for (const catalog::ActionResource& r : cat_.ActionResourceTypes(action)) {
    auto it = format_globs_.find(r.resource_type);
    if (it == format_globs_.end()) {
      it = format_globs_
               .emplace(r.resource_type,
                        catalog::ArnFormatGlob(cat_.ResourceTypeArn(r.resource_type)))
               .first;
    }
    if (catalog::GlobMatch(it->second, arn, false)) {
      return true;
    }
  }
  return false;
}

const CloudTrailReader::Event& CloudTrailReader::Lookup() {
  // No AWS event source or name is this long: unknown, and kept short in unmapped_events.
  constexpr size_t kMaxName = 256;
  if (record_.event_source.size() > kMaxName || record_.event_name.size() > kMaxName) {
    static const Event kUnknown;
    mapping_key_.assign(record_.event_source.substr(0, kMaxName));
    mapping_key_ += ':';
    mapping_key_ += record_.event_name.substr(0, kMaxName);
    mapping_key_ += "...";
    return kUnknown;
  }
  mapping_key_.assign(record_.event_source);
  mapping_key_ += ':';
  mapping_key_ += record_.event_name;
  auto it = events_.find(mapping_key_);
  if (it == events_.end()) {
    it = events_
             .emplace(mapping_key_, Event{MapEvent(cat_, record_.event_source, record_.event_name),
                                          std::string(EventSourcePrefix(record_.event_source))})
             .first;
  }
  return it->second;
}

std::string_view PartitionOf(std::string_view arn) {
  // arn:PARTITION:...
  if (!arn.starts_with("arn:")) {
    return "aws";
  }
  const size_t end = arn.find(':', 4);
  return end == std::string_view::npos ? std::string_view("aws") : arn.substr(4, end - 4);
}

// The record's time when it is a readable record inside the window (counted), else nullopt.
std::optional<Time> CloudTrailReader::TimeInWindow() {
  const Record& r = record_;
  ++activity_.records;
  if (r.event_time.empty() || r.event_source.empty() || r.event_name.empty()) {
    Error(record_offset_, r.event_time.empty()     ? "record without eventTime"
                          : r.event_source.empty() ? "record without eventSource"
                                                   : "record without eventName");
    return std::nullopt;
  }
  Time t = 0;
  if (!ParseTime(r.event_time, &t)) {
    std::string message = "eventTime is not an ISO 8601 time: ";
    message += r.event_time.substr(0, 64);
    Error(record_offset_, message);
    return std::nullopt;
  }
  if (!window_.Contains(t)) {
    return std::nullopt;
  }
  ++activity_.in_window;
  Widen(t, &activity_.first, &activity_.last);
  return t;
}

// Whose call: a user, or the role behind an assumed-role session; nullptr for anyone else.
PrincipalActivity* CloudTrailReader::Caller() {
  const Record& r = record_;
  std::string_view arn;
  if (r.identity_type == "IAMUser") {
    arn = r.identity_arn;
  } else if (r.issuer_type == "Role" ||
             (r.issuer_type.empty() && r.issuer_arn.find(":role/") != std::string_view::npos)) {
    arn = r.issuer_arn;
  }
  if (arn.empty() || arn.size() > kMaxArnLength) {
    return nullptr;
  }
  if (last_principal_ == nullptr || last_principal_->arn != arn) {
    last_principal_ = &PrincipalFor(activity_, arn);
  }
  return last_principal_;
}

// The resources the call named: S3 and DynamoDB data events from their parameters, else the
// record's resources list.
std::span<const std::string_view> CloudTrailReader::NamedResources(const Event& event,
                                                                   std::string_view caller) {
  const Record& r = record_;
  if (!r.bucket.empty() && event.prefix == "s3") {
    resource_ = "arn:";
    resource_ += PartitionOf(caller);
    resource_ += ":s3:::";
    resource_ += r.bucket;
    if (!r.key.empty()) {
      resource_ += '/';
      resource_ += r.key;
    }
  } else if (!r.table.empty() && event.prefix == "dynamodb") {
    if (r.table.starts_with("arn:")) {
      resource_ = r.table;
    } else {
      resource_ = "arn:";
      resource_ += PartitionOf(caller);
      resource_ += ":dynamodb:";
      resource_ += r.region;
      resource_ += ':';
      resource_ += r.account;
      resource_ += ":table/";
      resource_ += r.table;
    }
  } else {
    return r.resources;
  }
  resource_view_ = resource_;
  return {&resource_view_, 1};
}

void CloudTrailReader::Apply() {
  const std::optional<Time> t = TimeInWindow();
  if (!t) {
    return;
  }
  PrincipalActivity* principal = Caller();
  if (principal == nullptr) {
    ++activity_.not_iam;
    return;
  }
  Widen(*t, &principal->first_seen, &principal->last_seen);
  if (!record_.error_code.empty()) {
    if (IsAuthorizationError(record_.error_code)) {
      ++activity_.denied;
      ++principal->denied;
    } else {
      ++activity_.failed;
    }
    return;
  }
  const Event& event = Lookup();
  if (event.mapping.kind != EventMapping::Kind::kActions) {
    ++activity_.unmapped;
    if (event.mapping.kind == EventMapping::Kind::kNoPermission) {
      ++activity_.no_permission;
    } else {
      ++activity_.unmapped_events[mapping_key_];
    }
    return;
  }
  ++activity_.attributed;
  const std::span<const std::string_view> named = NamedResources(event, principal->arn);
  for (const catalog::ActionId action : event.mapping.actions) {
    ActionUse& use = principal->actions[action];
    ++use.count;
    Widen(*t, &use.first, &use.last);
    bool known = !named.empty();
    for (const std::string_view resource : named) {
      AddResource(use, resource);
    }
    if (named.empty()) {
      // Only the parameters name it: an ARN counts when it is of a type the action acts on
      // (not the role passed to cloudformation:CreateStack, nor the change set's own ARN).
      for (const std::string_view arn : record_.parameter_arns) {
        if (IsResourceOf(action, arn)) {
          AddResource(use, arn);
          known = true;
        }
      }
    }
    if (!known) {
      use.resource_unknown = true;
    }
  }
}

}  // namespace

bool ReadCloudTrail(const std::string& path, const catalog::Catalog& cat, const Window& window,
                    Activity& activity) {
  CloudTrailReader reader(path, cat, window, activity);
  return reader.Run();
}

}  // namespace iamlint::activity
