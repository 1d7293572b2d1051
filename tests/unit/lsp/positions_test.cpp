#include "analyzer/lsp/positions.h"

#include <doctest/doctest.h>

#include "analyzer/lsp/uri.h"

namespace iamlint::lsp {

TEST_CASE("Positions count UTF-16 code units: an astral character is two") {
  // "a😀b" then a second line: 😀 is 4 bytes, 2 UTF-16 units, 1 code point.
  const std::string text =
      "a\xF0\x9F\x98\x80"
      "b\nx";
  const LineIndex index(text);
  CHECK(index.ToPosition(5, PositionEncoding::kUtf16) == Position{0, 3});
  CHECK(index.ToPosition(5, PositionEncoding::kUtf8) == Position{0, 5});
  CHECK(index.ToOffset({0, 3}, PositionEncoding::kUtf16) == 5);
  CHECK(index.ToOffset({0, 5}, PositionEncoding::kUtf8) == 5);
  // Half a surrogate pair, or a byte inside a sequence: the character's start.
  CHECK(index.ToOffset({0, 2}, PositionEncoding::kUtf16) == 1);
  CHECK(index.ToOffset({0, 3}, PositionEncoding::kUtf8) == 1);
  CHECK(index.ToPosition(3, PositionEncoding::kUtf16) == Position{0, 1});
  CHECK(index.ToPosition(7, PositionEncoding::kUtf16) == Position{1, 0});
}

TEST_CASE("Two- and three-byte characters are one UTF-16 unit") {
  const std::string text = "\xC3\xA9\xE2\x82\xAC!";  // é€!
  const LineIndex index(text);
  CHECK(index.ToPosition(5, PositionEncoding::kUtf16) == Position{0, 2});
  CHECK(index.ToOffset({0, 2}, PositionEncoding::kUtf16) == 5);
}

TEST_CASE("Invalid bytes are one unit each, as the replacement character an editor shows") {
  const std::string text = "\xFF\xC3(\xED\xA0\x80z";  // bad lead, truncated, surrogate
  const LineIndex index(text);
  CHECK(index.ToPosition(7, PositionEncoding::kUtf16) == Position{0, 7});  // 7 bytes, 7 units
  CHECK(index.ToOffset({0, 6}, PositionEncoding::kUtf16) == 6);
  CHECK(NextUtf8("\xF0\x9F\x98").bytes == 1);  // cut short at the end of the text
}

TEST_CASE("Lines end at LF, CRLF and CR; out-of-range positions are clamped") {
  const std::string text = "ab\r\ncd\ref\n";
  const LineIndex index(text);
  CHECK(index.ToPosition(4, PositionEncoding::kUtf16) == Position{1, 0});
  CHECK(index.ToPosition(7, PositionEncoding::kUtf16) == Position{2, 0});
  CHECK(index.ToPosition(3, PositionEncoding::kUtf16) == Position{0, 2});  // in the CRLF
  CHECK(index.ToOffset({0, 99}, PositionEncoding::kUtf16) == 2);
  CHECK(index.ToOffset({99, 0}, PositionEncoding::kUtf16) == text.size());
  CHECK(index.ToOffset({3, 0}, PositionEncoding::kUtf16) == text.size());
  CHECK(index.ToPosition(999, PositionEncoding::kUtf16) == Position{3, 0});
  const ByteRange reversed = index.ToByteRange({{1, 1}, {0, 1}}, PositionEncoding::kUtf16);
  CHECK(reversed.begin == 1);
  CHECK(reversed.end == 5);
}

TEST_CASE("file: URIs and paths") {
  CHECK(UriToPath("file:///home/a%20b/main.tf") == "/home/a b/main.tf");
  CHECK(UriToPath("file://localhost/x.json") == "/x.json");
  CHECK(!UriToPath("untitled:Untitled-1").has_value());
  CHECK(!UriToPath("file:///a%00b").has_value());
  CHECK(PathToUri("/home/a b/é.tf") == "file:///home/a%20b/%C3%A9.tf");
}

}  // namespace iamlint::lsp
