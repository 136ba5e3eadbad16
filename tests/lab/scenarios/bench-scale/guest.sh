# SPDX-License-Identifier: GPL-2.0
#
# bench-scale, guest part. What a guest does follows from its name:
#   flood-K-I, vcpu2-1   one `xtload flood` per vCPU for FLOOD_SECONDS
#   ring-1               for each ring order and rate: load the module with
#                        that ring_order, make RATE open/close pairs a
#                        second for RING_SECONDS, let dom0 drain, unload,
#                        and print the module's own counts
. /scenario/lab.conf

connected() {
	grep -qx Connected /sys/bus/xen/devices/xtrail-0/state
}

# "generated written lost" of the last unload, from the module's line.
unload_counts() {
	dmesg | sed -n 's/.*xtrail_domu: unloaded: \([0-9]*\) generated, \([0-9]*\) written, \([0-9]*\) lost.*/\1 \2 \3/p' |
		tail -n 1
}

flood() {
	local c n=0 k
	wait_until 60 connected || fail "xtrail frontend did not connect"
	echo "@@FLOOD-START $GUEST_NAME"
	for c in $(seq "$(nproc)"); do
		xtload flood "$FLOOD_SECONDS" /etc/passwd >"/tmp/pairs.$c" &
	done
	wait
	for c in $(seq "$(nproc)"); do
		read -r k <"/tmp/pairs.$c" || fail "a flooder failed"
		n=$((n + k))
	done
	echo "@@FLOOD-DONE $GUEST_NAME pairs=$n"
	# Heartbeats carry the ring's counters out.
	sleep 2.5
	xtrail_domu_unload
	echo "@@COUNTS $GUEST_NAME $(unload_counts)"
}

ring_sweep() {
	local order rate made kib
	wait_until 60 connected || fail "xtrail frontend did not connect"
	for order in $RING_ORDERS; do
		for rate in $RING_RATES; do
			xtrail_domu_unload
			dmesg -c >/dev/null
			# shellcheck disable=SC2086 # a list of parameters
			insmod /xtrail/xtrail_domu.ko $DOMU_KO_ARGS ring_order="$order"
			wait_until 60 connected || fail "no connect with ring_order=$order"
			kib=$(dmesg | sed -n 's/.*rings of \([0-9]*\) KiB.*/\1/p' | tail -n 1)
			made=$(xtload paced "$rate" "$RING_SECONDS" /etc/passwd) ||
				fail "xtload paced $rate failed"
			sleep 2
			xtrail_domu_unload
			echo "@@RING order=$order kib=$kib rate=$rate made=$made counts=$(unload_counts | tr ' ' ,)"
			insmod /xtrail/xtrail_domu.ko $DOMU_KO_ARGS
			wait_until 60 connected || fail "no reconnect"
		done
	done
}

case $GUEST_NAME in
flood-* | vcpu2-*) flood ;;
ring-*) ring_sweep ;;
*) fail "bench-scale: no part for a guest named $GUEST_NAME" ;;
esac
