// SPDX-License-Identifier: GPL-2.0
/*
 * Processors under remoteproc.
 *
 * A child of the smd-sim node with "rpmsg-smd,rproc" is a processor whose
 * remoteproc driver (sim_rproc.ko) is bound to the node that property
 * names.  The processor has SIM_FW_MEM_SIZE bytes of memory at device
 * address 0, into which remoteproc loads an ELF image.  Booting runs what the
 * image's manifest (at SIM_FW_MANIFEST_DA, see sim_vwire.h) lists:
 *
 *   rpmsg-smd-sim-fw 1
 *   smd <channel> <service>             a channel on the processor's SMD edge
 *   virtio <name> <service> <address>   a virtio-rpmsg service, announced
 *                                       through the name service
 *
 * The SMD edge is the one the same node describes ("rpmsg-smd,apps-edge"):
 * it is halted until the first boot and whenever the processor is halted.
 * A virtio service needs a vdev in the image's resource table.
 *
 * Doorbells from APPS arrive on the mailbox channel the remoteproc node names;
 * the processor raises two lines of the interrupt controller towards APPS,
 * "vring" (used buffers) and "wdog" (a crash, from the "crash" command).
 */
#include <linux/device.h>
#include <linux/module.h>
#include <linux/of.h>
#include <linux/of_irq.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "sim.h"
#include "sim_proc.h"
#include "sim_vwire.h"

static LIST_HEAD(sim_procs);
static DEFINE_MUTEX(sim_procs_lock);

/**
 * sim_proc_get() - the processor behind the remoteproc node @rproc_np
 * @rproc_np: the remoteproc driver's DT node
 *
 * Return: the processor, or NULL if the simulator has none (yet) for it.
 */
struct sim_proc *sim_proc_get(struct device_node *rproc_np)
{
	struct sim_proc *proc, *found = NULL;

	mutex_lock(&sim_procs_lock);
	list_for_each_entry(proc, &sim_procs, node)
		if (proc->rproc_np == rproc_np)
			found = proc;
	mutex_unlock(&sim_procs_lock);
	return found;
}
EXPORT_SYMBOL_GPL(sim_proc_get);

/**
 * sim_proc_da_to_va() - where device addresses [@da, @da + @len) live
 * @proc: processor
 * @da: device address
 * @len: length
 *
 * Return: the kernel address, or NULL outside the processor's memory.
 */
void *sim_proc_da_to_va(struct sim_proc *proc, u64 da, size_t len)
{
	if (da >= SIM_FW_MEM_SIZE || len > SIM_FW_MEM_SIZE - da)
		return NULL;
	return proc->mem + da;
}
EXPORT_SYMBOL_GPL(sim_proc_da_to_va);

static void sim_proc_fail(struct sim_proc *proc, const char *why)
{
	strscpy(proc->fw_error, why, sizeof(proc->fw_error));
	dev_err(proc->dev, "%s: firmware refused: %s\n", proc->name, why);
}

/* One "smd" manifest line: the channel exists (it survives restarts). */
static int sim_proc_smd_line(struct sim_proc *proc, char **w, int n)
{
	struct sim_edge *edge = proc->edge;
	struct sim_chan *ch;
	int svc;

	if (!edge || n != 3)
		return -EINVAL;
	svc = match_string(sim_service_names, SIM_SVC_COUNT, w[2]);
	if (svc < 0)
		return svc;
	mutex_lock(&edge->lock);
	ch = sim_chan_find(edge, w[1]);
	if (!ch)
		ch = sim_chan_create(edge, w[1], svc, edge->default_fifo, -1, -1,
				     svc == SIM_SVC_STREAM);
	if (!IS_ERR(ch)) {
		ch->svc = svc;
		ch->want_open = svc != SIM_SVC_IDLE;
	}
	mutex_unlock(&edge->lock);
	return PTR_ERR_OR_ZERO(ch);
}

static int sim_proc_virtio_line(struct sim_proc *proc, char **w, int n)
{
	u32 addr;
	int svc;

	if (!proc->vdev || n != 4 || kstrtou32(w[3], 0, &addr))
		return -EINVAL;
	svc = match_string(sim_service_names, SIM_SVC_COUNT, w[2]);
	if (svc < 0)
		return svc;
	return sim_vdev_add_service(proc->vdev, w[1], svc, addr);
}

