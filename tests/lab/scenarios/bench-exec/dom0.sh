# SPDX-License-Identifier: GPL-2.0
#
# bench-exec, dom0 part: wait, then pass the guest's figures on.

guest_must_pass 850
sleep 1
xtraild_stop
result "$(grep -a -m1 -o '@@BENCH .*' "$GUEST_CONSOLE" | tr -d '\r')"
result "@@DOMID $DOMID"
