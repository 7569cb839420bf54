// SPDX-License-Identifier: GPL-2.0
/*
 * SMD edges: registration (the upstream qcom_smd_register_edge() API and
 * the top-level "qcom,smd" node), the edge interrupt, channel discovery.
 *
 * Locking model, in short (smd_internal.h has the details): edge->lock
 * serialises discovery; each channel has its own locks for its device
 * (dev_lock), its delivery and callbacks (rx_lock), its state (lock) and
 * its TX ring (tx_lock).  The edge interrupt has two parts: the hard-IRQ
 * part stages received packets (ch->rx_spin), queues the delivery work
 * and wakes senders waiting for room, taking spinlocks only; the thread
 * follows each channel's state and signals and queues the channel's
 * delivery or device work.  Neither runs client code, and their time is
 * budgeted together (at most SMD_IRQ_BUDGET_NS of each SMD_IRQ_WINDOW_NS).
 * Work runs on the module's workqueue; teardown sets
 * edge->removing under edge->queue_lock (nothing is queued after that),
 * frees the IRQ and cancels every work item before anything is freed.
 */
#include <linux/delay.h>
#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/mailbox_client.h>
#include <linux/mfd/syscon.h>
#include <linux/module.h>
#include <linux/of.h>
#include <linux/of_irq.h>
#include <linux/platform_device.h>
#include <linux/regmap.h>
#include <linux/sched/cputime.h>
#include <linux/rpmsg/qcom_smd.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/soc/qcom/smem.h>

#include "smd_internal.h"

/* The driver's trace events are defined here, once. */
#define CREATE_TRACE_POINTS
#include <trace/events/rpmsg_smd.h>

static const unsigned int smd_alloc_items[SMD_TABLE_COUNT] = {
	SMD_T1_ALLOC, SMD_T2_ALLOC,
};

/* At most one discovery scan per this much time, however often SMEM changes. */
#define SMD_SCAN_INTERVAL	(HZ / 20)

/*
 * The module's workqueue: delivery, device updates, discovery. Unbound, so
 * that the scheduler may run a delivery on an idle CPU rather than behind
 * the interrupted work on the CPU that took the interrupt.
 */
struct workqueue_struct *smd_wq;

/*
 * The edge interrupt may use SMD_IRQ_BUDGET_NS of CPU time in every
 * SMD_IRQ_WINDOW_NS: each hard-IRQ run and each thread pass is charged its
 * duration (for a pass, the CPU time the scheduler counted for the thread,
 * when that is larger) plus SMD_IRQ_COST_NS for taking the interrupt and
 * waking the thread.  Past the budget the line is masked (smd_edge_mask():
 * by the hard-IRQ part, which leaves everything to the thread, or by the
 * thread for its rest); the thread sleeps until the window's share of time
 * is back to BUDGET/WINDOW and unmasks the line at the end of its pass:
 * interrupts raised meanwhile cost
 * nothing and are folded into one, which the IRQ core replays on
 * enable_irq().  A remote ringing without pause costs at most about half
 * a CPU, whatever flow handler its interrupt controller uses (an edge flow
 * does not mask a oneshot line while the thread runs; fasteoi does).
 */
#define SMD_IRQ_WINDOW_NS	(10 * NSEC_PER_MSEC)
#define SMD_IRQ_BUDGET_NS	(5 * NSEC_PER_MSEC)
#define SMD_IRQ_REST_MAX_NS	(4 * SMD_IRQ_WINDOW_NS)
#define SMD_IRQ_COST_NS		(20 * NSEC_PER_USEC)

/**
 * smd_edge_queue() - queue one of @edge's work items unless it is going
 * @edge: edge
 * @work: edge->poll_work, or a channel's rx_work or dev_work
 *
 * Teardown sets edge->removing under edge->queue_lock before it cancels
 * the work items: nothing queued here outlives the edge.
 */
void smd_edge_queue(struct qcom_smd_edge *edge, struct work_struct *work)
{
	unsigned long flags;

	spin_lock_irqsave(&edge->queue_lock, flags);
	if (!edge->removing)
		queue_work(smd_wq, work);
	spin_unlock_irqrestore(&edge->queue_lock, flags);
}

/*
 * A new scan, no sooner than SMD_SCAN_INTERVAL after the last one began:
 * a remote changing SMEM's free space at interrupt rate gets one scan per
 * interval, not one per interrupt (a pending scan absorbs the rest).
 */
