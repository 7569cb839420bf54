// SPDX-License-Identifier: GPL-2.0
/*
 * The data path: packets in and out of a channel's two rings.
 *
 * We keep private copies of the indices we own (TX head, RX tail) and
 * never read them back from shared memory.  The remote's indices are read
 * once per look and checked before use; a bad one, or an impossible packet
 * length, quarantines the channel.  Received packets are copied out of the
 * ring, a batch at a time, into the channel's staging area (one copy, two
 * when the packet wraps) so that the client never sees memory the remote
 * can still change, and their space goes back to the remote before the
 * client sees them; sent packets are copied straight from the caller's
 * buffer into the ring.
 */
#include <linux/io.h>
#include <linux/jiffies.h>
#include <linux/poll.h>
#include <linux/sched/signal.h>
#include <linux/unaligned.h>

#include "rpmsg_internal.h"
#include "smd_internal.h"

#define SMD_RX_BUDGET		64		/* packets per channel per look */
#define SMD_SEND_TIMEOUT	(15 * HZ)
#define SMD_SEND_POLL		(HZ / 50)	/* fallback re-check of the room */

static void smd_io_read(struct smd_channel *ch, const void __iomem *src,
			void *dst, u32 len)
{
	u32 i;

	if (ch->word && IS_ALIGNED(len, 4)) {
		for (i = 0; i < len; i += 4)
			put_unaligned_le32(readl(src + i), dst + i);
		return;
	}
	memcpy_fromio(dst, src, len);
}

static void smd_io_write(struct smd_channel *ch, void __iomem *dst,
			 const void *src, u32 len)
{
	u32 i;

	if (ch->word && IS_ALIGNED(len, 4)) {
		for (i = 0; i < len; i += 4)
			writel(get_unaligned_le32(src + i), dst + i);
		return;
	}
	memcpy_toio(dst, src, len);
}

/* Copy @len bytes at ring offset @off out of the RX ring, across the wrap. */
static void smd_rx_copy(struct smd_channel *ch, u32 off, void *dst, u32 len)
{
	u32 first = smd_ring_span(off, len, ch->fifo_size);

	smd_io_read(ch, ch->rx_fifo + off, dst, first);
	if (first < len)
		smd_io_read(ch, ch->rx_fifo, dst + first, len - first);
}

static void smd_tx_copy(struct smd_channel *ch, u32 off, const void *src, u32 len)
{
	u32 first = smd_ring_span(off, len, ch->fifo_size);

	smd_io_write(ch, ch->tx_fifo + off, src, first);
	if (first < len)
		smd_io_write(ch, ch->tx_fifo, src + first, len - first);
}

/*
 * The staging area (ch->stage) holds the packets taken out of the ring
 * and not yet delivered, one record each: its length, then the payload at
 * an 8-byte boundary.  A record never takes more room than its packet took
 * in the ring (a 20-byte header), so whatever the ring held fits, and the
 * stream channel's single record fits in the SMD_STAGE_SLACK bytes added.
 */
#define SMD_REC_HDR		8
#define SMD_REC_LEN(len)	(SMD_REC_HDR + ALIGN(len, SMD_REC_HDR))

/**
 * smd_stage_size() - bytes of staging area for a ring of @fifo_size bytes
 * @fifo_size: ring size
 */
size_t smd_stage_size(u32 fifo_size)
{
	return (size_t)fifo_size + SMD_REC_LEN(0);
}

/* Append a record of @len bytes read from ring offset @off; ch->lock held. */
static void smd_stage_put(struct smd_channel *ch, u32 off, u32 len)
{
	void *rec = ch->stage + ch->staged_len;

	*(u32 *)rec = len;
	smd_rx_copy(ch, off, rec + SMD_REC_HDR, len);
	ch->staged_len += SMD_REC_LEN(len);
}

/*
 * Copy every complete packet the ring holds into the empty staging area,
 * then hand their space back to the remote at once (read index, fTAIL,
 * and the doorbell when the remote asked for one): it refills the ring
 * while the packets are delivered.  Return: the number of packets staged
 * (zero-length ones included), -EAGAIN when there is none or the channel
 * cannot deliver now, -EIO when it was quarantined.  ch->lock held.
 */
