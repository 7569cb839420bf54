// SPDX-License-Identifier: GPL-2.0
/*
 * The fault catalogue: what a hostile or broken remote can do to SMD.
 *
 * Each case is one command, "inject <case> <channel> [arg]", run under the
 * edge lock.  Discovery cases create a new allocation entry named
 * <channel>; runtime cases act on the existing channel <channel>.  The
 * "expect" text is the correct APPS driver behaviour (docs/simulator.md has
 * the whole table).  "fuzz <seed> <count>" mutates remote-controlled fields
 * at random, reproducibly for a seed, then heals every channel it touched;
 * "fuzz <seed> 0" keeps doing so in batches until "fuzz stop".
 */
#include <linux/delay.h>
#include <linux/io.h>
#include <linux/prandom.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/soc/qcom/smem.h>
#include <linux/string.h>

#include "sim.h"

struct sim_fault {
	const char *name;
	const char *expect;
	int (*fn)(struct sim_edge *edge, const char *chan, u32 arg, u32 variant);
	u32 variant;
	bool needs_chan;	/* acts on an existing channel */
};

/* --------------------------------------------------- discovery faults */

struct sim_raw_entry {
	char name[20];
	u32 cid;
	u32 flags;
	size_t info_size;	/* 0: do not allocate */
	size_t fifo_size;	/* total item size; 0: do not allocate */
	bool bad_cid;		/* cid is not the slot: items are not made */
	int table;		/* 0, 1, or -1: the first with room */
};

static int sim_write_raw_entry(struct sim_edge *edge, struct sim_raw_entry *r)
{
	struct sim_alloc_entry __iomem *entry;
	unsigned int info_item, fifo_item;
	u32 slot;
	int t, ret = 0;

	mutex_lock(&sim_table_lock);
	t = sim_alloc_entry(edge, r->table, &slot, &entry);
	if (t < 0) {
		ret = t;
		goto out;
	}
	sim_slot_mark(entry);
	if (!r->bad_cid)
		r->cid = slot;
	if (!r->bad_cid) {
		sim_item_ids(t, r->cid, &info_item, &fifo_item);
		if (r->info_size)
			ret = qcom_smem_alloc(edge->remote_pid, info_item, r->info_size);
		if (!ret && r->fifo_size)
			ret = qcom_smem_alloc(edge->remote_pid, fifo_item, r->fifo_size);
		if (ret)
			goto out;
	}
	memcpy_toio(entry->name, r->name, sizeof(r->name));
	writel(r->cid, &entry->cid);
	writel(r->flags, &entry->flags);
	/* The entry is complete before it counts as allocated. */
	wmb();
	writel(1, &entry->ref_count);
	edge->irq_due = true;
out:
	mutex_unlock(&sim_table_lock);
	return ret;
}

static void sim_raw_defaults(struct sim_edge *edge, struct sim_raw_entry *r,
			     const char *chan)
{
	memset(r, 0, sizeof(*r));
	strscpy(r->name, chan, sizeof(r->name));
	r->flags = edge->edge_id | SIM_FLAG_PACKET;
	r->info_size = edge->word ? 2 * sizeof(struct sim_half_word) :
				    2 * sizeof(struct sim_half_byte);
	r->fifo_size = 2 * 1024;
	r->table = -1;
}

enum { NAME_UNTERMINATED, NAME_GARBAGE, NAME_DUPLICATE };

static int sim_fault_name(struct sim_edge *edge, const char *chan, u32 arg, u32 v)
{
	struct sim_raw_entry r;
	size_t n;

	sim_raw_defaults(edge, &r, chan);
	n = strlen(r.name);
	switch (v) {
	case NAME_UNTERMINATED:
		memset(r.name + n, 'X', sizeof(r.name) - n);
		break;
	case NAME_GARBAGE:
		r.name[0] = 0x01;
		if (n > 1)
			r.name[1] = 0xff;
		break;
	case NAME_DUPLICATE:
		/* Same name as a live channel; the original keeps working. */
		if (!sim_chan_find(edge, chan))
			return -ENOENT;
		break;
	}
	return sim_write_raw_entry(edge, &r);
}