static void smd_edge_queue_scan(struct qcom_smd_edge *edge)
{
	/*
	 * The time since the last scan, in unsigned (wrapping) arithmetic, so
	 * the delay never exceeds SMD_SCAN_INTERVAL: a 32-bit jiffies starts
	 * 5 minutes before its wrap, and time_before() against a last_scan
	 * of 0, or one more than LONG_MAX jiffies old, would wait for minutes
	 * or days.
	 */
	unsigned long since = jiffies - READ_ONCE(edge->last_scan);
	unsigned long flags;

	spin_lock_irqsave(&edge->queue_lock, flags);
	if (!edge->removing)
		queue_delayed_work(smd_wq, &edge->scan_work,
				   since < SMD_SCAN_INTERVAL ? SMD_SCAN_INTERVAL - since : 0);
	spin_unlock_irqrestore(&edge->queue_lock, flags);
}

/* From now on nothing of @edge is queued; an open in progress gives up. */
static void smd_edge_stop(struct qcom_smd_edge *edge)
{
	unsigned long flags;
	struct smd_channel *ch;
	int t, i;

	spin_lock_irqsave(&edge->queue_lock, flags);
	WRITE_ONCE(edge->removing, true);
	spin_unlock_irqrestore(&edge->queue_lock, flags);
	for (t = 0; t < SMD_TABLE_COUNT; t++) {
		for (i = 0; i < SMD_TABLE_ENTRIES; i++) {
			/* Pairs with the release that publishes a channel. */
			ch = smp_load_acquire(&edge->chan[t][i]);
			if (ch)
				wake_up_all(&ch->state_wait);
		}
	}
}

/* Cancel every work item of @edge, edge->removing set (none is queued again). */
static void smd_edge_cancel_work(struct qcom_smd_edge *edge)
{
	struct smd_channel *ch;
	int t, i;

	cancel_delayed_work_sync(&edge->scan_work);
	cancel_work_sync(&edge->poll_work);
	for (t = 0; t < SMD_TABLE_COUNT; t++) {
		for (i = 0; i < SMD_TABLE_ENTRIES; i++) {
			ch = edge->chan[t][i];
			if (!ch)
				continue;
			cancel_work_sync(&ch->rx_work);
			cancel_work_sync(&ch->dev_work);
		}
	}
}

static void smd_edge_poll(struct qcom_smd_edge *edge)
{
	struct smd_channel *ch;
	int free, t, i;

	free = qcom_smem_get_free_space(edge->remote_pid);
	if (free != edge->smem_free) {
		WRITE_ONCE(edge->smem_free, free);
		smd_edge_queue_scan(edge);
	}
	for (t = 0; t < SMD_TABLE_COUNT; t++) {
		for (i = 0; i < SMD_TABLE_ENTRIES; i++) {
			/* Pairs with the release that publishes a channel. */
			ch = smp_load_acquire(&edge->chan[t][i]);
			if (ch)
				smd_channel_event(ch);
		}
	}
}

/* CPU time, in ns, the scheduler has counted for the current thread. */
static u64 smd_thread_cpu_ns(void)
{
	u64 utime, stime;

	task_cputime_adjusted(current, &utime, &stime);
	return utime + stime;
}

/*
 * Charge @ns of interrupt work to the current window, opening a new one
 * when it is over.  Both parts charge here, and with an edge flow they
 * may run at once on two CPUs: hence budget_lock.  Return: true when the
 * window's budget is spent.
 */
static bool smd_edge_charge(struct qcom_smd_edge *edge, u64 now, u64 ns)
{
	unsigned long flags;
	bool over;

	raw_spin_lock_irqsave(&edge->budget_lock, flags);
	if (now - edge->window_start >= SMD_IRQ_WINDOW_NS) {
		edge->window_start = now;
		edge->window_used = 0;
	}
	edge->window_used += ns;
	over = edge->window_used > SMD_IRQ_BUDGET_NS;
	raw_spin_unlock_irqrestore(&edge->budget_lock, flags);
	return over;
}

/* Spent: past the current window's budget. */
static bool smd_edge_spent(struct qcom_smd_edge *edge, u64 now)
{
	bool spent;

	raw_spin_lock(&edge->budget_lock);
	spent = now - edge->window_start < SMD_IRQ_WINDOW_NS &&
		edge->window_used > SMD_IRQ_BUDGET_NS;
	raw_spin_unlock(&edge->budget_lock);
	return spent;
}

