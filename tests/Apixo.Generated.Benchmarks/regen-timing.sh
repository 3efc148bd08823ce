#!/usr/bin/env bash
# Regeneration time: "edit the contract -> dotnet build src/Apixo.Generated" with the NSwag targets from before
# issue 10 (NSwag once per target framework) and with today's (once per build), side by side in one run on a
# scratch copy of the working tree, interleaved, N runs each; prints every run, the medians and their ratio.
#
#   tests/Apixo.Generated.Benchmarks/regen-timing.sh [N=5]
#   OLD_REF=<commit> picks the "before" targets (default: the last commit before issue 10's change).
#
# Each run: put one side's targets in place, build once untimed (so both sides start from a built client
# made by their own targets), edit the contract's ErrorResponse description (a real change: the generated
# DTO's doc comment changes), then time the build. Nothing is written to the repository.
set -euo pipefail

repo=$(git -C "$(dirname "${BASH_SOURCE[0]}")" rev-parse --show-toplevel)
runs=${1:-5}
old_ref=${OLD_REF:-e0f7f6d}
targets=generators/nswag/Apixo.NSwag.targets
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_CLI_UI_LANGUAGE=en

scratch=$(mktemp -d "${TMPDIR:-/tmp}/apixo-regen.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
# The tracked files as they are in the working tree, without bin/ or obj/.
(cd "$repo" && git ls-files -z | xargs -0 tar -cf - 2>/dev/null) | tar -xf - -C "$scratch"
git -C "$repo" show "$old_ref:$targets" >"$scratch/old.targets"
cp "$repo/$targets" "$scratch/new.targets"
cd "$scratch"

echo "Restoring the scratch copy in $scratch ..."
dotnet restore src/Apixo.Generated/Apixo.Generated.csproj -v:q >/dev/null

build() { dotnet build src/Apixo.Generated/Apixo.Generated.csproj --no-restore -nologo -v:q -clp:ErrorsOnly >/dev/null; }
edit=0
time_side() {
  cp "$1.targets" "$targets"
  build
  edit=$((edit + 1))
  sed -i "s/The error envelope[^,]*, modelled loosely/The error envelope (edit $edit), modelled loosely/" openapi/gpt-image-2.yaml
  local start end
  start=$(date +%s%N)
  build
  end=$(date +%s%N)
  echo "scale=2; ($end - $start) / 1000000000" | bc
}

old_times=()
new_times=()
for i in $(seq 1 "$runs"); do
  # Alternate which side goes first, so that a drift in the machine's load falls on both.
  if [ $((i % 2)) -eq 1 ]; then order="old new"; else order="new old"; fi
  for side in $order; do
    t=$(time_side "$side")
    echo "run $i $side: $t s"
    if [ "$side" = old ]; then old_times+=("$t"); else new_times+=("$t"); fi
  done
done

median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
old_median=$(median "${old_times[@]}")
new_median=$(median "${new_times[@]}")
echo "before (NSwag per TFM): median $old_median s of ${old_times[*]}"
echo "after (NSwag once):     median $new_median s of ${new_times[*]}"
echo "ratio after/before:     $(echo "scale=2; $new_median / $old_median" | bc)"
