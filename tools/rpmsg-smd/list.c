// SPDX-License-Identifier: GPL-2.0
/*
 * rpmsg-smd list [--json]: every edge and channel, from sysfs and debugfs.
 */
#include <errno.h>
#include <string.h>

#include "rpmsg-smd.h"

static void users(const struct rs_chan *c, char *buf, size_t len)
{
	size_t n = 0;
	int i;

	buf[0] = 0;
	if (c->driver[0])
		n += snprintf(buf, len, "%s", c->driver);
	for (i = 0; i < c->ndevs && n < len; i++)
		n += snprintf(buf + n, len - n, "%s/dev/%s", n ? "," : "", c->devs[i]);
	if (!n)
		snprintf(buf, len, "-");
}

static const char *state_str(bool known, unsigned long long st, char *buf, size_t len)
{
	const char *s = rs_state_name(st);

	if (!known)
		return "-";
	if (s)
		return s;
	snprintf(buf, len, "%#llx", st);
	return buf;
}

static void num(char *buf, size_t len, bool known, long long v)
{
	if (known && v >= 0)
		snprintf(buf, len, "%lld", v);
	else
		snprintf(buf, len, "-");
}

static void unum(char *buf, size_t len, bool known, unsigned long long v)
{
	if (known)
		snprintf(buf, len, "%llu", v);
	else
		snprintf(buf, len, "-");
}

/* One row of the table: channel, states, signals, sizes, counters, users. */
#define ROW "  %-19s %-13s %-13s %-13s %5s %6s %6s %6s %9s %11s %9s %11s %8s %6s %4s  %s\n"

static void print_edge(const struct rs_edge *e)
{
	char b[16][40], st1[16], st2[16], who[512];
	const struct rs_chan *c;
	int i;

	printf("edge %s: transport %s, device %s, control %s%s\n", rs_edge_name(e),
	       e->transport[0] ? e->transport : "-", e->dev, e->ctrl[0] ? "/dev/" : "",
	       e->ctrl[0] ? e->ctrl : "-");
	if (e->dbg)
		printf("  id %lld, remote pid %lld, irqs %llu, passes %llu, throttled %llu, "
		       "scans %llu, rejected entries %llu\n", e->id, e->pid, e->irqs,
		       e->passes, e->throttled, e->scans, e->rejected);
	if (!e->nchans) {
		printf("  no channels\n");
		return;
	}
	printf(ROW, "CHANNEL", "LOCAL", "REMOTE", "SIGNALS", "MTU", "FIFO", "TXQ", "RXQ",
	       "RX-PKTS", "RX-BYTES", "TX-PKTS", "TX-BYTES", "KICKS", "DROPS", "QUAR",
	       "USERS");
	for (i = 0; i < e->nchans; i++) {
		c = &e->chans[i];
		if (c->dbg)
			rs_dbg_signals(c->signals, b[0], sizeof(b[0]));
		else
			strcpy(b[0], "-");
		num(b[1], sizeof(b[1]), c->mtu >= 0, c->mtu);
		unum(b[2], sizeof(b[2]), c->dbg, c->fifo);
		num(b[3], sizeof(b[3]), c->dbg, rs_ring_used(c->tx_head, c->tx_tail, c->fifo));
		num(b[4], sizeof(b[4]), c->dbg, rs_ring_used(c->rx_head, c->rx_tail, c->fifo));
		unum(b[5], sizeof(b[5]), c->dbg, c->rx_pkts);
		unum(b[6], sizeof(b[6]), c->dbg, c->rx_bytes);
		unum(b[7], sizeof(b[7]), c->dbg, c->tx_pkts);
		unum(b[8], sizeof(b[8]), c->dbg, c->tx_bytes);
		unum(b[9], sizeof(b[9]), c->dbg, c->kicks);
		unum(b[10], sizeof(b[10]), c->dbg, c->drops);
		users(c, who, sizeof(who));
		printf(ROW, c->name, state_str(c->dbg, c->state, st1, sizeof(st1)),
		       state_str(c->dbg, c->remote, st2, sizeof(st2)), b[0], b[1], b[2],
		       b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10],
		       c->dbg ? (c->quarantined ? "yes" : "no") : "-", who);
	}
}

static void json_u(const char *key, bool known, unsigned long long v)
{
	if (known)
		printf(", \"%s\": %llu", key, v);
	else
		printf(", \"%s\": null", key);
}

static void json_s(const char *key, bool known, long long v)
{
	if (known)
		printf(", \"%s\": %lld", key, v);
	else
		printf(", \"%s\": null", key);
}

static void json_key_str(const char *key, const char *v)
{
	printf(", \"%s\": ", key);
	rs_json_str(stdout, v);
}