static int sim_fault_cid(struct sim_edge *edge, const char *chan, u32 arg, u32 cid)
{
	struct sim_raw_entry r;

	sim_raw_defaults(edge, &r, chan);
	r.cid = cid;
	r.bad_cid = true;
	return sim_write_raw_entry(edge, &r);
}

static int sim_fault_flags(struct sim_edge *edge, const char *chan, u32 arg, u32 flags)
{
	struct sim_raw_entry r;

	sim_raw_defaults(edge, &r, chan);
	r.flags = flags ? flags : edge->edge_id | SIM_FLAG_PACKET | SIM_FLAG_STREAM;
	return sim_write_raw_entry(edge, &r);
}

/*
 * A second entry of the same table, with a name of its own, that names
 * the cid of the edge's first live channel: two channels on one pair of
 * items would share (and reset) each other's rings.
 */
static int sim_fault_cid_dup(struct sim_edge *edge, const char *chan, u32 arg, u32 v)
{
	struct sim_raw_entry r;
	struct sim_chan *live;

	live = list_first_entry_or_null(&edge->chans, struct sim_chan, node);
	if (!live)
		return -ENOENT;
	sim_raw_defaults(edge, &r, chan);
	r.cid = live->cid;
	r.bad_cid = true;
	r.table = live->table;
	return sim_write_raw_entry(edge, &r);
}

/*
 * A stream channel with word-variant info (whatever the edge's variant):
 * a stream's head may stop at any byte, but word-variant memory takes
 * 32-bit accesses only.
 */
static int sim_fault_stream_word(struct sim_edge *edge, const char *chan, u32 arg, u32 v)
{
	struct sim_raw_entry r;

	sim_raw_defaults(edge, &r, chan);
	r.info_size = 2 * sizeof(struct sim_half_word);
	r.flags = edge->edge_id | SIM_FLAG_STREAM;
	return sim_write_raw_entry(edge, &r);
}

enum { SZ_INFO_MISSING, SZ_FIFO_MISSING, SZ_INFO_SHORT, SZ_INFO_ODD,
	SZ_FIFO_TINY, SZ_FIFO_ODD };

static int sim_fault_size(struct sim_edge *edge, const char *chan, u32 arg, u32 v)
{
	struct sim_raw_entry r;

	sim_raw_defaults(edge, &r, chan);
	switch (v) {
	case SZ_INFO_MISSING:
		r.info_size = 0;
		break;
	case SZ_FIFO_MISSING:
		r.fifo_size = 0;
		break;
	case SZ_INFO_SHORT:
		r.info_size = 32;
		break;
	case SZ_INFO_ODD:
		r.info_size = 48;
		break;
	case SZ_FIFO_TINY:
		r.fifo_size = 64;
		break;
	case SZ_FIFO_ODD:
		r.fifo_size = 2 * 1028;
		break;
	}
	return sim_write_raw_entry(edge, &r);
}

static int sim_fault_pow2(struct sim_edge *edge, const char *chan, u32 arg, u32 v)
{
	struct sim_chan *ch;

	ch = sim_chan_create(edge, chan, SIM_SVC_ECHO, 1056, -1, -1, false);
	return PTR_ERR_OR_ZERO(ch);
}

static int sim_fault_short_table(struct sim_edge *edge, const char *chan, u32 arg, u32 v)
{
	struct sim_alloc_entry fake = { .ref_count = cpu_to_le32(1) };
	void __iomem *after;
	size_t size;
	void *p;
	int ret, i;

	/* Only possible while table 2 does not exist yet. */
	mutex_lock(&sim_table_lock);
	ret = qcom_smem_alloc(edge->remote_pid, SIM_T2_ALLOC_ITEM,
			      sizeof(struct sim_alloc_entry));
	if (ret)
		goto out;
	/* The next item, right behind it, looks like more entries. */
	ret = qcom_smem_alloc(edge->remote_pid, 470, 63 * sizeof(fake));
	if (ret)
		goto out;
	p = qcom_smem_get(edge->remote_pid, 470, &size);
	if (IS_ERR(p)) {
		ret = PTR_ERR(p);
		goto out;
	}
	after = (void __iomem __force *)p;
	for (i = 0; i < 63; i++)
		sim_slot_mark(after + i * sizeof(fake));
	strscpy(fake.name, chan, sizeof(fake.name));
	fake.flags = cpu_to_le32(edge->edge_id | SIM_FLAG_PACKET);
	for (i = 0; i < 63; i++) {
		fake.cid = cpu_to_le32(i + 1);
		memcpy_toio(after + i * sizeof(fake), &fake, sizeof(fake));
	}
	edge->irq_due = true;
out:
	mutex_unlock(&sim_table_lock);
	return ret;
}

