# SPDX-License-Identifier: GPL-2.0
#
# roads, dom0 part: wait for the guest, ship the log; the host makes the
# table (check.sh). auditd's log also goes on the results channel as it
# is ("@@AUDIT " lines), so that a run that does not end cleanly still
# has it (results.log is written as the run goes).

guest_must_pass 1500
tr -d '\r' <"$GUEST_CONSOLE" | sed -n '/^@@BEGIN audit$/,/^@@END audit$/p' |
	grep '^type=' >/tmp/audit-lines
while read -r line; do
	result "@@AUDIT $line"
done </tmp/audit-lines
sleep 1
xtraild_stop
result "@@DOMID $DOMID"
