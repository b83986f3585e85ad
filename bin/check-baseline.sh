#!/usr/bin/env bash
# Shows that semantic versioning is enforced: in a copy of the source tree, removes a method
# from the API without raising the package's major version, builds socket.api, and expects
# bnd's baseline check to fail the build (a consumer compiled against the baseline would
# break). Exits 0 when the build failed that way, 1 otherwise. ./test.sh runs it. The javadoc
# checks are off for that build: the copy keeps links to the removed method.
set -euo pipefail
cd "$(dirname "$0")/.."
. bin/jdk.sh
copy=$(mktemp -d)
trap 'rm -rf "$copy"' EXIT
tar --exclude=./.git --exclude='*/target' -cf - . | tar -xf - -C "$copy"
api="$copy/socket.api/src/main/java/org/bsdsock/socket/api/SocketModule.java"
# The breaking change: gethostname() goes (a consumer calling it would fail to link).
perl -0pi -e 's/\n[^\n]*String gethostname\(\) throws SocketException;//' "$api"
if grep -q 'String gethostname()' "$api"; then
  echo "error: the breaking change was not applied" >&2; exit 1
fi
log="$copy/build.log"
if mvn -B -o -DskipTests -Dmaven.javadoc.skip -Dmaven.source.skip -Dapi.doclint=none -pl socket.api -f "$copy/pom.xml" verify > "$log" 2>&1; then
  echo "error: removing SocketModule.gethostname() without a major version built" >&2; exit 1
fi
if ! grep -Eq 'org\.bsdsock\.socket\.api +PACKAGE +MAJOR +[0-9.]+ +[0-9.]+ +2\.0\.0' "$log" \
   || ! grep -Eq 'REMOVED +METHOD +gethostname\(\)' "$log"; then
  echo "error: the build failed for another reason:" >&2; tail -30 "$log" >&2; exit 1
fi
echo "baseline check: removing SocketModule.gethostname() without a major version fails the build, as it must"
