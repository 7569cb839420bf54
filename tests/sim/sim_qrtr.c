// SPDX-License-Identifier: GPL-2.0
/*
 * A QRTR node at the remote end of IPCRTR (service "qrtr"), as modem and
 * ADSP firmware runs one: once the channel is open on both sides it says
 * HELLO; when APPS's HELLO comes back it announces its servers (NEW_SERVER
 * to the control port); a datagram to one of its ports is echoed back from
 * that port to the sender.  Flow control both ways, as QRTR defines it:
 *   - a datagram from APPS with confirm_rx set is answered with RESUME_TX
 *     once taken from the ring;
 *   - towards each APPS port we keep at most 10 datagrams unconfirmed, ask
 *     for confirmation on the 5th, and hold further echoes until APPS's
 *     RESUME_TX (at most 32: past that a node out of buffers drops them,
 *     counted; it never stops reading, or the RESUME_TX it waits for
 *     would stay unread behind the data).
 * A new session (the channel closed and opened again, the processor
 * restarted) starts over with HELLO, and everything is announced again.
 *
 * Wire (little endian): a version-1 header of eight 32-bit words, version
 * (1), type, source node and port, confirm_rx, payload size, destination
 * node and port; the payload follows, padded to 4 bytes.  Control payloads
 * are five words: command, then service, instance, node, port (servers) or
 * node, port (clients).
 *
 * "qrtr-bye CHAN" sends BYE (the node leaves; APPS forgets its servers) and
 * the next session announces again.  The state is in the edge's "qrtr"
 * debugfs file.
 */
#include <linux/list.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/unaligned.h>

#include "sim.h"

#define QRTR_VERSION_1		1
#define QRTR_HDR_LEN		32
#define QRTR_CTRL_LEN		20
#define QRTR_PORT_CTRL		0xfffffffe
#define QRTR_NODE_BCAST		0xffffffff

enum {
	QRTR_TYPE_DATA = 1,
	QRTR_TYPE_HELLO = 2,
	QRTR_TYPE_BYE = 3,
	QRTR_TYPE_NEW_SERVER = 4,
	QRTR_TYPE_DEL_SERVER = 5,
	QRTR_TYPE_DEL_CLIENT = 6,
	QRTR_TYPE_RESUME_TX = 7,
	QRTR_TYPE_EXIT = 8,
	QRTR_TYPE_PING = 9,
	QRTR_TYPE_NEW_LOOKUP = 10,
	QRTR_TYPE_DEL_LOOKUP = 11,
};

#define QRTR_FLOW_LOW		5	/* ask for a confirmation on this one */
#define QRTR_FLOW_HIGH		10	/* then wait */
#define SIM_QRTR_FLOWS		32
#define SIM_QRTR_BACKLOG	32
#define SIM_QRTR_BUDGET		64

/* The servers this node runs: service, instance (version in the low byte), port. */
static const struct {
	u32 service, instance, port;
} sim_qrtr_servers[] = {
	{ 15, 0x0101, 1 },	/* the "Test service", version 1, instance 1 */
	{ 42, 0x0201, 2 },	/* version 1, instance 2 */
	{ 4097, 0x0001, 3 },	/* DIAG, version 1, instance 0 */
};

struct sim_qrtr_flow {
	u32 node, port;
	u32 pending;		/* our datagrams it has not confirmed */
	bool used;
};

struct sim_qrtr_held {
	struct list_head node;
	u32 src_port, dst_node, dst_port, len;
	u8 data[];
};

struct sim_qrtr {
	bool up;		/* HELLO sent in this session */
	bool announced;		/* APPS's HELLO came, our servers are announced */
	u32 peer;		/* APPS's node id, from its packets */
	struct sim_qrtr_flow flow[SIM_QRTR_FLOWS];
	struct list_head held;	/* echoes waiting for a RESUME_TX */
	u32 nheld;
	u8 *tx;			/* one packet being built */
	u32 last_out[8];	/* the header of the last packet sent */
	u64 sessions, rx, tx_pkts, data, echoed, confirms_asked, resume_rx, resume_tx;
	u64 hello_rx, ctrl_rx, bye_rx, del_client_rx, bad, no_port, held_total, dropped;
};

static u32 sim_qrtr_node(struct sim_chan *ch)
{
	return 16 + ch->edge->edge_id;
}

static struct sim_qrtr *sim_qrtr_of(struct sim_chan *ch)
{
	struct sim_qrtr *q = ch->qrtr;

	if (q)
		return q;
	q = kzalloc(sizeof(*q), GFP_KERNEL);
	if (!q)
		return NULL;
	q->tx = kzalloc(ch->fifo_size, GFP_KERNEL);
	if (!q->tx) {
		kfree(q);
		return NULL;
	}
	INIT_LIST_HEAD(&q->held);
	ch->qrtr = q;
	return q;
}