/* Past the budget: the line stays disabled until smd_edge_unmask(). */
static void smd_edge_mask(struct qcom_smd_edge *edge)
{
	if (!test_and_set_bit(0, &edge->irq_masked))
		disable_irq_nosync(edge->irq);
}

/*
 * The thread, at the end of its pass and rest.  A hard-IRQ part still
 * running on another CPU may mask again right after this: it also wakes
 * the thread, which then unmasks once more, so the line is never left
 * disabled.
 */
static void smd_edge_unmask(struct qcom_smd_edge *edge)
{
	if (test_and_clear_bit(0, &edge->irq_masked))
		enable_irq(edge->irq);
}

/*
 * Teardown: disable_irq() waits for the hard-IRQ part and the thread,
 * which unmasks what it masked, so free_irq() finds the line quiet.
 */
static void smd_edge_free_irq(struct qcom_smd_edge *edge)
{
	disable_irq(edge->irq);
	free_irq(edge->irq, edge);
}

/*
 * The hard-IRQ part: what needs no lock (data to deliver, room for
 * senders) is dealt with here; the thread is woken for the rest (state
 * and signal changes, a change of SMEM's free space) and, once the
 * window's budget is spent, for everything, with the line masked.
 */
static irqreturn_t smd_edge_hardirq(int irq, void *data)
{
	struct qcom_smd_edge *edge = data;
	u64 start = ktime_get_ns(), used;
	unsigned int looked = 0, busy = 0;
	struct smd_channel *ch;
	bool thread = false;
	int t, i;

	edge->irqs++;
	/* Raised past the budget, before the line was masked. */
	if (smd_edge_spent(edge, start)) {
		smd_edge_mask(edge);
		trace_rpmsg_smd_irq(edge->name, 0, 0, true);
		return IRQ_WAKE_THREAD;
	}
	if (qcom_smem_get_free_space(edge->remote_pid) != READ_ONCE(edge->smem_free))
		thread = true;
	for (t = 0; t < SMD_TABLE_COUNT; t++) {
		for (i = 0; i < SMD_TABLE_ENTRIES; i++) {
			/* Pairs with the release that publishes a channel. */
			ch = smp_load_acquire(&edge->chan[t][i]);
			if (!ch)
				continue;
			looked++;
			if (smd_channel_irq(ch))
				busy++;
		}
	}
	if (busy)
		thread = true;
	trace_rpmsg_smd_irq(edge->name, looked, busy, false);
	used = ktime_get_ns() - start;
	edge->hardirq_ns += used;
	if (smd_edge_charge(edge, start, used + SMD_IRQ_COST_NS)) {
		smd_edge_mask(edge);
		thread = true;
	}
	return thread ? IRQ_WAKE_THREAD : IRQ_HANDLED;
}

static irqreturn_t smd_edge_irq(int irq, void *data)
{
	struct qcom_smd_edge *edge = data;
	u64 start = ktime_get_ns(), cpu = smd_thread_cpu_ns(), now, used, until, rest = 0;
	unsigned long flags;
	bool throttled;

	mutex_lock(&edge->poll_lock);
	edge->passes++;
	smd_edge_poll(edge);
	now = ktime_get_ns();
	used = max(now - start, smd_thread_cpu_ns() - cpu) + SMD_IRQ_COST_NS;
	throttled = smd_edge_charge(edge, now, used);
	if (throttled) {
		edge->throttled++;
		raw_spin_lock_irqsave(&edge->budget_lock, flags);
		/* Sleep until used / (until - window_start) = BUDGET / WINDOW. */
		until = edge->window_start +
			div64_u64(edge->window_used * SMD_IRQ_WINDOW_NS, SMD_IRQ_BUDGET_NS);
		rest = until > now ? min(until - now, SMD_IRQ_REST_MAX_NS) : 0;
		/* The next interrupt after the rest opens a new window. */
		edge->window_start = 0;
		raw_spin_unlock_irqrestore(&edge->budget_lock, flags);
	}
	trace_rpmsg_smd_pass(edge->name, used, throttled, rest);
	mutex_unlock(&edge->poll_lock);
	if (rest) {
		smd_edge_mask(edge);
		fsleep(div_u64(rest, NSEC_PER_USEC) + 1);
	}
	smd_edge_unmask(edge);
	return IRQ_HANDLED;
}

