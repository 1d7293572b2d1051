#include <string>

#include <doctest/doctest.h>

#include "analyzer/activity/activity.h"
#include "analyzer/activity/json_scanner.h"
#include "tests/unit/activity/test_files.h"

namespace iamlint::activity {
namespace {

using test::Cat;
using test::Since2026;

}  // namespace

TEST_CASE("A service-level last-accessed report: services used in the window") {
  Activity a;
  CHECK(ReadLastAccessed(test::Fixture("last-accessed-service.json"), "", Cat(), Since2026(), a));
  CHECK(a.errors.empty());
  REQUIRE(a.principals.size() == 1);
  const PrincipalActivity& app = a.principals.at("arn:aws:iam::111122223333:role/app");
  CHECK(app.services.size() == 1);  // iam was used before the window, ec2 never
  CHECK(FormatTime(app.services.at("s3")) == "2026-08-01T12:34:56Z");
  CHECK(app.actions.empty());
  CHECK(FormatTime(app.last_seen) == "2026-08-01T12:34:56Z");

  // Named explicitly, the principal is the one the report was made for.
  Activity named;
  CHECK(ReadLastAccessed(test::Fixture("last-accessed-service.json"),
                         "arn:aws:iam::111122223333:role/other", Cat(), Window{}, named));
  REQUIRE(named.principals.size() == 1);
  CHECK(named.principals.begin()->second.services.size() == 2);
}

TEST_CASE("An action-level last-accessed report: tracked actions, unknown resources") {
  Activity a;
  CHECK(ReadLastAccessed(test::Fixture("last-accessed-action.json"), "", Cat(), Since2026(), a));
  REQUIRE(a.errors.size() == 1);
  CHECK(test::Located(a.errors[0]) ==
        "line 29, column 41: LastAccessedTime is not an ISO 8601 time");
  CHECK(a.errors[0].range);
  CHECK(a.unmapped_events == std::map<std::string, uint64_t>{{"s3:NoSuchAction", 1}});
  const PrincipalActivity& alice = a.principals.at("arn:aws:iam::111122223333:user/alice");
  CHECK(alice.services.contains("s3"));
  REQUIRE(alice.actions.size() == 1);
  const auto& [id, use] = *alice.actions.begin();
  CHECK(Cat().FullActionName(id) == "s3:GetObject");
  CHECK(use.count == 1);
  CHECK(use.resource_unknown);
  CHECK(FormatTime(use.last) == "2026-08-01T12:34:56Z");
}

TEST_CASE("Last-accessed reports that are not one") {
  SUBCASE("broken JSON") {
    const test::TempFile f("broken.json",
                           "{\"ServicesLastAccessed\": [\n  {\"ServiceNamespace\": }\n");
    Activity a;
    CHECK_FALSE(ReadLastAccessed(f.path(), "", Cat(), {}, a));
    REQUIRE(a.errors.size() == 1);
    CHECK(test::Located(a.errors[0]).starts_with("line 2, column "));
  }
  SUBCASE("another document") {
    const test::TempFile f("other.json", "{\"Version\": \"2012-10-17\"}");
    Activity a;
    CHECK_FALSE(ReadLastAccessed(f.path(), "", Cat(), {}, a));
    REQUIRE(a.errors.size() == 1);
    CHECK(a.errors[0].message.find("not a last-accessed report") != std::string::npos);
  }
  SUBCASE("no entity") {
    const test::TempFile f(
        "noentity.json",
        R"({"ServicesLastAccessed": [{"ServiceNamespace": "s3", "LastAuthenticated": "2026-08-01T00:00:00Z"}, 7]})");
    Activity a;
    CHECK(ReadLastAccessed(f.path(), "", Cat(), {}, a));
    CHECK(a.errors.size() == 2);
    CHECK(a.principals.empty());
  }
  SUBCASE("missing file") {
    Activity a;
    CHECK_FALSE(ReadLastAccessed("/nonexistent.json", "", Cat(), {}, a));
    CHECK(a.errors.size() == 1);
  }
}

TEST_CASE("The credential report: users, passwords and keys, errors by line") {
  std::vector<InputError> errors;
  const std::vector<CredentialEntry> entries =
      ReadCredentialReport(test::Fixture("credential-report.csv"), &errors);
  REQUIRE(errors.size() == 2);
  CHECK(test::AtLine(errors[0]) == "line 4: expected 22 fields, found 5");
  CHECK(test::AtLine(errors[1]) == "line 5: access_key_1_last_rotated is not a time: last tuesday");
  REQUIRE(entries.size() == 3);
  const CredentialEntry& root = entries[0];
  CHECK(root.user == "<root_account>");
  CHECK(root.line == 2);
  CHECK_FALSE(root.password_enabled);  // not_supported
  CHECK(FormatTime(root.password_last_used) == "2026-07-01T09:00:00Z");
  CHECK(root.mfa_active);
  CHECK_FALSE(root.keys[0].active);
  CHECK(root.keys[0].last_used == kNever);
  const CredentialEntry& alice = entries[1];
  CHECK(alice.arn == "arn:aws:iam::111122223333:user/alice");
  CHECK(FormatTime(alice.created) == "2021-03-04T05:06:07Z");
  CHECK(alice.password_enabled);
  CHECK(alice.password_last_used == kNever);  // no_information
  CHECK(alice.keys[0].active);
  CHECK(FormatTime(alice.keys[0].last_rotated) == "2021-03-04T05:06:08Z");
  CHECK(FormatTime(alice.keys[0].last_used) == "2026-08-01T10:00:00Z");
  CHECK(alice.keys[1].active);
  CHECK(alice.keys[1].last_used == kNever);
  CHECK(entries[2].user == "carol");
  CHECK(entries[2].keys[0].last_rotated == kNever);
}

TEST_CASE("Credential reports with fewer columns, quotes, and none at all") {
  SUBCASE("optional columns missing, quoted fields, CRLF") {
    const test::TempFile f(
        "short.csv", "arn,user,mfa_active\r\n\"arn:aws:iam::1:user/a,b\",\"a \"\"b\"\"\",true\r\n");
    std::vector<InputError> errors;
    const auto entries = ReadCredentialReport(f.path(), &errors);
    CHECK(errors.empty());
    REQUIRE(entries.size() == 1);
    CHECK(entries[0].arn == "arn:aws:iam::1:user/a,b");
    CHECK(entries[0].user == "a \"b\"");
    CHECK(entries[0].mfa_active);
    CHECK(entries[0].created == kNever);
  }
  SUBCASE("not a credential report") {
    const test::TempFile f("not.csv", "a,b\n1,2\n");
    std::vector<InputError> errors;
    CHECK(ReadCredentialReport(f.path(), &errors).empty());
    REQUIRE(errors.size() == 1);
    CHECK(test::AtLine(errors[0]).starts_with("line 1: not a credential report"));
  }
  SUBCASE("unterminated quote") {
    const test::TempFile f("quote.csv", "user,arn\nu,\"arn");
    std::vector<InputError> errors;
    CHECK(ReadCredentialReport(f.path(), &errors).empty());
    REQUIRE(errors.size() == 1);
    CHECK(test::AtLine(errors[0]) == "line 2: unterminated quoted field");
  }
  SUBCASE("empty and missing") {
    std::vector<InputError> errors;
    const test::TempFile f("empty.csv", "");
    CHECK(ReadCredentialReport(f.path(), &errors).empty());
    CHECK(ReadCredentialReport("/nonexistent.csv", &errors).empty());
    CHECK(errors.size() == 2);
  }
}

TEST_CASE("IsValidUtf8") {
  CHECK(IsValidUtf8(""));
  CHECK(IsValidUtf8("plain ASCII that is longer than eight bytes"));
  CHECK(IsValidUtf8("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"));
  CHECK_FALSE(IsValidUtf8("\xC3"));              // cut short
  CHECK_FALSE(IsValidUtf8("\xC0\xAF"));          // overlong
  CHECK_FALSE(IsValidUtf8("\xED\xA0\x80"));      // surrogate
  CHECK_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // past U+10FFFF
  CHECK_FALSE(IsValidUtf8("abcdefgh\xFF"));
}

}  // namespace iamlint::activity
