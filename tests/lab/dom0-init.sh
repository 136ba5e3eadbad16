#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# dom0-init.sh: /init of the lab's dom0 (a Debian kernel under Xen, in QEMU).
#
# Brings up the Xen toolstack, loads xtrail's backend and starts its daemon,
# creates the PV guest(s), attached to xtrail by xtraild's auto-attach (or by
# xtrail attach), runs the scenario's dom0 part
# (/scenario/dom0.sh), sends the logs to the host over COM2 and ends QEMU
# with the verdict through isa-debug-exit (QEMU rc 3 = PASS, 5 = FAIL).
# Any failing step of this script is a FAIL (set -e + the EXIT trap).
set -euo pipefail

# ---- Settings; a scenario may override any of them in its lab.conf --------
F3=/var/log/xtrail/f3.log # xtraild's append-only log (F3)
XTRAILD_CMD=""       # run in the background, output to /var/log/xtrail/xtraild.log;
                     # default: /usr/sbin/xtraild -f -o $F3 (+ --no-auto-attach if AUTO_ATTACH=0)
XTRAIL_AUTO=1        # 1: load xtrail_dom0.ko, start xtraild and attach the guest
                     #    (each only when present in the image); 0: the scenario does it
AUTO_ATTACH=1        # 1: xtraild attaches every new guest, the init waits for it;
                     # 0: xtraild runs with --no-auto-attach, the init runs xtrail attach
GUESTS=1             # 1: one guest "guest" ($DOMID); N > 1: guest1..guestN ($GUEST_NAMES,
                     #    $DOMIDS; $DOMID is guest1's); 0: none (the scenario makes its own)
DOM0_KO_ARGS="local=0" # module parameters for xtrail_dom0.ko (dom0 capture off:
                     # the results channel is slow; the dom0 scenario turns it on)
GUEST_VCPUS=""       # guest vCPUs: 2 for one guest (so per-vCPU code paths run), else 1
GUEST_MEM=""         # guest memory, MiB: 192 for one guest, else 128 (the domain builder needs 84)
GUEST_EXTRA=""       # appended to the guest kernel command line
SHIP_F3=1            # 0: do not send F3 to the host (benchmarks that never read it)
PIN_CPUS=0           # 1: dom0 on physical CPU 0, the guests on the others (benchmarks:
                     #    dom0's work then never delays a guest's vCPU)
GUEST_TSC_MODE=""    # the guests' xl tsc_mode ("" = Xen's default; see xen-tscmode(7))
# -----------------------------------------------------------------------------

export PATH=/usr/sbin:/usr/bin:/sbin:/bin:/usr/lib/xen-4.17/bin
mount -t devtmpfs devtmpfs /dev
exec </dev/console >/dev/console 2>&1

LAB_ROLE=dom0
export LAB_ROLE
. /lab-lib.sh
if [ -f /scenario/lab.conf ]; then
	. /scenario/lab.conf
fi
if [ -z "$XTRAILD_CMD" ]; then
	XTRAILD_CMD="/usr/sbin/xtraild -f -o $F3"
	[ "$AUTO_ATTACH" = 1 ] || XTRAILD_CMD+=" --no-auto-attach"
fi
[ -n "$GUEST_VCPUS" ] || GUEST_VCPUS=$((GUESTS > 1 ? 1 : 2))
[ -n "$GUEST_MEM" ] || GUEST_MEM=$((GUESTS > 1 ? 128 : 192))
# guest_create (lab-lib.sh) uses these in dom0.sh too.
export F3 XTRAILD_CMD XTRAIL_AUTO AUTO_ATTACH GUEST_VCPUS GUEST_MEM GUEST_EXTRA PIN_CPUS GUEST_TSC_MODE

verdict=FAIL

# Record a timing line "@@T STEP UPTIME" (dom0 uptime, s) on the results channel.
stamp() {
	result "@@T $1 $(cut -d' ' -f1 /proc/uptime)"
}

