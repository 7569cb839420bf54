// SPDX-License-Identifier: GPL-2.0
/*
 * Control and observation: /sys/kernel/debug/smd_sim/
 *
 *   faults           the fault catalogue: name, target, expected behaviour
 *   <edge>/ctl       write one command per write (see docs/simulator.md)
 *   <edge>/status    one line for the edge, one per channel, key=value
 *   rproc-<name>/ctl, rproc-<name>/status
 *                    a processor under remoteproc: "crash", and the
 *                    commands of its virtio services; status has one line
 *                    for the processor, one per virtio service
 *
 * A command that fails makes the write fail with its errno, so a shell
 * test sees "echo: write error" and a non-zero status.
 */
#include <linux/debugfs.h>
#include <linux/delay.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/soc/qcom/smem.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "sim.h"

#define SIM_CMD_MAX	256

static struct dentry *sim_root;

static int sim_faults_show(struct seq_file *s, void *unused)
{
	sim_fault_list(s);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(sim_faults);

static u32 sim_signals(struct sim_chan *ch, bool remote)
{
	u32 mask = 0;
	enum sim_flag f;

	for (f = SIM_F_DSR; f <= SIM_F_RI; f++)
		if (sim_get_flag(ch, remote, f))
			mask |= BIT(f);
	return mask;
}

static int sim_status_show(struct seq_file *s, void *unused)
{
	struct sim_edge *edge = s->private;
	struct sim_sink_stats *k;
	struct sim_chan *ch;

	mutex_lock(&edge->lock);
	seq_printf(s, "edge %s id=%u pid=%d halted=%d doorbells=%lld irqs=%llu passes=%llu fuzz=%s fuzz_batches=%llu fatal=%llu\n",
		   edge->name, edge->edge_id, edge->remote_pid, edge->halted,
		   atomic64_read(&edge->doorbells), edge->irqs_raised, edge->passes,
		   edge->fuzz_on ? "on" : "off", edge->fuzz_batches, edge->fatal_errors);
	list_for_each_entry(ch, &edge->chans, node) {
		k = &ch->sink;
		seq_printf(s, "chan %s table=%d cid=%u info=%s fifo=%u mode=%s svc=%s",
			   ch->name, ch->table + 1, ch->cid, ch->word ? "word" : "byte",
			   ch->fifo_size, ch->stream ? "stream" : "packet",
			   sim_service_names[ch->svc]);
		seq_printf(s, " state=%s apps=%s sig=%#x apps_sig=%#x",
			   sim_state_name(sim_get_state(ch, true)),
			   sim_state_name(sim_get_state(ch, false)),
			   sim_signals(ch, true), sim_signals(ch, false));
		seq_printf(s, " rx_head=%u rx_tail=%u tx_head=%u tx_tail=%u",
			   sim_get_head(ch, false), sim_get_tail(ch, false),
			   sim_get_head(ch, true), sim_get_tail(ch, true));
		seq_printf(s, " rx_pkts=%llu rx_bytes=%llu tx_pkts=%llu tx_bytes=%llu",
			   ch->rx_pkts, ch->rx_bytes, ch->tx_pkts, ch->tx_bytes);
		seq_printf(s, " sink_ok=%llu sink_bad=%llu sink_short=%llu",
			   k->ok, k->bad, k->short_pkts);
		if (k->mismatch)
			seq_printf(s, " sink_first=%s:seq%u@pkt%llu", k->first_bad_why,
				   k->first_bad_seq, k->first_bad_pkt);
		else
			seq_puts(s, " sink_first=none");
		seq_printf(s, " src_left=%llu stalled=%d apps_errors=%llu faults=%llu apps_blockread=%u\n",
			   ch->src_remaining, ch->stalled, ch->apps_errors, ch->faults,
			   sim_get_flag(ch, false, SIM_F_MASK_RECV_INTR));
	}
	mutex_unlock(&edge->lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(sim_status);

/* One line (or more) per channel of @edge running service @a or @b. */
static void sim_svc_show(struct seq_file *s, enum sim_service a, enum sim_service b,
			 void (*show)(struct seq_file *s, struct sim_chan *ch))
{
	struct sim_edge *edge = s->private;
	struct sim_chan *ch;

	mutex_lock(&edge->lock);
	list_for_each_entry(ch, &edge->chans, node)
		if (ch->svc == a || ch->svc == b)
			show(s, ch);
	mutex_unlock(&edge->lock);
}

/* What every "rpm" channel of the edge was asked (sim_rpm_show()). */
static int sim_rpm_state_show(struct seq_file *s, void *unused)
{
	sim_svc_show(s, SIM_SVC_RPM, SIM_SVC_RPM, sim_rpm_show);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(sim_rpm_state);

/* Every "qrtr" channel's node (sim_qrtr_show()). */
static int sim_qrtr_state_show(struct seq_file *s, void *unused)
{
	sim_svc_show(s, SIM_SVC_QRTR, SIM_SVC_QRTR, sim_qrtr_show);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(sim_qrtr_state);

/* Every "wcnss" and "hci" channel (sim_wcnss_show()). */
static int sim_wcnss_state_show(struct seq_file *s, void *unused)
{
	sim_svc_show(s, SIM_SVC_WCNSS, SIM_SVC_HCI, sim_wcnss_show);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(sim_wcnss_state);

/* The last NV image a "wcnss" channel of the edge received, as bytes. */
static ssize_t sim_wcnss_nv_file_read(struct file *file, char __user *ubuf,
				      size_t len, loff_t *ppos)
{
	struct sim_edge *edge = file->private_data;
	ssize_t ret;
	size_t n;
	void *buf;

	len = min_t(size_t, len, PAGE_SIZE);
	buf = kmalloc(len, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	mutex_lock(&edge->lock);
	n = sim_wcnss_nv_read(edge, buf, *ppos, len);
	mutex_unlock(&edge->lock);
	ret = n;
	if (n && copy_to_user(ubuf, buf, n))
		ret = -EFAULT;
	else
		*ppos += n;
	kfree(buf);
	return ret;
}

static const struct file_operations sim_wcnss_nv_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.read = sim_wcnss_nv_file_read,
	.llseek = default_llseek,
};

/* "key=value" options of the open command. */
static int sim_open_opts(char **w, int n, u32 *fifo, int *table, int *word,
			 u64 *count, u32 *size, int *apps_first, bool *mute,
			 int *lines)
{
	int i, ret = 0;
	char *v;

	for (i = 0; i < n && !ret; i++) {
		v = strchr(w[i], '=');
		if (!v)
			return -EINVAL;
		*v++ = '\0';
		if (!strcmp(w[i], "fifo")) {
			ret = kstrtou32(v, 0, fifo);
		} else if (!strcmp(w[i], "table")) {
			ret = kstrtoint(v, 0, table);
			if (!ret && *table != 1 && *table != 2)
				ret = -EINVAL;
			(*table)--;
		} else if (!strcmp(w[i], "info")) {
			if (!strcmp(v, "word"))
				*word = 1;
			else if (!strcmp(v, "byte"))
				*word = 0;
			else
				ret = -EINVAL;
		} else if (!strcmp(w[i], "count")) {
			ret = kstrtou64(v, 0, count);
		} else if (!strcmp(w[i], "size")) {
			ret = kstrtou32(v, 0, size);
		} else if (!strcmp(w[i], "opener")) {
			if (!strcmp(v, "apps"))
				*apps_first = 1;
			else if (!strcmp(v, "remote"))
				*apps_first = 0;
			else
				ret = -EINVAL;
		} else if (!strcmp(w[i], "lines")) {
			/* Our DSR/CTS/CD/RI (bits 0-3) once OPENED. */
			ret = kstrtoint(v, 0, lines);
			if (!ret && (*lines < 0 || *lines > 0xf))
				ret = -EINVAL;
		} else if (!strcmp(w[i], "answer")) {
			/* "never": listen (OPENING) but never reach OPENED. */
			*mute = !strcmp(v, "never");
			if (!*mute && strcmp(v, "yes"))
				ret = -EINVAL;
		} else {
			ret = -EINVAL;
		}
	}
	return ret;
}

static int sim_cmd_open(struct sim_edge *edge, char **w, int n)
{
	int table = -1, word = -1, apps_first = -1, lines = -1, svc;
	bool mute = false;
	u64 count = 0;
	u32 fifo = 0, size = 64;
	struct sim_chan *ch;
	int ret;

	if (n < 3)
		return -EINVAL;
	svc = match_string(sim_service_names, SIM_SVC_COUNT, w[2]);
	if (svc < 0)
		return svc;
	ret = sim_open_opts(w + 3, n - 3, &fifo, &table, &word, &count, &size,
			    &apps_first, &mute, &lines);
	if (ret)
		return ret;
	ch = sim_chan_find(edge, w[1]);
	if (ch) {
		/* An existing channel: change its service and reopen. */
		ch->svc = svc;
	} else {
		ch = sim_chan_create(edge, w[1], svc, fifo, table, word, false);
		if (IS_ERR(ch))
			return PTR_ERR(ch);
	}
	if (apps_first >= 0)
		ch->apps_first = apps_first;
	if (lines >= 0)
		ch->open_lines = lines;
	if (svc == SIM_SVC_SOURCE)
		sim_source_arm(ch, count, size);
	if (svc != SIM_SVC_IDLE)
		sim_chan_reopen(ch);
	if (mute)
		ch->open_policy = SIM_OPEN_STALL;
	if (svc == SIM_SVC_RACER)
		sim_racer_start(edge);
	return 0;
}

/*
 * smem-alloc ITEM SIZE [COUNT GAP_US]: bare SMEM items (free space changes,
 * no table entry used); with COUNT, items ITEM.. one every GAP_US, each
 * followed by an interrupt, as a remote allocating at interrupt rate.
 */
static int sim_cmd_smem_alloc(struct sim_edge *edge, char **w, int n)
{
	u32 item, size, count = 1, gap = 0, i;
	int ret;

	if (kstrtou32(w[1], 0, &item) || kstrtou32(w[2], 0, &size) || !size)
		return -EINVAL;
	if (n == 5 && (kstrtou32(w[3], 0, &count) || kstrtou32(w[4], 0, &gap) ||
		       !count || count > 100 || gap > 100000))
		return -EINVAL;
	for (i = 0; i < count; i++) {
		ret = qcom_smem_alloc(edge->remote_pid, item + i, size);
		if (ret)
			return ret;
		if (n == 3)
			break;
		sim_ipc_raise(edge->ipc, edge->irq_hwirq);
		edge->irqs_raised++;
		fsleep(gap);
	}
	edge->irq_due = true;
	return 0;
}

static int sim_cmd(void *ctx, char **w, int n)
{
	struct sim_edge *edge = ctx;
	struct sim_chan *ch = NULL;
	u64 count;
	u32 a, b;
	int ret;

	if (!strcmp(w[0], "open"))
		return sim_cmd_open(edge, w, n);
	if (!strcmp(w[0], "crash")) {
		sim_edge_crash(edge);
		return 0;
	}
	if (!strcmp(w[0], "restart")) {
		sim_edge_restart(edge);
		return 0;
	}
	if (!strcmp(w[0], "close-edge")) {
		list_for_each_entry(ch, &edge->chans, node)
			sim_chan_close(ch);
		return 0;
	}
	if (!strcmp(w[0], "irq")) {
		edge->irq_due = true;
		return 0;
	}
	if (!strcmp(w[0], "pong") && n == 2 &&
	    (!strcmp(w[1], "on") || !strcmp(w[1], "off"))) {
		edge->pong = !strcmp(w[1], "on");
		return 0;
	}
	if (!strcmp(w[0], "smem-alloc") && (n == 3 || n == 5))
		return sim_cmd_smem_alloc(edge, w, n);
	if (!strcmp(w[0], "fuzz") && n == 2 && !strcmp(w[1], "stop")) {
		edge->fuzz_on = false;
		return 0;
	}
	if (!strcmp(w[0], "fuzz") && n == 3) {
		if (kstrtou32(w[1], 0, &a) || kstrtou32(w[2], 0, &b))
			return -EINVAL;
		if (b)
			return sim_fuzz(edge, a, b);
		/* Continuous: batches from a work item until "fuzz stop". */
		if (edge->fuzz_on)
			return -EBUSY;
		edge->fuzz_on = true;
		edge->fuzz_seed = a;
		edge->fuzz_batches = 0;
		schedule_delayed_work(&edge->fuzz_work, 0);
		return 0;
	}
	if (!strcmp(w[0], "inject") && (n == 3 || n == 4))
		return sim_fault_inject(edge, w[1], w[2], n == 4 ? w[3] : NULL);

	/* The rest name a channel. */
	if (n < 2)
		return -EINVAL;
	ch = sim_chan_find(edge, w[1]);
	if (!ch)
		return -ENOENT;
	if (!strcmp(w[0], "close") && n == 2) {
		sim_chan_close(ch);
	} else if (!strcmp(w[0], "reopen") && n == 2) {
		sim_chan_reopen(ch);
	} else if (!strcmp(w[0], "relisten") && n == 2) {
		/* A restart of our side: rings back to 0, OPENED -> OPENING. */
		ch->want_open = true;
		sim_chan_relisten(ch);
	} else if (!strcmp(w[0], "send") && n == 4) {
		ret = kstrtou64(w[2], 0, &count);
		if (ret || kstrtou32(w[3], 0, &a) || a > ch->fifo_size)
			return -EINVAL;
		sim_source_arm(ch, count, a);
	} else if (!strcmp(w[0], "rpm-fail") && n == 5) {
		return sim_rpm_fail(ch, w[2], w[3], w[4]);
	} else if (!strcmp(w[0], "qrtr-bye") && n == 2) {
		return sim_qrtr_bye(ch);
	} else if (!strcmp(w[0], "wcnss-coldboot") && n == 3) {
		bool on;

		if (kstrtobool(w[2], &on))
			return -EINVAL;
		return sim_wcnss_coldboot(ch, on);
	} else if (!strcmp(w[0], "stall") && n == 3) {
		if (kstrtobool(w[2], &ch->stalled))
			return -EINVAL;
	} else if (!strcmp(w[0], "signals") && n == 3) {
		/* Set our DSR/CTS/CD/RI from a 4-bit mask. */
		if (kstrtou32(w[2], 0, &a) || a > 0xf)
			return -EINVAL;
		sim_put_flag(ch, true, SIM_F_DSR, a & 1);
		sim_put_flag(ch, true, SIM_F_CTS, !!(a & 2));
		sim_put_flag(ch, true, SIM_F_CD, !!(a & 4));
		sim_put_flag(ch, true, SIM_F_RI, !!(a & 8));
		sim_put_flag(ch, true, SIM_F_STATE_UPDATED, 1);
		edge->irq_due = true;
	} else if (!strcmp(w[0], "reset-stats") && n == 2) {
		memset(&ch->sink, 0, sizeof(ch->sink));
		ch->rx_pkts = 0;
		ch->rx_bytes = 0;
		ch->tx_pkts = 0;
		ch->tx_bytes = 0;
		ch->src_seq = 0;
	} else {
		return -EINVAL;
	}
	return 0;
}

/**
 * sim_split_words() - split @buf in place at blanks
 * @buf: text, modified
 * @w: the words
 * @max: room in @w
 *
 * Return: the number of words, or -E2BIG when there are more than @max.
 */
int sim_split_words(char *buf, char **w, int max)
{
	char *p = strim(buf);
	int n = 0;

	while (p && *p && n < max) {
		w[n] = strsep(&p, " \t");
		if (*w[n])
			n++;
	}
	if (p && *p)
		return -E2BIG;
	return n;
}

/* One command per write; its words are handed to @run under @lock. */
static ssize_t sim_ctl_parse(const char __user *ubuf, size_t len, struct mutex *lock,
			     int (*run)(void *ctx, char **w, int n), void *ctx)
{
	char *buf, *w[SIM_CMD_WORDS];
	int n, ret;

	if (len >= SIM_CMD_MAX)
		return -E2BIG;
	buf = memdup_user_nul(ubuf, len);
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	n = sim_split_words(buf, w, SIM_CMD_WORDS);
	if (n <= 0) {
		kfree(buf);
		return -EINVAL;
	}
	mutex_lock(lock);
	ret = run(ctx, w, n);
	mutex_unlock(lock);
	kfree(buf);
	return ret ? ret : len;
}

static ssize_t sim_ctl_write(struct file *file, const char __user *ubuf,
			     size_t len, loff_t *ppos)
{
	struct sim_edge *edge = file->private_data;
	ssize_t ret;

	ret = sim_ctl_parse(ubuf, len, &edge->lock, sim_cmd, edge);
	sim_edge_kick(edge);
	return ret;
}

static const struct file_operations sim_ctl_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = sim_ctl_write,
	.llseek = noop_llseek,
};

/**
 * sim_debugfs_add_edge() - create <edge>/ctl and <edge>/status
 * @edge: the new edge
 */
void sim_debugfs_add_edge(struct sim_edge *edge)
{
	edge->dir = debugfs_create_dir(edge->name, sim_root);
	debugfs_create_file("ctl", 0200, edge->dir, edge, &sim_ctl_fops);
	debugfs_create_file("status", 0444, edge->dir, edge, &sim_status_fops);
	debugfs_create_file("rpm", 0444, edge->dir, edge, &sim_rpm_state_fops);
	debugfs_create_file("qrtr", 0444, edge->dir, edge, &sim_qrtr_state_fops);
	debugfs_create_file("wcnss", 0444, edge->dir, edge, &sim_wcnss_state_fops);
	debugfs_create_file("wcnss_nv", 0444, edge->dir, edge, &sim_wcnss_nv_fops);
}

static ssize_t sim_proc_ctl_write(struct file *file, const char __user *ubuf,
				  size_t len, loff_t *ppos)
{
	struct sim_proc *proc = file->private_data;
	ssize_t ret;

	ret = sim_ctl_parse(ubuf, len, &proc->lock, sim_proc_cmd, proc);
	queue_work(proc->wq, &proc->work);
	return ret;
}

static const struct file_operations sim_proc_ctl_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = sim_proc_ctl_write,
	.llseek = noop_llseek,
};

static int sim_proc_status_show(struct seq_file *s, void *unused)
{
	struct sim_proc *proc = s->private;

	mutex_lock(&proc->lock);
	sim_proc_show(s, proc);
	mutex_unlock(&proc->lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(sim_proc_status);

/**
 * sim_debugfs_add_proc() - create rproc-<name>/ctl and rproc-<name>/status
 * @proc: the new processor
 */
void sim_debugfs_add_proc(struct sim_proc *proc)
{
	proc->dir = debugfs_create_dir(proc->name, sim_root);
	debugfs_create_file("ctl", 0200, proc->dir, proc, &sim_proc_ctl_fops);
	debugfs_create_file("status", 0444, proc->dir, proc, &sim_proc_status_fops);
}

/**
 * sim_debugfs_init() - create the smd_sim directory and the catalogue file
 *
 * Return: 0.
 */
int sim_debugfs_init(void)
{
	sim_root = debugfs_create_dir("smd_sim", NULL);
	debugfs_create_file("faults", 0444, sim_root, NULL, &sim_faults_fops);
	return 0;
}
