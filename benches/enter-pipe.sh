#!/usr/bin/env bash
# `zheng station enter` as a process, fed 100,000 ballots through a pipe (group commit), and one
# ballot at a time (a commit and an fsync each). Prints the medians of 5 runs.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build -q --release
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
e=fixtures/kengtou-vc/election.toml
tail -n +2 fixtures/kengtou-vc/central.jsonl > "$dir/lines"
for _ in $(seq 1 170); do cat "$dir/lines"; done > "$dir/many"
head -n 100000 "$dir/many" > "$dir/100k"
median() { sort -n | sed -n 3p; }
runs=()
for r in 1 2 3 4 5; do
  target/release/zheng station open --election "$e" --station central --journal "$dir/p$r.db" >/dev/null
  t0=$(date +%s%N); target/release/zheng station enter --journal "$dir/p$r.db" < "$dir/100k" >/dev/null 2>&1; t1=$(date +%s%N)
  runs+=($(( (t1 - t0) / 1000 )))
done
m=$(printf '%s\n' "${runs[@]}" | median)
echo "station enter, 100,000 piped ballots: median $((m / 1000)) ms, $(( 100000 * 1000000 / m )) ballots/s (µs: ${runs[*]})"
runs=()
for r in 1 2 3 4 5; do
  target/release/zheng station open --election "$e" --station central --journal "$dir/s$r.db" >/dev/null
  t0=$(date +%s%N)
  head -n 200 "$dir/lines" | while IFS= read -r l; do printf '%s\n' "$l" | target/release/zheng station enter --journal "$dir/s$r.db" >/dev/null 2>&1; done
  t1=$(date +%s%N)
  runs+=($(( (t1 - t0) / 200 / 1000 )))
done
m=$(printf '%s\n' "${runs[@]}" | median)
echo "station enter, one ballot per process (open, check chain, commit, fsync): median $m µs per ballot"
