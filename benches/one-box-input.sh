# Sourced by the one-box benchmarks: builds the release binaries, and writes into a temporary $dir
# (removed on exit) the demo's villagers' committee with its central hall only, a register large
# enough for $ballots ballots, that box ($dir/central.jsonl, seed 7) and the hall's demo key
# ($dir/k); the manifest is $dir/e.toml.
cargo build -q --release --workspace
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
sed -e "s/^registered = 1500$/registered = $((ballots * 2))/" fixtures/kengtou-vc/election.toml |
  awk -v big=$((ballots * 2)) '
    /^\[\[station\]\]/ { n++ }
    n > 1 { next }
    /^registered = 800$/ { print "registered = " big; next }
    /^monitors/ || /^monitors_required/ { next }
    { print }' > "$dir/e.toml"
target/release/station-sim generate --election "$dir/e.toml" --out-dir "$dir" --station central="$ballots" --seed 7 >/dev/null
printf 'zheng ed25519 secret key v1\n%s\n' "$(printf 'zheng demo key: central' | sha256sum | cut -d' ' -f1)" > "$dir/k"
chmod 600 "$dir/k"
