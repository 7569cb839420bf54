// SPDX-License-Identifier: GPL-2.0
/*
 * smdtest: guest-side data tests over /dev/rpmsg* (static, arm64).
 *
 *   smdtest ept CTRL NAME [DST]      create an endpoint device, print its path
 *                                    (DST: the remote address, for virtio)
 *   smdtest destroy DEV              destroy an endpoint device
 *   smdtest create-dev CTRL NAME     RPMSG_CREATE_DEV_IOCTL, print the new device
 *   smdtest release-dev CTRL NAME    RPMSG_RELEASE_DEV_IOCTL
 *   smdtest echo DEV MIN MAX [STEP [REPEAT]]
 *                                    packets of each size (REPEAT of each),
 *                                    compare the echo
 *   smdtest sink DEV COUNT SIZE [CTL CHAN]
 *                                    write COUNT integrity packets; with the
 *                                    simulator's CTL, wait for its sink to
 *                                    verify them all before closing
 *   smdtest source DEV COUNT SIZE [go]
 *                                    read and verify COUNT integrity packets
 *                                    (go: first send one byte, which tells a
 *                                    virtio source where to send)
 *   smdtest nonblock DEV             O_NONBLOCK: read on empty gives EAGAIN,
 *                                    no POLLIN, write, POLLIN, read the echo
 *   smdtest pollout DEV              an idle endpoint polls POLLOUT
 *   smdtest pingpong DEV [SESSION_FILE]
 *                                    64-byte echoes (2 ms apart) until the
 *                                    endpoint goes away; success when it ends
 *                                    with EPIPE/ENODEV/EIO/ESHUTDOWN or EOF,
 *                                    failure on a timeout or a wrong echo;
 *                                    appends "open" to SESSION_FILE once open
 *   smdtest backpressure DEV CTL CHAN SIZE
 *                                    against a sink: stall it (CTL is the
 *                                    simulator's ctl file), fill the ring until
 *                                    EAGAIN, check POLLOUT stays off and a
 *                                    blocking write blocks, drain, check both
 *                                    complete; prints the packets written
 *   smdtest pollwrite DEV CTL CHAN COUNT SIZE
 *                                    against a sink: non-blocking writes, poll
 *                                    (100 ms at most) on EAGAIN; fails on a
 *                                    poll that runs out, or when our
 *                                    fBLOCKREADINTR is not back at 1 after
 *                                    the burst (fd still open)
 *   smdtest reopen DEV N             open, echo one packet, close; N times
 *   smdtest write DEV SIZE           one write of SIZE bytes; prints the result
 *   smdtest inject-read DEV CTL CMD LEN [CMD2]
 *                                    open DEV, send CMD (then CMD2) to the
 *                                    simulator, read integrity packets until
 *                                    one of LEN bytes; all must verify
 *   smdtest inject-echo DEV CTL CMD MIN MAX
 *                                    open DEV, send CMD to the simulator, then
 *                                    echo one packet of each size MIN..MAX
 *   smdtest flow DEV                 against sigecho: pause and resume incoming
 *                                    flow; each must come back as EPOLLPRI and
 *                                    RPMSG_GET_OUTGOING_FLOWCONTROL 0, then 1
 *   smdtest startflow DEV            against a remote that opens with DSR and
 *                                    CTS low: after the open, EPOLLPRI must
 *                                    come and RPMSG_GET_OUTGOING_FLOWCONTROL
 *                                    must read 0 (may not send)
 *   smdtest remote-cycle DEV CTL CHAN N
 *                                    N times: open, echo, the remote closes
 *                                    (writes must then fail), close, the
 *                                    remote reopens
 *   smdtest rpm DEV SET TYPE ID [KEY VALUE]...
 *                                    one RPM request (SET 0 active, 1 sleep;
 *                                    TYPE and KEY up to 4 characters, "uv"),
 *                                    then its ack: exit 0, or 3 with the
 *                                    "err" string printed, 1 on a bad ack
 *   smdtest rpm-loop DEV N           N acknowledged RPM requests over a few
 *                                    resources and keys; prints the last value
 *                                    of each (set, type, id, key) as the
 *                                    simulator's rpm file does ("value ...")
 *
 * Integrity payload (shared with the simulator's sink/source by its
 * description, not by code): LE32 sequence, LE32 CRC32 (zlib) of the data,
 * then data byte i = (seq + i) * 7 + 1.  Every read waits at most 10 s: a
 * silent remote is a failure, not a hang.  Exit status 0 means success.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/rpmsg.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Not in the cross toolchain's (6.1) uapi headers yet; values from 6.12. */
#ifndef RPMSG_GET_OUTGOING_FLOWCONTROL
#define RPMSG_GET_OUTGOING_FLOWCONTROL _IOR(0xb5, 0x5, int)
#define RPMSG_SET_INCOMING_FLOWCONTROL _IOR(0xb5, 0x6, int)
#endif

#define TIMEOUT_MS	10000	/* SMDTEST_TIMEOUT_MS overrides */
#define MAX_PKT		(128 * 1024)

static uint32_t crc_table[256];

static void crc_init(void)
{
	uint32_t c;
	int i, k;

	for (i = 0; i < 256; i++) {
		c = i;
		for (k = 0; k < 8; k++)
			c = c & 1 ? 0xedb88320 ^ (c >> 1) : c >> 1;
		crc_table[i] = c;
	}
}

