// SPDX-License-Identifier: GPL-2.0
/*
 * The data commands: cat, send, ping and bench.  One read() is one packet
 * and one write() is one packet on /dev/rpmsgN; a packet of length 0 is
 * never written (SMD firmware in the field dies on one).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include "rpmsg-smd.h"

#define IDLE_CHECK_MS	1000	/* how often a silent channel is checked */

static int write_all(int fd, const char *buf, size_t len)
{
	ssize_t n;

	while (len) {
		n = write(fd, buf, len);
		/* A reader that stopped reading must not keep us from stopping. */
		if (n < 0 && errno == EINTR && rs_stop)
			return -1;
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		buf += n;
		len -= n;
	}
	return 0;
}

static long elapsed_ms(uint64_t since)
{
	return (long)((rs_now_ns() - since) / 1000000);
}

/*
 * Wait for a packet: POLLIN, 0 when @ms passed, -1 on an error (errno),
 * -2 when told to stop, -3 when the channel is closed (POLLHUP with nothing
 * queued, or a silent channel that the check every second finds closed).
 */
static int wait_in(const struct rs_target *t, long ms)
{
	struct pollfd p = { .fd = t->fd, .events = POLLIN };
	uint64_t start = rs_now_ns();
	long left, step;
	int r;

	for (;;) {
		if (rs_stop)
			return -2;
		left = ms < 0 ? IDLE_CHECK_MS : ms - elapsed_ms(start);
		if (left <= 0)
			return 0;
		step = left < IDLE_CHECK_MS ? left : IDLE_CHECK_MS;
		r = poll(&p, 1, step);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		/*
		 * POLLHUP with nothing queued: nothing more will come (SMD:
		 * our side closed after a remote close; a hang-up), and a
		 * read would block for ever.
		 */
		if (r && !(p.revents & POLLIN) && (p.revents & POLLHUP))
			return -3;
		if (r && !(p.revents & POLLIN) && (p.revents & POLLERR)) {
			errno = EIO;
			return -1;
		}
		if (r)
			return p.revents;
		if (rs_check_alive(t))
			return -3;
	}
}

static int remote_closed(const struct rs_target *t)
{
	rs_err("%s: the remote closed the channel", rs_target_what(t));
	return RS_CLOSED;
}

int rs_cmd_cat(const struct rs_opts *o)
{
	uint64_t last;
	struct rs_target t;
	long got = 0, left;
	char *buf = NULL;
	ssize_t n;
	int ret, r;

	ret = rs_target_open_buf(o, &t, 0, &buf);
	if (ret)
		goto out;
	if (o->go && write(t.fd, "g", 1) != 1) {
		ret = rs_io_exit(&t, "write", errno);
		goto out;
	}
	last = rs_now_ns();
	while (!o->count || got < o->count) {
		left = o->timeout_ms ? o->timeout_ms - elapsed_ms(last) : -1;
		if (o->timeout_ms && left <= 0) {
			if (o->count) {
				rs_err("%s: timeout: %ld of %ld packets in %.3f s",
				       rs_target_what(&t), got, o->count, o->timeout_ms / 1000.0);
				ret = RS_TIMEOUT;
			}
			break;
		}
		r = wait_in(&t, left);
		if (r == -2)
			break;
		if (r == -3) {
			ret = remote_closed(&t);
			break;
		}
		if (r < 0) {
			ret = rs_io_exit(&t, "poll", errno);
			break;
		}
		if (!r)
			continue;
		n = read(t.fd, buf, RS_MAX_PKT);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			ret = n ? rs_io_exit(&t, "read", errno) : remote_closed(&t);
			break;
		}
		if (write_all(STDOUT_FILENO, buf, n)) {
			if (errno != EPIPE && !rs_stop) {
				rs_err("standard output: %s", strerror(errno));
				ret = RS_FAIL;
			}
			break;
		}
		got++;
		last = rs_now_ns();
	}
out:
	free(buf);
	rs_target_close(&t);
	return ret;
}

/*
 * The next packet of standard input into @pkt: a line (newline included),
 * or @size bytes.  @in/@have is what was read and not sent yet.  Its
 * length, 0 at the end, -1 on an error, -2 when told to stop.
 */