/* Run the manifest; proc->lock held. */
static int sim_proc_manifest(struct sim_proc *proc)
{
	char *text, *p, *line, *w[SIM_CMD_WORDS];
	int n, ret = 0;

	text = kmemdup_nul(proc->mem + SIM_FW_MANIFEST_DA, SIM_FW_MANIFEST_MAX - 1,
			   GFP_KERNEL);
	if (!text)
		return -ENOMEM;
	p = text;
	line = strsep(&p, "\n");
	if (strcmp(line, SIM_FW_MAGIC)) {
		sim_proc_fail(proc, "no manifest");
		ret = -EINVAL;
		goto out;
	}
	while (p && *p) {
		line = strsep(&p, "\n");
		n = sim_split_words(line, w, SIM_CMD_WORDS);
		if (n == 0)
			continue;
		if (n < 0)
			ret = n;
		else if (!strcmp(w[0], "smd"))
			ret = sim_proc_smd_line(proc, w, n);
		else if (!strcmp(w[0], "virtio"))
			ret = sim_proc_virtio_line(proc, w, n);
		else
			ret = -EINVAL;
		if (ret) {
			sim_proc_fail(proc, "bad manifest line");
			break;
		}
	}
out:
	kfree(text);
	return ret;
}

/**
 * sim_proc_boot() - release the processor from reset
 * @proc: processor, with its image loaded
 *
 * Return: 0, or -EINVAL when the image is not one of ours (no manifest, a
 * malformed resource table, a service without its transport).
 */
int sim_proc_boot(struct sim_proc *proc)
{
	struct sim_edge *edge = proc->edge;
	int ret;

	mutex_lock(&proc->lock);
	if (proc->running) {
		mutex_unlock(&proc->lock);
		return -EBUSY;
	}
	proc->fw_error[0] = '\0';
	proc->vdev = sim_vdev_create(proc, proc->mem + SIM_FW_RSC_DA, SIM_FW_RSC_MAX);
	if (IS_ERR(proc->vdev)) {
		ret = PTR_ERR(proc->vdev);
		proc->vdev = NULL;
		if (ret == -EINVAL)
			sim_proc_fail(proc, "bad resource table");
		goto out;
	}
	ret = sim_proc_manifest(proc);
	if (ret) {
		sim_vdev_destroy(proc->vdev);
		proc->vdev = NULL;
		goto out;
	}
	proc->running = true;
	proc->boots++;
	if (edge) {
		mutex_lock(&edge->lock);
		sim_edge_restart(edge);
		mutex_unlock(&edge->lock);
		sim_edge_kick(edge);
	}
out:
	mutex_unlock(&proc->lock);
	return ret;
}
EXPORT_SYMBOL_GPL(sim_proc_boot);

/* Stop executing: the SMD edge stops, the virtio remote's loop stops. */
static void sim_proc_stop(struct sim_proc *proc)
{
	struct sim_edge *edge = proc->edge;

	proc->running = false;
	if (edge) {
		mutex_lock(&edge->lock);
		sim_edge_crash(edge);
		mutex_unlock(&edge->lock);
	}
}

/**
 * sim_proc_halt() - put the processor in reset
 * @proc: processor
 *
 * After this returns the processor touches no memory of its own nor any
 * vring: remoteproc may free them.
 */
void sim_proc_halt(struct sim_proc *proc)
{
	mutex_lock(&proc->lock);
	if (proc->running)
		sim_proc_stop(proc);
	proc->halts++;
	mutex_unlock(&proc->lock);
	cancel_work_sync(&proc->work);
	mutex_lock(&proc->lock);
	sim_vdev_destroy(proc->vdev);
	proc->vdev = NULL;
	mutex_unlock(&proc->lock);
}
EXPORT_SYMBOL_GPL(sim_proc_halt);

static void sim_proc_work(struct work_struct *work)
{
	struct sim_proc *proc = container_of(work, struct sim_proc, work);

	mutex_lock(&proc->lock);
	if (proc->running && proc->vdev)
		sim_vdev_run(proc->vdev);
	mutex_unlock(&proc->lock);
}

/* APPS kicked a vring (mailbox, any context). */
static void sim_proc_ring(void *ctx)
{
	struct sim_proc *proc = ctx;

	atomic64_inc(&proc->kicks);
	queue_work(proc->wq, &proc->work);
}

/**
 * sim_proc_cmd() - a command written to rproc-<name>/ctl
 * @ctx: the processor, locked
 * @w: words
 * @n: how many
 *
 * "crash" stops the processor where it is and bites the watchdog; other
 * commands go to the virtio remote.
 *
 * Return: 0 or a negative errno.
 */
int sim_proc_cmd(void *ctx, char **w, int n)
{
	struct sim_proc *proc = ctx;

	if (n == 1 && !strcmp(w[0], "crash")) {
		if (!proc->running)
			return -EINVAL;
		sim_proc_stop(proc);
		proc->crashes++;
		sim_ipc_raise(proc->ipc, proc->wdog_hwirq);
		return 0;
	}
	if (!proc->vdev)
		return -ENODEV;
	return sim_vdev_cmd(proc->vdev, w, n);
}

