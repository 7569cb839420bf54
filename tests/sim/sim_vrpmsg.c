// SPDX-License-Identifier: GPL-2.0
/*
 * The virtio-rpmsg remote of a simulated processor: the device side of the
 * two vrings the loaded firmware's resource table declares, driven with the
 * kernel's vringh.
 *
 * Vring 0 carries messages to APPS (APPS posts empty buffers, we fill them),
 * vring 1 messages from APPS (we read and return them).  Descriptors carry
 * physical addresses (no IOMMU), so an identity IOTLB translates them.
 *
 * Once APPS has set DRIVER_OK in the vdev's status, each service of the
 * manifest is announced to the name service (address 53); "withdraw" and
 * "announce" remove and re-add one.  Services answer the APPS address that
 * wrote to them:
 *   echo     every message back to its sender, a message is only taken
 *            from vring 1 when its answer found a buffer in vring 0
 *   sink     integrity check (the SMD sink's payload format), count
 *   source   "send <svc> <count> <size>": integrity messages to the next
 *            address that writes to the service
 * A message addressed to no service is counted and dropped.
 */
#include <linux/device.h>
#include <linux/log2.h>
#include <linux/slab.h>
#include <linux/seq_file.h>
#include <linux/string.h>
#include <linux/vhost_iotlb.h>
#include <linux/vringh.h>

#include "sim.h"
#include "sim_vwire.h"

#define SIM_VRING_MAX		1024
#define SIM_VBUDGET		256	/* messages per pass */
#define SIM_VKVEC		8
#define SIM_VMTU		(SIM_RPMSG_BUF_SIZE - sizeof(struct sim_rpmsg_hdr))
#define SIM_ADDR_ANY		0xffffffff

struct sim_vsvc {
	struct list_head node;
	char name[SIM_RPMSG_NAME_SIZE];
	enum sim_service svc;
	u32 addr;
	u32 peer;		/* the APPS address that last wrote to us */
	bool announced;
	bool withdrawn;		/* removal announced, "announce" re-adds */
	u64 rx_pkts, rx_bytes, tx_pkts, tx_bytes;
	struct sim_sink_stats sink;
	u64 src_remaining;
	u32 src_size, src_seq;
};

struct sim_vdev {
	struct sim_proc *proc;
	struct sim_rsc_vdev *rsc;	/* in the processor's memory */
	bool ready;			/* vrings taken over after DRIVER_OK */
	bool broken;			/* APPS gave us a bad descriptor */
	u64 features;
	struct vhost_iotlb *iotlb;
	spinlock_t iotlb_lock;		/* vringh's IOTLB lookups */
	struct vringh to_apps;		/* vring 0 */
	struct vringh from_apps;	/* vring 1 */
	struct kvec rkvec[SIM_VKVEC], wkvec[SIM_VKVEC];
	struct vringh_kiov riov, wiov;
	bool notify_due;
	bool stalled;			/* takes nothing from APPS ("stall") */

	u8 in[SIM_RPMSG_BUF_SIZE];
	u8 out[SIM_RPMSG_BUF_SIZE];
	/* An echo waiting for an APPS buffer: nothing is taken meanwhile. */
	struct sim_vsvc *out_svc;
	u32 out_dst, out_len;

	struct list_head svcs;
	u64 ns_sent, msgs_in, msgs_out, bad_msgs, no_dest, no_buf;
};

/* The resource table at @rsc (@len bytes of our memory): its vdev, if any. */
static struct sim_rsc_vdev *sim_find_vdev(const u8 *rsc, size_t len, int *err)
{
	const struct sim_rsc_table *t = (const void *)rsc;
	struct sim_rsc_vdev *vd;
	u32 i, num, off;

