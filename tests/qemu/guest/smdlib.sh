# SPDX-License-Identifier: GPL-2.0
# Shell helpers for guest test units (sourced). Each unit prints a KTAP body:
# call plan N, then one check/ok per case.
SIMD=/sys/kernel/debug/smd_sim
T=0

plan() { echo "1..$1"; }

# ok NAME STATUS [diagnostic]
ok() {
	T=$((T + 1))
	if [ "$2" = 0 ]; then
		echo "ok $T $1"
	else
		[ -z "$3" ] || echo "# $3"
		echo "not ok $T $1"
	fi
}

# check NAME COMMAND...: one case, its output kept as diagnostics.
check() {
	local name=$1 out rc
	shift
	out=$("$@" 2>&1); rc=$?
	[ -z "$out" ] || echo "$out" | sed 's/^/# /'
	ok "$name" $rc
}

skip() { T=$((T + 1)); echo "ok $T $1 # SKIP $2"; }

# wait_until SECONDS COMMAND...: poll every 0.1 s for SECONDS (to the next
# whole second) of wall time, also when COMMAND itself is slow (the clock
# is read, not a process started: cheap).
wait_until() {
	local up end
	read -r up _ < /proc/uptime
	end=$((${up%.*} + $1 + 1))
	shift
	while :; do
		"$@" >/dev/null 2>&1 && return 0
		read -r up _ < /proc/uptime
		[ "${up%.*}" -lt $end ] || return 1
		sleep 0.1
	done
}

# val OP VALUE CMD...: CMD's output compared with test's OP to VALUE. For
# wait_until, which re-runs it: `wait_until 5 test "$(x)" = 1` would
# compare the value read once, before the wait.
val() { local op=$1 v=$2; shift 2; [ "$("$@")" $op "$v" ]; }

sim() { local edge=$1; shift; echo "$*" > $SIMD/$edge/ctl; }

# simstat EDGE CHAN KEY: one value from the status file.
simstat() {
	grep "^chan $2 " $SIMD/$1/status | tr ' ' '\n' | sed -n "s/^$3=//p"
}

# simedge EDGE KEY
simedge() { grep "^edge " $SIMD/$1/status | tr ' ' '\n' | sed -n "s/^$2=//p"; }

load_sim() {
	[ -d $SIMD ] || insmod /lib/modules/rpmsg-smd/smd_sim.ko || return 1
	wait_until 5 test -e $SIMD/modem/status
}

# The in-tree qcom_smd and the rpm-proc parent of the rpm edge.
load_intree() {
	load_sim || return 1
	grep -q '^qcom_smd ' /proc/modules || modprobe qcom_smd || return 1
	grep -q '^rpm_proc ' /proc/modules || modprobe rpm-proc || return 1
}

# ctrl_of NODE: the /dev/rpmsg_ctrlN of the edge whose DT node is NODE
# (or whose device name is NODE, e.g. remoteproc-adsp:smd-edge, virtio1).
ctrl_of() {
	for c in /sys/class/rpmsg/rpmsg_ctrl*; do
		case "$(readlink -f $c/device)" in
		*[/:]$1.rpmsg_ctrl.*) echo /dev/${c##*/}; return 0 ;;
		esac
	done
	return 1
}

# rpmsg_dev NODE CHAN: is the channel's rpmsg device registered?
rpmsg_dev() { ls /sys/bus/rpmsg/devices/ | grep -qE "(^|:)$1\.$2\."; }
no_rpmsg_dev() { ! rpmsg_dev "$@"; }

