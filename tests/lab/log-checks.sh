# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# log-checks.sh: checks of a lab run's saved logs that the scenarios'
# check.sh share, and that test-log-checks.sh (make check's labcheck suite)
# feeds with good and mutated inputs offline, without a QEMU run. Sourced
# by check-lib.sh and by tests/check.sh (lab_last_run, expected_skip). Each function prints "check: ..." lines and returns 1
# (with the reason on stderr) when its check fails; a missing or unreadable
# input always fails.
#
#   dmesg_clean FILE...         each is a whole kernel log as the lab
#                               shipped it (its last line is $DMESG_END) and
#                               holds no oops, WARNING, BUG or Call Trace
#   absent REGEX FILE WHAT      FILE exists and no line matches REGEX
#   present REGEX FILE WHAT     FILE exists and a line matches REGEX
#   flood_ops_loss LOG DOMID N RING_BYTES
#                               flood-ops: all but a ring's worth of the
#                               flood's 2 x N records were lost, and said so
#   flood_phases LOG DOMID      flood: each flood's LOST records, found by
#                               their place around the guest's marker;
#                               prints "DROP_LOST WAIT_LOST DELIVERED"
#   wait_bounded DROP_MED WAIT_MED WAIT_US
#                               flood: a dropped record was waited for in
#                               wait mode, and no longer than the bound
#   reload_lost LOG DOMID DMESG_DOMU
#                               reload: the records made while dom0's module
#                               was away were lost and reported, within what
#                               the guest module says it lost
#   lab_last_run LOGS SCENARIO  the run directory of SCENARIO's last run
#   expected_skip NAME FILE     FILE lists the skip NAME (make check, CI)

# The last line the lab's inits write into a shipped kernel log
# (dom0-init.sh, domu-init.sh): a log without it was cut.
DMESG_END="lab: end of dmesg"

# The smallest ring record (struct xtrail_rec_hdr alone, shared/xtrail_proto.h).
REC_HDR_BYTES=88

dmesg_clean() {
	local f last rc
	for f in "$@"; do
		[ -r "$f" ] || { echo "check: $f is missing" >&2; return 1; }
		last=$(tail -n 1 "$f")
		[ "$last" = "$DMESG_END" ] || {
			echo "check: $f is cut (last line: ${last:0:80})" >&2
			return 1
		}
		rc=0
		grep -E 'Oops|WARNING:|BUG:|Call Trace' "$f" || rc=$?
		case $rc in
		0) echo "check: kernel trouble in $f" >&2; return 1 ;;
		1) echo "check: $f: whole, no oops, WARNING or BUG" ;;
		*) echo "check: cannot read $f (grep status $rc)" >&2; return 1 ;;
		esac
	done
}

absent() {
	local rc=0
	[ -r "$2" ] || { echo "check: $2 is missing" >&2; return 1; }
	grep -a -E "$1" "$2" || rc=$?
	case $rc in
	0) echo "check: $3 (in $2)" >&2; return 1 ;;
	1) return 0 ;;
	*) echo "check: cannot read $2 (grep status $rc)" >&2; return 1 ;;
	esac
}

present() {
	local rc=0
	[ -r "$2" ] || { echo "check: $2 is missing" >&2; return 1; }
	grep -a -q -E "$1" "$2" || rc=$?
	case $rc in
	0) return 0 ;;
	1) echo "check: $3 (in $2)" >&2; return 1 ;;
	*) echo "check: cannot read $2 (grep status $rc)" >&2; return 1 ;;
	esac
}

