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
#include <linux/sizes.h>
#include <linux/unaligned.h>
#include <linux/wait.h>
#include <trace/events/rpmsg_smd.h>

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
 * The staging ring (ch->stage, ch->st_size bytes) holds the packets taken
 * out of the shared ring and not yet delivered, one record each: its
 * length, then the payload at an 8-byte boundary; a record of length
 * SMD_REC_WRAP sends the reader back to offset 0.  A record never takes
 * more room than its packet took in the shared ring (a 20-byte header), and
 * the staging ring holds two rings' worth: one batch is staged while the
 * one before is delivered.  ch->rx_spin guards both ends of it.
 */
#define SMD_REC_HDR		8
#define SMD_REC_LEN(len)	(SMD_REC_HDR + ALIGN(len, SMD_REC_HDR))
#define SMD_REC_WRAP		U32_MAX
/* Bytes staged per call, past the first packet: the remote sizes the FIFOs. */
#define SMD_STAGE_MAX		SZ_32K

/**
 * smd_stage_size() - bytes of staging ring for a ring of @fifo_size bytes
 * @fifo_size: ring size
 */
u32 smd_stage_size(u32 fifo_size)
{
	return 2 * SMD_REC_LEN(fifo_size);
}

/* Room for a record of @need bytes at the staging ring's head, or NULL. */
static void *smd_stage_room(struct smd_channel *ch, u32 need)
{
	u32 h, t, size = ch->st_size;

	if (ch->st_head == ch->st_tail) {
		ch->st_head = 0;
		ch->st_tail = 0;
	}
	h = ch->st_head;
	t = ch->st_tail;
	/* The head never catches up with the tail: equal means empty. */
	if (h < t)
		return need < t - h ? ch->stage + h : NULL;
	if (need < size - h || (need == size - h && t))
		return ch->stage + h;
	if (need >= t)
		return NULL;
	if (h < size)
		*(u32 *)(ch->stage + h) = SMD_REC_WRAP;
	ch->st_head = 0;
	return ch->stage;
}

static u32 smd_stage_next(struct smd_channel *ch, u32 off, u32 len)
{
	off += SMD_REC_LEN(len);
	return off == ch->st_size ? 0 : off;
}

/*
 * A bad value from the remote, seen where the channel cannot be
 * quarantined (hard IRQ, or without ch->lock): noted, staging stops, and
 * the next look at the channel quarantines it (smd_channel_event()).
 */
static int smd_rx_bad(struct smd_channel *ch, const char *field, u32 value)
{
	ch->rx_bad_field = field;
	ch->rx_bad_value = value;
	WRITE_ONCE(ch->rx_bad, true);
	return -EIO;
}

/**
 * smd_rx_stage() - move complete packets from the shared ring to staging
 * @ch: channel, ch->rx_spin held (any context, hard IRQ included)
 *
 * Copies every complete packet the ring holds, as far as the staging ring
 * has room, then hands their space back to the remote at once (read index,
 * fTAIL, and the doorbell when the remote asked for one): the remote
 * refills the ring while the packets are delivered.  At most one ring's
 * worth and about SMD_STAGE_MAX bytes of copying per call (interrupts are
 * off): the delivery work stages the rest when the staging ring runs empty.
 *
 * Return: packets staged (zero-length ones included), -EAGAIN when there
 * is none or the channel does not deliver now, -EIO for a bad index or
 * length (noted for quarantine, see smd_rx_bad()).
 */
