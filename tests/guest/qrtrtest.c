// SPDX-License-Identifier: GPL-2.0
/*
 * qrtrtest: guest-side QRTR client on AF_QIPCRTR sockets (static, arm64),
 * against the simulator's QRTR node (tests/sim/sim_qrtr.c), which echoes
 * every datagram sent to one of its servers' ports.
 *
 *   qrtrtest lookup SERVICE       ask the kernel's name service for
 *                                 SERVICE; print "NODE PORT INSTANCE" per
 *                                 server; exit 1 when there is none
 *   qrtrtest echo SERVICE N [SEED [NODE]]
 *                                 find SERVICE (on NODE if given; waiting
 *                                 up to the timeout for it to be
 *                                 announced), then send N datagrams of
 *                                 mixed sizes (1..2048 bytes, drawn from
 *                                 SEED), at most 8 unanswered, and check
 *                                 every echo: from the server's node and
 *                                 port, same length, same bytes, in order
 *   qrtrtest burst SERVICE N PAUSE_MS [NODE]
 *                                 send N datagrams without reading, print
 *                                 "burst: sent", wait PAUSE_MS, then read
 *                                 and check the N echoes (the server must
 *                                 hold back what QRTR's flow control
 *                                 does not let it send meanwhile)
 *
 * Every wait is bounded by QRTRTEST_TIMEOUT_MS (default 5000). Exit status
 * 0 means success, 1 a failure (explained on stderr), 2 bad usage.
 */
#include <errno.h>
#include <linux/qrtr.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#ifndef AF_QIPCRTR
#define AF_QIPCRTR 42
#endif

#define MAX_DGRAM	2048
#define WINDOW		8

