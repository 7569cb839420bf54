# SPDX-License-Identifier: GPL-2.0
#
# rpmsg-smd: the one entry point.
#
#   make deps      install the Debian packages the rest needs (idempotent)
#   make kernel    extract + patch + configure + build the arm64 guest kernel
#   make modules   build our out-of-tree modules against that kernel
#   make run       boot QEMU at a guest shell (CMD="..." runs one command)
#   make check     build what is missing, boot, run every test, print totals
#   make clean     remove build products (ccache is kept)
#
# Knobs: FLAVOR=debug|bench, KERNEL_SRC=/path/to/6.12 (used as is),
# BUILD=/path (default ./build), TIMEOUT=seconds per QEMU boot.
# FLAVOR=bench: no debug option that costs time (its config step prints
# what is left on, tests/qemu/debug-left). Our modules are built in the
# source tree for one flavour at a time (6.12's Kbuild has no separate
# output for external modules): `make all` after a bench build rebuilds
# them for the debug kernel.

# Recursive invocation of this file or of the kernel's Kbuild: the kernel
# uses this Makefile only through the Kbuild file next to it.
ifneq ($(KERNELRELEASE),)
include $(src)/Kbuild
else

SHELL := /bin/bash
.SHELLFLAGS := -eo pipefail -c
TOP := $(CURDIR)
BUILD ?= $(TOP)/build
FLAVOR ?= debug
ARCH := arm64
CROSS_COMPILE ?= aarch64-linux-gnu-
TARBALL ?= /usr/src/linux-source-6.12.tar.xz
KPKG := linux-source-6.12
TIMEOUT ?= 1500
JOBS ?= $(shell nproc)

ifeq ($(FLAVOR),debug)
FRAGMENTS := tests/qemu/kernel.config tests/qemu/debug.config
else ifeq ($(FLAVOR),bench)
FRAGMENTS := tests/qemu/kernel.config tests/qemu/bench.config
else
$(error FLAVOR must be debug or bench)
endif

ifeq ($(KERNEL_SRC),)
KSRC := $(BUILD)/$(KPKG)
SRC_STAMP := $(BUILD)/.src-stamp
else
KSRC := $(abspath $(KERNEL_SRC))
SRC_STAMP :=
endif
KOBJ := $(BUILD)/obj-$(FLAVOR)
MODROOT := $(BUILD)/modroot-$(FLAVOR)
KERNEL_STAMP := $(KOBJ)/.kernel-stamp
IMAGE := $(KOBJ)/arch/arm64/boot/Image
INITRD := $(BUILD)/initramfs-$(FLAVOR).cpio.gz
DTBDIR := $(BUILD)/dt
HOSTBIN := $(BUILD)/host
GUESTBIN := $(BUILD)/guest

# ccache keyed on paths relative to the checkout, so a fresh clone in
# another folder (as CI uses) hits the same cache.
export CCACHE_BASEDIR := $(TOP)
export CCACHE_NOHASHDIR := 1
export CCACHE_SLOPPINESS := time_macros
export KBUILD_BUILD_TIMESTAMP := 2026-01-01
export KBUILD_BUILD_USER := rpmsg-smd
export KBUILD_BUILD_HOST := qemu

KMAKE = $(MAKE) -C $(KSRC) O=$(KOBJ) ARCH=$(ARCH) \
	CROSS_COMPILE=$(CROSS_COMPILE) CC="ccache $(CROSS_COMPILE)gcc"

