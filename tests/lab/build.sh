#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# build.sh: build the Xen lab's boot artefacts for one scenario.
#
#   SCENARIO=boot tests/lab/build.sh
#
# Outputs (under build/lab/, repo-relative):
#   xen                         Xen hypervisor (multiboot ELF, from /boot/xen-4.17-amd64.gz)
#   vmlinux                     dom0 kernel: the ELF inside Debian's bzImage
#   vmlinux.gz                  domU kernel: the same ELF, gzipped (fast for libxenguest)
#   images/SCENARIO/dom0.cpio.gz, images/SCENARIO/domU.cpio.gz
#   cache/                      downloaded .debs and the extracted kernel package
#
# Inputs (environment; relative paths are taken from the repo root):
#   SCENARIO      scenario name under tests/lab/scenarios/ or a directory (default boot)
#   DOMU_KO       guest module            (default domu-module/xtrail_domu.ko)
#   DOM0_KO       dom0 module             (default dom0-module/xtrail_dom0.ko)
#   TOOLS         dom0 programs, installed as /usr/sbin/NAME
#                                         (default "userspace/xtraild userspace/xtrail")
#   LAB_NO_XTRAIL=1  build without the modules and tools (for scenarios needing none)
#   KREL          kernel release (default: the one linux-headers-amd64 points to)
#
# A scenario with a file named with-dkms gets xtrail the way operators
# install it instead: the Debian packages are built (scripts/deb.sh), the
# xtrail-dkms source is built by DKMS for KREL and installed into both
# images' /lib/modules/KREL/updates/dkms (no /xtrail/*.ko), dom0 gets the
# programs and the modules-load.d file of the xtrail-tools package.
#
# Images are rebuilt only when a hash of their inputs changed. Downloads are
# kept in build/lab/cache, so later runs need no network.
set -euo pipefail
export LC_ALL=C

LAB=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$LAB/../.." && pwd)
OUT=$REPO/build/lab
CACHE=$OUT/cache

SCENARIO=${SCENARIO:-boot}
DOMU_KO=${DOMU_KO:-domu-module/xtrail_domu.ko}
DOM0_KO=${DOM0_KO:-dom0-module/xtrail_dom0.ko}
TOOLS=${TOOLS:-userspace/xtraild userspace/xtrail}
LAB_NO_XTRAIL=${LAB_NO_XTRAIL:-0}
XEN_GZ=/boot/xen-4.17-amd64.gz
XEN_BIN=/usr/lib/xen-4.17/bin
MAILX_DEBS=(bsd-mailx liblockfile1 libbsd0 libmd0)
# The lab network (a scenario asks for it with a file named with-network):
# Debian's msmtp as the guest's sendmail, with the libraries it needs that
# a Debian 12 host may lack (copy_elf takes the others from the host).
MSMTP_DEBS=(msmtp libgsasl18 libsecret-1-0 libsecret-common libidn12 libntlm0 libgssglue1)
# ... and the kernel's modules for it, from the same kernel package:
# netfront for the guest; netback and the bridge (with its stp and llc) for dom0.
NET_GUEST_MODS=(drivers/net/xen-netfront.ko)
NET_DOM0_MODS=(drivers/net/xen-netback/xen-netback.ko net/bridge/bridge.ko net/802/stp.ko
	net/llc/llc.ko)
# dom0's virtio disk (run.sh's ship disk: the logs leave through it at
# the end of a run, far faster than through COM2, which moves ~15 KB/s).
SHIP_DOM0_MODS=(drivers/virtio/virtio.ko drivers/virtio/virtio_ring.ko
	drivers/virtio/virtio_pci_legacy_dev.ko drivers/virtio/virtio_pci_modern_dev.ko
	drivers/virtio/virtio_pci.ko drivers/block/virtio_blk.ko)
# Debian's auditd, for benchmark scenarios that compare with it (a scenario
# asks for it with a file named with-auditd).
AUDIT_DEBS=(auditd libaudit1 libauparse0 libcap-ng0 libaudit-common libwrap0
	libgssapi-krb5-2 libkrb5-3 libk5crypto3 libkrb5support0 libkeyutils1
	libcom-err2)
# The benchmarks' peers (issue 18; a scenario asks with a file named
# with-lttng or with-sysdig): LTTng and sysdig with Falco's kernel driver,
# from Debian 12's packages. Their kernel modules are the DKMS sources in
# the packages, built here for KREL; their programs' libraries are taken
# from the host (scripts/deps.sh installs them).
LTTNG_DEBS=(lttng-modules-dkms lttng-tools)
SYSDIG_DEBS=(sysdig falcosecurity-scap-dkms)

die() {
	echo "lab build: $*" >&2
	exit 1
}

# Path relative to the repo root unless absolute.
repo_path() {
	case $1 in
	/*) echo "$1" ;;
	*) echo "$REPO/$1" ;;
	esac
}

# The kernel release of the installed headers, e.g. 6.1.0-56-amd64.
kernel_release() {
	local dep
	dep=$(dpkg-query -W -f='${Depends}' linux-headers-amd64 2>/dev/null || true)
	dep=$(grep -o 'linux-headers-[^ ,]*-amd64' <<<"$dep" | head -n1 || true)
	if [ -n "$dep" ]; then
		echo "${dep#linux-headers-}"
		return
	fi
	local dirs=(/usr/src/linux-headers-*-amd64)
	if [ ${#dirs[@]} -ne 1 ] || [ ! -d "${dirs[0]}" ]; then
		die "cannot tell the kernel release: install linux-headers-amd64 (scripts/deps.sh) or set KREL"
	fi
	dep=${dirs[0]##*/}
	echo "${dep#linux-headers-}"
}

