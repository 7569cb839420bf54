// SPDX-License-Identifier: GPL-2.0
/*
 * The remote's access to a channel's info item and rings.
 *
 * Half 0 of the info item is APPS's, half 1 ours.  The APPS->remote ring
 * is the first half of the fifo item, indexed by APPS's half (head written
 * by APPS, tail by us); the remote->APPS ring is the second half, indexed
 * by our half (head written by us, tail by APPS).  Word-variant channels
 * are accessed 32 bits at a time, as their firmware does.
 */
#include <linux/io.h>
#include <linux/minmax.h>
#include <linux/unaligned.h>

#include "sim.h"

static size_t sim_half_size(struct sim_chan *ch)
{
	return ch->word ? sizeof(struct sim_half_word) : sizeof(struct sim_half_byte);
}

/**
 * sim_half() - one half of the channel-info item
 * @ch: channel
 * @remote: true for our half, false for APPS's
 */
void __iomem *sim_half(struct sim_chan *ch, bool remote)
{
	return ch->info + (remote ? sim_half_size(ch) : 0);
}

static size_t sim_off_state(struct sim_chan *ch)
{
	return 0;
}

static size_t sim_off_flag(struct sim_chan *ch, enum sim_flag f)
{
	return ch->word ? offsetof(struct sim_half_word, dsr) + 4 * f :
			  offsetof(struct sim_half_byte, dsr) + f;
}

static size_t sim_off_tail(struct sim_chan *ch)
{
	return ch->word ? offsetof(struct sim_half_word, tail) :
			  offsetof(struct sim_half_byte, tail);
}

static size_t sim_off_head(struct sim_chan *ch)
{
	return ch->word ? offsetof(struct sim_half_word, head) :
			  offsetof(struct sim_half_byte, head);
}

u32 sim_get_state(struct sim_chan *ch, bool remote)
{
	return readl(sim_half(ch, remote) + sim_off_state(ch));
}

void sim_put_state(struct sim_chan *ch, bool remote, u32 state)
{
	writel(state, sim_half(ch, remote) + sim_off_state(ch));
}

u32 sim_get_flag(struct sim_chan *ch, bool remote, enum sim_flag f)
{
	void __iomem *p = sim_half(ch, remote) + sim_off_flag(ch, f);

	return ch->word ? readl(p) : readb(p);
}

void sim_put_flag(struct sim_chan *ch, bool remote, enum sim_flag f, u32 v)
{
	void __iomem *p = sim_half(ch, remote) + sim_off_flag(ch, f);

	if (ch->word)
		writel(v, p);
	else
		writeb(v, p);
}

u32 sim_get_head(struct sim_chan *ch, bool remote)
{
	return readl(sim_half(ch, remote) + sim_off_head(ch));
}

u32 sim_get_tail(struct sim_chan *ch, bool remote)
{
	return readl(sim_half(ch, remote) + sim_off_tail(ch));
}

void sim_put_head(struct sim_chan *ch, bool remote, u32 v)
{
	writel(v, sim_half(ch, remote) + sim_off_head(ch));
}

void sim_put_tail(struct sim_chan *ch, bool remote, u32 v)
{
	writel(v, sim_half(ch, remote) + sim_off_tail(ch));
}

/**
 * sim_ring() - base of one ring
 * @ch: channel
 * @remote_tx: true for the remote->APPS ring, false for APPS->remote
 */
void __iomem *sim_ring(struct sim_chan *ch, bool remote_tx)
{
	return ch->fifo + (remote_tx ? ch->fifo_size : 0);
}

u32 sim_ring_used(u32 head, u32 tail, u32 size)
{
	return head >= tail ? head - tail : head + size - tail;
}

/* Index @len bytes after @idx; works for any ring size. */
u32 sim_ring_wrap(u32 idx, u32 len, u32 size)
{
	idx += len;
	while (idx >= size)
		idx -= size;
	return idx;
}

