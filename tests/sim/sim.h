/* SPDX-License-Identifier: GPL-2.0 */
/*
 * smd_sim: the remote half of SMD, simulated in the guest kernel.
 *
 * Structure (one responsibility per file):
 *   sim_ipc.c      doorbells both ways: a mailbox controller and a syscon
 *                  watcher for APPS->remote, an interrupt controller for
 *                  remote->APPS (raised through a GIC SPI, so the APPS
 *                  driver's handler runs as a real interrupt)
 *   sim_edge.c     edges from DT, channel creation in SMEM, the per-edge
 *                  worker and the remote-side state machine
 *   sim_ring.c     ring and info-item access (byte and word variants)
 *   sim_service.c  echo, sink, source, sigecho, stream, idle
 *   sim_rpm.c      the RPM's request service (rpm_requests)
 *   sim_qrtr.c     a QRTR node (IPCRTR)
 *   sim_wcnss.c    WCNSS_CTRL (version, NV download) and the BT HCI commands
 *   sim_fault.c    the fault catalogue and the seeded random mutator
 *   sim_proc.c     processors under remoteproc: memory, boot/halt, crash,
 *                  the firmware manifest (which SMD channels and virtio
 *                  services the loaded image runs)
 *   sim_vrpmsg.c   the virtio-rpmsg remote of a processor, on vringh
 *   sim_debugfs.c  the control and status files
 *
 * Locking: each edge has one mutex (edge->lock) that serialises its worker,
 * its control commands and its channels; the global sim_table_lock orders
 * allocation-table updates between edges that share a table.  Doorbells
 * from APPS may arrive in atomic context: they only queue the edge's work.
 */
#ifndef __SMD_SIM_H__
#define __SMD_SIM_H__

#include <linux/debugfs.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/prandom.h>
#include <linux/types.h>
#include <linux/workqueue.h>

#include "sim_wire.h"

#define SIM_CMD_WORDS	8	/* words in one control command */

struct sim_ipc;
struct sim_chan;
struct sim_vdev;
struct sim_rpm;
struct sim_qrtr;
struct sim_wcnss;

/* A doorbell from APPS, in the ringer's context (may be atomic). */
typedef void (*sim_ring_fn)(void *ctx);

enum sim_service {
	SIM_SVC_ECHO,
	SIM_SVC_SINK,
	SIM_SVC_SOURCE,
	SIM_SVC_SIGECHO,
	SIM_SVC_STREAM,
	SIM_SVC_IDLE,
	SIM_SVC_RACER,
	SIM_SVC_RPM,
	SIM_SVC_QRTR,
	SIM_SVC_WCNSS,
	SIM_SVC_HCI,
	SIM_SVC_COUNT
};

/* How the remote answers an APPS open (fault cases change it). */
enum sim_open_policy {
	SIM_OPEN_NORMAL,	/* OPENING, then OPENED when APPS opens */
	SIM_OPEN_STALL,		/* stay in OPENING forever */
	SIM_OPEN_AFTER_RESET,	/* OPENING until APPS leaves OPENED ("relisten") */
};

struct sim_sink_stats {
	u64 ok;
	u64 bad;
	u64 short_pkts;
	u32 next_seq;
	bool mismatch;
	u32 first_bad_seq;	/* sequence number found where next_seq was due */
	u64 first_bad_pkt;	/* packet index of the first mismatch */
	char first_bad_why[24];
};

struct sim_chan {
	struct list_head node;
	struct sim_edge *edge;
	char name[21];
	int table;		/* 0 or 1 */
	u32 cid;
	u32 flags;		/* as written in the allocation entry */
	bool word;		/* word-variant info item */
	bool stream;

	void __iomem *info;	/* the whole info item */
	size_t info_size;
	void __iomem *fifo;	/* APPS->remote ring, then remote->APPS ring */
	u32 fifo_size;		/* per direction */
	u8 *buf;		/* one packet, fifo_size bytes */

	enum sim_service svc;
	enum sim_open_policy open_policy;
	bool apps_first;		/* "opener=apps": listen only once APPS opens */
	bool want_open;		/* the remote wants this channel open */
	int open_lines;		/* "lines=": DSR|CTS|CD|RI bits once OPENED, -1 the first three */
	bool stalled;		/* stop consuming the APPS->remote ring */
	bool quiet_reads;	/* mask-read-intr: reading never interrupts APPS */
	u32 racer_head;		/* racer: APPS's head at the last look */
	unsigned long racer_since;	/* racer: when it last moved */
	u32 racer_delay;	/* racer: us to wait before the next read */
	u32 state;		/* our state, as last written */
	u32 apps_state_seen;
	u8 apps_signals_seen[4];

