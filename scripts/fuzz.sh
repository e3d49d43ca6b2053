#!/usr/bin/env bash
# Long fuzz runs: every *FuzzProperties class (jqwik over raw bytes, seeded from the committed
# corpora under */src/test/resources/fuzz/) with many more tries than the build's 1,000, and the
# damaged-queue fuzz with many more damaged copies. Under the shared build lock.
#   scripts/fuzz.sh                 100,000 tries per property, 200 damaged queues
#   TRIES=1000000 QUEUES=2000 scripts/fuzz.sh
#   SEED=123 scripts/fuzz.sh        replays a damaged-queue run (a new seed is drawn otherwise; the
#                                   build uses a fixed one; jqwik prints its own seed on failure)
# A failure prints the shrunk input: add it to the corpus and a named regression test (see RELIABILITY.md).
set -euo pipefail
cd "$(dirname "$0")/.."
TRIES="${TRIES:-100000}"
QUEUES="${QUEUES:-200}"
SEED="${SEED:-$(od -An -N6 -tu8 /dev/urandom | tr -d ' ')}"
echo "damaged-queue seed: $SEED"
SEED_ARG=("-Droomcast.fuzz.seed=$SEED")
exec flock /tmp/roomcast-mvn.lock mvn -B -ntp -o verify \
  -pl application,adapters-http,adapters-tcp,adapters-chronicle,bootstrap -am \
  -Dtest='*FuzzProperties' -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test='DamagedQueueFuzzIT' -Dfailsafe.failIfNoSpecifiedTests=false \
  -Djqwik.tries.default="$TRIES" -Droomcast.fuzz.queues="$QUEUES" "${SEED_ARG[@]}"
