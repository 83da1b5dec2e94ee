#!/usr/bin/env bash
# Runs the Tributary benchmark (system-tests/README.md): the YSB workload against the running services,
# then RabbitMQ PerfTest as the baseline. Options are --name=value (--help lists them); it is what
# `./tributary bench` calls. Builds this module's classes and class path first when they are missing or stale.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$HERE")"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
CP_FILE="$HERE/target/bench-classpath.txt"

if [[ ! -f "$CP_FILE" || ! -d "$HERE/target/classes/io" \
      || -n "$(find "$HERE/src/main" "$HERE/pom.xml" -newer "$CP_FILE" -print -quit)" ]]; then
  echo "bench: building system-tests (classes and class path)" >&2
  (cd "$ROOT" && ./mvnw -q -pl system-tests -am process-classes)
fi

cd "$ROOT"
exec "$JAVA" -cp "$HERE/target/classes:$(cat "$CP_FILE")" -Dtributary.repo.root="$ROOT" \
  io.tributary.systemtests.bench.Benchmark --output-dir="$HERE/target/bench" "$@"
