// SPDX-License-Identifier: GPL-2.0
/*
 * SMD channel state: our half of the info item, the open/close handshake,
 * quarantine, and what one interrupt means for one channel.
 */
#include <linux/bits.h>
#include <linux/io.h>
#include <linux/mailbox_client.h>
#include <linux/regmap.h>
#include <linux/slab.h>
#include <linux/termios.h>
#include <trace/events/rpmsg_smd.h>

#include "smd_internal.h"

/* Each phase of the open handshake waits this long for the remote. */
#define SMD_OPEN_TIMEOUT	(5 * HZ)

/**
 * smd_kick() - ring the remote's doorbell for @edge
 * @edge: edge
 */
void smd_kick(struct qcom_smd_edge *edge)
{
	if (edge->mbox_chan) {
		mbox_send_message(edge->mbox_chan, NULL);
		mbox_client_txdone(edge->mbox_chan, 0);
	} else if (edge->ipc_regmap) {
		regmap_write(edge->ipc_regmap, edge->ipc_offset, BIT(edge->ipc_bit));
	}
}

static void __iomem *smd_half(struct smd_channel *ch, bool remote)
{
	return remote ? ch->theirs : ch->ours;
}

static size_t smd_flag_off(struct smd_channel *ch, enum smd_flag f)
{
	return ch->word ? offsetof(struct smd_half_word, flag[f]) :
			  offsetof(struct smd_half_byte, flag[f]);
}

/**
 * smd_get_flag() - read one flag of a half
 * @ch: channel
 * @remote: the remote's half (else ours)
 * @f: flag
 */
u32 smd_get_flag(struct smd_channel *ch, bool remote, enum smd_flag f)
{
	void __iomem *p = smd_half(ch, remote) + smd_flag_off(ch, f);

	return ch->word ? readl(p) : readb(p);
}

/**
 * smd_put_flag() - write one flag of our half
 * @ch: channel
 * @f: flag
 * @v: value (0 or 1)
 */
void smd_put_flag(struct smd_channel *ch, enum smd_flag f, u32 v)
{
	void __iomem *p = ch->ours + smd_flag_off(ch, f);

	if (ch->word)
		writel(v, p);
	else
		writeb(v, p);
}

/**
 * smd_clear_remote_flag() - clear a flag the remote set in its half
 * @ch: channel
 * @f: flag (fHEAD and fSTATE are ours to clear)
 */
void smd_clear_remote_flag(struct smd_channel *ch, enum smd_flag f)
{
	void __iomem *p = ch->theirs + smd_flag_off(ch, f);

	if (ch->word)
		writel(0, p);
	else
		writeb(0, p);
}

/* Offset of the tail (@head false) or head index in a half. */
static size_t smd_index_off(struct smd_channel *ch, bool head)
{
	if (ch->word)
		return head ? offsetof(struct smd_half_word, head) :
			      offsetof(struct smd_half_word, tail);
	return head ? offsetof(struct smd_half_byte, head) :
		      offsetof(struct smd_half_byte, tail);
}

/** smd_remote_head() - the remote's write index into the RX ring (unchecked) */
u32 smd_remote_head(struct smd_channel *ch)
{
	return readl(ch->theirs + smd_index_off(ch, true));
}

/** smd_remote_tail() - the remote's read index into the TX ring (unchecked) */
u32 smd_remote_tail(struct smd_channel *ch)
{
	return readl(ch->ours + smd_index_off(ch, false));
}

/** smd_write_rx_tail() - publish our read index of the RX ring */
void smd_write_rx_tail(struct smd_channel *ch)
{
	writel(ch->rx_tail, ch->theirs + smd_index_off(ch, false));
}

/** smd_write_tx_head() - publish our write index of the TX ring */
void smd_write_tx_head(struct smd_channel *ch)
{
	writel(ch->tx_head, ch->ours + smd_index_off(ch, true));
}

/**
 * smd_set_state() - write our state, signals to match, and tell the remote
 * @ch: channel, ch->lock held
 * @state: new state
 *
 * DSR, CTS and CD are asserted exactly while OPENED.
 */
