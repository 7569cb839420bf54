/* SPDX-License-Identifier: GPL-2.0 */
/*
 * rpmsg_smd internals: edges, channels, endpoints.
 *
 * Locking model (also in docs/architecture.md):
 *
 *   edge->lock     mutex: discovery (channel creation, APPS-side
 *                  allocation).  Channels are published in edge->chan[][]
 *                  once, with release semantics, and never removed before
 *                  the edge is released: everything else walks them
 *                  without this lock.
 *   edge->queue_lock  spinlock: edge->removing and the queueing of every
 *                  work item of the edge (nothing is queued once it is set).
 *   edge->poll_lock  mutex: one look at the edge's channels at a time (the
 *                  interrupt thread or the look-again work item).
 *   ch->dev_lock   mutex: the channel's rpmsg device (registration, new
 *                  sessions, removal) and its pin.  A driver's probe, with
 *                  its open handshake, runs under it: only this channel's
 *                  device work waits for it.
 *   ch->rx_lock    mutex: delivery: the staging ring's record being
 *                  delivered and every client callback (cb, flow_cb,
 *                  sig_cb) of the channel.  Held by the channel's
 *                  delivery work only; whoever stops the callbacks clears
 *                  ept_ready and then takes it once, to wait for a running
 *                  callback.
 *   ch->lock       mutex: our state, the endpoint pointer and the
 *                  quarantine flag.  Never held while a callback runs, so
 *                  the interrupt thread always sees the remote's state
 *                  changes.
 *   ch->rx_spin    spinlock (taken in hard IRQ): the consumer side of the
 *                  RX ring (our read index), the staging ring's bounds,
 *                  ept_ready (set and cleared under it, so that nothing is
 *                  staged once it is clear) and the pending bad RX value.
 *   ch->tx_lock    mutex: the TX ring and its shadow head.
 *   ch->sig_lock   mutex: our state and signal fields (written together
 *                  by a state change, alone by signals and flow control).
 *   ch->room_lock  spinlock: our fBLOCKREADINTR and its shadow
 *                  ch->room_asked (asking for read interrupts while
 *                  someone waits for TX room).  Innermost of all.
 *
 *   Order: ch->dev_lock -> ch->rx_lock -> ch->lock -> ch->tx_lock ->
 *   ch->sig_lock -> ch->rx_spin -> ch->room_lock; edge->lock -> ch->lock;
 *   edge->poll_lock -> ch->lock.  A callback runs with only its channel's
 *   rx_lock held: send and trysend take ch->tx_lock (a bad TX tail is only
 *   noted there; the next look quarantines the channel), signals and flow
 *   control ch->sig_lock, an open of another channel that channel's
 *   ch->lock.  Destroying an endpoint takes its channel's rx_lock: a
 *   callback must not destroy one (its own would deadlock).
 *
 * Contexts: the edge interrupt's hard-IRQ part stages received packets
 * (ch->rx_spin) and queues the channels' delivery; its thread follows
 * states and signals and queues work; delivery (rx_work),
 * device updates (dev_work), discovery (scan_work) and looks at the whole
 * edge (poll_work) run on the module's workqueue, one work item per
 * channel for delivery and devices, so that one channel's blocked client
 * or silent peer never holds up another channel.  Open, close and send run
 * in the caller's context and sleep.
 */
#ifndef __RPMSG_SMD_INTERNAL_H__
#define __RPMSG_SMD_INTERNAL_H__

#include <linux/bits.h>
#include <linux/device.h>
#include <linux/mailbox_client.h>
#include <linux/mutex.h>
#include <linux/rpmsg.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/wait.h>
#include <linux/workqueue.h>

#include "smd_validate.h"

struct dentry;
struct regmap;
struct smd_channel;