static void sim_qrtr_drop_held(struct sim_qrtr *q, bool all, u32 node, u32 port)
{
	struct sim_qrtr_held *h, *tmp;

	list_for_each_entry_safe(h, tmp, &q->held, node) {
		if (!all && (h->dst_node != node || h->dst_port != port))
			continue;
		list_del(&h->node);
		kfree(h);
		q->nheld--;
	}
}

static struct sim_qrtr_flow *sim_qrtr_flow(struct sim_qrtr *q, u32 node, u32 port, bool add)
{
	struct sim_qrtr_flow *free = NULL;
	int i;

	for (i = 0; i < SIM_QRTR_FLOWS; i++) {
		if (q->flow[i].used && q->flow[i].node == node && q->flow[i].port == port)
			return &q->flow[i];
		if (!q->flow[i].used && !free)
			free = &q->flow[i];
	}
	if (!add)
		return NULL;
	if (!free) {
		/* Forget the quietest peer: it holds nothing back then. */
		for (i = 0; i < SIM_QRTR_FLOWS && !free; i++)
			if (!q->flow[i].pending)
				free = &q->flow[i];
		if (!free)
			return NULL;
	}
	free->used = true;
	free->node = node;
	free->port = port;
	free->pending = 0;
	return free;
}

/* Build and send one packet; -EAGAIN when the ring has no room for it. */
static int sim_qrtr_send(struct sim_chan *ch, u32 type, u32 src_port, u32 dst_node,
			 u32 dst_port, bool confirm, const void *data, u32 size)
{
	struct sim_qrtr *q = ch->qrtr;
	u32 len = QRTR_HDR_LEN + ALIGN(size, 4);
	u8 *p = q->tx;
	int ret;

	if (len > ch->fifo_size)
		return -EMSGSIZE;
	put_unaligned_le32(QRTR_VERSION_1, p);
	put_unaligned_le32(type, p + 4);
	put_unaligned_le32(sim_qrtr_node(ch), p + 8);
	put_unaligned_le32(src_port, p + 12);
	put_unaligned_le32(confirm, p + 16);
	put_unaligned_le32(size, p + 20);
	put_unaligned_le32(dst_node, p + 24);
	put_unaligned_le32(dst_port, p + 28);
	memcpy(p + QRTR_HDR_LEN, data, size);
	memset(p + QRTR_HDR_LEN + size, 0, len - QRTR_HDR_LEN - size);
	ret = sim_tx_packet(ch, p, len);
	if (!ret) {
		q->tx_pkts++;
		memcpy(q->last_out, p, sizeof(q->last_out));
	}
	return ret;
}

static int sim_qrtr_ctrl(struct sim_chan *ch, u32 cmd, u32 a, u32 b, u32 c, u32 d)
{
	u8 pl[QRTR_CTRL_LEN];

	put_unaligned_le32(cmd, pl);
	put_unaligned_le32(a, pl + 4);
	put_unaligned_le32(b, pl + 8);
	put_unaligned_le32(c, pl + 12);
	put_unaligned_le32(d, pl + 16);
	return sim_qrtr_send(ch, cmd, QRTR_PORT_CTRL, QRTR_NODE_BCAST, QRTR_PORT_CTRL,
			     false, pl, sizeof(pl));
}

/* Room for the largest answer one packet of @len can cause. */
static bool sim_qrtr_room(struct sim_chan *ch, u32 len)
{
	u32 ctrl = SIM_PKT_HDR_LEN + QRTR_HDR_LEN + QRTR_CTRL_LEN;
	u32 need = max_t(u32, SIM_PKT_HDR_LEN + ALIGN(len, 4),
			 ARRAY_SIZE(sim_qrtr_servers) * ctrl) + ctrl;

	return sim_tx_room(ch) >= need;
}

/*
 * Send an echo now, or hold it (behind those held before it) while its
 * destination owes a confirmation.
 */