static void sim_copy_from(struct sim_chan *ch, void __iomem *src, u8 *dst, u32 len)
{
	u32 i;

	if (ch->word && IS_ALIGNED((unsigned long)src, 4) && IS_ALIGNED(len, 4)) {
		for (i = 0; i < len; i += 4)
			put_unaligned_le32(readl(src + i), dst + i);
		return;
	}
	memcpy_fromio(dst, src, len);
}

static void sim_copy_to(struct sim_chan *ch, void __iomem *dst, const u8 *src, u32 len)
{
	u32 i;

	if (ch->word && IS_ALIGNED((unsigned long)dst, 4) && IS_ALIGNED(len, 4)) {
		for (i = 0; i < len; i += 4)
			writel(get_unaligned_le32(src + i), dst + i);
		return;
	}
	memcpy_toio(dst, src, len);
}

/**
 * sim_ring_read() - copy out of the APPS->remote ring, across the wrap
 * @ch: channel
 * @off: ring offset, < fifo_size
 * @dst: destination
 * @len: bytes, <= fifo_size
 */
void sim_ring_read(struct sim_chan *ch, u32 off, void *dst, u32 len)
{
	void __iomem *ring = sim_ring(ch, false);
	u32 first = min(len, ch->fifo_size - off);

	sim_copy_from(ch, ring + off, dst, first);
	if (first < len)
		sim_copy_from(ch, ring, (u8 *)dst + first, len - first);
}

/**
 * sim_ring_write() - copy into the remote->APPS ring, across the wrap
 * @ch: channel
 * @off: ring offset, < fifo_size
 * @src: source
 * @len: bytes, <= fifo_size
 */
void sim_ring_write(struct sim_chan *ch, u32 off, const void *src, u32 len)
{
	void __iomem *ring = sim_ring(ch, true);
	u32 first = min(len, ch->fifo_size - off);

	sim_copy_to(ch, ring + off, src, first);
	if (first < len)
		sim_copy_to(ch, ring, (const u8 *)src + first, len - first);
}

/*
 * APPS's indices of the APPS->remote ring.  Nonsense from APPS is counted
 * and treated as "nothing to read": the simulator must not crash either.
 */
static bool sim_rx_indices(struct sim_chan *ch, u32 *head, u32 *tail)
{
	*head = sim_get_head(ch, false);
	*tail = sim_get_tail(ch, false);
	if (*head >= ch->fifo_size || *tail >= ch->fifo_size) {
		ch->apps_errors++;
		return false;
	}
	return true;
}

/**
 * sim_rx_peek() - is a whole packet waiting in the APPS->remote ring?
 * @ch: channel
 * @len: payload length of that packet (packet mode) or bytes waiting (stream)
 *
 * Return: 1 when a packet is complete, 0 when not (yet), -EIO when APPS's
 * header or indices are impossible.
 */
int sim_rx_peek(struct sim_chan *ch, u32 *len)
{
	struct sim_pkt_hdr hdr;
	u32 head, tail, used;

	if (!sim_rx_indices(ch, &head, &tail))
		return -EIO;
	used = sim_ring_used(head, tail, ch->fifo_size);
	if (ch->stream) {
		*len = used;
		return used ? 1 : 0;
	}
	if (used < SIM_PKT_HDR_LEN)
		return 0;
	sim_ring_read(ch, tail, &hdr, sizeof(hdr));
	*len = le32_to_cpu(hdr.len);
	if (*len > ch->fifo_size - SIM_PKT_HDR_LEN) {
		ch->apps_errors++;
		return -EIO;
	}
	return used >= SIM_PKT_HDR_LEN + *len ? 1 : 0;
}

/**
 * sim_rx_take() - copy the waiting packet into ch->buf and consume it
 * @ch: channel
 * @len: what sim_rx_peek() returned
 *
 * Sets our "data read" flag, as firmware readers do in their own half.
 */
