// SPDX-License-Identifier: GPL-2.0
/*
 * Doorbells between APPS and the simulated remote.
 *
 * APPS -> remote: a mailbox controller (#mbox-cells = <1>, one channel per
 * edge; send_data queues the edge's work) and, for the deprecated
 * "qcom,ipc = <&syscon offset bit>" form, a watcher that polls the syscon
 * word on reserved RAM, clears it and rings every edge bound to it.
 *
 * remote -> APPS: an interrupt controller (#interrupt-cells = <2>).  Raising
 * line N sets a pending bit and makes the node's parent GIC SPI pending;
 * the chained handler then runs generic_handle_domain_irq() for each
 * pending line, so the APPS driver's handler runs as a real, edge-triggered
 * interrupt through the irq domain.  Like a GIC, the controller latches an
 * edge raised on a masked line and delivers it once, when the line is
 * unmasked: a masked line costs APPS nothing however often it is raised.
 */
#include <linux/bitops.h>
#include <linux/hrtimer.h>
#include <linux/interrupt.h>
#include <linux/irq.h>
#include <linux/irqchip/chained_irq.h>
#include <linux/irqdomain.h>
#include <linux/irq_work.h>
#include <linux/mailbox_controller.h>
#include <linux/mfd/syscon.h>
#include <linux/module.h>
#include <linux/of.h>
#include <linux/of_irq.h>
#include <linux/platform_device.h>
#include <linux/regmap.h>
#include <linux/slab.h>

#include "sim.h"

#define SIM_IPC_LINES		32
#define SIM_IPC_POLL_NS		(500 * NSEC_PER_USEC)

struct sim_ipc {
	struct list_head node;
	struct device *dev;
	struct irq_domain *domain;
	int parent_irq;
	unsigned long pending;		/* lines raised, not yet handled */
	unsigned long masked;
	struct irq_work retrigger;	/* raise the parent outside a desc lock */
	struct mbox_controller mbox;
	struct mbox_chan chans[SIM_IPC_LINES];
	sim_ring_fn mbox_ring[SIM_IPC_LINES];
	void *mbox_ctx[SIM_IPC_LINES];
	spinlock_t lock;		/* mbox_ring[], mbox_ctx[] */
};

/* A syscon word polled for the qcom,ipc doorbell form. */
struct sim_ipc_watch {
	struct list_head node;
	struct regmap *map;
	u32 offset;
	u32 bit;
	struct sim_edge *edge;
};

static LIST_HEAD(sim_ipcs);
static DEFINE_MUTEX(sim_ipcs_lock);
static LIST_HEAD(sim_watches);
static DEFINE_SPINLOCK(sim_watches_lock);
static struct hrtimer sim_watch_timer;
static bool sim_watch_running;

/* ------------------------------------------------ remote -> APPS lines */

/* Nothing to acknowledge: the pending bit was consumed by the demux. */
static void sim_irq_ack(struct irq_data *d)
{
}

static void sim_irq_mask(struct irq_data *d)
{
	struct sim_ipc *ipc = irq_data_get_irq_chip_data(d);

	set_bit(d->hwirq, &ipc->masked);
}

/*
 * An edge latched while masked is delivered now, through the irq_work (we
 * hold this line's descriptor lock: see sim_irq_retrigger()).  Pairs with
 * the barrier in sim_ipc_raise(): one of the two sees the other's bit.
 */
static void sim_irq_unmask(struct irq_data *d)
{
	struct sim_ipc *ipc = irq_data_get_irq_chip_data(d);

	clear_bit(d->hwirq, &ipc->masked);
	/* Order the mask bit before the pending bit: sim_ipc_raise() */
	smp_mb__after_atomic();
	if (test_bit(d->hwirq, &ipc->pending))
		irq_work_queue(&ipc->retrigger);
}

static int sim_irq_set_type(struct irq_data *d, unsigned int type)
{
	/* The SMD binding asks for a rising edge; level makes no sense here. */
	return (type & IRQ_TYPE_EDGE_BOTH) ? 0 : -EINVAL;
}

/*
 * Called with this line's descriptor locked: raising the parent line here
 * would take another descriptor lock of the same class, so leave it to an
 * irq_work.
 */
static int sim_irq_retrigger(struct irq_data *d)
{
	struct sim_ipc *ipc = irq_data_get_irq_chip_data(d);

	set_bit(d->hwirq, &ipc->pending);
	irq_work_queue(&ipc->retrigger);
	return 1;
}

static void sim_irq_retrigger_work(struct irq_work *work)
{
	struct sim_ipc *ipc = container_of(work, struct sim_ipc, retrigger);

	irq_set_irqchip_state(ipc->parent_irq, IRQCHIP_STATE_PENDING, true);
}