	*err = -EINVAL;
	if (le32_to_cpu(t->ver) != SIM_RSC_VERSION)
		return NULL;
	num = le32_to_cpu(t->num);
	if (num > (len - sizeof(*t)) / sizeof(__le32))
		return NULL;
	for (i = 0; i < num; i++) {
		off = le32_to_cpu(t->offset[i]);
		if (off < sizeof(*t) + num * sizeof(__le32) || off > len - sizeof(__le32))
			return NULL;
		vd = (void *)(rsc + off);
		if (le32_to_cpu(vd->type) != SIM_RSC_VDEV)
			continue;	/* carveouts and the like: nothing to run */
		if (len - off < sizeof(*vd) || vd->num_of_vrings != 2 ||
		    len - off - sizeof(*vd) < 2 * sizeof(vd->vring[0]) ||
		    le32_to_cpu(vd->id) != SIM_VIRTIO_ID_RPMSG)
			return NULL;
		*err = 0;
		return vd;
	}
	*err = 0;
	return NULL;
}

/**
 * sim_vdev_create() - the virtio remote the resource table at @rsc declares
 * @proc: processor
 * @rsc: resource table, in the processor's memory
 * @rsc_len: bytes available there
 *
 * Return: the remote, NULL when the table declares no vdev, or an ERR_PTR:
 * -EINVAL for a malformed table.
 */
struct sim_vdev *sim_vdev_create(struct sim_proc *proc, const void *rsc, size_t rsc_len)
{
	struct sim_rsc_vdev *rv;
	struct sim_vdev *vd;
	int ret;

	rv = sim_find_vdev(rsc, rsc_len, &ret);
	if (!rv)
		return ret ? ERR_PTR(ret) : NULL;
	vd = kzalloc(sizeof(*vd), GFP_KERNEL);
	if (!vd)
		return ERR_PTR(-ENOMEM);
	vd->iotlb = vhost_iotlb_alloc(2, 0);	/* identity, in two halves */
	if (!vd->iotlb ||
	    vhost_iotlb_add_range(vd->iotlb, 0, ULONG_MAX, 0, VHOST_MAP_RW)) {
		if (vd->iotlb)
			vhost_iotlb_free(vd->iotlb);
		kfree(vd);
		return ERR_PTR(-ENOMEM);
	}
	spin_lock_init(&vd->iotlb_lock);
	vd->proc = proc;
	vd->rsc = rv;
	INIT_LIST_HEAD(&vd->svcs);
	vringh_kiov_init(&vd->riov, vd->rkvec, SIM_VKVEC);
	vringh_kiov_init(&vd->wiov, vd->wkvec, SIM_VKVEC);
	return vd;
}

/**
 * sim_vdev_add_service() - a service of the manifest
 * @vd: remote
 * @name: name announced (at most 31 characters)
 * @svc: echo, sink or source
 * @addr: its rpmsg address (1024 and up: below is reserved)
 *
 * Return: 0 or -EINVAL.
 */
int sim_vdev_add_service(struct sim_vdev *vd, const char *name,
			 enum sim_service svc, u32 addr)
{
	struct sim_vsvc *s;

	if (strlen(name) >= SIM_RPMSG_NAME_SIZE || addr < 1024 || addr == SIM_ADDR_ANY)
		return -EINVAL;
	if (svc != SIM_SVC_ECHO && svc != SIM_SVC_SINK && svc != SIM_SVC_SOURCE)
		return -EINVAL;
	list_for_each_entry(s, &vd->svcs, node)
		if (s->addr == addr || !strcmp(s->name, name))
			return -EINVAL;
	s = kzalloc(sizeof(*s), GFP_KERNEL);
	if (!s)
		return -ENOMEM;
	strscpy(s->name, name, sizeof(s->name));
	s->svc = svc;
	s->addr = addr;
	s->peer = SIM_ADDR_ANY;
	list_add_tail(&s->node, &vd->svcs);
	return 0;
}

/**
 * sim_vdev_destroy() - forget the remote (the processor is in reset)
 * @vd: remote, or NULL
 */
void sim_vdev_destroy(struct sim_vdev *vd)
{
	struct sim_vsvc *s, *tmp;

	if (!vd)
		return;
	list_for_each_entry_safe(s, tmp, &vd->svcs, node)
		kfree(s);
	vringh_kiov_cleanup(&vd->riov);
	vringh_kiov_cleanup(&vd->wiov);
	vhost_iotlb_free(vd->iotlb);
	kfree(vd);
}