void smd_set_state(struct smd_channel *ch, u32 state)
{
	bool open = state == SMD_ST_OPENED;

	lockdep_assert_held(&ch->lock);
	mutex_lock(&ch->sig_lock);
	smd_put_flag(ch, SMD_F_DSR, open);
	smd_put_flag(ch, SMD_F_CTS, open);
	smd_put_flag(ch, SMD_F_CD, open);
	if (!open)
		smd_put_flag(ch, SMD_F_RI, 0);
	writel(state, ch->ours);
	smd_put_flag(ch, SMD_F_STATE, 1);
	/* State and signals are visible before the doorbell. */
	wmb();
	trace_rpmsg_smd_state(ch->edge->name, ch->name, false, ch->state, state);
	WRITE_ONCE(ch->state, state);
	mutex_unlock(&ch->sig_lock);
	ch->stats.kicks++;
	smd_kick(ch->edge);
	wake_up_all(&ch->tx_wait);
}

/**
 * smd_channel_reset() - our half back to CLOSED with empty rings
 * @ch: channel, ch->lock held
 *
 * Our write index and our read index of the remote's ring restart at 0,
 * the agreed starting point of both sides after a close.  No doorbell:
 * the state change that follows (or precedes) a reset rings it.
 */
void smd_channel_reset(struct smd_channel *ch)
{
	unsigned long flags;
	enum smd_flag f;

	lockdep_assert_held(&ch->lock);
	mutex_lock(&ch->tx_lock);
	mutex_lock(&ch->sig_lock);
	writel(SMD_ST_CLOSED, ch->ours);
	for (f = 0; f < SMD_F_COUNT; f++)
		smd_put_flag(ch, f, 0);
	spin_lock_irqsave(&ch->room_lock, flags);
	smd_put_flag(ch, SMD_F_BLOCKREAD, 1);
	WRITE_ONCE(ch->room_asked, false);
	spin_unlock_irqrestore(&ch->room_lock, flags);
	smd_put_flag(ch, SMD_F_STATE, 1);
	if (ch->state != SMD_ST_CLOSED)
		trace_rpmsg_smd_state(ch->edge->name, ch->name, false, ch->state,
				      SMD_ST_CLOSED);
	WRITE_ONCE(ch->state, SMD_ST_CLOSED);
	mutex_unlock(&ch->sig_lock);
	ch->tx_head = 0;
	smd_write_tx_head(ch);
	WRITE_ONCE(ch->tx_tail_bad, false);
	mutex_unlock(&ch->tx_lock);
	spin_lock_irqsave(&ch->rx_spin, flags);
	WRITE_ONCE(ch->rx_tail, 0);
	smd_write_rx_tail(ch);
	/* What was staged belongs to the session that ends. */
	ch->st_head = 0;
	ch->st_tail = 0;
	WRITE_ONCE(ch->rx_bad, false);
	spin_unlock_irqrestore(&ch->rx_spin, flags);
}

/**
 * smd_set_ready() - let the endpoint get data, or stop it
 * @ch: channel
 * @ready: new value of ch->ept_ready
 *
 * Under ch->rx_spin: once it is clear, no interrupt stages anything more.
 */
void smd_set_ready(struct smd_channel *ch, bool ready)
{
	unsigned long flags;

	spin_lock_irqsave(&ch->rx_spin, flags);
	WRITE_ONCE(ch->ept_ready, ready);
	spin_unlock_irqrestore(&ch->rx_spin, flags);
}

/**
 * smd_quarantine() - stop using a channel the remote sent nonsense on
 * @ch: channel, ch->lock held
 * @field: what was wrong, for the log
 * @value: the value read
 *
 * Our half goes CLOSED and is reset, senders are woken (-EPIPE), the
 * rpmsg device is removed.  The channel is usable again once the remote
 * has left OPENED (it saw our reset) and opens again.
 */