static ssize_t next_packet(char *in, size_t *have, size_t cap, long size, bool *eof,
			   char *pkt)
{
	size_t len = 0;
	char *nl;
	ssize_t n;

	for (;;) {
		nl = size ? NULL : memchr(in, '\n', *have);
		if (size && *have >= (size_t)size)
			len = size;
		else if (nl)
			len = nl - in + 1;
		else if (*eof || *have == cap)
			len = *have;
		if (len)
			break;
		if (*eof)
			return 0;
		n = read(STDIN_FILENO, in + *have, cap - *have);
		if (n < 0 && errno == EINTR && rs_stop)
			return -2;
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (!n)
			*eof = true;
		*have += n;
	}
	memcpy(pkt, in, len);
	memmove(in, in + len, *have - len);
	*have -= len;
	return len;
}

int rs_cmd_send(const struct rs_opts *o)
{
	size_t have = 0, cap = RS_MAX_PKT;
	char *in = NULL, *pkt = NULL;
	struct rs_target t;
	long lines = 0;
	bool eof = false;
	ssize_t len, n;
	int ret;

	ret = rs_target_open(o, &t, o->size);
	if (ret)
		goto out;
	in = malloc(cap);
	pkt = malloc(cap);
	if (!in || !pkt) {
		rs_err("out of memory");
		ret = RS_FAIL;
		goto out;
	}
	while (!rs_stop) {
		len = next_packet(in, &have, cap, o->size, &eof, pkt);
		if (len == -2 || !len)
			break;
		if (len < 0) {
			rs_err("standard input: %s", strerror(errno));
			ret = RS_FAIL;
			break;
		}
		lines++;
		if (t.mtu > 0 && len > t.mtu) {
			rs_err("%s: packet %ld is %zd bytes, above the MTU %ld (a line too long? "
			       "--size)", rs_target_what(&t), lines, len, t.mtu);
			ret = RS_FAIL;
			break;
		}
		do {
			n = write(t.fd, pkt, len);
		} while (n < 0 && errno == EINTR && !rs_stop);
		if (n < 0 && errno == EINTR)
			break;
		if (n < 0) {
			ret = rs_io_exit(&t, "write", errno);
			break;
		}
	}
out:
	free(in);
	free(pkt);
	rs_target_close(&t);
	return ret;
}

/*
 * Throw away what arrives until @quiet_ms pass without a packet (0: what is
 * queued now: a reused endpoint's leftovers), @max_ms at most: a source that
 * keeps sending cannot keep us here.
 */
static void drain(int fd, char *buf, long quiet_ms, long max_ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	uint64_t start = rs_now_ns();

	while (!rs_stop && elapsed_ms(start) < max_ms && poll(&p, 1, quiet_ms) == 1 &&
	       (p.revents & POLLIN) && read(fd, buf, RS_MAX_PKT) > 0)
		;
}

static void ping_report(uint64_t *rtt, long done, long size, uint64_t total_ns)
{
	uint64_t *us = malloc((done ? done : 1) * sizeof(*us));
	char *hist;
	size_t hlen = 80 * 70;
	long i;

	printf("%ld round trips of %ld bytes in %.3f s\n", done, size, total_ns / 1e9);
	if (!done || !us) {
		free(us);
		return;
	}
	rs_sort_u64(rtt, done);
	printf("rtt min/p50/p99/max = %.3f/%.3f/%.3f/%.3f ms\n", rtt[0] / 1e6,
	       rs_percentile(rtt, done, 50) / 1e6, rs_percentile(rtt, done, 99) / 1e6,
	       rtt[done - 1] / 1e6);
	for (i = 0; i < done; i++)
		us[i] = rtt[i] / 1000;
	hist = malloc(hlen);
	if (hist && rs_hist_log2(us, done, 40, hist, hlen) >= 0)
		printf("rtt histogram (microseconds):\n%s", hist);
	free(hist);
	free(us);
}

