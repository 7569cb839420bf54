// SPDX-License-Identifier: GPL-2.0
/*
 * The endpoint a command works on: NAME (a channel, maybe on --edge) or
 * DEV (/dev/rpmsgN).  For a channel, an endpoint device that exists and is
 * not in use is taken, else one is made through the edge's
 * /dev/rpmsg_ctrlN (RPMSG_CREATE_EPT_IOCTL) and destroyed at the end
 * (RPMSG_DESTROY_EPT_IOCTL, docs/abi/rpmsg-char.md).  Also the open and
 * close commands, and the diagnosis of the usual failures.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/rpmsg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rpmsg-smd.h"

#define SMD_ST_OPENING	1
#define SMD_ST_OPENED	2

static bool is_smd(const struct rs_edge *e)
{
	return !strcmp(e->transport, "smd");
}

/* Below the system root when absolute. */
static int dev_path(char *buf, size_t len, const char *dev)
{
	if (dev[0] == '/')
		return rs_path(buf, len, "%s", dev);
	return snprintf(buf, len, "%s", dev) >= (int)len ? -1 : 0;
}

static int open_dev(const char *dev, int flags)
{
	char path[RS_PATH_MAX];

	if (dev_path(path, sizeof(path), dev)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return open(path, flags);
}

/* "echo, sink, source" (at most @len bytes). */
static void chan_names(const struct rs_edge *e, char *buf, size_t len)
{
	size_t n = 0;
	int i;

	buf[0] = 0;
	for (i = 0; i < e->nchans && n < len; i++)
		n += snprintf(buf + n, len - n, "%s%s", i ? ", " : "", e->chans[i].name);
	if (!e->nchans)
		snprintf(buf, len, "none");
}

static int no_channel(const struct rs_opts *o, struct rs_model *m, struct rs_edge *only)
{
	char list[2048], names[1024];
	size_t n = 0;
	int i;

	if (only) {
		chan_names(only, names, sizeof(names));
		rs_err("no channel '%s' on edge %s (its channels: %s)", o->name,
		       rs_edge_name(only), names);
		return RS_NOCHAN;
	}
	if (!m->nedges) {
		rs_err("no rpmsg edge or channel: no transport loaded (rpmsg_smd, "
		       "virtio_rpmsg_bus)?");
		return RS_NOMOD;
	}
	list[0] = 0;
	for (i = 0; i < m->nedges && n < sizeof(list); i++) {
		chan_names(&m->edges[i], names, sizeof(names));
		n += snprintf(list + n, sizeof(list) - n, "%s%s: %s", i ? "; " : "",
			      rs_edge_name(&m->edges[i]), names);
	}
	rs_err("no channel '%s' on any edge (%s)", o->name, list);
	return RS_NOCHAN;
}

/* Channel o->name, on the edge o->edge names if given. */
static int find_channel(const struct rs_opts *o, struct rs_model *m, struct rs_edge **pe,
			struct rs_chan **pc)
{
	struct rs_edge *only = NULL, *e;
	char edges[1024], found[1024];
	size_t n = 0, f = 0;
	int i, hits = 0;

	if (!m->bus) {
		rs_err("no rpmsg bus (/sys/bus/rpmsg): the kernel has no rpmsg core, or its "
		       "module is not loaded");
		return RS_NOMOD;
	}
	if (o->edge) {
		for (i = 0; i < m->nedges; i++) {
			e = &m->edges[i];
			if (n < sizeof(edges))
				n += snprintf(edges + n, sizeof(edges) - n, "%s%s", i ? ", " : "",
					      rs_edge_name(e));
			if (!rs_edge_match(e, o->edge))
				continue;
			if (only) {
				rs_err("edge '%s' is ambiguous (%s, %s): give its device name",
				       o->edge, only->dev, e->dev);
				return RS_USAGE;
			}
			only = e;
		}
		if (!only) {
			rs_err("no edge '%s' (edges: %s)", o->edge, m->nedges ? edges : "none");
			return m->nedges ? RS_NOCHAN : RS_NOMOD;
		}
	}
	for (i = 0; i < m->nedges; i++) {
		e = &m->edges[i];
		if ((only && e != only) || !rs_chan_find(e, o->name))
			continue;
		hits++;
		*pe = e;
		*pc = rs_chan_find(e, o->name);
		if (f < sizeof(found))
			f += snprintf(found + f, sizeof(found) - f, "%s%s", f ? ", " : "",
				      rs_edge_name(e));
	}
	if (hits > 1) {
		rs_err("channel '%s' is on several edges (%s): pick one with --edge", o->name,
		       found);
		return RS_USAGE;
	}
	if (hits)
		return RS_OK;
	if ((m->dbg_err == EACCES || m->dbg_err == EPERM) && (!only || is_smd(only))) {
		rs_err("no channel '%s' in sysfs, and /sys/kernel/debug/rpmsg_smd is not "
		       "readable (%s): not root?", o->name, strerror(m->dbg_err));
		return RS_PERM;
	}
	return no_channel(o, m, only);
}

const char *rs_target_what(const struct rs_target *t)
{
	static char buf[RS_PATH_MAX + 2 * RS_NAME_MAX + 16];

	if (t->name[0] && t->edge[0] && t->dev[0])
		snprintf(buf, sizeof(buf), "%s on %s (%s)", t->name, t->edge, t->dev);
	else if (t->name[0] && t->edge[0])
		snprintf(buf, sizeof(buf), "%s on %s", t->name, t->edge);
	else if (t->name[0])
		snprintf(buf, sizeof(buf), "%s (%s)", t->name, t->dev);
	else
		snprintf(buf, sizeof(buf), "%s", t->dev);
	return buf;
}

/* Message and exit status for a failed @what on the target's device. */
int rs_io_exit(const struct rs_target *t, const char *what, int e)
{
	int code = rs_errno_exit(e);

	if (code == RS_CLOSED)
		rs_err("%s: the remote closed the channel (%s: %s)", rs_target_what(t), what,
		       strerror(e));
	else if (code == RS_NOTSUP)
		rs_err("%s: %s: %s (the %s transport has no signals)", rs_target_what(t), what,
		       strerror(e), t->transport[0] ? t->transport : "device's");
	else if (code == RS_BUSY)
		rs_err("%s: channel busy: %s: %s", rs_target_what(t), what, strerror(e));
	else if (code == RS_PERM)
		rs_err("%s: %s: %s (not root?)", rs_target_what(t), what, strerror(e));
	else if (e == EMSGSIZE)
		rs_err("%s: %s: %s (the MTU is %ld)", rs_target_what(t), what, strerror(e),
		       t->mtu);
	else
		rs_err("%s: %s: %s", rs_target_what(t), what, strerror(e));
	return code;
}

/*
 * Is the channel still there?  On SMD, TIOCMGET fails with ENOTCONN once
 * the remote closed it (our side is then closed too), EPIPE after a
 * hang-up.  RS_OK when it works or tells nothing (virtio: EOPNOTSUPP).
 */
int rs_check_alive(const struct rs_target *t)
{
	int v;

	if (ioctl(t->fd, TIOCMGET, &v) == 0)
		return RS_OK;
	return rs_errno_exit(errno) == RS_CLOSED ? RS_CLOSED : RS_OK;
}

/* Why an endpoint device of channel @name would not open (EINVAL on SMD). */
static int diagnose(struct rs_target *t, int err)
{
	struct rs_edge *e = NULL;
	struct rs_chan *c = NULL;
	struct rs_model m;
	int i, ret;

	rs_model_load(&m);
	for (i = 0; i < m.nedges && !c; i++) {
		if (strcmp(rs_edge_name(&m.edges[i]), t->edge))
			continue;
		e = &m.edges[i];
		c = rs_chan_find(e, t->name);
	}
	if (err == EINVAL && c && c->dbg && c->quarantined) {
		rs_err("%s: the channel is quarantined (bad values from the remote); usable "
		       "again once the remote reopens it", rs_target_what(t));
		ret = RS_FAIL;
	} else if (err == EINVAL && c && c->dbg && c->endpoint) {
		rs_err("%s: channel busy: another endpoint holds it%s%s", rs_target_what(t),
		       c->driver[0] ? ", driver " : "", c->driver);
		ret = RS_BUSY;
	} else if (err == EINVAL && c && c->dbg && c->remote != SMD_ST_OPENED) {
		rs_err("%s: the remote closed the channel (remote state %s)", rs_target_what(t),
		       rs_state_name(c->remote) ? rs_state_name(c->remote) : "invalid");
		ret = RS_CLOSED;
	} else if (err == EINVAL && e && !c) {
		rs_err("%s: the channel went away", rs_target_what(t));
		ret = RS_CLOSED;
	} else if (err == ENOENT) {
		rs_err("%s: no such device", rs_target_what(t));
		ret = RS_NOCHAN;
	} else {
		ret = rs_io_exit(t, "open", err);
	}
	rs_model_free(&m);
	return ret;
}

/* The endpoint devices of @c that were made through @ctrl, and none else. */
static bool made_by(struct rs_model *m, const char *dev, const char *ctrl)
{
	int i;

	for (i = 0; i < m->nepts; i++)
		if (!strcmp(m->epts[i].dev, dev))
			return !strcmp(m->epts[i].parent, ctrl);
	return false;
}

/*
 * RPMSG_CREATE_EPT_IOCTL on the edge's control device; the new endpoint
 * device (the one of that name under it that was not there before) into
 * @dev, as "rpmsgN".
 */
static int create_ept(struct rs_edge *e, struct rs_chan *c,
		      char *dev, size_t len)
{
	struct rpmsg_endpoint_info info = { .src = RPMSG_ADDR_ANY, .dst = RPMSG_ADDR_ANY };
	struct rs_model before, after;
	char ctrl[48], path[RS_PATH_MAX];
	int fd, i, j, tries;
	struct stat st;
	bool old;

	if (!e->ctrl[0]) {
		rs_err("edge %s has no control device (/dev/rpmsg_ctrlN): is rpmsg_ctrl "
		       "loaded?", rs_edge_name(e));
		return RS_NOMOD;
	}
	snprintf(ctrl, sizeof(ctrl), "/dev/%s", e->ctrl);
	fd = open_dev(ctrl, O_RDWR);
	if (fd < 0) {
		if (errno == ENOENT) {
			rs_err("%s: %s (is devtmpfs mounted on /dev?)", ctrl, strerror(errno));
			return RS_NOMOD;
		}
		rs_err("%s: %s%s", ctrl, strerror(errno),
		       rs_errno_exit(errno) == RS_PERM ? " (not root?)" : "");
		return rs_errno_exit(errno);
	}
	if (strlen(c->name) >= sizeof(info.name)) {
		close(fd);
		rs_err("%s: the name is too long for an endpoint", c->name);
		return RS_USAGE;
	}
	memcpy(info.name, c->name, strlen(c->name) + 1);
	if (c->has_dst)
		info.dst = c->dst;
	/* What exists just before: what is new after is ours (or a racing user's). */
	rs_model_load(&before);
	if (ioctl(fd, RPMSG_CREATE_EPT_IOCTL, &info) < 0) {
		i = errno;
		close(fd);
		rs_model_free(&before);
		if (i == EPIPE) {
			rs_err("%s: the edge %s went away (%s)", ctrl, rs_edge_name(e),
			       strerror(i));
			return RS_CLOSED;
		}
		rs_err("%s: RPMSG_CREATE_EPT_IOCTL: %s", ctrl, strerror(i));
		return rs_errno_exit(i);
	}
	close(fd);

	rs_model_load(&after);
	dev[0] = 0;
	for (i = 0; i < after.nepts; i++) {
		if (strcmp(after.epts[i].parent, e->ctrl) || strcmp(after.epts[i].name, c->name))
			continue;
		for (j = 0, old = false; j < before.nepts; j++)
			old |= !strcmp(before.epts[j].dev, after.epts[i].dev);
		if (!old && strlen(after.epts[i].dev) < len)
			strcpy(dev, after.epts[i].dev);
	}
	rs_model_free(&after);
	rs_model_free(&before);
	if (!dev[0]) {
		rs_err("%s: RPMSG_CREATE_EPT_IOCTL succeeded, but no new endpoint device %s "
		       "shows in /sys/class/rpmsg", ctrl, c->name);
		return RS_FAIL;
	}
	/* devtmpfs makes the node before the ioctl returns; udev may take longer. */
	for (tries = 0; tries < 100; tries++) {
		if (!rs_path(path, sizeof(path), "/dev/%s", dev) && !stat(path, &st))
			return RS_OK;
		usleep(20000);
	}
	rs_err("/dev/%s: no such device node (is devtmpfs mounted on /dev?)", dev);
	return RS_NOMOD;
}

static void target_fill(struct rs_target *t, struct rs_edge *e, struct rs_chan *c)
{
	snprintf(t->name, sizeof(t->name), "%s", c->name);
	snprintf(t->edge, sizeof(t->edge), "%s", rs_edge_name(e));
	snprintf(t->transport, sizeof(t->transport), "%s", e->transport);
	t->mtu = c->mtu;
}

/* A packet of @need bytes must fit the channel's MTU (when it is known). */
static int check_size(const struct rs_opts *o, const struct rs_target *t, long need)
{
	if (need > 0 && t->mtu > 0 && need > t->mtu) {
		rs_err("%s: size %ld is above the MTU %ld of %s", rs_cmd_get(o->cmd)->name, need,
		       t->mtu, rs_target_what(t));
		return RS_USAGE;
	}
	return RS_OK;
}

static int open_by_name(const struct rs_opts *o, struct rs_target *t, long need)
{
	struct rs_edge *e = NULL;
	struct rs_chan *c = NULL;
	const struct rs_eptdev *ept;
	struct rs_edge *ee;
	struct rs_chan *cc;
	char dev[32], busy[48] = "", refused[48] = "";
	struct rs_model m;
	int i, fd, ret;

	rs_model_load(&m);
	ret = find_channel(o, &m, &e, &c);
	if (ret)
		goto out;
	target_fill(t, e, c);
	ret = check_size(o, t, need);
	if (ret)
		goto out;
	if (c->dbg && c->quarantined) {
		rs_err("%s: the channel is quarantined (bad values from the remote); usable "
		       "again once the remote reopens it", rs_target_what(t));
		ret = RS_FAIL;
		goto out;
	}
	if (c->dbg && !c->rpdev[0] && c->remote != SMD_ST_OPENING && c->remote != SMD_ST_OPENED) {
		rs_err("%s: the remote has not opened the channel (remote state %s)",
		       rs_target_what(t), rs_state_name(c->remote) ? rs_state_name(c->remote) :
		       "invalid");
		ret = RS_CLOSED;
		goto out;
	}
	if (c->dbg && c->endpoint && c->driver[0] && strcmp(c->driver, "rpmsg_chrdev")) {
		rs_err("%s: channel busy: driver %s holds it", rs_target_what(t), c->driver);
		ret = RS_BUSY;
		goto out;
	}
	if (c->dbg && c->endpoint && !c->ndevs) {
		rs_err("%s: channel busy: another endpoint holds it (a kernel client)",
		       rs_target_what(t));
		ret = RS_BUSY;
		goto out;
	}

	/* An endpoint device of the channel that nobody uses. */
	for (i = 0; i < c->ndevs; i++) {
		ept = rs_ept_find(&m, c->devs[i], &ee, &cc);
		if (c->has_dst && ept && ept->dst != -1 && (uint32_t)ept->dst != c->dst)
			continue;
		snprintf(t->dev, sizeof(t->dev), "/dev/%s", c->devs[i]);
		fd = open_dev(t->dev, O_RDWR);
		if (fd >= 0) {
			t->fd = fd;
			goto out;
		}
		if (errno == EBUSY)
			snprintf(busy, sizeof(busy), "/dev/%s", c->devs[i]);
		else if (errno == EINVAL)
			snprintf(refused, sizeof(refused), "/dev/%s", c->devs[i]);
	}
	t->dev[0] = 0;
	if (busy[0] && is_smd(e)) {
		rs_err("%s: channel busy: %s is open in another process", rs_target_what(t), busy);
		ret = RS_BUSY;
		goto out;
	}
	/* SMD refused an endpoint for the channel: a new one would fare no better. */
	if (refused[0] && is_smd(e)) {
		snprintf(t->dev, sizeof(t->dev), "%s", refused);
		ret = diagnose(t, EINVAL);
		goto out;
	}

	ret = create_ept(e, c, dev, sizeof(dev));
	if (ret)
		goto out;
	snprintf(t->dev, sizeof(t->dev), "/dev/%s", dev);
	t->created = true;
	fd = open_dev(t->dev, O_RDWR);
	if (fd < 0) {
		ret = diagnose(t, errno);
		goto out;
	}
	t->fd = fd;
out:
	rs_model_free(&m);
	return ret;
}

static int open_by_path(const struct rs_opts *o, struct rs_target *t, long need)
{
	const char *base = strrchr(o->name, '/') + 1;
	struct rs_edge *e;
	struct rs_chan *c;
	const struct rs_eptdev *ept;
	struct rs_model m;
	int fd;

	snprintf(t->dev, sizeof(t->dev), "%s", o->name);
	rs_model_load(&m);
	ept = rs_ept_find(&m, base, &e, &c);
	if (ept)
		snprintf(t->name, sizeof(t->name), "%s", ept->name);
	if (e)
		snprintf(t->edge, sizeof(t->edge), "%s", rs_edge_name(e));
	if (e)
		snprintf(t->transport, sizeof(t->transport), "%s", e->transport);
	if (c)
		t->mtu = c->mtu;
	rs_model_free(&m);
	if (check_size(o, t, need))
		return RS_USAGE;
	fd = open_dev(t->dev, O_RDWR);
	if (fd < 0) {
		if (errno == ENOENT) {
			rs_err("%s: no such device", t->dev);
			return RS_NOCHAN;
		}
		if (errno == EBUSY) {
			rs_err("%s: channel busy: the device is open in another process",
			       rs_target_what(t));
			return RS_BUSY;
		}
		return t->name[0] && t->edge[0] ? diagnose(t, errno) : rs_io_exit(t, "open", errno);
	}
	t->fd = fd;
	return RS_OK;
}

/*
 * Open the command's endpoint (blocking I/O), refusing before anything is
 * made when packets of @need bytes (0: no check) exceed the MTU.  RS_OK or
 * an exit status.
 */
int rs_target_open(const struct rs_opts *o, struct rs_target *t, long need)
{
	memset(t, 0, sizeof(*t));
	t->fd = -1;
	t->mtu = -1;
	if (strchr(o->name, '/'))
		return open_by_path(o, t, need);
	return open_by_name(o, t, need);
}

/* rs_target_open(), then a buffer of RS_MAX_PKT bytes in *@buf (NULL on failure). */
int rs_target_open_buf(const struct rs_opts *o, struct rs_target *t, long need, char **buf)
{
	int ret = rs_target_open(o, t, need);

	*buf = NULL;
	if (ret)
		return ret;
	*buf = malloc(RS_MAX_PKT);
	if (*buf)
		return RS_OK;
	rs_err("out of memory");
	return RS_FAIL;
}

/* Close it; destroy the endpoint device if we made it. */
void rs_target_close(struct rs_target *t)
{
	if (t->fd < 0)
		return;
	if (t->created && ioctl(t->fd, RPMSG_DESTROY_EPT_IOCTL) < 0)
		rs_err("%s: RPMSG_DESTROY_EPT_IOCTL: %s", t->dev, strerror(errno));
	close(t->fd);
	t->fd = -1;
}

int rs_cmd_open(const struct rs_opts *o)
{
	struct rs_edge *e = NULL;
	struct rs_chan *c = NULL;
	struct rs_model m;
	char dev[32];
	int ret;

	rs_model_load(&m);
	ret = find_channel(o, &m, &e, &c);
	if (!ret)
		ret = create_ept(e, c, dev, sizeof(dev));
	if (!ret)
		printf("/dev/%s\n", dev);
	rs_model_free(&m);
	return ret;
}

static int destroy(const char *dev)
{
	int fd = open_dev(dev, O_RDWR), e;

	if (fd < 0) {
		e = errno;
		if (e == EBUSY) {
			rs_err("%s: busy: open in another process", dev);
			return RS_BUSY;
		}
		if (e == ENOENT) {
			rs_err("%s: no such device", dev);
			return RS_NOCHAN;
		}
		if (e == EINVAL) {
			rs_err("%s: cannot be opened, so not destroyed (%s: the channel is held "
			       "elsewhere, or the remote has closed it)", dev, strerror(e));
			return RS_FAIL;
		}
		rs_err("%s: %s", dev, strerror(e));
		return rs_errno_exit(e);
	}
	if (ioctl(fd, RPMSG_DESTROY_EPT_IOCTL) < 0) {
		e = errno;
		close(fd);
		rs_err("%s: RPMSG_DESTROY_EPT_IOCTL: %s", dev, strerror(e));
		return e == EINVAL ? RS_FAIL : rs_errno_exit(e);
	}
	close(fd);
	return RS_OK;
}

int rs_cmd_close(const struct rs_opts *o)
{
	struct rs_edge *e = NULL;
	struct rs_chan *c = NULL;
	const struct rs_eptdev *ept;
	char dev[48];
	struct rs_model m;
	int i, n = 0, ret, r;

	rs_model_load(&m);
	if (strchr(o->name, '/')) {
		ept = rs_ept_find(&m, strrchr(o->name, '/') + 1, &e, &c);
		if (ept && strncmp(ept->parent, "rpmsg_ctrl", 10)) {
			rs_err("%s: the channel's own device, not an endpoint device made by "
			       "open (RPMSG_RELEASE_DEV_IOCTL removes it)", o->name);
			ret = RS_FAIL;
		} else {
			ret = destroy(o->name);
		}
		goto out;
	}
	ret = find_channel(o, &m, &e, &c);
	if (ret)
		goto out;
	for (i = 0; i < c->ndevs; i++) {
		if (!e->ctrl[0] || !made_by(&m, c->devs[i], e->ctrl))
			continue;
		snprintf(dev, sizeof(dev), "/dev/%s", c->devs[i]);
		r = destroy(dev);
		if (r && !ret)
			ret = r;
		n++;
	}
	if (!n) {
		rs_err("no endpoint device of %s on edge %s (rpmsg-smd open makes one)", c->name,
		       rs_edge_name(e));
		ret = RS_NOCHAN;
	}
out:
	rs_model_free(&m);
	return ret;
}
