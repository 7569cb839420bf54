// SPDX-License-Identifier: GPL-2.0
/*
 * The WCNSS firmware's two control services:
 *
 * "wcnss", the remote end of WCNSS_CTRL.  Messages are a header of two
 * 32-bit words (type, total length) and a body.  APPS asks for the version
 * (type 0x01000000, 8 bytes) and gets it back in 12 bytes (type 0x01000001,
 * then major, minor, version, revision: 1.5 1.2).  APPS then sends the NV
 * image in fragments (type 0x01000002: header, a 16-bit sequence number
 * from 0, a 16-bit "last" flag, a 32-bit fragment size, the bytes); once
 * the last has come, the service answers 9 bytes (type 0x01000003, then a
 * status byte: 0, or 2 "cold booting" followed by the cold-boot-complete
 * indication, type 0x0100000c, when "wcnss-coldboot CHAN 1" asked for it).
 * The last complete image is kept, readable as the edge's "wcnss_nv" file.
 *
 * "hci", the remote end of APPS_RIVA_BT_CMD: each packet is one HCI
 * command (16-bit opcode, parameter length, parameters), answered with one
 * HCI event (event code, length, parameters), as the controller inside
 * WCNSS does: Command Complete for Reset (0x0c03), Read Local Version
 * Information (0x1001: HCI 0x06 revision 0x0102, LMP 0x06, manufacturer
 * 0x001d Qualcomm, LMP subversion 0x0a0b) and Read BD_ADDR (0x1009:
 * 00:11:22:33:44:55); any other command is completed with status 0x01,
 * unknown command.  APPS_RIVA_BT_ACL needs no service of its own: "echo"
 * loops ACL data back.
 */
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/unaligned.h>

#include "sim.h"

#define WCNSS_VERSION_REQ	0x01000000
#define WCNSS_VERSION_RESP	0x01000001
#define WCNSS_NV_REQ		0x01000002
#define WCNSS_NV_RESP		0x01000003
#define WCNSS_CBC_COMPLETE	0x0100000c
#define WCNSS_HDR_LEN		8
#define WCNSS_NV_HDR_LEN	16
#define WCNSS_COLD_BOOTING	2
#define SIM_WCNSS_NV_MAX	(64 * 1024)

#define HCI_EV_CMD_COMPLETE	0x0e
#define HCI_OP_RESET		0x0c03
#define HCI_OP_READ_VERSION	0x1001
#define HCI_OP_READ_BD_ADDR	0x1009
#define HCI_UNKNOWN_COMMAND	0x01

struct sim_wcnss {
	/* WCNSS_CTRL */
	bool cold_boot;
	u8 *nv;			/* the image being received */
	u32 nv_len;
	u32 next_seq;
	bool nv_broken;		/* a fragment out of order: until seq 0 again */
	u8 *nv_done;		/* the last complete image */
	u32 nv_done_len;
	u64 version_reqs, frags, images, bad;
	/* HCI */
	u64 hci_cmds, hci_unknown, hci_bad;
	u16 hci_last_op;
};

static struct sim_wcnss *sim_wcnss_of(struct sim_chan *ch)
{
	if (!ch->wcnss)
		ch->wcnss = kzalloc(sizeof(*ch->wcnss), GFP_KERNEL);
	return ch->wcnss;
}

static int sim_wcnss_reply(struct sim_chan *ch, u32 type, const u8 *body, u32 len)
{
	u8 p[WCNSS_HDR_LEN + 4];

	put_unaligned_le32(type, p);
	put_unaligned_le32(WCNSS_HDR_LEN + len, p + 4);
	if (len)
		memcpy(p + WCNSS_HDR_LEN, body, len);
	return sim_tx_packet(ch, p, WCNSS_HDR_LEN + len);
}