int rs_cmd_ping(const struct rs_opts *o)
{
	long count = o->count ? o->count : 100, size = o->size ? o->size : 64;
	long timeout = o->timeout_ms ? o->timeout_ms : 5000, done = 0, i, j;
	uint64_t *rtt = NULL, t0, start;
	char *out = NULL, *in = NULL;
	struct rs_target t;
	ssize_t n;
	int ret, r;

	ret = rs_target_open(o, &t, size);
	if (ret)
		goto out;
	rtt = calloc(count, sizeof(*rtt));
	out = malloc(size);
	in = malloc(RS_MAX_PKT);
	if (!rtt || !out || !in) {
		rs_err("out of memory (%ld round trips)", count);
		ret = RS_FAIL;
		goto out;
	}
	drain(t.fd, in, 0, 200);
	printf("ping %s: %ld round trips of %ld bytes\n", rs_target_what(&t), count, size);
	start = rs_now_ns();
	for (i = 0; i < count && !rs_stop; i++) {
		for (j = 0; j < size; j++)
			out[j] = (char)(i * 7 + j * 13 + 1);
		memcpy(out, &i, size < (long)sizeof(i) ? size : (long)sizeof(i));
		t0 = rs_now_ns();
		n = write(t.fd, out, size);
		if (n < 0 && errno == EINTR)
			break;
		if (n < 0) {
			ret = rs_io_exit(&t, "write", errno);
			break;
		}
		r = wait_in(&t, timeout);
		if (r == -2)
			break;
		if (r == -3 || (!r && rs_check_alive(&t))) {
			ret = remote_closed(&t);
			break;
		}
		if (r < 0) {
			ret = rs_io_exit(&t, "poll", errno);
			break;
		}
		if (!r) {
			rs_err("%s: timeout: no echo of packet %ld within %.3f s (is it an echo "
			       "service?)", rs_target_what(&t), i, timeout / 1000.0);
			ret = RS_TIMEOUT;
			break;
		}
		n = read(t.fd, in, RS_MAX_PKT);
		if (n < 0 && errno == EINTR)
			break;
		if (n <= 0) {
			ret = n ? rs_io_exit(&t, "read", errno) : remote_closed(&t);
			break;
		}
		rtt[done++] = rs_now_ns() - t0;
		if (n != size || memcmp(in, out, size)) {
			rs_err("%s: echo of packet %ld: %zd bytes came back%s, %ld sent",
			       rs_target_what(&t), i, n, n == size ? " but different" : "", size);
			ret = RS_FAIL;
			break;
		}
		if (o->interval_ms && i + 1 < count)
			poll(NULL, 0, o->interval_ms);
	}
	ping_report(rtt, done, size, rs_now_ns() - start);
out:
	free(rtt);
	free(out);
	free(in);
	rs_target_close(&t);
	return ret;
}

/* ---------------------------------------------------------------- bench */

struct bench {
	int fd;
	long size;
	char *buf;
	int stop;		/* main -> writer */
	int done;		/* writer -> main */
	int err;		/* the writer's errno */
	unsigned long long tx;	/* packets written */
	pthread_t thread;
};

/*
 * The writer: blocking writes, as fast as the transport takes them.  The
 * reader's tick (SIGALRM) is blocked here so that it always interrupts the
 * reader; the writer is stopped with SIGUSR1.
 */
static void *bench_writer(void *arg)
{
	struct bench *b = arg;
	sigset_t set;
	ssize_t n;

	sigemptyset(&set);
	sigaddset(&set, SIGALRM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	while (!__atomic_load_n(&b->stop, __ATOMIC_ACQUIRE) && !rs_stop) {
		n = write(b->fd, b->buf, b->size);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			b->err = errno;
			break;
		}
		__atomic_add_fetch(&b->tx, 1, __ATOMIC_RELAXED);
	}
	__atomic_store_n(&b->done, 1, __ATOMIC_RELEASE);
	return NULL;
}

/* Stop the writer, which may be blocked in write(): SIGUSR1 interrupts it. */
static void bench_stop(struct bench *b)
{
	__atomic_store_n(&b->stop, 1, __ATOMIC_RELEASE);
	while (!__atomic_load_n(&b->done, __ATOMIC_ACQUIRE)) {
		pthread_kill(b->thread, SIGUSR1);
		poll(NULL, 0, 1);
	}
	pthread_join(b->thread, NULL);
}

struct bench_res {
	unsigned long long tx, rx, rx_bytes;
	uint64_t tx_ns, rx_ns;
};

static const char *dir_name(enum rs_dir d)
{
	return d == RS_DIR_TX ? "tx" : d == RS_DIR_RX ? "rx" : "both";
}

