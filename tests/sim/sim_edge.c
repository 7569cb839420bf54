// SPDX-License-Identifier: GPL-2.0
/*
 * Simulated edges: their channels in SMEM and the remote's state machine.
 *
 * DT: a node "rpmsg-smd,sim" whose children each simulate the remote end of
 * one APPS edge node (rpmsg-smd,apps-edge = <&edge>).  Everything the
 * remote must agree on is read from that APPS node: qcom,smd-edge,
 * qcom,remote-pid, the interrupt line (ours to raise) and the doorbell
 * ("mboxes" on our controller, or "qcom,ipc" on a syscon we watch).
 *
 * The remote allocates channels the way firmware does: the info and fifo
 * items first (through qcom_smem, as host "qcom,remote-pid"), then the
 * allocation-table entry, its ref_count last.  Its half of the channel then
 * goes CLOSED -> OPENING; it answers APPS's OPENING with OPENED (asserting
 * DSR/CTS/CD); when APPS closes, it drops its signals and listens again.
 */
#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/module.h>
#include <linux/of.h>
#include <linux/of_irq.h>
#include <linux/platform_device.h>
#include <linux/slab.h>
#include <linux/soc/qcom/smem.h>
#include <linux/string.h>

#include "sim.h"
#include "sim_vwire.h"

/* Orders allocation-table updates between edges that share a table. */
DEFINE_MUTEX(sim_table_lock);
static LIST_HEAD(sim_edges);

/*
 * Allocation entries the simulator wrote itself (channels and fault
 * cases), so that it adopts only entries APPS allocated.  sim_table_lock.
 */
#define SIM_MAX_SLOTS	1024
static const void __iomem *sim_slots[SIM_MAX_SLOTS];
static unsigned int sim_nslots;

/**
 * sim_slot_mark() - remember that the simulator wrote @entry
 * @entry: allocation-table entry
 */
void sim_slot_mark(const struct sim_alloc_entry __iomem *entry)
{
	lockdep_assert_held(&sim_table_lock);
	if (sim_nslots < SIM_MAX_SLOTS)
		sim_slots[sim_nslots++] = entry;
}

static bool sim_slot_known(const struct sim_alloc_entry __iomem *entry)
{
	unsigned int i;

	for (i = 0; i < sim_nslots; i++)
		if (sim_slots[i] == entry)
			return true;
	return false;
}

const char *const sim_service_names[SIM_SVC_COUNT] = {
	[SIM_SVC_ECHO] = "echo",
	[SIM_SVC_SINK] = "sink",
	[SIM_SVC_SOURCE] = "source",
	[SIM_SVC_SIGECHO] = "sigecho",
	[SIM_SVC_STREAM] = "stream",
	[SIM_SVC_IDLE] = "idle",
	[SIM_SVC_RACER] = "racer",
	[SIM_SVC_RPM] = "rpm",
	[SIM_SVC_QRTR] = "qrtr",
	[SIM_SVC_WCNSS] = "wcnss",
	[SIM_SVC_HCI] = "hci",
};

static const char *const sim_state_names[] = {
	"CLOSED", "OPENING", "OPENED", "FLUSHING", "CLOSING", "RESET",
	"RESET_OPENING",
};

const char *sim_state_name(u32 state)
{
	return state < ARRAY_SIZE(sim_state_names) ? sim_state_names[state] : "INVALID";
}

static const struct {
	unsigned int alloc, info, fifo;
} sim_items[SIM_TABLES] = {
	{ SIM_T1_ALLOC_ITEM, SIM_T1_INFO_BASE, SIM_T1_FIFO_BASE },
	{ SIM_T2_ALLOC_ITEM, SIM_T2_INFO_BASE, SIM_T2_FIFO_BASE },
};

/**
 * sim_item_ids() - SMEM items of channel @cid in table @table
 * @table: 0 or 1
 * @cid: channel id
 * @info: info item number
 * @fifo: fifo item number
 *
 * Return: 0, or -EINVAL when @table is not a table.
 */
int sim_item_ids(int table, u32 cid, unsigned int *info, unsigned int *fifo)
{
	if (table < 0 || table >= SIM_TABLES)
		return -EINVAL;
	*info = sim_items[table].info + cid;
	*fifo = sim_items[table].fifo + cid;
	return 0;
}

