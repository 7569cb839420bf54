// SPDX-License-Identifier: GPL-2.0
/*
 * hcitest: brings a Bluetooth controller up on a raw HCI socket (the user
 * channel: the kernel opens the device, runs the driver's setup, and then
 * hands the controller to this program) and talks HCI to it (static,
 * arm64; the constants are the kernel's uapi values, no libbluetooth).
 *
 *   hcitest version DEV         Read Local Version Information; print
 *                               "hci_ver=0x.. hci_rev=0x.... lmp_ver=0x..
 *                               manufacturer=0x.... lmp_subver=0x...."
 *   hcitest acl DEV N           send N ACL packets of 1..200 bytes on
 *                               handle 0x001 and check that each comes back
 *                               whole and in order (the remote loops ACL
 *                               data back)
 *
 * DEV is the index (0 for hci0). Binding waits while the device is busy
 * (its setup still runs). Every wait is bounded by HCITEST_TIMEOUT_MS
 * (default 5000). Exit status 0 means success, 1 a failure, 2 bad usage.
 */
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define AF_BT			31
#define BTPROTO_HCI		1
#define HCI_CHANNEL_USER	1
#define H4_CMD			0x01
#define H4_ACL			0x02
#define H4_EVT			0x04
#define EVT_CMD_COMPLETE	0x0e
#define OP_READ_VERSION		0x1001

struct sockaddr_hci {
	sa_family_t hci_family;
	unsigned short hci_dev;
	unsigned short hci_channel;
};

static int timeout_ms = 5000;

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static int open_user(int dev)
{
	struct sockaddr_hci a = { .hci_family = AF_BT, .hci_dev = dev,
				  .hci_channel = HCI_CHANNEL_USER };
	long long deadline = now_ms() + timeout_ms;
	int fd = socket(AF_BT, SOCK_RAW, BTPROTO_HCI);

	if (fd < 0) {
		fprintf(stderr, "socket(AF_BLUETOOTH): %s\n", strerror(errno));
		return -1;
	}
	while (bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0) {
		if ((errno != EBUSY && errno != ENODEV) || now_ms() > deadline) {
			fprintf(stderr, "bind(hci%d, user channel): %s\n", dev, strerror(errno));
			close(fd);
			return -1;
		}
		usleep(100000);
	}
	return fd;
}

/* Read one packet of type @type; 0 on timeout. */
static ssize_t read_pkt(int fd, uint8_t type, uint8_t *buf, size_t len)
{
	long long deadline = now_ms() + timeout_ms;
	struct pollfd p = { .fd = fd, .events = POLLIN };
	ssize_t r;

	for (;;) {
		int left = (int)(deadline - now_ms());

		if (left <= 0 || poll(&p, 1, left) <= 0)
			return 0;
		r = read(fd, buf, len);
		if (r < 0)
			return -1;
		if (r > 0 && buf[0] == type)
			return r;
	}
}

static int version(int fd)
{
	uint8_t cmd[4] = { H4_CMD, OP_READ_VERSION & 0xff, OP_READ_VERSION >> 8, 0 };
	uint8_t ev[260];
	ssize_t r;

	if (write(fd, cmd, sizeof(cmd)) != sizeof(cmd)) {
		fprintf(stderr, "write command: %s\n", strerror(errno));
		return 1;
	}
	/* 04 0e 0c 01 <op> <status> <ver> <rev:2> <lmp> <manuf:2> <sub:2> */
	r = read_pkt(fd, H4_EVT, ev, sizeof(ev));
	if (r < 15 || ev[1] != EVT_CMD_COMPLETE || ev[2] != 12 ||
	    (ev[4] | ev[5] << 8) != OP_READ_VERSION || ev[6]) {
		fprintf(stderr, "no Command Complete for Read Local Version (%zd bytes)\n", r);
		return 1;
	}
	printf("hci_ver=0x%02x hci_rev=0x%04x lmp_ver=0x%02x manufacturer=0x%04x lmp_subver=0x%04x\n",
	       ev[7], ev[8] | ev[9] << 8, ev[10], ev[11] | ev[12] << 8, ev[13] | ev[14] << 8);
	return 0;
}

static int acl(int fd, unsigned long n)
{
	uint8_t out[5 + 200], in[5 + 260];
	unsigned long i;
	uint32_t len, j;
	ssize_t r;

	for (i = 0; i < n; i++) {
		len = 1 + (i * 37) % 200;
		out[0] = H4_ACL;
		out[1] = 0x01;		/* handle 0x001, first packet */
		out[2] = 0x20;
		out[3] = len & 0xff;
		out[4] = len >> 8;
		for (j = 0; j < len; j++)
			out[5 + j] = (uint8_t)(i + j * 3);
		if (write(fd, out, 5 + len) != (ssize_t)(5 + len)) {
			fprintf(stderr, "acl %lu: write: %s\n", i, strerror(errno));
			return 1;
		}
		r = read_pkt(fd, H4_ACL, in, sizeof(in));
		if (r != (ssize_t)(5 + len) || memcmp(in, out, 5 + len)) {
			fprintf(stderr, "acl %lu: %zd bytes back for %u sent%s\n", i, r, 5 + len,
				r == (ssize_t)(5 + len) ? ", contents differ" : "");
			return 1;
		}
	}
	printf("acl: %lu packets looped back whole\n", n);
	return 0;
}

int main(int argc, char **argv)
{
	const char *t = getenv("HCITEST_TIMEOUT_MS");
	int fd, ret;

	if (t && atoi(t) > 0)
		timeout_ms = atoi(t);
	if (!((argc == 3 && !strcmp(argv[1], "version")) ||
	      (argc == 4 && !strcmp(argv[1], "acl")))) {
		fprintf(stderr, "usage: hcitest version DEV | acl DEV N\n");
		return 2;
	}
	fd = open_user(atoi(argv[2]));
	if (fd < 0)
		return 1;
	if (argc == 3)
		ret = version(fd);
	else
		ret = acl(fd, strtoul(argv[3], NULL, 0));
	close(fd);
	return ret;
}