	u32 staged_len;		/* a fault's packet, sent once it fits */

	/* source service */
	u64 src_remaining;
	u32 src_size;
	u32 src_seq;

	struct sim_sink_stats sink;
	struct sim_rpm *rpm;	/* rpm service: what APPS asked for */
	struct sim_qrtr *qrtr;	/* qrtr service: the node's session */
	struct sim_wcnss *wcnss;	/* wcnss and hci services */
	u64 rx_pkts, rx_bytes, tx_pkts, tx_bytes;
	u64 apps_errors;	/* impossible values APPS wrote (our view) */
	u64 faults;		/* fault cases injected on this channel */
};

struct sim_edge {
	struct list_head node;
	struct device *dev;
	const char *name;
	u32 edge_id;
	int remote_pid;		/* SMEM host owning the channel items, -1 any */
	bool word;		/* default info variant for new channels */
	u32 default_fifo;

	struct sim_ipc *ipc;
	unsigned int irq_hwirq;	/* line towards APPS */

	struct mutex lock;	/* the worker, commands, channels */
	struct list_head chans;
	struct workqueue_struct *wq;
	struct work_struct work;
	bool halted;		/* crashed: doorbells are ignored */
	bool pong;		/* every pass interrupts APPS (bare doorbell round trips) */
	bool irq_due;		/* raise APPS interrupt at end of pass */
	bool more_work;		/* requeue after this pass */

	int smem_free;		/* last free space seen (adoption scan) */
	atomic64_t doorbells;
	u64 irqs_raised, passes;
	u64 fatal_errors;	/* strict firmware: APPS broke a fatal rule */

	/* continuous random mutation ("fuzz <seed> 0" until "fuzz stop") */
	struct delayed_work fuzz_work;
	bool fuzz_on;
	u32 fuzz_seed;
	u64 fuzz_batches;

	/* racer channels: read at the worst moment for a polling writer */
	struct delayed_work racer_work;
	bool racer_on;
	struct dentry *dir;
};

/*
 * A processor started and stopped by remoteproc (sim_rproc.ko): the SMD
 * edge it drives (if any) runs only while it runs, and its virtio-rpmsg
 * remote exists only while the loaded firmware declares one.
 */
struct sim_proc {
	struct list_head node;
	struct device *dev;
	struct device_node *rproc_np;	/* the remoteproc's DT node */
	const char *name;
	struct sim_ipc *ipc;
	unsigned int vring_hwirq;	/* towards APPS: vrings used */
	unsigned int wdog_hwirq;	/* towards APPS: watchdog bite */
	struct sim_edge *edge;		/* the SMD edge it runs, or NULL */
	u8 *mem;			/* SIM_FW_MEM_SIZE bytes at da 0 */

	struct mutex lock;		/* everything below */
	bool running;
	u64 boots, crashes, halts;
	atomic64_t kicks;
	char fw_error[48];		/* why the last boot failed */
	struct sim_vdev *vdev;
	struct workqueue_struct *wq;
	struct work_struct work;	/* the virtio remote's loop */
	struct dentry *dir;
};

/* sim_ipc.c */
int sim_ipc_register(void);
struct sim_ipc *sim_ipc_get(struct device_node *np);
int sim_ipc_bind_mbox(struct sim_ipc *ipc, unsigned int chan, sim_ring_fn ring,
		      void *ctx);
int sim_ipc_bind_syscon(struct device_node *syscon, u32 offset, u32 bit,
			struct sim_edge *edge);
void sim_ipc_raise(struct sim_ipc *ipc, unsigned int hwirq);
void sim_edge_doorbell(struct sim_edge *edge);

/* sim_edge.c */
extern struct mutex sim_table_lock;
int sim_edges_probe(void);
void sim_edges_remove(void);
struct sim_chan *sim_chan_find(struct sim_edge *edge, const char *name);
struct sim_chan *sim_chan_create(struct sim_edge *edge, const char *name,
				 enum sim_service svc, u32 fifo, int table,
				 int word, bool stream);
void sim_chan_set_state(struct sim_chan *ch, u32 state);
void sim_chan_relisten(struct sim_chan *ch);
void sim_chan_close(struct sim_chan *ch);
void sim_chan_reopen(struct sim_chan *ch);
void sim_edge_crash(struct sim_edge *edge);
void sim_edge_restart(struct sim_edge *edge);
void sim_edge_kick(struct sim_edge *edge);
void sim_slot_mark(const struct sim_alloc_entry __iomem *entry);
int sim_alloc_entry(struct sim_edge *edge, int table, u32 *slot,
		    struct sim_alloc_entry __iomem **entry);