int smd_rx_stage(struct smd_channel *ch)
{
	u32 head, avail, len, hdr_len = ch->stream ? 0 : SMD_HDR_LEN;
	u32 tail = ch->rx_tail, taken = 0;
	struct smd_pkt_header hdr;
	void *rec;
	int n = 0;

	lockdep_assert_held(&ch->rx_spin);
	if (!ch->ept_ready || !ch->stage || ch->rx_bad || READ_ONCE(ch->quarantined) ||
	    READ_ONCE(ch->state) != SMD_ST_OPENED ||
	    READ_ONCE(ch->remote_state) != SMD_ST_OPENED)
		return -EAGAIN;
	smd_clear_remote_flag(ch, SMD_F_HEAD);
	head = smd_remote_head(ch);
	if (!smd_ring_index_valid(head, ch->fifo_size))
		return smd_rx_bad(ch, "RX head", head);
	avail = smd_ring_used(head, tail, ch->fifo_size);
	/* At least one packet, then no more than SMD_STAGE_MAX bytes. */
	while (avail - taken && avail - taken >= hdr_len && taken < SMD_STAGE_MAX) {
		if (ch->stream) {
			len = avail;
		} else {
			smd_rx_copy(ch, tail, &hdr, SMD_HDR_LEN);
			len = le32_to_cpu(hdr.len);
			if (!smd_pkt_len_valid(len, ch->fifo_size, ch->word))
				return smd_rx_bad(ch, "packet length", len);
			if (avail - taken - SMD_HDR_LEN < len)
				break;		/* the rest is still being written */
		}
		rec = smd_stage_room(ch, SMD_REC_LEN(len));
		if (!rec)
			break;		/* delivered first, then staged */
		trace_rpmsg_smd_rx(ch->edge->name, ch->name, tail, len);
		*(u32 *)rec = len;
		smd_rx_copy(ch, smd_ring_advance(tail, hdr_len, ch->fifo_size),
			    rec + SMD_REC_HDR, len);
		ch->st_head = smd_stage_next(ch, rec - ch->stage, len);
		taken += hdr_len + len;
		tail = smd_ring_advance(tail, hdr_len + len, ch->fifo_size);
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
 * The interrupt stages packets (smd_rx_stage()); this hands them to the
 * endpoint's callback one by one, holding only ch->rx_lock, so that the
 * callback may sleep and call back into the transport while interrupts go
 * on staging and following the channel's state.  Stages itself when the
 * staging ring runs empty.  Stops when nothing is left, when the endpoint
 * is not ready (the data stays where it is until the session ends) and
 * after %SMD_RX_BUDGET packets.
 *
 * Return: true when the budget ran out with data possibly left.
 */
bool smd_rx_process(struct smd_channel *ch)
{
	struct rpmsg_endpoint *ept;
	unsigned long flags;
	u32 n = 0, len, off;
	bool bad = false;
	void *data;

	lockdep_assert_held(&ch->rx_lock);
	while (n < SMD_RX_BUDGET) {
		spin_lock_irqsave(&ch->rx_spin, flags);
		if (ch->ept_ready && ch->st_tail == ch->st_head && smd_rx_stage(ch) == -EIO)
			bad = true;
		if (!ch->ept_ready || ch->st_tail == ch->st_head) {
			spin_unlock_irqrestore(&ch->rx_spin, flags);
			break;
		}
		off = ch->st_tail;
		len = *(u32 *)(ch->stage + off);
		if (len == SMD_REC_WRAP) {
			ch->st_tail = 0;
			spin_unlock_irqrestore(&ch->rx_spin, flags);
			continue;
		}
		data = ch->stage + off + SMD_REC_HDR;
		ch->stats.rx_pkts += len > 0;
		ch->stats.rx_bytes += len;
		/* Stable while ready: only a close or a reopen changes it. */
		ept = &ch->ept->ept;
		spin_unlock_irqrestore(&ch->rx_spin, flags);
		n++;
		/* Zero-length packets carry nothing. */
		if (len && ept->cb) {
			rpmsg_trace_receive(ept, RPMSG_ADDR_ANY, len);
			if (ept->cb(ept->rpdev, data, len, ept->priv, RPMSG_ADDR_ANY) < 0)
				ch->stats.drops++;
		}
		spin_lock_irqsave(&ch->rx_spin, flags);
		/* A quarantine meanwhile emptied the ring: nothing to free. */
		if (ch->ept_ready)
			ch->st_tail = smd_stage_next(ch, off, len);
		spin_unlock_irqrestore(&ch->rx_spin, flags);
	}
	if (bad)
		smd_edge_queue(ch->edge, &ch->edge->poll_work);
	return n == SMD_RX_BUDGET;
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
	DEFINE_WAIT(room);
	u32 tail = 0;
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
		/*
		 * On the wait queue before asking (an interrupt in between
		 * then wakes us instead of withdrawing the request); every
		 * round, as an event may have stopped the asking.
		 */
		prepare_to_wait(&ch->tx_wait, &room, TASK_INTERRUPTIBLE);
		smd_tx_ask_room(ch);
		if (!smd_tx_ready(ch, need) && !signal_pending(current))
			schedule_timeout(SMD_SEND_POLL);
		finish_wait(&ch->tx_wait, &room);
		if (signal_pending(current)) {
			ret = -ERESTARTSYS;
			break;
		}
	}
	if (!ret) {
		trace_rpmsg_smd_tx(ch->edge->name, ch->name, ch->tx_head, len);
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
	DEFINE_WAIT(wait);

	if (smd_tx_drained(ch))
		return;
	mutex_lock(&ch->tx_lock);
	while (!smd_tx_drained(ch) && time_before(jiffies, deadline)) {
		/* As in smd_tx_send(): on the wait queue before asking. */
		prepare_to_wait(&ch->tx_wait, &wait, TASK_INTERRUPTIBLE);
		smd_tx_ask_room(ch);
		if (!smd_tx_drained(ch) && !signal_pending(current))
			schedule_timeout(SMD_SEND_POLL);
		finish_wait(&ch->tx_wait, &wait);
		if (signal_pending(current))
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
