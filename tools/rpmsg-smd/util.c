// SPDX-License-Identifier: GPL-2.0
/*
 * Small helpers: error messages and exit status, time, signals, and file
 * access below the system root (RPMSG_SMD_SYSROOT, which the host tests
 * point at a fake /sys and /dev).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "rpmsg-smd.h"

volatile sig_atomic_t rs_stop;

void rs_err(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fputs(RS_PROG ": ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* The exit status for a failed system call on an rpmsg device. */
int rs_errno_exit(int e)
{
	switch (e) {
	case ENOENT:
		return RS_NOCHAN;
	case EBUSY:
		return RS_BUSY;
	case EPIPE:
	case ENXIO:
	case ENETRESET:
	case ECONNRESET:
	case ESHUTDOWN:
	case ENOTCONN:
	case ENODEV:
		return RS_CLOSED;
	case EACCES:
	case EPERM:
		return RS_PERM;
	case EOPNOTSUPP:
	case ENOTTY:
		return RS_NOTSUP;
	case ETIMEDOUT:
		return RS_TIMEOUT;
	default:
		return RS_FAIL;
	}
}

uint64_t rs_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static void on_stop(int sig)
{
	rs_stop = sig;
}

static void on_alarm(int sig)
{
	(void)sig;	/* only interrupts a blocking call */
}

/*
 * SIGINT, SIGTERM and SIGHUP set rs_stop and interrupt the system call in
 * progress (no SA_RESTART): commands end normally and clean up.  SIGALRM
 * and SIGUSR1 only interrupt (bench's reader tick, and the stop of its
 * writer).  SIGPIPE is ignored: a closed standard output is an EPIPE we
 * handle.
 */
void rs_signals_setup(void)
{
	struct sigaction sa = { .sa_handler = on_stop };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sa.sa_handler = on_alarm;
	sigaction(SIGALRM, &sa, NULL);
	sigaction(SIGUSR1, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
}

const char *rs_sysroot(void)
{
	const char *r = getenv("RPMSG_SMD_SYSROOT");

	return r ? r : "";
}

/* @buf = the system root + the formatted path; -1 if it does not fit. */
int rs_path(char *buf, size_t len, const char *fmt, ...)
{
	size_t n = strlen(rs_sysroot());
	va_list ap;
	int r;

	if (n >= len)
		return -1;
	memcpy(buf, rs_sysroot(), n);
	va_start(ap, fmt);
	r = vsnprintf(buf + n, len - n, fmt, ap);
	va_end(ap);
	return r < 0 || (size_t)r >= len - n ? -1 : 0;
}

/* A small file into @buf, the trailing newlines cut: its length or -errno. */
int rs_read_file(const char *path, char *buf, size_t len)
{
	ssize_t n, got = 0;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return -errno;
	while ((size_t)got < len - 1) {
		n = read(fd, buf + got, len - 1 - got);
		if (n < 0) {
			n = -errno;
			close(fd);
			return n;
		}
		if (!n)
			break;
		got += n;
	}
	close(fd);
	while (got && buf[got - 1] == '\n')
		got--;
	buf[got] = 0;
	return got;
}

/* A sysfs attribute (path formatted, below the system root). */
int rs_read_attr(char *buf, size_t len, const char *fmt, ...)
{
	char path[RS_PATH_MAX], rel[RS_PATH_MAX];
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vsnprintf(rel, sizeof(rel), fmt, ap);
	va_end(ap);
	if (r < 0 || (size_t)r >= sizeof(rel) || rs_path(path, sizeof(path), "%s", rel))
		return -ENAMETOOLONG;
	return rs_read_file(path, buf, len);
}

/* The last component of the target of symbolic link @path. */
int rs_link_base(const char *path, char *buf, size_t len)
{
	char target[RS_PATH_MAX];
	const char *b;
	ssize_t n;

	n = readlink(path, target, sizeof(target) - 1);
	if (n < 0)
		return -errno;
	target[n] = 0;
	while (n > 1 && target[n - 1] == '/')
		target[--n] = 0;
	b = strrchr(target, '/');
	b = b ? b + 1 : target;
	if (strlen(b) >= len)
		return -ENAMETOOLONG;
	strcpy(buf, b);
	return 0;
}