# The ship disk: run.sh gives QEMU a virtio disk, /dev/vda in dom0. What
# ship and ship_text send is staged in SHIP_DIR and written to it at the end
# as one tar archive, which run.sh unpacks into the run's directory. COM2
# moves ~15 KB/s (a Xen-forwarded interrupt per 16 bytes under TCG): a run's
# logs (0.1 to 1.2 MB) took 7 to 80 s there. Without the disk (its modules
# or device missing), ship falls back to COM2.
ship_disk_open() {
	modprobe virtio_pci 2>/dev/null && modprobe virtio_blk 2>/dev/null &&
		wait_until 10 test -b /dev/vda || {
		log "no ship disk (/dev/vda): the logs go over COM2"
		return 0
	}
	SHIP_DIR=/tmp/ship
	mkdir -p "$SHIP_DIR"
	export SHIP_DIR
	stamp ship-disk
}

ship_disk_write() {
	local kind name
	[ -n "${SHIP_DIR:-}" ] || return 0
	[ -f "$SHIP_DIR.manifest" ] || return 0
	# The manifest says what each file is, in the order it was shipped.
	cp "$SHIP_DIR.manifest" "$SHIP_DIR/ship.manifest"
	if tar -cf /dev/vda -C "$SHIP_DIR" . && sync; then
		stamp shipped
		return 0
	fi
	log "cannot write the ship disk: the logs go over COM2"
	unset SHIP_DIR
	while read -r kind name; do
		if [ "$kind" = binary ]; then
			ship "/tmp/ship/$name" "$name"
		else
			ship_text "/tmp/ship/$name.log" "$name"
		fi
	done </tmp/ship.manifest
}

# On any exit: stop the guests and xtraild, send the logs, report the verdict.
finish() {
	local d n
	trap - EXIT
	set +e
	# Let guests that have finished print their last lines and power off.
	for d in ${DOMIDS:-}; do
		if ! wait_until 10 domain_gone "$d"; then
			log "guest (domain $d) still there 10 s after the scenario: destroying it"
			xl destroy "$d"
		fi
	done
	# Guests the scenario made and left behind.
	for d in $(other_domains); do
		log "domain $d left behind by the scenario: destroying it"
		xl destroy "$d"
	done
	xtraild_stop
	# The last line says the log is whole (log-checks.sh, dmesg_clean).
	{ dmesg; echo "lab: end of dmesg"; } >/tmp/dmesg-dom0
	ship_text /tmp/dmesg-dom0 dmesg-dom0
	for n in ${GUEST_NAMES:-}; do
		[ -f "$(guest_console "$n")" ] && ship_text "$(guest_console "$n")" "console-$n"
		[ -f "/var/log/xen/xl-$n.log" ] && ship_text "/var/log/xen/xl-$n.log" "xl-$n"
	done
	[ -f /var/log/xtrail/xtraild.log ] && ship_text /var/log/xtrail/xtraild.log xtraild
	if [ -f /etc/lab-network ]; then
		[ -f /var/log/smtpsink.log ] && ship_text /var/log/smtpsink.log smtpsink
		[ -f /var/log/xen/vif-lab.log ] && ship_text /var/log/xen/vif-lab.log vif-lab
		# The first 20 messages the sink stored, as RUNDIR/smtp-msg.N.log.
		for n in $(seq 1 20); do
			[ -f "$SMTP_SPOOL/msg.$n" ] && ship_text "$SMTP_SPOOL/msg.$n" "smtp-msg.$n"
		done
	fi
	[ "$SHIP_F3" = 1 ] && [ -f "$F3" ] && ship "$F3" f3.log
	ship_disk_write
	if grep -qw lab.shell=1 /proc/cmdline; then
		log "lab.shell=1: dom0 shell; 'xl console guest' reaches the guest (if still running); exit to end the run"
		setsid -c bash -i <>/dev/hvc0 >&0 2>&0
	fi
	stamp end
	result "@@RESULT $verdict"
	# isa-debug-exit: QEMU exits with (value << 1) | 1.
	if [ "$verdict" = PASS ]; then
		printf '\001' | dd of=/dev/port bs=1 seek=244 count=1 2>/dev/null
	else
		printf '\002' | dd of=/dev/port bs=1 seek=244 count=1 2>/dev/null
	fi
	poweroff -f
}
trap finish EXIT

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mkdir -p /dev/pts
mount -t devpts devpts /dev/pts
mount -t tmpfs tmpfs /run
# libxl keeps its lock files here (/var/run -> /run): without it a guest that
# powers off is never destroyed and stays a "(null)" zombie.
mkdir -p /run/xen
# COM2 carries machine-read text: no echo, no \n -> \r\n translation.
stty -F "$RESULTS" raw -echo
stamp init
grep -q '^xen$' /sys/hypervisor/type || fail "not running under Xen"
ship_disk_open