/* The allocation table @table, created as firmware would if missing. */
static struct sim_alloc_entry __iomem *sim_table(struct sim_edge *edge, int table)
{
	size_t size = SIM_TABLE_ENTRIES * sizeof(struct sim_alloc_entry);
	unsigned int item = sim_items[table].alloc;
	void *p;
	int ret;

	ret = qcom_smem_alloc(edge->remote_pid, item, size);
	if (ret && ret != -EEXIST)
		return IOMEM_ERR_PTR(ret);
	p = qcom_smem_get(edge->remote_pid, item, &size);
	if (IS_ERR(p))
		return (void __iomem __force *)p;
	if (size < SIM_TABLE_ENTRIES * sizeof(struct sim_alloc_entry))
		return IOMEM_ERR_PTR(-ENOSPC);
	return (struct sim_alloc_entry __iomem __force *)p;
}

/**
 * sim_alloc_entry() - find a free allocation-table slot
 * @edge: edge that allocates
 * @table: 0, 1, or -1 for the first table with room
 * @slot: the slot index found (used as the channel id)
 * @entry: the slot
 *
 * Caller holds sim_table_lock.
 *
 * Return: the table used, or a negative errno.
 */
int sim_alloc_entry(struct sim_edge *edge, int table, u32 *slot,
		    struct sim_alloc_entry __iomem **entry)
{
	struct sim_alloc_entry __iomem *tbl;
	int t, i;

	lockdep_assert_held(&sim_table_lock);
	for (t = 0; t < SIM_TABLES; t++) {
		if (table >= 0 && t != table)
			continue;
		tbl = sim_table(edge, t);
		if (IS_ERR(tbl))
			return PTR_ERR(tbl);
		for (i = 0; i < SIM_TABLE_ENTRIES; i++) {
			if (readl(&tbl[i].ref_count) || readb(&tbl[i].name[0]))
				continue;
			*slot = i;
			*entry = &tbl[i];
			return t;
		}
	}
	return -ENOSPC;
}

static void __iomem *sim_item(struct sim_edge *edge, unsigned int item,
			      size_t want, size_t *size)
{
	void *p;
	int ret;

	ret = qcom_smem_alloc(edge->remote_pid, item, want);
	if (ret && ret != -EEXIST)
		return IOMEM_ERR_PTR(ret);
	p = qcom_smem_get(edge->remote_pid, item, size);
	return (void __iomem __force *)p;
}

/**
 * sim_chan_find() - channel of @edge named @name
 * @edge: edge, locked
 * @name: channel name
 *
 * Return: the channel or NULL.
 */
struct sim_chan *sim_chan_find(struct sim_edge *edge, const char *name)
{
	struct sim_chan *ch;

	list_for_each_entry(ch, &edge->chans, node)
		if (!strcmp(ch->name, name))
			return ch;
	return NULL;
}

/**
 * sim_chan_create() - allocate a channel in SMEM as the remote
 * @edge: edge, locked
 * @name: 1..19 characters
 * @svc: what the remote runs on it
 * @fifo: bytes per direction (0: the edge default)
 * @table: 0, 1, or -1 for the first with room
 * @word: 1 word variant, 0 byte variant, -1 the edge default
 * @stream: a stream-mode channel (no packet header)
 *
 * Return: the channel or an ERR_PTR.
 */
