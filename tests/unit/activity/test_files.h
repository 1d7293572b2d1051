#pragma once
// Fixture paths and temporary files for the activity tests.

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include <doctest/doctest.h>

#include "analyzer/activity/activity.h"
#include "analyzer/core/finding.h"
#include <unistd.h>
#include <zlib.h>

namespace iamlint::activity::test {

/// "line L, column C: message": an error with its position, as the tests spell it.
inline std::string Located(const InputError& e) {
  if (!e.position) {
    return e.message;
  }
  return "line " + std::to_string(e.position->line) + ", column " +
         std::to_string(e.position->column) + ": " + e.message;
}

/// "line L: message", for errors of line-based files (the credential report).
inline std::string AtLine(const InputError& e) {
  return e.position ? "line " + std::to_string(e.position->line) + ": " + e.message : e.message;
}

inline const catalog::Catalog& Cat() {
  return catalog::Catalog::Embedded();
}

/// The window from 2026-01-01 on.
inline Window Since2026() {
  Window w;
  REQUIRE(ParseTime("2026-01-01", &w.since));
  return w;
}

inline std::string Fixture(const std::string& name) {
  return std::string(IAMLINT_SOURCE_DIR) + "/fixtures/activity/" + name;
}

inline std::string ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline std::string Gzip(const std::string& bytes) {
  z_stream z{};
  deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);  // +16: a gzip header
  std::string out(deflateBound(&z, bytes.size()) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  z.avail_in = static_cast<uInt>(bytes.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

/// A file under the temporary directory, removed at the end of the scope.
class TempFile {
 public:
  TempFile(const std::string& name, const std::string& bytes)
      : path_((std::filesystem::temp_directory_path() /
               ("iamlint-activity-" + std::to_string(::getpid()) + "-" + name))
                  .string()) {
    std::ofstream(path_, std::ios::binary) << bytes;
  }
  ~TempFile() { std::filesystem::remove(path_); }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  TempFile(TempFile&&) = delete;
  TempFile& operator=(TempFile&&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace iamlint::activity::test
