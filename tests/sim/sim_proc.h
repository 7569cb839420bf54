/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The simulated processors as hardware, seen from their remoteproc driver
 * (sim_rproc.ko): memory to load firmware into, a reset line (boot/halt).
 * Doorbells go through the simulated mailbox ("mboxes") and interrupts come
 * from the simulated interrupt controller ("interrupts": vring, wdog), as
 * the DT node of the remoteproc says.
 */
#ifndef __SMD_SIM_PROC_H__
#define __SMD_SIM_PROC_H__

#include <linux/types.h>

struct device_node;
struct sim_proc;

struct sim_proc *sim_proc_get(struct device_node *rproc_np);
void *sim_proc_da_to_va(struct sim_proc *proc, u64 da, size_t len);
int sim_proc_boot(struct sim_proc *proc);
void sim_proc_halt(struct sim_proc *proc);

#endif /* __SMD_SIM_PROC_H__ */
