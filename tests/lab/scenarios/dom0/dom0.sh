# SPDX-License-Identifier: GPL-2.0
#
# dom0 scenario, dom0 part: an administrator in dom0 runs a command that
# must be logged as dom0's (source domid 0), next to the guest's records.

guest_must_pass 120
bash -c 'echo 1000 >/proc/self/loginuid; exec /bin/echo from-dom0-admin'
echo secret >/tmp/dom0-file
sleep 1
xtraild_stop
result "@@DOMID $DOMID"