static void sim_qrtr_echo(struct sim_chan *ch, u32 src_port, u32 dst_node, u32 dst_port,
			  const u8 *data, u32 size)
{
	struct sim_qrtr *q = ch->qrtr;
	struct sim_qrtr_flow *f = sim_qrtr_flow(q, dst_node, dst_port, true);
	struct sim_qrtr_held *h;
	bool confirm;

	if (f && f->pending < QRTR_FLOW_HIGH && !q->nheld) {
		confirm = f->pending + 1 == QRTR_FLOW_LOW;
		if (!sim_qrtr_send(ch, QRTR_TYPE_DATA, src_port, dst_node, dst_port,
				   confirm, data, size)) {
			f->pending++;
			q->confirms_asked += confirm;
			q->echoed++;
			return;
		}
	}
	if (q->nheld >= SIM_QRTR_BACKLOG) {
		/* No buffer left: a node drops what it cannot keep. */
		q->dropped++;
		return;
	}
	h = kmalloc(struct_size(h, data, size), GFP_KERNEL);
	if (!h) {
		q->dropped++;
		return;
	}
	h->src_port = src_port;
	h->dst_node = dst_node;
	h->dst_port = dst_port;
	h->len = size;
	memcpy(h->data, data, size);
	list_add_tail(&h->node, &q->held);
	q->nheld++;
	q->held_total++;
}

/* Send held echoes, oldest first, while their destinations allow. */
static void sim_qrtr_flush(struct sim_chan *ch)
{
	struct sim_qrtr *q = ch->qrtr;
	struct sim_qrtr_held *h;
	struct sim_qrtr_flow *f;
	bool confirm;

	while (!list_empty(&q->held)) {
		h = list_first_entry(&q->held, struct sim_qrtr_held, node);
		f = sim_qrtr_flow(q, h->dst_node, h->dst_port, true);
		if (!f || f->pending >= QRTR_FLOW_HIGH)
			return;
		confirm = f->pending + 1 == QRTR_FLOW_LOW;
		if (sim_qrtr_send(ch, QRTR_TYPE_DATA, h->src_port, h->dst_node, h->dst_port,
				  confirm, h->data, h->len))
			return;
		f->pending++;
		q->confirms_asked += confirm;
		q->echoed++;
		list_del(&h->node);
		kfree(h);
		q->nheld--;
	}
}

static bool sim_qrtr_our_port(u32 port)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(sim_qrtr_servers); i++)
		if (sim_qrtr_servers[i].port == port)
			return true;
	return false;
}

static void sim_qrtr_announce(struct sim_chan *ch)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(sim_qrtr_servers); i++)
		sim_qrtr_ctrl(ch, QRTR_TYPE_NEW_SERVER, sim_qrtr_servers[i].service,
			      sim_qrtr_servers[i].instance, sim_qrtr_node(ch),
			      sim_qrtr_servers[i].port);
}

/* One packet from APPS, in ch->buf. */
static void sim_qrtr_handle(struct sim_chan *ch, u32 len)
{
	struct sim_qrtr *q = ch->qrtr;
	const u8 *p = ch->buf;
	u32 type, src_node, src_port, confirm, size, dst_node, dst_port;
	struct sim_qrtr_flow *f;

	q->rx++;
	if (len < QRTR_HDR_LEN || get_unaligned_le32(p) != QRTR_VERSION_1) {
		q->bad++;
		return;
	}
	type = get_unaligned_le32(p + 4);
	src_node = get_unaligned_le32(p + 8);
	src_port = get_unaligned_le32(p + 12);
	confirm = get_unaligned_le32(p + 16);
	size = get_unaligned_le32(p + 20);
	dst_node = get_unaligned_le32(p + 24);
	dst_port = get_unaligned_le32(p + 28);
	if (size > len - QRTR_HDR_LEN || QRTR_HDR_LEN + ALIGN(size, 4) != len || confirm > 1) {
		q->bad++;
		return;
	}
	q->peer = src_node;
	if (type == QRTR_TYPE_DATA) {
		q->data++;
		if (dst_node != sim_qrtr_node(ch) || !sim_qrtr_our_port(dst_port)) {
			q->no_port++;
			return;
		}
		if (confirm) {
			sim_qrtr_ctrl(ch, QRTR_TYPE_RESUME_TX, sim_qrtr_node(ch), dst_port, 0, 0);
			q->resume_tx++;
		}
		sim_qrtr_echo(ch, dst_port, src_node, src_port, p + QRTR_HDR_LEN, size);
		return;
	}
	q->ctrl_rx++;
	/* Only RESUME_TX may go to a port other than the control port. */
	if (size < QRTR_CTRL_LEN ||
	    (dst_port != QRTR_PORT_CTRL && type != QRTR_TYPE_RESUME_TX)) {
		q->bad++;
		return;
	}
	switch (type) {
	case QRTR_TYPE_HELLO:
		q->hello_rx++;
		sim_qrtr_announce(ch);
		q->announced = true;
		break;
	case QRTR_TYPE_RESUME_TX:
		f = sim_qrtr_flow(q, get_unaligned_le32(p + QRTR_HDR_LEN + 4),
				  get_unaligned_le32(p + QRTR_HDR_LEN + 8), false);
		if (f)
			f->pending = 0;
		q->resume_rx++;
		break;
	case QRTR_TYPE_DEL_CLIENT:
		q->del_client_rx++;
		f = sim_qrtr_flow(q, get_unaligned_le32(p + QRTR_HDR_LEN + 4),
				  get_unaligned_le32(p + QRTR_HDR_LEN + 8), false);
		if (f) {
			sim_qrtr_drop_held(q, false, f->node, f->port);
			f->used = false;
		}
		break;
	case QRTR_TYPE_BYE:
		q->bye_rx++;
		sim_qrtr_drop_held(q, true, 0, 0);
		memset(q->flow, 0, sizeof(q->flow));
		break;
	default:
		/* NEW/DEL_SERVER of APPS's own servers and the rest: nothing to do. */
		break;
	}
}

