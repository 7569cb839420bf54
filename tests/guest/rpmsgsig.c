// SPDX-License-Identifier: GPL-2.0
/*
 * rpmsgsig: guest-side tests of the rpmsg core patches on /dev/rpmsgN
 * (static, arm64): signals ioctls, EPOLLPRI, hang-up and tracepoints.
 *
 *   rpmsgsig tiocm DEV        against a remote that mirrors our DTR/RTS as
 *                             its DTR/RTS (the simulator's sigecho): every
 *                             TIOCMBIS/TIOCMBIC/TIOCMSET must come back as
 *                             DSR/CTS in TIOCMGET, and DTR/RTS must read
 *                             back as set
 *   rpmsgsig unsupported DEV  every TIOCM ioctl fails with EOPNOTSUPP
 *                             (transports without signals: virtio)
 *   rpmsgsig pri DEV          against sigecho: a mirrored change raises
 *                             EPOLLPRI; TIOCMGET clears it (for the flow
 *                             control event too); no change, no EPOLLPRI
 *   rpmsgsig hup DEV          hold DEV open, one process blocked in read()
 *                             and one in poll(), until the transport
 *                             removes the device (the caller crashes the
 *                             remote after "hup: waiting"): EPOLLHUP, read
 *                             returns queued data then EPIPE, write and
 *                             TIOCMGET fail with EPIPE, close succeeds
 *   rpmsgsig remote-cdri DEV CTL CHAN
 *                             with DEV open, the simulator (its ctl file
 *                             CTL) raises CD and RI on channel CHAN: both
 *                             must show in TIOCMGET after an EPOLLPRI; then
 *                             it drops them and they must go
 *   rpmsgsig trace DEV [LEN]  enable events/rpmsg/ in tracefs, send LEN
 *                             bytes (default 37) and read the echo; the
 *                             trace must hold rpmsg_send with len=LEN
 *                             result=0 and rpmsg_receive with len=LEN
 *
 * Every wait is bounded by RPMSGSIG_TIMEOUT_MS (default 5000; hup waits
 * for the removal 12 times as long). Exit status 0 means success.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

/* Not in the cross toolchain's (6.1) uapi headers yet; values from 6.12. */
#ifndef RPMSG_GET_OUTGOING_FLOWCONTROL
#define RPMSG_GET_OUTGOING_FLOWCONTROL _IOR(0xb5, 0x5, int)
#endif

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define TRACEFS		"/sys/kernel/tracing"
#define MAX_PKT		4096

static const char *dev;

