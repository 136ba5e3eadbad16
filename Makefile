# SPDX-License-Identifier: GPL-2.0
#
# xtrail: accountability logging for Xen IaaS clouds.
#
#   make            both kernel modules (against KDIR) and the userspace tools
#   make deps       install the Debian packages the project needs
#   make demo       boot the Xen lab and run the spam case study
#   make check      every test suite; ends with "N passed, N failed, N skipped"
#   make bench      benchmarks (figures and ratios)
#   make style      checkpatch over the C sources
#   make fuzz       libFuzzer on the validators and parsers, 10 min each
#   make deb        Debian packages xtrail-dkms and xtrail-tools in build/deb/
#   make deb-check  install, upgrade and purge them in a throwaway root

KREL ?= $(shell uname -r)
KDIR ?= $(firstword $(wildcard /lib/modules/$(KREL)/build) \
		    $(lastword $(sort $(wildcard /usr/src/linux-headers-*-amd64))))
PWD := $(CURDIR)

.PHONY: all modules tools clean deps demo check bench style fuzz deb deb-check

all: modules tools

modules:
	@test -d "$(KDIR)" || { echo "no kernel build dir: install linux-headers or pass KDIR=" >&2; exit 1; }
	$(MAKE) -C $(KDIR) M=$(PWD) modules

tools:
	$(MAKE) -C userspace

clean:
	-$(MAKE) -C $(KDIR) M=$(PWD) clean
	$(MAKE) -C userspace clean
	$(MAKE) -C tests/unit clean
	rm -rf build

deps:
	scripts/deps.sh

demo: deps
	$(MAKE) all
	tests/demo.sh

check: deps
	tests/check.sh

bench:
	scripts/deps.sh bench
	tests/bench.sh

style:
	scripts/style.sh

fuzz: deps
	FUZZ_SECONDS=$${FUZZ_SECONDS:-600} tests/fuzz/run.sh

deb: deps
	scripts/deb.sh

deb-check: deps
	scripts/deb-check.sh