struct sim_chan *sim_chan_create(struct sim_edge *edge, const char *name,
				 enum sim_service svc, u32 fifo, int table,
				 int word, bool stream)
{
	struct sim_alloc_entry __iomem *entry;
	unsigned int info_item, fifo_item;
	size_t info_size, fifo_bytes;
	char wire_name[20] = {};
	struct sim_chan *ch;
	u32 cid;
	int t;

	lockdep_assert_held(&edge->lock);
	if (!*name || strlen(name) >= sizeof(wire_name))
		return ERR_PTR(-EINVAL);
	if (sim_chan_find(edge, name))
		return ERR_PTR(-EEXIST);
	if (!fifo)
		fifo = edge->default_fifo;
	if (fifo < 64 || fifo > SZ_128K || fifo % 4)
		return ERR_PTR(-EINVAL);

	ch = kzalloc(sizeof(*ch), GFP_KERNEL);
	if (!ch)
		return ERR_PTR(-ENOMEM);
	ch->buf = kzalloc(fifo, GFP_KERNEL);
	if (!ch->buf) {
		kfree(ch);
		return ERR_PTR(-ENOMEM);
	}
	ch->edge = edge;
	strscpy(ch->name, name, sizeof(ch->name));
	ch->svc = svc;
	ch->open_lines = -1;
	ch->word = word < 0 ? edge->word : word;
	ch->stream = stream || svc == SIM_SVC_STREAM;
	ch->fifo_size = fifo;

	mutex_lock(&sim_table_lock);
	t = sim_alloc_entry(edge, table, &cid, &entry);
	if (t < 0)
		goto fail;
	sim_slot_mark(entry);
	ch->table = t;
	ch->cid = cid;
	sim_item_ids(t, cid, &info_item, &fifo_item);

	ch->info = sim_item(edge, info_item, ch->word ? 2 * sizeof(struct sim_half_word) :
					     2 * sizeof(struct sim_half_byte), &info_size);
	if (IS_ERR(ch->info)) {
		t = PTR_ERR(ch->info);
		goto fail;
	}
	ch->info_size = info_size;
	ch->fifo = sim_item(edge, fifo_item, 2 * fifo, &fifo_bytes);
	if (IS_ERR(ch->fifo)) {
		t = PTR_ERR(ch->fifo);
		goto fail;
	}
	if (fifo_bytes < 2 * fifo || info_size < 2 * (ch->word ?
	    sizeof(struct sim_half_word) : sizeof(struct sim_half_byte))) {
		/* Left over from an earlier run with other sizes. */
		t = -EEXIST;
		goto fail;
	}
	sim_reset_own_half(ch);

	ch->flags = edge->edge_id | (ch->stream ? SIM_FLAG_STREAM : SIM_FLAG_PACKET);
	memcpy(wire_name, name, strlen(name));
	memcpy_toio(entry->name, wire_name, sizeof(wire_name));
	writel(cid, &entry->cid);
	writel(ch->flags, &entry->flags);
	/* The entry is complete before it counts as allocated. */
	wmb();
	writel(1, &entry->ref_count);
	mutex_unlock(&sim_table_lock);

	ch->want_open = svc != SIM_SVC_IDLE;
	list_add_tail(&ch->node, &edge->chans);
	/* Interrupt APPS even for an idle channel: its scan finds the entry. */
	edge->irq_due = true;
	return ch;

fail:
	mutex_unlock(&sim_table_lock);
	kfree(ch->buf);
	kfree(ch);
	return ERR_PTR(t);
}

/**
 * sim_chan_set_state() - write our state and tell APPS
 * @ch: channel, edge locked
 * @state: new state
 */
void sim_chan_set_state(struct sim_chan *ch, u32 state)
{
	bool open = state == SIM_OPENED;
	int lines = ch->open_lines;

	/* Firmware raises its lines as it opens; "lines=" picks others. */
	sim_put_flag(ch, true, SIM_F_DSR, open && (lines < 0 || lines & 1));
	sim_put_flag(ch, true, SIM_F_CTS, open && (lines < 0 || lines & 2));
	sim_put_flag(ch, true, SIM_F_CD, open && (lines < 0 || lines & 4));
	if (!open || lines >= 0)
		sim_put_flag(ch, true, SIM_F_RI, open && lines >= 0 && lines & 8);
	sim_put_state(ch, true, state);
	sim_put_flag(ch, true, SIM_F_STATE_UPDATED, 1);
	ch->state = state;
	ch->edge->irq_due = true;
}

/*
 * Start listening: both rings restart at offset 0, the position both sides
 * agree on after a close (APPS resets its write index to 0 when it closes).
 */
static void sim_chan_listen(struct sim_chan *ch)
{
	sim_put_head(ch, true, 0);
	sim_put_tail(ch, false, 0);
	sim_put_flag(ch, true, SIM_F_MASK_RECV_INTR, 1);
	memset(ch->apps_signals_seen, 0, sizeof(ch->apps_signals_seen));
	sim_chan_set_state(ch, SIM_OPENING);
}