static struct irq_chip sim_irq_chip = {
	.name = "smd-sim",
	.irq_ack = sim_irq_ack,
	.irq_mask = sim_irq_mask,
	.irq_unmask = sim_irq_unmask,
	.irq_set_type = sim_irq_set_type,
	.irq_retrigger = sim_irq_retrigger,
};

static int sim_irq_map(struct irq_domain *d, unsigned int virq, irq_hw_number_t hw)
{
	irq_set_chip_data(virq, d->host_data);
	irq_set_chip_and_handler(virq, &sim_irq_chip, handle_edge_irq);
	return 0;
}

static const struct irq_domain_ops sim_irq_domain_ops = {
	.map = sim_irq_map,
	.xlate = irq_domain_xlate_twocell,
};

static void sim_irq_demux(struct irq_desc *desc)
{
	struct sim_ipc *ipc = irq_desc_get_handler_data(desc);
	struct irq_chip *chip = irq_desc_get_chip(desc);
	unsigned long pending;
	unsigned int line;

	chained_irq_enter(chip, desc);
	/* Masked lines keep their pending bit until they are unmasked. */
	pending = READ_ONCE(ipc->pending) & ~READ_ONCE(ipc->masked);
	for_each_set_bit(line, &pending, SIM_IPC_LINES)
		if (test_and_clear_bit(line, &ipc->pending))
			generic_handle_domain_irq(ipc->domain, line);
	chained_irq_exit(chip, desc);
}

/**
 * sim_ipc_raise() - interrupt APPS on line @hwirq
 * @ipc: the controller
 * @hwirq: line number, as in the APPS edge's "interrupts"
 */
void sim_ipc_raise(struct sim_ipc *ipc, unsigned int hwirq)
{
	if (hwirq >= SIM_IPC_LINES)
		return;
	set_bit(hwirq, &ipc->pending);
	/* Order the pending bit before the mask bit: sim_irq_unmask() */
	smp_mb__after_atomic();
	if (!test_bit(hwirq, &ipc->masked))
		irq_set_irqchip_state(ipc->parent_irq, IRQCHIP_STATE_PENDING, true);
}

/* ------------------------------------------------ APPS -> remote: mailbox */

static int sim_mbox_send(struct mbox_chan *chan, void *data)
{
	struct sim_ipc *ipc = dev_get_drvdata(chan->mbox->dev);
	unsigned int line = chan - ipc->chans;
	unsigned long flags;

	spin_lock_irqsave(&ipc->lock, flags);
	if (ipc->mbox_ring[line])
		ipc->mbox_ring[line](ipc->mbox_ctx[line]);
	spin_unlock_irqrestore(&ipc->lock, flags);
	return 0;
}

static const struct mbox_chan_ops sim_mbox_ops = {
	.send_data = sim_mbox_send,
};

/**
 * sim_ipc_bind_mbox() - route mailbox channel @chan to a doorbell handler
 * @ipc: the controller named by the APPS side's "mboxes"
 * @chan: channel number, as in "mboxes"
 * @ring: called for each message, in the sender's context (may be atomic)
 * @ctx: passed to @ring
 *
 * Return: 0, or -EINVAL for a channel the controller does not have.
 */
int sim_ipc_bind_mbox(struct sim_ipc *ipc, unsigned int chan, sim_ring_fn ring,
		      void *ctx)
{
	unsigned long flags;

	if (chan >= SIM_IPC_LINES)
		return -EINVAL;
	spin_lock_irqsave(&ipc->lock, flags);
	ipc->mbox_ring[chan] = ring;
	ipc->mbox_ctx[chan] = ctx;
	spin_unlock_irqrestore(&ipc->lock, flags);
	return 0;
}

/* ------------------------------------------------ APPS -> remote: syscon */

static enum hrtimer_restart sim_watch_poll(struct hrtimer *t)
{
	struct sim_ipc_watch *w, *v;
	unsigned long flags;
	u32 val;

	spin_lock_irqsave(&sim_watches_lock, flags);
	list_for_each_entry(w, &sim_watches, node) {
		if (regmap_read(w->map, w->offset, &val) || !val)
			continue;
		/*
		 * APPS writes BIT(bit), replacing the word: a second edge's
		 * doorbell may have overwritten ours.  Ring every edge on this
		 * word; a spurious doorbell costs the remote one look.
		 */
		regmap_write(w->map, w->offset, 0);
		list_for_each_entry(v, &sim_watches, node)
			if (v->map == w->map && v->offset == w->offset)
				sim_edge_doorbell(v->edge);
	}
	spin_unlock_irqrestore(&sim_watches_lock, flags);
	hrtimer_forward_now(t, ns_to_ktime(SIM_IPC_POLL_NS));
	return HRTIMER_RESTART;
}