/* One NV fragment of @len bytes in ch->buf. */
static void sim_wcnss_nv(struct sim_chan *ch, struct sim_wcnss *w, u32 len)
{
	const u8 *p = ch->buf;
	u32 seq = get_unaligned_le16(p + 8), last = get_unaligned_le16(p + 10);
	u32 size = get_unaligned_le32(p + 12);
	u8 status = 0;

	w->frags++;
	if (len < WCNSS_NV_HDR_LEN || size != len - WCNSS_NV_HDR_LEN) {
		w->bad++;
		return;
	}
	if (!seq) {
		w->nv_len = 0;
		w->nv_broken = false;
		w->next_seq = 0;
	}
	if (!w->nv)
		w->nv = kzalloc(SIM_WCNSS_NV_MAX, GFP_KERNEL);
	if (!w->nv || seq != w->next_seq || size > SIM_WCNSS_NV_MAX - w->nv_len) {
		w->nv_broken = true;
		w->bad++;
	}
	if (!w->nv_broken) {
		memcpy(w->nv + w->nv_len, p + WCNSS_NV_HDR_LEN, size);
		w->nv_len += size;
		w->next_seq++;
	}
	if (!last)
		return;
	if (!w->nv_broken) {
		kfree(w->nv_done);
		w->nv_done = kmemdup(w->nv, w->nv_len, GFP_KERNEL);
		w->nv_done_len = w->nv_done ? w->nv_len : 0;
		w->images++;
	}
	/* The driver takes any status but 2 as done. */
	if (w->cold_boot)
		status = WCNSS_COLD_BOOTING;
	sim_wcnss_reply(ch, WCNSS_NV_RESP, &status, 1);
	if (w->cold_boot)
		sim_wcnss_reply(ch, WCNSS_CBC_COMPLETE, NULL, 0);
}

/**
 * sim_wcnss_run() - answer what waits on a "wcnss" channel
 * @ch: channel OPENED on both sides, edge locked
 *
 * Return: packets taken.
 */
u32 sim_wcnss_run(struct sim_chan *ch)
{
	static const u8 version[4] = { 1, 5, 1, 2 };
	struct sim_wcnss *w = sim_wcnss_of(ch);
	u32 len, type, taken = 0;

	if (!w)
		return 0;
	while (taken < 64 && !ch->stalled && sim_rx_peek(ch, &len) > 0) {
		/* Our answers are at most two packets of 12 bytes. */
		if (sim_tx_room(ch) < 2 * (SIM_PKT_HDR_LEN + 12)) {
			sim_put_flag(ch, true, SIM_F_MASK_RECV_INTR, 0);
			break;
		}
		sim_rx_take(ch, len);
		taken++;
		if (len < WCNSS_HDR_LEN || get_unaligned_le32(ch->buf + 4) != len) {
			w->bad++;
			continue;
		}
		type = get_unaligned_le32(ch->buf);
		if (type == WCNSS_VERSION_REQ) {
			w->version_reqs++;
			sim_wcnss_reply(ch, WCNSS_VERSION_RESP, version, sizeof(version));
		} else if (type == WCNSS_NV_REQ) {
			sim_wcnss_nv(ch, w, len);
		} else {
			w->bad++;
		}
	}
	if (taken == 64)
		ch->edge->more_work = true;
	return taken;
}

/* Command Complete for @op: status, then @ret. */
static void sim_hci_complete(struct sim_chan *ch, u16 op, u8 status, const u8 *ret, u32 n)
{
	u8 ev[16];

	ev[0] = HCI_EV_CMD_COMPLETE;
	ev[1] = 4 + n;
	ev[2] = 1;		/* one more command may be sent */
	put_unaligned_le16(op, ev + 3);
	ev[5] = status;
	if (n)
		memcpy(ev + 6, ret, n);
	sim_tx_packet(ch, ev, 6 + n);
}

/**
 * sim_hci_run() - answer the HCI commands waiting on an "hci" channel
 * @ch: channel OPENED on both sides, edge locked
 *
 * Return: packets taken.
 */