static int sim_vring_setup(struct sim_vdev *vd, struct vringh *vrh, int i)
{
	const struct sim_rsc_vring *r = &vd->rsc->vring[i];
	u32 da = le32_to_cpu(r->da), num = le32_to_cpu(r->num);
	u32 align = le32_to_cpu(r->align);
	u64 avail, used;

	if (!num || num > SIM_VRING_MAX || !is_power_of_2(num) ||
	    !align || !is_power_of_2(align) || da == SIM_ADDR_ANY)
		return -EINVAL;
	/* The split ring's layout: descriptors, available ring, used ring. */
	avail = (u64)da + 16ULL * num;
	used = ALIGN(avail + 6 + 2ULL * num, align);
	return vringh_init_iotlb(vrh, vd->features, num, false,
				 (struct vring_desc *)(uintptr_t)da,
				 (struct vring_avail *)(uintptr_t)avail,
				 (struct vring_used *)(uintptr_t)used);
}

/* APPS has the vrings ready: take them over. */
static int sim_vdev_start(struct sim_vdev *vd)
{
	int ret;

	vd->features = le32_to_cpu(vd->rsc->gfeatures);
	ret = sim_vring_setup(vd, &vd->to_apps, 0);
	if (!ret)
		ret = sim_vring_setup(vd, &vd->from_apps, 1);
	if (ret)
		return ret;
	vringh_set_iotlb(&vd->to_apps, vd->iotlb, &vd->iotlb_lock);
	vringh_set_iotlb(&vd->from_apps, vd->iotlb, &vd->iotlb_lock);
	vd->ready = true;
	return 0;
}

/* Put one message in an APPS buffer. Returns false when none is posted. */
static bool sim_vsend(struct sim_vdev *vd, u32 src, u32 dst, const void *data, u32 len)
{
	struct sim_rpmsg_hdr hdr = {
		.src = cpu_to_le32(src),
		.dst = cpu_to_le32(dst),
		.len = cpu_to_le16(len),
	};
	u16 head;
	int ret;

	ret = vringh_getdesc_iotlb(&vd->to_apps, &vd->riov, &vd->wiov, &head, GFP_KERNEL);
	if (ret <= 0) {
		if (ret < 0)
			vd->broken = true;
		vd->no_buf++;
		return false;
	}
	if (vringh_iov_push_iotlb(&vd->to_apps, &vd->wiov, &hdr, sizeof(hdr)) != sizeof(hdr) ||
	    vringh_iov_push_iotlb(&vd->to_apps, &vd->wiov, data, len) != len) {
		/* A buffer smaller than the 512 bytes rpmsg posts: give it back. */
		vringh_complete_iotlb(&vd->to_apps, head, 0);
		vd->broken = true;
		return false;
	}
	vringh_complete_iotlb(&vd->to_apps, head, sizeof(hdr) + len);
	vd->msgs_out++;
	if (vringh_need_notify_iotlb(&vd->to_apps) > 0)
		vd->notify_due = true;
	return true;
}

static bool sim_vannounce(struct sim_vdev *vd, struct sim_vsvc *s, u32 flags)
{
	struct sim_rpmsg_ns ns = {
		.addr = cpu_to_le32(s->addr),
		.flags = cpu_to_le32(flags),
	};

	strscpy(ns.name, s->name, sizeof(ns.name));
	if (!sim_vsend(vd, s->addr, SIM_RPMSG_NS_ADDR, &ns, sizeof(ns)))
		return false;
	vd->ns_sent++;
	return true;
}

static struct sim_vsvc *sim_vsvc_find(struct sim_vdev *vd, const char *name, u32 addr)
{
	struct sim_vsvc *s;

	list_for_each_entry(s, &vd->svcs, node)
		if (name ? !strcmp(s->name, name) : s->addr == addr)
			return s;
	return NULL;
}

