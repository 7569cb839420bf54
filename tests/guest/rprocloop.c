// SPDX-License-Identifier: GPL-2.0
/*
 * rprocloop: restart a remote processor N times while two users keep its
 * devices busy (static, arm64).
 *
 *   rprocloop stop-start|crash N PROC PREFIX
 *
 * PROC is the remoteproc name (/sys/class/remoteproc/ * /name); PREFIX the
 * fnmatch() pattern of its rpmsg device names before ".<service>." (e.g.
 * "remoteproc-adsp:smd-edge" or "virtio[0-9]*"). Two threads run for the
 * whole time, each reopening after every hang-up:
 *   rpmsg  creates an endpoint for "echo" on the transport's rpmsg_ctrl
 *          (at the service's address, from its device name), opens it and
 *          echoes 64-byte packets
 *   tty    opens the transport's /dev/ttyRPMSGn (raw) and echoes lines
 * Before each restart the main thread waits until both have opened the
 * current devices. A restart is "echo stop/start" on the remoteproc's state,
 * or "crash" on the simulator (a watchdog bite; remoteproc recovers), over
 * when the processor has booted again. A user that gets no answer within
 * 10 s (a hang), a wrong answer, or an error other than a hang-up (EPIPE,
 * ENODEV, EIO, ESHUTDOWN, ECONNRESET, ENXIO, EOF; EINVAL or ENOENT from
 * open() while the devices go away) fails the run. Exit status 0: all N
 * restarts done, no failure.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <linux/rpmsg.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define ANSWER_MS	10000
#define SIMD		"/sys/kernel/debug/smd_sim"

static const char *prefix, *proc;
static char rproc_dir[300];
static atomic_int stop, failed;
static atomic_long rpmsg_sessions, tty_sessions, hangups;

static void fail(const char *who, const char *what)
{
	fprintf(stderr, "rprocloop: %s: %s\n", who, what);
	atomic_store(&failed, 1);
}

static int hangup(int e)
{
	return e == EPIPE || e == ENODEV || e == EIO || e == ESHUTDOWN ||
	       e == ECONNRESET || e == ENXIO;
}

static void sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static int read_file(const char *path, char *buf, size_t len)
{
	ssize_t n;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return -1;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = 0;
	buf[strcspn(buf, "\n")] = 0;
	return 0;
}

static int write_file(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY), ret;

	if (fd < 0)
		return -1;
	ret = write(fd, s, strlen(s)) == (ssize_t)strlen(s) ? 0 : -1;
	close(fd);
	return ret;
}

/* The first entry of DIR whose (link target's) name matches PATTERN. */
static int find_entry(const char *dir, const char *sub, const char *pattern,
		      char *name, size_t len, char *target, size_t tlen)
{
	char path[600], link[600], *base;
	struct dirent *d;
	DIR *dp = opendir(dir);
	ssize_t n;

	if (!dp)
		return -1;
	while ((d = readdir(dp))) {
		if (d->d_name[0] == '.')
			continue;
		base = d->d_name;
		if (sub) {
			snprintf(path, sizeof(path), "%s/%s/%s", dir, d->d_name, sub);
			n = readlink(path, link, sizeof(link) - 1);
			if (n < 0)
				continue;
			link[n] = 0;
			base = strrchr(link, '/') ? strrchr(link, '/') + 1 : link;
		}
		if (!fnmatch(pattern, base, 0)) {
			snprintf(name, len, "%s", d->d_name);
			if (target)
				snprintf(target, tlen, "%s", base);
			closedir(dp);
			return 0;
		}
	}
	closedir(dp);
	return -1;
}

