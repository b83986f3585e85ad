#!/usr/bin/env bash
# Builds the distribution if needed, then starts Felix with the socket bundles at the Gogo
# console (g!), with completion, history and Ctrl-C. Without a terminal, or with -c, it runs
# commands as a script instead: one per line, only their results on standard output, failures
# on standard error, exit status 1 if a command failed:
#   echo 'socket:echo_client localhost 50007 "Hello, world"' | ./shell.sh
#   ./shell.sh -c 'socket:gethostbyname localhost'
set -euo pipefail
cd "$(dirname "$0")"
. bin/jdk.sh

jar=socket.dist/target/socket.jar
# Rebuild when the jar is missing or any source, pom or bnd file is newer than it.
if [ ! -f "$jar" ] || [ -n "$(find . -path ./socket.dist/target -prune -o \( -name '*.java' -o -name 'pom.xml' -o -name '*.bnd' -o -name '*.bndrun' -o -name '*.constants' \) -newer "$jar" -print -quit)" ]; then
  echo "building the distribution (mvn package of socket.dist and what it needs)..." >&2
  mvn -B -q -Dstyle.color=never -DskipTests -Dmaven.javadoc.skip -Dmaven.source.skip -pl socket.dist -am package >&2
fi

# The bundles run from files extracted next to the jar: the bnd launcher installs the bundles
# inside the jar under locations that are no URL (jar/x.jar), which `update ID` cannot read
# again; a file is installed by reference (reference:file:...) and `update ID` re-reads it.
run=socket.dist/target/run
if [ ! -f "$run/.extracted" ] || [ "$jar" -nt "$run/.extracted" ]; then
  rm -rf "$run" && mkdir -p "$run"
  (cd "$run" && "$JAVA_HOME/bin/jar" xf ../socket.jar jar launcher.properties && touch .extracted)
fi
bundles=$(sed -n 's/^launch.bundles=//p' "$run/launcher.properties" | tr ',' '\n' | sed "s|^|$PWD/$run/|" | paste -sd, -)

# Native access is enabled by the jar's own manifest (Enable-Native-Access).
java_opts=(--sun-misc-unsafe-memory-access=allow -Dlaunch.embedded=false "-Dlaunch.bundles=$bundles")

# Script mode: the socket shell runs standard input (StdinScript); Felix's console starts
# without a console of its own (--nointeractive), quietly (an empty profile), on no terminal.
script_opts=(-Dsocket.shell.script=stdin -Dgosh.args=--nointeractive "-Dgosh.home=$PWD/socket.dist/script-home"
  -Dorg.jline.terminal.dumb=true)

if [ "${1:-}" = "-c" ]; then
  shift
  printf '%s\n' "$*" | java "${java_opts[@]}" "${script_opts[@]}" -jar "$jar"
elif [ -t 0 ]; then
  rc=0
  java "${java_opts[@]}" -jar "$jar" || rc=$?
  # The bnd launcher exits 117 when the framework stops normally (Ctrl-D, `stop 0`).
  [ "$rc" -eq 117 ] && rc=0
  exit "$rc"
else
  java "${java_opts[@]}" "${script_opts[@]}" -jar "$jar"
fi
