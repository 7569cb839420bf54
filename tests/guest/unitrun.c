// SPDX-License-Identifier: GPL-2.0
/*
 * unitrun SECONDS PROGRAM [ARGS...]: run-all's watchdog for one test unit.
 *
 * Runs PROGRAM in a process group of its own and waits for it; when it has
 * not exited after SECONDS, the whole group (the unit and whatever it
 * started) gets SIGKILL. Exit status: the program's, 128 + signal when a
 * signal ended it (137 after the watchdog's SIGKILL), 2 on bad usage.
 *
 * Why not busybox timeout: on the 32-bit ARM guest it intermittently
 * killed a unit at once (status 137 within a second of a 600 s limit), and
 * it signals only the unit, not what the unit left running.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int status_of(int st)
{
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	if (WIFSIGNALED(st))
		return 128 + WTERMSIG(st);
	return 1;
}

int main(int argc, char **argv)
{
	struct timespec now, end;
	char *endp;
	long secs;
	pid_t pid, got;
	int st;

	if (argc < 3) {
		fprintf(stderr, "usage: unitrun SECONDS PROGRAM [ARGS...]\n");
		return 2;
	}
	errno = 0;
	secs = strtol(argv[1], &endp, 10);
	if (errno || *endp || secs <= 0 || secs > 86400) {
		fprintf(stderr, "unitrun: bad SECONDS '%s'\n", argv[1]);
		return 2;
	}
	pid = fork();
	if (pid < 0) {
		perror("unitrun: fork");
		return 1;
	}
	if (pid == 0) {
		setpgid(0, 0);
		execvp(argv[2], argv + 2);
		fprintf(stderr, "unitrun: %s: %s\n", argv[2], strerror(errno));
		_exit(127);
	}
	/* Both sides set the group: no window where a kill misses it. */
	setpgid(pid, pid);
	clock_gettime(CLOCK_MONOTONIC, &end);
	end.tv_sec += secs;
	for (;;) {
		got = waitpid(pid, &st, WNOHANG);
		if (got == pid)
			return status_of(st);
		if (got < 0 && errno != EINTR) {
			perror("unitrun: waitpid");
			return 1;
		}
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (now.tv_sec > end.tv_sec ||
		    (now.tv_sec == end.tv_sec && now.tv_nsec >= end.tv_nsec))
			break;
		usleep(50000);
	}
	fprintf(stderr, "unitrun: %s still running after %ld s: killed\n", argv[2], secs);
	kill(-pid, SIGKILL);
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	return 128 + SIGKILL;
}