/* --------------------------------------------------- runtime faults */

static struct sim_chan *sim_fault_chan(struct sim_edge *edge, const char *chan)
{
	struct sim_chan *ch = sim_chan_find(edge, chan);

	if (ch)
		ch->faults++;
	return ch;
}

enum { IDX_RX_HEAD, IDX_RX_TAIL, IDX_TX_HEAD, IDX_TX_TAIL };

/* Write an index; @arg 0 picks fifo_size + 4. */
static int sim_fault_index(struct sim_edge *edge, const char *chan, u32 arg, u32 v)
{
	struct sim_chan *ch = sim_fault_chan(edge, chan);
	u32 val;

	if (!ch)
		return -ENOENT;
	val = arg ? arg : ch->fifo_size + 4;
	switch (v) {
	case IDX_RX_HEAD:	/* our head: what APPS reads up to */
		sim_put_head(ch, true, val);
		sim_put_flag(ch, true, SIM_F_DATA_WRITTEN, 1);
		break;
	case IDX_RX_TAIL:	/* APPS's own read index, in our half */
		sim_put_tail(ch, true, val);
		break;
	case IDX_TX_HEAD:	/* APPS's own write index, in its half */
		sim_put_head(ch, false, val);
		break;
	case IDX_TX_TAIL:	/* our read index of APPS's ring */
		sim_put_tail(ch, false, val);
		break;
	}
	edge->irq_due = true;
	return 0;
}

enum { HEAD_UNALIGNED, HEAD_BACKWARDS };

static int sim_fault_head_move(struct sim_edge *edge, const char *chan, u32 arg, u32 v)
{
	struct sim_chan *ch = sim_fault_chan(edge, chan);
	u32 head;

	if (!ch)
		return -ENOENT;
	head = sim_get_head(ch, true);
	if (head >= ch->fifo_size)
		return -EIO;
	if (v == HEAD_UNALIGNED) {
		static const u8 junk[3] = { 0x5a, 0xa5, 0x3c };

		sim_ring_write(ch, head, junk, sizeof(junk));
		head = sim_ring_wrap(head, 3, ch->fifo_size);
	} else {
		head = sim_ring_wrap(head, ch->fifo_size - (arg ? arg : 40) %
				     ch->fifo_size, ch->fifo_size);
	}
	/* Ring bytes before the head that covers them. */
	wmb();
	sim_put_head(ch, true, head);
	sim_put_flag(ch, true, SIM_F_DATA_WRITTEN, 1);
	edge->irq_due = true;
	return 0;
}

/* Write a raw header claiming @len and @body bytes of payload after it. */
static int sim_put_raw_packet(struct sim_chan *ch, u32 len, u32 body)
{
	struct sim_pkt_hdr hdr = { .len = cpu_to_le32(len) };
	u32 head = sim_get_head(ch, true);

	if (head >= ch->fifo_size)
		return -EIO;
	if (sim_tx_room(ch) < SIM_PKT_HDR_LEN + body)
		return -EAGAIN;
	sim_ring_write(ch, head, &hdr, sizeof(hdr));
	if (body) {
		sim_fill_payload(ch->buf, body, 0);
		sim_ring_write(ch, sim_ring_wrap(head, SIM_PKT_HDR_LEN, ch->fifo_size),
			       ch->buf, body);
	}
	/* Ring bytes before the head that covers them. */
	wmb();
	sim_put_head(ch, true, sim_ring_wrap(head, SIM_PKT_HDR_LEN + body, ch->fifo_size));
	sim_put_flag(ch, true, SIM_F_DATA_WRITTEN, 1);
	ch->edge->irq_due = true;
	return 0;
}

enum { LEN_ZERO, LEN_HUGE, LEN_2G, LEN_FIFO, LEN_1M };

