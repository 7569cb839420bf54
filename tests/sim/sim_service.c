// SPDX-License-Identifier: GPL-2.0
/*
 * What the simulated remote does with an open channel.
 *
 *   echo     send every packet back as it came (backpressure: a packet is
 *            only taken from the ring when its answer fits)
 *   sink     take packets, check sequence number and CRC32 (below), count
 *   source   send N packets of S bytes carrying sequence number and CRC32,
 *            as fast as the ring allows
 *   sigecho  mirror APPS's signals into ours; data is echoed
 *   stream   a stream-mode channel (no packet header): bytes echoed back
 *   idle     allocated, never opened
 *   rpm      the RPM's request service (sim_rpm.c)
 *   qrtr     a QRTR node that echoes datagrams (sim_qrtr.c)
 *   wcnss    WCNSS_CTRL: version and NV download (sim_wcnss.c)
 *   hci      the Bluetooth controller's HCI commands (sim_wcnss.c)
 *
 * Integrity payload (sink and source), little endian:
 *   bytes 0..3  sequence number, from 0
 *   bytes 4..7  CRC32 (IEEE 802.3, as zlib's crc32()) of bytes 8..len-1
 *   bytes 8..   (seq + i) * 7 + 1 for byte i of the data, truncated to 8 bits
 * Packets shorter than 8 bytes carry no check and are only counted.
 */
#include <linux/delay.h>
#include <linux/crc32.h>
#include <linux/device.h>
#include <linux/moduleparam.h>
#include <linux/string.h>
#include <linux/unaligned.h>

#include "sim.h"

#define SIM_BUDGET	64	/* packets per channel per pass */
#define SIM_CHECK_LEN	8

static u32 sim_crc(const u8 *p, u32 len)
{
	return ~crc32_le(~0U, p, len);
}

/**
 * sim_fill_payload() - write an integrity payload
 * @buf: destination, @len bytes
 * @len: payload length
 * @seq: sequence number
 */
void sim_fill_payload(u8 *buf, u32 len, u32 seq)
{
	u32 i;

	if (len < SIM_CHECK_LEN) {
		memset(buf, seq, len);
		return;
	}
	for (i = 0; i < len - SIM_CHECK_LEN; i++)
		buf[SIM_CHECK_LEN + i] = (seq + i) * 7 + 1;
	put_unaligned_le32(seq, buf);
	put_unaligned_le32(sim_crc(buf + SIM_CHECK_LEN, len - SIM_CHECK_LEN), buf + 4);
}

/**
 * sim_sink_check() - check one integrity packet, count it in @s
 * @s: the sink's statistics
 * @buf: packet
 * @len: its length
 */
void sim_sink_check(struct sim_sink_stats *s, const u8 *buf, u32 len)
{
	const char *why = NULL;
	u32 seq;

	if (len < SIM_CHECK_LEN) {
		s->short_pkts++;
		return;
	}
	seq = get_unaligned_le32(buf);
	if (seq != s->next_seq)
		why = "sequence";
	else if (get_unaligned_le32(buf + 4) !=
		 sim_crc(buf + SIM_CHECK_LEN, len - SIM_CHECK_LEN))
		why = "crc";
	if (why && !s->mismatch) {
		s->mismatch = true;
		s->first_bad_seq = seq;
		s->first_bad_pkt = s->ok + s->bad;
		strscpy(s->first_bad_why, why, sizeof(s->first_bad_why));
	}
	if (why)
		s->bad++;
	else
		s->ok++;
	s->next_seq = seq + 1;
}

/**
 * sim_source_arm() - queue @count integrity packets of @size bytes
 * @ch: channel, edge locked
 * @count: packets
 * @size: payload bytes (rounded up to 4 on word channels)
 */
void sim_source_arm(struct sim_chan *ch, u64 count, u32 size)
{
	if (ch->word)
		size = ALIGN(size, 4);
	ch->src_remaining = count;
	ch->src_size = size;
}

/*
 * Strict firmware: modem firmware in the field dies on a packet header with
 * length 0 from APPS (and does not recover). With strict set, so does the
 * simulated remote: the edge halts, as after a crash, and the event is
 * counted. Writable at run time (/sys/module/smd_sim/parameters/strict).
 */
static bool strict = true;
module_param(strict, bool, 0644);
MODULE_PARM_DESC(strict, "a zero-length packet from APPS halts the remote (default on)");