# The flood (xtload, comm "xtload") opens and closes /etc/passwd N times
# while dom0 takes nothing: the ring (one, GUEST_VCPUS=1) holds at most
# RING_BYTES / REC_HDR_BYTES of those records; every other one was lost,
# counted by the heartbeat and reported in LOST records.
flood_ops_loss() {
	local log=$1 domid=$2 n=$3 ring=$4 cap generated lost reported delivered
	[ -r "$log" ] || { echo "check: $log is missing" >&2; return 1; }
	read -r generated lost reported delivered < <(jq -s -r --argjson d "$domid" '
		[.[] | select(.domid == $d)] as $g |
		($g | map(select(.type == "heartbeat")) | max_by(.seq)) as $hb |
		"\($hb.generated // 0) \($hb.lost // 0) " +
		"\($g | map(select(.type == "lost") | .count) | add // 0) " +
		"\($g | map(select((.type == "file" or .type == "close") and
				   .path == "/etc/passwd" and .comm == "xtload")) |
			length)"' "$log")
	[ -n "$delivered" ] || { echo "check: cannot read $log" >&2; return 1; }
	cap=$((ring / REC_HDR_BYTES))
	echo "check: flood of $n pairs: generated $generated, lost $lost (LOST records: $reported), $delivered of its records delivered (a ring holds at most $cap)"
	[ "$generated" -ge $((2 * n)) ] ||
		{ echo "check: generated $generated < 2 x $n" >&2; return 1; }
	[ "$reported" -eq "$lost" ] ||
		{ echo "check: LOST records report $reported, the heartbeat $lost" >&2; return 1; }
	[ "$delivered" -le "$cap" ] ||
		{ echo "check: $delivered flood records delivered: more than a ring's worth ($cap): dom0 was not paused" >&2; return 1; }
	[ "$lost" -ge $((2 * n - cap)) ] ||
		{ echo "check: $lost lost, want all but a ring's worth: >= $((2 * n - cap))" >&2; return 1; }
	# Every pair made two records: delivered or lost, none vanished.
	[ $((delivered + lost)) -ge $((2 * n)) ] ||
		{ echo "check: $delivered delivered + $lost lost < 2 x $n" >&2; return 1; }
}

# flood's guest reads /etc/mail.rc between the two floods, when dom0 has
# drained the ring: in the one ring's sequence numbers, a LOST record
# before the marker's belongs to the drop flood, one after it to the wait
# flood (each may have several).
flood_phases() {
	local log=$1 domid=$2
	[ -r "$log" ] || { echo "check: $log is missing" >&2; return 1; }
	jq -s -r --argjson d "$domid" '
		[.[] | select(.domid == $d)] as $g |
		[$g[] | select(.type == "file" and .path == "/etc/mail.rc") | .seq] as $m |
		if ($m | length) != 1 then
			error("\($m | length) /etc/mail.rc markers, want 1")
		else . end |
		[$g[] | select(.type == "lost")] as $l |
		([$l[] | select(.last_seq < $m[0]) | .count] | add // 0) as $drop |
		([$l[] | select(.first_seq > $m[0]) | .count] | add // 0) as $wait |
		if $drop == 0 or $wait == 0 then
			error("no LOST record for the \(if $drop == 0 then "drop" else "wait" end) flood")
		else . end |
		([$l[] | .count] | add // 0) as $all |
		if $drop + $wait != $all then
			error("LOST records outside the floods: \($all - $drop - $wait) records")
		else . end |
		"\($drop) \($wait) \([$g[] | select(.type == "file" and
			.path == "/etc/passwd")] | length)"' "$log"
}