# Download PKG's .deb into cache/debs unless some version of it is there.
# Prints the .deb's path.
fetch_deb() {
	local pkg=$1 debs
	mkdir -p "$CACHE/debs"
	debs=("$CACHE/debs/${pkg}"_*.deb)
	if [ ! -f "${debs[0]}" ]; then
		echo "lab build: downloading $pkg" >&2
		(cd "$CACHE/debs" && apt-get -qq -o APT::Sandbox::User=root download "$pkg" >&2) ||
			(apt-get -qq update >&2 && cd "$CACHE/debs" &&
				apt-get -qq -o APT::Sandbox::User=root download "$pkg" >&2) ||
			return 1
		debs=("$CACHE/debs/${pkg}"_*.deb)
	fi
	echo "${debs[0]}"
}

# Copy ELF program SRC to ROOT/DEST with every library ldd finds for it.
# Libraries keep their paths. STAGE, if given, is an extracted package tree
# whose libraries are searched first; its prefix is dropped from their paths.
copy_elf() {
	local root=$1 src=$2 dest=$3 stage=${4:-} lib out
	install -D -m 755 "$src" "$root$dest"
	out=$(LD_LIBRARY_PATH=${stage:+$stage/usr/lib/x86_64-linux-gnu:$stage/lib/x86_64-linux-gnu} \
		ldd "$src" 2>&1) || {
		grep -q 'not a dynamic executable' <<<"$out" && return 0
		die "ldd $src: $out"
	}
	if grep -q 'not found' <<<"$out"; then
		die "$src needs libraries missing on this host: $(grep 'not found' <<<"$out" | tr -s ' \t' ' ')"
	fi
	for lib in $(awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' <<<"$out"); do
		dest=${lib#"$stage"}
		[ -e "$root$dest" ] || install -D -m 755 "$lib" "$root$dest"
	done
}

# Populate ROOT with the skeleton shared by both images: directories,
# busybox applets, bash (for /init and the scenarios) and lab-lib.sh.
make_skeleton() {
	local root=$1 applet
	mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,usr/lib,usr/lib64,etc,dev,proc,sys,run,tmp,var/log,scenario}
	ln -s usr/lib "$root/lib"
	ln -s usr/lib64 "$root/lib64"
	ln -s /run "$root/var/run"
	install -m 755 /bin/busybox "$root/bin/busybox"
	# No busybox init: if /init cannot run, the kernel must panic (a fast
	# failure) rather than start busybox's init and wait for the timeout.
	for applet in $(/bin/busybox --list-full | grep -vx -e sbin/init -e linuxrc); do
		[ -e "$root/$applet" ] || ln -s /bin/busybox "$root/$applet"
	done
	copy_elf "$root" /bin/bash /bin/bash
	install -m 644 "$LAB/lab-lib.sh" "$root/lab-lib.sh"
	install -m 644 "$LAB/workloads.sh" "$root/workloads.sh"
}

# Copy the scenario's files for one side: PART (dom0.sh or guest.sh), lab.conf
# and the overlay directory OVERLAY (dom0-root or domu-root), if present.
copy_scenario() {
	local root=$1 part=$2 overlay=$3
	[ -f "$SCEN_DIR/$part" ] && install -m 755 "$SCEN_DIR/$part" "$root/scenario/$part"
	[ -f "$SCEN_DIR/lab.conf" ] && install -m 644 "$SCEN_DIR/lab.conf" "$root/scenario/lab.conf"
	[ -d "$SCEN_DIR/$overlay" ] && cp -a "$SCEN_DIR/$overlay/." "$root/"
	return 0
}

# Pack directory ROOT into the gzipped newc cpio FILE, every file owned by root.
pack() {
	(cd "$1" && find . | sort | cpio -o -H newc -R 0:0 --quiet) | gzip -1 >"$2"
}

# ---- inputs ---------------------------------------------------------------------
SCEN_DIR=$SCENARIO
[ -d "$SCEN_DIR" ] || SCEN_DIR=$LAB/scenarios/$SCENARIO
[ -d "$SCEN_DIR" ] || die "no scenario '$SCENARIO' (looked for it as a directory and under $LAB/scenarios/)"
SCEN_DIR=$(cd "$SCEN_DIR" && pwd)
SCEN_NAME=${SCEN_DIR##*/}
IMG=$OUT/images/$SCEN_NAME

mkdir -p "$OUT" "$CACHE"
# One build at a time: parallel runs share the cache and the kernel files
# (and the auditor's keys, made by the first).
exec 9>"$OUT/.build.lock"
flock 9

# The auditor's keys (F3 encryption and sealing), made once on the host by
# the host's own xtrail: dom0 gets only auditor.pub and seal.key (in
# /etc/xtrail, named by /etc/xtrail/xtraild.conf); auditor.key stays here
# for the scenarios' check.sh (run.sh exports XTRAIL_AUDITOR_KEY).
KEYS=$OUT/keys
XTRAIL_FILES=()
if [ "$LAB_NO_XTRAIL" != 1 ]; then
	if [ ! -f "$KEYS/auditor.key" ]; then
		mkdir -p "$OUT"
		"$REPO/userspace/xtrail" keygen "$KEYS" >/dev/null ||
			die "cannot make the auditor's keys with userspace/xtrail keygen (make tools)"
	fi
	XTRAIL_FILES+=("$KEYS/auditor.pub" "$KEYS/seal.key")
	DOMU_KO=$(repo_path "$DOMU_KO")
	DOM0_KO=$(repo_path "$DOM0_KO")
	kos=("$DOMU_KO" "$DOM0_KO")
	if [ -f "$SCEN_DIR/with-dkms" ]; then
		# Everything comes from the packages (below).
		kos=()
		TOOLS=
	fi
	for f in "${kos[@]}" $TOOLS; do
		f=$(repo_path "$f")
		[ -f "$f" ] || die "missing $f: build xtrail first (make), point DOMU_KO/DOM0_KO/TOOLS at it, or set LAB_NO_XTRAIL=1 for a scenario that needs no xtrail parts"
		XTRAIL_FILES+=("$f")
	done
fi

[ -f "$XEN_GZ" ] || die "missing $XEN_GZ: run scripts/deps.sh"
[ -x "$XEN_BIN/xl" ] || die "missing $XEN_BIN/xl: run scripts/deps.sh"
[ -x /bin/busybox ] || die "missing /bin/busybox: run scripts/deps.sh"
KREL=${KREL:-$(kernel_release)}

# ---- Xen and the kernel (shared by all scenarios) ------------------------------
if [ ! -f "$OUT/xen" ] || [ "$XEN_GZ" -nt "$OUT/xen" ]; then
	zcat "$XEN_GZ" >"$OUT/xen.tmp"
	mv "$OUT/xen.tmp" "$OUT/xen"
fi

KDIR=$CACHE/kernel-$KREL
if [ ! -f "$KDIR/.done" ]; then
	deb=$(fetch_deb "linux-image-$KREL" || fetch_deb "linux-image-$KREL-unsigned") ||
		die "cannot download linux-image-$KREL (or -unsigned): check apt sources / network"
	echo "lab build: extracting $(basename "$deb")"
	rm -rf "$KDIR"
	mkdir -p "$KDIR"
	# Only the kernel and the Xen modules are needed, not all 400 MB.
	dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$KDIR" --wildcards \
		"./boot/vmlinuz-$KREL" "./lib/modules/$KREL/kernel/drivers/xen/*" \
		"./lib/modules/$KREL/modules.order" "./lib/modules/$KREL/modules.builtin*"
	depmod -b "$KDIR" "$KREL"
	touch "$KDIR/.done"
fi

if [ ! -f "$OUT/vmlinux.gz" ] || [ "$KDIR/.done" -nt "$OUT/vmlinux.gz" ]; then
	# The bzImage carries an XZ-compressed ELF: try each XZ magic until one
	# unpacks to an ELF ("\x7fELF").
	vmlinuz=$KDIR/boot/vmlinuz-$KREL
	found=0
	for off in $(grep -obUaP '\xfd7zXZ\x00' "$vmlinuz" | cut -d: -f1); do
		# (xz stops at the end of the stream: no pipe, so tail's SIGPIPE is harmless)
		xz -dc --single-stream < <(tail -c +$((off + 1)) "$vmlinuz") >"$OUT/vmlinux.tmp" 2>/dev/null ||
			continue
		if [ "$(head -c 4 "$OUT/vmlinux.tmp" | od -An -tx1 | tr -d ' ')" = 7f454c46 ]; then
			found=1
			break
		fi
	done
	[ "$found" = 1 ] || die "no XZ-compressed ELF found in $vmlinuz"
	mv "$OUT/vmlinux.tmp" "$OUT/vmlinux"
	gzip -c "$OUT/vmlinux" >"$OUT/vmlinux.gz.tmp"
	mv "$OUT/vmlinux.gz.tmp" "$OUT/vmlinux.gz"
fi

# deb_stage NAME PKG...: the packages unpacked once into cache/NAME (prints
# it; the mail tools, auditd, the benchmarks' peers).
deb_stage() {
	local stage=$CACHE/$1 pkg deb
	shift
	if [ ! -f "$stage/.done" ]; then
		rm -rf "$stage"
		for pkg in "$@"; do
			deb=$(fetch_deb "$pkg") || die "cannot download $pkg: check apt sources / network"
			dpkg-deb -x "$deb" "$stage"
		done
		touch "$stage/.done"
	fi
	echo "$stage"
}

MAILX_STAGE=$(deb_stage mailx "${MAILX_DEBS[@]}")

SHIP_KDIR=$CACHE/kernel-$KREL-ship
if [ ! -f "$SHIP_KDIR/.done" ]; then
	deb=$(fetch_deb "linux-image-$KREL" || fetch_deb "linux-image-$KREL-unsigned") ||
		die "cannot download linux-image-$KREL (or -unsigned): check apt sources / network"
	rm -rf "$SHIP_KDIR"
	mkdir -p "$SHIP_KDIR"
	dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$SHIP_KDIR" \
		"${SHIP_DOM0_MODS[@]/#/./lib/modules/$KREL/kernel/}"
	touch "$SHIP_KDIR/.done"
fi

# The network's kernel modules and msmtp, only for scenarios with-network
# (the others keep their images, and their boot time, as they were).
NET_KDIR=$CACHE/kernel-$KREL-net
MSMTP_STAGE=$CACHE/msmtp
WITH_NETWORK=0
if [ -f "$SCEN_DIR/with-network" ]; then
	WITH_NETWORK=1
	if [ ! -f "$NET_KDIR/.done" ]; then
		deb=$(fetch_deb "linux-image-$KREL" || fetch_deb "linux-image-$KREL-unsigned") ||
			die "cannot download linux-image-$KREL (or -unsigned): check apt sources / network"
		rm -rf "$NET_KDIR"
		mkdir -p "$NET_KDIR"
		dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$NET_KDIR" \
			"${NET_GUEST_MODS[@]/#/./lib/modules/$KREL/kernel/}" \
			"${NET_DOM0_MODS[@]/#/./lib/modules/$KREL/kernel/}"
		touch "$NET_KDIR/.done"
	fi
	MSMTP_STAGE=$(deb_stage msmtp "${MSMTP_DEBS[@]}")
fi

AUDIT_STAGE=$CACHE/auditd
if [ -f "$SCEN_DIR/with-auditd" ]; then
	AUDIT_STAGE=$(deb_stage auditd "${AUDIT_DEBS[@]}")
fi

# The peers: each package set unpacked once into the cache, and its DKMS
# source built once per kernel release with the make line of its
# dkms.conf, against KREL's headers as our modules are (kept in the cache:
# LTTng's 47 modules take 3 to 8 minutes on 2 cores).

# peer_modules SRC DEST MAKEARGS...: build the DKMS source tree SRC for
# KREL in DEST (a copy), once; a failure shows the compiler's last lines.
peer_modules() {
	local src=$1 dest=$2
	shift 2
	[ -f "$dest/.done" ] && return 0
	rm -rf "$dest" "$dest.log"
	cp -a "$src" "$dest"
	# lttng-modules 2.13.9 does not build against 6.1.0-57: a 6.1 stable
	# update gave the hrtimer_start tracepoint a third argument
	# (was_armed), and its timer probe declares two ("conflicting types for
	# trace_hrtimer_start"). The timer probe, which no benchmark session
	# enables, is left out; every other module builds unchanged.
	[ ! -f "$dest/src/probes/Kbuild" ] ||
		sed -i '/lttng-probe-timer\.o/d' "$dest/src/probes/Kbuild"
	echo "lab build: building ${src##*/} for $KREL (once; minutes)" >&2
	make -j2 -C "/usr/src/linux-headers-$KREL" M="$dest" modules "$@" >"$dest.log" 2>&1 || {
		grep -E 'error|Error' "$dest.log" | head -n 20 >&2
		die "cannot build ${src##*/} for $KREL (log: $dest.log)"
	}
	touch "$dest/.done"
}

