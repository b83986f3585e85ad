#!/usr/bin/env bash
# The soak test (not part of ./test.sh): for SECONDS, CONNECTIONS connections on virtual
# threads exchange checksummed messages of 1 B to 1 MiB with a CPython asyncio echo peer,
# through every send and receive path; prints messages, bytes, lost/corrupt/stuck counts and
# the process's descriptors and threads before and after. Exit status 0 only if nothing was
# lost, corrupt or stuck.
#   ./soak.sh               60 s, 1,000 connections
#   ./soak.sh 600 3000      10 minutes, 3,000 connections
set -euo pipefail
cd "$(dirname "$0")"
. bin/jdk.sh
seconds=${1:-60}
connections=${2:-1000}
command -v python3 >/dev/null || { echo "soak.sh needs python3 (the echo peer)" >&2; exit 1; }
echo "building (mvn package)..." >&2
mvn -B -q -DskipTests package -pl socket.attack -am >&2
CP="socket.attack/target/socket.attack-0.1.0-SNAPSHOT.jar:socket.attack/target/lib/*"
exec java --enable-native-access=ALL-UNNAMED -Xmx2g -cp "$CP" org.bsdsock.socket.attack.Soak \
  "$seconds" "$connections" socket.attack/src/main/python/soak_peer.py