void smd_quarantine(struct smd_channel *ch, const char *field, u32 value)
{
	struct qcom_smd_edge *edge = ch->edge;

	lockdep_assert_held(&ch->lock);
	ch->stats.bad_values++;
	if (ch->quarantined)
		return;
	dev_err_ratelimited(&edge->dev, "%s: %s: bad %s %#x from the remote, channel quarantined\n",
			    edge->name, ch->name, field, value);
	trace_rpmsg_smd_quarantine(edge->name, ch->name, field, value);
	WRITE_ONCE(ch->quarantined, true);
	smd_set_ready(ch, false);
	smd_set_state(ch, SMD_ST_CLOSED);
	smd_channel_reset(ch);
	wake_up_all(&ch->state_wait);
	smd_edge_queue(edge, &ch->dev_work);
}

static u8 smd_read_signals(struct smd_channel *ch)
{
	u8 sig = 0;
	enum smd_flag f;

	for (f = SMD_F_DSR; f <= SMD_F_RI; f++)
		if (smd_get_flag(ch, true, f))
			sig |= BIT(f);
	return sig;
}

static bool smd_remote_reached(struct smd_channel *ch, bool opened)
{
	u32 rs = READ_ONCE(ch->remote_state);

	/* A quarantine or a teardown ends the wait (and the open). */
	if (READ_ONCE(ch->quarantined) || READ_ONCE(ch->edge->removing))
		return true;
	return opened ? rs == SMD_ST_OPENED : smd_state_is_open(rs);
}

/**
 * smd_channel_open() - the open handshake, for endpoint @sept
 * @ch: a CLOSED channel
 * @sept: endpoint that will own the channel
 * @ready: deliver data at once (else after announce_create)
 *
 * Return: 0; -EBUSY when the channel has an endpoint; -EIO when it is
 * quarantined; -ETIMEDOUT when the remote does not answer; -ENODEV when
 * the edge is torn down meanwhile; -ERESTARTSYS on a signal; -ENOMEM.
 */
int smd_channel_open(struct smd_channel *ch, struct smd_endpoint *sept, bool ready)
{
	long left;
	int ret;

	mutex_lock(&ch->lock);
	if (ch->ept || ch->state != SMD_ST_CLOSED) {
		ret = -EBUSY;
		goto unlock;
	}
	if (ch->quarantined) {
		ret = -EIO;
		goto unlock;
	}
	ch->st_size = smd_stage_size(ch->fifo_size);
	ch->stage = kvmalloc(ch->st_size, GFP_KERNEL);
	if (!ch->stage) {
		ret = -ENOMEM;
		goto unlock;
	}
	ch->ept = sept;
	smd_set_ready(ch, false);
	smd_channel_reset(ch);
	smd_set_state(ch, SMD_ST_OPENING);
	mutex_unlock(&ch->lock);

	left = wait_event_interruptible_timeout(ch->state_wait,
						smd_remote_reached(ch, false),
						SMD_OPEN_TIMEOUT);
	mutex_lock(&ch->lock);
	if (left <= 0 || ch->quarantined || READ_ONCE(ch->edge->removing))
		goto fail;
	smd_set_state(ch, SMD_ST_OPENED);
	mutex_unlock(&ch->lock);

	left = wait_event_interruptible_timeout(ch->state_wait,
						smd_remote_reached(ch, true),
						SMD_OPEN_TIMEOUT);
	mutex_lock(&ch->lock);
	if (left <= 0 || ch->quarantined || READ_ONCE(ch->edge->removing))
		goto fail;
	smd_set_ready(ch, ready);
	/*
	 * A new session: the client assumes the lines of an open channel
	 * and hears of any difference with its first callback.
	 */
	ch->remote_signals = smd_read_signals(ch);
	ch->reported_signals = SMD_SIG_OPEN;
	mutex_unlock(&ch->lock);
	/* Data may already wait in the ring. */
	if (ready)
		smd_edge_queue(ch->edge, &ch->rx_work);
	return 0;

fail:
	ret = ch->quarantined ? -EIO : left < 0 ? left :
	      READ_ONCE(ch->edge->removing) ? -ENODEV : -ETIMEDOUT;
	smd_set_state(ch, SMD_ST_CLOSED);
	smd_channel_reset(ch);
	ch->ept = NULL;
	kvfree(ch->stage);
	ch->stage = NULL;
unlock:
	mutex_unlock(&ch->lock);
	return ret;
}

