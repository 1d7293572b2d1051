#include "analyzer/catalog/wildcard.h"

#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "analyzer/catalog/catalog.h"
#include "analyzer/core/strings.h"

namespace iamlint::catalog {
namespace {

// The reference: test every catalog action against the pattern with the plain glob matcher.
ActionSet BruteForce(const Catalog& cat, const std::string& pattern) {
  ActionSet set(cat.action_count());
  for (ActionId id = 0; id < cat.action_count(); ++id) {
    if (GlobMatch(pattern, cat.FullActionName(id), true)) {
      set.Add(id);
    }
  }
  return set;
}

std::vector<std::string> Patterns(const Catalog& cat) {
  std::vector<std::string> patterns = {"*",
                                       "*:*",
                                       "s3:*",
                                       "s3:Get*",
                                       "S3:GET*",
                                       "iam:*Policy*",
                                       "iam:Pass?ole",
                                       "ec2:Describe*",
                                       "ec2:*Vpc*",
                                       "s3:GetObjec?",
                                       "sts:AssumeRole*",
                                       "kms:*Key",
                                       "s3:Nope*",
                                       "s3:?",
                                       "lambda:*Function*",
                                       "*:Get*",
                                       "s3*:Get*",
                                       "?3:GetObject",
                                       "iam:*",
                                       "dynamodb:Batch*Item",
                                       "s3:Get*Tagging",
                                       "logs:*",
                                       "ssm:Get*",
                                       "*:*Tag*"};
  // A few hundred more drawn from the catalog itself: each action's first letters with '*',
  // the action name with one character replaced by '?', and the exact name in odd case.
  for (ActionId id = 0; id < cat.action_count(); id += 97) {
    const std::string full = cat.FullActionName(id);
    const size_t colon = full.find(':');
    patterns.push_back(full.substr(0, colon + 4) + "*");
    std::string q = full;
    q[colon + 2] = '?';
    patterns.push_back(q);
    patterns.push_back(ToLower(full));
  }
  return patterns;
}

}  // namespace

TEST_CASE("ActionMatcher agrees with a brute-force matcher over the whole catalog") {
  const Catalog& cat = Catalog::Embedded();
  ActionMatcher matcher(cat);
  const std::vector<std::string> patterns = Patterns(cat);
  CHECK(patterns.size() > 300);
  for (const std::string& p : patterns) {
    CAPTURE(p);
    const ActionExpansion& e = matcher.Expand(p);
    CHECK(e.ToSet(cat.action_count()) == BruteForce(cat, p));
    CHECK(e.Count() == e.ToSet(cat.action_count()).Count());
  }
}

TEST_CASE("ActionMatcher classifies patterns") {
  ActionMatcher matcher(Catalog::Embedded());
  CHECK(matcher.Expand("*").actions.IsAll());
  CHECK(matcher.Expand("s3:GetObject").single.has_value());
  CHECK(matcher.Expand("s3:GetObject").Count() == 1);
  CHECK(&matcher.Expand("S3:getobject") == &matcher.Expand("s3:GetObject"));
  CHECK(matcher.Expand("sss:GetObject").status == PatternStatus::kUnknownService);
  CHECK(matcher.Expand("s3:GetObjects").status == PatternStatus::kNoMatch);
  CHECK(matcher.Expand("s3:Nope*").status == PatternStatus::kNoMatch);
  CHECK(matcher.Expand("GetObject").status == PatternStatus::kMalformed);
  CHECK(matcher.Expand("s3:").status == PatternStatus::kMalformed);
  CHECK(matcher.Expand("s3:Get*").has_wildcard);
  // Cached: the same pattern in another case is the same object.
  CHECK(&matcher.Expand("s3:get*") == &matcher.Expand("S3:GET*"));
}

TEST_CASE("GlobMatch handles stars and question marks") {
  CHECK(GlobMatch("a*c", "abbbc", false));
  CHECK(GlobMatch("a*", "a", false));
  CHECK_FALSE(GlobMatch("a?c", "ac", false));
  CHECK(GlobMatch("*b*b*", "abcbd", false));
  CHECK_FALSE(GlobMatch("A*", "abc", false));
  CHECK(GlobMatch("A*", "abc", true));
}

TEST_CASE("ResourcePattern is case-sensitive and treats variables as unknown") {
  const ResourcePattern bucket("arn:aws:s3:::app-*/*", true);
  CHECK(bucket.Matches("arn:aws:s3:::app-data/key"));
  CHECK_FALSE(bucket.Matches("arn:aws:s3:::APP-data/key"));
  const ResourcePattern home("arn:aws:s3:::home/${aws:username}/*", true);
  CHECK_FALSE(home.Matches("arn:aws:s3:::home/alice/x"));
  CHECK_FALSE(home.Matches("arn:aws:s3:::home/${aws:username}/x"));
  // Under Version 2008-10-17 the variable is literal text.
  const ResourcePattern literal("arn:aws:s3:::home/${aws:username}/*", false);
  CHECK(literal.Matches("arn:aws:s3:::home/${aws:username}/x"));
  const ResourcePattern escaped("arn:aws:s3:::b/${*}", true);
  CHECK(escaped.Matches("arn:aws:s3:::b/*"));
  CHECK_FALSE(escaped.Matches("arn:aws:s3:::b/x"));
  CHECK(ResourcePattern("*", true).MatchesEverything());
}

TEST_CASE("ActionSet algebra") {
  ActionSet a(200);
  a.AddRange(10, 150);
  ActionSet b(200);
  b.AddRange(100, 200);
  ActionSet u = a;
  u |= b;
  CHECK(u.Count() == 190);
  ActionSet i = a;
  i &= b;
  CHECK(i.Count() == 50);
  ActionSet d = a;
  d.Subtract(b);
  CHECK(d.Count() == 90);
  CHECK(a.Complement().Count() == 60);
  CHECK(ActionSet::All(200).IsAll());
  CHECK(u.ContainsAll(a));
  CHECK_FALSE(a.ContainsAll(u));
  size_t n = 0;
  d.ForEach([&](uint32_t id) { n += id >= 10 && id < 100; });
  CHECK(n == 90);
}

namespace {

// Every string over {a, b} up to `max` characters.
std::vector<std::string> AllStrings(size_t max) {
  std::vector<std::string> out{""};
  for (size_t i = 0; i < out.size(); ++i) {
    if (out[i].size() < max) {
      out.push_back(out[i] + "a");
      out.push_back(out[i] + "b");
    }
  }
  return out;
}

// Every glob over {a, *, ?} up to `max` characters.
std::vector<std::string> AllGlobs(size_t max) {
  std::vector<std::string> out{""};
  for (size_t i = 0; i < out.size(); ++i) {
    if (out[i].size() < max) {
      for (const char* c : {"a", "*", "?"}) {
        out.push_back(out[i] + c);
      }
    }
  }
  return out;
}

}  // namespace

TEST_CASE("GlobsIntersect is exact and GlobContains sound, against brute force") {
  const std::vector<std::string> texts = AllStrings(6);
  const std::vector<std::string> globs = AllGlobs(3);
  for (const std::string& a : globs) {
    for (const std::string& b : globs) {
      bool some = false;
      bool all = true;
      for (const std::string& t : texts) {
        const bool in_a = GlobMatch(a, t, false);
        const bool in_b = GlobMatch(b, t, false);
        some = some || (in_a && in_b);
        all = all && (!in_b || in_a);
      }
      CAPTURE(a);
      CAPTURE(b);
      CHECK(GlobsIntersect(a, b) == some);
      if (GlobContains(a, b)) {
        CHECK(all);  // sound: "contains" is never wrong (it may miss rare containments)
      }
    }
  }
  CHECK(GlobContains("arn:aws:s3:::data/*", "arn:aws:s3:::data/reports/*"));
  CHECK_FALSE(GlobContains("arn:aws:s3:::data/*", "arn:aws:s3:::*"));
}

TEST_CASE("ARN globs compare field by field") {
  // A wildcard stays within its field: a role ARN pattern never meets a policy ARN format.
  CHECK_FALSE(ArnGlobsIntersect("arn:aws:iam::*:role/app-*", "arn:*:iam::*:policy/*"));
  CHECK(GlobsIntersect("arn:aws:iam::*:role/app-*", "arn:*:iam::*:policy/*"));
  CHECK(ArnGlobsIntersect("arn:aws:iam::*:role/app-*", "arn:*:iam::*:role/*"));
  CHECK(ArnGlobsIntersect("*", "arn:*:s3:::*"));
  CHECK(ArnGlobContains("arn:aws:iam::*:user/*", "arn:aws:iam::111122223333:user/bob"));
  CHECK_FALSE(ArnGlobContains("arn:aws:iam::111122223333:user/*", "arn:aws:iam::*:user/bob"));
}

TEST_CASE("huge globs get the safe answer instead of a huge table") {
  const std::string big = std::string(5000, 'a') + "*";
  CHECK(GlobsIntersect(big, big + "b"));  // may intersect: the safe side
  CHECK_FALSE(GlobContains(big, big));    // not known to contain
  // Two literals are compared as they are, however long.
  CHECK_FALSE(GlobsIntersect(std::string(5000, 'a'), std::string(5000, 'b')));
}

}  // namespace iamlint::catalog
