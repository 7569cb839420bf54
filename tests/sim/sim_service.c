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
 *
 * Integrity payload (sink and source), little endian:
 *   bytes 0..3  sequence number, from 0
 *   bytes 4..7  CRC32 (IEEE 802.3, as zlib's crc32()) of bytes 8..len-1
 *   bytes 8..   (seq + i) * 7 + 1 for byte i of the data, truncated to 8 bits
 * Packets shorter than 8 bytes carry no check and are only counted.
 */
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
	case SIM_SVC_IDLE:
	case SIM_SVC_COUNT:
		break;
	}
	if (taken && !sim_get_flag(ch, false, SIM_F_MASK_RECV_INTR))
		ch->edge->irq_due = true;
}
