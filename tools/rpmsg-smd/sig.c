// SPDX-License-Identifier: GPL-2.0
/*
 * signals and watch: the modem-control lines of a channel through the
 * TIOCM ioctls and EPOLLPRI of the core patches (docs/abi/rpmsg-char.md):
 * ours are DTR and RTS, the remote's show as DSR (its DTR), CTS (its
 * RTS), CD and RI, as on a serial port wired null-modem.
 */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "rpmsg-smd.h"

/* Not in older uapi headers (the cross toolchain's are 6.1); 6.12's value. */
#ifndef RPMSG_GET_OUTGOING_FLOWCONTROL
#define RPMSG_GET_OUTGOING_FLOWCONTROL _IOR(0xb5, 0x5, int)
#endif

static int get_lines(struct rs_target *t, int *v)
{
	if (ioctl(t->fd, TIOCMGET, v) < 0)
		return rs_io_exit(t, "TIOCMGET", errno);
	return RS_OK;
}

static int set_lines(struct rs_target *t, unsigned long req, int v, const char *what)
{
	if (ioctl(t->fd, req, &v) < 0)
		return rs_io_exit(t, what, errno);
	return RS_OK;
}

/* poll() for EPOLLPRI for at most @ms; true if it came. */
static bool wait_pri(int fd, long ms)
{
	struct pollfd p = { .fd = fd, .events = POLLPRI };
	uint64_t start = rs_now_ns();
	long left;
	int r;

	while (!rs_stop) {
		left = ms - (long)((rs_now_ns() - start) / 1000000);
		if (left <= 0)
			return false;
		r = poll(&p, 1, left);
		if (r < 0 && errno == EINTR)
			continue;
		return r > 0 && (p.revents & POLLPRI);
	}
	return false;
}

int rs_cmd_signals(const struct rs_opts *o)
{
	struct rs_target t;
	char local[32], remote[48];
	int ret, v = 0;

	ret = rs_target_open(o, &t, 0);
	if (ret)
		goto out;
	/* Also acknowledges a change pending from before. */
	ret = get_lines(&t, &v);
	if (ret)
		goto out;
	if (o->sig_given) {
		if (o->sig_given == (TIOCM_DTR | TIOCM_RTS))
			ret = set_lines(&t, TIOCMSET, o->sig_set, "TIOCMSET");
		if (!ret && o->sig_given != (TIOCM_DTR | TIOCM_RTS) && o->sig_set)
			ret = set_lines(&t, TIOCMBIS, o->sig_set, "TIOCMBIS");
		if (!ret && o->sig_given != (TIOCM_DTR | TIOCM_RTS) && o->sig_clear)
			ret = set_lines(&t, TIOCMBIC, o->sig_clear, "TIOCMBIC");
		if (ret)
			goto out;
		wait_pri(t.fd, o->wait_ms >= 0 ? o->wait_ms : 500);
		ret = get_lines(&t, &v);
		if (ret)
			goto out;
	}
	rs_tiocm_str(v, true, false, local, sizeof(local));
	rs_tiocm_str(v, false, true, remote, sizeof(remote));
	printf("local:  %s\nremote: %s\n", local, remote);
out:
	rs_target_close(&t);
	return ret;
}

/* "DSR 1->0 CTS 1->0", or "" when nothing changed. */
static void changes(int old, int now, char *buf, size_t len)
{
	static const struct {
		int bit;
		const char *name;
	} lines[] = {
		{ TIOCM_DTR, "DTR" }, { TIOCM_RTS, "RTS" }, { TIOCM_DSR, "DSR" },
		{ TIOCM_CTS, "CTS" }, { TIOCM_CD, "CD" }, { TIOCM_RI, "RI" },
	};
	size_t n = 0;
	unsigned int i;

	buf[0] = 0;
	for (i = 0; i < ARRAY_SIZE(lines) && n < len; i++)
		if ((old ^ now) & lines[i].bit)
			n += snprintf(buf + n, len - n, "%s%s %d->%d", n ? " " : "",
				      lines[i].name, !!(old & lines[i].bit),
				      !!(now & lines[i].bit));
}

int rs_cmd_watch(const struct rs_opts *o)
{
	struct pollfd p = { .events = POLLPRI | POLLIN };
	uint64_t start, last;
	struct rs_target t;
	int ret, r, v = 0, nv, flow = 0, nflow;
	char state[64], what[96], *buf = NULL;
	long events = 0, left;
	ssize_t n;

	ret = rs_target_open_buf(o, &t, 0, &buf);
	if (ret)
		goto out;
	p.fd = t.fd;
	/* The flow control first: TIOCMGET, which reads the lines now, comes last. */
	ioctl(t.fd, RPMSG_GET_OUTGOING_FLOWCONTROL, &flow);
	ret = get_lines(&t, &v);
	if (ret)
		goto out;
	start = rs_now_ns();
	last = start;
	rs_tiocm_str(v, true, true, state, sizeof(state));
	printf("%10.3f  %s\n", 0.0, state);
	fflush(stdout);
	while (!rs_stop && (!o->count || events < o->count)) {
		left = o->timeout_ms ? o->timeout_ms - (long)((rs_now_ns() - last) / 1000000) :
		       1000;
		if (left <= 0) {
			if (o->count) {
				rs_err("%s: timeout: %ld of %ld events in %.3f s",
				       rs_target_what(&t), events, o->count,
				       o->timeout_ms / 1000.0);
				ret = RS_TIMEOUT;
			}
			break;
		}
		r = poll(&p, 1, left < 1000 ? left : 1000);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			ret = rs_io_exit(&t, "poll", errno);
			break;
		}
		if (r && (p.revents & POLLHUP) && !(p.revents & POLLIN)) {
			/*
			 * Nothing queued and nothing more to come: SMD
			 * reports our side closed after a remote close
			 * (TIOCMGET then fails with ENOTCONN), a hang-up
			 * EPIPE. A read would block for ever.
			 */
			ret = get_lines(&t, &nv);
			if (!ret) {
				rs_err("%s: the remote closed the channel", rs_target_what(&t));
				ret = RS_CLOSED;
			}
			break;
		}
		if (r && (p.revents & POLLIN)) {
			n = read(t.fd, buf, RS_MAX_PKT);
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0) {
				ret = rs_io_exit(&t, "read", n ? errno : EPIPE);
				break;
			}
			if (!(p.revents & POLLPRI))
				continue;
		}
		/* An event, or a second of quiet: look at the lines either way. */
		if (ioctl(t.fd, RPMSG_GET_OUTGOING_FLOWCONTROL, &nflow) < 0) {
			ret = rs_io_exit(&t, "RPMSG_GET_OUTGOING_FLOWCONTROL", errno);
			break;
		}
		ret = get_lines(&t, &nv);
		if (ret)
			break;
		if (nv == v && nflow == flow && !(r && (p.revents & POLLPRI)))
			continue;
		changes(v, nv, what, sizeof(what));
		if (nv != v || nflow != flow) {
			events++;
			last = rs_now_ns();
		}
		printf("%10.3f  %s  flow=%d\n", (rs_now_ns() - start) / 1e9,
		       what[0] ? what : "(no change)", nflow);
		fflush(stdout);
		v = nv;
		flow = nflow;
	}
out:
	free(buf);
	rs_target_close(&t);
	return ret;
}
