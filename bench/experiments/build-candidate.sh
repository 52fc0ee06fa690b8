#!/usr/bin/env bash
# Builds a server jar with a patch applied, for an A/B measurement in one harness run:
#   bench/experiments/build-candidate.sh bench/experiments/no-validation.patch /tmp/cand-novalidation
#   bench/run.sh --compare-jar /tmp/cand-novalidation/monitor-server.jar
# The patch is applied to a throwaway git worktree of HEAD (the work tree and ~/.m2 are not touched:
# `package`, not `install`). The patches here are measurement experiments (upper bounds), not changes
# to merge; docs/performance.md says what each one showed.
set -euo pipefail
PATCH=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
OUT=$2
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
TREE=$(mktemp -d /tmp/tma-candidate.XXXXXX)
trap 'git -C "$ROOT" worktree remove --force "$TREE" >/dev/null 2>&1 || true' EXIT
git -C "$ROOT" worktree add --detach "$TREE" HEAD >/dev/null
git -C "$TREE" apply "$PATCH"
(cd "$TREE" && mvn -B -q -o -pl monitor-server -am package -DskipTests)
mkdir -p "$OUT"
rm -rf "$OUT/lib"
cp "$TREE/monitor-server/target/monitor-server.jar" "$OUT/"
cp -r "$TREE/monitor-server/target/lib" "$OUT/"
echo "$OUT/monitor-server.jar ($(basename "$PATCH") on $(git -C "$ROOT" rev-parse --short HEAD))"
