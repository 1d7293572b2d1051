// Fuzz target: any bytes as a YAML file through the whole pipeline (YAML parse -> CloudFormation
// intrinsics -> extraction -> normalize -> every rule -> text and JSON output). Built with
// -DIAMLINT_FUZZ=ON under clang's libFuzzer; replay_main.cpp replays the corpus under any
// compiler.

#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "analyzer/analyze/scan.h"
#include "analyzer/catalog/catalog.h"
#include "analyzer/report/report.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static iamlint::catalog::ActionMatcher matcher(iamlint::catalog::Catalog::Embedded());
  std::vector<iamlint::ScannedFile> files(1);
  files[0].path = "fuzz.yaml";
  files[0].source = std::make_unique<iamlint::SourceFile>(
      files[0].path, std::string(reinterpret_cast<const char*>(data), size));
  files[0].result = iamlint::ScanYamlFile(*files[0].source, matcher, {});
  std::ostringstream sink;
  iamlint::WriteText(sink, files, {});
  iamlint::WriteJson(sink, files, "fuzz");
  return 0;
}
