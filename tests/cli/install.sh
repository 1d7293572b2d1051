#!/usr/bin/env bash
# `cmake --install` into a scratch prefix installs the command and its documentation and nothing
# else (no test binary, benchmark, catalog packer or static library), and the installed command
# works on its own. Where dpkg-deb is present: the .deb CPack makes, its control fields, and the
# command unpacked from it.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
source "$(dirname "$0")/lib.bash" "$@"

build=$(dirname "$(realpath "$iamlint")")
version=$("$iamlint" --version | sed -n 's/^iamlint //p')

# only_command_and_docs DIR: every file under DIR is bin/iamlint or in share/doc/iamlint/.
only_command_and_docs() {
  local files unexpected
  files=$(cd "$1" && find . \( -type f -o -type l \) | sort)
  checks=$((checks + 1))
  if unexpected=$(grep -v -E '^\./(bin/iamlint|share/doc/iamlint/.+)$' <<<"$files"); then
    echo "FAIL: $1 has files outside bin/iamlint and share/doc/iamlint:"
    echo "$unexpected"
    failures=$((failures + 1))
  fi
}

prefix=$tmp/prefix
expect_exit 0 -- cmake --install "$build" --prefix "$prefix"
manifest=$(cd "$prefix" && find . \( -type f -o -type l \) | sort)
expect_in "$manifest" "./bin/iamlint"
expect_in "$manifest" "./share/doc/iamlint/README.md"
expect_in "$manifest" "./share/doc/iamlint/rules/IAM201.md"
expect_in "$manifest" "./share/doc/iamlint/ci/github-actions.yml"
expect_in "$manifest" "./share/doc/iamlint/examples/ci-deployer.json"
only_command_and_docs "$prefix"

# The installed command, run away from the build and source trees.
installed=$prefix/bin/iamlint
expect_exit 0 -- "$installed" --version
expect_in "$out" "iamlint $version"
cd "$tmp"
expect_exit 1 -- "$installed" check --no-color "$prefix/share/doc/iamlint/examples/ci-deployer.json"
expect_in "$out" "[IAM210 pass-role-to-any-service]"
expect_exit 0 -- "$installed" rules IAM201
expect_in "$out" "full-admin"

# A sanitizer build is not what anyone packages: its command is checked installed, not as a .deb.
# (grep reads all of nm's output: an early exit would fail the pipe under pipefail.)
sanitized=false
if nm -D "$iamlint" 2>/dev/null | grep -E '__(a|ub)san_' >/dev/null; then
  sanitized=true
fi
if $sanitized; then
  echo "note: a sanitizer build: the .deb is not checked"
elif command -v dpkg-deb >/dev/null 2>&1 && command -v dpkg-shlibdeps >/dev/null 2>&1 &&
   command -v file >/dev/null 2>&1; then
  # -B: the package and CPack's staging tree go to the scratch directory, not build/.
  expect_exit 0 -- cpack -G DEB --config "$build/CPackConfig.cmake" -B "$tmp/deb" \
    -D CPACK_DEBIAN_COMPRESSION_TYPE=gzip  # faster than the package's xz
  debs=("$tmp"/deb/iamlint_*.deb)
  expect_exit 0 -- dpkg-deb --field "${debs[0]}" Package Version Section Maintainer Depends
  expect_in "$out" "Package: iamlint"
  expect_in "$out" "Version: $version"
  expect_in "$out" "Section: devel"
  expect_in "$out" "Maintainer: "
  expect_in "$out" "libre2-"
  expect_in "$out" "libstdc++6"
  expect_exit 0 -- dpkg-deb -x "${debs[0]}" "$tmp/root"
  only_command_and_docs "$tmp/root/usr"
  expect_exit 0 -- test -z "$(cd "$tmp/root" && find . -mindepth 1 -maxdepth 1 ! -name usr)"
  expect_exit 0 -- "$tmp/root/usr/bin/iamlint" --version
  expect_in "$out" "iamlint $version"
else
  echo "note: dpkg-deb, dpkg-shlibdeps or file missing: the .deb is not checked"
fi

finish
