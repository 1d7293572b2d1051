// Account snapshots: loading (objects and URL-encoded documents, default versions, groups,
// boundaries, located errors), principal lookup, a principal's policy set, and the paths
// across principals, on the hand-written snapshots of fixtures/account/.

#include "analyzer/account/account.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

#include <doctest/doctest.h>

#include "analyzer/catalog/catalog.h"

namespace iamlint::account {
namespace {

std::string ReadFixture(const std::string& name) {
  const std::filesystem::path path =
      std::filesystem::path(IAMLINT_SOURCE_DIR) / "fixtures" / "account" / name;
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

struct Loaded {
  std::optional<Snapshot> snapshot;
  std::vector<InputError> errors;
};

Loaded Load(const std::string& text, const std::string& path = "snapshot.json") {
  static catalog::ActionMatcher matcher(catalog::Catalog::Embedded());
  Loaded loaded;
  loaded.snapshot = LoadAccountDetails(std::make_unique<SourceFile>(path, text), matcher,
                                       ScanOptions{}, &loaded.errors);
  return loaded;
}

ScannedFile Scan(const std::string& text) {
  static catalog::ActionMatcher matcher(catalog::Catalog::Embedded());
  return ScanAccountDetails(std::make_unique<SourceFile>("snapshot.json", text), matcher, {});
}

// The messages of `rule`'s findings on principals, "address: message".
std::vector<std::string> PrincipalFindings(const ScannedFile& f, std::string_view rule) {
  std::vector<std::string> out;
  for (const PrincipalGroup& g : f.result.principals) {
    for (const LocatedFinding& lf : g.findings) {
      if (lf.finding.rule_id == rule) {
        out.push_back(lf.finding.message);
      }
    }
  }
  return out;
}

PolicySet SetOf(const Snapshot& s, std::string_view name) {
  static catalog::ActionMatcher matcher(catalog::Catalog::Embedded());
  const AccountPrincipal* p = FindPrincipal(s, name);
  REQUIRE(p != nullptr);
  PolicySet set(matcher, TodayUtc());
  AddPrincipalPolicies(s, *p, set);
  return set;
}

bool Reaches(const PolicySet& set, std::string_view action) {
  const auto id = set.catalog().FindAction(action);
  REQUIRE(id.has_value());
  return set.Reachable().Contains(*id);
}

TEST_CASE("a snapshot loads every principal, its policies, groups and the account id") {
  const Loaded l = Load(ReadFixture("group-escalation/snapshot.json"));
  REQUIRE(l.snapshot.has_value());
  CHECK(l.errors.empty());
  const Snapshot& s = *l.snapshot;
  CHECK(s.account_id == "111122223333");
  CHECK(s.principals.size() == 7);
  const AccountPrincipal* bob = FindPrincipal(s, "bob");
  REQUIRE(bob != nullptr);
  CHECK(bob->kind == PrincipalKind::kUser);
  CHECK(bob->groups == std::vector<std::string>{"developers"});
  CHECK(FindPrincipal(s, "arn:aws:iam::111122223333:user/bob") == bob);
  CHECK(FindPrincipal(s, "AIDAEXAMPLEBOB000001") == bob);
  CHECK(FindPrincipal(s, "user/bob") == bob);
  CHECK(FindPrincipal(s, "group/admins")->kind == PrincipalKind::kGroup);
  CHECK(FindPrincipal(s, "admins") == nullptr);  // a bare name is a user's or a role's
  CHECK(FindPrincipal(s, "nobody") == nullptr);
  const AccountPrincipal* admins = FindPrincipal(s, "group/admins");
  REQUIRE(admins->managed.size() == 1);
  CHECK(admins->managed[0]->file->path() == "arn:aws:iam::aws:policy/AdministratorAccess");
  // The attachment is located at its PolicyArn value.
  const std::string_view text = s.files[0]->text();
  const ByteRange at = admins->managed_at[0];
  CHECK(text.substr(at.begin, at.end - at.begin) ==
        "\"arn:aws:iam::aws:policy/AdministratorAccess\"");
}

TEST_CASE("a user holds its groups' policies; a Deny and a boundary take actions away") {
  const Loaded groups = Load(ReadFixture("group-escalation/snapshot.json"));
  REQUIRE(groups.snapshot.has_value());
  CHECK(Reaches(SetOf(*groups.snapshot, "bob"), "iam:PassRole"));
  CHECK(SetOf(*groups.snapshot, "ops-admin").Unrestricted().IsAll());
  CHECK_FALSE(Reaches(SetOf(*groups.snapshot, "carol"), "iam:PassRole"));

  const Loaded cut = Load(ReadFixture("deny-cuts-path/snapshot.json"));
  REQUIRE(cut.snapshot.has_value());
  CHECK(cut.errors.empty());
  const PolicySet bounded = SetOf(*cut.snapshot, "bounded");
  CHECK(Reaches(bounded, "lambda:CreateFunction"));
  CHECK_FALSE(Reaches(bounded, "iam:PassRole"));  // the boundary allows lambda:* only
  // Only the default version counts: v1 (Action "*") is not in force.
  CHECK_FALSE(bounded.Unrestricted().IsAll());
  const AccountPrincipal* p = FindPrincipal(*cut.snapshot, "bounded");
  REQUIRE(p->boundary.has_value());
  CHECK(cut.snapshot->policy_arns[*p->boundary] == "arn:aws:iam::111122223333:policy/no-iam");
}

TEST_CASE("URL-encoded documents are decoded and located on the bytes of the string") {
  const Loaded l = Load(ReadFixture("url-encoded/snapshot.json"));
  REQUIRE(l.snapshot.has_value());
  CHECK(l.errors.empty());
  const Snapshot& s = *l.snapshot;
  const AccountPrincipal* erin = FindPrincipal(s, "erin");
  REQUIRE(erin->inline_policies.size() == 1);
  const Policy& policy = s.policies[erin->inline_policies[0]].policy;
  REQUIRE(policy.statements.size() == 1);
  REQUIRE(policy.statements[0].actions.size() == 1);
  CHECK(policy.statements[0].actions[0].text == "sts:AssumeRole");
  const ByteRange r = policy.statements[0].actions[0].range;
  CHECK(s.files[0]->text().substr(r.begin, r.end - r.begin) == "%22sts%3AAssumeRole%22");
  CHECK(s.files.size() == 1);
  CHECK(SetOf(s, "role/platform-admin").Unrestricted().IsAll());
}

TEST_CASE("paths across principals: PassRole to Lambda, AssumeRole chains, groups, keys") {
  CHECK(PrincipalFindings(Scan(ReadFixture("passrole-lambda/snapshot.json")), "IAM221") ==
        std::vector<std::string>{"user/alice → (E5 iam:PassRole to lambda.amazonaws.com) → "
                                 "role/deploy-admin (full admin)"});
  const std::vector<std::string> chain =
      PrincipalFindings(Scan(ReadFixture("assume-chain/snapshot.json")), "IAM221");
  CHECK(std::find(chain.begin(), chain.end(),
                  "role/ci → (C2 sts:AssumeRole) → role/deployer → (C2 sts:AssumeRole, trusted "
                  "by name) → role/admin (full admin)") != chain.end());
  CHECK(PrincipalFindings(Scan(ReadFixture("trust-not-caller/snapshot.json")), "IAM221").empty());
  CHECK(PrincipalFindings(Scan(ReadFixture("deny-cuts-path/snapshot.json")), "IAM221").empty());
  std::vector<std::string> group =
      PrincipalFindings(Scan(ReadFixture("group-escalation/snapshot.json")), "IAM221");
  std::sort(group.begin(), group.end());
  CHECK(group == std::vector<std::string>{
                     "user/bob → (E5 iam:PassRole to lambda.amazonaws.com) → role/deploy-admin "
                     "(full admin)",
                     "user/carol → (A9 iam:AddUserToGroup) → group/admins (full admin)",
                     "user/dave → (B1 iam:CreateAccessKey) → user/ops-admin (full admin)",
                 });
}

TEST_CASE("a path names where each action of its steps is allowed") {
  const ScannedFile f = Scan(ReadFixture("group-escalation/snapshot.json"));
  const std::string_view text = f.source->text();
  auto at = [&](ByteRange r) {
    return std::string(text.substr(r.begin, r.end - r.begin));
  };
  for (const PrincipalGroup& g : f.result.principals) {
    for (const LocatedFinding& lf : g.findings) {
      if (lf.finding.rule_id != "IAM221" || g.principal.address != "user/bob") {
        continue;
      }
      CHECK(lf.finding.method == "E5");
      CHECK(at(lf.finding.range) == "\"iam:PassRole\"");  // in the group's policy
      REQUIRE(lf.finding.related.size() == 2);
      CHECK(at(lf.finding.related[0].range) == "\"lambda:CreateFunction\"");
      CHECK(lf.finding.related[0].message == "with lambda:CreateFunction (E5)");
      CHECK(at(lf.finding.related[1].range) == "\"lambda:InvokeFunction\"");
    }
  }
}

TEST_CASE("AWS-owned documents get no per-policy findings") {
  const ScannedFile f = Scan(ReadFixture("service-linked/snapshot.json"));
  CHECK(f.result.errors.empty());
  size_t aws_owned = 0;
  for (const PolicyResult& p : f.result.policies) {
    CAPTURE(p.policy.name);
    // The AWS managed document allows iam:* and the service-linked role's trust is AWS's:
    // neither is reported; the user's own policy is.
    const bool owned_by_aws = p.policy.name.find(":iam::aws:policy/") != std::string::npos ||
                              p.policy.name == "role/AWSServiceRoleForSupport#trust";
    aws_owned += owned_by_aws ? 1 : 0;
    CHECK(p.findings.empty() == owned_by_aws);
  }
  CHECK(aws_owned == 2);
  CHECK(PrincipalFindings(f, "IAM221").empty());  // a service-linked role trusts its service
  const Loaded l = Load(ReadFixture("service-linked/snapshot.json"));
  REQUIRE(l.snapshot.has_value());
  const AccountPrincipal* role = FindPrincipal(*l.snapshot, "AWSServiceRoleForSupport");
  REQUIRE(role != nullptr);
  CHECK(role->service_linked);
  CHECK(role->last_used == "2026-11-01T12:00:00Z");
}

TEST_CASE("bad input is a located error; what can be used still is") {
  const Loaded bad = Load(ReadFixture("malformed/snapshot.json"));
  REQUIRE(bad.snapshot.has_value());
  CHECK(bad.snapshot->principals.size() == 1);  // frank, without his broken documents
  REQUIRE(bad.errors.size() >= 5);
  for (const InputError& e : bad.errors) {
    CAPTURE(e.message);
    CHECK(e.range.has_value());
  }
  const Loaded policy = Load(ReadFixture("malformed/not-a-snapshot.json"));
  CHECK_FALSE(policy.snapshot.has_value());
  REQUIRE(policy.errors.size() == 1);
  CHECK(policy.errors[0].message.starts_with("not an account snapshot"));
  const Loaded truncated = Load(ReadFixture("malformed/truncated.json"));
  CHECK_FALSE(truncated.snapshot.has_value());
  CHECK(truncated.errors.size() == 1);
  const std::string bad_escape =
      R"({"UserDetailList": [{"UserName": "x", "UserPolicyList": [{"PolicyDocument": "%7B%Z"}]}]})";
  for (const std::string text :
       {"", "[]", "null", R"({"UserDetailList": 5})",
        R"({"Policies": [{"PolicyVersionList": [{}]}]})", bad_escape.c_str()}) {
    CAPTURE(text);
    const Loaded l = Load(text);  // never throws or crashes
    CHECK((l.snapshot.has_value() || !l.errors.empty()));
  }
}

TEST_CASE("cut and corrupted snapshots never throw or crash, and errors stay in the file") {
  std::mt19937 random(9);  // fixed: a failure can be replayed
  for (const char* name :
       {"url-encoded/snapshot.json", "group-escalation/snapshot.json", "malformed/snapshot.json"}) {
    CAPTURE(name);
    const std::string text = ReadFixture(name);
    for (size_t cut = 0; cut < text.size(); cut += 13) {
      for (const std::string& input :
           {text.substr(0, cut),
            text.substr(0, cut) + text.substr(std::min(text.size(), cut + 5))}) {
        const ScannedFile f = Scan(input);
        for (const InputError& e : f.result.errors) {
          CHECK((!e.range || e.range->end <= input.size()));
        }
      }
    }
    for (int round = 0; round < 200; ++round) {
      std::string input = text;
      for (int i = 0; i < 4; ++i) {
        // JSON syntax, escapes, hex digits, and the literal's NUL (index 11).
        input[random() % input.size()] = "%{}[]\",:7A\\"[random() % 12];
      }
      const ScannedFile f = Scan(input);
      for (const InputError& e : f.result.errors) {
        CHECK((!e.range || e.range->end <= input.size()));
      }
    }
  }
}

}  // namespace
}  // namespace iamlint::account