static int sim_fault_len(struct sim_edge *edge, const char *chan, u32 arg, u32 v)
{
	struct sim_chan *ch = sim_fault_chan(edge, chan);
	int ret;

	if (!ch)
		return -ENOENT;
	switch (v) {
	case LEN_ZERO:
		/* A zero-length packet, then a good one that must arrive. */
		ret = sim_put_raw_packet(ch, 0, 0);
		if (!ret) {
			sim_fill_payload(ch->buf, 64, 0);
			ret = sim_tx_packet(ch, ch->buf, 64);
		}
		return ret;
	case LEN_HUGE:
		return sim_put_raw_packet(ch, 0xfffffff0, 8);
	case LEN_2G:
		return sim_put_raw_packet(ch, 0x80000000, 8);
	case LEN_FIFO:
		return sim_put_raw_packet(ch, ch->fifo_size, 8);
	case LEN_1M:
		return sim_put_raw_packet(ch, SZ_1M, 8);
	}
	return -EINVAL;
}

/*
 * Legitimate packets at awkward places: move our head with filler packets
 * to @pos, then send @len bytes, now if it fits, else from a later pass
 * once APPS has read the fillers (ch->staged_len).  Needs APPS to have read
 * everything before.
 */
static int sim_packet_at(struct sim_chan *ch, u32 pos, u32 len)
{
	u32 head, tail, gap;
	int ret;

	head = sim_get_head(ch, true);
	tail = sim_get_tail(ch, true);
	if (head != tail)
		return -EBUSY;		/* APPS has not read everything yet */
	gap = sim_ring_used(pos, head, ch->fifo_size);
	while (gap >= SIM_PKT_HDR_LEN) {
		u32 step = min(gap - (gap % 4), ch->fifo_size / 2);

		if (step < SIM_PKT_HDR_LEN)
			break;
		ret = sim_put_raw_packet(ch, step - SIM_PKT_HDR_LEN, step - SIM_PKT_HDR_LEN);
		if (ret)
			return ret;
		gap -= step;
	}
	sim_fill_payload(ch->buf, len, 0);
	ret = sim_tx_packet(ch, ch->buf, len);
	if (ret == -EAGAIN) {
		ch->staged_len = len;
		ret = 0;
	}
	return ret;
}

enum { PKT_SPLIT_HEADER, PKT_WRAP_LARGE, PKT_MAX };

static int sim_fault_packet(struct sim_edge *edge, const char *chan, u32 arg, u32 v)
{
	struct sim_chan *ch = sim_fault_chan(edge, chan);
	u32 size;

	if (!ch)
		return -ENOENT;
	size = ch->fifo_size;
	switch (v) {
	case PKT_SPLIT_HEADER:
		return sim_packet_at(ch, size - 8, 64);
	case PKT_WRAP_LARGE:
		return sim_packet_at(ch, size / 2 - 96, ALIGN(size * 3 / 4, 4));
	case PKT_MAX:
		return sim_packet_at(ch, 0, size - SIM_RING_RESERVE - SIM_PKT_HDR_LEN);
	}
	return -EINVAL;
}

static int sim_fault_state(struct sim_edge *edge, const char *chan, u32 arg, u32 state)
{
	struct sim_chan *ch = sim_fault_chan(edge, chan);

	if (!ch)
		return -ENOENT;
	sim_put_state(ch, true, state);
	sim_put_flag(ch, true, SIM_F_STATE_UPDATED, 1);
	ch->state = state;
	edge->irq_due = true;
	return 0;
}

static int sim_fault_flap(struct sim_edge *edge, const char *chan, u32 arg, u32 v)
{
	struct sim_chan *ch = sim_fault_chan(edge, chan);
	u32 i, n = arg ? arg : 1000;

	if (!ch)
		return -ENOENT;
	for (i = 0; i < n; i++) {
		sim_put_state(ch, true, i & 1 ? SIM_OPENED : SIM_CLOSED);
		sim_put_flag(ch, true, SIM_F_STATE_UPDATED, 1);
		sim_ipc_raise(edge->ipc, edge->irq_hwirq);
		if (!(i % 64))
			cond_resched();
	}
	/* Converge where the state machine says we are. */
	sim_put_state(ch, true, ch->state);
	edge->irq_due = true;
	return 0;
}