/**
 * sim_qrtr_run() - one pass of a "qrtr" channel
 * @ch: channel OPENED on both sides, edge locked
 *
 * Return: packets taken from APPS.
 */
u32 sim_qrtr_run(struct sim_chan *ch)
{
	struct sim_qrtr *q = sim_qrtr_of(ch);
	u32 len, taken = 0;

	if (!q)
		return 0;
	if (!q->up) {
		if (sim_qrtr_ctrl(ch, QRTR_TYPE_HELLO, 0, 0, 0, 0))
			return 0;
		q->up = true;
		q->sessions++;
	}
	sim_qrtr_flush(ch);
	while (taken < SIM_QRTR_BUDGET && !ch->stalled && sim_rx_peek(ch, &len) > 0) {
		if (!sim_qrtr_room(ch, len)) {
			/* Leave it until our answers fit: APPS interrupts us. */
			sim_put_flag(ch, true, SIM_F_MASK_RECV_INTR, 0);
			break;
		}
		sim_rx_take(ch, len);
		taken++;
		sim_qrtr_handle(ch, len);
	}
	/*
	 * A RESUME_TX or DEL_CLIENT just taken may have unblocked what we
	 * hold: APPS waits for those echoes and may ring no more until then.
	 */
	sim_qrtr_flush(ch);
	if (taken == SIM_QRTR_BUDGET)
		ch->edge->more_work = true;
	return taken;
}

/**
 * sim_qrtr_down() - the session of @ch ended (closed on either side)
 * @ch: a "qrtr" channel, edge locked
 *
 * The next session starts with HELLO and announces again.
 */
void sim_qrtr_down(struct sim_chan *ch)
{
	struct sim_qrtr *q = ch->qrtr;

	if (!q || !q->up)
		return;
	q->up = false;
	q->announced = false;
	sim_qrtr_drop_held(q, true, 0, 0);
	memset(q->flow, 0, sizeof(q->flow));
}

/**
 * sim_qrtr_bye() - the node leaves: BYE to APPS
 * @ch: a "qrtr" channel OPENED on both sides, edge locked
 *
 * Return: 0, -EINVAL (not a qrtr channel, or no session), -EAGAIN (no room).
 */
int sim_qrtr_bye(struct sim_chan *ch)
{
	struct sim_qrtr *q = ch->qrtr;
	int ret;

	if (ch->svc != SIM_SVC_QRTR || !q || !q->up)
		return -EINVAL;
	ret = sim_qrtr_ctrl(ch, QRTR_TYPE_BYE, 0, 0, 0, 0);
	if (!ret)
		q->announced = false;
	return ret;
}

/**
 * sim_qrtr_show() - @ch's QRTR node: one line
 * @s: seq_file
 * @ch: a "qrtr" channel, edge locked
 */
void sim_qrtr_show(struct seq_file *s, struct sim_chan *ch)
{
	struct sim_qrtr *q = ch->qrtr;

	if (!q)
		return;
	seq_printf(s, "qrtr %s node=%u up=%d announced=%d peer=%d sessions=%llu rx=%llu tx=%llu data=%llu echoed=%llu held=%u held_total=%llu confirms_asked=%llu resume_rx=%llu resume_tx=%llu hello_rx=%llu ctrl_rx=%llu del_client_rx=%llu bye_rx=%llu no_port=%llu dropped=%llu bad=%llu\n",
		   ch->name, sim_qrtr_node(ch), q->up, q->announced, (int)q->peer, q->sessions,
		   q->rx, q->tx_pkts, q->data, q->echoed, q->nheld, q->held_total,
		   q->confirms_asked, q->resume_rx, q->resume_tx, q->hello_rx, q->ctrl_rx,
		   q->del_client_rx, q->bye_rx, q->no_port, q->dropped, q->bad);
	seq_printf(s, "qrtr-last-out %s %*ph\n", ch->name, (int)sizeof(q->last_out), q->last_out);
}