# wait_bounded MED_DROP MED_WAIT EACH_US LOST WAITS WAITED_US FLOOD_US
#
# In the wait flood every record the ring had no room for was first waited
# for: the guest module's own count (printed at unload) holds WAITS waits,
# WAITED_US microseconds in all, by its monotonic clock; LOST records were
# lost in that flood, which lasted FLOOD_US by the guest's clock. Each wait
# ran to its deadline (dom0 took nothing): on average at least 90 % of
# EACH_US and at most 3 times it (the bound held: the module's cap,
# XTRAIL_FLOOD_WAIT_MAX, is 5 times the lab's 2 ms). Every lost record
# waited (at most a tenth did not: heartbeats made outside task context),
# no wait without a loss, and the flooding program was held that long.
# The medians of one open in the two floods (MED_DROP, MED_WAIT) are
# printed, not judged: on a loaded machine their difference is noise.
wait_bounded() {
	local drop_med=$1 wait_med=$2 each=$3 lost=$4 waits=$5 waited=$6
	local flood=$7 mean
	[ "$waits" -gt 0 ] || { echo "check: no sign of waiting: 0 waits" >&2; return 1; }
	mean=$((waited / waits))
	echo "check: $waits waits for $lost records lost, $waited us in all (mean $mean us, set to $each us; want $((each * 9 / 10))..$((each * 3)) us); the flood took $flood us; a median open took $wait_med us (drop mode $drop_med us)"
	[ "$waits" -ge $((lost * 9 / 10)) ] ||
		{ echo "check: $waits waits for $lost lost records: not every loss waited" >&2; return 1; }
	[ "$waits" -le "$lost" ] ||
		{ echo "check: $waits waits but $lost lost: a wait without a loss, yet dom0 took nothing" >&2; return 1; }
	[ "$mean" -ge $((each * 9 / 10)) ] ||
		{ echo "check: no sign of waiting: a wait took $mean us" >&2; return 1; }
	[ "$mean" -le $((each * 3)) ] ||
		{ echo "check: the wait was not bounded" >&2; return 1; }
	[ "$flood" -ge $((waited * 9 / 10)) ] ||
		{ echo "check: the flood took $flood us, less than its waits: the program was not held" >&2; return 1; }
}

# While dom0's module is away (reload's first phase ends), the guest goes on
# making records that nobody takes: lost, and reported in LOST records
# after the reconnect, before the guest unloads its module (its first
# DISCONNECT for reason "frontend"). The reported total is no
# more than the guest module's own count of lost records when it unloaded
# ("unloaded: G generated, W written, L lost").
reload_lost() {
	local log=$1 domid=$2 dmesg=$3 reported records unloaded
	[ -r "$log" ] || { echo "check: $log is missing" >&2; return 1; }
	present 'xtrail_domu: unloaded: ' "$dmesg" "no unload line of the guest module" ||
		return 1
	unloaded=$(sed -n 's/.*xtrail_domu: unloaded: [0-9]* generated, [0-9]* written, \([0-9]*\) lost$/\1/p' \
		"$dmesg" | head -n 1)
	read -r reported records < <(jq -s -r --argjson d "$domid" '
		[.[] | select(.domid == $d)] |
		# The first lifetime ends where the guest disconnects itself.
		(map(.type == "disconnect" and .reason == "frontend") | index(true)) as $stop |
		if $stop == null then error("no DISCONNECT of the guest") else . end |
		[.[:$stop][] | select(.type == "lost")] as $l |
		"\([$l[] | .count] | add // 0) \($l | length)"' "$log")
	echo "check: $records LOST records report $reported records lost while dom0's module was away; the guest module counted ${unloaded:-?} lost"
	[ -n "$unloaded" ] || { echo "check: the guest's unload line has no lost count" >&2; return 1; }
	[ -n "$reported" ] || { echo "check: cannot read $log" >&2; return 1; }
	[ "$reported" -gt 0 ] ||
		{ echo "check: no LOST record for dom0's reload" >&2; return 1; }
	[ "$reported" -le "$unloaded" ] ||
		{ echo "check: more reported lost than the guest lost" >&2; return 1; }
}

# lab_last_run LOGS SCENARIO: the directory of SCENARIO's last run under
# LOGS. run.sh names it SCENARIO-<UTC time>[-N]: after "hostile-" must come
# the time, not "race-..." (another scenario's run).
lab_last_run() {
	local d
	for d in "$1/$2"-[0-9]*T*Z "$1/$2"-[0-9]*T*Z-[0-9]*; do
		[ -d "$d" ] && echo "$d"
	done | sort -V | tail -n 1
}

# expected_skip NAME FILE: FILE (.ci/expected-skips) lists NAME, as the
# first word of a line that is not a comment.
expected_skip() {
	[ -r "$2" ] || { echo "check: $2 is missing" >&2; return 1; }
	sed -e 's/#.*//' "$2" | awk -v n="$1" '$1 == n { found = 1 } END { exit !found }'
}
