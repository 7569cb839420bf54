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
	name=$1; shift
	out=$("$@" 2>&1); rc=$?
	[ -z "$out" ] || echo "$out" | sed 's/^/# /'
	ok "$name" $rc
}

skip() { T=$((T + 1)); echo "ok $T $1 # SKIP $2"; }

# wait_until SECONDS COMMAND...: poll every 0.1 s.
wait_until() {
	n=$(($1 * 10)); shift
	while [ $n -gt 0 ]; do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.1; n=$((n - 1))
	done
	return 1
}

sim() { edge=$1; shift; echo "$*" > $SIMD/$edge/ctl; }

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
