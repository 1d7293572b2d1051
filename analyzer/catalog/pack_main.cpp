// Build-time tool: catalog_pack SNAPSHOT.json OUT.bin
// Packs the committed catalog snapshot into the blob that analyzer/catalog/catalog.cmake embeds.

#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>

#include "analyzer/catalog/pack.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: catalog_pack SNAPSHOT.json OUT.bin\n";
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  if (!in) {
    std::cerr << "catalog_pack: cannot open " << argv[1] << '\n';
    return 1;
  }
  const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  std::string blob;
  std::string error;
  if (in.bad() || !iamlint::catalog::PackCatalog(text, &blob, &error)) {
    std::cerr << "catalog_pack: " << argv[1] << ": " << (error.empty() ? "cannot read" : error)
              << '\n';
    return 1;
  }
  // Write to a temporary name and rename, so an interrupted build leaves no half-written blob.
  const std::string tmp = std::string(argv[2]) + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(blob.data(), static_cast<std::streamsize>(blob.size()));
    if (!out.flush()) {
      std::cerr << "catalog_pack: cannot write " << tmp << '\n';
      return 1;
    }
  }
  if (std::rename(tmp.c_str(), argv[2]) != 0) {
    std::cerr << "catalog_pack: cannot rename " << tmp << " to " << argv[2] << '\n';
    return 1;
  }
  return 0;
}