static uint32_t crc32(const uint8_t *p, size_t n)
{
	uint32_t c = 0xffffffff;

	while (n--)
		c = crc_table[(c ^ *p++) & 0xff] ^ (c >> 8);
	return ~c;
}

static void put_le32(uint8_t *p, uint32_t v)
{
	p[0] = v;
	p[1] = v >> 8;
	p[2] = v >> 16;
	p[3] = v >> 24;
}

static uint32_t get_le32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static void fill(uint8_t *buf, size_t len, uint32_t seq)
{
	size_t i;

	if (len < 8) {
		memset(buf, seq & 0xff, len);
		return;
	}
	for (i = 0; i < len - 8; i++)
		buf[8 + i] = (seq + i) * 7 + 1;
	put_le32(buf, seq);
	put_le32(buf + 4, crc32(buf + 8, len - 8));
}

static int die(const char *what)
{
	fprintf(stderr, "smdtest: %s: %s\n", what, strerror(errno));
	return 1;
}

static ssize_t read_timeout(int fd, void *buf, size_t len)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	const char *env = getenv("SMDTEST_TIMEOUT_MS");
	int ret = poll(&p, 1, env ? atoi(env) : TIMEOUT_MS);

	if (ret == 0) {
		errno = ETIMEDOUT;
		return -1;
	}
	if (ret < 0)
		return -1;
	return read(fd, buf, len);
}

static int print_newest(const char *name);

static int ctrl_ioctl_dst(const char *ctrl, const char *name, unsigned long req,
			  const char *what, uint32_t dst)
{
	struct rpmsg_endpoint_info info = { .src = 0xffffffff, .dst = dst };
	int fd;

	snprintf(info.name, sizeof(info.name), "%s", name);
	fd = open(ctrl, O_RDWR);
	if (fd < 0)
		return die(ctrl);
	if (ioctl(fd, req, &info) < 0)
		return die(what);
	close(fd);
	return 0;
}

static int ctrl_ioctl(const char *ctrl, const char *name, unsigned long req,
		      const char *what)
{
	return ctrl_ioctl_dst(ctrl, name, req, what, 0xffffffff);
}

static int cmd_ept(const char *ctrl, const char *name, uint32_t dst)
{
	if (ctrl_ioctl_dst(ctrl, name, RPMSG_CREATE_EPT_IOCTL, "RPMSG_CREATE_EPT_IOCTL",
			   dst))
		return 1;
	return print_newest(name);
}

static int cmd_create_dev(const char *ctrl, const char *name)
{
	if (ctrl_ioctl(ctrl, name, RPMSG_CREATE_DEV_IOCTL, "RPMSG_CREATE_DEV_IOCTL"))
		return 1;
	return print_newest(name);
}

/* The newest endpoint device with that name is ours. */
static int print_newest(const char *name)
{
	char path[300], got[64];
	struct dirent *d;
	int best = -1, n;
	DIR *dir;
	FILE *f;

	dir = opendir("/sys/class/rpmsg");
	if (!dir)
		return die("/sys/class/rpmsg");
	while ((d = readdir(dir))) {
		if (sscanf(d->d_name, "rpmsg%d", &n) != 1 ||
		    strncmp(d->d_name, "rpmsg_", 6) == 0)
			continue;
		snprintf(path, sizeof(path), "/sys/class/rpmsg/%s/name", d->d_name);
		f = fopen(path, "r");
		if (!f)
			continue;
		if (fgets(got, sizeof(got), f)) {
			got[strcspn(got, "\n")] = 0;
			if (!strcmp(got, name) && n > best)
				best = n;
		}
		fclose(f);
	}
	closedir(dir);
	if (best < 0) {
		fprintf(stderr, "smdtest: no endpoint device named %s\n", name);
		return 1;
	}
	printf("/dev/rpmsg%d\n", best);
	return 0;
}

static int cmd_destroy(const char *dev)
{
	int fd = open(dev, O_RDWR);

	if (fd < 0)
		return die(dev);
	if (ioctl(fd, RPMSG_DESTROY_EPT_IOCTL) < 0)
		return die("RPMSG_DESTROY_EPT_IOCTL");
	close(fd);
	return 0;
}

/* One packet of @len bytes out, and the same bytes back. */
static int echo_one(int fd, size_t len, unsigned long seq)
{
	static uint8_t out[MAX_PKT], in[MAX_PKT];
	ssize_t r;

	fill(out, len, seq);
	r = write(fd, out, len);
	if (r != (ssize_t)len) {
		fprintf(stderr, "smdtest: write %zu bytes: %zd (%s)\n", len, r,
			strerror(errno));
		return 1;
	}
	r = read_timeout(fd, in, sizeof(in));
	if (r != (ssize_t)len || memcmp(in, out, len)) {
		fprintf(stderr, "smdtest: echo of %zu bytes came back as %zd bytes%s (%s)\n",
			len, r, r == (ssize_t)len ? ", different" : "",
			r < 0 ? strerror(errno) : "");
		return 1;
	}
	return 0;
}

