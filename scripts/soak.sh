#!/usr/bin/env bash
# Soak run of the forecaster and the trainer on an embedded broker (see docs/reliability.md).
#   scripts/soak.sh DURATION [RATE_PER_SECOND=5000] [KEYS=10000] [TRAINER_INTERVAL=2m|off] [ENSEMBLE=1]   e.g. scripts/soak.sh 30m
# Prints every 10 s: forecasts read, consumer lag, heap after GC, RSS, state-store size, latency,
# model versions served, trainer cycles (completed/failed); each trainer cycle adds a "# trainer:" line.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ $# -lt 1 ]]; then
  echo "usage: scripts/soak.sh DURATION [RATE_PER_SECOND] [KEYS] [TRAINER_INTERVAL|off] [ENSEMBLE]   e.g. scripts/soak.sh 30m 5000 10000 3m" >&2
  exit 2
fi
mvn -B -q -o test-compile
classpath_file=$(mktemp)
trap 'rm -f "$classpath_file"' EXIT
mvn -B -q -o dependency:build-classpath -Dmdep.outputFile="$classpath_file"
java --add-modules jdk.incubator.vector -Xmx2g \
  -cp "target/test-classes:target/classes:$(cat "$classpath_file")" \
  io.nowcast.reliability.Soak "$@" 2> >(grep -v ' WARN ' >&2)