static void smd_poll_work(struct work_struct *work)
{
	struct qcom_smd_edge *edge = container_of(work, struct qcom_smd_edge, poll_work);

	mutex_lock(&edge->poll_lock);
	smd_edge_poll(edge);
	mutex_unlock(&edge->poll_lock);
}

/* Reject an allocation entry once, with a reason. */
static void smd_reject(struct qcom_smd_edge *edge, int t, int i, const char *name,
		       const char *why, u32 value)
{
	set_bit(i, edge->done[t]);
	edge->rejected_entries++;
	trace_rpmsg_smd_entry_rejected(edge->name, t + 1, i, name, why, value);
	dev_err_ratelimited(&edge->dev, "%s: table %d entry %d (%s): %s %#x, ignored\n",
			    edge->name, t + 1, i, name, why, value);
}

static struct smd_channel *smd_channel_create(struct qcom_smd_edge *edge, int t, int i,
					      const struct smd_table_entry *e,
					      const char *name)
{
	unsigned int info_item, fifo_item;
	size_t info_size, fifo_item_size;
	enum smd_info_variant variant;
	u32 cid = le32_to_cpu(e->cid);
	u32 flags = le32_to_cpu(e->flags);
	struct smd_channel *ch;
	void *info, *fifo;
	int ret;

	if (smd_items_of(t, cid, &info_item, &fifo_item)) {
		smd_reject(edge, t, i, name, "channel id", cid);
		return NULL;
	}
	info = qcom_smem_get(edge->remote_pid, info_item, &info_size);
	fifo = IS_ERR(info) ? info :
	       qcom_smem_get(edge->remote_pid, fifo_item, &fifo_item_size);
	if (IS_ERR(info) || IS_ERR(fifo)) {
		/*
		 * Not allocated yet, or never (-ENOENT from a partition, -ENXIO
		 * from the global heap): look again on the next scan, quietly.
		 */
		ret = IS_ERR(info) ? PTR_ERR(info) : PTR_ERR(fifo);
		if (ret != -ENOENT && ret != -ENXIO)
			smd_reject(edge, t, i, name, "item lookup error", ret);
		return NULL;
	}
	variant = smd_info_variant_of(info_size);
	if (variant == SMD_INFO_INVALID) {
		smd_reject(edge, t, i, name, "info item size", info_size);
		return NULL;
	}
	if (!smd_fifo_size_of(fifo_item_size)) {
		smd_reject(edge, t, i, name, "fifo item size", fifo_item_size);
		return NULL;
	}
	/*
	 * A stream's head may stop at any byte, but a word-variant channel's
	 * memory takes 32-bit accesses only.
	 */
	if (variant == SMD_INFO_WORD && (flags & SMD_ENTRY_STREAM)) {
		smd_reject(edge, t, i, name, "stream mode on a word-variant channel, flags", flags);
		return NULL;
	}

	ch = kzalloc(sizeof(*ch), GFP_KERNEL);
	if (!ch)
		return NULL;
	ch->edge = edge;
	strscpy(ch->name, name, sizeof(ch->name));
	ch->table = t;
	ch->cid = cid;
	ch->word = variant == SMD_INFO_WORD;
	ch->stream = flags & SMD_ENTRY_STREAM;
	ch->ours = (void __iomem __force *)info;
	ch->theirs = ch->ours + info_size / 2;
	ch->fifo_size = smd_fifo_size_of(fifo_item_size);
	ch->tx_fifo = (void __iomem __force *)fifo;
	ch->rx_fifo = ch->tx_fifo + ch->fifo_size;
	mutex_init(&ch->dev_lock);
	INIT_WORK(&ch->dev_work, smd_update_device);
	mutex_init(&ch->rx_lock);
	INIT_WORK(&ch->rx_work, smd_channel_deliver);
	mutex_init(&ch->lock);
	mutex_init(&ch->tx_lock);
	mutex_init(&ch->sig_lock);
	spin_lock_init(&ch->room_lock);
	spin_lock_init(&ch->rx_spin);
	init_waitqueue_head(&ch->state_wait);
	init_waitqueue_head(&ch->tx_wait);

	mutex_lock(&ch->lock);
	ch->remote_state = readl(ch->theirs);
	smd_channel_reset(ch);
	mutex_unlock(&ch->lock);
	/* Our half is reset: tell the remote, as firmware expects. */
	wmb();
	ch->stats.kicks++;
	smd_kick(edge);
	return ch;
}