LTTNG_STAGE=
LTTNG_KO=$CACHE/lttng-modules-$KREL
if [ -f "$SCEN_DIR/with-lttng" ]; then
	LTTNG_STAGE=$(deb_stage lttng "${LTTNG_DEBS[@]}")
	peer_modules "$(echo "$LTTNG_STAGE"/usr/src/lttng-modules-*)" "$LTTNG_KO" CONFIG_LTTNG=m
fi
SYSDIG_STAGE=
SCAP_KO=$CACHE/scap-$KREL
if [ -f "$SCEN_DIR/with-sysdig" ]; then
	SYSDIG_STAGE=$(deb_stage sysdig "${SYSDIG_DEBS[@]}")
	peer_modules "$(echo "$SYSDIG_STAGE"/usr/src/scap-*)" "$SCAP_KO"
fi

# The hostile guest module (tests/lab/hostile), for scenarios that ask for
# it with a file named with-hostile: the guest module plus a way to lie.
HOSTILE_KO=$LAB/hostile/xtrail_hostile.ko
if [ -f "$SCEN_DIR/with-hostile" ]; then
	make -s -C "/usr/src/linux-headers-$KREL" M="$LAB/hostile" modules >&2 ||
		die "cannot build the hostile guest module"
fi

# The modules with fault injection (a test build: common/fault.h), for
# scenarios that ask for them with a file named with-fault: in both images
# as /xtrail/fault/xtrail_*.ko, beside the production modules.
FAULT_OUT=$OUT/fault
FAULT_KOS=()
if [ -f "$SCEN_DIR/with-fault" ]; then
	"$LAB/build-fault.sh" "/usr/src/linux-headers-$KREL" "$FAULT_OUT" ||
		die "cannot build the fault-injection modules"
	FAULT_KOS=("$FAULT_OUT/domu-module/xtrail_domu.ko" "$FAULT_OUT/dom0-module/xtrail_dom0.ko")
	inputs_fault=("${FAULT_KOS[@]}" "$LAB/fault-lib.sh")