PATCHES := $(wildcard rpmsg_core_patches/*.patch) rpmsg_core_patches/series
OUR_SOURCES = $(shell find rpmsg_smd include tests/sim tests/kunit tests/platform tests/clients bench/kmod \
	-name '*.[ch]' -o -name Kbuild 2>/dev/null) Kbuild
GUEST_SRCS := $(wildcard tests/guest/*.c)
GUEST_PROGS := $(patsubst tests/guest/%.c,$(GUESTBIN)/%,$(GUEST_SRCS)) \
	$(patsubst bench/guest/%.c,$(GUESTBIN)/%,$(wildcard bench/guest/*.c))
OVERLAYS := $(wildcard tests/qemu/*.dtso)

.PHONY: all deps kernel modules guest initramfs dtb images run check firmware \
	harness-selftest lint clean distclean kernel-version patches-check bench
.DEFAULT_GOAL := all
all: kernel modules initramfs dtb images

# ---------------------------------------------------------------- deps
# What a new Debian 12 machine lacks. Installed without recommends, so
# every package a step needs is named here (the arm64 C library headers
# are only a recommendation of the cross compiler; nothing pulls in patch).
DEB_PKGS := gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-system-arm \
	gcc-arm-linux-gnueabihf libc6-dev-armhf-cross \
	linux-source-6.12 bc bison flex libssl-dev libelf-dev cpio ccache \
	device-tree-compiler dt-schema sparse python3 kmod xz-utils gzip gcc \
	libc6-dev make perl patch git gnuplot-nox dkms
DEPS_STAMP := $(BUILD)/.deps-stamp
# Prints "package status" for each package of DEB_PKGS not installed.
DEPS_MISSING = dpkg-query -W -f '$${Package} $${Status}\n' $(DEB_PKGS) 2>&1 | \
	grep -v 'install ok installed' || true
BUSYBOX_DEB := $(BUILD)/busybox-static-arm64.deb
BUSYBOX_ARM_DEB := $(BUILD)/busybox-static-armhf.deb
# Debian's arm64 userspace put into the guest as shipped: qrtr-tools
# (qrtr-lookup) and the C library its binaries are linked against.
GUEST_DEBS := qrtr-tools libc6
GUEST_DEB_DIR := $(BUILD)/guest-debs

# Each step fails loudly, naming what it could not get; a last check
# names any package that still is not installed.
deps: $(DEPS_STAMP)
$(DEPS_STAMP): Makefile
	@mkdir -p $(BUILD)
	@missing=$$($(DEPS_MISSING)); \
	if [ "$$(dpkg --print-foreign-architectures | grep -cxE 'arm64|armhf')" = 2 ] && \
		[ -z "$$missing" ]; then \
		echo "deps: all Debian packages present"; \
	else \
		[ "$$(id -u)" = 0 ] || { echo "deps: missing packages, and not root:" \
			$$(echo "$$missing" | cut -d' ' -f1); exit 1; }; \
		echo "deps: installing Debian packages"; \
		for a in arm64 armhf; do dpkg --add-architecture $$a || \
			{ echo "deps: dpkg --add-architecture $$a failed"; exit 1; }; done; \
		apt-get update -qq || { echo "deps: apt-get update failed"; exit 1; }; \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			--no-install-recommends $(DEB_PKGS) >$(BUILD)/deps-apt.log 2>&1 || \
			{ tail -n 20 $(BUILD)/deps-apt.log; \
			  echo "deps: apt-get install failed (log: $(BUILD)/deps-apt.log)"; exit 1; }; \
	fi
	@missing=$$($(DEPS_MISSING)); \
	[ -z "$$missing" ] || { echo "deps: still not installed:"; echo "$$missing"; exit 1; }
	@for a in arm64 armhf; do \
		deb=$(BUILD)/busybox-static-$$a.deb; [ -s $$deb ] && continue; \
		(cd $(BUILD) && rm -f busybox-static_*_$$a.deb && \
		 { apt-get download -qq busybox-static:$$a || \
		   { apt-get update -qq && apt-get download -qq busybox-static:$$a; }; } && \
		 mv busybox-static_*_$$a.deb $$deb) || \
		{ echo "deps: could not download busybox-static:$$a"; exit 1; }; \
	done
	@mkdir -p $(GUEST_DEB_DIR); \
	for p in $(GUEST_DEBS); do \
		ls $(GUEST_DEB_DIR)/$${p}_*_arm64.deb >/dev/null 2>&1 && continue; \
		(cd $(GUEST_DEB_DIR) && { apt-get download -qq $$p:arm64 || \
		  { apt-get update -qq && apt-get download -qq $$p:arm64; }; }) || \
			{ echo "deps: could not download $$p:arm64"; exit 1; }; \
	done
	@touch $@

# ---------------------------------------------------------------- kernel
kernel-version:
	@if [ -z "$(KERNEL_SRC)" ]; then \
		echo "kernel: $(KPKG) $$(dpkg-query -W -f '$${Version}' $(KPKG)) ($(FLAVOR))"; \
	else \
		echo "kernel: KERNEL_SRC=$(KSRC) ($(FLAVOR))"; \
	fi

$(BUILD)/.src-stamp: $(PATCHES) | $(DEPS_STAMP)
	@echo "kernel: extracting $(TARBALL)"
	rm -rf $(KSRC) $(BUILD)/obj-*
	mkdir -p $(BUILD)
	tar xf $(TARBALL) -C $(BUILD)
	@while read -r p; do \
		case "$$p" in ''|'#'*) continue;; esac; \
		echo "kernel: applying $$p"; \
		patch -d $(KSRC) -p1 --quiet --forward < rpmsg_core_patches/$$p; \
	done < rpmsg_core_patches/series
	touch $@

# $(call kernel-config,KMAKE,FRAGMENTS) in a .config rule: tinyconfig,
# the fragments on top, olddefconfig, then every requested symbol checked.
define kernel-config
mkdir -p $(@D)
$(1) -s tinyconfig
cat $(2) >> $@
$(1) -s olddefconfig
tests/qemu/check-config $@ $(2)
endef

$(KOBJ)/.config: $(SRC_STAMP) $(FRAGMENTS) tests/qemu/check-config
	$(call kernel-config,$(KMAKE),$(FRAGMENTS))
	$(if $(filter bench,$(FLAVOR)),tests/qemu/debug-left $@)

$(KERNEL_STAMP): $(KOBJ)/.config
	@$(MAKE) -s kernel-version
	$(KMAKE) -j$(JOBS) Image modules
	rm -rf $(MODROOT)
	$(KMAKE) -s INSTALL_MOD_PATH=$(MODROOT) INSTALL_MOD_STRIP=1 modules_install
	touch $@

kernel: $(KERNEL_STAMP)

# ---------------------------------------------------------------- ours
# Always descends: Kbuild itself decides what is out of date.
modules: $(KERNEL_STAMP)
	$(KMAKE) M=$(TOP) W=1 -j$(JOBS) modules

$(HOSTBIN)/smem-image: tests/qemu/smem-image.c | $(DEPS_STAMP)
	mkdir -p $(HOSTBIN)
	gcc -O2 -Wall -Wextra -Werror -o $@ $<

$(GUESTBIN)/%: tests/guest/%.c $(wildcard tests/guest/*.h) | $(DEPS_STAMP)
	mkdir -p $(GUESTBIN)
	$(CROSS_COMPILE)gcc -static -O2 -Wall -Wextra -Werror -o $@ $< 

$(GUESTBIN)/%: bench/guest/%.c | $(DEPS_STAMP)
	mkdir -p $(GUESTBIN)
	$(CROSS_COMPILE)gcc -static -O2 -pthread -Wall -Wextra -Werror -o $@ $<

guest: $(GUEST_PROGS)

# SMEM images, one per layout, written as a boot loader would.
images: $(BUILD)/smem-v11.img $(BUILD)/smem-v12.img
$(BUILD)/smem-v%.img: $(HOSTBIN)/smem-image
	$(HOSTBIN)/smem-image --version $* --layout $(BUILD)/smem-v$*.layout -o $@

# ---------------------------------------------------------------- DT
dtb: $(DTBDIR)/board.dtb
$(DTBDIR)/virt.dtb: tests/qemu/qemu-args | $(DEPS_STAMP)
	mkdir -p $(DTBDIR)
	qemu-system-aarch64 $$(tests/qemu/qemu-args machine),dumpdtb=$@ >/dev/null
$(DTBDIR)/%.dtbo: tests/qemu/%.dtso | $(DEPS_STAMP)
	mkdir -p $(DTBDIR)
	dtc -@ -q -I dts -O dtb -o $@ $<
$(DTBDIR)/board.dtb: $(DTBDIR)/virt.dtb $(patsubst tests/qemu/%.dtso,$(DTBDIR)/%.dtbo,$(OVERLAYS))
	fdtoverlay -i $< -o $@ $(filter %.dtbo,$^)

# ---------------------------------------------------------------- firmware
# Images for the simulated processors (tests/qemu/firmware/*.manifest):
# sim-adsp runs SMD channels, sim-vproc a virtio-rpmsg vdev (64-buffer
# vrings); bad-manifest asks for virtio services without a vdev, and must
# be refused. The WCNSS NV image wcnss_ctrl downloads (request_firmware's
# path): 7001 bytes, three fragments, the last one short.
FWDIR := $(BUILD)/firmware
WCNSS_NV := $(FWDIR)/wlan/prima/WCNSS_qcom_wlan_nv.bin
FIRMWARE := $(FWDIR)/rpmsg-smd/sim-adsp.elf $(FWDIR)/rpmsg-smd/sim-vproc.elf \
	$(FWDIR)/rpmsg-smd/bad-manifest.elf $(WCNSS_NV)
$(WCNSS_NV): Makefile
	mkdir -p $(dir $@)
	# No pipe: head leaving early would kill seq with SIGPIPE (pipefail).
	seq -f 'nv item %05g' 1 1000 > $@.tmp
	head -c 7001 $@.tmp > $@
	rm -f $@.tmp
firmware: $(FIRMWARE)
$(HOSTBIN)/mkfw: tests/qemu/mkfw.c | $(DEPS_STAMP)
	mkdir -p $(HOSTBIN)
	gcc -O2 -Wall -Wextra -Werror -o $@ $<
$(FWDIR)/rpmsg-smd/sim-vproc.elf: MKFW_OPTS := --vdev 64
$(FWDIR)/rpmsg-smd/%.elf: tests/qemu/firmware/%.manifest $(HOSTBIN)/mkfw
	mkdir -p $(dir $@)
	$(HOSTBIN)/mkfw $(MKFW_OPTS) $< $@

# ---------------------------------------------------------------- initramfs
initramfs: $(INITRD)
# Rebuilt every time (a second): module and script changes always land.
$(INITRD): modules $(GUEST_PROGS) $(FIRMWARE) FORCE | $(DEPS_STAMP)
	tests/qemu/make-initramfs $@ $(BUSYBOX_DEB) $(MODROOT) $(GUESTBIN) $(TOP) $(FWDIR) $(GUEST_DEB_DIR)
FORCE:

# ---------------------------------------------------------------- lint
# Kernel-side code only: checkpatch --strict, then sparse (C=2 checks every
# file) with W=1. Any finding fails.
KERNEL_C = $(shell find rpmsg_smd include tests/sim tests/kunit tests/platform tests/clients \
	\( -name '*.[ch]' ! -name '*.mod.c' \) 2>/dev/null)
lint: $(KERNEL_STAMP)
	$(KSRC)/scripts/checkpatch.pl --no-tree --strict --terse --no-summary \
		--ignore FILE_PATH_CHANGES -f $(KERNEL_C)
	$(KMAKE) M=$(TOP) W=1 C=2 -j$(JOBS) modules 2>&1 | tee $(BUILD)/lint.log
	@! grep -E 'warning:|error:' $(BUILD)/lint.log

# ---------------------------------------------------------------- tools
# rpmsg-smd, the command-line tool (tools/rpmsg-smd/, docs/rpmsg-smd.1): a
# host build, whose unit tests (tools/rpmsg-smd/test/) make tools-test runs
# as part of make check, and a static guest build, which the initramfs
# puts in /tests/bin with every program of $(GUESTBIN).
TOOL_DIR := tools/rpmsg-smd
TOOL_SRCS := $(wildcard $(TOOL_DIR)/*.c)
TOOL_DEPS := $(TOOL_SRCS) $(wildcard $(TOOL_DIR)/*.h)
TOOL_CFLAGS := -O2 -pthread -Wall -Wextra -Werror
.PHONY: tools tools-test
tools: $(HOSTBIN)/rpmsg-smd $(GUESTBIN)/rpmsg-smd
guest: $(GUESTBIN)/rpmsg-smd
$(INITRD): $(GUESTBIN)/rpmsg-smd
$(HOSTBIN)/rpmsg-smd: $(TOOL_DEPS) | $(DEPS_STAMP)
	mkdir -p $(HOSTBIN)
	gcc $(TOOL_CFLAGS) -o $@ $(TOOL_SRCS)
$(GUESTBIN)/rpmsg-smd: $(TOOL_DEPS) | $(DEPS_STAMP)
	mkdir -p $(GUESTBIN)
	$(CROSS_COMPILE)gcc -static $(TOOL_CFLAGS) -o $@ $(TOOL_SRCS)
$(HOSTBIN)/rpmsg-smd-test: $(TOOL_DEPS) $(TOOL_DIR)/test/test.c | $(DEPS_STAMP)
	mkdir -p $(HOSTBIN)
	gcc $(TOOL_CFLAGS) -o $@ $(TOOL_DIR)/test/test.c $(filter-out %/main.c,$(TOOL_SRCS))
# Parsing, formatting, the debugfs/sysfs parsers, whole commands against a
# fake /sys and /dev, and --help against the man page (a second).
tools-test: $(HOSTBIN)/rpmsg-smd $(HOSTBIN)/rpmsg-smd-test
	$(HOSTBIN)/rpmsg-smd-test docs/rpmsg-smd.1

# ---------------------------------------------------------------- 32-bit ARM
# The same guest in 32 bits (msm8974 / apq8064 / msm8226 class): a debug
# kernel for QEMU virt with Cortex-A15 cores (tinyconfig + the debug
# flavour's fragments + tests/qemu/arm.config), our modules against it
# (built in build/ext-arm by tests/qemu/ext-modules), the guest programs
# and the tool built for arm-linux-gnueabihf, its own initramfs and DT.
# `make arm` builds it all; make check boots it (the arm-* boots).
ARM_CROSS := arm-linux-gnueabihf-
ARM_KOBJ := $(BUILD)/obj-arm
ARM_FRAGMENTS := tests/qemu/kernel.config tests/qemu/debug.config tests/qemu/arm.config
ARM_KMAKE = $(MAKE) -C $(KSRC) O=$(ARM_KOBJ) ARCH=arm \
	CROSS_COMPILE=$(ARM_CROSS) CC="ccache $(ARM_CROSS)gcc"
ARM_STAMP := $(ARM_KOBJ)/.kernel-stamp
ARM_IMAGE := $(ARM_KOBJ)/arch/arm/boot/zImage
ARM_MODROOT := $(BUILD)/modroot-arm
ARM_EXT := $(BUILD)/ext-arm
ARM_GUESTBIN := $(BUILD)/guest-arm
ARM_INITRD := $(BUILD)/initramfs-arm.cpio.gz
ARM_DTBDIR := $(BUILD)/dt-arm
ARM_PROGS := $(patsubst $(GUESTBIN)/%,$(ARM_GUESTBIN)/%,$(GUEST_PROGS)) $(ARM_GUESTBIN)/rpmsg-smd
.PHONY: arm arm-kernel arm-modules arm-guest
arm: arm-kernel arm-modules $(ARM_INITRD) $(ARM_DTBDIR)/board.dtb

$(ARM_KOBJ)/.config: $(SRC_STAMP) $(ARM_FRAGMENTS) tests/qemu/check-config
	$(call kernel-config,$(ARM_KMAKE),$(ARM_FRAGMENTS))

$(ARM_STAMP): $(ARM_KOBJ)/.config
	@echo "kernel: 32-bit ARM ($(ARM_KOBJ))"
	$(ARM_KMAKE) -j$(JOBS) zImage modules
	rm -rf $(ARM_MODROOT)
	$(ARM_KMAKE) -s INSTALL_MOD_PATH=$(ARM_MODROOT) INSTALL_MOD_STRIP=1 modules_install
	touch $@
arm-kernel: $(ARM_STAMP)

# W=1, and any warning fails: the 32-bit build must be as clean as the
# 64-bit one.
arm-modules: $(ARM_STAMP)
	tests/qemu/ext-modules $(ARM_EXT) $(ARM_KOBJ) arm $(ARM_CROSS) -j$(JOBS) \
		2>&1 | tee $(BUILD)/arm-modules.log
	@! grep -E 'warning:|error:' $(BUILD)/arm-modules.log

$(ARM_GUESTBIN)/%: tests/guest/%.c $(wildcard tests/guest/*.h) | $(DEPS_STAMP)
	mkdir -p $(ARM_GUESTBIN)
	$(ARM_CROSS)gcc -static -O2 -Wall -Wextra -Werror -o $@ $<
$(ARM_GUESTBIN)/%: bench/guest/%.c | $(DEPS_STAMP)
	mkdir -p $(ARM_GUESTBIN)
	$(ARM_CROSS)gcc -static -O2 -pthread -Wall -Wextra -Werror -o $@ $<
$(ARM_GUESTBIN)/rpmsg-smd: $(TOOL_DEPS) | $(DEPS_STAMP)
	mkdir -p $(ARM_GUESTBIN)
	$(ARM_CROSS)gcc -static $(TOOL_CFLAGS) -o $@ $(TOOL_SRCS)
# The host programs, compiled for a 32-bit target too (warnings fail).
ARM_HOSTCHK := $(ARM_GUESTBIN)/.host-32bit
$(ARM_HOSTCHK): tests/qemu/smem-image.c tests/qemu/mkfw.c | $(DEPS_STAMP)
	mkdir -p $(ARM_GUESTBIN)
	for f in $^; do $(ARM_CROSS)gcc -O2 -Wall -Wextra -Werror -c -o /dev/null $$f; done
	touch $@
arm-guest: $(ARM_PROGS) $(ARM_HOSTCHK)

$(ARM_INITRD): arm-modules arm-guest $(FIRMWARE) FORCE | $(DEPS_STAMP)
	KODIR=$(ARM_EXT) tests/qemu/make-initramfs $@ $(BUSYBOX_ARM_DEB) \
		$(ARM_MODROOT) $(ARM_GUESTBIN) $(TOP) $(FWDIR)

$(ARM_DTBDIR)/virt.dtb: tests/qemu/qemu-args | $(DEPS_STAMP)
	mkdir -p $(ARM_DTBDIR)
	qemu-system-arm $$(tests/qemu/qemu-args machine-arm),dumpdtb=$@ >/dev/null
$(ARM_DTBDIR)/board.dtb: $(ARM_DTBDIR)/virt.dtb $(patsubst tests/qemu/%.dtso,$(DTBDIR)/%.dtbo,$(OVERLAYS))
	fdtoverlay -i $< -o $@ $(filter %.dtbo,$^)

# make dtbs-check (docs/bindings.md): dt-validate, with the 6.12 tree's
# schemas plus bindings/, on our QEMU board DTs (arm64 and arm) and on the
# real Qualcomm boards of the tree that carry SMD; counts printed, upstream's
# own rejections reported, not hidden. Bounded: 10 minutes at most.
.PHONY: dtbs-check
dtbs-check: $(DTBDIR)/board.dtb $(ARM_DTBDIR)/board.dtb $(SRC_STAMP) | $(DEPS_STAMP)
	timeout 600 nice -n 10 tests/dt/dtbs-check --ksrc $(KSRC) \
		--board $(DTBDIR)/board.dtb --virt $(DTBDIR)/virt.dtb \
		--board $(ARM_DTBDIR)/board.dtb --virt $(ARM_DTBDIR)/virt.dtb \
		--out $(BUILD)/dtbs-check --jobs $(JOBS)

# ---------------------------------------------------------------- dkms, install
# make dkms-check: rpmsg_smd.ko built as a distribution would, by Debian's
# dkms from the package dkms.conf describes (rpmsg_smd/, include/, Kconfig)
# against $(KOBJ), with private dkms trees under $(DKMS_OUT) (the host's
# /var/lib/dkms, /usr/src and /lib/modules are not touched); root not
# needed. The initramfs puts that module in /lib/modules/rpmsg-smd/dkms/
# when $(DKMS_OUT)/guest has it; the dkms boot (tests/guest/dkms/) loads
# it instead of the checkout's. Under make check it is built first.
DKMS_OUT := $(BUILD)/dkms
.PHONY: dkms-check install install-check
dkms-check: modules | $(DEPS_STAMP)
	ARCH=$(ARCH) CROSS_COMPILE=$(CROSS_COMPILE) tests/qemu/dkms-check $(KOBJ) $(DKMS_OUT)
$(INITRD): export DKMS_GUEST := $(DKMS_OUT)/guest
ifneq ($(filter check,$(MAKECMDGOALS)),)
$(INITRD): dkms-check
endif

# make install: what a board's root file system gets, under DESTDIR.
# rpmsg_smd.ko only (not the test modules: the driver's own modules.order)
# through the kernel's modules_install, into $(INSTALL_MOD_PATH)/lib/modules/
# <release>/updates/rpmsg_smd/, then depmod -b $(INSTALL_MOD_PATH) (the
# kernel's depmod.sh, when depmod is there); the rpmsg-smd tool built for
# the target (static $(ARCH), INSTALL_TOOL=$(HOSTBIN)/rpmsg-smd for the
# host's) into $(bindir), its man page into $(mandir)/man1. No firmware:
# the driver loads none, and build/firmware/ holds the simulator's test
# images; a board's remote processors run Qualcomm's firmware, installed
# by its own packages (docs/porting.md).
PREFIX ?= /usr/local
bindir ?= $(PREFIX)/bin
mandir ?= $(PREFIX)/share/man
INSTALL_MOD_PATH ?= $(DESTDIR)
INSTALL_TOOL ?= $(GUESTBIN)/rpmsg-smd
install: modules $(INSTALL_TOOL)
	$(KMAKE) M=$(TOP) MODORDER=$(TOP)/rpmsg_smd/modules.order \
		INSTALL_MOD_PATH=$(abspath $(INSTALL_MOD_PATH)) modules_install
	install -D -m 755 $(INSTALL_TOOL) $(DESTDIR)$(bindir)/rpmsg-smd
	install -D -m 644 docs/rpmsg-smd.1 $(DESTDIR)$(mandir)/man1/rpmsg-smd.1
# make install into a scratch DESTDIR lays out exactly these files.
install-check:
	@d=$$(mktemp -d); trap 'rm -rf "$$d"' EXIT; \
	$(MAKE) -s --no-print-directory install DESTDIR=$$d PREFIX=/usr >$(BUILD)/install-check.log 2>&1 || \
		{ cat $(BUILD)/install-check.log; echo "install-check: make install failed"; exit 1; }; \
	m=lib/modules/$$(cat $(KOBJ)/include/config/kernel.release); \
	for f in $$m/updates/rpmsg_smd/rpmsg_smd.ko $$m/modules.dep usr/bin/rpmsg-smd \
		usr/share/man/man1/rpmsg-smd.1; do \
		[ -s "$$d/$$f" ] || { echo "install-check: no $$f"; exit 1; }; \
	done; \
	[ "$$(find $$d -name '*.ko' | wc -l)" = 1 ] || \
		{ echo "install-check: not only rpmsg_smd.ko:"; find $$d -name '*.ko'; exit 1; }; \
	grep -qx 'updates/rpmsg_smd/rpmsg_smd.ko:.*' $$d/$$m/modules.dep || \
		{ echo "install-check: depmod did not list the module"; exit 1; }; \
	[ -x $$d/usr/bin/rpmsg-smd ] && [ "$$(modinfo -F name $$d/$$m/updates/rpmsg_smd/rpmsg_smd.ko)" = rpmsg_smd ] || \
		{ echo "install-check: bad tool or module"; exit 1; }; \
	[ -z "$$(find $$d -type f ! -path "$$d/$$m/*" ! -path "$$d/usr/bin/rpmsg-smd" \
		! -path "$$d/usr/share/man/man1/rpmsg-smd.1")" ] || \
		{ echo "install-check: unexpected files:"; find $$d -type f; exit 1; }; \
	echo "install-check: ok ($$(find $$d -type f | wc -l) files: rpmsg_smd.ko, depmod's files, the tool, its man page)"

# ---------------------------------------------------------------- run/check
# LOOPS=N: remoteproc restart cycles of the transport suite and of QRTR's
# node (default 25; a soak runs more, e.g. LOOPS=400). GUEST_ENV=NAME=VALUE,...
# exports variables to every unit, e.g. the smd suite's stress cycles for a
# soak: GUEST_ENV=UNBIND_CYCLES=1000,REOFFER_CYCLES=2000,TEARDOWN_CYCLES=100.
BOOT = tests/qemu/run $(if $(LOOPS),--append smdtest.loops=$(LOOPS)) \
	$(if $(GUEST_ENV),--append smdtest.env=$(GUEST_ENV)) \
	--kernel $(IMAGE) --initrd $(INITRD) --dtb $(DTBDIR)/board.dtb \
	--timeout $(TIMEOUT) --logdir $(BUILD)/logs

# $(value CMD): the command reaches the guest exactly as typed, $ and all.
# SMEM=v11|v12 picks the image, STACK=smd|intree|none what is loaded.
SMEM ?= v11
STACK ?= smd
run: all
	$(BOOT) --smem $(BUILD)/smem-$(SMEM).img --mode run --stack $(STACK) \
		$(if $(value CMD),--cmd '$(subst ','\'',$(value CMD))')

export KUNIT_PY = $(KSRC)/tools/testing/kunit/kunit.py

# Host-side: the verdict scripts turn red on provoked failures.
harness-selftest: $(SRC_STAMP)
	tests/qemu/selftest

# Each patch of the series applies to a pristine tree on its own, is clean
# under checkpatch --strict, and leaves drivers/rpmsg/ building with W=1
# and no warning (tests/qemu/patches-check, in build/patches-check/).
patches-check: | $(DEPS_STAMP)
	BUILD=$(BUILD) TARBALL=$(TARBALL) CROSS_COMPILE=$(CROSS_COMPILE) \
		FRAGMENTS="$(FRAGMENTS)" JOBS=$(JOBS) tests/qemu/patches-check

# The in-tree series (docs/intree.md): `make intree-patch` writes it into
# OUT (default build/intree-patch/) with git format-patch, from the
# checkout as it is, on top of the pristine tree + rpmsg_core_patches/.
# `make intree-check` applies it patch by patch (git am, checkpatch
# --strict, a build after each), checks the Kconfig rules on scratch
# configurations, builds build/obj-builtin (tests/qemu/builtin.config:
# rpmsg_smd, smem, hwspinlock, rpm-proc built in, qcom_smd off), our other
# modules against it and build/initramfs-builtin.cpio.gz; INTREE_BOOT=1
# also boots it with the smd suite on v11 (build/logs/builtin-smd-v11).
OUT ?= $(BUILD)/intree-patch
.PHONY: intree-patch intree-check
intree-patch: | $(DEPS_STAMP)
	BUILD=$(BUILD) TARBALL=$(TARBALL) tests/qemu/intree-series $(OUT)
intree-check: $(GUEST_PROGS) $(GUESTBIN)/rpmsg-smd $(FIRMWARE) dtb images | $(DEPS_STAMP)
	BUILD=$(BUILD) TARBALL=$(TARBALL) CROSS_COMPILE=$(CROSS_COMPILE) JOBS=$(JOBS) \
		OUT=$(OUT) TIMEOUT=$(TIMEOUT) BUSYBOX_DEB=$(BUSYBOX_DEB) GUESTBIN=$(GUESTBIN) \
		FWDIR=$(FWDIR) GUEST_DEB_DIR=$(GUEST_DEB_DIR) KUNIT_PY=$(KUNIT_PY) \
		tests/qemu/intree-check $(if $(INTREE_BOOT),--boot)

# Each suite (tests/guest/<suite>/) runs in its own boot on each SMEM layout,
# so each starts from a fresh SMEM; a last boot must go red (a failing KUnit
# case, then a WARN under panic_on_warn). Boots never stop make on their
# own: the report judges them all. Suites: sim (platform + simulator
# faithfulness with the in-tree driver), smd (rpmsg_smd), faults (rpmsg_smd
# against the fault catalogue and random mutation), clients (the in-tree
# clients real boards use: smd-rpm with its clocks and regulators, QRTR,
# wcnss_ctrl with Bluetooth, over rpmsg_smd). XBOOTS: the
# transport-independent suite (tests/guest/transport/, with remoteproc
# restart loops) once per transport, on-smd and on-virtio; the SMEM layout
# does not matter to it, so each runs on one (XBOOTS= skips them).
# bench-v12: make bench's guest programs, once and briefly, on the debug
# kernel. clients-intree-v12 (the client units on the in-tree qcom_smd, for
# the table in docs/clients.md) is not a default boot: see docs/testing.md.
#
# Three boots run another kernel or module: builtin-smd-v11 is the smd
# suite on make intree-check's kernel (rpmsg_smd, smem, hwspinlock and
# rpm-proc built in, from the in-tree series) and replaces smd-v11 while it
# is in XBOOTS (BUILTIN_UNITS: all but the unbind and reoffer stress units,
# which smd-v12 runs; their code is the same built in); arm-smd-v11 runs
# the smd suite's data-path and life-cycle units (ARM_UNITS: the KUnit
# suites, probe order, data path, life cycle) on the 32-bit ARM guest (make
# arm); dkms-v11 loads the rpmsg_smd.ko that Debian's dkms built (make
# dkms-check) and runs the transport's data path on it (tests/guest/dkms/).
SUITES := sim smd faults clients
LAYOUTS := v11 v12
XBOOTS := on-smd-v12 on-virtio-v11 bench-v12 builtin-smd-v11 arm-smd-v11 dkms-v11
BOOTS := $(filter-out $(patsubst builtin-%,%,$(filter builtin-%,$(XBOOTS))), \
	$(foreach s,$(SUITES),$(foreach l,$(LAYOUTS),$(s)-$(l)))) $(XBOOTS)
ARM_UNITS ?= 10,11,12,20,30
BUILTIN_UNITS ?= 10,11,12,20,30,35,36,38,40,41,42,43,44,45
BUILTIN_BOOT = --kernel $(BUILD)/obj-builtin/arch/arm64/boot/Image \
	--initrd $(BUILD)/initramfs-builtin.cpio.gz --append smdtest.units=$(BUILTIN_UNITS)
ARM_BOOT = --arch arm --kernel $(ARM_IMAGE) --initrd $(ARM_INITRD) \
	--dtb $(ARM_DTBDIR)/board.dtb --append smdtest.units=$(ARM_UNITS)
# Boots that run their restart loops short unless LOOPS is given: QRTR's 25
# crashes and 25 stop/starts of the ADSP do not depend on the SMEM layout,
# so they run in full once (clients-v12) and as a smoke test on v11.
SHORT_LOOPS := clients-v11

# make bench: rpmsg_smd against the in-tree qcom_smd and virtio_rpmsg on the
# bench kernel, BENCH_REPS rounds (docs/performance.md); results and plots
# in bench/results/. Leaves our modules built for the bench kernel: make all
# builds them for the debug kernel again. Never part of make check (which
# runs the bench programs once, briefly: the bench-v12 boot).
BENCH_REPS ?= 3
bench:
	$(MAKE) all FLAVOR=bench
	bench/run $(BENCH_REPS)

check: all harness-selftest lint patches-check tools-test dtbs-check install-check \
		intree-check $(if $(filter arm-%,$(BOOTS)),arm)
	@$(MAKE) --no-print-directory check-boots NO_REPORT=1
	-$(BOOT) --smem $(BUILD)/smem-v11.img --mode selftest --name selftest --timeout 300
	tests/qemu/report --expect-red $(BUILD)/logs/selftest
	tests/qemu/report $(addprefix $(BUILD)/logs/,$(BOOTS))

# make check-boots [SUITES=... XBOOTS=...]: only the boots, on what is
# built already, then their report (no builds, no lint): the quickest way
# to run one boot again after a guest-side change (make initramfs first).
.PHONY: check-boots
check-boots:
	@for b in $(BOOTS); do \
		s=$${b%-*}; l=$${b##*-}; a=; \
		case " $(if $(LOOPS),,$(SHORT_LOOPS)) " in *" $$b "*) a="--append smdtest.loops=5" ;; esac; \
		case $$s in \
		builtin-*) s=$${s#builtin-}; a="$$a $(BUILTIN_BOOT)" ;; \
		arm-*) s=$${s#arm-}; a="$$a $(ARM_BOOT)" ;; \
		esac; \
		$(BOOT) $$a --smem $(BUILD)/smem-$$l.img --layout $(BUILD)/smem-$$l.layout \
			--mode check --suite $$s --name $$b || true; \
	done
	$(if $(NO_REPORT),,tests/qemu/report $(addprefix $(BUILD)/logs/,$(BOOTS)))

# ---------------------------------------------------------------- clean
clean:
	-[ -d $(KOBJ) ] && $(KMAKE) M=$(TOP) clean >/dev/null 2>&1
	rm -rf $(BUILD)/logs $(BUILD)/initramfs-* $(BUILD)/*.img $(BUILD)/*.layout \
		$(DTBDIR) $(HOSTBIN) $(GUESTBIN)
distclean: clean
	rm -rf $(BUILD)

endif