static int smd_rx_stage(struct smd_channel *ch)
{
	struct smd_pkt_header hdr;
	u32 head, avail, len, tail = ch->rx_tail, taken = 0;
	int n = 0;

	if (!ch->ept_ready || !ch->stage || ch->quarantined ||
	    ch->state != SMD_ST_OPENED || ch->remote_state != SMD_ST_OPENED)
		return -EAGAIN;
	ch->staged_off = 0;
	ch->staged_len = 0;
	smd_clear_remote_flag(ch, SMD_F_HEAD);
	head = smd_remote_head(ch);
	if (!smd_ring_index_valid(head, ch->fifo_size)) {
		smd_quarantine(ch, "RX head", head);
		return -EIO;
	}
	avail = smd_ring_used(head, tail, ch->fifo_size);
	if (ch->stream && avail) {
		smd_stage_put(ch, tail, avail);
		taken = avail;
		tail = head;
		n = 1;
	}
	while (!ch->stream && avail - taken >= SMD_HDR_LEN) {
		smd_rx_copy(ch, tail, &hdr, SMD_HDR_LEN);
		len = le32_to_cpu(hdr.len);
		if (!smd_pkt_len_valid(len, ch->fifo_size, ch->word)) {
			/* Its reset empties the staging area. */
			smd_quarantine(ch, "packet length", len);
			return -EIO;
		}
		if (avail - taken < SMD_HDR_LEN + len)
			break;		/* the rest is still being written */
		smd_stage_put(ch, smd_ring_advance(tail, SMD_HDR_LEN, ch->fifo_size), len);
		taken += SMD_HDR_LEN + len;
		tail = smd_ring_advance(tail, SMD_HDR_LEN + len, ch->fifo_size);
		n++;
	}
	if (!n)
		return -EAGAIN;
	WRITE_ONCE(ch->rx_tail, tail);
	/* Data copied out before the remote may overwrite it. */
	mb();
	smd_write_rx_tail(ch);
	smd_put_flag(ch, SMD_F_TAIL, 1);
	if (!smd_get_flag(ch, true, SMD_F_BLOCKREAD)) {
		/* Index and flag are visible before the doorbell. */
		wmb();
		ch->stats.kicks++;
		smd_kick(ch->edge);
	}
	return n;
}

/**
 * smd_rx_process() - deliver what the remote has written
 * @ch: channel, ch->rx_lock held
 *
 * Packets are taken out of the ring in batches under ch->lock (see
 * smd_rx_stage()) and handed to the endpoint's callback one by one
 * without it (only ch->rx_lock held), so that the callback may sleep and
 * call back into the transport while the interrupt thread goes on
 * following the channel's state.  Stops when the ring holds no complete
 * packet, when the endpoint is not ready (the data stays in the ring, or
 * in the staging area until the session ends) and after %SMD_RX_BUDGET
 * packets.
 *
 * Return: true when the budget ran out with data possibly left.
 */
bool smd_rx_process(struct smd_channel *ch)
{
	struct rpmsg_endpoint *ept;
	void *data;
	u32 n = 0, len;

	lockdep_assert_held(&ch->rx_lock);
	while (n < SMD_RX_BUDGET) {
		mutex_lock(&ch->lock);
		if (!ch->ept_ready ||
		    (ch->staged_off == ch->staged_len && smd_rx_stage(ch) < 0)) {
			mutex_unlock(&ch->lock);
			return false;
		}
		data = ch->stage + ch->staged_off;
		len = *(u32 *)data;
		data += SMD_REC_HDR;
		ch->staged_off += SMD_REC_LEN(len);
		ch->stats.rx_pkts += len > 0;
		ch->stats.rx_bytes += len;
		ept = &ch->ept->ept;
		mutex_unlock(&ch->lock);
		n++;
		/* Zero-length packets carry nothing. */
		if (!len || !ept->cb)
			continue;
		rpmsg_trace_receive(ept, RPMSG_ADDR_ANY, len);
		if (ept->cb(ept->rpdev, data, len, ept->priv, RPMSG_ADDR_ANY) < 0)
			ch->stats.drops++;
	}
	return true;
}