/**
 * smd_channel_reopen() - a new session under the endpoint that owns @ch
 * @ch: a channel the remote left (our half CLOSED since)
 * @sept: the endpoint that owned it (or none owns it now)
 *
 * The endpoint stays the one its driver holds; only the channel is opened
 * again under it, delivering at once.  Called from the channel's device
 * work, never from a callback.
 *
 * Return: as smd_channel_open(); -EBUSY when another endpoint owns @ch or
 * it is not CLOSED.
 */
int smd_channel_reopen(struct smd_channel *ch, struct smd_endpoint *sept)
{
	/* No callback of the old session runs on into the new one. */
	smd_channel_stop_callbacks(ch, sept);
	mutex_lock(&ch->lock);
	if ((ch->ept && ch->ept != sept) || ch->state != SMD_ST_CLOSED) {
		mutex_unlock(&ch->lock);
		return -EBUSY;
	}
	ch->ept = NULL;
	kvfree(ch->stage);
	ch->stage = NULL;
	mutex_unlock(&ch->lock);
	return smd_channel_open(ch, sept, true);
}

/* How long a close waits for the remote to read what was sent, and then
 * for it to acknowledge the close.
 */
#define SMD_CLOSE_LINGER	HZ

static bool smd_remote_left_opened(struct smd_channel *ch)
{
	return READ_ONCE(ch->remote_state) != SMD_ST_OPENED || READ_ONCE(ch->quarantined);
}

/**
 * smd_channel_stop_callbacks() - no callback of @sept from now on
 * @ch: channel
 * @sept: endpoint (nothing happens unless it owns @ch)
 *
 * Clears the endpoint's readiness, then waits for a callback already
 * running (delivery holds ch->rx_lock while it calls one).  Must not be
 * called from a callback of @ch.
 */
void smd_channel_stop_callbacks(struct smd_channel *ch, struct smd_endpoint *sept)
{
	bool mine;

	mutex_lock(&ch->lock);
	mine = ch->ept == sept;
	if (mine)
		smd_set_ready(ch, false);
	mutex_unlock(&ch->lock);
	if (mine) {
		mutex_lock(&ch->rx_lock);
		mutex_unlock(&ch->rx_lock);
	}
}

/**
 * smd_channel_close() - APPS closes @ch and detaches its endpoint
 * @ch: channel
 *
 * No callback runs once the close has begun (a running one is waited
 * for).  Packets already sent are given up to a second to be read by the
 * remote (a close does not drop accepted data while the remote is alive).
 * Then our half goes CLOSED and is reset, blocked senders return -EPIPE.
 * Like firmware, the close finishes once the remote has left OPENED (at
 * most a second more), so that a reopen cannot meet a remote still using
 * the old ring positions.
 */
void smd_channel_close(struct smd_channel *ch)
{
	bool was_open;

	/* The owner is going: no callback from the start of the close. */
	smd_channel_stop_callbacks(ch, ch->ept);
	smd_tx_drain(ch, SMD_CLOSE_LINGER);
	mutex_lock(&ch->lock);
	was_open = ch->state != SMD_ST_CLOSED;
	if (was_open)
		smd_set_state(ch, SMD_ST_CLOSED);
	smd_channel_reset(ch);
	ch->ept = NULL;
	kvfree(ch->stage);
	ch->stage = NULL;
	mutex_unlock(&ch->lock);
	if (was_open && !READ_ONCE(ch->edge->removing))
		wait_event_timeout(ch->state_wait, smd_remote_left_opened(ch),
				   SMD_CLOSE_LINGER);
}

/* The remote half's DSR/CTS/CD/RI fields as our TIOCM inputs (null modem). */
static u32 smd_tiocm_in(u8 sig)
{
	u32 v = 0;

	if (sig & BIT(SMD_F_DSR))
		v |= TIOCM_DSR;
	if (sig & BIT(SMD_F_CTS))
		v |= TIOCM_CTS;
	if (sig & BIT(SMD_F_CD))
		v |= TIOCM_CD;
	if (sig & BIT(SMD_F_RI))
		v |= TIOCM_RI;
	return v;
}