fi

# xtrail through its Debian packages, for scenarios with a file with-dkms:
# what "apt install xtrail-dkms" does on the image (dkms add, build and
# install for the image's kernel), with DKMS's trees under build/lab/dkms.
DKMS_OUT=$OUT/dkms
DKMS_MODS=()
if [ -f "$SCEN_DIR/with-dkms" ] && [ "$LAB_NO_XTRAIL" != 1 ]; then
	"$REPO/scripts/deb.sh" >/dev/null || die "cannot build the Debian packages (scripts/deb.sh)"
	deb_ver=$(cd "$REPO" && dpkg-parsechangelog -S Version)
	rm -rf "$DKMS_OUT"
	mkdir -p "$DKMS_OUT/tree" "$DKMS_OUT/modules/$KREL"
	dpkg-deb -x "$REPO/build/deb/xtrail-dkms_${deb_ver}_all.deb" "$DKMS_OUT/dkms-pkg"
	dpkg-deb -x "$REPO/build/deb/xtrail-tools_${deb_ver}_$(dpkg --print-architecture).deb" \
		"$DKMS_OUT/tools-pkg"
	dkms_ver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$DKMS_OUT"/dkms-pkg/usr/src/xtrail-*/dkms.conf)
	dkms_args=(-m xtrail -v "$dkms_ver" --dkmstree "$DKMS_OUT/tree"
		--sourcetree "$DKMS_OUT/dkms-pkg/usr/src" --installtree "$DKMS_OUT/modules")
	dkms_kargs=(-k "$KREL" --kernelsourcedir "/usr/src/linux-headers-$KREL" --no-depmod)
	{
		dkms add "${dkms_args[@]}" &&
			dkms build "${dkms_args[@]}" "${dkms_kargs[@]}" &&
			dkms install "${dkms_args[@]}" "${dkms_kargs[@]}"
	} >"$DKMS_OUT/dkms.log" 2>&1 || {
		cat "$DKMS_OUT/dkms.log" >&2
		die "dkms add/build/install of xtrail-dkms $deb_ver for $KREL failed"
	}
	for m in xtrail_domu xtrail_dom0; do
		f=$DKMS_OUT/modules/$KREL/updates/dkms/$m.ko
		[ -f "$f" ] || die "DKMS did not install $m.ko (see $DKMS_OUT/dkms.log)"
		DKMS_MODS+=("$f")
	done
	echo "lab build: DKMS built and installed xtrail $dkms_ver for $KREL" >&2
	TOOLS="$DKMS_OUT/tools-pkg/usr/sbin/xtraild $DKMS_OUT/tools-pkg/usr/sbin/xtrail"
	XTRAIL_FILES+=("${DKMS_MODS[@]}" "$DKMS_OUT"/tools-pkg/usr/sbin/xtrail* \
		"$DKMS_OUT/tools-pkg/usr/lib/modules-load.d/xtrail.conf")
