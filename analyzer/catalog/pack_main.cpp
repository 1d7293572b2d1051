// Build-time tool: catalog_pack SNAPSHOT.json OUT.bin

#include <fstream>
#include <iostream>
#include <sstream>

#include "analyzer/catalog/pack.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: catalog_pack SNAPSHOT.json OUT.bin\n";
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  std::string blob;
  std::string error;
  if (!in || !iamlint::catalog::PackCatalog(text.str(), &blob, &error)) {
    std::cerr << argv[1] << ": " << (error.empty() ? "cannot read" : error) << '\n';
    return 1;
  }
  std::ofstream out(argv[2], std::ios::binary);
  out.write(blob.data(), static_cast<std::streamsize>(blob.size()));
  return out ? 0 : 1;
}
