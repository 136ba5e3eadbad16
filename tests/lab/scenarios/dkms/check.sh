#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# dkms scenario, host side: both modules that ran were the ones DKMS
# installed from the xtrail-dkms package: loaded, the only copy in the
# image, under updates/dkms, the same bytes as the .ko DKMS built; and the
# spam exec record is in F3.
. "$(dirname "$0")/../../check-lib.sh" "$1"

mods=$lab/../../build/lab/dkms/modules
for m in GUEST:xtrail_domu DOM0:xtrail_dom0; do
	line=$(grep -a -m1 "^@@${m%%:*}-MODULE " "$dir/results.log" | tr -d '\r') || {
		echo "check: no @@${m%%:*}-MODULE line" >&2
		exit 1
	}
	want=$(sha256sum "$mods"/*/updates/dkms/"${m#*:}".ko | cut -d' ' -f1)
	case $line in
	"@@${m%%:*}-MODULE $want /"*"/lib/modules/"*"/updates/dkms/${m#*:}.ko loaded=yes")
		echo "check: $line" ;;
	*)
		echo "check: ${m#*:} is not DKMS's alone (want $want): $line" >&2
		exit 1
		;;
	esac
done
# The guest's module came by its alias, not by insmod: the guest's init ran
# (console-guest.log is there and whole) and never loaded it itself.
present '^DOMU-MARKER up' "$dir/console-guest.log" "the guest's init never ran"
present '^DOMU-MARKER done rc=0' "$dir/console-guest.log" "the guest's console is cut"
absent '^DOMU-MARKER insmod' "$dir/console-guest.log" \
	"the guest init loaded the module itself"
"$lab/expect-exec.sh" "$log" "$domid" 1000 mail \
	mail -s spamSubject winai.wongthai@ncl.ac.uk