/**
 * smd_get_signals() - our DTR/RTS and the remote's lines, as TIOCM bits
 * @ch: channel (takes ch->sig_lock only: callbacks may call it)
 *
 * Return: the TIOCM_* mask, or -ENOTCONN unless the channel is open.
 */
int smd_get_signals(struct smd_channel *ch)
{
	int v;

	mutex_lock(&ch->sig_lock);
	if (ch->state != SMD_ST_OPENED) {
		v = -ENOTCONN;
	} else {
		v = smd_tiocm_in(smd_read_signals(ch));
		if (smd_get_flag(ch, false, SMD_F_DSR))
			v |= TIOCM_DTR;
		if (smd_get_flag(ch, false, SMD_F_CTS))
			v |= TIOCM_RTS;
	}
	mutex_unlock(&ch->sig_lock);
	return v;
}

/**
 * smd_set_signals() - drive our DTR/RTS/CD/RI and tell the remote
 * @ch: channel (takes ch->sig_lock only: callbacks may call it)
 * @set: TIOCM_DTR, TIOCM_RTS, TIOCM_CD, TIOCM_RI to raise
 * @clear: the same, to drop (disjoint from @set)
 *
 * Our DTR and RTS are the DSR and CTS fields of our half; CD and RI are
 * fields of their own.
 *
 * Return: 0, -ENOTCONN unless the channel is open, -EINVAL for other bits.
 */
int smd_set_signals(struct smd_channel *ch, u32 set, u32 clear)
{
	static const struct {
		u32 tiocm;
		enum smd_flag flag;
	} map[] = {
		{ TIOCM_DTR, SMD_F_DSR },
		{ TIOCM_RTS, SMD_F_CTS },
		{ TIOCM_CD, SMD_F_CD },
		{ TIOCM_RI, SMD_F_RI },
	};
	int i;

	if ((set | clear) & ~(TIOCM_DTR | TIOCM_RTS | TIOCM_CD | TIOCM_RI))
		return -EINVAL;
	mutex_lock(&ch->sig_lock);
	if (ch->state != SMD_ST_OPENED) {
		mutex_unlock(&ch->sig_lock);
		return -ENOTCONN;
	}
	for (i = 0; i < ARRAY_SIZE(map); i++)
		if ((set | clear) & map[i].tiocm)
			smd_put_flag(ch, map[i].flag, !!(set & map[i].tiocm));
	smd_put_flag(ch, SMD_F_STATE, 1);
	/* The signals are visible before the doorbell. */
	wmb();
	mutex_unlock(&ch->sig_lock);
	ch->stats.kicks++;
	smd_kick(ch->edge);
	return 0;
}

/*
 * Nothing for us on @ch since the last look: same remote state, no state
 * or signal change flagged, nothing unread, nobody waiting for room.  Lets
 * an interrupt skip the channels it is not about without their locks.
 */
/*
 * What only the interrupt thread deals with: a change of the remote's
 * state, a flagged signal change, a bad value a sender or staging noted.
 */
static bool smd_channel_needs_thread(struct smd_channel *ch)
{
	return readl(ch->theirs) != READ_ONCE(ch->remote_state) || READ_ONCE(ch->tx_tail_bad) ||
	       READ_ONCE(ch->rx_bad) || smd_get_flag(ch, true, SMD_F_STATE);
}

static bool smd_channel_quiet(struct smd_channel *ch)
{
	if (smd_channel_needs_thread(ch) || wq_has_sleeper(&ch->tx_wait))
		return false;
	if (READ_ONCE(ch->ept_ready) &&
	    READ_ONCE(ch->remote_signals) != READ_ONCE(ch->reported_signals))
		return false;
	if (READ_ONCE(ch->state) != SMD_ST_OPENED)
		return true;
	/* Still asking for an interrupt per read with nobody waiting: stop. */
	return smd_remote_head(ch) == READ_ONCE(ch->rx_tail) && !READ_ONCE(ch->room_asked);
}