/**
 * sim_chan_relisten() - the remote restarts its side of @ch at once
 * @ch: channel, edge locked
 *
 * OPENED -> OPENING in one step, rings back to 0: APPS must see a new
 * session, as after a close.  We stay in OPENING until APPS has left
 * OPENED (it reset its half), as firmware that restarted does: seen as a
 * state, or as APPS's fSTATE flag, which we clear here.
 */
void sim_chan_relisten(struct sim_chan *ch)
{
	/* APPS's fSTATE from here on tells of a state change since. */
	sim_put_flag(ch, false, SIM_F_STATE_UPDATED, 0);
	sim_chan_listen(ch);
	ch->open_policy = SIM_OPEN_AFTER_RESET;
}

/**
 * sim_chan_close() - the remote closes @ch
 * @ch: channel, edge locked
 */
void sim_chan_close(struct sim_chan *ch)
{
	ch->want_open = false;
	sim_chan_set_state(ch, SIM_CLOSED);
}

/**
 * sim_chan_reopen() - the remote opens @ch again (after close or a fault)
 * @ch: channel, edge locked
 */
void sim_chan_reopen(struct sim_chan *ch)
{
	ch->want_open = true;
	ch->open_policy = SIM_OPEN_NORMAL;
	ch->quiet_reads = false;
	if (ch->state != SIM_OPENING && ch->state != SIM_OPENED)
		sim_chan_set_state(ch, SIM_CLOSED);
}

static bool sim_apps_open(u32 apps)
{
	return apps == SIM_OPENING || apps == SIM_OPENED;
}

/*
 * A channel APPS allocated (RPMSG_CREATE_DEV_IOCTL on an edge whose remote
 * had not): firmware that supports it opens it; we run echo on it.  The
 * entry and its items are checked as APPS-provided input.
 */
static void sim_adopt(struct sim_edge *edge, int t, u32 slot,
		      struct sim_alloc_entry __iomem *e)
{
	unsigned int info_item, fifo_item;
	size_t info_size, fifo_size;
	char name[20];
	struct sim_chan *ch;
	void *info, *fifo;
	int i;

	memcpy_fromio(name, e->name, sizeof(name));
	for (i = 0; i < sizeof(name) && name[i] > 0x20 && name[i] < 0x7f; i++)
		;
	if (!i || i == sizeof(name) || name[i] || readl(&e->cid) != slot ||
	    !(readl(&e->flags) & SIM_FLAG_PACKET) || sim_chan_find(edge, name))
		return;
	sim_item_ids(t, slot, &info_item, &fifo_item);
	info = qcom_smem_get(edge->remote_pid, info_item, &info_size);
	fifo = qcom_smem_get(edge->remote_pid, fifo_item, &fifo_size);
	if (IS_ERR(info) || IS_ERR(fifo) ||
	    (info_size != 2 * sizeof(struct sim_half_byte) &&
	     info_size != 2 * sizeof(struct sim_half_word)) ||
	    fifo_size < 128 || fifo_size % 8)
		return;
	ch = kzalloc(sizeof(*ch), GFP_KERNEL);
	if (!ch)
		return;
	ch->buf = kzalloc(fifo_size / 2, GFP_KERNEL);
	if (!ch->buf) {
		kfree(ch);
		return;
	}
	ch->edge = edge;
	strscpy(ch->name, name, sizeof(ch->name));
	ch->svc = SIM_SVC_ECHO;
	ch->word = info_size == 2 * sizeof(struct sim_half_word);
	ch->table = t;
	ch->cid = slot;
	ch->flags = readl(&e->flags);
	ch->info = (void __iomem __force *)info;
	ch->info_size = info_size;
	ch->fifo = (void __iomem __force *)fifo;
	ch->fifo_size = fifo_size / 2;
	sim_reset_own_half(ch);
	ch->want_open = true;
	list_add_tail(&ch->node, &edge->chans);
	dev_info(edge->dev, "edge %s: adopted APPS-allocated channel %s\n",
		 edge->name, ch->name);
}