static int timeout_ms(void)
{
	const char *env = getenv("RPMSGSIG_TIMEOUT_MS");

	return env && atoi(env) > 0 ? atoi(env) : 5000;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static int fail(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "rpmsgsig: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 1;
}

static int open_dev(void)
{
	int fd = open(dev, O_RDWR);

	if (fd < 0)
		fprintf(stderr, "rpmsgsig: open %s: %s\n", dev, strerror(errno));
	return fd;
}

static const char *bits(int v)
{
	static char buf[64];

	snprintf(buf, sizeof(buf), "0x%03x%s%s%s%s%s%s", v,
		 v & TIOCM_DTR ? " DTR" : "", v & TIOCM_RTS ? " RTS" : "",
		 v & TIOCM_DSR ? " DSR" : "", v & TIOCM_CTS ? " CTS" : "",
		 v & TIOCM_CD ? " CD" : "", v & TIOCM_RI ? " RI" : "");
	return buf;
}

static int tiocm(int fd, unsigned long req, int val, const char *name)
{
	if (ioctl(fd, req, &val) < 0)
		return fail("%s(%s): %s", name, bits(val), strerror(errno));
	printf("%s(%s): ok\n", name, bits(val));
	return 0;
}

/* Wait until TIOCMGET & @mask == @want; the local bits must match at once. */
static int wait_signals(int fd, int mask, int want)
{
	long long end = now_ms() + timeout_ms();
	int v = 0;

	for (;;) {
		if (ioctl(fd, TIOCMGET, &v) < 0)
			return fail("TIOCMGET: %s", strerror(errno));
		if ((v & mask) == want) {
			printf("TIOCMGET: %s: as expected\n", bits(v));
			return 0;
		}
		if (now_ms() > end)
			break;
		usleep(10000);
	}
	fprintf(stderr, "rpmsgsig: TIOCMGET: %s, ", bits(v));
	return fail("wanted %s under mask 0x%03x", bits(want), mask);
}

#define ALL (TIOCM_DTR | TIOCM_RTS | TIOCM_DSR | TIOCM_CTS)

static int cmd_tiocm(void)
{
	int fd = open_dev();

	if (fd < 0)
		return 1;
	if (tiocm(fd, TIOCMSET, 0, "TIOCMSET") || wait_signals(fd, ALL, 0) ||
	    tiocm(fd, TIOCMBIS, TIOCM_DTR, "TIOCMBIS") ||
	    wait_signals(fd, ALL, TIOCM_DTR | TIOCM_DSR) ||
	    tiocm(fd, TIOCMBIS, TIOCM_RTS, "TIOCMBIS") ||
	    wait_signals(fd, ALL, TIOCM_DTR | TIOCM_RTS | TIOCM_DSR | TIOCM_CTS) ||
	    tiocm(fd, TIOCMBIC, TIOCM_DTR, "TIOCMBIC") ||
	    wait_signals(fd, ALL, TIOCM_RTS | TIOCM_CTS) ||
	    tiocm(fd, TIOCMSET, TIOCM_DTR, "TIOCMSET") ||
	    wait_signals(fd, ALL, TIOCM_DTR | TIOCM_DSR) ||
	    /* Bits other than DTR/RTS are ignored by TIOCMSET, like a tty. */
	    tiocm(fd, TIOCMSET, TIOCM_RTS | TIOCM_DSR, "TIOCMSET") ||
	    wait_signals(fd, ALL, TIOCM_RTS | TIOCM_CTS) ||
	    tiocm(fd, TIOCMBIC, TIOCM_DTR | TIOCM_RTS, "TIOCMBIC") ||
	    wait_signals(fd, ALL, 0)) {
		close(fd);
		return 1;
	}
	if (close(fd) < 0)
		return fail("close: %s", strerror(errno));
	printf("tiocm: ok\n");
	return 0;
}

static int cmd_unsupported(void)
{
	static const struct {
		unsigned long req;
		const char *name;
	} reqs[] = {
		{ TIOCMGET, "TIOCMGET" }, { TIOCMSET, "TIOCMSET" },
		{ TIOCMBIS, "TIOCMBIS" }, { TIOCMBIC, "TIOCMBIC" },
	};
	unsigned int i;
	int fd = open_dev(), bad = 0, v;

	if (fd < 0)
		return 1;
	for (i = 0; i < ARRAY_SIZE(reqs); i++) {
		v = TIOCM_DTR;
		if (ioctl(fd, reqs[i].req, &v) == 0) {
			bad |= fail("%s succeeded (value %s)", reqs[i].name, bits(v));
		} else if (errno != EOPNOTSUPP) {
			bad |= fail("%s: %s, wanted EOPNOTSUPP", reqs[i].name,
				    strerror(errno));
		} else {
			printf("%s: EOPNOTSUPP as expected\n", reqs[i].name);
		}
	}
	close(fd);
	if (!bad)
		printf("unsupported: ok\n");
	return bad;
}

/* revents of one poll() on @fd for @events, waiting at most @ms. */
static int poll_one(int fd, short events, int ms)
{
	struct pollfd p = { .fd = fd, .events = events };
	int ret = poll(&p, 1, ms);

	if (ret < 0) {
		fail("poll: %s", strerror(errno));
		return -1;
	}
	return ret ? p.revents : 0;
}

/* TIOCMGET acknowledges the event: EPOLLPRI must be gone at once. */
static int clear_pri(int fd)
{
	int v;

	if (ioctl(fd, TIOCMGET, &v) < 0)
		return fail("TIOCMGET: %s", strerror(errno));
	if (poll_one(fd, POLLPRI, 0) & POLLPRI)
		return fail("EPOLLPRI still reported after TIOCMGET");
	return 0;
}

static int pri_step(int fd, unsigned long req, int val, const char *name,
		    int mask, int want)
{
	int r;

	if (tiocm(fd, req, val, name))
		return 1;
	r = poll_one(fd, POLLPRI, timeout_ms());
	if (r < 0)
		return 1;
	if (!(r & POLLPRI))
		return fail("%s(%s): no EPOLLPRI within %d ms (revents 0x%x)",
			    name, bits(val), timeout_ms(), r);
	printf("poll: EPOLLPRI after %s(%s)\n", name, bits(val));
	if (wait_signals(fd, mask, want) || clear_pri(fd))
		return 1;
	printf("TIOCMGET cleared EPOLLPRI\n");
	r = poll_one(fd, POLLPRI, 0);
	if (r < 0)
		return 1;
	if (r & POLLPRI)
		return fail("EPOLLPRI still reported after TIOCMGET");
	printf("poll: no EPOLLPRI after TIOCMGET: ok\n");
	return 0;
}

static int cmd_pri(void)
{
	int fd = open_dev(), r;

	if (fd < 0)
		return 1;
	if (tiocm(fd, TIOCMSET, 0, "TIOCMSET") || wait_signals(fd, ALL, 0))
		goto out;
	/* Let stray events of the reset arrive, then clear them. */
	usleep(200000);
	if (clear_pri(fd))
		goto out;
	r = poll_one(fd, POLLPRI, 0);
	if (r < 0 || (r & POLLPRI)) {
		fail("EPOLLPRI reported with no change pending");
		goto out;
	}
	if (pri_step(fd, TIOCMBIS, TIOCM_DTR, "TIOCMBIS", ALL,
		     TIOCM_DTR | TIOCM_DSR) ||
	    pri_step(fd, TIOCMBIS, TIOCM_RTS, "TIOCMBIS", ALL,
		     TIOCM_DTR | TIOCM_RTS | TIOCM_DSR | TIOCM_CTS) ||
	    pri_step(fd, TIOCMBIC, TIOCM_DTR | TIOCM_RTS, "TIOCMBIC", ALL, 0))
		goto out;
	/* No change, no event: setting a bit that is already clear. */
	if (tiocm(fd, TIOCMBIC, TIOCM_DTR, "TIOCMBIC"))
		goto out;
	r = poll_one(fd, POLLPRI, 300);
	if (r < 0)
		goto out;
	if (r & POLLPRI) {
		fail("EPOLLPRI without a change of the remote's signals");
		goto out;
	}
	printf("poll: no EPOLLPRI without a change: ok\n");
	close(fd);
	printf("pri: ok\n");
	return 0;
out:
	close(fd);
	return 1;
}

/* Read until EPIPE; every read before it must return data. */
static int drain_to_epipe(int fd, const char *who)
{
	char buf[MAX_PKT];
	int packets = 0;
	ssize_t n;

	for (;;) {
		n = read(fd, buf, sizeof(buf));
		if (n > 0) {
			packets++;
			continue;
		}
		if (n == 0)
			return fail("%s: read returned 0, wanted EPIPE", who);
		if (errno == EINTR)
			continue;
		if (errno != EPIPE)
			return fail("%s: read: %s, wanted EPIPE", who, strerror(errno));
		printf("%s: read: %d queued packets, then EPIPE\n", who, packets);
		return 0;
	}
}

static int cmd_hup(void)
{
	long long end;
	int fd = open_dev(), r, status, v = 0, bad = 0;
	pid_t child;

	if (fd < 0)
		return 1;

	child = fork();
	if (child < 0)
		return fail("fork: %s", strerror(errno));
	if (child == 0) {
		alarm(timeout_ms() * 12 / 1000 + 5);
		_exit(drain_to_epipe(fd, "hup: blocked reader"));
	}

	printf("hup: waiting for %s to go away\n", dev);
	fflush(stdout);
	end = now_ms() + timeout_ms() * 12LL;
	for (;;) {
		r = poll_one(fd, POLLIN, 1000);
		if (r < 0)
			goto kill;
		if (r & POLLHUP)
			break;
		if (now_ms() > end) {
			fail("no EPOLLHUP within %d ms", timeout_ms() * 12);
			goto kill;
		}
		/* POLLIN: the blocked reader takes the data. */
		if (r & POLLIN)
			usleep(10000);
	}
	printf("hup: poll: EPOLLHUP (revents 0x%x)\n", r);
	if (r & POLLERR)
		bad |= fail("EPOLLERR reported with EPOLLHUP");

	if (waitpid(child, &status, 0) < 0)
		return fail("waitpid: %s", strerror(errno));
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		bad |= fail("the blocked reader failed (status 0x%x)", status);
	else
		printf("hup: blocked reader: ok\n");

	bad |= drain_to_epipe(fd, "hup: reader after the hang-up");
	r = poll_one(fd, POLLIN | POLLOUT | POLLPRI, 0);
	if (r != POLLHUP)
		bad |= fail("poll after draining: revents 0x%x, wanted EPOLLHUP only", r);
	else
		printf("hup: poll after draining: EPOLLHUP only\n");
	if (write(fd, "x", 1) >= 0 || errno != EPIPE)
		bad |= fail("write: %s, wanted EPIPE", strerror(errno));
	else
		printf("hup: write: EPIPE\n");
	if (ioctl(fd, TIOCMGET, &v) >= 0 || errno != EPIPE)
		bad |= fail("TIOCMGET: %s, wanted EPIPE", strerror(errno));
	else
		printf("hup: TIOCMGET: EPIPE\n");
	if (close(fd) < 0)
		bad |= fail("close: %s", strerror(errno));
	else
		printf("hup: close: ok\n");
	if (!bad)
		printf("hup: ok\n");
	return bad;
kill:
	kill(child, SIGKILL);
	waitpid(child, &status, 0);
	close(fd);
	return 1;
}

static int write_file(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_TRUNC);
	ssize_t n;

	if (fd < 0)
		return fail("open %s: %s", path, strerror(errno));
	n = write(fd, s, strlen(s));
	close(fd);
	if (n != (ssize_t)strlen(s))
		return fail("write %s to %s: %s", s, path, strerror(errno));
	return 0;
}

