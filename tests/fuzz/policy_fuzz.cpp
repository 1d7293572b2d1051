// Fuzz target: any bytes through the whole pipeline (parse -> normalize -> every rule -> text
// and JSON output). Built with -DIAMLINT_FUZZ=ON under clang's libFuzzer; the same entry point
// replays the corpus under any compiler through replay_main.cpp.

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
  files[0].path = "fuzz.json";
  files[0].source = std::make_unique<iamlint::SourceFile>(
      "fuzz.json", std::string(reinterpret_cast<const char*>(data), size));
  files[0].result = iamlint::ScanJsonFile(*files[0].source, matcher, {});
  std::ostringstream sink;
  iamlint::WriteText(sink, files, {});
  iamlint::WriteJson(sink, files, "fuzz");
  return 0;
}