/* One allocation-table entry: a new channel, or a reason to ignore it. */
static void smd_scan_entry(struct qcom_smd_edge *edge, int t, int i,
			   const struct smd_table_entry __iomem *slot)
{
	struct smd_table_entry e;
	char name[SMD_NAME_LEN];
	struct smd_channel *ch;
	u32 flags;
	int u, j;

	/*
	 * The remote writes ref_count last: read it first, then (ordered
	 * after it) the rest, so a slot being filled in is never half read.
	 */
	if (!readl(&slot->ref_count))
		return;			/* free slot, or not complete yet */
	rmb();
	memcpy_fromio(&e, slot, sizeof(e));	/* one read of each field */
	if (!e.name[0])
		return;
	flags = le32_to_cpu(e.flags);
	if ((flags & SMD_ENTRY_EDGE) != edge->edge_id)
		return;			/* another edge's channel */
	if (!smd_name_parse(e.name, name)) {
		smd_reject(edge, t, i, "?", "channel name starting", e.name[0]);
		return;
	}
	if (!smd_entry_mode_valid(flags)) {
		smd_reject(edge, t, i, name, "flags", flags);
		return;
	}
	/* The edge's control device has this name in sysfs. */
	if (!strcmp(name, SMD_CTRL_NAME)) {
		smd_reject(edge, t, i, name, "reserved name, flags", flags);
		return;
	}
	for (u = 0; u < SMD_TABLE_COUNT; u++) {
		for (j = 0; j < SMD_TABLE_ENTRIES; j++) {
			ch = edge->chan[u][j];
			if (ch && !strcmp(ch->name, name)) {
				smd_reject(edge, t, i, name, "duplicate name, first in slot", j);
				return;
			}
			/* Two channels on the same items would share rings. */
			if (ch && u == t && ch->cid == le32_to_cpu(e.cid)) {
				smd_reject(edge, t, i, name, "channel id already in use", ch->cid);
				return;
			}
		}
	}
	ch = smd_channel_create(edge, t, i, &e, name);
	if (!ch)
		return;
	set_bit(i, edge->done[t]);
	/* The channel is complete before the interrupt thread can see it. */
	smp_store_release(&edge->chan[t][i], ch);
	trace_rpmsg_smd_channel_found(edge->name, ch->name, t + 1, ch->cid, ch->fifo_size,
				      ch->word, ch->stream, READ_ONCE(ch->remote_state));
	wake_up_all(&edge->new_channel);
	smd_edge_queue(edge, &ch->dev_work);
	/*
	 * The remote's state was read before the channel was published: a
	 * change in between raised an interrupt that did not see it.  Look.
	 */
	smd_edge_queue(edge, &edge->poll_work);
}

/* Look at every allocation entry not taken yet; edge->lock held. */
static void smd_scan(struct qcom_smd_edge *edge)
{
	struct smd_table_entry __iomem *tbl;
	size_t size;
	int t, i, n;
	void *p;

	lockdep_assert_held(&edge->lock);
	for (t = 0; t < SMD_TABLE_COUNT; t++) {
		p = qcom_smem_get(edge->remote_pid, smd_alloc_items[t], &size);
		if (IS_ERR(p))
			continue;
		tbl = (struct smd_table_entry __iomem __force *)p;
		/* Only as many entries as the item really holds. */
		n = min_t(size_t, size / sizeof(*tbl), SMD_TABLE_ENTRIES);
		for (i = 0; i < n; i++)
			if (!test_bit(i, edge->done[t]))
				smd_scan_entry(edge, t, i, &tbl[i]);
	}
}

static void smd_scan_work(struct work_struct *work)
{
	struct qcom_smd_edge *edge = container_of(to_delayed_work(work),
						  struct qcom_smd_edge, scan_work);

	WRITE_ONCE(edge->last_scan, jiffies);
	mutex_lock(&edge->lock);
	edge->scans++;
	smd_scan(edge);
	mutex_unlock(&edge->lock);
}

/* Apps-allocated channels: 8 KiB a direction, byte info, packet mode. */
#define SMD_APPS_FIFO		SZ_8K

