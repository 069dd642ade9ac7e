#!/usr/bin/env bash
# Peak memory of `zheng merge` and `zheng verify` over a large published ballots file: they stream
# it (canonical form, order, Merkle root, recount), so memory stays flat in the file's size.
# Generates one box of BALLOTS ballots (default 16,000,000: about 1 GB published), closes it,
# merges it into a bundle and verifies it, printing wall time and peak RSS (GNU time) of each.
# Usage: benches/published-memory.sh [BALLOTS]
set -euo pipefail
cd "$(dirname "$0")/.."
ballots=${1:-16000000}
. benches/one-box-input.sh
target/release/zheng close --election "$dir/e.toml" --key "$dir/k" "$dir/central.jsonl" --out "$dir/central.zres" \
  --closed-at 2020-11-18T17:30:00Z >/dev/null
echo "published ballots: $(du -h "$dir/central.ballots.jsonl" | cut -f1) ($ballots ballots)"
measure() { /usr/bin/time -f "%e s, peak RSS %M KiB" "$@" >/dev/null 2>"$dir/time" || true; tail -1 "$dir/time"; }
echo "merge --out:  $(measure target/release/zheng merge --election "$dir/e.toml" "$dir/central.zres" --out "$dir/bundle")"
echo "verify:       $(measure target/release/zheng verify "$dir/bundle")"
