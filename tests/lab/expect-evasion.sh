#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# expect-evasion.sh LOG DOMID: the evasion suite's records (xtevade.c,
# issue 20) in an exported log (xtrail export's JSON lines): each of its
# operations exactly once, as winai (uid 1000), with its path or
# destination and the road it came by ("-": a CLOSE record, which has no
# road, with the bytes the twins and batch calls moved). Prints one line
# per operation (found or MISSING, with how many matched) and fails if one
# is not there exactly once: all are checked, so that a run with the new
# probes off (twin_events=0 compat_events=0 uring_events=0) lists every
# gap.
#
# The numbers: modes 0640 (416), ftruncate's lengths, the ACL of 44 bytes
# (a 4-byte header and 5 entries of 8), and each message's and transfer's
# bytes are those xtevade.c passes; 7307's 10 bytes are the first of
# sendmmsg's two messages, received by recvmmsg.
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
# The twins: fd-based calls, extended attributes, batch calls
twin_ops=(
	'syscall|fchmod /tmp/xe-fchmod|.type == "file" and .name == "fchmod" and .path == "/tmp/xe-fchmod" and .resolved and .args[1] == 416 and .ret == 0'
	'syscall|fchown /tmp/xe-fchown|.type == "file" and .name == "fchown" and .path == "/tmp/xe-fchown" and .resolved and .args[1] == 1000 and .ret == 0'
	'syscall|fchownat(fd, "", AT_EMPTY_PATH) xe-fchownat|.type == "file" and .name == "fchownat" and .path == "/tmp/xe-fchownat" and .resolved and .args[2] == 1000 and .args[4] == 4096 and .ret == 0'
	'syscall|ftruncate /tmp/xe-ftrunc|.type == "file" and .name == "ftruncate" and .path == "/tmp/xe-ftrunc" and .resolved and .args[1] == 123 and .ret == 0'
	'syscall|setxattr /tmp/xe-xattr|.type == "file" and .name == "setxattr" and .path == "/tmp/xe-xattr" and .xattr == "system.posix_acl_access" and .args[3] == 44 and .ret == 0'
	'syscall|removexattr /tmp/xe-xattr|.type == "file" and .name == "removexattr" and .path == "/tmp/xe-xattr" and .xattr == "system.posix_acl_access" and .ret == 0'
	'syscall|lsetxattr /tmp/xe-lxattr|.type == "file" and .name == "lsetxattr" and .path == "/tmp/xe-lxattr" and .xattr == "system.posix_acl_access" and .args[3] == 44 and .ret == 0'
	'syscall|lremovexattr /tmp/xe-lxattr|.type == "file" and .name == "lremovexattr" and .path == "/tmp/xe-lxattr" and .xattr == "system.posix_acl_access" and .ret == 0'
	'syscall|fsetxattr /tmp/xe-fxattr|.type == "file" and .name == "fsetxattr" and .path == "/tmp/xe-fxattr" and .resolved and .xattr == "system.posix_acl_access" and .args[3] == 44 and .ret == 0'
	'syscall|fremovexattr /tmp/xe-fxattr|.type == "file" and .name == "fremovexattr" and .path == "/tmp/xe-fxattr" and .resolved and .xattr == "system.posix_acl_access" and .ret == 0'
	'syscall|sendmmsg message 1 udp :7307|.type == "net" and .kind == "sendto" and .protocol == 17 and .daddr == "127.0.0.1" and .dport == 7307 and .ret == 10'
	'syscall|sendmmsg message 2 udp :7308|.type == "net" and .kind == "sendto" and .protocol == 17 and .daddr == "127.0.0.1" and .dport == 7308 and .ret == 20'
	'-|sendmmsg: 30 bytes sent, in its CLOSE|.type == "net" and .kind == "close" and .protocol == 17 and .bytes_sent == 30 and .bytes_received == 0'
	'-|recvmmsg: 10 bytes received on :7307|.type == "net" and .kind == "close" and .protocol == 17 and .sport == 7307 and .bytes_received == 10 and .bytes_sent == 0'
	'-|copy_file_range: source read 3000|.type == "close" and .path == "/tmp/xe-cfr-src" and .last and .bytes_read == 3000 and .bytes_written == 0'
	'-|copy_file_range: xe-cfr-dst written 3000|.type == "close" and .path == "/tmp/xe-cfr-dst" and .last and .bytes_written == 3000 and .bytes_read == 0'
	'-|sendfile: source read 2000|.type == "close" and .path == "/tmp/xe-cfr-src" and .last and .bytes_read == 2000 and .bytes_written == 0'
	'-|sendfile: xe-sf-dst written 2000|.type == "close" and .path == "/tmp/xe-sf-dst" and .last and .bytes_written == 2000 and .bytes_read == 0'
	'-|splice: xe-splice-dst written 100|.type == "close" and .path == "/tmp/xe-splice-dst" and .last and .bytes_written == 100 and .bytes_read == 0'
	'compat|int80 fchmod (94) /tmp/xe-32fchmod|.type == "file" and .name == "fchmod" and .path == "/tmp/xe-32fchmod" and .resolved and .args[1] == 416 and .ret == 0'
	'compat|int80 ftruncate (93) /tmp/xe-32ftrunc|.type == "file" and .name == "ftruncate" and .path == "/tmp/xe-32ftrunc" and .resolved and .args[1] == 77 and .ret == 0'
	'compat|int80 fsetxattr (228) /tmp/xe-32fxattr|.type == "file" and .name == "fsetxattr" and .path == "/tmp/xe-32fxattr" and .resolved and .xattr == "system.posix_acl_access" and .args[3] == 44 and .ret == 0'
	'compat|int80 setuid32 (213) to 1000|.type == "syscall" and .name == "setuid" and .args[0] == 1000 and .ret == 0'
	'compat|int80 sendmsg (370) udp :7304|.type == "net" and .kind == "sendto" and .protocol == 17 and .daddr == "127.0.0.1" and .dport == 7304 and .ret == 11'
	'compat|int80 socketcall(SYS_SENDMSG) udp :7305|.type == "net" and .kind == "sendto" and .protocol == 17 and .daddr == "127.0.0.1" and .dport == 7305 and .ret == 12'
	'compat|int80 sendmmsg (345) udp :7306|.type == "net" and .kind == "sendto" and .protocol == 17 and .daddr == "127.0.0.1" and .dport == 7306 and .ret == 13'
	'-|int80 write (4): xe-32write written 321|.type == "close" and .path == "/tmp/xe-32write" and .last and .bytes_written == 321 and .bytes_read == 0'
	'-|int80 sendmsg (370): 11 bytes sent|.type == "net" and .kind == "close" and .protocol == 17 and .bytes_sent == 11 and .bytes_received == 0'
	'-|int80 socketcall(SYS_SENDMSG): 12 bytes|.type == "net" and .kind == "close" and .protocol == 17 and .bytes_sent == 12 and .bytes_received == 0'
	'-|int80 sendmmsg (345): 13 bytes sent|.type == "net" and .kind == "close" and .protocol == 17 and .bytes_sent == 13 and .bytes_received == 0'
	'io_uring|IORING_OP_SETXATTR /tmp/xe-uxattr|.type == "file" and .name == "setxattr" and .path == "/tmp/xe-uxattr" and .xattr == "system.posix_acl_access" and .ret == 0'
	'io_uring|IORING_OP_FSETXATTR /tmp/xe-ufxattr|.type == "file" and .name == "setxattr" and .path == "/tmp/xe-ufxattr" and .xattr == "system.posix_acl_access" and .ret == 0'
	'io_uring|IORING_OP_SENDMSG udp :7309|.type == "net" and .kind == "sendto" and .protocol == 17 and .daddr == "127.0.0.1" and .dport == 7309 and .fd == -1 and .ret == 77'
	'-|IORING_OP_SENDMSG: 77 bytes sent|.type == "net" and .kind == "close" and .protocol == 17 and .bytes_sent == 77 and .bytes_received == 0'
	'io_uring|IORING_OP_ACCEPT tcp :7310|.type == "net" and .kind == "accept" and .protocol == 6 and .sport == 7310 and .daddr == "127.0.0.1" and .fd == -1'
	'-|IORING_OP_SEND 1000, _RECV 500 on :7310|.type == "net" and .kind == "close" and .protocol == 6 and .sport == 7310 and .bytes_sent == 1000 and .bytes_received == 500'
)

# EVASION_SET=core: the first roads only (64-bit, i386, io_uring, the
# fileless and indirect execs), as the roads benchmark's auditd table and
# the checker's fixture have them; default: every operation.
case ${EVASION_SET:-all} in
all) ops+=("${twin_ops[@]}") ;;
core) ;;
*)
	echo "expect-evasion: EVASION_SET is all or core" >&2
	exit 2
	;;
esac

bad=0
for op in "${ops[@]}"; do
	road=${op%%|*}
	rest=${op#*|}
	name=${rest%%|*}
	filter=${rest#*|}
	n=$(jq -n --argjson d "$domid" --arg road "$road" \
		"[inputs | select(.domid == \$d and .uid == 1000 and
		 (\$road == \"-\" or .road == \$road) and ($filter))] |
		 length" "$log")
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