fi

# Install the DKMS-built modules into image ROOT's /lib/modules/KREL, with
# the kernel's module lists, and index them (modules.dep, modules.alias).
install_dkms_modules() {
	local root=$1 f
	mkdir -p "$root/lib/modules/$KREL"
	cp -a "$DKMS_OUT/modules/$KREL/updates" "$root/lib/modules/$KREL/"
	for f in modules.order modules.builtin modules.builtin.modinfo; do
		[ -e "$root/lib/modules/$KREL/$f" ] || cp "$KDIR/lib/modules/$KREL/$f" "$root/lib/modules/$KREL/"
	done
	depmod -b "$root" "$KREL"
}

# ptyrun: a terminal session for the guest (busybox has no script(1)).
PTYRUN=$OUT/ptyrun
if [ ! -x "$PTYRUN" ] || [ "$LAB/ptyrun.c" -nt "$PTYRUN" ]; then
	${CC:-gcc} -static -O2 -Wall -Wextra -o "$PTYRUN" "$LAB/ptyrun.c" ||
		die "cannot build ptyrun (static glibc: libc6-dev)"
fi

# xtload: exact workloads (sendto, a million open/close, TCP connects).
XTLOAD=$OUT/xtload
if [ ! -x "$XTLOAD" ] || [ "$LAB/xtload.c" -nt "$XTLOAD" ]; then
	${CC:-gcc} -static -O2 -Wall -Wextra -o "$XTLOAD" "$LAB/xtload.c" ||
		die "cannot build xtload (static glibc: libc6-dev)"
fi

# xtevade: the evasion suite, each operation by every road (issue 20).
XTEVADE=$OUT/xtevade
if [ ! -x "$XTEVADE" ] || [ "$LAB/xtevade.c" -nt "$XTEVADE" ]; then
	${CC:-gcc} -static -O2 -Wall -Wextra -o "$XTEVADE" "$LAB/xtevade.c" ||
		die "cannot build xtevade (static glibc: libc6-dev)"
fi

# mkdom: a domain with the domid of our choice (a destroyed VM's: vm-reuse).
MKDOM=$OUT/mkdom
if [ ! -x "$MKDOM" ] || [ "$LAB/mkdom.c" -nt "$MKDOM" ]; then
	${CC:-gcc} -O2 -Wall -Wextra -o "$MKDOM" "$LAB/mkdom.c" -lxenlight \
		-lxentoollog || die "cannot build mkdom (libxen-dev)"
fi

# smtpsink: the mail server on the lab network, in dom0.
SMTPSINK=$OUT/smtpsink
if [ ! -x "$SMTPSINK" ] || [ "$LAB/smtpsink.c" -nt "$SMTPSINK" ]; then
	${CC:-gcc} -static -O2 -Wall -Wextra -o "$SMTPSINK" "$LAB/smtpsink.c" ||
		die "cannot build smtpsink (static glibc: libc6-dev)"
fi

