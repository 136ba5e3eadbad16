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
# check_one FILE: exit 0 if checkpatch finds nothing, else print what it found.
check_one() {
	local ig out
	case $1 in
	userspace/* | tests/unit/* | tests/fuzz/*) ig=$uignore ;;
	*) ig=$ignore ;;
	esac
	out=$("$cp" --no-tree --terse --show-types --ignore "$ig" -f "$1" 2>&1) &&
		! grep -q ': ERROR:\|: WARNING:' <<<"$out" && return 0
	echo "$out" | grep -E 'ERROR|WARNING'
	return 1
}

# STYLE_JOBS files at a time (default: the CPUs), each file's verdict in
# its own file, counted in the list's order.
jobs=${STYLE_JOBS:-$(nproc)}
res=$(mktemp -d)
trap 'rm -rf "$res"' EXIT
i=0
for f in $files; do
	while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do
		wait -n
	done
	{ check_one "$f" >"$res/$i.out" 2>&1; echo $? >"$res/$i.rc"; } &
	i=$((i + 1))
done
wait
i=0
for f in $files; do
	if [ "$(cat "$res/$i.rc" 2>/dev/null)" = 0 ]; then
		pass=$((pass + 1))
	else
		failed=$((failed + 1))
		cat "$res/$i.out"
	fi
	i=$((i + 1))
done
echo "style: $pass passed, $failed failed"
[ "$failed" -eq 0 ]