int sim_item_ids(int table, u32 cid, unsigned int *info, unsigned int *fifo);
extern const char *const sim_service_names[SIM_SVC_COUNT];
const char *sim_state_name(u32 state);

/* sim_ring.c */
void __iomem *sim_half(struct sim_chan *ch, bool remote);
u32 sim_get_state(struct sim_chan *ch, bool remote);
void sim_put_state(struct sim_chan *ch, bool remote, u32 state);
u32 sim_get_flag(struct sim_chan *ch, bool remote, enum sim_flag f);
void sim_put_flag(struct sim_chan *ch, bool remote, enum sim_flag f, u32 v);
u32 sim_get_head(struct sim_chan *ch, bool remote);
u32 sim_get_tail(struct sim_chan *ch, bool remote);
void sim_put_head(struct sim_chan *ch, bool remote, u32 v);
void sim_put_tail(struct sim_chan *ch, bool remote, u32 v);
void __iomem *sim_ring(struct sim_chan *ch, bool remote_tx);
void sim_ring_read(struct sim_chan *ch, u32 off, void *dst, u32 len);
void sim_ring_write(struct sim_chan *ch, u32 off, const void *src, u32 len);
u32 sim_ring_used(u32 head, u32 tail, u32 size);
u32 sim_ring_wrap(u32 idx, u32 len, u32 size);
int sim_rx_peek(struct sim_chan *ch, u32 *len);
void sim_rx_take(struct sim_chan *ch, u32 len);
u32 sim_tx_room(struct sim_chan *ch);
int sim_tx_packet(struct sim_chan *ch, const void *data, u32 len);
void sim_reset_own_half(struct sim_chan *ch);

/* sim_service.c */
void sim_service_run(struct sim_chan *ch);
void sim_service_idle(struct sim_chan *ch);

/* sim_rpm.c */
u32 sim_rpm_run(struct sim_chan *ch);
int sim_rpm_fail(struct sim_chan *ch, const char *type_s, const char *id_s, const char *how_s);
void sim_rpm_show(struct seq_file *s, struct sim_chan *ch);

/* sim_qrtr.c */
u32 sim_qrtr_run(struct sim_chan *ch);
void sim_qrtr_down(struct sim_chan *ch);
int sim_qrtr_bye(struct sim_chan *ch);
void sim_qrtr_show(struct seq_file *s, struct sim_chan *ch);

/* sim_wcnss.c */
u32 sim_wcnss_run(struct sim_chan *ch);
u32 sim_hci_run(struct sim_chan *ch);
int sim_wcnss_coldboot(struct sim_chan *ch, bool on);
void sim_wcnss_show(struct seq_file *s, struct sim_chan *ch);
size_t sim_wcnss_nv_read(struct sim_edge *edge, void *buf, loff_t pos, size_t len);
void sim_racer_start(struct sim_edge *edge);
void sim_racer_work(struct work_struct *work);
void sim_source_arm(struct sim_chan *ch, u64 count, u32 size);
void sim_fill_payload(u8 *buf, u32 len, u32 seq);
void sim_sink_check(struct sim_sink_stats *s, const u8 *buf, u32 len);

/* sim_fault.c */
int sim_fault_inject(struct sim_edge *edge, const char *fault,
		     const char *chan, const char *arg);
int sim_fuzz(struct sim_edge *edge, u32 seed, u32 count);
void sim_fuzz_work(struct work_struct *work);
void sim_fault_list(struct seq_file *s);

/* sim_proc.c */
int sim_proc_add(struct device *dev, struct device_node *np,
		 struct sim_edge *edge);
int sim_proc_cmd(void *ctx, char **w, int n);
void sim_proc_show(struct seq_file *s, struct sim_proc *proc);

/* sim_vrpmsg.c */
struct sim_vdev *sim_vdev_create(struct sim_proc *proc, const void *rsc,
				 size_t rsc_len);
int sim_vdev_add_service(struct sim_vdev *vd, const char *name,
			 enum sim_service svc, u32 addr);
void sim_vdev_destroy(struct sim_vdev *vd);
void sim_vdev_run(struct sim_vdev *vd);
int sim_vdev_cmd(struct sim_vdev *vd, char **w, int n);
void sim_vdev_show(struct seq_file *s, struct sim_vdev *vd);

/* sim_debugfs.c */
int sim_debugfs_init(void);
void sim_debugfs_add_edge(struct sim_edge *edge);
void sim_debugfs_add_proc(struct sim_proc *proc);
int sim_split_words(char *buf, char **w, int max);

#endif /* __SMD_SIM_H__ */
