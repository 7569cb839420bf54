// SPDX-License-Identifier: GPL-2.0
/*
 * smdbench: the guest side of make bench (static, arm64), through
 * /dev/rpmsgN as any user program would.  Each command prints one line of
 * KEY=VALUE pairs (times in ns, CPU in 1/100 s of all CPUs together).
 *
 *   smdbench rx DEV COUNT SIZE [go]
 *       read COUNT packets of SIZE bytes from a source (go: first send one
 *       byte, which tells a virtio source where to send)
 *   smdbench tx DEV COUNT SIZE
 *       write COUNT packets of SIZE bytes to a sink
 *   smdbench rtt DEV COUNT SIZE
 *       COUNT round trips against an echo: min, p50, p99, max, then a
 *       line with the percentiles 1 to 99 (for a CDF)
 *   smdbench multi rx|tx COUNT SIZE DEV...
 *       one thread per device, all at once: the aggregate
 *
 * The program runs on the last CPU (interrupts are taken on the first one):
 * runs that let the scheduler place it varied by a third from boot to boot.
 *
 * Exit status: 0, or 1 with a message on the first error (a short read or
 * write, a wrong echo, a device that cannot be opened).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

/* Busy time of all CPUs together, in USER_HZ ticks (/proc/stat). */
static long long cpu_busy(void)
{
	unsigned long long v[10] = { 0 };
	long long busy = 0;
	FILE *f = fopen("/proc/stat", "r");
	int i, n;

	if (!f)
		return -1;
	n = fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu",
		   &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7], &v[8], &v[9]);
	fclose(f);
	if (n < 4)
		return -1;
	/* All but idle (3) and iowait (4); guest time is in user already. */
	for (i = 0; i < 8; i++)
		if (i != 3 && i != 4)
			busy += v[i];
	return busy;
}

static int fail(const char *what, const char *dev)
{
	fprintf(stderr, "smdbench: %s %s: %s\n", what, dev, errno ? strerror(errno) : "bad data");
	return 1;
}

struct job {
	const char *dev;
	int fd;
	int tx;
	unsigned long count;
	size_t size;
	int go;
	int ret;
};

static void *run_job(void *arg)
{
	struct job *j = arg;
	char *buf = malloc(j->size + 1);
	unsigned long i;
	int fd = j->fd;
	ssize_t n;

	j->ret = 1;
	if (!buf)
		return NULL;
	memset(buf, 0x5a, j->size);
	for (i = 0; i < j->count; i++) {
		errno = 0;
		if (j->tx) {
			*(uint32_t *)buf = i;
			n = write(fd, buf, j->size);
		} else {
			/* One byte more: a packet longer than SIZE is an error. */
			n = read(fd, buf, j->size + 1);
		}
		if (n != (ssize_t)j->size) {
			fail(j->tx ? "write to" : "read from", j->dev);
			goto out;
		}
	}
	j->ret = 0;
out:
	free(buf);
	return NULL;
}

/* Open @j's device (and tell a virtio source where to send) before the clock starts. */
static int open_job(struct job *j)
{
	j->fd = open(j->dev, O_RDWR);
	if (j->fd < 0)
		return fail("open", j->dev);
	if (j->go && write(j->fd, "g", 1) != 1)
		return fail("write go to", j->dev);
	return 0;
}

static void report(const char *what, unsigned long count, size_t size, uint64_t ns, long long cpu)
{
	double mb = (double)count * size / 1e6;

	printf("%s count=%lu size=%zu ns=%llu msgs_per_s=%.0f mb_per_s=%.3f cpu_cs=%lld cpu_cs_per_mb=%.3f\n",
	       what, count, size, (unsigned long long)ns, count * 1e9 / ns, mb * 1e9 / ns,
	       cpu, mb > 0 ? cpu / mb : 0.0);
}

