#!/usr/bin/env bash
# Reproduces every figure in BENCHMARKS.md. Run from the repository root on
# a quiet machine (check `uptime`; the figures there were taken at a load
# under 1.5):
#
#   bash benches/measure.sh            # everything, into target/measure/
#   bash benches/measure.sh quick      # fewer samples, for a smoke run
#
# Needs hyperfine (apt-get install hyperfine) and /usr/bin/time (GNU time).
set -euo pipefail
cd "$(dirname "$0")/.."
quick=${1:-}
out=target/measure
mkdir -p "$out"

echo "== machine"
{
  echo "nproc: $(nproc)"
  grep -m1 'model name' /proc/cpuinfo
  grep MemTotal /proc/meminfo
  uptime
  rustc --version
} | tee "$out/machine.txt"

echo "== build"
cargo build --release --bin stagecall --example genplan --example memprobe --example floor
bin=target/release
for h in 1 6 24; do
  "$bin/examples/genplan" --hours "$h" > "$out/p$h.toml"
  "$bin/examples/memprobe" genlog "$out/p$h.toml" "$out/l$h.log"
done
"$bin/stagecall" check --deny-warnings "$out/p1.toml" "$out/p6.toml" "$out/p24.toml"

echo "== cargo bench (divan)"
if [ "$quick" = quick ]; then
  cargo bench --bench scale -- --sample-count 10 | tee "$out/bench.txt"
else
  cargo bench --bench scale -- --sample-count 100 | tee "$out/bench.txt"
fi

echo "== peak memory: counting allocator (heap) and /usr/bin/time -v (max RSS)"
for h in 1 6 24; do
  for mode in floor check; do
    "$bin/examples/memprobe" "$mode" "$out/p$h.toml"
  done
  "$bin/examples/memprobe" snapshot "$out/p$h.toml"
  "$bin/examples/memprobe" replay "$out/p$h.toml" "$out/l$h.log"
done | tee "$out/heap.txt"
for h in 1 6 24; do
  for cmd in "$bin/examples/floor $out/p$h.toml" \
    "$bin/stagecall check $out/p$h.toml" \
    "$bin/stagecall run $out/p$h.toml --snapshot --at +$((h * 30))m --size 160x50 --state $out/none.log"; do
    rss=$( { /usr/bin/time -v $cmd > /dev/null; } 2>&1 | awk '/Maximum resident/ {print $6}')
    echo "$h h  max RSS ${rss} KiB  $cmd"
  done
done | tee "$out/rss.txt"

echo "== processes: hyperfine"
runs=30
[ "$quick" = quick ] && runs=5
for h in 1 6 24; do
  hyperfine -N --warmup 3 --runs "$runs" --export-markdown "$out/hyperfine-$h.md" \
    -n floor "$bin/examples/floor $out/p$h.toml" \
    -n check "$bin/stagecall check $out/p$h.toml" \
    -n snapshot "$bin/stagecall run $out/p$h.toml --snapshot --at +$((h * 30))m --size 160x50 --state $out/none.log" \
    -n "snapshot+100k log" "$bin/stagecall run $out/p$h.toml --snapshot --at +$((h * 30))m --size 160x50 --state $out/l$h.log"
done
echo "results in $out/"