/* CD toggled n times, fSTATE and an interrupt each; it ends up (n even). */
static int sim_fault_sigflap(struct sim_edge *edge, const char *chan, u32 arg, u32 v)
{
	struct sim_chan *ch = sim_fault_chan(edge, chan);
	u32 i, n = arg ? arg : 2000;

	if (!ch)
		return -ENOENT;
	n += n & 1;
	for (i = 0; i < n; i++) {
		sim_put_flag(ch, true, SIM_F_CD, i & 1);
		sim_put_flag(ch, true, SIM_F_STATE_UPDATED, 1);
		sim_ipc_raise(edge->ipc, edge->irq_hwirq);
		if (!(i % 64))
			cond_resched();
	}
	edge->irq_due = true;
	return 0;
}

static int sim_fault_storm(struct sim_edge *edge, const char *chan, u32 arg, u32 v)
{
	u32 i, n = arg ? arg : 10000;

	for (i = 0; i < n; i++) {
		sim_ipc_raise(edge->ipc, edge->irq_hwirq);
		if (!(i % 64))
			cond_resched();
	}
	edge->irqs_raised += n;
	return 0;
}

static int sim_fault_signals(struct sim_edge *edge, const char *chan, u32 arg, u32 v)
{
	struct sim_chan *ch = sim_fault_chan(edge, chan);
	enum sim_flag f;

	if (!ch)
		return -ENOENT;
	for (f = 0; f < SIM_FLAGS; f++)
		sim_put_flag(ch, true, f, ch->word ? 0xffffffff : 0xff);
	edge->irq_due = true;
	return 0;
}

enum { POL_OPEN_STALL, POL_RX_STALL, POL_RX_RESUME, POL_MASK_READ, POL_SILENT };

static int sim_fault_policy(struct sim_edge *edge, const char *chan, u32 arg, u32 v)
{
	struct sim_chan *ch = sim_fault_chan(edge, chan);

	if (!ch)
		return -ENOENT;
	switch (v) {
	case POL_OPEN_STALL:
		ch->open_policy = SIM_OPEN_STALL;
		if (ch->state == SIM_OPENED)
			sim_chan_set_state(ch, SIM_CLOSED);
		break;
	case POL_RX_STALL:
		ch->stalled = true;
		break;
	case POL_RX_RESUME:
		ch->stalled = false;
		if (ch->quiet_reads)
			return 0;	/* read again, and still ring no doorbell */
		break;
	case POL_MASK_READ:
		/*
		 * Stop reading and tell APPS not to expect read interrupts;
		 * from now on reading this ring never rings APPS's doorbell.
		 */
		ch->stalled = true;
		ch->quiet_reads = true;
		sim_put_flag(ch, false, SIM_F_MASK_RECV_INTR, 1);
		break;
	case POL_SILENT:
		/* A good packet, but no interrupt: the next one must bring it. */
		sim_fill_payload(ch->buf, 32, 0);
		if (sim_tx_packet(ch, ch->buf, 32))
			return -EAGAIN;
		edge->irq_due = false;
		return 0;
	}
	edge->irq_due = true;
	return 0;
}

#define D(_name, _fn, _var, _chan, _expect) \
	{ .name = _name, .fn = _fn, .variant = _var, .needs_chan = _chan, .expect = _expect }

