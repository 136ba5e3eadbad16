#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run.sh: build the libFuzzer harnesses, write their seeds, and run each
# for FUZZ_SECONDS (default 20), FUZZ_JOBS (default: the CPUs, at most 4)
# at a time. Prints one line per harness and ends with
# "fuzz: N passed, N failed"; a harness passes when libFuzzer exits 0 with
# no crash, leak or timeout. Exits non-zero otherwise.
#
#   build/fuzz/corpus/NAME     seeds from make_corpus, plus what the
#                              fuzzer finds (kept: the next run goes on)
#   build/fuzz/artifacts/NAME  crashing inputs (kept until removed)
#   build/fuzz/logs/NAME.log   libFuzzer's output
#
# Reproduce a crash: build/fuzz/bin/fuzz_NAME build/fuzz/artifacts/NAME/...
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
FUZZ_SECONDS=${FUZZ_SECONDS:-20}
jobs=$(nproc 2>/dev/null || echo 1)
[ "$jobs" -le 4 ] || jobs=4
FUZZ_JOBS=${FUZZ_JOBS:-$jobs}
out=build/fuzz

# Harness and its -max_len (XTRAIL_REC_MAX is 16384).
HARNESSES=(
	"ring $((2 * 16384 + 128))"	# two largest records, inputs, steps
	"record $((16384 + 64))"	# one record, and then some
	"encode $((12 + 4096 + 12184))"	# encode_in, filename, argv
	"f3 $((4 * 16384))"		# a few frames of the largest records
	"attribution 4096"		# 255 operations (16 bytes each)
)

mkdir -p "$out/logs"
# One run at a time: they share the corpus, the logs and the binaries.
exec 9>"$out/.lock"
if ! flock -n 9; then
	echo "fuzz: waiting for the other run.sh to finish"
	flock 9
fi
if ! make -s -C tests/fuzz all >"$out/logs/build.log" 2>&1; then
	cat "$out/logs/build.log"
	echo "fuzz: 0 passed, ${#HARNESSES[@]} failed (build)"
	exit 1
fi
"$out/bin/make_corpus" "$out/corpus" || {
	echo "fuzz: 0 passed, ${#HARNESSES[@]} failed (seeds)"
	exit 1
}

# run_one NAME MAX_LEN: one fuzzer; its exit status goes to logs/NAME.rc.
run_one() {
	local name=$1 max_len=$2
	mkdir -p "$out/artifacts/$name" "$out/corpus/$name"
	"$out/bin/fuzz_$name" -max_total_time="$FUZZ_SECONDS" \
		-max_len="$max_len" -timeout=10 -rss_limit_mb=2048 \
		-print_final_stats=1 \
		-artifact_prefix="$out/artifacts/$name/" \
		"$out/corpus/$name" >"$out/logs/$name.log" 2>&1
	echo $? >"$out/logs/$name.rc"
}

# fuzz_f3 writes a file per input: on tmpfs where there is one.
tmp=$(mktemp -d /dev/shm/xtrail-fuzz.XXXXXX 2>/dev/null || mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export TMPDIR=$tmp

start=$(date +%s)
touch "$out/logs/.start"
running=0
for h in "${HARNESSES[@]}"; do
	if [ "$running" -ge "$FUZZ_JOBS" ]; then
		wait -n
		running=$((running - 1))
	fi
	# shellcheck disable=SC2086 # "NAME MAX_LEN"
	run_one $h &
	running=$((running + 1))
done
wait

pass=0 fail=0
for h in "${HARNESSES[@]}"; do
	name=${h%% *}
	log=$out/logs/$name.log
	rc=$(cat "$out/logs/$name.rc" 2>/dev/null || echo 255)
	new=$(find "$out/artifacts/$name" -type f -newer "$out/logs/.start")
	# "#123 DONE cov: 164 ft: 402 corp: 72/217Kb lim: ... exec/s: 5991 ..."
	done_line=$(grep -a -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -n 1)
	stats=$(sed -E 's/^#([0-9]+).*cov: ([0-9]+) ft: ([0-9]+) corp: ([0-9]+).*exec\/s: ([0-9]+).*/\1 runs (\5\/s), cov \2, ft \3, corpus \4/' <<<"$done_line")
	if [ "$rc" -eq 0 ] && [ -z "$new" ] && [ -n "$done_line" ]; then
		pass=$((pass + 1))
		echo "fuzz_$name: ok, $stats"
	else
		fail=$((fail + 1))
		echo "fuzz_$name: FAILED (exit $rc)"
		grep -a -E -A 30 'invariant broken|==[0-9]+==ERROR|runtime error|ERROR: libFuzzer' "$log" | head -n 60
		for a in $new; do
			echo "fuzz_$name: artifact $a"
		done
	fi
done
rm -f "$out/logs/.start" "$out"/logs/*.rc
echo "fuzz: $FUZZ_SECONDS s each, $FUZZ_JOBS at a time, $(($(date +%s) - start)) s"
echo "fuzz: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
