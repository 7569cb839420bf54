// SPDX-License-Identifier: GPL-2.0
/*
 * rpmsg-smd: a command-line tool for rpmsg channels on Qualcomm SMD
 * (rpmsg_smd) and virtio_rpmsg.  See docs/rpmsg-smd.1.
 */
#include "rpmsg-smd.h"

int main(int argc, char **argv)
{
	return rs_main(argc, argv);
}
