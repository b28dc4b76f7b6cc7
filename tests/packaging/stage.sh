#!/usr/bin/env bash
# Fixture steps for the packaging tests: produce, once per ctest run, what they inspect.
#   stage.sh install CMAKE BUILD_DIR ROOT   cmake --install into ROOT (DESTDIR) with prefix /usr
#   stage.sh cpack   CPACK BUILD_DIR OUT    the .deb and .tar.gz into OUT
# The target directory is wiped first so a file dropped from the install rules cannot linger.
set -euo pipefail
mode=$1 tool=$2 build=$3 out=$4
case "$out" in
  "$build"/*) ;;
  *) echo "stage.sh: refusing to wipe $out (not inside $build)" >&2; exit 2 ;;
esac
rm -rf "$out"
mkdir -p "$out"
case "$mode" in
  install)
    DESTDIR="$out" "$tool" --install "$build" --prefix /usr
    ;;
  cpack)
    "$tool" --config "$build/CPackConfig.cmake" -G "DEB;TGZ" -B "$out"
    rm -rf "$out/_CPack_Packages"   # cpack's scratch copy; the packages are what count
    ;;
  *)
    echo "stage.sh: unknown mode $mode" >&2; exit 2 ;;
esac