/**
 * sim_proc_show() - rproc-<name>/status
 * @s: seq file
 * @proc: processor, locked
 */
void sim_proc_show(struct seq_file *s, struct sim_proc *proc)
{
	seq_printf(s, "proc %s running=%d boots=%llu halts=%llu crashes=%llu kicks=%lld edge=%s fw_error=%s\n",
		   proc->name, proc->running, proc->boots, proc->halts,
		   proc->crashes, atomic64_read(&proc->kicks),
		   proc->edge ? proc->edge->name : "none",
		   proc->fw_error[0] ? proc->fw_error : "none");
	if (proc->vdev)
		sim_vdev_show(s, proc->vdev);
}

static int sim_proc_irq_line(struct device_node *np, const char *name,
			     struct sim_proc *proc, unsigned int *hwirq)
{
	struct of_phandle_args args;
	int idx, ret;

	idx = of_property_match_string(np, "interrupt-names", name);
	if (idx < 0)
		return idx;
	ret = of_irq_parse_one(np, idx, &args);
	if (ret)
		return ret;
	of_node_put(args.np);
	if (args.args_count < 1 || sim_ipc_get(args.np) != proc->ipc)
		return -EINVAL;
	*hwirq = args.args[0];
	return 0;
}

/* Doorbells and interrupt lines, as the remoteproc node describes them. */
static int sim_proc_wire(struct sim_proc *proc)
{
	struct device_node *np = proc->rproc_np;
	struct of_phandle_args args;
	int ret;

	ret = of_parse_phandle_with_args(np, "mboxes", "#mbox-cells", 0, &args);
	if (ret)
		return ret;
	proc->ipc = sim_ipc_get(args.np);
	of_node_put(args.np);
	if (!proc->ipc || args.args_count < 1)
		return -EPROBE_DEFER;
	ret = sim_proc_irq_line(np, "vring", proc, &proc->vring_hwirq);
	if (!ret)
		ret = sim_proc_irq_line(np, "wdog", proc, &proc->wdog_hwirq);
	if (ret)
		return ret;
	return sim_ipc_bind_mbox(proc->ipc, args.args[0], sim_proc_ring, proc);
}

/**
 * sim_proc_add() - a processor from smd-sim child @np
 * @dev: the smd-sim device
 * @np: the child, with "rpmsg-smd,rproc"
 * @edge: the SMD edge the same child describes, or NULL
 *
 * Return: 0 or a negative errno.
 */
int sim_proc_add(struct device *dev, struct device_node *np, struct sim_edge *edge)
{
	struct sim_proc *proc;
	int ret;

	/* Like edges, processors live as long as the module. */
	proc = kzalloc(sizeof(*proc), GFP_KERNEL);
	if (!proc)
		return -ENOMEM;
	proc->dev = dev;
	proc->edge = edge;
	mutex_init(&proc->lock);
	atomic64_set(&proc->kicks, 0);
	INIT_WORK(&proc->work, sim_proc_work);
	proc->rproc_np = of_parse_phandle(np, "rpmsg-smd,rproc", 0);
	proc->name = kasprintf(GFP_KERNEL, "rproc-%pOFn", np);
	proc->mem = kzalloc(SIM_FW_MEM_SIZE, GFP_KERNEL);
	if (!proc->rproc_np || !proc->name || !proc->mem) {
		ret = proc->rproc_np ? -ENOMEM : -EINVAL;
		goto err;
	}
	ret = sim_proc_wire(proc);
	if (ret) {
		dev_err_probe(dev, ret, "%pOF: cannot wire the processor\n", np);
		goto err;
	}
	proc->wq = alloc_ordered_workqueue("smd-sim-%s", 0, proc->name);
	if (!proc->wq) {
		ret = -ENOMEM;
		goto err;
	}
	if (edge) {
		mutex_lock(&edge->lock);
		sim_edge_crash(edge);	/* off until the first boot */
		mutex_unlock(&edge->lock);
	}
	mutex_lock(&sim_procs_lock);
	list_add_tail(&proc->node, &sim_procs);
	mutex_unlock(&sim_procs_lock);
	sim_debugfs_add_proc(proc);
	dev_info(dev, "%s: for %pOF, edge %s, lines vring %u wdog %u\n", proc->name,
		 proc->rproc_np, edge ? edge->name : "none", proc->vring_hwirq,
		 proc->wdog_hwirq);
	return 0;
err:
	of_node_put(proc->rproc_np);
	kfree(proc->mem);
	kfree(proc->name);
	kfree(proc);
	return ret;
}
