#pragma once
// A file read in chunks, gunzipped on the fly when it starts with the gzip magic (CloudTrail
// delivers `.json.gz`), so a file of any size is read in bounded memory.

#include <cstdio>
#include <memory>
#include <string>

namespace iamlint::activity {

/// Bytes read (or inflated) at a time: 4 MiB; tests make it tiny to cross every boundary.
size_t ReadChunkSize();
void SetReadChunkSizeForTesting(size_t bytes);

class ChunkedInput {
 public:
  ChunkedInput();
  ~ChunkedInput();
  ChunkedInput(const ChunkedInput&) = delete;
  ChunkedInput& operator=(const ChunkedInput&) = delete;
  ChunkedInput(ChunkedInput&&) = delete;
  ChunkedInput& operator=(ChunkedInput&&) = delete;

  /// Opens `path`; false with `*error` when it cannot be read.
  bool Open(const std::string& path, std::string* error);
  /// Appends up to about `max` more bytes (decompressed) to `out`. False at the end of input, or
  /// on a read or gzip error (then `error()` says what).
  bool ReadMore(std::string& out, size_t max);
  /// Why reading stopped early (truncated or corrupt gzip, read error); empty at a clean end.
  const std::string& error() const { return error_; }
  bool compressed() const { return compressed_; }

 private:
  bool ReadRaw();
  bool Inflate(std::string& out, size_t max);

  std::FILE* file_ = nullptr;
  bool compressed_ = false;
  bool raw_eof_ = false;
  bool stream_done_ = false;  // the last gzip member ended
  std::string raw_;           // compressed bytes read but not inflated yet
  size_t raw_pos_ = 0;
  std::string error_;
  struct Zlib;
  std::unique_ptr<Zlib> zlib_;
};

}  // namespace iamlint::activity