/* Create an endpoint for "echo" and open it; -1 while the devices are away. */
static int open_echo(void)
{
	struct rpmsg_endpoint_info info = { .name = "echo", .src = 0xffffffff };
	char pat[200], svc[300], ctrl[300], path[400], got[64], best[300] = "";
	struct dirent *d;
	int fd, n, bestn = -1;
	DIR *dp;

	snprintf(pat, sizeof(pat), "%s.echo.*", prefix);
	if (find_entry("/sys/bus/rpmsg/devices", NULL, pat, svc, sizeof(svc), NULL, 0))
		return -1;
	info.dst = strtoul(strrchr(svc, '.') + 1, NULL, 0);
	snprintf(pat, sizeof(pat), "%s.rpmsg_ctrl.*", prefix);
	if (find_entry("/sys/class/rpmsg", "device", pat, ctrl, sizeof(ctrl), NULL, 0))
		return -1;
	snprintf(path, sizeof(path), "/dev/%s", ctrl);
	fd = open(path, O_RDWR);
	if (fd < 0)
		return -1;
	n = ioctl(fd, RPMSG_CREATE_EPT_IOCTL, &info);
	close(fd);
	if (n < 0)
		return -1;
	dp = opendir("/sys/class/rpmsg");
	if (!dp)
		return -1;
	while ((d = readdir(dp))) {
		if (sscanf(d->d_name, "rpmsg%d", &n) != 1 || n <= bestn)
			continue;
		snprintf(path, sizeof(path), "/sys/class/rpmsg/%s/name", d->d_name);
		if (!read_file(path, got, sizeof(got)) && !strcmp(got, "echo")) {
			bestn = n;
			snprintf(best, sizeof(best), "/dev/%s", d->d_name);
		}
	}
	closedir(dp);
	if (bestn < 0)
		return -1;
	fd = open(best, O_RDWR);
	if (fd < 0 && !hangup(errno) && errno != EINVAL && errno != ENOENT)
		fail("rpmsg", strerror(errno));
	return fd;
}

static int wait_in(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	return poll(&p, 1, ANSWER_MS);
}

static void *rpmsg_user(void *arg)
{
	unsigned char out[64], in[512];
	unsigned long n;
	ssize_t r = 0;
	int fd;

	(void)arg;
	while (!atomic_load(&stop) && !atomic_load(&failed)) {
		fd = open_echo();
		if (fd < 0) {
			sleep_ms(5);
			continue;
		}
		atomic_fetch_add(&rpmsg_sessions, 1);
		for (n = 0; !atomic_load(&stop); n++) {
			memset(out, n, sizeof(out));
			r = write(fd, out, sizeof(out));
			if (r < 0)
				break;
			if (wait_in(fd) == 0) {
				fail("rpmsg", "no echo within 10 s");
				break;
			}
			r = read(fd, in, sizeof(in));
			if (r <= 0)
				break;
			if (r != sizeof(out) || memcmp(in, out, sizeof(out))) {
				fail("rpmsg", "wrong echo");
				break;
			}
			sleep_ms(2);
		}
		if (!atomic_load(&stop) && r < 0 && !hangup(errno))
			fail("rpmsg", strerror(errno));
		else if (!atomic_load(&stop))
			atomic_fetch_add(&hangups, 1);
		close(fd);
	}
	return NULL;
}

static void *tty_user(void *arg)
{
	char pat[200], tty[64], path[100], in[64];
	struct termios t;
	ssize_t r = 0;
	int fd;

	(void)arg;
	snprintf(pat, sizeof(pat), "%s.rpmsg-tty.*", prefix);
	while (!atomic_load(&stop) && !atomic_load(&failed)) {
		if (find_entry("/sys/class/tty", "device", pat, tty, sizeof(tty), NULL, 0)) {
			sleep_ms(5);
			continue;
		}
		snprintf(path, sizeof(path), "/dev/%s", tty);
		fd = open(path, O_RDWR | O_NOCTTY);
		if (fd < 0) {
			if (!hangup(errno) && errno != ENOENT)
				fail("tty", strerror(errno));
			sleep_ms(5);
			continue;
		}
		if (!tcgetattr(fd, &t)) {
			cfmakeraw(&t);
			tcsetattr(fd, TCSANOW, &t);
		}
		atomic_fetch_add(&tty_sessions, 1);
		while (!atomic_load(&stop)) {
			r = write(fd, "ping\n", 5);
			if (r < 0)
				break;
			if (wait_in(fd) == 0) {
				fail("tty", "no echo within 10 s");
				break;
			}
			r = read(fd, in, sizeof(in));
			if (r <= 0)
				break;
			if (memchr(in, 'x', r)) {
				fail("tty", "wrong echo");
				break;
			}
			sleep_ms(10);
		}
		if (!atomic_load(&stop) && r < 0 && !hangup(errno))
			fail("tty", strerror(errno));
		close(fd);
	}
	return NULL;
}

