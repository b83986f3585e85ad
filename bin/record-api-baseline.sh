#!/usr/bin/env bash
# Records the API bundle as it is now as the baseline that later builds are checked against
# (bnd-baseline-maven-plugin in socket.api/pom.xml): run it when a version of the API is
# released. The jar goes into socket.api/baseline/, a Maven repository in the source tree,
# as org.bsdsock.baseline:socket.api:<the API package's version>; commit it, and set
# api.baseline.version in socket.api/pom.xml to that version.
set -euo pipefail
cd "$(dirname "$0")/.."
. bin/jdk.sh
mvn -B -q -DskipTests -Dbnd.baseline.skip -pl socket.api package
jar=$(ls socket.api/target/socket.api-*.jar | grep -v -e -sources -e -javadoc)
version=$(unzip -p "$jar" META-INF/MANIFEST.MF | tr -d '\r' | sed -n 's/^Export-Package: .*version="\([0-9.]*\)".*/\1/p')
[ -n "$version" ] || { echo "error: no exported package version in $jar" >&2; exit 1; }
mvn -B -q install:install-file -Dfile="$jar" -DgroupId=org.bsdsock.baseline -DartifactId=socket.api \
  -Dversion="$version" -Dpackaging=jar -DcreateChecksum=true -DlocalRepositoryPath=socket.api/baseline
rm -f socket.api/baseline/org/bsdsock/baseline/socket.api/"$version"/_remote.repositories
echo "recorded $jar as org.bsdsock.baseline:socket.api:$version; set api.baseline.version to $version in socket.api/pom.xml"