# ---- scenario images: skipped when nothing they are made of changed -------------
XEN_PROGS=(xl xenstored xenconsoled xen-init-dom0 xenconsole)
XENSTORE_PROGS=(/usr/bin/xenstore-*)
inputs=(
	"$LAB/build.sh" "$LAB/dom0-init.sh" "$LAB/domu-init.sh" "$LAB/lab-lib.sh" "$LAB/workloads.sh"
	/bin/busybox /bin/bash "$OUT/vmlinux.gz" "$MAILX_STAGE/usr/bin/bsd-mailx"
	"$PTYRUN" "$XTLOAD" "$MKDOM" "${XEN_PROGS[@]/#/$XEN_BIN/}" "${XENSTORE_PROGS[@]}" "${XTRAIL_FILES[@]}"
	"${SHIP_DOM0_MODS[@]/#/$SHIP_KDIR/lib/modules/$KREL/kernel/}"
)
if [ "$WITH_NETWORK" = 1 ]; then
	inputs+=("$SMTPSINK" "$LAB/vif-lab.sh" "$MSMTP_STAGE/usr/bin/msmtp"
		"${NET_GUEST_MODS[@]/#/$NET_KDIR/lib/modules/$KREL/kernel/}"
		"${NET_DOM0_MODS[@]/#/$NET_KDIR/lib/modules/$KREL/kernel/}")