static int cmd_echo(const char *dev, size_t min, size_t max, size_t step,
		    unsigned long repeat)
{
	unsigned long k, n = 0;
	size_t len;
	int fd;

	if (!min || max > MAX_PKT || min > max || !step || !repeat)
		return fprintf(stderr, "smdtest: bad sizes\n"), 2;
	fd = open(dev, O_RDWR);
	if (fd < 0)
		return die(dev);
	for (len = min; len <= max; len += step) {
		for (k = 0; k < repeat; k++, n++)
			if (echo_one(fd, len, n))
				return 1;
	}
	printf("echo: %lu packets of %zu..%zu bytes ok\n", n, min, max);
	close(fd);
	return 0;
}

static int sink_count(const char *ctl, const char *chan, unsigned long want);

static int cmd_sink(const char *dev, unsigned long count, size_t size,
		    const char *ctl, const char *chan)
{
	static uint8_t out[MAX_PKT];
	unsigned long i;
	int fd;

	if (size > MAX_PKT)
		return 2;
	fd = open(dev, O_RDWR);
	if (fd < 0)
		return die(dev);
	for (i = 0; i < count; i++) {
		fill(out, size, i);
		if (write(fd, out, size) != (ssize_t)size) {
			fprintf(stderr, "smdtest: packet %lu: %s\n", i, strerror(errno));
			return 1;
		}
	}
	printf("sink: wrote %lu packets of %zu bytes\n", count, size);
	if (ctl && sink_count(ctl, chan, count))
		return fprintf(stderr, "smdtest: the sink did not verify %lu packets\n",
			       count), 1;
	close(fd);
	return 0;
}

static int cmd_source(const char *dev, unsigned long count, size_t size, int go)
{
	static uint8_t in[MAX_PKT];
	unsigned long i;
	ssize_t r;
	int fd;

	fd = open(dev, O_RDWR);
	if (fd < 0)
		return die(dev);
	if (go && write(fd, "g", 1) != 1)
		return die("write go");
	for (i = 0; i < count; i++) {
		r = read_timeout(fd, in, sizeof(in));
		if (r != (ssize_t)size) {
			fprintf(stderr, "smdtest: packet %lu: %zd bytes, wanted %zu (%s)\n",
				i, r, size, r < 0 ? strerror(errno) : "");
			return 1;
		}
		if (size >= 8 && (get_le32(in) != i ||
				  get_le32(in + 4) != crc32(in + 8, size - 8))) {
			fprintf(stderr, "smdtest: packet %lu: seq %u, crc %s\n", i,
				get_le32(in), get_le32(in + 4) == crc32(in + 8, size - 8) ?
				"good" : "bad");
			return 1;
		}
	}
	printf("source: %lu packets of %zu bytes verified\n", count, size);
	close(fd);
	return 0;
}

static int sim_ctl(const char *ctl, const char *cmd)
{
	int fd = open(ctl, O_WRONLY);
	ssize_t r;

	if (fd < 0)
		return -1;
	r = write(fd, cmd, strlen(cmd));
	close(fd);
	return r == (ssize_t)strlen(cmd) ? 0 : -1;
}

/* Wait until the simulator's sink on @chan has verified @want packets. */
static int sink_count(const char *ctl, const char *chan, unsigned long want)
{
	char path[300], line[1024], key[64];
	unsigned long ok = 0;
	int tries;
	char *p;
	FILE *f;

	snprintf(path, sizeof(path), "%.*s/status", (int)(strrchr(ctl, '/') - ctl), ctl);
	snprintf(key, sizeof(key), "chan %s ", chan);
	for (tries = 0; tries < 600; tries++) {
		f = fopen(path, "r");
		if (!f)
			return -1;
		while (fgets(line, sizeof(line), f)) {
			if (strncmp(line, key, strlen(key)))
				continue;
			p = strstr(line, " sink_ok=");
			ok = p ? strtoul(p + 9, NULL, 10) : 0;
			if (!strstr(line, " sink_bad=0 ")) {
				fclose(f);
				return -1;
			}
		}
		fclose(f);
		if (ok == want)
			return 0;
		usleep(100000);
	}
	return -1;
}

