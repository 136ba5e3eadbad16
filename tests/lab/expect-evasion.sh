#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# expect-evasion.sh LOG DOMID: the evasion suite's records (xtevade.c,
# issue 20) in an exported log (xtrail export's JSON lines): each of its
# operations exactly once, as winai (uid 1000), with its path or
# destination and the road it came by. Prints one line per operation
# (found or MISSING, with how many matched) and fails if one is not there
# exactly once: all are checked, so that a run with the new probes off
# (compat_events=0 uring_events=0) lists every gap.
set -euo pipefail
log=$1
domid=$2

# name | jq filter (the domain, uid 1000 and the road are added)
ops=(
	'syscall|openat /tmp/xe-64|.type == "file" and .name == "openat" and .path == "/tmp/xe-64" and .resolved and .ret >= 0'
	'syscall|unlink /tmp/xe-64|.type == "file" and .name == "unlink" and .path == "/tmp/xe-64" and .ret == 0'
	'syscall|connect udp 127.0.0.1:7300|.type == "net" and .kind == "connect" and .protocol == 17 and .daddr == "127.0.0.1" and .dport == 7300 and .ret == 0'
	'compat|int80 open (5) /tmp/xe-32|.type == "file" and .name == "open" and .path == "/tmp/xe-32" and .resolved and .ret >= 0'
	'compat|int80 unlink (10) /tmp/xe-32|.type == "file" and .name == "unlink" and .path == "/tmp/xe-32" and .ret == 0'
	'compat|int80 socketcall(SYS_CONNECT) udp :7301|.type == "net" and .kind == "connect" and .protocol == 17 and .daddr == "127.0.0.1" and .dport == 7301 and .ret == 0'
	'compat|int80 connect (362) udp :7302|.type == "net" and .kind == "connect" and .protocol == 17 and .daddr == "127.0.0.1" and .dport == 7302 and .ret == 0'
	'io_uring|IORING_OP_OPENAT /tmp/xe-uring|.type == "file" and .name == "openat" and .path == "/tmp/xe-uring" and .resolved and .ret == 0'
	'io_uring|IORING_OP_UNLINKAT /tmp/xe-uring|.type == "file" and .name == "unlinkat" and .path == "/tmp/xe-uring" and .ret == 0'
	'io_uring|IORING_OP_CONNECT udp :7303|.type == "net" and .kind == "connect" and .protocol == 17 and .daddr == "127.0.0.1" and .dport == 7303 and .fd == -1 and .ret == 0'
)

bad=0
for op in "${ops[@]}"; do
	road=${op%%|*}
	rest=${op#*|}
	name=${rest%%|*}
	filter=${rest#*|}
	n=$(jq -n --argjson d "$domid" --arg road "$road" \
		"[inputs | select(.domid == \$d and .uid == 1000 and
		 .road == \$road and ($filter))] | length" "$log")
	if [ "$n" -eq 1 ]; then
		printf 'check: evasion: %-8s %-40s recorded\n' "$road" "$name"
	else
		printf 'check: evasion: %-8s %-40s MISSING (%s records, want 1)\n' \
			"$road" "$name" "$n" >&2
		bad=1
	fi
done
# Fileless: the memfd's program ran (its argv) as winai, and the record
# says no path reaches it and names the memfd (the kernel's name for it).
n=$(jq -n --argjson d "$domid" '[inputs | select(.domid == $d and
	.type == "exec" and .uid == 1000 and .argv == ["xtevade", "child"] and
	.exe_no_path and .exe == "/memfd:xe-memfd (deleted)")] |
	length' "$log")
if [ "$n" -eq 1 ]; then
	printf 'check: evasion: %-8s %-40s recorded\n' fileless \
		'memfd_create + execveat(AT_EMPTY_PATH)'
else
	echo "check: evasion: fileless exec MISSING ($n records, want 1)" >&2
	bad=1
fi
# Indirect exec: the exe the kernel resolved from the file it loaded
# (bprm->file), never the name the caller chose; a deleted file is
# flagged and named as the kernel names it.
execs=(
	'execveat(dirfd, "xe-prog")|(.filename | test("^/dev/fd/[0-9]+/xe-prog$")) and .exe == "/tmp/xe-dir/xe-prog" and (.exe_no_path | not)|xe-dirfd'
	'execve("/proc/self/fd/N")|(.filename | test("^/proc/self/fd/[0-9]+$")) and .exe == "/tmp/xe-dir/xe-prog" and (.exe_no_path | not)|xe-procfd'
	'execveat(deleted, AT_EMPTY_PATH)|(.filename | test("^/dev/fd/[0-9]+$")) and .exe == "/tmp/xe-deleted (deleted)" and .exe_no_path|xe-deleted'
)
for op in "${execs[@]}"; do
	name=${op%%|*}
	rest=${op#*|}
	filter=${rest%|*}
	argv0=${rest##*|}
	n=$(jq -n --argjson d "$domid" --arg a0 "$argv0" \
		"[inputs | select(.domid == \$d and .type == \"exec\" and
		 .uid == 1000 and .argv == [\$a0, \"child\"]) |
		 select($filter)] | length" "$log")
	if [ "$n" -eq 1 ]; then
		printf 'check: evasion: %-8s %-40s recorded\n' indirect "$name"
	else
		printf 'check: evasion: %-8s %-40s MISSING (%s records, want 1)\n' \
			indirect "$name" "$n" >&2
		bad=1
	fi
done
exit "$bad"