static int trace_setup(void)
{
	struct stat st;

	if (stat(TRACEFS "/events", &st) < 0 &&
	    mount("tracefs", TRACEFS, "tracefs", 0, NULL) < 0)
		return fail("mount tracefs on %s: %s", TRACEFS, strerror(errno));
	if (stat(TRACEFS "/events/rpmsg", &st) < 0)
		return fail("%s/events/rpmsg: %s", TRACEFS, strerror(errno));
	return write_file(TRACEFS "/trace", "") ||
	       write_file(TRACEFS "/events/rpmsg/enable", "1") ||
	       write_file(TRACEFS "/tracing_on", "1");
}

/* Does a line of the trace hold @event, "len=@len" and @also (if any)? */
static int trace_has(const char *trace, const char *event, int len,
		     const char *also)
{
	char want[32], line[512];
	const char *p = trace, *nl;
	size_t n;

	snprintf(want, sizeof(want), " len=%d ", len);
	while (*p) {
		nl = strchr(p, '\n');
		n = nl ? (size_t)(nl - p) : strlen(p);
		if (n >= sizeof(line))
			n = sizeof(line) - 1;
		memcpy(line, p, n);
		line[n] = '\0';
		strcat(line, " ");
		if (strstr(line, event) && strstr(line, want) &&
		    (!also || strstr(line, also))) {
			printf("trace: %s\n", line);
			return 1;
		}
		p = nl ? nl + 1 : p + n;
	}
	return 0;
}