static int cmd_backpressure(const char *dev, const char *ctl, const char *chan,
			    size_t size)
{
	static uint8_t out[MAX_PKT];
	struct pollfd p = { .events = POLLOUT };
	char cmd[64];
	unsigned long n = 0, small;
	int fd, flags, status;
	pid_t child;

	snprintf(cmd, sizeof(cmd), "stall %s on", chan);
	if (size > MAX_PKT || sim_ctl(ctl, cmd))
		return die("stall");
	fd = open(dev, O_RDWR | O_NONBLOCK);
	if (fd < 0)
		return die(dev);
	for (;;) {
		fill(out, size, n);
		if (write(fd, out, size) != (ssize_t)size)
			break;
		if (++n > 1000000)
			return fprintf(stderr, "smdtest: never full\n"), 1;
	}
	if (errno != EAGAIN)
		return die("non-blocking write");
	/* Then 1-byte packets (unchecked by the sink) until not even one fits. */
	for (small = 0; write(fd, out, 1) == 1; small++)
		if (small > 10000)
			return fprintf(stderr, "smdtest: never full\n"), 1;
	if (errno != EAGAIN)
		return die("non-blocking write");
	printf("trysend: %lu + %lu packets, then EAGAIN\n", n, small);
	p.fd = fd;
	if (poll(&p, 1, 300) != 0)
		return fprintf(stderr, "smdtest: POLLOUT on a full ring\n"), 1;

	flags = fcntl(fd, F_GETFL);
	fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
	child = fork();
	if (child == 0) {
		fill(out, size, n);
		_exit(write(fd, out, size) == (ssize_t)size ? 0 : 1);
	}
	usleep(500000);
	if (waitpid(child, &status, WNOHANG) != 0)
		return fprintf(stderr, "smdtest: blocking write did not block\n"), 1;
	printf("blocking send: blocked while the remote stalls\n");

	snprintf(cmd, sizeof(cmd), "stall %s off", chan);
	if (sim_ctl(ctl, cmd))
		return die("resume");
	if (poll(&p, 1, TIMEOUT_MS) != 1 || !(p.revents & POLLOUT))
		return fprintf(stderr, "smdtest: no POLLOUT after the drain\n"), 1;
	if (waitpid(child, &status, 0) != child || !WIFEXITED(status) ||
	    WEXITSTATUS(status))
		return fprintf(stderr, "smdtest: blocked write failed\n"), 1;
	printf("drained: POLLOUT back, blocked write completed, %lu packets\n", n + 1);
	/* Close only once the sink has every packet: close drops queued data. */
	if (sink_count(ctl, chan, n + 1))
		return fprintf(stderr, "smdtest: the sink did not verify %lu packets\n",
			       n + 1), 1;
	printf("sink verified %lu packets\n", n + 1);
	close(fd);
	return 0;
}

/* Wait up to 2 s for the simulator's status line of @chan to hold @want. */
static int sim_status_has(const char *ctl, const char *chan, const char *want)
{
	char path[300], line[1024], key[64];
	int tries, found = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%.*s/status", (int)(strrchr(ctl, '/') - ctl), ctl);
	snprintf(key, sizeof(key), "chan %s ", chan);
	for (tries = 0; tries < 20 && !found; tries++) {
		if (tries)
			usleep(100000);
		f = fopen(path, "r");
		if (!f)
			return -1;
		while (fgets(line, sizeof(line), f))
			if (!strncmp(line, key, strlen(key)) && strstr(line, want))
				found = 1;
		fclose(f);
	}
	return found ? 0 : -1;
}

static long ms_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) * 1000 + (t.tv_nsec - t0->tv_nsec) / 1000000;
}

/*
 * A writer that only polls: non-blocking writes of @count integrity
 * packets; on EAGAIN, poll(POLLOUT) for at most 100 ms.  A poll that runs
 * out is a stall (the remote read, nobody woke us).  Then, with the fd
 * still open, our fBLOCKREADINTR must be back at 1 (the remote need not
 * interrupt after every read once nobody waits).
 */
static int cmd_pollwrite(const char *dev, const char *ctl, const char *chan,
			 unsigned long count, size_t size)
{
	static uint8_t out[MAX_PKT];
	struct pollfd p = { .events = POLLOUT };
	unsigned long i = 0, polls = 0, stalls = 0;
	long wait_ms, max_ms = 0;
	struct timespec t0;
	int fd;

	if (size > MAX_PKT || size < 8)
		return die("size");
	fd = open(dev, O_RDWR | O_NONBLOCK);
	if (fd < 0)
		return die(dev);
	p.fd = fd;
	while (i < count) {
		fill(out, size, i);
		if (write(fd, out, size) == (ssize_t)size) {
			i++;
			continue;
		}
		if (errno != EAGAIN)
			return die("non-blocking write");
		clock_gettime(CLOCK_MONOTONIC, &t0);
		polls++;
		if (poll(&p, 1, 100) == 0)
			stalls++;
		wait_ms = ms_since(&t0);
		if (wait_ms > max_ms)
			max_ms = wait_ms;
		if (p.revents & (POLLERR | POLLHUP))
			return fprintf(stderr, "smdtest: poll revents %#x\n", p.revents), 1;
	}
	printf("pollwrite: %lu packets, %lu polls, longest %ld ms, %lu ran out\n",
	       count, polls, max_ms, stalls);
	if (sink_count(ctl, chan, count))
		return fprintf(stderr, "smdtest: the sink did not verify %lu packets\n", count), 1;
	if (sim_status_has(ctl, chan, " apps_blockread=1"))
		return fprintf(stderr, "smdtest: fBLOCKREADINTR still 0 after the burst\n"), 1;
	close(fd);
	if (!polls)
		return fprintf(stderr, "smdtest: the ring never filled: nothing tested\n"), 1;
	return stalls ? 1 : 0;
}

static int cmd_reopen(const char *dev, unsigned long n)
{
	unsigned long i;
	int fd;

	for (i = 0; i < n; i++) {
		fd = open(dev, O_RDWR);
		if (fd < 0) {
			fprintf(stderr, "smdtest: open %lu: %s\n", i, strerror(errno));
			return 1;
		}
		if (echo_one(fd, 64, i))
			return fprintf(stderr, "smdtest: cycle %lu failed\n", i), 1;
		close(fd);
	}
	printf("reopen: %lu open/echo/close cycles\n", n);
	return 0;
}