/* Take packets from APPS; echo them back when @echo. Returns packets taken. */
static u32 sim_drain(struct sim_chan *ch, bool echo, bool check)
{
	u32 len, taken = 0;
	int ret;

	while (taken < SIM_BUDGET && !ch->stalled) {
		ret = sim_rx_peek(ch, &len);
		if (ret <= 0)
			break;
		if (!len && !ch->stream && strict) {
			dev_err(ch->edge->dev, "%s: %s: invalid packet size 0 from APPS: remote halted\n",
				ch->edge->name, ch->name);
			ch->edge->fatal_errors++;
			sim_edge_crash(ch->edge);
			break;
		}
		if (echo && sim_tx_room(ch) < len + (ch->stream ? 0 : SIM_PKT_HDR_LEN)) {
			/* Leave it in the ring until the answer fits. */
			sim_put_flag(ch, true, SIM_F_MASK_RECV_INTR, 0);
			/* A read by APPS meanwhile rang no doorbell: look again. */
			mb();
			if (sim_tx_room(ch) < len + (ch->stream ? 0 : SIM_PKT_HDR_LEN))
				break;
		}
		sim_rx_take(ch, len);
		taken++;
		if (!len)
			continue;	/* zero-length packets are dropped */
		if (check)
			sim_sink_check(&ch->sink, ch->buf, len);
		if (echo)
			sim_tx_packet(ch, ch->buf, len);
	}
	if (taken == SIM_BUDGET)
		ch->edge->more_work = true;
	return taken;
}

static void sim_source_run(struct sim_chan *ch)
{
	u32 sent = 0;

	while (ch->src_remaining && sent < SIM_BUDGET) {
		sim_fill_payload(ch->buf, ch->src_size, ch->src_seq);
		if (sim_tx_packet(ch, ch->buf, ch->src_size))
			return;		/* full: APPS interrupts us after reading */
		ch->src_seq++;
		ch->src_remaining--;
		sent++;
	}
	if (ch->src_remaining)
		ch->edge->more_work = true;
}

static void sim_sigecho_run(struct sim_chan *ch)
{
	bool changed = false;
	enum sim_flag f;
	u32 v;

	for (f = SIM_F_DSR; f <= SIM_F_RI; f++) {
		v = !!sim_get_flag(ch, false, f);
		if (v != ch->apps_signals_seen[f]) {
			ch->apps_signals_seen[f] = v;
			changed = true;
		}
	}
	if (!changed)
		return;
	for (f = SIM_F_DSR; f <= SIM_F_RI; f++)
		sim_put_flag(ch, true, f, ch->apps_signals_seen[f]);
	sim_put_flag(ch, true, SIM_F_STATE_UPDATED, 1);
	ch->edge->irq_due = true;
}

/**
 * sim_service_run() - one pass of @ch's service
 * @ch: channel OPENED on both sides, edge locked
 *
 * After taking data, interrupts APPS only if APPS asked to hear about
 * reads (its mask_recv_intr is 0), as firmware readers do.
 */
void sim_service_run(struct sim_chan *ch)
{
	u32 taken = 0;

	switch (ch->svc) {
	case SIM_SVC_ECHO:
	case SIM_SVC_STREAM:
		taken = sim_drain(ch, true, false);
		break;
	case SIM_SVC_SINK:
		taken = sim_drain(ch, false, true);
		break;
	case SIM_SVC_SOURCE:
		taken = sim_drain(ch, false, false);
		sim_source_run(ch);
		break;
	case SIM_SVC_SIGECHO:
		sim_sigecho_run(ch);
		taken = sim_drain(ch, true, false);
		break;
	case SIM_SVC_RACER:
		/* Asked to interrupt after reading: read now, like a sink. */
		if (!sim_get_flag(ch, false, SIM_F_MASK_RECV_INTR))
			taken = sim_drain(ch, false, true);
		break;
	case SIM_SVC_RPM:
		taken = sim_rpm_run(ch);
		break;
	case SIM_SVC_QRTR:
		taken = sim_qrtr_run(ch);
		break;
	case SIM_SVC_WCNSS:
		taken = sim_wcnss_run(ch);
		break;
	case SIM_SVC_HCI:
		taken = sim_hci_run(ch);
		break;
	case SIM_SVC_IDLE:
	case SIM_SVC_COUNT:
		break;
	}
	if (taken && !ch->quiet_reads && !sim_get_flag(ch, false, SIM_F_MASK_RECV_INTR))
		ch->edge->irq_due = true;
}

/**
 * sim_service_idle() - @ch has no session this pass (closed on either side)
 * @ch: channel, edge locked
 *
 * A service that keeps per-session state forgets it here, so that the
 * next session starts afresh (QRTR: HELLO and the announcements again).
 */
void sim_service_idle(struct sim_chan *ch)
{
	if (ch->svc == SIM_SVC_QRTR)
		sim_qrtr_down(ch);
}

/**
 * sim_racer_start() - start the racer loop of @edge unless it runs
 * @edge: edge, locked
 *
 * A racer channel is a sink that reads at the worst moment for a writer
 * that polls: it looks at the ring without pause and, while APPS has not
 * asked for read interrupts (its mask_recv_intr is 1), empties it as soon
 * as another packet like the first one waiting would not fit, with no
 * interrupt (none was asked for).  A writer
 * that finds the ring full and then asks, without looking at the room
 * again, misses that read and sleeps.  Once APPS asks, the racer reads and
 * interrupts, as a sink does.  The loop runs while a racer channel is
 * wanted open.
 */