static int cmd_trace(int len)
{
	char out[MAX_PKT], in[MAX_PKT], *trace;
	size_t size = 0, cap = 1 << 16;
	int fd, i, bad = 0, tfd;
	ssize_t n;

	if (len <= 0 || len > MAX_PKT)
		return fail("length %d out of range", len);
	if (trace_setup())
		return 1;
	fd = open_dev();
	if (fd < 0)
		goto off;
	for (i = 0; i < len; i++)
		out[i] = i * 13 + 5;
	n = write(fd, out, len);
	if (n != len) {
		bad = fail("write %d bytes: %s", len, strerror(errno));
	} else {
		i = poll_one(fd, POLLIN, timeout_ms());
		n = i > 0 && (i & POLLIN) ? read(fd, in, sizeof(in)) : -1;
		if (n != len || memcmp(in, out, len))
			bad = fail("no echo of %d bytes (got %zd)", len, n);
		else
			printf("trace: echo of %d bytes: ok\n", len);
	}
	close(fd);
off:
	if (write_file(TRACEFS "/events/rpmsg/enable", "0") || bad || fd < 0)
		return 1;

	trace = malloc(cap);
	tfd = open(TRACEFS "/trace", O_RDONLY);
	if (!trace || tfd < 0)
		return fail("read %s/trace: %s", TRACEFS, strerror(errno));
	while ((n = read(tfd, trace + size, cap - size - 1)) > 0) {
		size += n;
		if (cap - size < 4096) {
			cap *= 2;
			trace = realloc(trace, cap);
			if (!trace)
				return fail("out of memory");
		}
	}
	close(tfd);
	trace[size] = '\0';
	if (!trace_has(trace, "rpmsg_send:", len, " result=0 "))
		bad |= fail("no rpmsg_send event with len=%d result=0", len);
	if (!trace_has(trace, "rpmsg_receive:", len, NULL))
		bad |= fail("no rpmsg_receive event with len=%d", len);
	if (bad)
		fprintf(stderr, "rpmsgsig: the trace was:\n%s", trace);
	free(trace);
	if (!bad)
		printf("trace: ok\n");
	return bad;
}