static int cmd_write(const char *dev, size_t size)
{
	static uint8_t out[2 * MAX_PKT];
	ssize_t r;
	int fd;

	if (size > sizeof(out))
		return 2;
	fd = open(dev, O_RDWR);
	if (fd < 0)
		return die(dev);
	r = write(fd, out, size);
	printf("write %zu: %s\n", size, r < 0 ? strerror(errno) : "ok");
	close(fd);
	return r == (ssize_t)size ? 0 : 1;
}

/* Open, retrying for up to 10 s while the remote is not offering yet. */
static int check_packet(const uint8_t *in, size_t len)
{
	if (len < 8)
		return 0;
	return get_le32(in + 4) == crc32(in + 8, len - 8) ? 0 : -1;
}

static int cmd_inject_read(const char *dev, const char *ctl, const char *cmd,
			   size_t want, const char *cmd2)
{
	static uint8_t in[MAX_PKT];
	int fd, n = 0;
	ssize_t r;

	fd = open(dev, O_RDWR);
	if (fd < 0)
		return die(dev);
	if (sim_ctl(ctl, cmd) || (cmd2 && sim_ctl(ctl, cmd2)))
		return die(cmd);
	do {
		r = read_timeout(fd, in, sizeof(in));
		if (r < 0)
			return fprintf(stderr, "smdtest: after %d packets: %s\n", n,
				       strerror(errno)), 1;
		if (check_packet(in, r))
			return fprintf(stderr, "smdtest: packet %d of %zd bytes corrupt\n",
				       n, r), 1;
		n++;
	} while ((size_t)r != want);
	printf("inject-read: %d packets, the last of %zu bytes, all intact\n", n, want);
	close(fd);
	return 0;
}

/*
 * Open @dev, send @cmd to the simulator (a fault on this very session),
 * then echo one packet of each size @min..@max: each must come back whole.
 */
static int cmd_inject_echo(const char *dev, const char *ctl, const char *cmd,
			   size_t min, size_t max)
{
	unsigned long n = 0;
	size_t len;
	int fd;

	if (!min || max > MAX_PKT || min > max)
		return fprintf(stderr, "smdtest: bad sizes\n"), 2;
	fd = open(dev, O_RDWR);
	if (fd < 0)
		return die(dev);
	if (sim_ctl(ctl, cmd))
		return die(cmd);
	for (len = min; len <= max; len++, n++)
		if (echo_one(fd, len, n))
			return 1;
	printf("inject-echo: %lu packets of %zu..%zu bytes ok after the fault\n", n, min, max);
	close(fd);
	return 0;
}

/*
 * Pause or resume our side, then wait for the remote's mirror: each
 * EPOLLPRI is followed by a read of its flow state, until the state is
 * @want. The remote may change its lines in more than one write (one
 * event each, the state unchanged in between), so an event that still
 * shows the old state is not a failure; no event, or not @want within
 * TIMEOUT_MS, is.
 */
static int flow_step(int fd, int pause, int want)
{
	struct pollfd p = { .fd = fd, .events = POLLPRI };
	struct timespec t0, t;
	int got = -1, events = 0;
	long left;

	if (ioctl(fd, RPMSG_SET_INCOMING_FLOWCONTROL, pause) < 0)
		return die("RPMSG_SET_INCOMING_FLOWCONTROL");
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		clock_gettime(CLOCK_MONOTONIC, &t);
		left = TIMEOUT_MS - ((t.tv_sec - t0.tv_sec) * 1000 +
				     (t.tv_nsec - t0.tv_nsec) / 1000000);
		if (left <= 0 || poll(&p, 1, left) != 1 || !(p.revents & POLLPRI))
			break;
		events++;
		if (ioctl(fd, RPMSG_GET_OUTGOING_FLOWCONTROL, &got) < 0)
			return die("RPMSG_GET_OUTGOING_FLOWCONTROL");
		if (got == want)
			break;
	}
	if (!events)
		return fprintf(stderr, "smdtest: no EPOLLPRI after pause=%d\n", pause), 1;
	if (got != want)
		return fprintf(stderr,
			       "smdtest: pause=%d: remote flow %d after %d events, wanted %d\n",
			       pause, got, events, want), 1;
	printf("flow: pause=%d came back as remote flow %d with EPOLLPRI (%d event%s)\n",
	       pause, got, events, events == 1 ? "" : "s");
	return 0;
}

static int cmd_flow(const char *dev)
{
	int fd = open(dev, O_RDWR), ret;

	if (fd < 0)
		return die(dev);
	ret = flow_step(fd, 1, 0) || flow_step(fd, 0, 1);
	close(fd);
	return ret;
}

static int cmd_startflow(const char *dev)
{
	struct pollfd p = { .events = POLLPRI };
	int got = -1;

	p.fd = open(dev, O_RDWR);
	if (p.fd < 0)
		return die(dev);
	if (poll(&p, 1, TIMEOUT_MS) != 1 || !(p.revents & POLLPRI))
		return fprintf(stderr, "smdtest: no EPOLLPRI for the remote's lines at open\n"), 1;
	if (ioctl(p.fd, RPMSG_GET_OUTGOING_FLOWCONTROL, &got) < 0)
		return die("RPMSG_GET_OUTGOING_FLOWCONTROL");
	if (got != 0)
		return fprintf(stderr, "smdtest: remote flow %d at open, wanted 0\n", got), 1;
	printf("startflow: EPOLLPRI, remote flow %d\n", got);
	close(p.fd);
	return 0;
}

