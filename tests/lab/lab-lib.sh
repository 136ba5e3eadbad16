# SPDX-License-Identifier: GPL-2.0
#
# lab-lib.sh: helpers for the lab's two init scripts and for scenario scripts.
#
# Installed as /lab-lib.sh in both images (dom0 and guest). The inits source
# it, and every scenario script (/scenario/dom0.sh, /scenario/guest.sh) runs
# in a fresh bash with `set -euo pipefail` and this file already sourced.
# LAB_ROLE (dom0 or guest) is set by the init before sourcing.
#
# Both sides:   log MSG, fail MSG, wait_until TIMEOUT CMD..., result LINE,
#               ship FILE NAME, ship_text FILE NAME
# dom0 only:    wait_console REGEX [TIMEOUT], wait_guest_done [TIMEOUT],
#               guest_done [CONSOLE], wait_guests_done [TIMEOUT], guest_console NAME,
#               guest_create NAME, wait_attached DOMID [TIMEOUT], other_domains,
#               domain_gone DOMID, xtraild_start, xtraild_stop, cpu_sample PID,
#               wait_consoles MARKER N NAME...
# guest only:   as_user CMD...
#
# Where output goes: in dom0, `result`/`ship*` write to COM2 ($RESULTS,
# /dev/ttyS1), which the host saves as results.log. The guest has no COM2:
# there they print to the guest console, which dom0 copies to the host at the
# end of the run (console-guest.log); the host decodes blocks in both places.

# Log a progress line on this domain's console (not on the results channel).
log() {
	echo "[lab:$LAB_ROLE $(cut -d' ' -f1 /proc/uptime)] $*" >&2
}

# Fail the current scenario script (or init step) with a message.
fail() {
	log "FAIL: $*"
	result "@@FAIL $LAB_ROLE: $*"
	exit 1
}

# Poll CMD... every $LAB_POLL s (0.2) until it succeeds; return 1 after
# TIMEOUT seconds. Each poll runs programs (sleep, CMD): benchmarks under
# -icount make dom0 poll seldom, since that work counts in a guest's time.
wait_until() {
	local timeout=$1 deadline
	shift
	deadline=$((SECONDS + timeout))
	until "$@"; do
		[ "$SECONDS" -lt "$deadline" ] || return 1
		sleep "${LAB_POLL:-0.2}"
	done
}

# Write one line to the results channel.
result() {
	echo "$*" >"$RESULTS"
}

# Send a binary file to the host: it is saved as RUNDIR/NAME.
# NAME may use only [A-Za-z0-9._-]. In dom0 with the ship disk (SHIP_DIR,
# see dom0-init.sh) the file is staged there and leaves with the others at
# the end of the run; else it goes in base64 over the results channel.
ship() {
	if [ -n "${SHIP_DIR:-}" ]; then
		cp "$1" "$SHIP_DIR/$2"
		echo "binary $2" >>"$SHIP_DIR.manifest"
		return
	fi
	{
		echo "@@BEGIN-B64 $2"
		base64 "$1"
		echo "@@END-B64 $2"
	} >"$RESULTS"
}

# Send a text file to the host: it is saved as RUNDIR/NAME.log.
ship_text() {
	if [ -n "${SHIP_DIR:-}" ]; then
		tr -d '\r' <"$1" >"$SHIP_DIR/$2.log"
		echo "text $2" >>"$SHIP_DIR.manifest"
		return
	fi
	{
		echo "@@BEGIN $2"
		tr -d '\r' <"$1"
		echo "@@END $2"
	} >"$RESULTS"
}

# The lab network (scenarios with-network; /etc/lab-network in both images):
# dom0's bridge xenbr0 has LAB_NET_DOM0, the guests 10.99.0.2, .3, ... in
# the order guest_create makes them; the SMTP sink in dom0 listens on
# LAB_NET_DOM0:25 and stores each message in SMTP_SPOOL.
LAB_NET_PREFIX=10.99.0
LAB_NET_DOM0=$LAB_NET_PREFIX.1
SMTP_SPOOL=/var/spool/smtpsink