static int sim_write(const char *ctl, const char *cmd)
{
	int fd = open(ctl, O_WRONLY), ok;

	if (fd < 0)
		return fail("%s: %s", ctl, strerror(errno));
	ok = write(fd, cmd, strlen(cmd)) == (ssize_t)strlen(cmd);
	close(fd);
	return ok ? 0 : fail("%s: '%s': %s", ctl, cmd, strerror(errno));
}

static int cmd_remote_cdri(const char *ctl, const char *chan)
{
	struct pollfd p;
	char cmd[80];
	int fd, ret;

	fd = open_dev();
	if (fd < 0)
		return 1;
	/* Settle: the open itself changes the remote's lines. */
	ret = wait_signals(fd, TIOCM_DSR | TIOCM_CTS, TIOCM_DSR | TIOCM_CTS);
	if (!ret)
		ret = wait_signals(fd, TIOCM_CD | TIOCM_RI, TIOCM_CD);
	snprintf(cmd, sizeof(cmd), "signals %s 0xf", chan);
	if (!ret)
		ret = sim_write(ctl, cmd);
	p = (struct pollfd){ .fd = fd, .events = POLLPRI };
	if (!ret && (poll(&p, 1, timeout_ms()) != 1 || !(p.revents & POLLPRI)))
		ret = fail("no EPOLLPRI for the remote's CD/RI");
	if (!ret)
		ret = wait_signals(fd, TIOCM_CD | TIOCM_RI, TIOCM_CD | TIOCM_RI);
	snprintf(cmd, sizeof(cmd), "signals %s 0x3", chan);
	if (!ret)
		ret = sim_write(ctl, cmd);
	if (!ret)
		ret = wait_signals(fd, TIOCM_CD | TIOCM_RI, 0);
	close(fd);
	if (!ret)
		printf("remote-cdri: CD and RI raised and dropped by the remote\n");
	return ret;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc >= 3) {
		dev = argv[2];
		if (argc == 3 && !strcmp(argv[1], "tiocm"))
			return cmd_tiocm();
		if (argc == 3 && !strcmp(argv[1], "unsupported"))
			return cmd_unsupported();
		if (argc == 3 && !strcmp(argv[1], "pri"))
			return cmd_pri();
		if (argc == 3 && !strcmp(argv[1], "hup"))
			return cmd_hup();
		if (argc == 5 && !strcmp(argv[1], "remote-cdri"))
			return cmd_remote_cdri(argv[3], argv[4]);
		if (argc <= 4 && !strcmp(argv[1], "trace"))
			return cmd_trace(argc == 4 ? atoi(argv[3]) : 37);
	}
	fprintf(stderr, "usage: rpmsgsig tiocm|unsupported|pri|hup DEV\n"
		"       rpmsgsig trace DEV [LEN]\n"
		"       rpmsgsig remote-cdri DEV CTL CHAN\n");
	return 2;
}