static int open_retry(const char *dev)
{
	struct timespec t0, t;
	int fd;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	do {
		fd = open(dev, O_RDWR);
		if (fd >= 0)
			return fd;
		usleep(20000);
		clock_gettime(CLOCK_MONOTONIC, &t);
	} while (t.tv_sec - t0.tv_sec < 10);
	return -1;
}

static int cmd_remote_cycle(const char *dev, const char *ctl, const char *chan,
			    unsigned long n)
{
	uint8_t out[32] = { 0 };
	char cmd[64];
	unsigned long i;
	int fd, tries;

	for (i = 0; i < n; i++) {
		fd = open_retry(dev);
		if (fd < 0)
			return fprintf(stderr, "smdtest: cycle %lu: open: %s\n", i,
				       strerror(errno)), 1;
		if (echo_one(fd, sizeof(out), i))
			return fprintf(stderr, "smdtest: cycle %lu failed\n", i), 1;
		snprintf(cmd, sizeof(cmd), "close %s", chan);
		if (sim_ctl(ctl, cmd))
			return die("remote close");
		/* Our side hangs up: writes fail once it has seen the close. */
		for (tries = 0; tries < 500; tries++) {
			if (write(fd, out, sizeof(out)) < 0)
				break;
			usleep(10000);
		}
		if (tries == 500 || errno != EPIPE)
			return fprintf(stderr, "smdtest: cycle %lu: write after remote close: %s\n",
				       i, tries == 500 ? "still works" : strerror(errno)), 1;
		close(fd);
		snprintf(cmd, sizeof(cmd), "reopen %s", chan);
		if (sim_ctl(ctl, cmd))
			return die("remote reopen");
	}
	printf("remote-cycle: %lu remote close/reopen cycles\n", n);
	return 0;
}

static int cmd_nonblock(const char *dev)
{
	uint8_t out[100], in[200];
	struct pollfd p;
	ssize_t r;
	int fd;

	fd = open(dev, O_RDWR | O_NONBLOCK);
	if (fd < 0)
		return die(dev);
	if (read(fd, in, sizeof(in)) >= 0 || errno != EAGAIN)
		return fprintf(stderr, "smdtest: read on empty: %s, wanted EAGAIN\n",
			       strerror(errno)), 1;
	p = (struct pollfd){ .fd = fd, .events = POLLIN };
	if (poll(&p, 1, 200) != 0)
		return fprintf(stderr, "smdtest: idle poll revents %#x, wanted none\n",
			       p.revents), 1;
	fill(out, sizeof(out), 7);
	if (write(fd, out, sizeof(out)) != sizeof(out))
		return die("non-blocking write");
	p = (struct pollfd){ .fd = fd, .events = POLLIN };
	if (poll(&p, 1, 5000) != 1 || !(p.revents & POLLIN))
		return fprintf(stderr, "smdtest: no POLLIN for the echo\n"), 1;
	r = read(fd, in, sizeof(in));
	if (r != sizeof(out) || memcmp(in, out, sizeof(out)))
		return fprintf(stderr, "smdtest: echo read %zd\n", r), 1;
	printf("nonblock: EAGAIN on empty, no POLLIN, write, POLLIN, echo\n");
	close(fd);
	return 0;
}

static int cmd_pollout(const char *dev)
{
	struct pollfd p;
	int fd;

	fd = open(dev, O_RDWR | O_NONBLOCK);
	if (fd < 0)
		return die(dev);
	p = (struct pollfd){ .fd = fd, .events = POLLOUT };
	if (poll(&p, 1, 1000) != 1 || p.revents != POLLOUT)
		return fprintf(stderr, "smdtest: idle poll revents %#x, wanted POLLOUT\n",
			       p.revents), 1;
	close(fd);
	return 0;
}

static int hangup_errno(int e)
{
	return e == EPIPE || e == ENODEV || e == EIO || e == ESHUTDOWN ||
	       e == ECONNRESET || e == ENXIO;
}

static int cmd_pingpong(const char *dev, const char *session)
{
	static uint8_t out[64], in[MAX_PKT];
	unsigned long n;
	ssize_t r;
	FILE *f;
	int fd;

	fd = open(dev, O_RDWR);
	if (fd < 0)
		return hangup_errno(errno) || errno == ENOENT ? 0 : die(dev);
	if (session) {
		f = fopen(session, "a");
		if (f) {
			fputs("open\n", f);
			fclose(f);
		}
	}
	for (n = 0;; n++) {
		fill(out, sizeof(out), n);
		r = write(fd, out, sizeof(out));
		if (r < 0)
			break;
		r = read_timeout(fd, in, sizeof(in));
		if (r <= 0)
			break;
		if (r != sizeof(out) || memcmp(in, out, sizeof(out)))
			return fprintf(stderr, "smdtest: pingpong %lu: wrong echo\n", n), 1;
		usleep(2000);
	}
	if (r == 0 || hangup_errno(errno)) {
		printf("pingpong: hang-up after %lu echoes: %s\n", n,
		       r == 0 ? "EOF" : strerror(errno));
		close(fd);
		return 0;
	}
	fprintf(stderr, "smdtest: pingpong %lu: %s\n", n, strerror(errno));
	return 1;
}