fi
# -L: a scenario may link another one's scripts.
mapfile -t -O ${#inputs[@]} inputs < <(find -L "$SCEN_DIR" -type f | sort)
if [ -f "$SCEN_DIR/with-hostile" ]; then
	inputs+=("$HOSTILE_KO")
fi
[ -z "$LTTNG_STAGE" ] || inputs+=("$LTTNG_KO/src/lttng-tracer.ko" "$LTTNG_STAGE/usr/bin/lttng"
	/usr/bin/babeltrace2)
[ -z "$SYSDIG_STAGE" ] || inputs+=("$SCAP_KO/scap.ko" "$SYSDIG_STAGE/usr/bin/sysdig")
[ ${#FAULT_KOS[@]} -eq 0 ] || inputs+=("${inputs_fault[@]}")
if { [ -f "$SCEN_DIR/with-perf" ] || [ -f "$SCEN_DIR/with-perf-dom0" ]; } &&
	[ -x /usr/bin/perf ]; then
	inputs+=(/usr/bin/perf)
fi
hash=$({
	echo "KREL=$KREL LAB_NO_XTRAIL=$LAB_NO_XTRAIL TOOLS=$TOOLS"
	sha256sum "${inputs[@]}"
} | sha256sum | cut -d' ' -f1)
if [ -f "$IMG/inputs.sha256" ] && [ "$(cat "$IMG/inputs.sha256")" = "$hash" ] &&
	[ -f "$IMG/dom0.cpio.gz" ] && [ -f "$IMG/domU.cpio.gz" ]; then
	echo "lab build: $SCEN_NAME images up to date"
	exit 0
fi

STAGE=$OUT/stage
rm -rf "$STAGE" "$IMG"
mkdir -p "$STAGE" "$IMG"

# -- guest image --
G=$STAGE/domU
make_skeleton "$G"
install -m 755 "$LAB/domu-init.sh" "$G/init"
mkdir -p "$G/etc" "$G/var/mail"
# The real mail program, with a sendmail that only stores the message.
copy_elf "$G" "$MAILX_STAGE/usr/bin/bsd-mailx" /usr/bin/mail "$MAILX_STAGE"
install -m 644 "$MAILX_STAGE/etc/mail.rc" "$G/etc/mail.rc"
cat >"$G/usr/sbin/sendmail" <<'EOF'
#!/bin/sh
# Lab stand-in for an MTA: store the message under /var/mail and succeed.
f=/var/mail/msg.$(date +%s).$$
{ echo "X-Lab-Sendmail-Args: $*"; cat; } >"$f"
EOF
chmod 755 "$G/usr/sbin/sendmail"
install -m 755 "$PTYRUN" "$G/usr/bin/ptyrun"
install -m 755 "$XTLOAD" "$G/usr/bin/xtload"
install -m 755 "$XTEVADE" "$G/usr/bin/xtevade"
# A scenario's own guest programs and kernel modules (abuse): each
# domu-bin/NAME.c built static as /usr/local/bin/NAME, each path listed in
# guest-modules (under lib/modules/KREL/kernel/ of the cached kernel,
# drivers/xen/ only) copied there into the image.
for c in "$SCEN_DIR"/domu-bin/*.c; do
	[ -f "$c" ] || continue
	mkdir -p "$G/usr/local/bin"
	${CC:-gcc} -static -O2 -Wall -Wextra -o "$G/usr/local/bin/$(basename "$c" .c)" "$c" ||
		die "cannot build $c (static glibc: libc6-dev)"
done
if [ -f "$SCEN_DIR/guest-modules" ]; then
	for m in $(grep -v '^#' "$SCEN_DIR/guest-modules"); do
		install -D -m 644 "$KDIR/lib/modules/$KREL/kernel/$m" "$G/lib/modules/$KREL/kernel/$m"
	done
fi
# with-network: netfront (the init loads it and sets the address that dom0
# gives on the kernel command line) and a real SMTP client as sendmail,
# msmtp, relaying to the sink in dom0 (as Debian's msmtp-mta links it).
if [ "$WITH_NETWORK" = 1 ]; then
	for m in "${NET_GUEST_MODS[@]}"; do
		install -D -m 644 "$NET_KDIR/lib/modules/$KREL/kernel/$m" "$G/lib/modules/$KREL/kernel/$m"
	done
	echo "$KREL" >"$G/etc/lab-network"
	copy_elf "$G" "$MSMTP_STAGE/usr/bin/msmtp" /usr/bin/msmtp "$MSMTP_STAGE"
	rm "$G/usr/sbin/sendmail"
	ln -s ../bin/msmtp "$G/usr/sbin/sendmail"
	# mail waits for sendmail (else it returns at once and the guest may
	# power off while msmtp is still talking to the sink).
	echo "set sendwait" >>"$G/etc/mail.rc"
	echo "hosts: files" >"$G/etc/nsswitch.conf"
	cat >"$G/etc/msmtprc" <<'EOF'
# msmtp(1)'s system configuration in the lab guest (made by tests/lab/build.sh):
# every message goes to the SMTP sink in dom0, in clear, without login.
defaults
syslog off
logfile /tmp/msmtp.log
account lab
host 10.99.0.1
port 25
tls off
auth off
from %U@%H
account default : lab
EOF
fi
if [ -f "$SCEN_DIR/with-auditd" ]; then
	copy_elf "$G" "$AUDIT_STAGE/sbin/auditd" /sbin/auditd "$AUDIT_STAGE"
	copy_elf "$G" "$AUDIT_STAGE/sbin/auditctl" /sbin/auditctl "$AUDIT_STAGE"
	cp -r "$AUDIT_STAGE/etc/audit" "$G/etc/"
	mkdir -p "$G/var/log/audit"
fi
# The peers in the guest. LTTng: lttng, lttng-sessiond and the consumer
# daemon it starts (at the path built into it), the modules under
# /lib/modules/KREL/extra with depmod's index (the session daemon loads
# them itself through libkmod, as on a Debian system), and babeltrace2
# with its plugins (dlopen()ed: ldd cannot see them) to count the trace's
# events. sysdig: the program and scap.ko (the benchmark loads it).
if [ -n "$LTTNG_STAGE" ] || [ -n "$SYSDIG_STAGE" ]; then
	mkdir -p "$G/lib/modules/$KREL/extra"
	for f in modules.order modules.builtin modules.builtin.modinfo; do
		cp "$KDIR/lib/modules/$KREL/$f" "$G/lib/modules/$KREL/"
	done
fi
if [ -n "$LTTNG_STAGE" ]; then
	for p in lttng lttng-sessiond; do
		copy_elf "$G" "$LTTNG_STAGE/usr/bin/$p" "/usr/bin/$p" "$LTTNG_STAGE"
	done
	p=/usr/lib/x86_64-linux-gnu/lttng/libexec/lttng-consumerd
	copy_elf "$G" "$LTTNG_STAGE$p" "$p" "$LTTNG_STAGE"
	# The session daemon validates its session files against this schema
	# at start, and stops without it ("XSD parsing failed").
	p=/usr/share/xml/lttng/session.xsd
	[ -f "$p" ] || die "with-lttng: missing $p: install liblttng-ctl0 (scripts/deps.sh)"
	install -D -m 644 "$p" "$G$p"
	# Without their debug information, as DKMS installs them (lttng-tracer.ko
	# alone is 45 MB with it).
	(cd "$LTTNG_KO" && find . -name '*.ko') | while read -r m; do
		install -D -m 644 "$LTTNG_KO/$m" "$G/lib/modules/$KREL/extra/lttng/${m#./}"
		strip --strip-debug "$G/lib/modules/$KREL/extra/lttng/${m#./}"
	done
	[ -x /usr/bin/babeltrace2 ] || die "with-lttng: install babeltrace2 (scripts/deps.sh)"
	copy_elf "$G" /usr/bin/babeltrace2 /usr/bin/babeltrace2
	for p in /usr/lib/x86_64-linux-gnu/babeltrace2/plugins/*.so; do
		copy_elf "$G" "$p" "$p"
	done
fi
if [ -n "$SYSDIG_STAGE" ]; then
	copy_elf "$G" "$SYSDIG_STAGE/usr/bin/sysdig" /usr/bin/sysdig "$SYSDIG_STAGE"
	install -m 644 "$SCAP_KO/scap.ko" "$G/lib/modules/$KREL/extra/scap.ko"
	strip --strip-debug "$G/lib/modules/$KREL/extra/scap.ko"
fi
if [ -n "$LTTNG_STAGE" ] || [ -n "$SYSDIG_STAGE" ]; then
	depmod -b "$G" "$KREL"
fi
# perf (the host's linux-perf, the lab kernel's version) for scenarios that
# profile the guest and ask for it with a file named with-perf.
if [ -f "$SCEN_DIR/with-perf" ]; then
	[ -x /usr/bin/perf ] || die "with-perf: install linux-perf (scripts/deps.sh)"
	copy_elf "$G" /usr/bin/perf /usr/bin/perf
fi
# The xenstore tools in the guest (with-xenstore-tools): its root tries to
# write what names it (vm-reuse), through /dev/xen/xenbus.
if [ -f "$SCEN_DIR/with-xenstore-tools" ]; then
	for p in "${XENSTORE_PROGS[@]}"; do
		copy_elf "$G" "$p" "$p"
	done
fi
if [ ${#DKMS_MODS[@]} -gt 0 ]; then
	install_dkms_modules "$G"
elif [ "$LAB_NO_XTRAIL" != 1 ]; then
	install -D -m 644 "$DOMU_KO" "$G/xtrail/xtrail_domu.ko"
	if [ -f "$SCEN_DIR/with-hostile" ]; then
		install -m 644 "$HOSTILE_KO" "$G/xtrail/xtrail_hostile.ko"
	fi
fi
if [ ${#FAULT_KOS[@]} -gt 0 ]; then
	install -D -m 644 "${FAULT_KOS[0]}" "$G/xtrail/fault/xtrail_domu.ko"
	install -m 644 "$LAB/fault-lib.sh" "$G/fault-lib.sh"
fi
copy_scenario "$G" guest.sh domu-root
pack "$G" "$IMG/domU.cpio.gz"

# -- dom0 image --
D=$STAGE/dom0
make_skeleton "$D"
install -m 755 "$LAB/dom0-init.sh" "$D/init"
for p in "${XEN_PROGS[@]}"; do
	copy_elf "$D" "$XEN_BIN/$p" "$XEN_BIN/$p"
done
for p in "${XENSTORE_PROGS[@]}"; do
	copy_elf "$D" "$p" "$p"
done
# glibc dlopen()s libgcc_s for pthread_cancel; ldd cannot see that.
libgcc=$(ldconfig -p | awk '/libgcc_s.so.1 .*x86-64/ && !found { print $NF; found = 1 }')
install -D -m 644 "$libgcc" "$D$libgcc"
mkdir -p "$D/lib/modules"
cp -a "$KDIR/lib/modules/$KREL" "$D/lib/modules/"
for m in "${SHIP_DOM0_MODS[@]}"; do
	install -D -m 644 "$SHIP_KDIR/lib/modules/$KREL/kernel/$m" "$D/lib/modules/$KREL/kernel/$m"
done
depmod -b "$D" "$KREL"
mkdir -p "$D"/{etc/xen,var/lib/xen,var/lib/xenstored,var/log/xen/console,guest}
: >"$D/etc/xen/xl.conf" # defaults are fine; its absence only makes xl complain
install -m 755 "$PTYRUN" "$D/usr/bin/ptyrun" # an administrator's terminal session
copy_elf "$D" "$MKDOM" /usr/bin/mkdom
install -m 644 "$OUT/vmlinux.gz" "$D/guest/vmlinux.gz"
install -m 644 "$IMG/domU.cpio.gz" "$D/guest/initrd.img"
if [ ${#DKMS_MODS[@]} -gt 0 ]; then
	install_dkms_modules "$D"
	install -D -m 644 "$DKMS_OUT/tools-pkg/usr/lib/modules-load.d/xtrail.conf" \
		"$D/usr/lib/modules-load.d/xtrail.conf"
elif [ "$LAB_NO_XTRAIL" != 1 ]; then
	install -D -m 644 "$DOM0_KO" "$D/xtrail/xtrail_dom0.ko"
fi
if [ "$LAB_NO_XTRAIL" != 1 ]; then
	for t in $TOOLS; do
		copy_elf "$D" "$(repo_path "$t")" "/usr/sbin/${t##*/}"
	done
	install -D -m 644 "$KEYS/auditor.pub" "$D/etc/xtrail/auditor.pub"
	install -D -m 600 "$KEYS/seal.key" "$D/etc/xtrail/seal.key"
	cat >"$D/etc/xtrail/xtraild.conf" <<'EOF'
# xtraild.conf(5) of the lab's dom0 (made by tests/lab/build.sh)
output = /var/log/xtrail/f3.log
auditor_public_key = /etc/xtrail/auditor.pub
seal_key = /etc/xtrail/seal.key
seal_every_records = 1000
seal_every_seconds = 5
flush = data
EOF
fi
# perf in dom0 too, for scenarios that profile it (with-perf-dom0).
if [ -f "$SCEN_DIR/with-perf-dom0" ]; then
	[ -x /usr/bin/perf ] || die "with-perf-dom0: install linux-perf (scripts/deps.sh)"
	copy_elf "$D" /usr/bin/perf /usr/bin/perf
fi
if [ ${#FAULT_KOS[@]} -gt 0 ]; then
	install -D -m 644 "${FAULT_KOS[1]}" "$D/xtrail/fault/xtrail_dom0.ko"
	install -m 644 "$LAB/fault-lib.sh" "$D/fault-lib.sh"
fi
# with-network: netback and the bridge (the init sets up xenbr0), the
# guests' vif script and the SMTP sink.
if [ "$WITH_NETWORK" = 1 ]; then
	for m in "${NET_DOM0_MODS[@]}"; do
		install -D -m 644 "$NET_KDIR/lib/modules/$KREL/kernel/$m" "$D/lib/modules/$KREL/kernel/$m"
	done
	depmod -b "$D" "$KREL"
	echo "$KREL" >"$D/etc/lab-network"
	install -D -m 755 "$LAB/vif-lab.sh" "$D/etc/xen/scripts/vif-lab"
	install -m 755 "$SMTPSINK" "$D/usr/sbin/smtpsink"
	# dom0's side of the network's workloads (bench-flows' UDP blast)
	install -m 755 "$XTLOAD" "$D/usr/bin/xtload"
fi
copy_scenario "$D" dom0.sh dom0-root
pack "$D" "$IMG/dom0.cpio.gz"

echo "$hash" >"$IMG/inputs.sha256"
rm -rf "$STAGE"
echo "lab build: $SCEN_NAME images built ($(du -h "$IMG/dom0.cpio.gz" | cut -f1) dom0, $(du -h "$IMG/domU.cpio.gz" | cut -f1) guest)"
