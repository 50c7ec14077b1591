#!/usr/bin/env bash
# Reproduces the shipped models from scratch (docs/models.md, "The shipped models"):
#   models/credit.json (+ credit.binning.json)          merchant credit scorecard
#   models/settlement.json (+ settlement.binning.json)  order settlement scorecard
# on a simulated marketplace larger than data-samples/: 20,000 merchants x 24 months ending
# 2026-10-31, seed 20261031 (the sample uses seed 1). Scratch files go to $WORK (default
# /tmp/microcredit-models, deleted first), never into the repository. Running it twice gives
# byte-identical models.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="${WORK:-/tmp/microcredit-models}"
cd "$repo"

rm -rf "$work"
mkdir -p "$work"
db="$work/history.db"

dotnet build src/Jobs -c Release --nologo -v quiet
credit() { dotnet "$repo/src/Jobs/bin/Release/net10.0/credit.dll" "$@"; }
step() { echo "== $1 (at ${SECONDS} s)" >&2; }

step history
# 1. History: simulate, then import into a scratch SQLite database.
credit simulate --merchants 20000 --months 24 --end 2026-10-31 --seed 20261031 --out "$work/history"
credit import --dir "$work/history" --database "$db"

step "credit model"
# 2. Merchant credit model: loans disbursed in the whole history whose 180-day outcome is known
#    on 2026-11-01, features as of each disbursement date; credit loans only (order loans default
#    for another reason: their pledged orders are refunded), so `product` is constant and left out
#    and the model reads only feature-catalog columns.
credit dataset build --from 2024-11-01 --to 2026-11-01 --as-of 2026-11-01 --out "$work/loans.csv" --database "$db"
awk -F, 'NR == 1 || $4 == "credit"' "$work/loans.csv" > "$work/credit-loans.csv"
credit train --data "$work/credit-loans.csv" --target default --trainer scorecard \
  --time-column disbursed_at --ignore loan_id,merchant_id,product --seed 42 --out models/credit.json

step "settlement model"
# 3. Order settlement model: orders shipped before 2026-10-01 (all closed by 2026-11-01),
#    a seeded sample of 200,000, validated out of time on the last 20 % shipped.
credit train-settlement --from 2024-11-01 --to 2026-10-01 --as-of 2026-11-01 --trainer scorecard \
  --seed 42 --max-orders 200000 --out models/settlement.json --database "$db"

step done
sha256sum models/credit.json models/credit.binning.json models/settlement.json models/settlement.binning.json