static const struct sim_fault sim_faults[] = {
	D("name-unterminated", sim_fault_name, NAME_UNTERMINATED, false,
	  "entry rejected or name capped at 20 bytes; nothing read past the name"),
	D("name-garbage", sim_fault_name, NAME_GARBAGE, false,
	  "entry with unprintable name bytes rejected, logged once"),
	D("name-duplicate", sim_fault_name, NAME_DUPLICATE, false,
	  "second entry with a live channel's name rejected; the first unaffected"),
	D("cid-out-of-range", sim_fault_cid, 600, false,
	  "cid >= 64 rejected, no WARN"),
	D("cid-alias", sim_fault_cid, 124, false,
	  "cid 124 (its info item aliases table 2) rejected"),
	D("cid-wrap", sim_fault_cid, 0xfffffff2, false,
	  "cid 0xfffffff2 (item numbers wrap) rejected"),
	D("stream-on-word", sim_fault_stream_word, 0, false,
	  "stream mode with word-variant info rejected"),
	D("cid-duplicate", sim_fault_cid_dup, 0, false,
	  "second entry on a live channel's (table, cid) rejected; the first unaffected"),
	D("flags-bogus", sim_fault_flags, 0xffffffff, false,
	  "flags 0xffffffff: edge id 0xff matches no edge, entry ignored"),
	D("flags-both-modes", sim_fault_flags, 0, false,
	  "stream and packet bits both set: rejected, or one mode chosen and documented"),
	D("info-missing", sim_fault_size, SZ_INFO_MISSING, false,
	  "entry whose info item does not exist: skipped, retried on later scans without log spam"),
	D("fifo-missing", sim_fault_size, SZ_FIFO_MISSING, false,
	  "entry whose fifo item does not exist: skipped, no crash"),
	D("info-size-short", sim_fault_size, SZ_INFO_SHORT, false,
	  "info item of 32 bytes (smaller than either variant) rejected"),
	D("info-size-odd", sim_fault_size, SZ_INFO_ODD, false,
	  "info item of 48 bytes (neither 40 nor 88) rejected"),
	D("fifo-size-tiny", sim_fault_size, SZ_FIFO_TINY, false,
	  "fifo of 32 bytes per direction rejected (too small)"),
	D("fifo-size-odd", sim_fault_size, SZ_FIFO_ODD, false,
	  "fifo of 1028 bytes per direction: works with wrap-by-subtraction, or rejected cleanly"),
	D("fifo-not-pow2", sim_fault_pow2, 0, false,
	  "echo channel with a 1056-byte fifo (legal): must work, including across the wrap"),
	D("alloc-table-short", sim_fault_short_table, 0, false,
	  "table 2 item of 32 bytes followed by entry-like bytes: only size/32 entries read"),
	D("rx-head-past-fifo", sim_fault_index, IDX_RX_HEAD, true,
	  "remote head >= fifo size (arg: value): channel quarantined, nothing consumed"),
	D("rx-tail-corrupt", sim_fault_index, IDX_RX_TAIL, true,
	  "APPS's read index overwritten (arg: value): shadow copy used or channel quarantined"),
	D("tx-head-corrupt", sim_fault_index, IDX_TX_HEAD, true,
	  "APPS's write index overwritten (arg: value): no write outside the fifo, quarantine"),
	D("tx-tail-past-fifo", sim_fault_index, IDX_TX_TAIL, true,
	  "remote read index >= fifo size (arg: value): send fails, channel quarantined"),
	D("rx-head-unaligned", sim_fault_head_move, HEAD_UNALIGNED, true,
	  "head advanced 3 bytes: an incomplete header waits (byte) or is rejected (word)"),
	D("rx-head-backwards", sim_fault_head_move, HEAD_BACKWARDS, true,
	  "head moved back (arg: bytes, default 40): garbage rejected, quarantine"),
	D("pkt-len-zero", sim_fault_len, LEN_ZERO, true,
	  "zero-length packet consumed silently; the 64-byte packet after it delivered"),
	D("pkt-len-huge", sim_fault_len, LEN_HUGE, true,
	  "length 0xfffffff0: rejected, quarantine, never a negative length"),
	D("pkt-len-2g", sim_fault_len, LEN_2G, true,
	  "length 0x80000000: rejected, quarantine"),
	D("pkt-len-fifo", sim_fault_len, LEN_FIFO, true,
	  "length = fifo size (can never fit): rejected, never a silent stall"),
	D("pkt-len-1m", sim_fault_len, LEN_1M, true,
	  "length 1 MiB (full-SMD streaming): rejected, never a silent stall"),
	D("pkt-split-header", sim_fault_packet, PKT_SPLIT_HEADER, true,
	  "legal packet whose header straddles the wrap: delivered intact"),
	D("pkt-wrap-large", sim_fault_packet, PKT_WRAP_LARGE, true,
	  "legal packet of 3/4 fifo wrapping from the middle: delivered intact"),
	D("pkt-max", sim_fault_packet, PKT_MAX, true,
	  "largest legal packet (fifo - 24 bytes): delivered intact"),
	D("state-invalid", sim_fault_state, 7, true,
	  "remote state 7: treated as not open, logged once"),
	D("state-ffff", sim_fault_state, 0xffffffff, true,
	  "remote state 0xffffffff: treated as not open, logged once"),
	D("state-flushing", sim_fault_state, SIM_FLUSHING, true,
	  "remote FLUSHING: not open; reopen works afterwards"),
	D("state-closing", sim_fault_state, SIM_CLOSING, true,
	  "remote CLOSING: endpoint sees a hang-up; reopen works afterwards"),
	D("state-reset", sim_fault_state, SIM_RESET, true,
	  "remote RESET: endpoint sees a hang-up; reopen works afterwards"),
	D("state-reset-opening", sim_fault_state, SIM_RESET_OPENING, true,
	  "remote RESET_OPENING: not open; no crash"),
	D("state-flap", sim_fault_flap, 0, true,
	  "OPENED/CLOSED flapped arg times (default 1000), an interrupt each: converges, no leak"),
	D("irq-storm", sim_fault_storm, 0, false,
	  "arg interrupts (default 10000) back to back: bounded work, no hang"),
	D("signals-flap", sim_fault_sigflap, 0, true,
	  "CD toggled arg times (default 2000, made even), an interrupt each: APPS sees CD up"),
	D("signals-garbage", sim_fault_signals, 0, true,
	  "every flag of the remote half all-ones: read as booleans, no crash"),
	D("open-stall", sim_fault_policy, POL_OPEN_STALL, true,
	  "remote never reaches OPENED: APPS open fails with -ETIMEDOUT, nothing leaked"),
	D("rx-stall", sim_fault_policy, POL_RX_STALL, true,
	  "remote stops reading: blocking send waits, trysend gets -EAGAIN"),
	D("rx-resume", sim_fault_policy, POL_RX_RESUME, true,
	  "remote reads again: blocked senders complete"),
	D("mask-read-intr", sim_fault_policy, POL_MASK_READ, true,
	  "stop reading and set APPS's mask_recv_intr: a blocked send must not hang forever"),
	D("silent-packet", sim_fault_policy, POL_SILENT, true,
	  "a packet without an interrupt: delivered with the next interrupt, not lost"),
};