static void progress(const struct rs_opts *o, long size, uint64_t ns, long ms,
		     const struct bench_res *r, bool tty)
{
	char line[200];
	int n;

	n = snprintf(line, sizeof(line), "bench %s %ld B: %.1f/%.1f s", dir_name(o->dir),
		     size, ns / 1e9, ms / 1e3);
	if (o->dir != RS_DIR_RX)
		n += snprintf(line + n, sizeof(line) - n, "  tx %llu msgs %.0f msgs/s %.3f MB/s",
			      r->tx, rs_per_sec(r->tx, ns), rs_mbps(r->tx * size, ns));
	if (o->dir != RS_DIR_TX)
		snprintf(line + n, sizeof(line) - n, "  rx %llu msgs %.0f msgs/s %.3f MB/s",
			 r->rx, rs_per_sec(r->rx, r->rx_ns ? r->rx_ns : ns),
			 rs_mbps(r->rx_bytes, r->rx_ns ? r->rx_ns : ns));
	if (tty)
		fprintf(stderr, "\r%-100s", line);
	else
		fprintf(stderr, "%s\n", line);
}

/* SIGALRM every @ms (0: off): wakes the reader from a blocking read(). */
static void tick(long ms)
{
	struct itimerval it = {
		.it_interval = { .tv_sec = ms / 1000, .tv_usec = ms % 1000 * 1000 },
		.it_value = { .tv_sec = ms / 1000, .tv_usec = ms % 1000 * 1000 },
	};

	setitimer(ITIMER_REAL, &it, NULL);
}

/*
 * One measurement.  The reader uses blocking read()s woken by a tick, not
 * poll(): rpmsg_char's poll takes the endpoint lock, which a writer holds
 * while the transport makes it wait for room.
 */
static int bench_one(const struct rs_opts *o, struct rs_target *t, long size, long ms,
		     struct bench_res *r, char *rbuf, char *wbuf)
{
	bool tty = isatty(STDERR_FILENO), show = tty || o->progress;
	long timeout = o->timeout_ms ? o->timeout_ms : 5000;
	struct bench b = { .fd = t->fd, .size = size, .buf = wbuf };
	uint64_t t0, now, first = 0, last = 0, shown;
	int ret = RS_OK;
	ssize_t got;

	memset(r, 0, sizeof(*r));
	if (o->dir == RS_DIR_RX && o->go && write(t->fd, "g", 1) != 1)
		return rs_io_exit(t, "write", errno);
	t0 = rs_now_ns();
	shown = t0;
	if (o->dir != RS_DIR_RX && pthread_create(&b.thread, NULL, bench_writer, &b)) {
		rs_err("cannot start the writer thread");
		return RS_FAIL;
	}
	if (o->dir != RS_DIR_TX)
		tick(100);
	for (;;) {
		now = rs_now_ns();
		if (rs_stop || __atomic_load_n(&b.done, __ATOMIC_ACQUIRE))
			break;
		if (o->dir != RS_DIR_RX && now - t0 >= (uint64_t)ms * 1000000)
			break;
		if (o->dir == RS_DIR_RX) {
			if (first && now - first >= (uint64_t)ms * 1000000)
				break;
			if (first && now - last >= 1000000000ull)
				break;
			if (!first && now - t0 >= (uint64_t)timeout * 1000000) {
				tick(0);
				rs_err("%s: timeout: no data within %.3f s (is it a source? --go?)",
				       rs_target_what(t), timeout / 1000.0);
				return RS_TIMEOUT;
			}
		}
		if (o->dir == RS_DIR_TX) {
			poll(NULL, 0, 100);
		} else {
			got = read(t->fd, rbuf, RS_MAX_PKT);
			if (!got || (got < 0 && errno != EINTR)) {
				ret = got ? rs_io_exit(t, "read", errno) : remote_closed(t);
				break;
			}
			if (got > 0) {
				last = rs_now_ns();
				if (!first)
					first = last;
				r->rx++;
				r->rx_bytes += got;
			}
		}
		r->tx = __atomic_load_n(&b.tx, __ATOMIC_RELAXED);
		now = rs_now_ns();
		if (o->dir == RS_DIR_RX)
			r->rx_ns = first ? now - first : 0;
		if (show && now - shown >= 500000000ull) {
			progress(o, size, o->dir == RS_DIR_RX ? r->rx_ns : now - t0, ms, r, tty);
			shown = now;
		}
	}
	now = rs_now_ns();
	tick(0);
	if (o->dir != RS_DIR_RX) {
		bench_stop(&b);
		r->tx = b.tx;
		r->tx_ns = now - t0;
		r->rx_ns = now - t0;
		if (b.err && !ret)
			ret = rs_io_exit(t, "write", b.err);
	} else if (first) {
		/* Up to now, or to the last packet if the source ran dry. */
		r->rx_ns = now - last >= 1000000000ull ? last - first : now - first;
	}
	if (show && tty)
		fprintf(stderr, "\r%-100s\r", "");
	else if (show)
		progress(o, size, o->dir == RS_DIR_RX ? r->rx_ns : now - t0, ms, r, false);
	if (o->dir == RS_DIR_BOTH)
		drain(t->fd, rbuf, 200, 2000);	/* echoes still in flight */
	return ret;
}