/**
 * smd_alloc_channel() - allocate channel @name in SMEM from the APPS side
 * @edge: edge
 * @name: valid channel name, not yet on the edge
 *
 * SMD has no lock on allocation-table entries, so we take the highest free
 * slot of table 2, then of table 1, away from the low slots firmware
 * takes.  The info and fifo items are allocated first, the entry written
 * next and its ref_count last, as firmware does; then the remote is rung.
 *
 * Return: 0 or a negative errno (-ENOSPC when both tables are full).
 */
int smd_alloc_channel(struct qcom_smd_edge *edge, const char *name)
{
	size_t entries = SMD_TABLE_ENTRIES * sizeof(struct smd_table_entry);
	struct smd_table_entry __iomem *tbl, *e;
	unsigned int info, fifo;
	u8 wire[SMD_NAME_LEN] = {};
	int t, i, ret = -ENOSPC;
	size_t size;
	void *p;

	mutex_lock(&edge->lock);
	for (t = SMD_TABLE_COUNT - 1; t >= 0 && ret == -ENOSPC; t--) {
		ret = qcom_smem_alloc(edge->remote_pid, smd_alloc_items[t], entries);
		if (ret && ret != -EEXIST)
			break;
		p = qcom_smem_get(edge->remote_pid, smd_alloc_items[t], &size);
		if (IS_ERR(p) || size < entries) {
			ret = -ENOSPC;
			continue;
		}
		tbl = (struct smd_table_entry __iomem __force *)p;
		ret = -ENOSPC;
		for (i = SMD_TABLE_ENTRIES - 1; i >= 0; i--) {
			e = &tbl[i];
			if (readl(&e->ref_count) || readb(&e->name[0]) ||
			    test_bit(i, edge->done[t]))
				continue;
			smd_items_of(t, i, &info, &fifo);
			ret = qcom_smem_alloc(edge->remote_pid, info,
					      2 * sizeof(struct smd_half_byte));
			if (!ret || ret == -EEXIST)
				ret = qcom_smem_alloc(edge->remote_pid, fifo, 2 * SMD_APPS_FIFO);
			if (ret && ret != -EEXIST)
				break;
			memcpy(wire, name, strlen(name));
			memcpy_toio(e->name, wire, sizeof(wire));
			writel(i, &e->cid);
			writel(edge->edge_id | SMD_ENTRY_PACKET, &e->flags);
			/* The entry is complete before it counts as allocated. */
			wmb();
			writel(1, &e->ref_count);
			ret = 0;
			break;
		}
	}
	if (!ret) {
		smd_scan(edge);
		smd_kick(edge);
	}
	mutex_unlock(&edge->lock);
	return ret;
}

static int smd_edge_doorbell(struct qcom_smd_edge *edge, struct device_node *node)
{
	struct of_phandle_args args;
	int ret;

	if (of_property_present(node, "mboxes")) {
		edge->mbox_client.dev = &edge->dev;
		edge->mbox_client.knows_txdone = true;
		edge->mbox_chan = mbox_request_channel(&edge->mbox_client, 0);
		if (!IS_ERR(edge->mbox_chan))
			return 0;
		ret = PTR_ERR(edge->mbox_chan);
		edge->mbox_chan = NULL;
		return ret;
	}
	/* The deprecated form: BIT(bit) written at offset of a syscon. */
	ret = of_parse_phandle_with_fixed_args(node, "qcom,ipc", 2, 0, &args);
	if (ret) {
		dev_err(&edge->dev, "neither mboxes nor qcom,ipc\n");
		return -EINVAL;
	}
	edge->ipc_regmap = syscon_node_to_regmap(args.np);
	of_node_put(args.np);
	if (IS_ERR(edge->ipc_regmap))
		return PTR_ERR(edge->ipc_regmap);
	edge->ipc_offset = args.args[0];
	edge->ipc_bit = args.args[1];
	if (edge->ipc_bit >= 32)
		return -EINVAL;
	return 0;
}

static void smd_edge_release(struct device *dev)
{
	struct qcom_smd_edge *edge = container_of(dev, struct qcom_smd_edge, dev);
	struct smd_channel *ch;
	int t, i;

	for (t = 0; t < SMD_TABLE_COUNT; t++) {
		for (i = 0; i < SMD_TABLE_ENTRIES; i++) {
			ch = edge->chan[t][i];
			if (!ch)
				continue;
			kvfree(ch->stage);
			kfree(ch);
		}
	}
	of_node_put(dev->of_node);
	kfree(edge->name);
	kfree(edge);
}