/* An rpmsg device of ours: a channel's, or the edge's rpmsg_ctrl. */
struct smd_rpdev {
	struct rpmsg_device rpdev;
	struct qcom_smd_edge *edge;
	struct smd_channel *ch;		/* NULL for the ctrl device */
	unsigned int session;		/* ch->session its driver opened */
	bool left;			/* its driver was removed or unbound */
};

struct smd_endpoint {
	struct rpmsg_endpoint ept;
	struct smd_channel *ch;
};

struct smd_counters {
	u64 rx_pkts, rx_bytes, tx_pkts, tx_bytes;
	u64 kicks, drops, bad_values;
};

struct smd_channel {
	struct qcom_smd_edge *edge;
	char name[SMD_NAME_LEN];
	unsigned int table, cid;
	bool word, stream;

	void __iomem *ours;		/* our half of the info item */
	void __iomem *theirs;		/* the remote's half */
	void __iomem *tx_fifo, *rx_fifo;
	u32 fifo_size;

	struct mutex rx_lock;		/* delivery: RX consumer, callbacks */
	struct work_struct rx_work;	/* delivery, on smd_wq */
	struct mutex lock;		/* state, ept, RX index */
	u32 state;			/* ours, as last written */
	u32 remote_state;		/* last read, any value */
	bool quarantined;
	bool bad_state_logged;
	struct smd_endpoint *ept;
	bool ept_ready;			/* the client may get data */
	spinlock_t rx_spin;		/* RX consumer index, staging ring */
	void *stage;			/* staging ring while open */
	u32 st_size, st_head, st_tail;	/* its size and undelivered records */
	bool rx_bad;			/* bad RX value seen; quarantine pending */
	const char *rx_bad_field;
	u32 rx_bad_value;
	u32 rx_tail;			/* shadow of our read index */
	u8 remote_signals;		/* DSR/CTS/CD/RI as last read */
	u8 reported_signals;		/* as last told to the endpoint */
	unsigned int session;		/* +1 each time the remote leaves */

	struct mutex tx_lock;		/* TX ring */
	u32 tx_head;			/* shadow of our write index */
	u32 bad_tx_tail;		/* a sender saw it; quarantine pending */
	bool tx_tail_bad;

	struct mutex sig_lock;		/* our state and signal fields */
	spinlock_t room_lock;		/* our fBLOCKREADINTR (smd_fifo.c) */
	bool room_asked;		/* it is 0: we asked for read interrupts */

	wait_queue_head_t state_wait;	/* remote state changes */
	wait_queue_head_t tx_wait;	/* room in the TX ring, or closed */

	struct mutex dev_lock;		/* rpdev, pinned */
	struct work_struct dev_work;	/* device updates, on smd_wq */
	struct smd_rpdev *rpdev;	/* registered device */
	bool pinned;			/* RPMSG_CREATE_DEV_IOCTL: keep the device */
	struct smd_counters stats;
};

struct qcom_smd_edge {
	struct device dev;
	const char *name;
	u32 edge_id;
	unsigned int remote_pid;	/* QCOM_SMEM_HOST_ANY when absent */
	int irq;

	struct mbox_client mbox_client;
	struct mbox_chan *mbox_chan;
	struct regmap *ipc_regmap;
	u32 ipc_offset, ipc_bit;

	struct mutex lock;		/* discovery */
	struct mutex poll_lock;		/* one look at the channels at a time */
	spinlock_t queue_lock;		/* removing; queueing work */
	struct smd_channel *chan[SMD_TABLE_COUNT][SMD_TABLE_ENTRIES];
	DECLARE_BITMAP(done[SMD_TABLE_COUNT], SMD_TABLE_ENTRIES);
	int smem_free;
	bool removing;

	struct delayed_work scan_work;	/* rate limited: SMD_SCAN_INTERVAL */
	unsigned long last_scan;	/* jiffies when the last scan began */
	struct work_struct poll_work;	/* look at every channel again */
	wait_queue_head_t new_channel;