/*
 * Our fBLOCKREADINTR at 0 asks the remote to interrupt us after each read;
 * at 1 (the default) it need not.  We ask while someone waits for room
 * (a blocked sender, a poll for EPOLLOUT, a close that drains) and stop
 * asking once nobody does.  ch->room_lock orders the two decisions against
 * a waiter that queues itself: a waiter is on ch->tx_wait before it asks.
 */
static void smd_tx_ask_room(struct smd_channel *ch)
{
	unsigned long flags;

	spin_lock_irqsave(&ch->room_lock, flags);
	smd_put_flag(ch, SMD_F_BLOCKREAD, 0);
	WRITE_ONCE(ch->room_asked, true);
	spin_unlock_irqrestore(&ch->room_lock, flags);
	/* Asked before the remote's read index is looked at again. */
	mb();
}

/**
 * smd_tx_room_event() - the remote may have read: wake who waits for room
 * @ch: channel
 *
 * With nobody waiting any more, stop asking for an interrupt after each
 * read (restores fBLOCKREADINTR after a burst of polled writes).
 */
void smd_tx_room_event(struct smd_channel *ch)
{
	unsigned long flags;

	if (wq_has_sleeper(&ch->tx_wait)) {
		wake_up_all(&ch->tx_wait);
		return;
	}
	/* Our own shadow of the flag: no shared-memory read per event. */
	if (!READ_ONCE(ch->room_asked) || READ_ONCE(ch->state) != SMD_ST_OPENED)
		return;
	spin_lock_irqsave(&ch->room_lock, flags);
	if (!wq_has_sleeper(&ch->tx_wait)) {
		smd_put_flag(ch, SMD_F_BLOCKREAD, 1);
		WRITE_ONCE(ch->room_asked, false);
	}
	spin_unlock_irqrestore(&ch->room_lock, flags);
}

/* Room for @need bytes, or a reason to stop waiting. */
static bool smd_tx_ready(struct smd_channel *ch, u32 need)
{
	u32 tail = smd_remote_tail(ch);

	if (READ_ONCE(ch->state) != SMD_ST_OPENED || READ_ONCE(ch->quarantined))
		return true;
	if (!smd_ring_index_valid(tail, ch->fifo_size))
		return true;
	return smd_ring_room(ch->tx_head, tail, ch->fifo_size) >= need;
}

/**
 * smd_tx_send() - write one packet
 * @ch: channel
 * @data: payload
 * @len: payload length, at most smd_mtu()
 * @wait: sleep for room (asking the remote to interrupt us when it reads,
 *	  and re-checking every 20 ms in case it does not)
 *
 * A zero-length packet is never put on the wire: fielded modem firmware
 * treats a packet header with length 0 as fatal.  On a stream channel
 * sending nothing succeeds and writes nothing.
 *
 * Return: 0; -EMSGSIZE above the MTU; -EINVAL for a zero length on a
 * packet channel, or for a word channel and a length that is not a
 * multiple of 4; -EAGAIN when full and !@wait; -EPIPE
 * when the channel is not open; -ETIMEDOUT after 15 s without room;
 * -ERESTARTSYS on a signal; -EIO when the remote's read index is bad (the
 * channel is then quarantined, by the next look at it).  Takes only
 * ch->tx_lock: a client callback may send on any channel.
 */