/**
 * qcom_smd_register_edge() - register the SMD edge described by @node
 * @parent: device that owns the edge (a remoteproc, rpm-proc, or the
 *	    top-level "qcom,smd" device)
 * @node: the edge's Devicetree node ("smd-edge")
 *
 * Reads qcom,smd-edge (required), qcom,remote-pid, label, the interrupt
 * and the doorbell ("mboxes", or the deprecated "qcom,ipc"), then discovers
 * the channels the remote has allocated and registers an rpmsg device for
 * each it offers, plus an rpmsg_ctrl device for the edge.
 *
 * Return: the edge, or an ERR_PTR (-EPROBE_DEFER while the interrupt or
 * mailbox provider is not ready).
 */
struct qcom_smd_edge *qcom_smd_register_edge(struct device *parent,
					     struct device_node *node)
{
	struct qcom_smd_edge *edge;
	const char *label;
	u32 pid;
	int ret;

	/*
	 * Built in, a parent (rpm-proc, a remoteproc) may probe before our
	 * initcall has made the workqueue: ask to be probed again.
	 */
	if (!qcom_smem_is_available() || !READ_ONCE(smd_wq))
		return ERR_PTR(-EPROBE_DEFER);

	edge = kzalloc(sizeof(*edge), GFP_KERNEL);
	if (!edge)
		return ERR_PTR(-ENOMEM);
	mutex_init(&edge->lock);
	mutex_init(&edge->poll_lock);
	spin_lock_init(&edge->queue_lock);
	raw_spin_lock_init(&edge->budget_lock);
	INIT_DELAYED_WORK(&edge->scan_work, smd_scan_work);
	INIT_WORK(&edge->poll_work, smd_poll_work);
	init_waitqueue_head(&edge->new_channel);
	edge->smem_free = -1;
	edge->dev.parent = parent;
	edge->dev.release = smd_edge_release;
	edge->dev.of_node = of_node_get(node);
	dev_set_name(&edge->dev, "%s:%pOFn", dev_name(parent), node);
	device_initialize(&edge->dev);

	if (of_property_read_string(node, "label", &label))
		label = node->name;
	edge->name = kstrdup(label, GFP_KERNEL);
	ret = of_property_read_u32(node, "qcom,smd-edge", &edge->edge_id);
	if (ret || edge->edge_id > SMD_ENTRY_EDGE) {
		dev_err(parent, "%pOF: missing or bad qcom,smd-edge\n", node);
		ret = -EINVAL;
		goto put;
	}
	edge->remote_pid = QCOM_SMEM_HOST_ANY;
	if (!of_property_read_u32(node, "qcom,remote-pid", &pid))
		edge->remote_pid = pid;

	edge->irq = of_irq_get(node, 0);
	if (edge->irq <= 0) {
		ret = edge->irq ? edge->irq : -EINVAL;
		goto put;
	}
	ret = smd_edge_doorbell(edge, node);
	if (ret)
		goto put;

	ret = device_add(&edge->dev);
	if (ret)
		goto free_mbox;
	ret = request_threaded_irq(edge->irq, smd_edge_hardirq, smd_edge_irq,
				   IRQF_ONESHOT | IRQF_TRIGGER_RISING,
				   dev_name(&edge->dev), edge);
	if (ret)
		goto del;
	ret = smd_register_ctrl(edge);
	if (ret)
		goto free_irq;
	smd_debugfs_add(edge);
	smd_edge_queue_scan(edge);
	return edge;

free_irq:
	/* An interrupt may have queued work already: none may outlive us. */
	smd_edge_stop(edge);
	smd_edge_free_irq(edge);
	smd_edge_cancel_work(edge);
del:
	device_del(&edge->dev);
free_mbox:
	if (edge->mbox_chan)
		mbox_free_channel(edge->mbox_chan);
put:
	if (ret != -EPROBE_DEFER)
		dev_err(parent, "%pOF: cannot register SMD edge: %d\n", node, ret);
	put_device(&edge->dev);
	return ERR_PTR(ret);
}
EXPORT_SYMBOL_GPL(qcom_smd_register_edge);