/* When SMEM changed, look for entries of this edge that APPS allocated. */
static void sim_adopt_scan(struct sim_edge *edge)
{
	struct sim_alloc_entry __iomem *tbl;
	int t, free;
	size_t size;
	void *p;
	u32 i;

	free = qcom_smem_get_free_space(edge->remote_pid);
	if (free == edge->smem_free)
		return;
	edge->smem_free = free;
	mutex_lock(&sim_table_lock);
	for (t = 0; t < SIM_TABLES; t++) {
		p = qcom_smem_get(edge->remote_pid, t ? SIM_T2_ALLOC_ITEM : SIM_T1_ALLOC_ITEM,
				  &size);
		if (IS_ERR(p))
			continue;
		tbl = (struct sim_alloc_entry __iomem __force *)p;
		for (i = 0; i < SIM_TABLE_ENTRIES && (i + 1) * sizeof(*tbl) <= size; i++) {
			if (!readl(&tbl[i].ref_count) || sim_slot_known(&tbl[i]) ||
			    (readl(&tbl[i].flags) & SIM_FLAG_EDGE_MASK) != edge->edge_id)
				continue;
			sim_slot_mark(&tbl[i]);
			sim_adopt(edge, t, i, &tbl[i]);
		}
	}
	mutex_unlock(&sim_table_lock);
}

/* One look at a channel: state machine, then its service. */
static void sim_chan_step(struct sim_chan *ch)
{
	u32 apps = sim_get_state(ch, false);

	if (ch->staged_len) {
		sim_fill_payload(ch->buf, ch->staged_len, 0);
		if (!sim_tx_packet(ch, ch->buf, ch->staged_len))
			ch->staged_len = 0;
	}

	switch (ch->state) {
	case SIM_CLOSED:
		/*
		 * Open as firmware does, except while APPS still shows OPENED:
		 * it has not seen our close yet and still uses the old rings.
		 * An "opener=apps" channel (the RPM of msm8953 and others)
		 * waits for APPS to open first.
		 */
		if (ch->want_open && apps != SIM_OPENED &&
		    (!ch->apps_first || apps == SIM_OPENING))
			sim_chan_listen(ch);
		break;
	case SIM_OPENING:
		/*
		 * After "relisten": APPS must first show it saw our restart,
		 * by a state other than OPENED or (when it went through one
		 * between two of our looks) by its fSTATE.
		 */
		if (ch->open_policy == SIM_OPEN_AFTER_RESET &&
		    (apps != SIM_OPENED || sim_get_flag(ch, false, SIM_F_STATE_UPDATED))) {
			sim_put_flag(ch, false, SIM_F_STATE_UPDATED, 0);
			ch->open_policy = SIM_OPEN_NORMAL;
		}
		if (ch->open_policy == SIM_OPEN_NORMAL && sim_apps_open(apps))
			sim_chan_set_state(ch, SIM_OPENED);
		break;
	case SIM_OPENED:
		if (!sim_apps_open(apps)) {
			/* APPS closed: drop our signals, listen again. */
			sim_chan_set_state(ch, SIM_CLOSED);
			if (ch->want_open && !ch->apps_first)
				sim_chan_listen(ch);
		} else if (apps == SIM_OPENING && ch->apps_state_seen == SIM_OPENED) {
			/*
			 * APPS closed and reopened between two looks: it has
			 * reset its ring, so we reset ours.
			 */
			sim_chan_listen(ch);
			sim_chan_set_state(ch, SIM_OPENED);
		}
		break;
	default:
		/* A state a fault case wrote: stay until told otherwise. */
		break;
	}
	ch->apps_state_seen = apps;

	if (ch->state == SIM_OPENED && apps == SIM_OPENED)
		sim_service_run(ch);
	else
		sim_service_idle(ch);
}

static void sim_edge_work(struct work_struct *work)
{
	struct sim_edge *edge = container_of(work, struct sim_edge, work);
	struct sim_chan *ch;
	bool raise, more;

	mutex_lock(&edge->lock);
	if (edge->halted) {
		mutex_unlock(&edge->lock);
		return;
	}
	edge->passes++;
	sim_adopt_scan(edge);
	list_for_each_entry(ch, &edge->chans, node)
		sim_chan_step(ch);
	raise = edge->irq_due || edge->pong;
	more = edge->more_work;
	edge->irq_due = false;
	edge->more_work = false;
	if (raise)
		edge->irqs_raised++;
	mutex_unlock(&edge->lock);

	if (raise)
		sim_ipc_raise(edge->ipc, edge->irq_hwirq);
	if (more)
		queue_work(edge->wq, &edge->work);
}