static int cmd_stream(int tx, int ndev, char **devs, unsigned long count, size_t size, int go)
{
	struct job *jobs = calloc(ndev, sizeof(*jobs));
	pthread_t *th = calloc(ndev, sizeof(*th));
	long long c0, c1;
	uint64_t t0, t1;
	int i, ret = 0;

	if (!jobs || !th)
		return 1;
	for (i = 0; i < ndev; i++) {
		jobs[i] = (struct job){ devs[i], -1, tx, count, size, go, 1 };
		if (open_job(&jobs[i]))
			return 1;
	}
	c0 = cpu_busy();
	t0 = now_ns();
	for (i = 0; i < ndev; i++) {
		if (ndev == 1)
			run_job(&jobs[i]);
		else if (pthread_create(&th[i], NULL, run_job, &jobs[i]))
			return fail("thread for", devs[i]);
	}
	for (i = 0; ndev > 1 && i < ndev; i++)
		pthread_join(th[i], NULL);
	t1 = now_ns();
	c1 = cpu_busy();
	for (i = 0; i < ndev; i++) {
		ret |= jobs[i].ret;
		close(jobs[i].fd);
	}
	if (!ret)
		report(tx ? "tx" : "rx", count * ndev, size, t1 - t0, c1 - c0);
	free(jobs);
	free(th);
	return ret;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static int cmd_rtt(const char *dev, unsigned long count, size_t size)
{
	uint64_t *t = calloc(count, sizeof(*t));
	char *out = malloc(size), *in = malloc(size + 1);
	unsigned long i;
	uint64_t t0;
	int fd, ret = 1;

	if (!t || !out || !in || !count)
		return 1;
	fd = open(dev, O_RDWR);
	if (fd < 0)
		return fail("open", dev);
	for (i = 0; i < count; i++) {
		memset(out, (int)(i & 0xff), size);
		errno = 0;
		t0 = now_ns();
		if (write(fd, out, size) != (ssize_t)size) {
			fail("write to", dev);
			goto out;
		}
		if (read(fd, in, size + 1) != (ssize_t)size || memcmp(in, out, size)) {
			fail("echo from", dev);
			goto out;
		}
		t[i] = now_ns() - t0;
	}
	qsort(t, count, sizeof(*t), cmp_u64);
	printf("rtt count=%lu size=%zu min_ns=%llu p50_ns=%llu p99_ns=%llu max_ns=%llu\n",
	       count, size, (unsigned long long)t[0], (unsigned long long)t[count / 2],
	       (unsigned long long)t[count * 99 / 100], (unsigned long long)t[count - 1]);
	/* The distribution, for a CDF: percentiles 1 to 99 (ns). */
	printf("rtt_pct count=%lu size=%zu pct=", count, size);
	for (i = 1; i < 100; i++)
		printf("%llu%s", (unsigned long long)t[count * i / 100], i < 99 ? "," : "\n");
	ret = 0;
out:
	close(fd);
	free(t);
	free(out);
	free(in);
	return ret;
}

static int usage(void)
{
	fprintf(stderr, "usage: smdbench rx DEV COUNT SIZE [go] | tx DEV COUNT SIZE |\n"
		"       rtt DEV COUNT SIZE | multi rx|tx COUNT SIZE DEV...\n");
	return 2;
}

int main(int argc, char **argv)
{
	unsigned long count;
	size_t size;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (sysconf(_SC_NPROCESSORS_ONLN) > 1) {
		cpu_set_t set;

		CPU_ZERO(&set);
		CPU_SET(sysconf(_SC_NPROCESSORS_ONLN) - 1, &set);
		sched_setaffinity(0, sizeof(set), &set);
	}
	if (argc < 5)
		return usage();
	if (!strcmp(argv[1], "multi")) {
		count = strtoul(argv[3], NULL, 0);
		size = strtoul(argv[4], NULL, 0);
		if (argc < 6 || !size || (strcmp(argv[2], "rx") && strcmp(argv[2], "tx")))
			return usage();
		return cmd_stream(!strcmp(argv[2], "tx"), argc - 5, argv + 5, count, size, 0);
	}
	count = strtoul(argv[3], NULL, 0);
	size = strtoul(argv[4], NULL, 0);
	if (!size)
		return usage();
	if (!strcmp(argv[1], "rx") && argc <= 6)
		return cmd_stream(0, 1, argv + 2, count, size, argc == 6 && !strcmp(argv[5], "go"));
	if (!strcmp(argv[1], "tx") && argc == 5)
		return cmd_stream(1, 1, argv + 2, count, size, 0);
	if (!strcmp(argv[1], "rtt") && argc == 5)
		return cmd_rtt(argv[2], count, size);
	return usage();
}