void sim_racer_start(struct sim_edge *edge)
{
	if (!edge->racer_on) {
		edge->racer_on = true;
		queue_delayed_work(system_unbound_wq, &edge->racer_work, 0);
	}
}

/*
 * Whether APPS, writing packets like the first one waiting, finds the ring
 * full; or whether its head has not moved for two ticks (the last packets
 * of a burst: a remote reads them in the end).
 */
static bool sim_racer_due(struct sim_chan *ch)
{
	u32 head = sim_get_head(ch, false), tail = sim_get_tail(ch, false);
	u32 used, len;

	if (head >= ch->fifo_size || tail >= ch->fifo_size || sim_rx_peek(ch, &len) <= 0)
		return false;
	if (head != ch->racer_head) {
		ch->racer_head = head;
		ch->racer_since = jiffies;
	}
	used = sim_ring_used(head, tail, ch->fifo_size);
	return ch->fifo_size - SIM_RING_RESERVE - used < SIM_PKT_HDR_LEN + len ||
	       time_after(jiffies, ch->racer_since + 2);
}

/*
 * Take every whole packet waiting (checked as a sink does), handing the
 * space back with one write of our read index at the end, so that the
 * moment the room appears and our look at APPS's fBLOCKREADINTR are as
 * close as they can be.  Packet channels only.  Returns packets taken.
 */
static u32 sim_racer_drain(struct sim_chan *ch)
{
	u32 head = sim_get_head(ch, false), tail = sim_get_tail(ch, false);
	struct sim_pkt_hdr hdr;
	u32 used, len, n = 0;

	if (ch->stream || head >= ch->fifo_size || tail >= ch->fifo_size)
		return 0;
	used = sim_ring_used(head, tail, ch->fifo_size);
	while (used >= SIM_PKT_HDR_LEN) {
		sim_ring_read(ch, tail, &hdr, sizeof(hdr));
		len = le32_to_cpu(hdr.len);
		if (len > ch->fifo_size - SIM_PKT_HDR_LEN || used < SIM_PKT_HDR_LEN + len)
			break;
		sim_ring_read(ch, sim_ring_wrap(tail, SIM_PKT_HDR_LEN, ch->fifo_size),
			      ch->buf, len);
		sim_sink_check(&ch->sink, ch->buf, len);
		tail = sim_ring_wrap(tail, SIM_PKT_HDR_LEN + len, ch->fifo_size);
		used -= SIM_PKT_HDR_LEN + len;
		ch->rx_pkts++;
		ch->rx_bytes += len;
		n++;
	}
	if (!n)
		return 0;
	/* Data copied out before the space is handed back... */
	mb();
	sim_put_tail(ch, false, tail);
	sim_put_flag(ch, true, SIM_F_DATA_READ, 1);
	/* ...and handed back before APPS's flag is read. */
	mb();
	return n;
}

/**
 * sim_racer_work() - one look at every racer channel of the edge
 * @work: the edge's racer_work
 */
void sim_racer_work(struct work_struct *work)
{
	struct sim_edge *edge = container_of(to_delayed_work(work), struct sim_edge,
					     racer_work);
	struct sim_chan *ch;
	bool again = false;

	mutex_lock(&edge->lock);
	list_for_each_entry(ch, &edge->chans, node) {
		if (ch->svc != SIM_SVC_RACER || !ch->want_open)
			continue;
		again = true;
		if (edge->halted || ch->state != SIM_OPENED)
			continue;
		if (!sim_get_flag(ch, false, SIM_F_MASK_RECV_INTR)) {
			if (sim_drain(ch, false, true)) {
				sim_ipc_raise(edge->ipc, edge->irq_hwirq);
				edge->irqs_raised++;
			}
		} else if (sim_racer_due(ch)) {
			/*
			 * Read a little later each time (0-149 us), to meet
			 * the writer at every point of its way from the full
			 * ring to its poll; then interrupt only if asked by
			 * now, as a firmware reader checks after reading.
			 */
			udelay(ch->racer_delay);
			ch->racer_delay = (ch->racer_delay + 7) % 150;
			if (sim_racer_drain(ch) &&
			    !sim_get_flag(ch, false, SIM_F_MASK_RECV_INTR)) {
				sim_ipc_raise(edge->ipc, edge->irq_hwirq);
				edge->irqs_raised++;
			}
		}
	}
	edge->racer_on = again;
	mutex_unlock(&edge->lock);
	if (again)
		queue_delayed_work(system_unbound_wq, &edge->racer_work, 0);
}