static int timeout_ms = 5000;

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static int open_sock(struct sockaddr_qrtr *self)
{
	socklen_t sl = sizeof(*self);
	int fd = socket(AF_QIPCRTR, SOCK_DGRAM, 0);

	if (fd < 0) {
		fprintf(stderr, "socket(AF_QIPCRTR): %s\n", strerror(errno));
		return -1;
	}
	if (getenv("QRTRTEST_RCVBUF")) {
		int v = atoi(getenv("QRTRTEST_RCVBUF"));

		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &v, sizeof(v));
	}
	if (getsockname(fd, (struct sockaddr *)self, &sl) < 0) {
		fprintf(stderr, "getsockname: %s\n", strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

/* Wait for a datagram; 0 on timeout. */
static ssize_t recv_wait(int fd, void *buf, size_t len, struct sockaddr_qrtr *from, int ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	socklen_t sl = sizeof(*from);
	int r = poll(&p, 1, ms);

	if (r <= 0)
		return r < 0 ? -1 : 0;
	return recvfrom(fd, buf, len, 0, (struct sockaddr *)from, &sl);
}

struct server {
	uint32_t node, port, instance;
};

/* NEW_LOOKUP for @service: up to @max servers; -1 on error. */
static int lookup(uint32_t service, struct server *out, int max)
{
	struct qrtr_ctrl_pkt pkt = { .cmd = QRTR_TYPE_NEW_LOOKUP };
	struct sockaddr_qrtr self, ns, from;
	int fd, n = 0;
	ssize_t r;

	fd = open_sock(&self);
	if (fd < 0)
		return -1;
	pkt.server.service = service;
	ns.sq_family = AF_QIPCRTR;
	ns.sq_node = self.sq_node;
	ns.sq_port = QRTR_PORT_CTRL;
	if (sendto(fd, &pkt, sizeof(pkt), 0, (struct sockaddr *)&ns, sizeof(ns)) < 0) {
		fprintf(stderr, "lookup: sendto: %s\n", strerror(errno));
		close(fd);
		return -1;
	}
	for (;;) {
		r = recv_wait(fd, &pkt, sizeof(pkt), &from, timeout_ms);
		if (r <= 0) {
			fprintf(stderr, "lookup: no end of list\n");
			close(fd);
			return -1;
		}
		if (r < (ssize_t)sizeof(pkt) || pkt.cmd != QRTR_TYPE_NEW_SERVER)
			continue;
		if (!pkt.server.service && !pkt.server.instance && !pkt.server.node &&
		    !pkt.server.port)
			break;		/* end of the list */
		if (n < max) {
			out[n].node = pkt.server.node;
			out[n].port = pkt.server.port;
			out[n].instance = pkt.server.instance;
		}
		n++;
	}
	close(fd);
	return n;
}

static uint32_t rnd(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

static void on_alarm(int sig)
{
	(void)sig;
}

/*
 * A send blocks in the kernel while the node owes a RESUME_TX, with no
 * timeout of its own (SO_SNDTIMEO does not apply): SIGALRM ends it (its
 * handler is installed once, in main(), without SA_RESTART).
 */
static ssize_t send_bounded(int fd, const void *buf, size_t len, const struct sockaddr_qrtr *to)
{
	ssize_t r;

	alarm((timeout_ms + 999) / 1000);
	r = sendto(fd, buf, len, 0, (const struct sockaddr *)to, sizeof(*to));
	alarm(0);
	return r;
}

static void fill(uint8_t *b, uint32_t len, uint32_t seq)
{
	uint32_t i;

	for (i = 0; i < len; i++)
		b[i] = (uint8_t)(seq * 7 + i * 13 + (i >> 8));
	if (len >= 4)
		memcpy(b, &seq, 4);
}

/* Datagram sizes: mostly small, some large, all lengths 1..MAX_DGRAM. */
static uint32_t size_of(uint32_t *s)
{
	uint32_t r = rnd(s);

	switch (r % 4) {
	case 0:
		return 1 + (r >> 8) % 16;
	case 1:
		return 1 + (r >> 8) % 256;
	default:
		return 1 + (r >> 8) % MAX_DGRAM;
	}
}

/* Wait for a server of @service (on @node unless it is ~0). */
static int find_server(uint32_t service, uint32_t node, struct server *srv)
{
	long long deadline = now_ms() + timeout_ms;
	struct server all[64];
	int i, n;

	do {
		n = lookup(service, all, 64);
		for (i = 0; i < n && i < 64; i++) {
			if (node == ~0u || all[i].node == node) {
				*srv = all[i];
				return 0;
			}
		}
		usleep(100000);
	} while (now_ms() < deadline);
	fprintf(stderr, "service %u not found\n", service);
	return -1;
}

/*
 * Send @n datagrams (at most @window unanswered; @pause_ms after sending
 * the first @window when it is non-zero) and check the echoes.
 */
static int echo(uint32_t service, unsigned long n, uint32_t seed, uint32_t node,
		unsigned long window, int pause_ms)
{
	static uint8_t out[MAX_DGRAM], in[MAX_DGRAM + 16];
	uint32_t send_seed = seed ? seed : 1, check_seed = send_seed, len;
	struct sockaddr_qrtr self, to, from;
	unsigned long sent = 0, got = 0;
	unsigned long long bytes = 0;
	struct server srv;
	long long t0;
	int fd;
	ssize_t r;

	if (find_server(service, node, &srv))
		return 1;
	fd = open_sock(&self);
	if (fd < 0)
		return 1;
	to.sq_family = AF_QIPCRTR;
	to.sq_node = srv.node;
	to.sq_port = srv.port;
	t0 = now_ms();
	while (got < n) {
		while (sent < n && sent - got < window) {
			len = size_of(&send_seed);
			fill(out, len, (uint32_t)sent);
			if (send_bounded(fd, out, len, &to) < 0) {
				fprintf(stderr, "echo: send %lu (%u bytes): %s\n", sent, len,
					errno == EINTR ? "blocked past the timeout (no RESUME_TX)" :
					strerror(errno));
				close(fd);
				return 1;
			}
			sent++;
		}
		if (pause_ms && !got) {
			printf("burst: sent\n");
			fflush(stdout);
			usleep(pause_ms * 1000);
		}
		r = recv_wait(fd, in, sizeof(in), &from, timeout_ms);
		if (r <= 0) {
			socklen_t sl = sizeof(self);

			uint32_t mi[9] = { 0 };
			socklen_t ml = sizeof(mi);

			getsockname(fd, (struct sockaddr *)&self, &sl);
			getsockopt(fd, SOL_SOCKET, 55 /* SO_MEMINFO */, mi, &ml);
			fprintf(stderr, "echo: datagram %lu (our port %u, rmem %u of %u, drops %u): %s\n",
				got, self.sq_port, mi[0], mi[1], mi[8],
				r ? strerror(errno) : "no echo in time");
			close(fd);
			return 1;
		}
		len = size_of(&check_seed);
		fill(out, len, (uint32_t)got);
		if (from.sq_node != srv.node || from.sq_port != srv.port) {
			fprintf(stderr, "echo: datagram %lu from %u:%u, not %u:%u\n", got,
				from.sq_node, from.sq_port, srv.node, srv.port);
			close(fd);
			return 1;
		}
		if ((uint32_t)r != len || memcmp(in, out, len)) {
			fprintf(stderr, "echo: datagram %lu: %zd bytes back for %u sent%s\n", got,
				r, len, (uint32_t)r == len ? ", contents differ" : "");
			close(fd);
			return 1;
		}
		bytes += len;
		got++;
	}
	printf("echo: %lu datagrams (%llu bytes) to %u:%u ok in %lld ms\n", n, bytes,
	       srv.node, srv.port, now_ms() - t0);
	close(fd);
	return 0;
}

static int usage(void)
{
	fprintf(stderr, "usage: qrtrtest lookup SERVICE | echo SERVICE N [SEED [NODE]] |\n"
		"       burst SERVICE N PAUSE_MS [NODE]\n");
	return 2;
}

int main(int argc, char **argv)
{
	struct server srv[64];
	const char *t = getenv("QRTRTEST_TIMEOUT_MS");
	struct sigaction sa = { .sa_handler = on_alarm };	/* no SA_RESTART */
	int i, n;

	sigaction(SIGALRM, &sa, NULL);
	if (t && atoi(t) > 0)
		timeout_ms = atoi(t);
	if (argc == 3 && !strcmp(argv[1], "lookup")) {
		n = lookup(strtoul(argv[2], NULL, 0), srv, 64);
		for (i = 0; i < n && i < 64; i++)
			printf("%u %u %u\n", srv[i].node, srv[i].port, srv[i].instance);
		return n > 0 ? 0 : 1;
	}
	if (argc >= 4 && argc <= 6 && !strcmp(argv[1], "echo"))
		return echo(strtoul(argv[2], NULL, 0), strtoul(argv[3], NULL, 0),
			    argc >= 5 ? strtoul(argv[4], NULL, 0) : 1,
			    argc == 6 ? strtoul(argv[5], NULL, 0) : ~0u, WINDOW, 0);
	if ((argc == 5 || argc == 6) && !strcmp(argv[1], "burst"))
		return echo(strtoul(argv[2], NULL, 0), strtoul(argv[3], NULL, 0), 1,
			    argc == 6 ? strtoul(argv[5], NULL, 0) : ~0u,
			    strtoul(argv[3], NULL, 0), atoi(argv[4]));
	return usage();
}
