#!/usr/bin/env bash
# Builds the distribution if needed, then starts Felix with the socket bundles at a Gogo
# prompt (g!). Piped lines run in order, then the shell stops:
#   echo 'socket:echo_client localhost 50007 "Hello, world"' | ./shell.sh
# One command:  ./shell.sh -c 'socket:echo_server 50007'
set -euo pipefail
cd "$(dirname "$0")"
. bin/jdk.sh

jar=socket.dist/target/socket.jar
# Rebuild when the jar is missing or any source, pom or bnd file is newer than it.
if [ ! -f "$jar" ] || [ -n "$(find . -path ./socket.dist/target -prune -o \( -name '*.java' -o -name 'pom.xml' -o -name '*.bnd' -o -name '*.bndrun' -o -name '*.constants' \) -newer "$jar" -print -quit)" ]; then
  echo "building the distribution (mvn package)..." >&2
  mvn -B -q -DskipTests package >&2
fi

# Native access is enabled by the jar's own manifest (Enable-Native-Access).
java_opts=("${UNSAFE_OPTS[@]}")

run() {
  local rc=0
  java "${java_opts[@]}" "$@" -jar "$jar" || rc=$?
  # The bnd launcher exits 117 when the framework stops normally (end of input, `stop 0`).
  [ "$rc" -eq 117 ] && rc=0
  return "$rc"
}

if [ "${1:-}" = "-c" ]; then
  shift
  printf '%s\n' "$*" | run -Dgosh.args=-q
elif [ -t 0 ]; then
  run
else
  run -Dgosh.args=-q
fi