# chr_of NODE CHAN: the /dev/rpmsgN rpmsg_char made for channel CHAN's own
# device on edge NODE (RPMSG_CREATE_DEV_IOCTL, or bound by driver_override)
chr_of() {
	local c
	for c in /sys/class/rpmsg/rpmsg[0-9]*; do
		readlink -f $c/device 2>/dev/null | grep -qE "[/:]$1\\.$2\\.[^/]*$" &&
			echo /dev/${c##*/} && return 0
	done
	return 1
}
# tty_of NODE: the ttyRPMSG of the rpmsg-tty channel of NODE
tty_of() {
	local t
	for t in /sys/class/tty/ttyRPMSG*; do
		readlink -f $t/device 2>/dev/null | grep -qE "[/:]$1\\.rpmsg-tty\\." &&
			echo /dev/${t##*/} && return 0
	done
	return 1
}

# builtin MODULE: is MODULE (rpm_proc, not rpm-proc) built into the kernel?
# (make intree-check's kernel has rpmsg_smd and rpm-proc built in.)
builtin() {
	[ -d /sys/module/$1 ] && [ ! -e /sys/module/$1/initstate ] && return 0
	sed 's|.*/||; s|\.ko$||; s|-|_|g' /lib/modules/$(uname -r)/modules.builtin 2>/dev/null |
		grep -qx "$1"
}

# Our rpmsg_smd.ko, and the in-tree rpm-proc parent registering its edge
# through our qcom_smd_register_edge(); either may be built in.
load_ours() {
	load_sim || return 1
	grep -q '^rpmsg_smd ' /proc/modules || builtin rpmsg_smd ||
		insmod /lib/modules/rpmsg-smd/rpmsg_smd.ko || return 1
	grep -q '^rpm_proc ' /proc/modules || builtin rpm_proc ||
		insmod /lib/modules/$(uname -r)/kernel/drivers/soc/qcom/rpm-proc.ko || return 1
	wait_until 5 ctrl_of smd-edge-modem
}

SMDD=/sys/kernel/debug/rpmsg_smd
# ourstat NODE CHAN KEY: one value from our driver's debugfs.
ourstat() {
	grep -h "^chan $2 " $SMDD/$1/channels $SMDD/*:$1/channels 2>/dev/null | tr ' ' '\n' | sed -n "s/^$3=//p"
}
ouredge() { grep -h "^edge " $SMDD/*:$1/channels | tr ' ' '\n' | sed -n "s/^$2=//p"; }

# open_chan EDGE NODE CHAN SERVICE [OPTS]: the simulator offers a channel,
# our device for it appears; prints the endpoint device from NODE's ctrl.
open_chan() {
	local edge=$1 node=$2 chan=$3 svc=$4
	shift 4
	sim $edge open $chan $svc "$@" && wait_until 5 rpmsg_dev $node $chan &&
		smdtest ept $(ctrl_of $node) $chan
}

# ---------------------------------------------------------------- remoteproc
# Our stack plus the simulated processors' remoteproc driver: both
# processors boot (auto-boot) with the firmware named in DT. Once loaded,
# the processors' states are the tests' business: nothing is waited for.
load_rproc() {
	load_ours || return 1
	grep -q '^sim_rproc ' /proc/modules && return 0
	insmod /lib/modules/rpmsg-smd/sim_rproc.ko || return 1
	wait_until 10 rproc_running adsp && wait_until 10 rproc_running vproc
}

# rproc_of NAME: /sys/class/remoteproc/remoteprocN of processor NAME
rproc_of() {
	for r in /sys/class/remoteproc/remoteproc*; do
		[ "$(cat $r/name 2>/dev/null)" = "$1" ] && echo $r && return 0
	done
	return 1
}
rproc_running() { [ "$(cat $(rproc_of $1)/state)" = running ]; }
rproc_offline() { [ "$(cat $(rproc_of $1)/state)" = offline ]; }
# simproc NAME KEY: one value of the simulated processor's status line
simproc() { grep "^proc " $SIMD/rproc-$1/status | tr ' ' '\n' | sed -n "s/^$2=//p"; }

# ---------------------------------------------------------------- transports
# The transport-independent units (tests/guest/transport/) run with
# TRANSPORT=smd (the adsp processor's SMD edge) or TRANSPORT=virtio (the
# vproc processor's rpmsg vdev). Both firmwares offer the same services:
# echo, sink, source, rpmsg-tty, rpmsg-client-sample.
case "${TRANSPORT:-}" in
smd)
	T_PROC=adsp T_OTHER=vproc T_SIMCTL=$SIMD/adsp/ctl T_SIMSTATUS=$SIMD/adsp/status
	T_DEV='remoteproc-adsp:smd-edge' T_MTU=8168 ;;
virtio)
	T_PROC=vproc T_OTHER=adsp T_SIMCTL=$SIMD/rproc-vproc/ctl
	T_SIMSTATUS=$SIMD/rproc-vproc/status T_DEV='virtio[0-9]*' T_MTU=496 ;;
esac

# t_svc NAME: the rpmsg device of service NAME on this transport
t_svc() { ls /sys/bus/rpmsg/devices/ | grep -E "^$T_DEV\\.$1\\." | head -n 1; }
t_ctrl() { ctrl_of "$T_DEV"; }
# t_up: the processor runs and offers its services
t_up() { rproc_running $T_PROC && [ -n "$(t_svc echo)" ] && [ -n "$(t_svc rpmsg-tty)" ] && t_ctrl >/dev/null; }
# t_open NAME: an endpoint device for service NAME (virtio: at its address)
t_open() {
	local svc ctrl
	svc=$(t_svc $1) && [ -n "$svc" ] && ctrl=$(t_ctrl) || return 1
	if [ "$TRANSPORT" = virtio ]; then smdtest ept $ctrl $1 ${svc##*.}
	else smdtest ept $ctrl $1; fi
}
t_sim() { echo "$*" > $T_SIMCTL; }
# t_stat NAME KEY: a counter of the remote's service NAME
t_stat() { grep "^chan $1 " $T_SIMSTATUS | tr ' ' '\n' | sed -n "s/^$2=//p"; }
# t_tty: the ttyRPMSG of this transport's rpmsg-tty service
t_tty() { tty_of "$T_DEV"; }
t_crash() { echo crash > $SIMD/rproc-$T_PROC/ctl; }
t_stop() { echo stop > $(rproc_of $T_PROC)/state; }
t_start() { echo start > $(rproc_of $T_PROC)/state; }
# t_setup: load everything, stop the other processor, wait for ours
t_setup() {
	load_rproc || return 1
	! rproc_running $T_OTHER || echo stop > $(rproc_of $T_OTHER)/state
	wait_until 10 t_up
}