	/* The interrupt's time budget, in ns (see smd_edge_charge()). */
	raw_spinlock_t budget_lock;
	u64 window_start, window_used;
	unsigned long irq_masked;	/* bit 0: we hold the line disabled */

	struct smd_rpdev *ctrl;
	struct dentry *debugfs;
	u64 irqs, passes, throttled, scans, rejected_entries;
	u64 hardirq_ns;			/* time in the hard-IRQ part */
};

/*
 * The rpmsg core names the edge's control device "<edge>.rpmsg_ctrl.-1.-1",
 * as it would a channel of that name: no channel may have it.
 */
#define SMD_CTRL_NAME	"rpmsg_ctrl"

/* The remote's lines of an open channel, as a client assumes them. */
#define SMD_SIG_OPEN	(BIT(SMD_F_DSR) | BIT(SMD_F_CTS) | BIT(SMD_F_CD))

#define to_smd_rpdev(r)		container_of(r, struct smd_rpdev, rpdev)
#define to_smd_endpoint(e)	container_of(e, struct smd_endpoint, ept)

/* smd_channel.c */
void smd_kick(struct qcom_smd_edge *edge);
u32 smd_get_flag(struct smd_channel *ch, bool remote, enum smd_flag f);
void smd_put_flag(struct smd_channel *ch, enum smd_flag f, u32 v);
void smd_clear_remote_flag(struct smd_channel *ch, enum smd_flag f);
u32 smd_get(struct smd_channel *ch, bool remote, size_t byte_off, size_t word_off);
void smd_set_state(struct smd_channel *ch, u32 state);
void smd_channel_reset(struct smd_channel *ch);
void smd_quarantine(struct smd_channel *ch, const char *field, u32 value);
int smd_channel_open(struct smd_channel *ch, struct smd_endpoint *sept, bool ready);
int smd_channel_reopen(struct smd_channel *ch, struct smd_endpoint *sept);
int smd_get_signals(struct smd_channel *ch);
int smd_set_signals(struct smd_channel *ch, u32 set, u32 clear);
void smd_channel_close(struct smd_channel *ch);
void smd_channel_event(struct smd_channel *ch);
bool smd_channel_irq(struct smd_channel *ch);
void smd_channel_deliver(struct work_struct *work);
void smd_channel_stop_callbacks(struct smd_channel *ch, struct smd_endpoint *sept);
void smd_set_ready(struct smd_channel *ch, bool ready);
u32 smd_remote_head(struct smd_channel *ch);
u32 smd_remote_tail(struct smd_channel *ch);
void smd_write_rx_tail(struct smd_channel *ch);
void smd_write_tx_head(struct smd_channel *ch);

/* smd_fifo.c */
u32 smd_stage_size(u32 fifo_size);
int smd_rx_stage(struct smd_channel *ch);
bool smd_rx_process(struct smd_channel *ch);
int smd_tx_send(struct smd_channel *ch, const void *data, u32 len, bool wait);
__poll_t smd_tx_poll(struct smd_channel *ch);
void smd_tx_drain(struct smd_channel *ch, unsigned long timeout);
void smd_tx_room_event(struct smd_channel *ch);

/* smd_edge.c */
extern struct workqueue_struct *smd_wq;
void smd_edge_queue(struct qcom_smd_edge *edge, struct work_struct *work);
int smd_alloc_channel(struct qcom_smd_edge *edge, const char *name);

/* smd_rpmsg.c */
int smd_register_ctrl(struct qcom_smd_edge *edge);
void smd_update_device(struct work_struct *work);
void smd_unregister_devices(struct qcom_smd_edge *edge);

/* smd_debugfs.c */
void smd_debugfs_add(struct qcom_smd_edge *edge);
void smd_debugfs_remove(struct qcom_smd_edge *edge);
void smd_debugfs_init(void);
void smd_debugfs_exit(void);

#endif /* __RPMSG_SMD_INTERNAL_H__ */