/*
 * Something to hand to the endpoint: a signal change or data.  Needs no
 * lock (a stale answer only queues the delivery work once too often, or
 * leaves it to the event that changed the value).
 */
static bool smd_channel_has_news(struct smd_channel *ch)
{
	if (!READ_ONCE(ch->ept_ready))
		return false;
	if (READ_ONCE(ch->remote_signals) != READ_ONCE(ch->reported_signals))
		return true;
	return READ_ONCE(ch->state) == SMD_ST_OPENED &&
	       READ_ONCE(ch->remote_state) == SMD_ST_OPENED &&
	       !READ_ONCE(ch->quarantined) && smd_remote_head(ch) != READ_ONCE(ch->rx_tail);
}

/**
 * smd_channel_irq() - what an interrupt means for @ch, in hard-IRQ context
 * @ch: channel
 *
 * The frequent cases wait for no thread: data for a ready endpoint is
 * staged (ch->rx_spin, see smd_rx_stage()) and, with a signal change, queues
 * the channel's delivery work; a read by the remote wakes who waits for
 * room.  The rest is the interrupt thread's (smd_channel_needs_thread(),
 * smd_channel_event()).
 *
 * Return: true when the interrupt thread must look at @ch.
 */
bool smd_channel_irq(struct smd_channel *ch)
{
	bool deliver = false;
	int ret = 0;

	if (smd_channel_needs_thread(ch))
		return true;
	if (smd_channel_has_news(ch)) {
		/*
		 * Take the packets out and give the remote its room back now,
		 * as the in-tree driver does; the callbacks run in the
		 * channel's delivery work.
		 */
		spin_lock(&ch->rx_spin);
		ret = smd_rx_stage(ch);
		deliver = ch->st_head != ch->st_tail ||
			  READ_ONCE(ch->remote_signals) != READ_ONCE(ch->reported_signals);
		spin_unlock(&ch->rx_spin);
	}
	if (deliver)
		smd_edge_queue(ch->edge, &ch->rx_work);
	if (ret == -EIO)
		return true;
	/*
	 * Whoever waits for room asked for read interrupts first (and asks
	 * again each round): with nobody asking, an idle channel costs no
	 * barrier here.
	 */
	if (READ_ONCE(ch->room_asked))
		smd_tx_room_event(ch);
	return false;
}

/**
 * smd_channel_event() - what an interrupt means for @ch
 * @ch: channel
 *
 * Reads the remote's state once and follows it (a remote that leaves
 * OPENED while we are open closes our side; one that leaves OPENED after a
 * quarantine ends it), reads its signals when it flagged them, and queues
 * the channel's delivery work when there is something for the endpoint.
 * Runs no callback: a client blocked in one never keeps the interrupt
 * thread from seeing a state change.
 */
