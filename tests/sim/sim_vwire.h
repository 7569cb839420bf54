/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the simulated firmware knows of the remoteproc/virtio-rpmsg formats,
 * written down from the published layouts (the remoteproc resource table,
 * the virtio 1.x split ring in its legacy little-endian form, the rpmsg
 * header and name-service message).  Like sim_wire.h for SMD, it is our own
 * description: the simulator includes no Linux rpmsg or remoteproc header
 * for the formats it is the other side of.  The sizes are checked at build
 * time against the published numbers.
 *
 * Firmware memory map (fixed by our firmware images, tests/qemu/mkfw.c):
 *   0x0000  manifest: text, NUL-terminated, first line "rpmsg-smd-sim-fw 1"
 *   0x1000  resource table (ELF section .resource_table)
 * The processor has SIM_FW_MEM_SIZE bytes of memory at device address 0.
 */
#ifndef __SMD_SIM_VWIRE_H__
#define __SMD_SIM_VWIRE_H__

#include <linux/build_bug.h>
#include <linux/types.h>

#define SIM_FW_MEM_SIZE		0x10000
#define SIM_FW_MANIFEST_DA	0x0
#define SIM_FW_MANIFEST_MAX	0x1000
#define SIM_FW_RSC_DA		0x1000
#define SIM_FW_RSC_MAX		0x400
#define SIM_FW_MAGIC		"rpmsg-smd-sim-fw 1"

/* Resource table */
#define SIM_RSC_VERSION		1
#define SIM_RSC_VDEV		3
#define SIM_VIRTIO_ID_RPMSG	7
#define SIM_RPMSG_F_NS		0	/* feature bit: name service */
#define SIM_VIRTIO_S_DRIVER_OK	4	/* status bit value */

struct sim_rsc_table {
	__le32 ver;
	__le32 num;
	__le32 reserved[2];
	__le32 offset[];
} __packed;

struct sim_rsc_vring {
	__le32 da;
	__le32 align;
	__le32 num;
	__le32 notifyid;
	__le32 pa;
} __packed;

struct sim_rsc_vdev {
	__le32 type;		/* SIM_RSC_VDEV */
	__le32 id;
	__le32 notifyid;
	__le32 dfeatures;
	__le32 gfeatures;
	__le32 config_len;
	u8 status;
	u8 num_of_vrings;
	u8 reserved[2];
	struct sim_rsc_vring vring[];
} __packed;

/* rpmsg over virtio: header, name service */
#define SIM_RPMSG_NS_ADDR	53
#define SIM_RPMSG_NS_CREATE	0
#define SIM_RPMSG_NS_DESTROY	1
#define SIM_RPMSG_NAME_SIZE	32
#define SIM_RPMSG_BUF_SIZE	512

struct sim_rpmsg_hdr {
	__le32 src;
	__le32 dst;
	__le32 reserved;
	__le16 len;
	__le16 flags;
} __packed;

struct sim_rpmsg_ns {
	char name[SIM_RPMSG_NAME_SIZE];
	__le32 addr;
	__le32 flags;
} __packed;

static inline void sim_vwire_check(void)
{
	BUILD_BUG_ON(sizeof(struct sim_rsc_table) != 16);
	BUILD_BUG_ON(sizeof(struct sim_rsc_vring) != 20);
	BUILD_BUG_ON(sizeof(struct sim_rsc_vdev) != 28);
	BUILD_BUG_ON(sizeof(struct sim_rpmsg_hdr) != 16);
	BUILD_BUG_ON(sizeof(struct sim_rpmsg_ns) != 40);
}

#endif /* __SMD_SIM_VWIRE_H__ */