/* RPM requests, as drivers/soc/qcom/smd-rpm.c frames them on the wire. */
#define RPM_SERVICE_REQ	0x00716572	/* "req\0" */
#define RPM_MSG_ID	0x2367736d	/* "msg#" */
#define RPM_MSG_ERR	0x00727265	/* "err\0" */
#define RPM_MAX_KV	8

static uint32_t rpm_code(const char *s)
{
	uint8_t c[4] = { 0 };

	memcpy(c, s, strnlen(s, sizeof(c)));
	return get_le32(c);
}

/* One request, then its ack: 0, 3 for an "err" answer (in @err), 1 else. */
static int rpm_request(int fd, uint32_t msg_id, uint32_t set, uint32_t type, uint32_t id,
		       const uint32_t *kv, int nkv, char *err, size_t errlen)
{
	uint8_t req[28 + 12 * RPM_MAX_KV], ack[256];
	size_t len = 28 + 12 * nkv, off;
	uint32_t t, l;
	int i, got_id = 0;
	ssize_t r;

	put_le32(req, RPM_SERVICE_REQ);
	put_le32(req + 4, len - 8);
	put_le32(req + 8, msg_id);
	put_le32(req + 12, set);
	put_le32(req + 16, type);
	put_le32(req + 20, id);
	put_le32(req + 24, 12 * nkv);
	for (i = 0; i < nkv; i++) {
		put_le32(req + 28 + 12 * i, kv[2 * i]);
		put_le32(req + 32 + 12 * i, 4);
		put_le32(req + 36 + 12 * i, kv[2 * i + 1]);
	}
	if (write(fd, req, len) != (ssize_t)len)
		return die("rpm request");
	r = read_timeout(fd, ack, sizeof(ack));
	if (r < 0)
		return die("rpm ack");
	if (r < 20 || get_le32(ack) != RPM_SERVICE_REQ || get_le32(ack + 4) != (uint32_t)(r - 8)) {
		fprintf(stderr, "smdtest: rpm: malformed ack of %zd bytes\n", r);
		return 1;
	}
	err[0] = 0;
	for (off = 8; off + 8 <= (size_t)r; off += 8 + ((l + 3) & ~3u)) {
		t = get_le32(ack + off);
		l = get_le32(ack + off + 4);
		if (off + 8 + l > (size_t)r) {
			fprintf(stderr, "smdtest: rpm: ack message past the end\n");
			return 1;
		}
		if (t == RPM_MSG_ID && (l != 4 || get_le32(ack + off + 8) != msg_id)) {
			fprintf(stderr, "smdtest: rpm: ack for another message (sent %u)\n", msg_id);
			return 1;
		}
		got_id |= t == RPM_MSG_ID;
		if (t == RPM_MSG_ERR && l)
			snprintf(err, errlen, "%.*s", (int)strnlen((char *)ack + off + 8, l),
				 (char *)ack + off + 8);
	}
	if (!got_id) {
		fprintf(stderr, "smdtest: rpm: no message id in the ack\n");
		return 1;
	}
	return err[0] ? 3 : 0;
}

static int cmd_rpm(const char *dev, int argc, char **argv)
{
	uint32_t kv[2 * RPM_MAX_KV];
	char err[64];
	int fd, i, ret;

	if (argc < 3 || (argc - 3) % 2 || (argc - 3) / 2 > RPM_MAX_KV)
		return 2;
	for (i = 3; i < argc; i += 2) {
		kv[i - 3] = rpm_code(argv[i]);
		kv[i - 2] = strtoul(argv[i + 1], NULL, 0);
	}
	fd = open(dev, O_RDWR);
	if (fd < 0)
		return die(dev);
	ret = rpm_request(fd, getpid(), strtoul(argv[0], NULL, 0), rpm_code(argv[1]),
			  strtoul(argv[2], NULL, 0), kv, (argc - 3) / 2, err, sizeof(err));
	if (ret == 3)
		printf("err: %s\n", err);
	close(fd);
	return ret;
}

/* Print a 4-character code as the simulator does: NULs left out. */
static void rpm_put_code(uint32_t code)
{
	int i;

	for (i = 0; i < 4; i++)
		if ((code >> (8 * i)) & 0xff)
			putchar((code >> (8 * i)) & 0xff);
}