static void bench_row(long size, const char *dir, unsigned long long msgs,
		      unsigned long long bytes, uint64_t ns)
{
	printf("%8ld  %-4s %10llu %8.3f %12.1f %10.3f\n", size, dir, msgs, ns / 1e9,
	       rs_per_sec(msgs, ns), rs_mbps(bytes, ns));
}

/* The sizes to measure: those given, or the defaults fitted to the MTU. */
static int bench_sizes(const struct rs_opts *o, const struct rs_target *t, long *sizes)
{
	static const long defaults[] = { 64, 256, 1024, 4096 };
	int i, n = 0;

	if (o->dir == RS_DIR_RX)
		return 1;	/* a source sends what it sends: --sizes does not apply */
	if (o->nsizes) {
		for (i = 0; i < o->nsizes; i++) {
			if (t->mtu > 0 && o->sizes[i] > t->mtu) {
				rs_err("bench: size %ld is above the MTU %ld of %s", o->sizes[i],
				       t->mtu, rs_target_what(t));
				return -1;
			}
			sizes[n++] = o->sizes[i];
		}
		return n;
	}
	for (i = 0; i < (int)ARRAY_SIZE(defaults); i++) {
		if (t->mtu > 0 && defaults[i] >= t->mtu) {
			sizes[n++] = t->mtu;
			break;
		}
		sizes[n++] = defaults[i];
	}
	return n;
}

int rs_cmd_bench(const struct rs_opts *o)
{
	long ms = o->seconds_ms ? o->seconds_ms : 2000, sizes[RS_MAX_SIZES];
	char *rbuf = NULL, *wbuf = NULL;
	struct bench_res r;
	struct rs_target t;
	int ret, i, n;

	for (i = 0, n = 0; i < o->nsizes && o->dir != RS_DIR_RX; i++)
		n = o->sizes[i] > n ? o->sizes[i] : n;
	ret = rs_target_open(o, &t, n);
	if (ret)
		goto out;
	n = bench_sizes(o, &t, sizes);
	if (n < 0) {
		ret = RS_USAGE;
		goto out;
	}
	rbuf = malloc(RS_MAX_PKT);
	wbuf = malloc(RS_MAX_PKT);
	if (!rbuf || !wbuf) {
		rs_err("out of memory");
		ret = RS_FAIL;
		goto out;
	}
	for (i = 0; i < RS_MAX_PKT; i++)
		wbuf[i] = (char)(i * 7 + 1);
	drain(t.fd, rbuf, 0, 200);
	printf("bench %s: %s, %.3f s per %s\n", rs_target_what(&t),
	       o->dir == RS_DIR_TX ? "tx" : o->dir == RS_DIR_RX ? "rx" : "tx and rx at once",
	       ms / 1e3, o->dir == RS_DIR_RX ? "run" : "size");
	printf("%8s  %-4s %10s %8s %12s %10s\n", "size", "dir", "msgs", "seconds", "msgs/s",
	       "MB/s");
	for (i = 0; i < (o->dir == RS_DIR_RX ? 1 : n) && !rs_stop; i++) {
		ret = bench_one(o, &t, o->dir == RS_DIR_RX ? 0 : sizes[i], ms, &r, rbuf, wbuf);
		if (rs_stop && !r.tx && !r.rx)
			break;	/* interrupted before anything was measured */
		if (o->dir != RS_DIR_RX)
			bench_row(sizes[i], "tx", r.tx, r.tx * sizes[i], r.tx_ns);
		if (o->dir != RS_DIR_TX)
			bench_row(r.rx ? (long)(r.rx_bytes / r.rx) : 0, "rx", r.rx, r.rx_bytes,
				  r.rx_ns);
		if (ret)
			break;
	}
out:
	free(rbuf);
	free(wbuf);
	rs_target_close(&t);
	return ret;
}