static long sim_value(const char *key)
{
	char path[200], buf[512], *p;

	snprintf(path, sizeof(path), SIMD "/rproc-%s/status", proc);
	if (read_file(path, buf, sizeof(buf)))
		return -1;
	p = strstr(buf, key);
	return p ? strtol(p + strlen(key), NULL, 0) : -1;
}

static int wait_for(int (*cond)(long long), long long arg, int ms)
{
	for (; ms > 0; ms -= 5) {
		if (cond(arg))
			return 0;
		sleep_ms(5);
	}
	return -1;
}

static int users_past(long long v)
{
	return atomic_load(&rpmsg_sessions) > (v >> 32) &&
	       atomic_load(&tty_sessions) > (v & 0xffffffff);
}

static int state_is(long long offline)
{
	char path[400], buf[64];

	snprintf(path, sizeof(path), "%s/state", rproc_dir);
	return !read_file(path, buf, sizeof(buf)) &&
	       !strcmp(buf, offline ? "offline" : "running");
}

static int booted_since(long long boots)
{
	return sim_value(" boots=") > boots;
}

static int restart(int crash)
{
	char path[400];
	long boots;

	if (crash) {
		boots = sim_value(" boots=");
		snprintf(path, sizeof(path), SIMD "/rproc-%s/ctl", proc);
		if (write_file(path, "crash"))
			return -1;
		return wait_for(booted_since, boots, 10000);
	}
	snprintf(path, sizeof(path), "%s/state", rproc_dir);
	if (write_file(path, "stop") || wait_for(state_is, 1, 10000))
		return -1;
	return write_file(path, "start");
}

int main(int argc, char **argv)
{
	char name[64], path[400];
	pthread_t t1, t2;
	long i, n, s, t;
	int crash;

	if (argc != 5 || (strcmp(argv[1], "crash") && strcmp(argv[1], "stop-start"))) {
		fprintf(stderr, "usage: rprocloop stop-start|crash N PROC PREFIX\n");
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	crash = !strcmp(argv[1], "crash");
	n = strtol(argv[2], NULL, 0);
	proc = argv[3];
	prefix = argv[4];
	for (i = 0; i < 16; i++) {
		snprintf(rproc_dir, sizeof(rproc_dir), "/sys/class/remoteproc/remoteproc%ld", i);
		snprintf(path, sizeof(path), "%s/name", rproc_dir);
		if (!read_file(path, name, sizeof(name)) && !strcmp(name, proc))
			break;
	}
	if (i == 16) {
		fprintf(stderr, "rprocloop: no remoteproc named %s\n", proc);
		return 1;
	}
	pthread_create(&t1, NULL, rpmsg_user, NULL);
	pthread_create(&t2, NULL, tty_user, NULL);
	s = 0;
	t = 0;
	for (i = 0; i < n && !atomic_load(&failed); i++) {
		if (wait_for(users_past, (long long)s << 32 | t, 20000)) {
			fprintf(stderr, "rprocloop: cycle %ld: users did not reopen",
				i);
			fprintf(stderr, " (rpmsg %ld tty %ld)\n",
				atomic_load(&rpmsg_sessions), atomic_load(&tty_sessions));
			break;
		}
		s = atomic_load(&rpmsg_sessions);
		t = atomic_load(&tty_sessions);
		if (restart(crash)) {
			fprintf(stderr, "rprocloop: cycle %ld: %s failed\n", i, argv[1]);
			break;
		}
	}
	atomic_store(&stop, 1);
	pthread_join(t1, NULL);
	pthread_join(t2, NULL);
	printf("%s: %ld of %ld restarts; sessions rpmsg %ld tty %ld; rpmsg hang-ups %ld\n",
	       argv[1], i, n, atomic_load(&rpmsg_sessions), atomic_load(&tty_sessions),
	       atomic_load(&hangups));
	return i == n && !atomic_load(&failed) ? 0 : 1;
}
