#!/usr/bin/env bash
# Times `nsm run --pcap FILE` (default ruleset, all outputs on) against libpcap's own read loop,
# `tcpdump -r FILE -w /dev/null`, on the same file in the same run, and prints the ratio.
# Machines here are noisy: read the ratio, not the seconds. Needs tcpdump and target/nsm.jar.
#
#   bench/replay-vs-tcpdump.sh CAPTURE [RUNS]
set -euo pipefail
capture=${1:?usage: bench/replay-vs-tcpdump.sh CAPTURE [RUNS]}
runs=${2:-3}
jar="$(dirname "$0")/../target/nsm.jar"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
seconds() { local start end; start=$(date +%s.%N); "$@" >/dev/null 2>&1; end=$(date +%s.%N); echo "$end - $start" | bc; }

tcpdump_times=(); nsm_times=(); startup_times=()
for _ in $(seq "$runs"); do
  tcpdump_times+=("$(seconds tcpdump -r "$capture" -w /dev/null)")
  startup_times+=("$(seconds java -jar "$jar" check)")
  rm -f "$out"/*
  nsm_times+=("$(seconds java -jar "$jar" run --pcap "$capture" --log "$out/log" --alerts "$out/alerts.jsonl")")
done
t=$(printf '%s\n' "${tcpdump_times[@]}" | median)
s=$(printf '%s\n' "${startup_times[@]}" | median)
n=$(printf '%s\n' "${nsm_times[@]}" | median)
packets=$(tcpdump -n -r "$capture" 2>/dev/null | wc -l)
printf 'capture %s: %s packets, %s runs (medians)\n' "$capture" "$packets" "$runs"
printf 'tcpdump -r -w /dev/null      %8.2f s\n' "$t"
printf 'nsm check (start-up)         %8.2f s  (JVM start and ruleset compile)\n' "$s"
printf 'nsm run --pcap               %8.2f s\n' "$n"
printf 'ratio run / tcpdump          %8.1f\n' "$(echo "$n / $t" | bc -l)"
printf 'replay without start-up      %8.0f packets/s\n' "$(echo "$packets / ($n - $s)" | bc -l)"