void smd_channel_event(struct smd_channel *ch)
{
	struct qcom_smd_edge *edge = ch->edge;
	bool was_open, left, news, bad;
	unsigned long flags;
	const char *field;
	u32 rs, value;

	if (smd_channel_quiet(ch))
		return;
	mutex_lock(&ch->lock);
	/* A sender saw a bad TX tail (it may not take ch->lock itself). */
	if (xchg(&ch->tx_tail_bad, false) && ch->state == SMD_ST_OPENED)
		smd_quarantine(ch, "TX tail", READ_ONCE(ch->bad_tx_tail));
	/* Staging saw a bad RX head or length (the reset clears the note). */
	if (READ_ONCE(ch->rx_bad)) {
		spin_lock_irqsave(&ch->rx_spin, flags);
		bad = ch->rx_bad && ch->state == SMD_ST_OPENED;
		field = ch->rx_bad_field;
		value = ch->rx_bad_value;
		if (!bad)
			WRITE_ONCE(ch->rx_bad, false);
		spin_unlock_irqrestore(&ch->rx_spin, flags);
		/* Not under ch->rx_spin: the quarantine's reset takes it. */
		if (bad)
			smd_quarantine(ch, field, value);
	}
	rs = readl(ch->theirs);
	if (!smd_state_valid(rs) && !ch->bad_state_logged) {
		ch->bad_state_logged = true;
		ch->stats.bad_values++;
		dev_err_ratelimited(&edge->dev, "%s: %s: bad state %#x from the remote, treated as closed\n",
				    edge->name, ch->name, rs);
	}
	if (rs != ch->remote_state) {
		was_open = smd_state_is_open(ch->remote_state);
		/*
		 * Leaving OPENED, even for OPENING (the remote restarted and
		 * reset its ring positions), ends this session of the channel.
		 */
		left = (was_open && !smd_state_is_open(rs)) ||
		       (ch->remote_state == SMD_ST_OPENED && rs != SMD_ST_OPENED);
		trace_rpmsg_smd_state(edge->name, ch->name, true, ch->remote_state, rs);
		WRITE_ONCE(ch->remote_state, rs);
		wake_up_all(&ch->state_wait);
		if (left) {
			/* The device's driver must open a new session. */
			WRITE_ONCE(ch->session, ch->session + 1);
			if (ch->state != SMD_ST_CLOSED) {
				/* Hang up our side; our stale indices go too. */
				smd_set_ready(ch, false);
				smd_set_state(ch, SMD_ST_CLOSED);
			}
		}
		if (smd_state_is_open(rs) != was_open || left)
			smd_edge_queue(edge, &ch->dev_work);
		if (rs != SMD_ST_OPENED && ch->quarantined) {
			WRITE_ONCE(ch->quarantined, false);
			smd_edge_queue(edge, &ch->dev_work);
		}
	}
	if (smd_get_flag(ch, true, SMD_F_STATE)) {
		smd_clear_remote_flag(ch, SMD_F_STATE);
		/* The flag is clear before the signals are read: none is lost. */
		mb();
		WRITE_ONCE(ch->remote_signals, smd_read_signals(ch));
	}
	news = smd_channel_has_news(ch);
	mutex_unlock(&ch->lock);
	if (news)
		smd_edge_queue(edge, &ch->rx_work);

	/* The remote may have read: let blocked senders look at the room. */
	smd_tx_room_event(ch);
}

/* Tell the endpoint of a change in the remote's lines it has not seen. */
static void smd_channel_report_signals(struct smd_channel *ch)
{
	struct rpmsg_endpoint *ept = NULL;
	u8 sig = 0;

	/*
	 * Also a change that came before the endpoint was ready (a remote
	 * that starts with CTS low).
	 */
	mutex_lock(&ch->lock);
	if (ch->ept_ready && ch->remote_signals != ch->reported_signals) {
		ept = &ch->ept->ept;
		/*
		 * A user of /dev/rpmsg_ctrlN sets its callbacks only after
		 * the open returned: until then the change stays pending
		 * (its first poll asks for it again, see smd_poll()).
		 */
		if (READ_ONCE(ept->flow_cb) || READ_ONCE(ept->sig_cb)) {
			sig = ch->remote_signals;
			WRITE_ONCE(ch->reported_signals, sig);
		} else {
			ept = NULL;
		}
	}
	mutex_unlock(&ch->lock);
	if (!ept)
		return;
	if (ept->flow_cb)
		ept->flow_cb(ept->rpdev, ept->priv,
			     !!(sig & (BIT(SMD_F_DSR) | BIT(SMD_F_CTS))));
	rpmsg_signals_changed(ept, smd_tiocm_in(sig));
}

/**
 * smd_channel_deliver() - a channel's delivery work: signals, then data
 * @work: the channel's rx_work
 *
 * Callbacks run here, in process context, with only ch->rx_lock held:
 * one at a time per channel, any number of channels at once.  At most
 * %SMD_RX_BUDGET packets per run; the work queues itself again behind
 * the other channels' when more is left.
 */
void smd_channel_deliver(struct work_struct *work)
{
	struct smd_channel *ch = container_of(work, struct smd_channel, rx_work);
	bool more;

	mutex_lock(&ch->rx_lock);
	smd_channel_report_signals(ch);
	more = smd_rx_process(ch);
	mutex_unlock(&ch->rx_lock);
	if (more)
		smd_edge_queue(ch->edge, &ch->rx_work);
}
