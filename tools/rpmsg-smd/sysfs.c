// SPDX-License-Identifier: GPL-2.0
/*
 * What the kernel shows of edges and channels, gathered into one model:
 *
 *   /sys/bus/rpmsg/devices/<edge dev>.<name>.<src>.<dst>/
 *           name, transport, mtu, edge (docs/abi/sysfs-bus-rpmsg-transport),
 *           dst, driver -> the bound driver
 *   /sys/class/rpmsg/rpmsg_ctrlN/device -> <edge dev>.rpmsg_ctrl.<src>.<dst>
 *   /sys/class/rpmsg/rpmsgN/{name,dst}, device -> rpmsg_ctrlM (an endpoint
 *           device made through a control device) or the channel's device
 *   /sys/kernel/debug/rpmsg_smd/<edge dev>/channels: an "edge" line and a
 *           "chan" line per channel (rpmsg_smd/smd_debugfs.c)
 *
 * An edge is keyed by its device name (the parent of its rpmsg devices,
 * and the name of its debugfs directory).
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "rpmsg-smd.h"

/* "-1", "1024": what rpmsg_core prints for src and dst (%d). */
static bool is_int(const char *s, size_t n)
{
	size_t i = 0;

	if (n && s[0] == '-')
		i++;
	if (i == n)
		return false;
	for (; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/*
 * The parent (edge) device name of rpmsg device @rpdev named @name:
 * rpmsg_core names devices "<parent>.<name>.<src>.<dst>", and both the
 * parent ("4080000.remoteproc:smd-edge") and the name may hold dots, so
 * the known name is cut off the end.  0, or -1 if @rpdev is not so made.
 */
int rs_split_rpdev(const char *rpdev, const char *name, char *parent, size_t len)
{
	size_t n = strlen(rpdev), nl = strlen(name), plen;
	const char *end = rpdev + n, *p;
	int i;

	for (i = 0; i < 2; i++) {
		for (p = end - 1; p >= rpdev && *p != '.'; p--)
			;
		if (p < rpdev || !is_int(p + 1, end - p - 1))
			return -1;
		end = p;
	}
	if ((size_t)(end - rpdev) < nl + 2 || memcmp(end - nl, name, nl) ||
	    end[-(long)nl - 1] != '.')
		return -1;
	plen = end - nl - 1 - rpdev;
	if (plen >= len)
		return -1;
	memcpy(parent, rpdev, plen);
	parent[plen] = 0;
	return 0;
}

enum kv_kind { KV_U, KV_S, KV_HEX, KV_STR8 };

struct kv {
	const char *key;
	size_t off;
	enum kv_kind kind;
};

#define CH(k, f, kind) { k, offsetof(struct rs_chan, f), kind }
#define ED(k, f, kind) { k, offsetof(struct rs_edge, f), kind }

static const struct kv chan_keys[] = {
	CH("table", table, KV_U), CH("cid", cid, KV_U), CH("info", info, KV_STR8),
	CH("mode", mode, KV_STR8), CH("fifo", fifo, KV_U), CH("state", state, KV_U),
	CH("remote", remote, KV_U), CH("quarantined", quarantined, KV_U),
	CH("endpoint", endpoint, KV_U), CH("tx_head", tx_head, KV_U),
	CH("tx_tail", tx_tail, KV_U), CH("rx_head", rx_head, KV_U),
	CH("rx_tail", rx_tail, KV_U), CH("rx_pkts", rx_pkts, KV_U),
	CH("rx_bytes", rx_bytes, KV_U), CH("tx_pkts", tx_pkts, KV_U),
	CH("tx_bytes", tx_bytes, KV_U), CH("kicks", kicks, KV_U),
	CH("drops", drops, KV_U), CH("bad_values", bad_values, KV_U),
	CH("signals", signals, KV_HEX), CH("reported", reported, KV_HEX),
	{ NULL, 0, KV_U }
};

static const struct kv edge_keys[] = {
	ED("id", id, KV_S), ED("pid", pid, KV_S), ED("irqs", irqs, KV_U),
	ED("passes", passes, KV_U), ED("throttled", throttled, KV_U),
	ED("scans", scans, KV_U), ED("rejected_entries", rejected, KV_U),
	ED("hardirq_ns", hardirq_ns, KV_U),
	{ NULL, 0, KV_U }
};

/* One "key=value" token into @obj; unknown keys are skipped. */
static int parse_kv(const char *tok, size_t n, const struct kv *keys, void *obj)
{
	const char *eq = memchr(tok, '=', n);
	char val[32], *end;
	const struct kv *k;
	size_t kl, vl;

	if (!eq)
		return -1;
	kl = eq - tok;
	vl = n - kl - 1;
	if (!vl || vl >= sizeof(val))
		return -1;
	memcpy(val, eq + 1, vl);
	val[vl] = 0;
	for (k = keys; k->key; k++) {
		if (strlen(k->key) != kl || memcmp(k->key, tok, kl))
			continue;
		errno = 0;
		switch (k->kind) {
		case KV_U:
			if (val[0] == '-')
				return -1;
			*(unsigned long long *)((char *)obj + k->off) = strtoull(val, &end, 10);
			break;
		case KV_S:
			*(long long *)((char *)obj + k->off) = strtoll(val, &end, 10);
			break;
		case KV_HEX:
			if (val[0] == '-')
				return -1;
			*(unsigned long long *)((char *)obj + k->off) = strtoull(val, &end, 0);
			break;
		case KV_STR8:
			if (vl >= 8)
				return -1;
			strcpy((char *)obj + k->off, val);
			end = val + vl;
			break;
		}
		return errno || *end ? -1 : 0;
	}
	return 0;
}

/* "<word> NAME k=v k=v...": the name into @name, the values into @obj. */
static int parse_line(const char *line, const char *word, char *name, size_t len,
		      const struct kv *keys, void *obj)
{
	size_t wl = strlen(word), n;
	const char *p, *e;

	if (strncmp(line, word, wl) || line[wl] != ' ')
		return -1;
	p = line + wl + 1;
	for (e = p; *e && *e != ' ' && *e != '\n'; e++)
		;
	n = e - p;
	if (!n || n >= len)
		return -1;
	memcpy(name, p, n);
	name[n] = 0;
	for (p = e; *p && *p != '\n'; p = e) {
		while (*p == ' ')
			p++;
		for (e = p; *e && *e != ' ' && *e != '\n'; e++)
			;
		if (e > p && parse_kv(p, e - p, keys, obj))
			return -1;
	}
	return 0;
}

int rs_parse_dbg_edge(const char *line, struct rs_edge *e)
{
	struct rs_edge tmp = *e;
	char name[RS_NAME_MAX];

	if (parse_line(line, "edge", name, sizeof(name), edge_keys, &tmp))
		return -1;
	*e = tmp;
	strcpy(e->label, name);
	e->dbg = true;
	return 0;
}

int rs_parse_dbg_chan(const char *line, struct rs_chan *c)
{
	struct rs_chan tmp = *c;

	if (parse_line(line, "chan", tmp.name, sizeof(tmp.name), chan_keys, &tmp))
		return -1;
	*c = tmp;
	c->dbg = true;
	return 0;
}

static struct rs_chan *chan_get(struct rs_edge *e, const char *name)
{
	struct rs_chan *c = rs_chan_find(e, name), *n;

	if (c)
		return c;
	n = realloc(e->chans, (e->nchans + 1) * sizeof(*n));
	if (!n)
		return NULL;
	e->chans = n;
	c = &e->chans[e->nchans++];
	memset(c, 0, sizeof(*c));
	snprintf(c->name, sizeof(c->name), "%s", name);
	c->mtu = -1;
	return c;
}

/* A whole channels file into @e: the number of lines not understood. */
int rs_parse_dbg_file(const char *text, struct rs_edge *e)
{
	const char *p = text, *nl;
	struct rs_chan tmp, *c;
	char line[1024];
	int bad = 0;
	size_t n;

	for (; *p; p = nl ? nl + 1 : p + n) {
		nl = strchr(p, '\n');
		n = nl ? (size_t)(nl - p) : strlen(p);
		if (!n)
			continue;
		if (n >= sizeof(line)) {
			bad++;
			continue;
		}
		memcpy(line, p, n);
		line[n] = 0;
		memset(&tmp, 0, sizeof(tmp));
		if (!strncmp(line, "edge ", 5)) {
			bad += !!rs_parse_dbg_edge(line, e);
		} else if (!rs_parse_dbg_chan(line, &tmp)) {
			c = chan_get(e, tmp.name);
			if (!c)
				return -1;
			/* Keep what sysfs said; take debugfs's fields. */
			memcpy(tmp.rpdev, c->rpdev, sizeof(tmp.rpdev));
			memcpy(tmp.driver, c->driver, sizeof(tmp.driver));
			memcpy(tmp.devs, c->devs, sizeof(tmp.devs));
			tmp.ndevs = c->ndevs;
			tmp.mtu = c->mtu;
			tmp.has_dst = c->has_dst;
			tmp.dst = c->dst;
			*c = tmp;
		} else {
			bad++;
		}
	}
	return bad;
}

struct rs_edge *rs_edge_find(struct rs_model *m, const char *dev)
{
	int i;

	for (i = 0; i < m->nedges; i++)
		if (!strcmp(m->edges[i].dev, dev))
			return &m->edges[i];
	return NULL;
}

struct rs_chan *rs_chan_find(struct rs_edge *e, const char *name)
{
	int i;

	for (i = 0; i < e->nchans; i++)
		if (!strcmp(e->chans[i].name, name))
			return &e->chans[i];
	return NULL;
}

static struct rs_edge *edge_get(struct rs_model *m, const char *dev)
{
	struct rs_edge *e = rs_edge_find(m, dev), *n;

	if (e)
		return e;
	n = realloc(m->edges, (m->nedges + 1) * sizeof(*n));
	if (!n)
		return NULL;
	m->edges = n;
	e = &m->edges[m->nedges++];
	memset(e, 0, sizeof(*e));
	snprintf(e->dev, sizeof(e->dev), "%s", dev);
	return e;
}

const char *rs_edge_name(const struct rs_edge *e)
{
	return e->label[0] ? e->label : e->dev;
}

/* @want names the edge: its label, its device name, or what follows the last ':'. */
bool rs_edge_match(const struct rs_edge *e, const char *want)
{
	const char *c = strrchr(e->dev, ':');

	return !strcmp(e->label, want) || !strcmp(e->dev, want) || (c && !strcmp(c + 1, want));
}

static bool skip_entry(const char *d)
{
	return d[0] == '.';
}

static void load_bus(struct rs_model *m)
{
	char path[RS_PATH_MAX], name[RS_NAME_MAX], parent[RS_DEV_MAX], buf[64];
	struct rs_edge *e;
	struct rs_chan *c;
	struct dirent *d;
	DIR *dir;

	if (rs_path(path, sizeof(path), "/sys/bus/rpmsg/devices"))
		return;
	dir = opendir(path);
	if (!dir)
		return;
	while ((d = readdir(dir))) {
		if (skip_entry(d->d_name) || strlen(d->d_name) >= RS_DEV_MAX ||
		    rs_read_attr(name, sizeof(name), "/sys/bus/rpmsg/devices/%s/name",
				 d->d_name) <= 0 ||
		    rs_split_rpdev(d->d_name, name, parent, sizeof(parent)))
			continue;
		e = edge_get(m, parent);
		if (!e)
			break;
		if (!e->transport[0])
			rs_read_attr(e->transport, sizeof(e->transport),
				     "/sys/bus/rpmsg/devices/%s/transport", d->d_name);
		if (!e->label[0])
			rs_read_attr(e->label, sizeof(e->label), "/sys/bus/rpmsg/devices/%s/edge",
				     d->d_name);
		if (!strcmp(name, "rpmsg_ctrl") || !strcmp(name, "rpmsg_ns"))
			continue;
		c = chan_get(e, name);
		if (!c)
			break;
		strcpy(c->rpdev, d->d_name);
		if (rs_read_attr(buf, sizeof(buf), "/sys/bus/rpmsg/devices/%s/mtu", d->d_name) > 0)
			c->mtu = strtol(buf, NULL, 10);
		if (rs_read_attr(buf, sizeof(buf), "/sys/bus/rpmsg/devices/%s/dst",
				 d->d_name) > 0) {
			c->dst = strtoul(buf, NULL, 0);
			c->has_dst = true;
		}
		if (!rs_path(path, sizeof(path), "/sys/bus/rpmsg/devices/%s/driver", d->d_name))
			rs_link_base(path, c->driver, sizeof(c->driver));
	}
	closedir(dir);
}

static void load_class(struct rs_model *m)
{
	char path[RS_PATH_MAX], parent[RS_DEV_MAX], edge[RS_DEV_MAX], buf[32];
	struct rs_eptdev *n, ept;
	struct rs_edge *e;
	struct dirent *d;
	DIR *dir;

	if (rs_path(path, sizeof(path), "/sys/class/rpmsg"))
		return;
	dir = opendir(path);
	if (!dir)
		return;
	m->class = true;
	while ((d = readdir(dir))) {
		if (skip_entry(d->d_name) || strncmp(d->d_name, "rpmsg", 5) ||
		    strlen(d->d_name) >= sizeof(ept.dev) ||
		    rs_path(path, sizeof(path), "/sys/class/rpmsg/%s/device", d->d_name) ||
		    rs_link_base(path, parent, sizeof(parent)))
			continue;
		if (!strncmp(d->d_name, "rpmsg_ctrl", 10)) {
			if (rs_split_rpdev(parent, "rpmsg_ctrl", edge, sizeof(edge)))
				continue;
			e = edge_get(m, edge);
			if (!e)
				break;
			strcpy(e->ctrl, d->d_name);
			continue;
		}
		memset(&ept, 0, sizeof(ept));
		strcpy(ept.dev, d->d_name);
		strcpy(ept.parent, parent);
		ept.dst = -1;
		if (rs_read_attr(ept.name, sizeof(ept.name), "/sys/class/rpmsg/%s/name",
				 d->d_name) <= 0)
			continue;
		if (rs_read_attr(buf, sizeof(buf), "/sys/class/rpmsg/%s/dst", d->d_name) > 0)
			ept.dst = strtol(buf, NULL, 0);
		n = realloc(m->epts, (m->nepts + 1) * sizeof(*n));
		if (!n)
			break;
		m->epts = n;
		m->epts[m->nepts++] = ept;
	}
	closedir(dir);
}

/* The edge an endpoint device belongs to: by its control device or channel. */
static struct rs_edge *ept_edge(struct rs_model *m, const struct rs_eptdev *ept)
{
	int i, j;

	for (i = 0; i < m->nedges; i++) {
		if (!strcmp(m->edges[i].ctrl, ept->parent))
			return &m->edges[i];
		for (j = 0; j < m->edges[i].nchans; j++)
			if (!strcmp(m->edges[i].chans[j].rpdev, ept->parent))
				return &m->edges[i];
	}
	return NULL;
}

/* Endpoint device @dev (rpmsgN), with its edge and channel when known. */
const struct rs_eptdev *rs_ept_find(struct rs_model *m, const char *dev,
				    struct rs_edge **e, struct rs_chan **c)
{
	int i;

	*e = NULL;
	*c = NULL;
	for (i = 0; i < m->nepts; i++) {
		if (strcmp(m->epts[i].dev, dev))
			continue;
		*e = ept_edge(m, &m->epts[i]);
		*c = *e ? rs_chan_find(*e, m->epts[i].name) : NULL;
		return &m->epts[i];
	}
	return NULL;
}

static void link_epts(struct rs_model *m)
{
	struct rs_edge *e;
	struct rs_chan *c;
	int i;

	for (i = 0; i < m->nepts; i++) {
		e = ept_edge(m, &m->epts[i]);
		c = e ? rs_chan_find(e, m->epts[i].name) : NULL;
		if (c && c->ndevs < (int)ARRAY_SIZE(c->devs))
			strcpy(c->devs[c->ndevs++], m->epts[i].dev);
	}
}

static void load_debugfs(struct rs_model *m)
{
	char path[RS_PATH_MAX], *text;
	struct rs_edge *e;
	struct dirent *d;
	DIR *dir;
	int r;

	if (rs_path(path, sizeof(path), "/sys/kernel/debug/rpmsg_smd"))
		return;
	dir = opendir(path);
	if (!dir) {
		m->dbg_err = errno;
		return;
	}
	text = malloc(RS_MAX_PKT);
	while (text && (d = readdir(dir))) {
		if (skip_entry(d->d_name) || strlen(d->d_name) >= RS_DEV_MAX ||
		    rs_path(path, sizeof(path), "/sys/kernel/debug/rpmsg_smd/%s/channels",
			    d->d_name))
			continue;
		r = rs_read_file(path, text, RS_MAX_PKT);
		if (r < 0) {
			if (r == -EACCES || r == -EPERM)
				m->dbg_err = -r;
			continue;
		}
		e = edge_get(m, d->d_name);
		if (!e || rs_parse_dbg_file(text, e) < 0)
			break;
		if (!e->transport[0])
			strcpy(e->transport, "smd");
	}
	free(text);
	closedir(dir);
}

static int cmp_edge(const void *a, const void *b)
{
	const struct rs_edge *x = a, *y = b;
	int r = strcmp(rs_edge_name(x), rs_edge_name(y));

	return r ? r : strcmp(x->dev, y->dev);
}

/* debugfs order (table, cid) first, then the others by name. */
static int cmp_chan(const void *a, const void *b)
{
	const struct rs_chan *x = a, *y = b;

	if (x->dbg != y->dbg)
		return x->dbg ? -1 : 1;
	if (x->dbg && (x->table != y->table || x->cid != y->cid))
		return x->table != y->table ? (x->table < y->table ? -1 : 1) :
		       (x->cid < y->cid ? -1 : 1);
	return strcmp(x->name, y->name);
}

int rs_model_load(struct rs_model *m)
{
	char path[RS_PATH_MAX];
	struct stat st;
	int i;

	memset(m, 0, sizeof(*m));
	if (!rs_path(path, sizeof(path), "/sys/bus/rpmsg") && !stat(path, &st))
		m->bus = true;
	load_bus(m);
	load_debugfs(m);
	load_class(m);
	link_epts(m);
	for (i = 0; i < m->nedges; i++)
		if (m->edges[i].nchans)
			qsort(m->edges[i].chans, m->edges[i].nchans, sizeof(struct rs_chan),
			      cmp_chan);
	if (m->nedges)
		qsort(m->edges, m->nedges, sizeof(struct rs_edge), cmp_edge);
	return 0;
}

void rs_model_free(struct rs_model *m)
{
	int i;

	for (i = 0; i < m->nedges; i++)
		free(m->edges[i].chans);
	free(m->edges);
	free(m->epts);
	memset(m, 0, sizeof(*m));
}