if [ "$LAB_ROLE" = dom0 ]; then
	RESULTS=/dev/ttyS1
	# xenconsoled's log of the guest's hvc0 (lines end in \r\n).
	GUEST_CONSOLE=/var/log/xen/console/guest-guest.log
	XTRAILD_PIDFILE=/run/xtraild.lab.pid
	export RESULTS GUEST_CONSOLE

	# Wait until the guest console log matches REGEX (grep -E); default 60 s.
	wait_console() {
		wait_until "${2:-60}" grep -qE -- "$1" "$GUEST_CONSOLE"
	}

	# Wait for the guest's "DOMU-MARKER done rc=N" and return N (the exit
	# status of guest.sh), or 124 after TIMEOUT seconds (default 120).
	wait_guest_done() {
		wait_until "${1:-120}" guest_done || return 124
		return "$GUEST_RC"
	}

	# Wait for the guest's guest.sh (TIMEOUT seconds, default 120) and
	# fail the run unless it exited 0.
	guest_must_pass() {
		local rc=0
		wait_guest_done "${1:-120}" || rc=$?
		[ "$rc" -eq 0 ] || fail "guest.sh failed (rc=$rc)"
	}

	# Set GUEST_RC to N once the guest console (CONSOLE, default
	# $GUEST_CONSOLE) holds the whole line "DOMU-MARKER done rc=N\r" (so N
	# is complete); status 1 before that.
	guest_done() {
		local cr=$'\r'
		GUEST_RC=$(sed -n "s/^DOMU-MARKER done rc=\([0-9]*\)$cr\$/\1/p" "${1:-$GUEST_CONSOLE}" 2>/dev/null)
		[ -n "$GUEST_RC" ]
	}

	# xenconsoled's log of guest NAME's console.
	guest_console() {
		echo "/var/log/xen/console/guest-$1.log"
	}

	# True once every guest of $GUEST_NAMES printed "DOMU-MARKER done".
	all_guests_done() {
		local n
		for n in $GUEST_NAMES; do
			guest_done "$(guest_console "$n")" || return 1
		done
	}

	# Wait for every guest of $GUEST_NAMES to finish its guest.sh; return
	# 0 if all exited 0, else the first non-zero status (logged), or 124
	# after TIMEOUT seconds (default 120).
	wait_guests_done() {
		local n
		wait_until "${1:-120}" all_guests_done || return 124
		for n in $GUEST_NAMES; do
			guest_done "$(guest_console "$n")"
			if [ "$GUEST_RC" -ne 0 ]; then
				log "guest $n: guest.sh exited with $GUEST_RC"
				return "$GUEST_RC"
			fi
		done
	}

	# Create guest NAME paused from $GUEST_VCPUS, $GUEST_MEM and
	# $GUEST_EXTRA (the guest sees its name as $GUEST_NAME) and set
	# GUEST_DOMID. With XTRAIL_AUTO=1 it is attached before this returns:
	# by xtraild (AUTO_ATTACH=1; waited for) or with xtrail attach. The
	# caller unpauses it (xl unpause NAME).
	guest_create() {
		local name=$1 vif="" n
		GUEST_IP="" GUEST_MAC=""
		if [ -f /etc/lab-network ]; then
			# The next address (2, 3, ...; one per creation): a guest
			# created again gets a new one, and a MAC that ends in it.
			n=$(cat /run/lab-net-next 2>/dev/null || echo 2)
			[ "$n" -le 254 ] || fail "guest_create: lab network full"
			echo $((n + 1)) >/run/lab-net-next
			GUEST_IP=$LAB_NET_PREFIX.$n
			GUEST_MAC=$(printf '00:16:3e:63:00:%02x' "$n")
			vif="vif = [ 'mac=$GUEST_MAC,bridge=xenbr0,ip=$GUEST_IP,script=/etc/xen/scripts/vif-lab' ]"
		fi
		cat >"/etc/xen/$name.cfg" <<-EOF
			name = "$name"
			type = "pv"
			kernel = "/guest/vmlinux.gz"
			ramdisk = "/guest/initrd.img"
			extra = "console=hvc0 quiet loglevel=3 lab.name=$name${GUEST_IP:+ lab.ip=$GUEST_IP/24} $GUEST_EXTRA"
			$vif
			memory = $GUEST_MEM
			vcpus = $GUEST_VCPUS
			$([ "$PIN_CPUS" = 1 ] && echo 'cpus = "all,^0"')
			$([ -n "$GUEST_TSC_MODE" ] && echo "tsc_mode = \"$GUEST_TSC_MODE\"")
			on_poweroff = "destroy"
			on_reboot = "destroy"
			on_crash = "destroy"
		EOF
		xl create -p "/etc/xen/$name.cfg"
		GUEST_DOMID=$(xl domid "$name")
		[ "$XTRAIL_AUTO" = 1 ] && [ -x /usr/sbin/xtrail ] || return 0
		if [ "$AUTO_ATTACH" = 1 ] && [ -f "$XTRAILD_PIDFILE" ]; then
			wait_attached "$GUEST_DOMID" ||
				fail "xtraild did not attach $name (domain $GUEST_DOMID) within 30 s"
		else
			xtrail attach "$GUEST_DOMID" >/dev/null
		fi
	}

	# Wait (up to 600 s, polling once a second) until at least N of the
	# guests NAMES... have MARKER on their console; fail otherwise.
	wait_consoles() {
		local marker=$1 want=$2 i n c
		shift 2
		for i in $(seq 600); do
			c=0
			for n in "$@"; do
				grep -q -- "$marker" "$(guest_console "$n")" 2>/dev/null &&
					c=$((c + 1))
			done
			[ "$c" -ge "$want" ] && return 0
			sleep 1
		done
		fail "no $want guests with $marker after 600 s"
	}

	# One line of dom0's CPU counters for the benchmarks, read with no
	# fork (the figures must not be the sampler's):
	#   uptime_s busy_ticks irq_ticks steal_ticks xtraild_ticks kworker_ticks
	# busy = user + nice + system + irq + softirq of /proc/stat (USER_HZ
	# ticks), irq = irq + softirq, steal = runnable while Xen ran
	# something else; xtraild (process XTRAILD_PID) and kworker = utime +
	# stime of xtraild and of every kworker thread alive at the sample.
	cpu_sample() {
		local up cpu u n s idle iow irq sirq steal rest f line kw=0 xd=0
		local -a st
		read -r up rest </proc/uptime
		read -r cpu u n s idle iow irq sirq steal rest </proc/stat
		for f in /proc/[0-9]*/stat; do
			read -r line 2>/dev/null <"$f" || continue
			case $line in
			*"(kworker"* | "$1 "*)
				read -r -a st <<<"${line##*) }"
				# utime and stime: fields 14 and 15 of the line
				if [ "${line%% *}" = "$1" ]; then
					xd=$((st[11] + st[12]))
				else
					kw=$((kw + st[11] + st[12]))
				fi
				;;
			esac
		done
		echo "$up $((u + n + s + irq + sirq)) $((irq + sirq)) $steal $xd $kw"
	}

	# Wait until domain DOMID has an xtrail device (default 30 s).
	wait_attached() {
		wait_until "${2:-30}" xenstore-exists "/local/domain/0/backend/xtrail/$1/0/state"
	}

	# The domain ids of every domain but dom0.
	other_domains() {
		xl list | awk 'NR > 1 && $2 != 0 { print $2 }'
	}

	# True when domain DOMID no longer exists (not even as a dying zombie).
	domain_gone() {
		! xl list "$1" >/dev/null 2>&1
	}

	# Start $XTRAILD_CMD in the background; its output goes to
	# /var/log/xtrail/xtraild.log (sent to the host at the end of the run).
	xtraild_start() {
		mkdir -p /var/log/xtrail
		$XTRAILD_CMD >>/var/log/xtrail/xtraild.log 2>&1 &
		echo $! >"$XTRAILD_PIDFILE"
	}

	# Unload xtrail_dom0 with guests attached: the xenbus core pins a
	# driver's module while devices are bound to it, so unbind them first
	# (each backend drains its rings and queues a DISCONNECT record), let
	# xtraild write what was queued, stop it (it holds /dev/xtrail), rmmod.
	xtrail_dom0_unload() {
		local drv=/sys/bus/xen-backend/drivers/xtrail dev
		for dev in "$drv"/xtrail-*; do
			[ -e "$dev" ] || continue
			echo -n "${dev##*/}" >"$drv/unbind"
		done
		sleep 1
		xtraild_stop
		rmmod xtrail_dom0
	}

	# Stop the daemon started by xtraild_start (SIGTERM, then wait up to 5 s).
	xtraild_stop() {
		local pid
		[ -f "$XTRAILD_PIDFILE" ] || return 0
		pid=$(cat "$XTRAILD_PIDFILE")
		rm -f "$XTRAILD_PIDFILE"
		kill "$pid" 2>/dev/null || return 0
		wait_until 5 pid_gone "$pid" ||
			log "xtraild (pid $pid) still running 5 s after SIGTERM"
	}

	# True when process PID has exited (a zombie counts as exited).
	pid_gone() {
		[ ! -e "/proc/$1/stat" ] || grep -q ') Z ' "/proc/$1/stat"
	}
