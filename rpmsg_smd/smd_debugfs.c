// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/debug/rpmsg_smd/<edge>/channels: one line per channel with
 * both states, both rings' indices, fifo size, variant and counters.
 */
#include <linux/debugfs.h>
#include <linux/io.h>
#include <linux/seq_file.h>

#include "smd_internal.h"

static struct dentry *smd_debugfs_root;

static int smd_channels_show(struct seq_file *s, void *unused)
{
	struct qcom_smd_edge *edge = s->private;
	struct smd_channel *ch;
	int t, i;

	seq_printf(s, "edge %s id=%u pid=%d irqs=%llu passes=%llu throttled=%llu scans=%llu rejected_entries=%llu hardirq_ns=%llu\n",
		   edge->name, edge->edge_id, (int)edge->remote_pid, edge->irqs, edge->passes,
		   edge->throttled, edge->scans, edge->rejected_entries, edge->hardirq_ns);
	for (t = 0; t < SMD_TABLE_COUNT; t++) {
		for (i = 0; i < SMD_TABLE_ENTRIES; i++) {
			/* Pairs with the release that publishes a channel. */
			ch = smp_load_acquire(&edge->chan[t][i]);
			if (!ch)
				continue;
			seq_printf(s, "chan %s table=%d cid=%u info=%s mode=%s fifo=%u",
				   ch->name, t + 1, ch->cid, ch->word ? "word" : "byte",
				   ch->stream ? "stream" : "packet", ch->fifo_size);
			seq_printf(s, " state=%u remote=%u quarantined=%d endpoint=%d",
				   READ_ONCE(ch->state), READ_ONCE(ch->remote_state),
				   READ_ONCE(ch->quarantined), !!READ_ONCE(ch->ept));
			seq_printf(s, " tx_head=%u tx_tail=%u rx_head=%u rx_tail=%u",
				   READ_ONCE(ch->tx_head), smd_remote_tail(ch),
				   smd_remote_head(ch), READ_ONCE(ch->rx_tail));
			seq_printf(s, " rx_pkts=%llu rx_bytes=%llu tx_pkts=%llu tx_bytes=%llu",
				   ch->stats.rx_pkts, ch->stats.rx_bytes,
				   ch->stats.tx_pkts, ch->stats.tx_bytes);
			seq_printf(s, " kicks=%llu drops=%llu bad_values=%llu",
				   ch->stats.kicks, ch->stats.drops, ch->stats.bad_values);
			/* The remote's lines (bits: DSR, CTS, CD, RI), as read and as told. */
			seq_printf(s, " signals=%#x reported=%#x\n",
				   READ_ONCE(ch->remote_signals), READ_ONCE(ch->reported_signals));
		}
	}
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(smd_channels);

/**
 * smd_debugfs_add() - the edge's directory
 * @edge: edge
 */
void smd_debugfs_add(struct qcom_smd_edge *edge)
{
	edge->debugfs = debugfs_create_dir(dev_name(&edge->dev), smd_debugfs_root);
	debugfs_create_file("channels", 0444, edge->debugfs, edge, &smd_channels_fops);
}

/**
 * smd_debugfs_remove() - remove the edge's directory
 * @edge: edge
 */
void smd_debugfs_remove(struct qcom_smd_edge *edge)
{
	debugfs_remove_recursive(edge->debugfs);
}

/** smd_debugfs_init() - create /sys/kernel/debug/rpmsg_smd */
void smd_debugfs_init(void)
{
	smd_debugfs_root = debugfs_create_dir("rpmsg_smd", NULL);
}

/** smd_debugfs_exit() - remove it */
void smd_debugfs_exit(void)
{
	debugfs_remove_recursive(smd_debugfs_root);
}