static void json_chan(const struct rs_chan *c)
{
	static const char *const sig[] = { "DSR", "CTS", "CD", "RI" };
	char path[48];
	long used;
	int i, n;

	printf("{\"name\": ");
	rs_json_str(stdout, c->name);
	json_key_str("rpmsg_device", c->rpdev);
	json_s("mtu", c->mtu >= 0, c->mtu);
	json_key_str("driver", c->driver);
	printf(", \"devices\": [");
	for (i = 0; i < c->ndevs; i++) {
		snprintf(path, sizeof(path), "/dev/%s", c->devs[i]);
		printf("%s", i ? ", " : "");
		rs_json_str(stdout, path);
	}
	printf("]");
	json_s("dst", c->has_dst && c->dst != 0xffffffffu, c->dst);
	json_u("table", c->dbg, c->table);
	json_u("cid", c->dbg, c->cid);
	json_key_str("info", c->dbg ? c->info : NULL);
	json_key_str("mode", c->dbg ? c->mode : NULL);
	json_u("fifo", c->dbg, c->fifo);
	json_key_str("local_state", c->dbg ? rs_state_name(c->state) : NULL);
	json_key_str("remote_state", c->dbg ? rs_state_name(c->remote) : NULL);
	json_u("local_state_raw", c->dbg, c->state);
	json_u("remote_state_raw", c->dbg, c->remote);
	if (c->dbg) {
		printf(", \"signals\": [");
		for (i = 0, n = 0; i < 4; i++)
			if (c->signals & (1u << i))
				printf("%s\"%s\"", n++ ? ", " : "", sig[i]);
		printf("]");
	} else {
		printf(", \"signals\": null");
	}
	json_u("signals_raw", c->dbg, c->signals);
	json_u("reported_raw", c->dbg, c->reported);
	used = c->dbg ? rs_ring_used(c->tx_head, c->tx_tail, c->fifo) : -1;
	json_s("tx_fill", used >= 0, used);
	used = c->dbg ? rs_ring_used(c->rx_head, c->rx_tail, c->fifo) : -1;
	json_s("rx_fill", used >= 0, used);
	json_u("tx_head", c->dbg, c->tx_head);
	json_u("tx_tail", c->dbg, c->tx_tail);
	json_u("rx_head", c->dbg, c->rx_head);
	json_u("rx_tail", c->dbg, c->rx_tail);
	json_u("rx_pkts", c->dbg, c->rx_pkts);
	json_u("rx_bytes", c->dbg, c->rx_bytes);
	json_u("tx_pkts", c->dbg, c->tx_pkts);
	json_u("tx_bytes", c->dbg, c->tx_bytes);
	json_u("kicks", c->dbg, c->kicks);
	json_u("drops", c->dbg, c->drops);
	json_u("bad_values", c->dbg, c->bad_values);
	if (c->dbg)
		printf(", \"quarantined\": %s, \"endpoint\": %s",
		       c->quarantined ? "true" : "false", c->endpoint ? "true" : "false");
	else
		printf(", \"quarantined\": null, \"endpoint\": null");
	printf("}");
}

static void json_edge(const struct rs_edge *e, bool last)
{
	char ctrl[48];
	int i;

	printf("    {\"name\": ");
	rs_json_str(stdout, rs_edge_name(e));
	json_key_str("device", e->dev);
	json_key_str("transport", e->transport);
	snprintf(ctrl, sizeof(ctrl), "/dev/%s", e->ctrl);
	json_key_str("ctrl", e->ctrl[0] ? ctrl : NULL);
	json_s("id", e->dbg, e->id);
	json_s("remote_pid", e->dbg, e->pid);
	json_u("irqs", e->dbg, e->irqs);
	json_u("passes", e->dbg, e->passes);
	json_u("throttled", e->dbg, e->throttled);
	json_u("scans", e->dbg, e->scans);
	json_u("rejected_entries", e->dbg, e->rejected);
	json_u("hardirq_ns", e->dbg, e->hardirq_ns);
	printf(",\n     \"channels\": [");
	for (i = 0; i < e->nchans; i++) {
		printf("%s\n      ", i ? "," : "");
		json_chan(&e->chans[i]);
	}
	printf("%s]}%s\n", e->nchans ? "\n     " : "", last ? "" : ",");
}

int rs_cmd_list(const struct rs_opts *o)
{
	struct rs_model m;
	bool smd = false;
	int i, ret = RS_OK;

	rs_model_load(&m);
	if (!m.bus) {
		rs_err("no rpmsg bus (/sys/bus/rpmsg): the kernel has no rpmsg core, or its "
		       "module is not loaded");
		rs_model_free(&m);
		return RS_NOMOD;
	}
	if (o->json) {
		printf("{\"edges\": [\n");
		for (i = 0; i < m.nedges; i++)
			json_edge(&m.edges[i], i == m.nedges - 1);
		printf("]}\n");
	} else {
		for (i = 0; i < m.nedges; i++) {
			if (i)
				printf("\n");
			print_edge(&m.edges[i]);
		}
	}
	for (i = 0; i < m.nedges; i++)
		smd |= !strcmp(m.edges[i].transport, "smd");
	if (!m.nedges) {
		rs_err("no rpmsg edge or channel: no transport loaded (rpmsg_smd, "
		       "virtio_rpmsg_bus)?");
		ret = RS_NOMOD;
	} else if (m.dbg_err == EACCES || m.dbg_err == EPERM) {
		rs_err("/sys/kernel/debug/rpmsg_smd: %s: SMD states, FIFOs and counters need "
		       "root", strerror(m.dbg_err));
		ret = RS_PERM;
	} else if (m.dbg_err && smd) {
		rs_err("/sys/kernel/debug/rpmsg_smd: %s (debugfs not mounted? mount -t "
		       "debugfs none /sys/kernel/debug): SMD states, FIFOs and counters not "
		       "shown", strerror(m.dbg_err));
	}
	rs_model_free(&m);
	return ret;
}
