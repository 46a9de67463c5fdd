#!/usr/bin/env bash
# A stand-in for a scraper of the platform's data screen (大屏): appends one
# JSON line of live numbers to FILE every INTERVAL seconds, for
# `stagecall run PLAN --metrics FILE`. The SKUs and slot ids are those of
# plans/kuaishou-brand-4h.toml; totals only grow, online wanders.
#
#   examples/metrics-feed.sh /tmp/feed.jsonl 3 &
#   stagecall run plans/kuaishou-brand-4h.toml --at +0:10 --speed 10 --metrics /tmp/feed.jsonl
set -euo pipefail
file=${1:?usage: metrics-feed.sh FILE [INTERVAL_SECONDS]}
interval=${2:-5}
online=2400 gmv=0 orders=0 likes=0
pillow=0 blanket=0 set3=0 hero=0 spend_open=0 spend_hero=0
while :; do
    online=$((online + RANDOM % 401 - 180)); ((online < 300)) && online=300
    sold=$((RANDOM % 40 + 5))
    orders=$((orders + sold)); likes=$((likes + RANDOM % 3000))
    pillow=$((pillow + sold)); blanket=$((blanket + sold / 2))
    set3=$((set3 + sold / 4)); hero=$((hero + sold / 3))
    gmv=$((gmv + sold * 99 + RANDOM % 500))
    spend_open=$((spend_open + RANDOM % 300)); spend_hero=$((spend_hero + RANDOM % 400))
    printf '{"online":%d,"gmv":%d,"orders":%d,"likes":%d,"sold":{"MY-YL-001":%d,"MY-YL-002":%d,"MY-CJ-001":%d,"MY-BK-001":%d},"spend":{"open-burst":%d,"hero-push":%d}}\n' \
        "$online" "$gmv" "$orders" "$likes" "$pillow" "$blanket" "$set3" "$hero" "$spend_open" "$spend_hero" >>"$file"
    sleep "$interval"
done