/**
 * sim_fault_inject() - run fault case @fault
 * @edge: edge, locked
 * @fault: case name
 * @chan: channel name (new entry's name for discovery cases)
 * @arg: optional number
 *
 * Return: 0 or a negative errno.
 */
int sim_fault_inject(struct sim_edge *edge, const char *fault,
		     const char *chan, const char *arg)
{
	u32 val = 0;
	size_t i;

	if (arg && kstrtou32(arg, 0, &val))
		return -EINVAL;
	for (i = 0; i < ARRAY_SIZE(sim_faults); i++) {
		if (strcmp(sim_faults[i].name, fault))
			continue;
		if (!chan || !*chan)
			return -EINVAL;
		return sim_faults[i].fn(edge, chan, val, sim_faults[i].variant);
	}
	return -ENOENT;
}

/**
 * sim_fault_list() - print the catalogue
 * @s: seq_file
 */
void sim_fault_list(struct seq_file *s)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(sim_faults); i++)
		seq_printf(s, "%-20s %-8s %s\n", sim_faults[i].name,
			   sim_faults[i].needs_chan ? "channel" : "entry",
			   sim_faults[i].expect);
}

/* --------------------------------------------------- random mutation */

static u32 sim_fuzz_value(struct rnd_state *rnd, u32 size)
{
	switch (prandom_u32_state(rnd) % 8) {
	case 0:
		return 0;
	case 1:
		return size;
	case 2:
		return size + (prandom_u32_state(rnd) % 64);
	case 3:
		return 0xffffffff - (prandom_u32_state(rnd) % 64);
	case 4:
		return 0x80000000;
	case 5:
		return prandom_u32_state(rnd);
	default:
		return prandom_u32_state(rnd) % size;	/* plausible */
	}
}