/* A message from APPS (@len bytes in vd->in). */
static void sim_vreceive(struct sim_vdev *vd, u32 len)
{
	struct sim_rpmsg_hdr *hdr = (void *)vd->in;
	u32 plen, src, dst;
	struct sim_vsvc *s;

	if (len < sizeof(*hdr) || le16_to_cpu(hdr->len) > len - sizeof(*hdr)) {
		vd->bad_msgs++;
		return;
	}
	plen = le16_to_cpu(hdr->len);
	src = le32_to_cpu(hdr->src);
	dst = le32_to_cpu(hdr->dst);
	vd->msgs_in++;
	s = sim_vsvc_find(vd, NULL, dst);
	if (!s || s->withdrawn) {
		vd->no_dest++;
		return;
	}
	s->rx_pkts++;
	s->rx_bytes += plen;
	s->peer = src;
	switch (s->svc) {
	case SIM_SVC_ECHO:
		memcpy(vd->out, hdr + 1, plen);
		vd->out_svc = s;
		vd->out_dst = src;
		vd->out_len = plen;
		break;

	case SIM_SVC_SINK:
		sim_sink_check(&s->sink, (u8 *)(hdr + 1), plen);
		break;
	default:
		break;
	}
}

/* Send the echo waiting for a buffer, if any; false while none is posted. */
static bool sim_vflush(struct sim_vdev *vd)
{
	struct sim_vsvc *s = vd->out_svc;

	if (!s)
		return true;
	if (!sim_vsend(vd, s->addr, vd->out_dst, vd->out, vd->out_len))
		return false;
	s->tx_pkts++;
	s->tx_bytes += vd->out_len;
	vd->out_svc = NULL;
	return true;
}

/* Announcements, then sources; false when APPS has no buffer left. */
static bool sim_vproduce(struct sim_vdev *vd, int *budget)
{
	struct sim_vsvc *s;

	list_for_each_entry(s, &vd->svcs, node) {
		if (!s->announced && !s->withdrawn) {
			if (!sim_vannounce(vd, s, SIM_RPMSG_NS_CREATE))
				return false;
			s->announced = true;
		}
		while (s->svc == SIM_SVC_SOURCE && s->src_remaining &&
		       s->peer != SIM_ADDR_ANY && !s->withdrawn && *budget > 0) {
			sim_fill_payload(vd->out, s->src_size, s->src_seq);
			if (!sim_vsend(vd, s->addr, s->peer, vd->out, s->src_size))
				return false;
			s->src_seq++;
			s->src_remaining--;
			s->tx_pkts++;
			s->tx_bytes += s->src_size;
			(*budget)--;
		}
	}
	return true;
}

/**
 * sim_vdev_run() - one pass of the remote (after a kick or a command)
 * @vd: remote; its processor locked and running
 */
void sim_vdev_run(struct sim_vdev *vd)
{
	struct sim_proc *proc = vd->proc;
	int budget = SIM_VBUDGET, ret;
	bool more = false;
	u16 head;
	ssize_t len;

	if (!(vd->rsc->status & SIM_VIRTIO_S_DRIVER_OK)) {
		vd->ready = false;	/* APPS reset the device */
		return;
	}
	if (vd->broken || (!vd->ready && sim_vdev_start(vd))) {
		vd->broken = true;
		return;
	}
	while (!vd->stalled && budget-- > 0) {
		if (!sim_vflush(vd) || !sim_vproduce(vd, &budget))
			break;
		ret = vringh_getdesc_iotlb(&vd->from_apps, &vd->riov, &vd->wiov,
					   &head, GFP_KERNEL);
		if (ret <= 0) {
			vd->broken = ret < 0;
			break;
		}
		len = vringh_iov_pull_iotlb(&vd->from_apps, &vd->riov, vd->in,
					    sizeof(vd->in));
		vringh_complete_iotlb(&vd->from_apps, head, 0);
		if (vringh_need_notify_iotlb(&vd->from_apps) > 0)
			vd->notify_due = true;
		if (len < 0) {
			vd->bad_msgs++;
			continue;
		}
		sim_vreceive(vd, len);
		more = budget <= 0;
	}
	if (vd->broken)
		dev_err_ratelimited(proc->dev, "%s: bad vring descriptor, virtio remote stopped\n",
				    proc->name);
	if (vd->notify_due) {
		vd->notify_due = false;
		sim_ipc_raise(proc->ipc, proc->vring_hwirq);
	}
	if (more)
		queue_work(proc->wq, &proc->work);
}

