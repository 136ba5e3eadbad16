#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# domu-init.sh: /init of the lab's PV guest.
#
# Sets up a minimal system with root and a normal user winai (uid/gid 1000),
# loads xtrail's frontend, runs the scenario's guest part (/scenario/guest.sh,
# as root) and powers off. Everything goes to hvc0, which dom0's xenconsoled
# logs; dom0 watches these markers:
#   DOMU-MARKER up               init is running
#   DOMU-MARKER insmod rc=N      xtrail_domu.ko was loaded (only if present)
#   DOMU-MARKER done rc=N        guest.sh exited with N (255: init failed,
#                                143: shut down by xl shutdown)
# followed by the guest's dmesg between @@BEGIN dmesg-domu / @@END dmesg-domu
# (dmesg-domu-NAME when the guest is not named "guest"). Its name (xl's
# name, given as lab.name= on the kernel command line) is $GUEST_NAME.
set -euo pipefail

# ---- Settings; a scenario may override any of them in its lab.conf --------
XTRAIL_AUTO=1        # 1: load /xtrail/xtrail_domu.ko (when present); 0: the scenario does it
DOMU_KO_ARGS=""      # module parameters for xtrail_domu.ko
# -----------------------------------------------------------------------------

export PATH=/usr/sbin:/usr/bin:/sbin:/bin
mount -t devtmpfs devtmpfs /dev
exec </dev/console >/dev/console 2>&1

LAB_ROLE=guest
export LAB_ROLE
. /lab-lib.sh
if [ -f /scenario/lab.conf ]; then
	. /scenario/lab.conf
fi

rc=255
GUEST_NAME=guest
GUEST_IP=""
DMESG_BLOCK=dmesg-domu

# On any exit: report guest.sh's status, print dmesg, power off.
finish() {
	trap - EXIT
	set +e
	echo "DOMU-MARKER done rc=$rc"
	echo "@@BEGIN $DMESG_BLOCK"
	dmesg
	# The last line says the log is whole (log-checks.sh, dmesg_clean).
	echo "lab: end of dmesg"
	echo "@@END $DMESG_BLOCK"
	# Give xenconsoled a moment to drain the console ring before the domain goes.
	sleep 0.5
	poweroff -f
}
trap finish EXIT

mount -t proc proc /proc
for arg in $(cat /proc/cmdline); do
	case $arg in
	lab.name=*) GUEST_NAME=${arg#lab.name=} ;;
	lab.ip=*) GUEST_IP=${arg#lab.ip=} ;;
	esac
done
[ "$GUEST_NAME" = guest ] || DMESG_BLOCK=dmesg-domu-$GUEST_NAME
export GUEST_NAME GUEST_IP
mount -t sysfs sysfs /sys
mkdir -p /dev/pts
mount -t devpts devpts /dev/pts
hostname "$GUEST_NAME"

cat >/etc/passwd <<'EOF'
root:x:0:0:root:/root:/bin/bash
winai:x:1000:1000:Winai:/home/winai:/bin/bash
EOF
cat >/etc/group <<'EOF'
root:x:0:
adm:x:4:
mail:x:8:
winai:x:1000:
EOF
mkdir -p /root /home/winai /tmp /var/mail
chown 1000:1000 /home/winai
chmod 1777 /tmp /var/mail
echo "DOMU-MARKER up"

if [ "$XTRAIL_AUTO" = 1 ] && [ -f /xtrail/xtrail_domu.ko ]; then
	insmod_rc=0
	# shellcheck disable=SC2086 # DOMU_KO_ARGS is a list of parameters
	insmod /xtrail/xtrail_domu.ko $DOMU_KO_ARGS || insmod_rc=$?
	echo "DOMU-MARKER insmod rc=$insmod_rc"
	[ "$insmod_rc" -eq 0 ] || fail "insmod xtrail_domu.ko failed"
fi

# The lab network (with-network): netfront's eth0 with the address dom0
# chose (lab.ip=), once netback has connected it (carrier).
if [ -f /etc/lab-network ]; then
	[ -n "$GUEST_IP" ] || fail "with-network but no lab.ip= on the kernel command line"
	insmod "/lib/modules/$(cat /etc/lab-network)/kernel/drivers/net/xen-netfront.ko"
	wait_until 30 test -e /sys/class/net/eth0 || fail "netfront made no eth0"
	# Names from /etc/hosts only (nsswitch.conf, made by build.sh): no
	# DNS server to ask.
	printf '127.0.0.1 localhost\n%s %s\n' "${GUEST_IP%/*}" "$GUEST_NAME" >/etc/hosts
	ip addr add "$GUEST_IP" dev eth0
	ip link set dev eth0 up
	wait_until 30 grep -qx 1 /sys/class/net/eth0/carrier || fail "eth0 has no carrier (netback?)"
	echo "DOMU-MARKER network eth0 $GUEST_IP $(cat /sys/class/net/eth0/address)"
fi

# xl shutdown / reboot: the kernel runs /sbin/poweroff (or reboot), whose
# busybox applet signals init (USR2 poweroff, TERM reboot, USR1 halt); we
# end as after guest.sh. guest.sh runs in the background so that the
# signal is taken at once, not when it exits.
trap 'echo "DOMU-MARKER shutdown requested"; rc=143; exit' USR1 USR2 TERM
rc=0
if [ -f /scenario/guest.sh ]; then
	bash -c 'set -euo pipefail; . /lab-lib.sh; . /scenario/guest.sh' </dev/console &
	wait $! || rc=$?
fi