/**
 * sim_fuzz() - @count random mutations of remote-controlled fields
 * @edge: edge, locked
 * @seed: the same seed gives the same mutations
 * @count: number of mutations
 *
 * Each mutation writes one field of a random channel's remote half, its
 * ring or a packet header, and interrupts APPS.  Every 64 mutations, and at
 * the end, the touched channels are healed (reset and reopened) so that
 * both sides can converge again.
 *
 * Return: 0, or -ENOENT without channels.
 */
int sim_fuzz(struct sim_edge *edge, u32 seed, u32 count)
{
	struct sim_chan *ch, **chans;
	struct rnd_state rnd;
	u32 i, n = 0, size, val;
	struct sim_pkt_hdr hdr;
	enum sim_flag f;

	list_for_each_entry(ch, &edge->chans, node)
		n++;
	if (!n)
		return -ENOENT;
	chans = kcalloc(n, sizeof(*chans), GFP_KERNEL);
	if (!chans)
		return -ENOMEM;
	n = 0;
	list_for_each_entry(ch, &edge->chans, node)
		chans[n++] = ch;

	prandom_seed_state(&rnd, seed);
	for (i = 0; i < count; i++) {
		ch = chans[prandom_u32_state(&rnd) % n];
		size = ch->fifo_size;
		val = sim_fuzz_value(&rnd, size);
		ch->faults++;
		switch (prandom_u32_state(&rnd) % 7) {
		case 0:
			sim_put_state(ch, true, val % 3 ? val % 8 : val);
			break;
		case 1:
			sim_put_head(ch, true, val);
			break;
		case 2:
			sim_put_tail(ch, true, val);
			break;
		case 3:
			sim_put_tail(ch, false, val);
			break;
		case 4:
			f = prandom_u32_state(&rnd) % SIM_FLAGS;
			sim_put_flag(ch, true, f, val);
			break;
		case 5:
			/* A header with a random length at our head. */
			hdr = (struct sim_pkt_hdr){ .len = cpu_to_le32(val) };
			val = sim_get_head(ch, true);
			if (val < size) {
				sim_ring_write(ch, val, &hdr, sizeof(hdr));
				/* Ring bytes before the head that covers them. */
				wmb();
				sim_put_head(ch, true, sim_ring_wrap(val, sizeof(hdr), size));
			}
			break;
		default:
			/* Random bytes in our ring. */
			val = prandom_u32_state(&rnd) % size;
			sim_ring_write(ch, val, &hdr, min_t(u32, sizeof(hdr), size - val));
			break;
		}
		sim_put_flag(ch, true, SIM_F_DATA_WRITTEN, 1);
		sim_put_flag(ch, true, SIM_F_STATE_UPDATED, 1);
		sim_ipc_raise(edge->ipc, edge->irq_hwirq);
		edge->irqs_raised++;
		if (i % 64 == 63 || i + 1 == count) {
			for (val = 0; val < n; val++) {
				sim_reset_own_half(chans[val]);
				chans[val]->open_policy = SIM_OPEN_NORMAL;
			}
			edge->irq_due = true;
			/* Let APPS catch up; the edge lock keeps our worker out. */
			mutex_unlock(&edge->lock);
			usleep_range(200, 400);
			mutex_lock(&edge->lock);
		}
	}
	kfree(chans);
	return 0;
}

#define SIM_FUZZ_BATCH		64
#define SIM_FUZZ_PERIOD_MS	10

/**
 * sim_fuzz_work() - one batch of continuous mutation, then the next
 * @work: the edge's fuzz_work
 *
 * Batch k uses seed + k, so a run is reproducible from its seed.
 */
void sim_fuzz_work(struct work_struct *work)
{
	struct sim_edge *edge = container_of(to_delayed_work(work), struct sim_edge,
					     fuzz_work);
	bool again;

	mutex_lock(&edge->lock);
	again = edge->fuzz_on && !edge->halted;
	if (again && sim_fuzz(edge, edge->fuzz_seed + edge->fuzz_batches, SIM_FUZZ_BATCH))
		again = false;
	if (again)
		edge->fuzz_batches++;
	else
		edge->fuzz_on = false;
	mutex_unlock(&edge->lock);
	if (again)
		schedule_delayed_work(&edge->fuzz_work, msecs_to_jiffies(SIM_FUZZ_PERIOD_MS));
}