void sim_rx_take(struct sim_chan *ch, u32 len)
{
	u32 tail = sim_get_tail(ch, false);
	u32 hdr = ch->stream ? 0 : SIM_PKT_HDR_LEN;

	sim_ring_read(ch, sim_ring_wrap(tail, hdr, ch->fifo_size), ch->buf, len);
	/* Data copied out before the space is handed back. */
	mb();
	sim_put_tail(ch, false, sim_ring_wrap(tail, hdr + len, ch->fifo_size));
	sim_put_flag(ch, true, SIM_F_DATA_READ, 1);
	ch->rx_pkts++;
	ch->rx_bytes += len;
}

/**
 * sim_tx_room() - bytes we may write into the remote->APPS ring
 * @ch: channel
 *
 * Return: free bytes, keeping the firmware's reserve; 0 when APPS's tail
 * is out of range (counted).
 */
u32 sim_tx_room(struct sim_chan *ch)
{
	u32 head = sim_get_head(ch, true), tail = sim_get_tail(ch, true);
	u32 used;

	if (head >= ch->fifo_size || tail >= ch->fifo_size) {
		ch->apps_errors++;
		return 0;
	}
	used = sim_ring_used(head, tail, ch->fifo_size);
	return ch->fifo_size - SIM_RING_RESERVE - used;
}

/**
 * sim_tx_packet() - write one packet (header + @len bytes) towards APPS
 * @ch: channel, which must be OPENED on both sides
 * @data: payload
 * @len: payload length
 *
 * On a full ring, asks APPS to interrupt us once it has read (clears our
 * mask_recv_intr) and returns -EAGAIN; the next doorbell retries.
 *
 * Return: 0, -EAGAIN, or -EMSGSIZE for a packet that can never fit.
 */
int sim_tx_packet(struct sim_chan *ch, const void *data, u32 len)
{
	u32 hdr_len = ch->stream ? 0 : SIM_PKT_HDR_LEN;
	struct sim_pkt_hdr hdr = { .len = cpu_to_le32(len) };
	u32 head;

	if (hdr_len + len > ch->fifo_size - SIM_RING_RESERVE)
		return -EMSGSIZE;
	if (sim_tx_room(ch) < hdr_len + len) {
		sim_put_flag(ch, true, SIM_F_MASK_RECV_INTR, 0);
		/*
		 * APPS may have read between our look and the asking, and seen
		 * the flag still set: look once more, or wait for a doorbell
		 * that never comes.
		 */
		mb();
		if (sim_tx_room(ch) < hdr_len + len)
			return -EAGAIN;
	}
	sim_put_flag(ch, true, SIM_F_MASK_RECV_INTR, 1);

	head = sim_get_head(ch, true);
	if (hdr_len)
		sim_ring_write(ch, head, &hdr, hdr_len);
	sim_ring_write(ch, sim_ring_wrap(head, hdr_len, ch->fifo_size), data, len);
	/* The bytes are in the ring before the head says so. */
	wmb();
	sim_put_head(ch, true, sim_ring_wrap(head, hdr_len + len, ch->fifo_size));
	sim_put_flag(ch, true, SIM_F_DATA_WRITTEN, 1);
	ch->tx_pkts++;
	ch->tx_bytes += len;
	ch->edge->irq_due = true;
	return 0;
}

/**
 * sim_reset_own_half() - what a (re)starting remote does to its half
 * @ch: channel
 *
 * State CLOSED, signals and flags cleared, both rings back to offset 0
 * (what APPS had queued for us is dropped; APPS restarts at 0 when it
 * closes).
 */
void sim_reset_own_half(struct sim_chan *ch)
{
	enum sim_flag f;

	sim_put_state(ch, true, SIM_CLOSED);
	for (f = 0; f < SIM_FLAGS; f++)
		sim_put_flag(ch, true, f, 0);
	sim_put_flag(ch, true, SIM_F_MASK_RECV_INTR, 1);
	sim_put_flag(ch, true, SIM_F_STATE_UPDATED, 1);
	sim_put_head(ch, true, 0);
	sim_put_tail(ch, false, 0);
	ch->state = SIM_CLOSED;
}
