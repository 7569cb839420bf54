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

# wait_until SECONDS COMMAND...: poll every 0.1 s.
wait_until() {
	local left=$(($1 * 10))
	shift
	while [ $left -gt 0 ]; do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.1; left=$((left - 1))
	done
	return 1
}

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

# ctrl_of NODE: the /dev/rpmsg_ctrlN of the edge whose DT node is NODE.
ctrl_of() {
	for c in /sys/class/rpmsg/rpmsg_ctrl*; do
		case "$(readlink -f $c/device)" in
		*:$1.rpmsg_ctrl.*) echo /dev/${c##*/}; return 0 ;;
		esac
	done
	return 1
}

# rpmsg_dev NODE CHAN: is the channel's rpmsg device registered?
rpmsg_dev() { ls /sys/bus/rpmsg/devices/ | grep -q ":$1\.$2\."; }
no_rpmsg_dev() { ! rpmsg_dev "$@"; }

# Our rpmsg_smd.ko, and the in-tree rpm-proc parent registering its edge
# through our qcom_smd_register_edge().
load_ours() {
	load_sim || return 1
	grep -q '^rpmsg_smd ' /proc/modules ||
		insmod /lib/modules/rpmsg-smd/rpmsg_smd.ko || return 1
	grep -q '^rpm_proc ' /proc/modules ||
		insmod /lib/modules/$(uname -r)/kernel/drivers/soc/qcom/rpm-proc.ko || return 1
	wait_until 5 ctrl_of smd-edge-modem
}

SMDD=/sys/kernel/debug/rpmsg_smd
# ourstat NODE CHAN KEY: one value from our driver's debugfs.
ourstat() {
	grep -h "^chan $2 " $SMDD/*:$1/channels 2>/dev/null | tr ' ' '\n' | sed -n "s/^$3=//p"
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