/**
 * sim_vdev_cmd() - a virtio command from rproc-<name>/ctl
 * @vd: remote; processor locked
 * @w: words
 * @n: how many
 *
 * send SVC COUNT SIZE   arm a source (SIZE up to the MTU, 496)
 * withdraw SVC          announce the service's removal
 * announce SVC          announce it again
 * reset-stats SVC
 * stall                 take nothing from APPS: its TX buffers run out
 * resume                take again
 *
 * Return: 0 or a negative errno.
 */
int sim_vdev_cmd(struct sim_vdev *vd, char **w, int n)
{
	struct sim_vsvc *s;
	u64 count;
	u32 size;

	if (n == 1 && (!strcmp(w[0], "stall") || !strcmp(w[0], "resume"))) {
		vd->stalled = !strcmp(w[0], "stall");
		queue_work(vd->proc->wq, &vd->proc->work);
		return 0;
	}
	if (n < 2)
		return -EINVAL;
	s = sim_vsvc_find(vd, w[1], 0);
	if (!s)
		return -ENOENT;
	if (!strcmp(w[0], "send") && n == 4 && s->svc == SIM_SVC_SOURCE) {
		if (kstrtou64(w[2], 0, &count) || kstrtou32(w[3], 0, &size) ||
		    size > SIM_VMTU)
			return -EINVAL;
		s->src_remaining = count;
		s->src_size = size;
		s->src_seq = 0;
		s->peer = SIM_ADDR_ANY;	/* the next writer receives them */
	} else if (!strcmp(w[0], "withdraw") && n == 2) {
		if (!vd->ready || s->withdrawn || !sim_vannounce(vd, s, SIM_RPMSG_NS_DESTROY))
			return -EAGAIN;
		s->withdrawn = true;
		sim_ipc_raise(vd->proc->ipc, vd->proc->vring_hwirq);
	} else if (!strcmp(w[0], "announce") && n == 2) {
		if (!s->withdrawn)
			return -EINVAL;
		s->withdrawn = false;
		s->announced = false;
	} else if (!strcmp(w[0], "reset-stats") && n == 2) {
		memset(&s->sink, 0, sizeof(s->sink));
		s->rx_pkts = 0;
		s->rx_bytes = 0;
		s->tx_pkts = 0;
		s->tx_bytes = 0;
	} else {
		return -EINVAL;
	}
	return 0;
}

/**
 * sim_vdev_show() - the remote's lines of rproc-<name>/status
 * @m: seq file
 * @vd: remote; processor locked
 */
void sim_vdev_show(struct seq_file *m, struct sim_vdev *vd)
{
	struct sim_sink_stats *k;
	struct sim_vsvc *s;

	seq_printf(m, "vdev status=%#x ready=%d broken=%d gfeatures=%#llx ns_sent=%llu in=%llu out=%llu bad=%llu no_dest=%llu no_buf=%llu stalled=%d\n",
		   vd->rsc->status, vd->ready, vd->broken, vd->features, vd->ns_sent,
		   vd->msgs_in, vd->msgs_out, vd->bad_msgs, vd->no_dest, vd->no_buf, vd->stalled);
	list_for_each_entry(s, &vd->svcs, node) {
		k = &s->sink;
		seq_printf(m, "chan %s addr=%u svc=%s announced=%d withdrawn=%d peer=%#x",
			   s->name, s->addr, sim_service_names[s->svc], s->announced,
			   s->withdrawn, s->peer);
		seq_printf(m, " rx_pkts=%llu rx_bytes=%llu tx_pkts=%llu tx_bytes=%llu",
			   s->rx_pkts, s->rx_bytes, s->tx_pkts, s->tx_bytes);
		seq_printf(m, " sink_ok=%llu sink_bad=%llu sink_short=%llu src_left=%llu\n",
			   k->ok, k->bad, k->short_pkts, s->src_remaining);
	}
}
