# Sourced by the project's scripts: sets JAVA_HOME to a JDK >= 25 (the bundles are compiled
# for 25) or exits with a one-line explanation.
# Looks at $JAVA_HOME first, then the usual install places, then `java` on the PATH.

REQUIRED_JDK=25

jdk_feature_version() { # prints the feature version (e.g. 25) of the JDK at $1, or nothing
  local home=$1 v=""
  [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || return 0
  if [ -f "$home/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([0-9][0-9]*\).*/\1/p' "$home/release")
  fi
  if [ -z "$v" ]; then
    v=$("$home/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9][0-9]*\).*/\1/p' | head -n 1)
  fi
  echo "$v"
}

find_jdk() {
  local candidates=() c v best="" bestv=0
  for c in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/*; do
    [ -d "$c" ] && candidates+=("$c")
  done
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  # JAVA_HOME wins when it is new enough; otherwise the newest JDK found.
  if [ -n "${JAVA_HOME:-}" ]; then
    v=$(jdk_feature_version "$JAVA_HOME")
    if [ -n "$v" ] && [ "$v" -ge "$REQUIRED_JDK" ]; then echo "$JAVA_HOME"; return 0; fi
  fi
  for c in "${candidates[@]}"; do
    v=$(jdk_feature_version "$c")
    if [ -n "$v" ] && [ "$v" -ge "$REQUIRED_JDK" ] && [ "$v" -gt "$bestv" ]; then best=$c; bestv=$v; fi
  done
  [ -n "$best" ] && echo "$best"
}

JAVA_HOME=$(find_jdk) || true
if [ -z "$JAVA_HOME" ]; then
  echo "error: no JDK $REQUIRED_JDK or newer found (looked at \$JAVA_HOME, /usr/lib/jvm and the PATH); install JDK $REQUIRED_JDK or set JAVA_HOME to one" >&2
  exit 1
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