else
	RESULTS=/dev/console
	export RESULTS

	# Run CMD... as the normal user winai (uid/gid 1000) through busybox su
	# and bash. The subshell first sets its audit loginuid to 1000, as a
	# login would, so the command and its children carry loginuid 1000.
	# Commands are exec'd by bash (not busybox's shell, which runs many
	# applets in-process without any execve).
	# Unload xtrail_domu: unbind the device (see xtrail_dom0_unload), rmmod.
	xtrail_domu_unload() {
		local drv=/sys/bus/xen/drivers/xtrail
		if [ -e "$drv/xtrail-0" ]; then
			echo -n xtrail-0 >"$drv/unbind"
		fi
		rmmod xtrail_domu
	}

	# How many times the frontend has connected (its dmesg lines).
	xtrail_connects() {
		dmesg | grep -c 'connected to domain'
	}

	# Wait up to SECS for dom0 to close our connection, N being
	# xtrail_connects before what should make it: a state other than
	# Connected, or (the frontend starts over by itself, as netfront
	# does, and a poll may miss the state in between) a connect more.
	wait_disconnected() {
		wait_until "$1" sh -c "! grep -qx Connected /sys/bus/xen/devices/xtrail-0/state ||
			[ \$(dmesg | grep -c 'connected to domain') -gt $2 ]"
	}

	as_user() {
		local cmd="" arg
		for arg in "$@"; do
			cmd+=" $(printf '%q' "$arg")"
		done
		(
			if [ -e /proc/self/loginuid ]; then
				echo 1000 >/proc/self/loginuid
			fi
			exec su -s /bin/bash winai -c "$cmd"
		)
	}
fi