# ---- Xen toolstack -----------------------------------------------------------
for m in xen-privcmd xenfs xen-evtchn xen-gntdev xen-gntalloc; do
	modprobe "$m"
done
mount -t xenfs xenfs /proc/xen
xenstored --pid-file /run/xenstored.pid
xen-init-dom0
[ "$PIN_CPUS" = 1 ] && xl vcpu-pin Domain-0 all 0
xenconsoled --pid-file=/run/xenconsoled.pid --log=guest --log-dir=/var/log/xen/console
stamp toolstack

# ---- the lab network (scenarios with-network) ---------------------------------
# xenbr0 (10.99.0.1/24), which each guest's vif joins (vif-lab), and the SMTP
# sink on 10.99.0.1:25. All of it lives inside the emulated machine.
if [ -f /etc/lab-network ]; then
	modprobe xen-netback
	modprobe bridge
	brctl addbr xenbr0
	# No spanning tree (the default), no forwarding delay: a vif forwards
	# as soon as it joins (busybox brctl has no stp/setfd: sysfs).
	echo 0 >/sys/class/net/xenbr0/bridge/stp_state
	echo 0 >/sys/class/net/xenbr0/bridge/forward_delay
	ip addr add "$LAB_NET_DOM0/24" dev xenbr0
	ip link set dev xenbr0 up
	mkdir -p "$SMTP_SPOOL"
	smtpsink "$LAB_NET_DOM0" 25 "$SMTP_SPOOL" >>/var/log/smtpsink.log 2>&1 &
	wait_until 10 grep -q '^smtpsink: listening' /var/log/smtpsink.log ||
		fail "smtpsink did not start: $(cat /var/log/smtpsink.log)"
	stamp network
fi

# ---- xtrail backend and daemon ----------------------------------------------
if [ "$XTRAIL_AUTO" = 1 ] && [ -f /xtrail/xtrail_dom0.ko ]; then
	# shellcheck disable=SC2086 # DOM0_KO_ARGS is a list of parameters
	insmod /xtrail/xtrail_dom0.ko $DOM0_KO_ARGS
	stamp xtrail-dom0-loaded
fi
if [ "$XTRAIL_AUTO" = 1 ] && [ -x "${XTRAILD_CMD%% *}" ]; then
	xtraild_start
	stamp xtraild-started
fi

# ---- the guests: created paused, attached, then run ----------------------------
GUEST_NAMES="" DOMIDS="" GUEST_IPS="" GUEST_MACS=""
if [ "$GUESTS" -eq 1 ]; then
	GUEST_NAMES=guest
elif [ "$GUESTS" -gt 1 ]; then
	for i in $(seq 1 "$GUESTS"); do
		GUEST_NAMES+="${GUEST_NAMES:+ }guest$i"
	done
fi
for n in $GUEST_NAMES; do
	guest_create "$n"
	DOMIDS+="${DOMIDS:+ }$GUEST_DOMID"
	GUEST_IPS+="${GUEST_IPS:+ }$GUEST_IP"
	GUEST_MACS+="${GUEST_MACS:+ }$GUEST_MAC"
done
stamp guests-created
for n in $GUEST_NAMES; do
	xl unpause "$n"
done
DOMID=${DOMIDS%% *}
export DOMID DOMIDS GUEST_NAMES GUEST_IPS GUEST_MACS

# ---- the scenario ----------------------------------------------------------------
if [ -f /scenario/dom0.sh ]; then
	scenario_rc=0
	bash -c 'set -euo pipefail; . /lab-lib.sh; . /scenario/dom0.sh' || scenario_rc=$?
	stamp scenario-done
	[ "$scenario_rc" -eq 0 ] || fail "dom0.sh exited with status $scenario_rc"
fi
verdict=PASS
