#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# vif-lab.sh: the lab's vif hotplug script, installed in dom0 as
# /etc/xen/scripts/vif-lab and named by the guests' vif line (script=).
# Xen's own vif-bridge needs bash, iptables, logger and its helper scripts;
# this one needs busybox only (ip, brctl, xenstore-read/-write).
#
# libxl (tools/libs/light/libxl_linux.c, with run_hotplug_scripts=1, xl's
# default) runs it once the backend (xen-netback) is in InitWait, as
#
#   vif-lab online|offline type_if=vif
#
# with, in its environment, vif=vifDOMID.DEVID (netback's interface),
# XENBUS_PATH=backend/vif/DOMID/DEVID (relative to dom0's xenstore home,
# /local/domain/0), XENBUS_TYPE=vif, XENBUS_BASE_PATH=backend, script and
# netdev. "online": put the interface in the bridge named by the backend's
# "bridge" key (xl writes it from bridge=), bring it up, and write
# hotplug-status = connected: netback waits for that key before it
# connects to the guest's netfront. A failure writes hotplug-status = error
# and hotplug-error, and exits non-zero (xl then fails the creation).
# "offline": take it out of the bridge (it may be gone already).
# Each call appends a line to /var/log/xen/vif-lab.log.

log() {
	echo "$(date +%T) $*" >>/var/log/xen/vif-lab.log
}

fatal() {
	log "$vif: $command failed: $1"
	xenstore-write "$XENBUS_PATH/hotplug-error" "$1" "$XENBUS_PATH/hotplug-status" error
	exit 1
}

PATH=/usr/sbin:/usr/bin:/sbin:/bin:/usr/lib/xen-4.17/bin

command=${1:-}
if [ -z "${vif:-}" ] || [ -z "${XENBUS_PATH:-}" ]; then
	echo "vif-lab: run by libxl (vif and XENBUS_PATH unset)" >&2
	exit 1
fi
bridge=$(xenstore-read "$XENBUS_PATH/bridge" 2>/dev/null) || bridge=xenbr0
log "$vif: $command ($*), bridge $bridge, ip $(xenstore-read "$XENBUS_PATH/ip" 2>/dev/null)" \
	"mac $(xenstore-read "$XENBUS_PATH/mac" 2>/dev/null)"

case $command in
online | add)
	[ -d "/sys/class/net/$bridge/bridge" ] || fatal "no bridge $bridge"
	brctl addif "$bridge" "$vif" || fatal "brctl addif $bridge $vif"
	ip link set dev "$vif" up || fatal "ip link set $vif up"
	xenstore-write "$XENBUS_PATH/hotplug-status" connected ||
		fatal "xenstore-write hotplug-status"
	;;
offline | remove)
	brctl delif "$bridge" "$vif" 2>/dev/null
	ip link set dev "$vif" down 2>/dev/null
	;;
*)
	fatal "unknown command '$command'"
	;;
esac
exit 0
