# SPDX-License-Identifier: GPL-2.0
# Binding the test clients (tests/clients/) to a channel's rpmsg device
# (sourced after smdlib.sh).

# client_bind DRIVER DEVICE: bind DRIVER to rpmsg device DEVICE (a name
# under /sys/bus/rpmsg/devices) through driver_override.
client_bind() {
	echo $1 > /sys/bus/rpmsg/devices/$2/driver_override &&
		echo $2 > /sys/bus/rpmsg/drivers_probe 2>/dev/null
	[ "$(basename "$(readlink /sys/bus/rpmsg/devices/$2/driver)")" = $1 ]
}

# client_unbind DEVICE
client_unbind() {
	[ ! -e /sys/bus/rpmsg/devices/$1/driver ] || echo $1 > /sys/bus/rpmsg/devices/$1/driver/unbind
	[ ! -e /sys/bus/rpmsg/devices/$1 ] || echo > /sys/bus/rpmsg/devices/$1/driver_override
}

# intree_skips: true on STACK=intree unless smdtest.intree_all=1: the cases
# the in-tree qcom_smd fails by ending the boot (a panic) or the unit (a
# hang) are then reported as SKIP with the reason (docs/clients.md).
intree_skips() {
	[ "${STACK:-ours}" = intree ] && ! grep -qw smdtest.intree_all=1 /proc/cmdline
}

# rpmsg_name NODE CHAN: the rpmsg device name of channel CHAN of edge NODE
rpmsg_name() { ls /sys/bus/rpmsg/devices | grep -E "(^|:)$1\.$2\." | head -n 1; }

RE=/sys/module/rpmsg_reentry_client/parameters
re() { cat $RE/$1; }
re_state() { echo "done=$(re done) errors=$(re errors) last=$(re last_error) other_errors=$(re other_errors) sig_calls=$(re sig_calls)"; }