/**
 * qcom_smd_unregister_edge() - tear an edge down (remote stopped or crashed)
 * @edge: edge from qcom_smd_register_edge()
 *
 * Every channel is closed first, which wakes blocked senders (-EPIPE), then
 * the rpmsg devices go (their drivers' endpoints are destroyed), then the
 * edge.  No interrupt or work item of the edge runs after this returns.
 */
void qcom_smd_unregister_edge(struct qcom_smd_edge *edge)
{
	struct smd_channel *ch;
	int t, i;

	smd_edge_stop(edge);
	smd_edge_free_irq(edge);

	/*
	 * Every channel CLOSED: blocked senders (also a callback blocked in
	 * a send) get -EPIPE, so the delivery work they hold up ends.
	 */
	for (t = 0; t < SMD_TABLE_COUNT; t++) {
		for (i = 0; i < SMD_TABLE_ENTRIES; i++) {
			ch = edge->chan[t][i];
			if (!ch)
				continue;
			mutex_lock(&ch->lock);
			smd_set_ready(ch, false);
			if (ch->state != SMD_ST_CLOSED)
				smd_set_state(ch, SMD_ST_CLOSED);
			mutex_unlock(&ch->lock);
		}
	}
	smd_edge_cancel_work(edge);
	smd_unregister_devices(edge);

	if (edge->mbox_chan)
		mbox_free_channel(edge->mbox_chan);
	smd_debugfs_remove(edge);
	device_unregister(&edge->dev);
}
EXPORT_SYMBOL_GPL(qcom_smd_unregister_edge);

/* ------------------------------------------------ top-level "qcom,smd" */

struct smd_top {
	int count;
	struct qcom_smd_edge *edges[];
};

static int smd_top_probe(struct platform_device *pdev)
{
	struct device_node *child;
	struct qcom_smd_edge *edge;
	struct smd_top *top;
	int n = 0;

	top = devm_kzalloc(&pdev->dev,
			   struct_size(top, edges, of_get_available_child_count(pdev->dev.of_node)),
			   GFP_KERNEL);
	if (!top)
		return -ENOMEM;
	for_each_available_child_of_node(pdev->dev.of_node, child) {
		edge = qcom_smd_register_edge(&pdev->dev, child);
		if (PTR_ERR(edge) == -EPROBE_DEFER) {
			/* Unlike upstream, retry the whole node later. */
			of_node_put(child);
			while (n--)
				qcom_smd_unregister_edge(top->edges[n]);
			return -EPROBE_DEFER;
		}
		if (!IS_ERR(edge))
			top->edges[n++] = edge;
	}
	top->count = n;
	platform_set_drvdata(pdev, top);
	return 0;
}

static void smd_top_remove(struct platform_device *pdev)
{
	struct smd_top *top = platform_get_drvdata(pdev);

	while (top->count--)
		qcom_smd_unregister_edge(top->edges[top->count]);
}

static const struct of_device_id smd_top_of_match[] = {
	{ .compatible = "qcom,smd" },
	{}
};
MODULE_DEVICE_TABLE(of, smd_top_of_match);

static struct platform_driver smd_top_driver = {
	.probe = smd_top_probe,
	.remove = smd_top_remove,
	.driver = {
		.name = "rpmsg-smd",
		.of_match_table = smd_top_of_match,
	},
};

static int __init smd_init(void)
{
	int ret;

	smd_wire_build_checks();
	smd_wq = alloc_workqueue("rpmsg_smd", WQ_HIGHPRI | WQ_UNBOUND, 0);
	if (!smd_wq)
		return -ENOMEM;
	smd_debugfs_init();
	ret = platform_driver_register(&smd_top_driver);
	if (ret) {
		smd_debugfs_exit();
		destroy_workqueue(smd_wq);
		smd_wq = NULL;
	}
	return ret;
}

/*
 * Built in, at the level of the SMEM and rpm-proc drivers (arch_initcall),
 * so the transport is ready before the DT's devices are populated and the
 * RPM's regulators and clocks come up early; in a module it is module_init.
 */
arch_initcall(smd_init);

static void __exit smd_exit(void)
{
	platform_driver_unregister(&smd_top_driver);
	smd_debugfs_exit();
	destroy_workqueue(smd_wq);
}
module_exit(smd_exit);

MODULE_DESCRIPTION("rpmsg transport over Qualcomm SMD");
MODULE_LICENSE("GPL");
