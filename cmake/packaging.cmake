# What `cmake --install build --prefix P` puts under P, and the Debian package CPack makes of it
# (`cpack -G DEB --config build/CPackConfig.cmake`, or `cmake --build build --target package`).
# Only the command and its documentation are installed: no test binary, benchmark, catalog
# packer or static library (the catalog and the rule data are embedded in the binary).
include(GNUInstallDirs)

install(TARGETS iamlint RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
# share/doc/iamlint: the README, the rule pages (what `iamlint rules ID` prints), the JSON
# output reference, the CI examples and the sample policies the README scans.
install(FILES README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(FILES docs/json-output.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY docs/rules docs/ci examples DESTINATION ${CMAKE_INSTALL_DOCDIR}
        PATTERN ".*" EXCLUDE)
foreach(license LICENSE LICENSE.md LICENSE.txt COPYING)
  if(EXISTS ${PROJECT_SOURCE_DIR}/${license})
    install(FILES ${license} DESTINATION ${CMAKE_INSTALL_DOCDIR})
  endif()
endforeach()

set(IAMLINT_PACKAGE_CONTACT "iamlint maintainers <maintainers@iamlint.invalid>"
    CACHE STRING "Maintainer field of the Debian package: Name <email>")

set(CPACK_PACKAGE_NAME iamlint)
set(CPACK_PACKAGE_VENDOR "iamlint")
set(CPACK_PACKAGE_CONTACT "${IAMLINT_PACKAGE_CONTACT}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "offline linter and analyzer for AWS IAM policies")
# Debian wants the long description's lines under 80 columns.
set(CPACK_PACKAGE_DESCRIPTION
    "iamlint reads IAM policy JSON, Terraform modules and plans, and
CloudFormation, SAM and CDK templates, expands wildcards against an embedded
catalog of every AWS action, and reports admin-equivalent,
privilege-escalating, public, over-permissive and invalid statements at the
file:line:column of the offending value, without calling AWS. Output as
text, JSON, SARIF and the formats of CI systems and review tools.")
# CPACK_PACKAGE_VERSION defaults to the project version (project(iamlint VERSION ...)).
set(CPACK_GENERATOR TGZ)
find_program(IAMLINT_DPKG_DEB dpkg-deb)
if(IAMLINT_DPKG_DEB)
  set(CPACK_GENERATOR DEB)
endif()
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGE_FILE_NAME "${CPACK_PACKAGE_NAME}-${PROJECT_VERSION}-${CMAKE_SYSTEM_NAME}")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # iamlint_0.1.0_amd64.deb
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# Depends: computed by dpkg-shlibdeps from the binary (libre2, zlib, libstdc++, libgcc, libc).
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_COMPRESSION_TYPE xz)
# `cmake --build build --target package_source`: the source tree without git data, build trees
# or the npm grammars (scripts/setup installs them).
set(CPACK_SOURCE_GENERATOR TGZ)
# Written once more into CPackSourceConfig.cmake: the backslashes are escaped twice.
set(CPACK_SOURCE_IGNORE_FILES "/\\\\.git/" "/\\\\.git$" "/build[^/]*/" "/node_modules(/|$)"
                              "/bench/out/" "/bench/corpus/")
include(CPack)