/**
 * sim_edge_doorbell() - APPS rang this edge (any context)
 * @edge: edge
 */
void sim_edge_doorbell(struct sim_edge *edge)
{
	atomic64_inc(&edge->doorbells);
	queue_work(edge->wq, &edge->work);
}

/**
 * sim_edge_kick() - run the remote's loop soon (after a command)
 * @edge: edge
 */
void sim_edge_kick(struct sim_edge *edge)
{
	queue_work(edge->wq, &edge->work);
}

/**
 * sim_edge_crash() - the remote stops responding
 * @edge: edge, locked
 *
 * SMEM is left as it is, as a crashed processor leaves it; doorbells are
 * ignored until sim_edge_restart().
 */
void sim_edge_crash(struct sim_edge *edge)
{
	edge->halted = true;
}

/**
 * sim_edge_restart() - the remote boots again
 * @edge: edge, locked
 *
 * Every channel's half is reset (CLOSED, signals cleared, rings empty), as
 * restarting firmware does; channels that had a service listen again once
 * APPS has seen them closed.
 */
void sim_edge_restart(struct sim_edge *edge)
{
	struct sim_chan *ch;

	list_for_each_entry(ch, &edge->chans, node) {
		sim_reset_own_half(ch);
		ch->open_policy = SIM_OPEN_NORMAL;
		ch->stalled = false;
		ch->quiet_reads = false;
	}
	edge->halted = false;
	edge->irq_due = true;
}

static void sim_edge_ring(void *edge)
{
	sim_edge_doorbell(edge);
}

static int sim_edge_wire(struct sim_edge *edge, struct device_node *apps)
{
	struct of_phandle_args args;
	struct sim_ipc *ipc;
	int ret;

	ret = of_irq_parse_one(apps, 0, &args);
	if (ret)
		return ret;
	ipc = sim_ipc_get(args.np);
	of_node_put(args.np);
	if (!ipc || args.args_count < 1)
		return -EPROBE_DEFER;
	edge->ipc = ipc;
	edge->irq_hwirq = args.args[0];

	if (!of_parse_phandle_with_args(apps, "mboxes", "#mbox-cells", 0, &args)) {
		ipc = sim_ipc_get(args.np);
		of_node_put(args.np);
		if (!ipc || args.args_count < 1)
			return -EPROBE_DEFER;
		return sim_ipc_bind_mbox(ipc, args.args[0], sim_edge_ring, edge);
	}
	ret = of_parse_phandle_with_fixed_args(apps, "qcom,ipc", 2, 0, &args);
	if (ret)
		return ret;
	ret = sim_ipc_bind_syscon(args.np, args.args[0], args.args[1], edge);
	of_node_put(args.np);
	return ret;
}

static int sim_edge_add(struct device *dev, struct device_node *np,
			struct sim_edge **added)
{
	struct device_node *apps;
	struct sim_edge *edge;
	u32 pid;
	int ret;

	apps = of_parse_phandle(np, "rpmsg-smd,apps-edge", 0);
	if (!apps)
		return dev_err_probe(dev, -EINVAL, "%pOF: no rpmsg-smd,apps-edge\n", np);

	/* Edges live as long as the module, which cannot be unloaded. */
	edge = kzalloc(sizeof(*edge), GFP_KERNEL);
	if (!edge) {
		ret = -ENOMEM;
		goto out;
	}
	edge->dev = dev;
	atomic64_set(&edge->doorbells, 0);
	edge->smem_free = -1;
	mutex_init(&edge->lock);
	INIT_LIST_HEAD(&edge->chans);
	INIT_WORK(&edge->work, sim_edge_work);
	INIT_DELAYED_WORK(&edge->fuzz_work, sim_fuzz_work);
	INIT_DELAYED_WORK(&edge->racer_work, sim_racer_work);
	ret = of_property_read_u32(apps, "qcom,smd-edge", &edge->edge_id);
	if (ret) {
		dev_err(dev, "%pOF: no qcom,smd-edge\n", apps);
		goto out;
	}
	edge->remote_pid = QCOM_SMEM_HOST_ANY;
	if (!of_property_read_u32(apps, "qcom,remote-pid", &pid))
		edge->remote_pid = pid;
	if (of_property_read_string(np, "label", &edge->name) &&
	    of_property_read_string(apps, "label", &edge->name))
		edge->name = apps->name;
	edge->name = kstrdup(edge->name, GFP_KERNEL);
	if (!edge->name) {
		ret = -ENOMEM;
		goto out;
	}
	edge->word = of_property_read_bool(np, "rpmsg-smd,word-info");
	edge->default_fifo = SZ_8K;
	of_property_read_u32(np, "rpmsg-smd,fifo-size", &edge->default_fifo);