int smd_tx_send(struct smd_channel *ch, const void *data, u32 len, bool wait)
{
	unsigned long deadline = jiffies + SMD_SEND_TIMEOUT;
	struct smd_pkt_header hdr = { .len = cpu_to_le32(len) };
	u32 need = (ch->stream ? 0 : SMD_HDR_LEN) + len;
	u32 tail = 0;
	long left;
	int ret;

	if (len > smd_mtu(ch->fifo_size))
		return -EMSGSIZE;
	if (!len && !ch->stream)
		return -EINVAL;
	if (!len)
		return READ_ONCE(ch->state) == SMD_ST_OPENED ? 0 : -EPIPE;
	if (ch->word && len % 4)
		return -EINVAL;
	if (mutex_lock_interruptible(&ch->tx_lock))
		return -ERESTARTSYS;
	for (;;) {
		if (READ_ONCE(ch->state) != SMD_ST_OPENED || READ_ONCE(ch->quarantined)) {
			ret = -EPIPE;
			break;
		}
		tail = smd_remote_tail(ch);
		if (!smd_ring_index_valid(tail, ch->fifo_size)) {
			ret = -EIO;
			break;
		}
		if (smd_ring_room(ch->tx_head, tail, ch->fifo_size) >= need) {
			ret = 0;
			break;
		}
		if (!wait) {
			ret = -EAGAIN;
			break;
		}
		if (time_after(jiffies, deadline)) {
			ret = -ETIMEDOUT;
			break;
		}
		/* Every round: an event may have stopped the asking. */
		smd_tx_ask_room(ch);
		left = wait_event_interruptible_timeout(ch->tx_wait,
							smd_tx_ready(ch, need),
							SMD_SEND_POLL);
		if (left < 0) {
			ret = -ERESTARTSYS;
			break;
		}
	}
	if (!ret) {
		if (!ch->stream) {
			smd_tx_copy(ch, ch->tx_head, &hdr, SMD_HDR_LEN);
			ch->tx_head = smd_ring_advance(ch->tx_head, SMD_HDR_LEN, ch->fifo_size);
		}
		smd_tx_copy(ch, ch->tx_head, data, len);
		ch->tx_head = smd_ring_advance(ch->tx_head, len, ch->fifo_size);
		/* The packet is in the ring before the head covers it. */
		wmb();
		smd_write_tx_head(ch);
		smd_put_flag(ch, SMD_F_HEAD, 1);
		/* Head and flag are visible before the doorbell. */
		wmb();
		ch->stats.tx_pkts++;
		ch->stats.tx_bytes += len;
		ch->stats.kicks++;
		smd_kick(ch->edge);
	}
	if (ret == -EIO && !READ_ONCE(ch->tx_tail_bad)) {
		/*
		 * The sender may be a callback holding ch->lock: the next
		 * look at the channel quarantines it.
		 */
		WRITE_ONCE(ch->bad_tx_tail, tail);
		/* The value is visible before the flag that announces it. */
		smp_store_release(&ch->tx_tail_bad, true);
		smd_edge_queue(ch->edge, &ch->edge->poll_work);
	}
	mutex_unlock(&ch->tx_lock);
	return ret;
}

static bool smd_tx_drained(struct smd_channel *ch)
{
	return READ_ONCE(ch->state) != SMD_ST_OPENED || READ_ONCE(ch->quarantined) ||
	       smd_remote_tail(ch) == READ_ONCE(ch->tx_head);
}

/**
 * smd_tx_drain() - wait until the remote has read everything we sent
 * @ch: channel
 * @timeout: jiffies
 *
 * Used on close, so that packets already accepted by send are not dropped
 * by the reset that follows.  Gives up on a signal, a state change or
 * after @timeout.
 */
void smd_tx_drain(struct smd_channel *ch, unsigned long timeout)
{
	unsigned long deadline = jiffies + timeout;

	if (smd_tx_drained(ch))
		return;
	mutex_lock(&ch->tx_lock);
	while (!smd_tx_drained(ch) && time_before(jiffies, deadline)) {
		smd_tx_ask_room(ch);
		if (wait_event_interruptible_timeout(ch->tx_wait, smd_tx_drained(ch),
						     SMD_SEND_POLL) < 0)
			break;
	}
	mutex_unlock(&ch->tx_lock);
}

/**
 * smd_tx_poll() - EPOLLOUT when a packet of at least one byte fits
 * @ch: channel
 *
 * When it does not, asks the remote to interrupt us after it reads, then
 * looks again: a read between the first look and the asking would
 * otherwise raise no interrupt.  The caller is on ch->tx_wait already.
 */
__poll_t smd_tx_poll(struct smd_channel *ch)
{
	bool asked = false;
	u32 tail;

	for (;;) {
		if (READ_ONCE(ch->state) != SMD_ST_OPENED || READ_ONCE(ch->quarantined))
			return EPOLLHUP;
		tail = smd_remote_tail(ch);
		if (!smd_ring_index_valid(tail, ch->fifo_size))
			return EPOLLERR;
		if (smd_ring_room(READ_ONCE(ch->tx_head), tail, ch->fifo_size) > SMD_HDR_LEN)
			return EPOLLOUT | EPOLLWRNORM;
		if (asked)
			return 0;
		smd_tx_ask_room(ch);
		asked = true;
	}
}