/**
 * sim_ipc_bind_syscon() - ring @edge when APPS writes BIT(@bit) at @offset
 * @syscon: the syscon node named by the APPS edge's "qcom,ipc"
 * @offset: register offset
 * @bit: bit number
 * @edge: the simulated edge that receives the doorbell
 *
 * Return: 0 or a negative errno.
 */
int sim_ipc_bind_syscon(struct device_node *syscon, u32 offset, u32 bit,
			struct sim_edge *edge)
{
	struct sim_ipc_watch *w;
	struct regmap *map;
	unsigned long flags;

	map = syscon_node_to_regmap(syscon);
	if (IS_ERR(map))
		return PTR_ERR(map);
	w = kzalloc(sizeof(*w), GFP_KERNEL);
	if (!w)
		return -ENOMEM;
	w->map = map;
	w->offset = offset;
	w->bit = bit;
	w->edge = edge;
	spin_lock_irqsave(&sim_watches_lock, flags);
	list_add_tail(&w->node, &sim_watches);
	spin_unlock_irqrestore(&sim_watches_lock, flags);
	if (!sim_watch_running) {
		sim_watch_running = true;
		hrtimer_start(&sim_watch_timer, ns_to_ktime(SIM_IPC_POLL_NS),
			      HRTIMER_MODE_REL);
	}
	return 0;
}

/* ------------------------------------------------ the platform device */

/**
 * sim_ipc_get() - the controller bound to DT node @np
 * @np: node named by an edge's "mboxes" or "interrupt-parent"
 *
 * Return: the controller, or NULL when @np is not a bound sim-ipc node.
 */
struct sim_ipc *sim_ipc_get(struct device_node *np)
{
	struct sim_ipc *ipc, *found = NULL;

	mutex_lock(&sim_ipcs_lock);
	list_for_each_entry(ipc, &sim_ipcs, node)
		if (ipc->dev->of_node == np)
			found = ipc;
	mutex_unlock(&sim_ipcs_lock);
	return found;
}

static int sim_ipc_probe(struct platform_device *pdev)
{
	struct device *dev = &pdev->dev;
	struct sim_ipc *ipc;
	int i, ret;

	ipc = devm_kzalloc(dev, sizeof(*ipc), GFP_KERNEL);
	if (!ipc)
		return -ENOMEM;
	ipc->dev = dev;
	spin_lock_init(&ipc->lock);
	init_irq_work(&ipc->retrigger, sim_irq_retrigger_work);
	platform_set_drvdata(pdev, ipc);

	ipc->parent_irq = platform_get_irq(pdev, 0);
	if (ipc->parent_irq < 0)
		return ipc->parent_irq;

	ipc->domain = irq_domain_create_linear(of_fwnode_handle(dev->of_node),
					       SIM_IPC_LINES, &sim_irq_domain_ops, ipc);
	if (!ipc->domain)
		return -ENOMEM;
	irq_set_chained_handler_and_data(ipc->parent_irq, sim_irq_demux, ipc);

	for (i = 0; i < SIM_IPC_LINES; i++)
		ipc->chans[i].con_priv = ipc;
	ipc->mbox.dev = dev;
	ipc->mbox.ops = &sim_mbox_ops;
	ipc->mbox.chans = ipc->chans;
	ipc->mbox.num_chans = SIM_IPC_LINES;
	ret = devm_mbox_controller_register(dev, &ipc->mbox);
	if (ret) {
		irq_set_chained_handler_and_data(ipc->parent_irq, NULL, NULL);
		irq_domain_remove(ipc->domain);
		return ret;
	}

	mutex_lock(&sim_ipcs_lock);
	list_add_tail(&ipc->node, &sim_ipcs);
	mutex_unlock(&sim_ipcs_lock);
	dev_info(dev, "%d doorbell lines via GIC irq %d\n", SIM_IPC_LINES,
		 ipc->parent_irq);
	return 0;
}

static const struct of_device_id sim_ipc_of_match[] = {
	{ .compatible = "rpmsg-smd,sim-ipc" },
	{}
};
MODULE_DEVICE_TABLE(of, sim_ipc_of_match);

static struct platform_driver sim_ipc_driver = {
	.probe = sim_ipc_probe,
	.driver = {
		.name = "smd-sim-ipc",
		.of_match_table = sim_ipc_of_match,
		.suppress_bind_attrs = true,
	},
};

/**
 * sim_ipc_register() - register the doorbell driver
 *
 * Return: 0 or a negative errno.
 */
int sim_ipc_register(void)
{
	hrtimer_init(&sim_watch_timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL);
	sim_watch_timer.function = sim_watch_poll;
	return platform_driver_register(&sim_ipc_driver);
}