	ret = sim_edge_wire(edge, apps);
	if (ret) {
		dev_err_probe(dev, ret, "%pOF: cannot wire doorbells\n", apps);
		goto out;
	}
	edge->wq = alloc_ordered_workqueue("smd-sim-%s", 0, edge->name);
	if (!edge->wq) {
		ret = -ENOMEM;
		goto out;
	}
	list_add_tail(&edge->node, &sim_edges);
	sim_debugfs_add_edge(edge);
	dev_info(dev, "edge %s: id %u, remote pid %d, %s info, irq line %u\n",
		 edge->name, edge->edge_id, edge->remote_pid,
		 edge->word ? "word" : "byte", edge->irq_hwirq);
	of_node_put(apps);
	*added = edge;
	return 0;
out:
	if (edge)
		kfree(edge->name);
	kfree(edge);
	of_node_put(apps);
	return ret;
}

/* Every doorbell provider an edge names must be bound before we add any. */
static int sim_providers_ready(struct device_node *parent)
{
	struct of_phandle_args args;
	struct device_node *np, *apps;
	bool ready = true;

	for_each_available_child_of_node(parent, np) {
		apps = of_parse_phandle(np, "rpmsg-smd,rproc", 0);
		if (apps &&
		    !of_parse_phandle_with_args(apps, "mboxes", "#mbox-cells", 0, &args)) {
			ready &= !!sim_ipc_get(args.np);
			of_node_put(args.np);
		}
		of_node_put(apps);
		apps = of_parse_phandle(np, "rpmsg-smd,apps-edge", 0);
		if (apps && !of_irq_parse_one(apps, 0, &args)) {
			ready &= !!sim_ipc_get(args.np);
			of_node_put(args.np);
		}
		if (apps &&
		    !of_parse_phandle_with_args(apps, "mboxes", "#mbox-cells", 0, &args)) {
			ready &= !!sim_ipc_get(args.np);
			of_node_put(args.np);
		}
		of_node_put(apps);
	}
	return ready ? 0 : -EPROBE_DEFER;
}

static int sim_probe(struct platform_device *pdev)
{
	struct device_node *np;
	int ret;

	if (!qcom_smem_is_available())
		return -EPROBE_DEFER;
	ret = sim_providers_ready(pdev->dev.of_node);
	if (ret)
		return ret;
	for_each_available_child_of_node(pdev->dev.of_node, np) {
		struct sim_edge *edge = NULL;

		ret = 0;
		if (of_property_present(np, "rpmsg-smd,apps-edge"))
			ret = sim_edge_add(&pdev->dev, np, &edge);
		if (!ret && of_property_present(np, "rpmsg-smd,rproc"))
			ret = sim_proc_add(&pdev->dev, np, edge);
		if (ret) {
			of_node_put(np);
			return ret;
		}
	}
	return 0;
}

static const struct of_device_id sim_of_match[] = {
	{ .compatible = "rpmsg-smd,sim" },
	{}
};
MODULE_DEVICE_TABLE(of, sim_of_match);

static struct platform_driver sim_driver = {
	.probe = sim_probe,
	.driver = {
		.name = "smd-sim",
		.of_match_table = sim_of_match,
		.suppress_bind_attrs = true,
	},
};

static int __init sim_init(void)
{
	int ret;

	sim_wire_check();
	sim_vwire_check();
	ret = sim_debugfs_init();
	if (ret)
		return ret;
	ret = sim_ipc_register();
	if (ret)
		return ret;
	return platform_driver_register(&sim_driver);
}
module_init(sim_init);

MODULE_DESCRIPTION("Simulated remote processor for SMD (test only)");
MODULE_LICENSE("GPL");
