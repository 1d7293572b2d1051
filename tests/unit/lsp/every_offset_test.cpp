// The providers at every byte offset of real files, and of the same files cut short (as while
// typing): they answer or decline, never crash, and every range they return is in the text.

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <doctest/doctest.h>

#include "analyzer/lsp/providers.h"
#include "tests/unit/lsp/lsp_fixture.h"

namespace iamlint::lsp {
namespace {

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

bool InText(ByteRange r, const std::string& text) {
  return r.begin <= r.end && r.end <= text.size();
}

void Sweep(const std::string& text, Language language) {
  const auto doc = testing::MakeDocument(text, language);
  const catalog::Catalog& cat = catalog::Catalog::Embedded();
  for (uint32_t at = 0; at <= text.size(); ++at) {
    CAPTURE(at);
    if (const auto hover = HoverAt(*doc, at, cat)) {
      CHECK(InText(hover->range, text));
      CHECK_FALSE(hover->markdown.empty());
    }
    for (const CompletionItem& item : CompleteAt(*doc, at, cat)) {
      CHECK(InText(item.replace, text));
    }
  }
  for (const CodeAction& action :
       CodeActionsFor(*doc, {0, static_cast<uint32_t>(text.size())}, cat)) {
    for (const ByteEdit& edit : action.edits) {
      CHECK(InText(edit.range, text));
    }
  }
}

void SweepFile(const std::string& relative, Language language) {
  const std::string text = ReadFile(std::filesystem::path(IAMLINT_SOURCE_DIR) / relative);
  REQUIRE_FALSE(text.empty());
  CAPTURE(relative);
  Sweep(text, language);
  Sweep(text.substr(0, text.size() / 2), language);  // broken mid-document
}

TEST_CASE("providers at every offset: JSON, Terraform and YAML files, whole and cut") {
  SweepFile("examples/ci-deployer.json", Language::kJson);
  SweepFile("examples/power-user.json", Language::kJson);
  SweepFile("examples/terraform/ci.tf", Language::kTerraform);
  SweepFile("fixtures/cloudformation/principals/template.yaml", Language::kYaml);
}

}  // namespace
}  // namespace iamlint::lsp
