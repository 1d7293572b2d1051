#include "analyzer/activity/input.h"

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <zlib.h>

namespace iamlint::activity {

namespace {
size_t read_chunk = size_t{4} << 20;
}  // namespace

size_t ReadChunkSize() {
  return read_chunk;
}
void SetReadChunkSizeForTesting(size_t bytes) {
  read_chunk = bytes == 0 ? size_t{4} << 20 : bytes;
}

struct ChunkedInput::Zlib {
  z_stream stream{};
  bool initialized = false;
  Zlib() = default;
  Zlib(const Zlib&) = delete;
  Zlib& operator=(const Zlib&) = delete;
  Zlib(Zlib&&) = delete;
  Zlib& operator=(Zlib&&) = delete;
  ~Zlib() {
    if (initialized) {
      inflateEnd(&stream);
    }
  }
};

ChunkedInput::ChunkedInput() : zlib_(std::make_unique<Zlib>()) {}

ChunkedInput::~ChunkedInput() {
  if (file_ != nullptr) {
    (void)std::fclose(file_);
  }
}

bool ChunkedInput::Open(const std::string& path, std::string* error) {
  file_ = std::fopen(path.c_str(), "rb");
  if (file_ == nullptr) {
    *error = std::strerror(errno);
    return false;
  }
  while (raw_.size() < 2 && ReadRaw()) {
  }
  if (!error_.empty()) {
    *error = error_;
    return false;
  }
  compressed_ = raw_.size() >= 2 && static_cast<unsigned char>(raw_[0]) == 0x1F &&
                static_cast<unsigned char>(raw_[1]) == 0x8B;
  if (compressed_) {
    // 15 + 32: a zlib or gzip header, detected.
    if (inflateInit2(&zlib_->stream, 15 + 32) != Z_OK) {
      *error = "cannot start zlib";
      return false;
    }
    zlib_->initialized = true;
  }
  return true;
}

bool ChunkedInput::ReadRaw() {
  if (raw_eof_) {
    return false;
  }
  raw_.erase(0, raw_pos_);
  raw_pos_ = 0;
  const size_t have = raw_.size();
  const size_t chunk = std::min(read_chunk, size_t{256} << 10);
  raw_.resize(have + chunk);
  const size_t got = std::fread(raw_.data() + have, 1, chunk, file_);
  raw_.resize(have + got);
  if (got < chunk) {
    raw_eof_ = true;
    if (std::ferror(file_) != 0) {
      error_ = "read error";
    }
  }
  return got > 0;
}

bool ChunkedInput::ReadMore(std::string& out, size_t max) {
  if (!error_.empty()) {
    return false;
  }
  if (compressed_) {
    return Inflate(out, max);
  }
  // Plain: hand over what Open read, then read straight into `out`.
  if (raw_pos_ < raw_.size()) {
    out.append(raw_, raw_pos_);
    raw_pos_ = raw_.size();
    return true;
  }
  if (raw_eof_) {
    return false;
  }
  const size_t have = out.size();
  out.resize(have + max);
  const size_t got = std::fread(out.data() + have, 1, max, file_);
  out.resize(have + got);
  if (got < max) {
    raw_eof_ = true;
    if (std::ferror(file_) != 0) {
      error_ = "read error";
    }
  }
  return got > 0;
}

bool ChunkedInput::Inflate(std::string& out, size_t max) {
  if (stream_done_) {
    return false;
  }
  z_stream& z = zlib_->stream;
  const size_t start = out.size();
  while (out.size() - start < max) {
    if (raw_pos_ >= raw_.size() && !ReadRaw()) {
      if (!error_.empty()) {
        break;
      }
      error_ = "truncated gzip data";
      break;
    }
    const size_t have = out.size();
    const size_t room = max - (have - start);
    out.resize(have + room);
    z.next_in = reinterpret_cast<Bytef*>(raw_.data() + raw_pos_);
    z.avail_in = static_cast<uInt>(raw_.size() - raw_pos_);
    z.next_out = reinterpret_cast<Bytef*>(out.data() + have);
    z.avail_out = static_cast<uInt>(room);
    const int rc = inflate(&z, Z_NO_FLUSH);
    raw_pos_ = raw_.size() - z.avail_in;
    out.resize(out.size() - z.avail_out);
    if (rc == Z_STREAM_END) {
      // Concatenated gzip members are one stream (gzip(1) reads them so).
      if (raw_pos_ >= raw_.size() && !ReadRaw()) {
        stream_done_ = true;
        break;
      }
      inflateReset(&z);
      continue;
    }
    if (rc != Z_OK && rc != Z_BUF_ERROR) {
      error_ = "corrupt gzip data";
      if (z.msg != nullptr) {
        error_ += " (";
        error_ += z.msg;
        error_ += ")";
      }
      break;
    }
  }
  return out.size() > start;
}

}  // namespace iamlint::activity
