#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# style.sh: checkpatch (from Debian's linux-source-6.1) over every C file.
# Prints "style: N passed, N failed" (one per file), or one skip outside a
# git checkout.
set -uo pipefail
cd "$(dirname "$0")/.."
cp=build/checkpatch/scripts/checkpatch.pl
if [ ! -x "$cp" ]; then
	mkdir -p build/checkpatch
	tar -xf /usr/src/linux-source-6.1.tar.xz -C build/checkpatch \
		--strip-components=1 linux-source-6.1/scripts/checkpatch.pl \
		linux-source-6.1/scripts/spelling.txt \
		linux-source-6.1/scripts/const_structs.checkpatch
fi
pass=0 failed=0
# Kernel-style files; the KUnit patch target and generated files are not ours.
# git knows which are which: outside a checkout (a release tarball) nothing
# can be checked, and the suite says it skipped rather than passed.
if ! git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	echo "SKIP style/all: not a git checkout: which C files are ours is unknown"
	echo "style: 0 passed, 0 failed, 1 skipped"
	exit 0
fi
files=$(git ls-files 'shared/*.[ch]' 'common/*.[ch]' 'domu-module/*.[ch]' \
	'dom0-module/*.[ch]' 'userspace/*/*.[ch]' 'tests/unit/*.[ch]' \
	'tests/kunit/*.[ch]' 'tests/lab/*.[ch]' 'tests/lab/hostile/*.[ch]' 'tests/fuzz/*.[ch]') || {
	echo "style: git ls-files failed"
	echo "style: 0 passed, 1 failed"
	exit 1
}
[ -n "$files" ] || {
	echo "style: no C file to check"
	echo "style: 0 passed, 1 failed"
	exit 1
}
ignore=SPDX_LICENSE_TAG,FILE_PATH_CHANGES,NEW_TYPEDEFS,SPLIT_STRING
# Kernel idioms that userspace C cannot follow (no ARRAY_SIZE, __printf, ...).
uignore=$ignore,PREFER_KERNEL_TYPES,ARRAY_SIZE,PREFER_DEFINED_ATTRIBUTE_MACRO,VOLATILE
# check_group IGNORE FILE...: checkpatch over the files in one run (its
# start-up, ~0.2 s, dominated a run per file); with --terse each finding
# starts with its file's name. Prints "FILE<TAB>0" for a clean file, then
# "FILE<TAB>1" and its findings for the others. If checkpatch fails with no
# finding to show for it, every file of the group fails.
check_group() {
	local ig=$1 out rc f
	shift
	out=$("$cp" --no-tree --terse --show-types --ignore "$ig" -f "$@" 2>&1)
	rc=$?
	for f in "$@"; do
		if grep -q "^$f:[0-9]*: \(ERROR\|WARNING\):" <<<"$out"; then
			printf '%s\t1\n' "$f"
			grep "^$f:[0-9]*: \(ERROR\|WARNING\):" <<<"$out"
		elif [ "$rc" -ne 0 ] && ! grep -q ': \(ERROR\|WARNING\):' <<<"$out"; then
			printf '%s\t1\n' "$f"
			echo "$f: checkpatch failed: $out" | head -n 5
		else
			printf '%s\t0\n' "$f"
		fi
	done
}

# STYLE_JOBS checkpatch runs at a time (default: the CPUs), over groups of
# up to 20 files with the same ignore list; the verdicts are counted in the
# list's order.
jobs=${STYLE_JOBS:-$(nproc)}
res=$(mktemp -d)
trap 'rm -rf "$res"' EXIT
ufiles=() kfiles=()
for f in $files; do
	case $f in
	userspace/* | tests/unit/* | tests/fuzz/*) ufiles+=("$f") ;;
	*) kfiles+=("$f") ;;
	esac
done
g=0
run_groups() {
	local ig=$1 n
	shift
	while [ $# -gt 0 ]; do
		n=$(($# < 20 ? $# : 20))
		while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do
			wait -n
		done
		check_group "$ig" "${@:1:n}" >"$res/$g.out" 2>&1 &
		g=$((g + 1))
		shift "$n"
	done
}
run_groups "$uignore" "${ufiles[@]}"
run_groups "$ignore" "${kfiles[@]}"
wait
cat "$res"/*.out >"$res/all"
for f in $files; do
	v=$(grep -m1 -P "^\Q$f\E\t[01]$" "$res/all" | cut -f2)
	if [ "$v" = 0 ]; then
		pass=$((pass + 1))
	else
		failed=$((failed + 1))
		[ -n "$v" ] || echo "$f: no verdict"
		grep "^$f:[0-9]*: " "$res/all"
		grep "^$f: checkpatch failed" "$res/all"
	fi
done
echo "style: $pass passed, $failed failed"
[ "$failed" -eq 0 ]