u32 sim_hci_run(struct sim_chan *ch)
{
	static const u8 version[8] = { 0x06, 0x02, 0x01, 0x06, 0x1d, 0x00, 0x0b, 0x0a };
	static const u8 bdaddr[6] = { 0x55, 0x44, 0x33, 0x22, 0x11, 0x00 };
	struct sim_wcnss *w = sim_wcnss_of(ch);
	u32 len, taken = 0;
	u16 op;

	if (!w)
		return 0;
	while (taken < 64 && !ch->stalled && sim_rx_peek(ch, &len) > 0) {
		if (sim_tx_room(ch) < SIM_PKT_HDR_LEN + 16) {
			sim_put_flag(ch, true, SIM_F_MASK_RECV_INTR, 0);
			break;
		}
		sim_rx_take(ch, len);
		taken++;
		if (len < 3 || ch->buf[2] != len - 3) {
			w->hci_bad++;
			continue;
		}
		op = get_unaligned_le16(ch->buf);
		w->hci_cmds++;
		w->hci_last_op = op;
		switch (op) {
		case HCI_OP_RESET:
			sim_hci_complete(ch, op, 0, NULL, 0);
			break;
		case HCI_OP_READ_VERSION:
			sim_hci_complete(ch, op, 0, version, sizeof(version));
			break;
		case HCI_OP_READ_BD_ADDR:
			sim_hci_complete(ch, op, 0, bdaddr, sizeof(bdaddr));
			break;
		default:
			w->hci_unknown++;
			sim_hci_complete(ch, op, HCI_UNKNOWN_COMMAND, NULL, 0);
			break;
		}
	}
	if (taken == 64)
		ch->edge->more_work = true;
	return taken;
}

/**
 * sim_wcnss_coldboot() - answer the next NV image with "cold booting"
 * @ch: a "wcnss" channel, edge locked
 * @on: whether to
 *
 * Return: 0, -EINVAL (not a wcnss channel) or -ENOMEM.
 */
int sim_wcnss_coldboot(struct sim_chan *ch, bool on)
{
	struct sim_wcnss *w;

	if (ch->svc != SIM_SVC_WCNSS)
		return -EINVAL;
	w = sim_wcnss_of(ch);
	if (!w)
		return -ENOMEM;
	w->cold_boot = on;
	return 0;
}

/**
 * sim_wcnss_show() - @ch's state: one line
 * @s: seq_file
 * @ch: a "wcnss" or "hci" channel, edge locked
 */
void sim_wcnss_show(struct seq_file *s, struct sim_chan *ch)
{
	struct sim_wcnss *w = ch->wcnss;

	if (!w)
		return;
	if (ch->svc == SIM_SVC_WCNSS)
		seq_printf(s, "wcnss %s version_reqs=%llu frags=%llu images=%llu nv_bytes=%u bad=%llu cold_boot=%d\n",
			   ch->name, w->version_reqs, w->frags, w->images, w->nv_done_len,
			   w->bad, w->cold_boot);
	else
		seq_printf(s, "hci %s cmds=%llu unknown=%llu bad=%llu last_op=0x%04x\n",
			   ch->name, w->hci_cmds, w->hci_unknown, w->hci_bad, w->hci_last_op);
}

/**
 * sim_wcnss_nv_read() - copy out the last complete NV image of the edge
 * @edge: edge, locked
 * @buf: destination
 * @pos: offset in the image
 * @len: bytes wanted
 *
 * Return: bytes copied (0 at the end, or when no image came).
 */
size_t sim_wcnss_nv_read(struct sim_edge *edge, void *buf, loff_t pos, size_t len)
{
	struct sim_chan *ch;
	struct sim_wcnss *w;

	list_for_each_entry(ch, &edge->chans, node) {
		w = ch->wcnss;
		if (ch->svc != SIM_SVC_WCNSS || !w || !w->nv_done)
			continue;
		if (pos >= w->nv_done_len)
			return 0;
		len = min_t(size_t, len, w->nv_done_len - pos);
		memcpy(buf, w->nv_done + pos, len);
		return len;
	}
	return 0;
}
