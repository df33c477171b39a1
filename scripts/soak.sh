#!/usr/bin/env bash
# Soak run of the forecaster on an embedded broker (see docs/reliability.md).
#   scripts/soak.sh DURATION [RATE_PER_SECOND=5000] [KEYS=10000]      e.g. scripts/soak.sh 30m
# Prints every 10 s: forecasts read, consumer lag, heap after GC, RSS, state-store size, latency.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ $# -lt 1 ]]; then
  echo "usage: scripts/soak.sh DURATION [RATE_PER_SECOND] [KEYS]   e.g. scripts/soak.sh 30m 5000 10000" >&2
  exit 2
fi
mvn -B -q -o test-compile
classpath_file=$(mktemp)
trap 'rm -f "$classpath_file"' EXIT
mvn -B -q -o dependency:build-classpath -Dmdep.outputFile="$classpath_file"
java --add-modules jdk.incubator.vector -Xmx2g \
  -cp "target/test-classes:target/classes:$(cat "$classpath_file")" \
  io.nowcast.reliability.Soak "$@" 2> >(grep -v ' WARN ' >&2)
