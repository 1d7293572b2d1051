#include "analyzer/core/source_file.h"

#include <doctest/doctest.h>

#include "analyzer/core/strings.h"

namespace iamlint {

TEST_CASE("SourceFile locates offsets as 1-based lines and character columns") {
  const SourceFile f("p.json", "ab\n\xC3\xA9x\r\nlast");
  CHECK(f.Locate(0).line == 1);
  CHECK(f.Locate(0).column == 1);
  CHECK(f.Locate(3).line == 2);
  // "é" is two bytes but one character: the byte after it is column 2.
  CHECK(f.Locate(5).column == 2);
  CHECK(f.Locate(8).line == 3);
  CHECK(f.Line(2) == "\xC3\xA9x");
  CHECK(f.Line(3) == "last");
  CHECK(f.line_count() == 3);
  CHECK(f.Locate(999).line == 3);  // clamped, never out of range
}

TEST_CASE("A byte order mark is not a column") {
  const SourceFile f("p.json", "\xEF\xBB\xBF{}\n{");
  CHECK(f.Locate(3).column == 1);
  CHECK(f.Locate(4).column == 2);
  CHECK(f.Locate(0).column == 1);  // inside the mark: clamped to its end
  CHECK(f.Line(1) == "{}");
  CHECK(f.Locate(6).line == 2);
}

TEST_CASE("EditDistance stops early past the limit") {
  CHECK(EditDistance("GetObject", "GetObjects", 3) == 1);
  CHECK(EditDistance("dynamo", "dynamodb", 3) == 2);
  CHECK(EditDistance("abc", "xyzxyzxyz", 2) == 3);
  CHECK(EqualsIgnoreCase("S3:GetObject", "s3:getobject"));
}

}  // namespace iamlint