static int cmd_rpm_loop(const char *dev, unsigned long n)
{
	static const char *const types[] = { "ldoa", "smpa", "clk0", "clka" };
	static const char *const keys[] = { "swen", "uv", "KHz" };
	/* last value and writes of [set][type][id][key] */
	static uint32_t last[2][4][5][3], writes[2][4][5][3];
	uint32_t kv[2], set, t, id, k, v;
	unsigned long i;
	char err[64];
	int fd, ret;

	fd = open(dev, O_RDWR);
	if (fd < 0)
		return die(dev);
	for (i = 0; i < n; i++) {
		set = i % 2;
		t = (i / 2) % 4;
		id = (i / 8) % 5;
		k = (i / 40) % 3;
		v = (uint32_t)(i * 2654435761u);
		kv[0] = rpm_code(keys[k]);
		kv[1] = v;
		ret = rpm_request(fd, i + 1, set, rpm_code(types[t]), id + 1, kv, 1, err,
				  sizeof(err));
		if (ret) {
			fprintf(stderr, "smdtest: rpm-loop: request %lu: %s\n", i,
				ret == 3 ? err : "no valid ack");
			close(fd);
			return 1;
		}
		last[set][t][id][k] = v;
		writes[set][t][id][k]++;
	}
	close(fd);
	for (set = 0; set < 2; set++)
		for (t = 0; t < 4; t++)
			for (id = 0; id < 5; id++)
				for (k = 0; k < 3; k++) {
					if (!writes[set][t][id][k])
						continue;
					printf("value %s %s %u ", set ? "sleep" : "active",
					       types[t], id + 1);
					rpm_put_code(rpm_code(keys[k]));
					printf(" 0x%08x %u\n", last[set][t][id][k],
					       writes[set][t][id][k]);
				}
	return 0;
}

int main(int argc, char **argv)
{
	crc_init();
	setvbuf(stdout, NULL, _IOLBF, 0);
	if ((argc == 4 || argc == 5) && !strcmp(argv[1], "ept"))
		return cmd_ept(argv[2], argv[3],
			       argc == 5 ? strtoul(argv[4], NULL, 0) : 0xffffffff);
	if (argc == 3 && !strcmp(argv[1], "pollout"))
		return cmd_pollout(argv[2]);
	if (argc == 3 && !strcmp(argv[1], "nonblock"))
		return cmd_nonblock(argv[2]);
	if ((argc == 3 || argc == 4) && !strcmp(argv[1], "pingpong"))
		return cmd_pingpong(argv[2], argc == 4 ? argv[3] : NULL);
	if (argc == 4 && !strcmp(argv[1], "create-dev"))
		return cmd_create_dev(argv[2], argv[3]);
	if (argc == 4 && !strcmp(argv[1], "release-dev"))
		return ctrl_ioctl(argv[2], argv[3], RPMSG_RELEASE_DEV_IOCTL,
				  "RPMSG_RELEASE_DEV_IOCTL");
	if (argc == 3 && !strcmp(argv[1], "destroy"))
		return cmd_destroy(argv[2]);
	if (argc == 7 && !strcmp(argv[1], "inject-echo"))
		return cmd_inject_echo(argv[2], argv[3], argv[4], strtoul(argv[5], NULL, 0),
				       strtoul(argv[6], NULL, 0));
	if (argc >= 5 && argc <= 7 && !strcmp(argv[1], "echo"))
		return cmd_echo(argv[2], strtoul(argv[3], NULL, 0),
				strtoul(argv[4], NULL, 0),
				argc >= 6 ? strtoul(argv[5], NULL, 0) : 1,
				argc == 7 ? strtoul(argv[6], NULL, 0) : 1);
	if ((argc == 5 || argc == 7) && !strcmp(argv[1], "sink"))
		return cmd_sink(argv[2], strtoul(argv[3], NULL, 0),
				strtoul(argv[4], NULL, 0),
				argc == 7 ? argv[5] : NULL, argc == 7 ? argv[6] : NULL);
	if ((argc == 5 || argc == 6) && !strcmp(argv[1], "source"))
		return cmd_source(argv[2], strtoul(argv[3], NULL, 0),
				  strtoul(argv[4], NULL, 0),
				  argc == 6 && !strcmp(argv[5], "go"));
	if (argc == 6 && !strcmp(argv[1], "backpressure"))
		return cmd_backpressure(argv[2], argv[3], argv[4], strtoul(argv[5], NULL, 0));
	if (argc == 7 && !strcmp(argv[1], "pollwrite"))
		return cmd_pollwrite(argv[2], argv[3], argv[4], strtoul(argv[5], NULL, 0),
				     strtoul(argv[6], NULL, 0));
	if (argc == 3 && !strcmp(argv[1], "flow"))
		return cmd_flow(argv[2]);
	if (argc == 3 && !strcmp(argv[1], "startflow"))
		return cmd_startflow(argv[2]);
	if ((argc == 6 || argc == 7) && !strcmp(argv[1], "inject-read"))
		return cmd_inject_read(argv[2], argv[3], argv[4], strtoul(argv[5], NULL, 0),
				       argc == 7 ? argv[6] : NULL);
	if (argc == 6 && !strcmp(argv[1], "remote-cycle"))
		return cmd_remote_cycle(argv[2], argv[3], argv[4], strtoul(argv[5], NULL, 0));
	if (argc == 4 && !strcmp(argv[1], "write"))
		return cmd_write(argv[2], strtoul(argv[3], NULL, 0));
	if (argc >= 6 && !strcmp(argv[1], "rpm"))
		return cmd_rpm(argv[2], argc - 3, argv + 3);
	if (argc == 4 && !strcmp(argv[1], "rpm-loop"))
		return cmd_rpm_loop(argv[2], strtoul(argv[3], NULL, 0));
	if (argc == 4 && !strcmp(argv[1], "reopen"))
		return cmd_reopen(argv[2], strtoul(argv[3], NULL, 0));
	fprintf(stderr, "usage: see the comment at the top of smdtest.c\n");
	return 2;
}
