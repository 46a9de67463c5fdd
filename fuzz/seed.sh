#!/usr/bin/env bash
# Seeds the fuzz corpus with every plan and fixture in the repository.
# Run from the repository root: bash fuzz/seed.sh
set -euo pipefail
dir=fuzz/corpus/check
mkdir -p "$dir"
n=0
for f in plans/*.toml $(find tests/fixtures -name '*.toml' | sort); do
  n=$((n + 1))
  cp "$f" "$dir/seed-$n.toml"
done
cargo run --quiet --release --example genplan -- --hours 1 --cues 12 --skus 5 --seed 3 > "$dir/seed-gen-small.toml"
cargo run --quiet --release --example genplan -- --hours 2 --cues 40 --skus 20 --seed 4 > "$dir/seed-gen-mid.toml"
echo "seeded $dir with $((n + 2)) files"
