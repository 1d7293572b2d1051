// The escalation method list and the risky-action lists are data: check they load whole and
// name actions the catalog knows.

#include "analyzer/analyze/escalation.h"

#include <set>
#include <string>

#include <doctest/doctest.h>

#include "analyzer/analyze/action_lists.h"
#include "analyzer/catalog/catalog.h"

namespace iamlint {
namespace {

TEST_CASE("the escalation method list loads whole, with stable unique ids") {
  const std::vector<EscalationMethod>& methods = EscalationMethods();
  REQUIRE(methods.size() == 82);
  std::set<std::string> ids;
  for (const EscalationMethod& m : methods) {
    CAPTURE(m.id);
    CHECK(ids.insert(m.id).second);
    CHECK_FALSE(m.name.empty());
    CHECK_FALSE(m.required.empty());
    CHECK_FALSE(m.sources.empty());
    CHECK((m.group == "new-passrole") == !m.pass_role.empty());
  }
  CHECK(FindEscalationMethod("A1") != nullptr);
  CHECK(FindEscalationMethod("G2") != nullptr);
  CHECK(FindEscalationMethod("A1")->required.front().front() == "iam:CreatePolicyVersion");
  CHECK(FindEscalationMethod("F1")->target_dependent);
  CHECK_FALSE(FindEscalationMethod("A1")->target_dependent);
}

TEST_CASE("every action the method list names is in the catalog, but one retired API") {
  const catalog::Catalog& cat = catalog::Catalog::Embedded();
  std::set<std::string> unknown;
  for (const EscalationMethod& m : EscalationMethods()) {
    for (const std::vector<std::string>& group : m.required) {
      for (const std::string& action : group) {
        if (!cat.FindAction(action)) {
          unknown.insert(action);
        }
      }
    }
  }
  // CodeStar's undocumented CreateProjectFromTemplate (method G1) was never in the reference.
  CHECK(unknown == std::set<std::string>{"codestar:CreateProjectFromTemplate"});
}

TEST_CASE("the risky-action lists load and are not empty") {
  const catalog::Catalog& cat = catalog::Catalog::Embedded();
  CHECK(RiskyActions(cat, RiskyList::kCredentialsExposure).Count() >= 50);
  CHECK(RiskyActions(cat, RiskyList::kDataExfiltration).Count() >= 15);
  CHECK(RiskyActions(cat, RiskyList::kResourceExposure).Count() >= 70);
  CHECK(RiskyActions(cat, RiskyList::kCredentialsExposure)
            .Contains(*cat.FindAction("iam:CreateAccessKey")));
  CHECK(RiskyActions(cat, RiskyList::kResourceExposure)
            .Contains(*cat.FindAction("s3:PutBucketPolicy")));
}

}  // namespace
}  // namespace iamlint
