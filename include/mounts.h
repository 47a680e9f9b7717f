/*
 * mounts.h - nsfs bind mounts and facts of our own mount table
 * (mounts.c, the only file that includes libmount).
 */
#ifndef NSI_MOUNTS_H
#define NSI_MOUNTS_H

#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#include "model.h"

/**
 * nsi_mounts_parse_nsfs_root() - parse the root field of an nsfs mount,
 * as mountinfo shows it: "net:[4026532008]" (proc(5)).
 * @root: the root string.
 * @type: set to the namespace type.
 * @ino:  set to the inode.
 *
 * Return: 0, or -EINVAL when @root does not have that form.
 */
int nsi_mounts_parse_nsfs_root(const char *root, enum nsi_ns_type *type,
			       ino_t *ino);

/**
 * nsi_mounts_read_stream() - add the nsfs mounts of a mountinfo file to
 * @m: each creates or finds its namespace (a namespace held only by a bind
 * mount, like /run/netns/NAME from "ip netns add", has no process) and
 * records the mount point in its nsfs paths (nsi_ns_add_nsfs(): each path
 * once, at most NSI_NS_HOLDERS_MAX, the rest counted).  Only the types of
 * m->have_type are kept.  Parsing is libmount's
 * (mnt_table_parse_stream(3)).
 * @m:        the model.
 * @f:        an open mountinfo stream.
 * @filename: its name, for libmount's messages.
 *
 * Return: 0, -ENOMEM, or -errno from libmount for an unparsable table.
 */
int nsi_mounts_read_stream(struct nsi_model *m, FILE *f, const char *filename);

/** What nsi_mounts_read_self() takes from our mount table. */
enum {
	NSI_MOUNTS_NSFS = 1 << 0,	/* nsfs mounts into the model */
	NSI_MOUNTS_HIDEPID = 1 << 1,	/* /proc's hidepid= */
	NSI_MOUNTS_FUSE = 1 << 2,	/* FUSE mount points */
};

/**
 * struct nsi_mounts_self - what our mount table tells besides its nsfs
 * mounts (nsi_mounts_read_self()).
 * @hidepid:       the hidepid= option of the proc file system the
 *                 proc-root fd is on, as mountinfo shows it ("invisible",
 *                 "noaccess", "ptraceable" or a number), "" when off
 *                 (proc(5): hidepid=invisible hides the /proc/PID of the
 *                 processes a user may not ptrace, noaccess lists them
 *                 but keeps their files closed).
 * @hidepid_set:   1 when it is set (not off), else 0.
 * @hidepid_errno: why /proc's mount could not be looked for (statx(2)'s
 *                 errno, ENOTSUP without STATX_MNT_ID), else 0.
 */
struct nsi_mounts_self {
	char hidepid[16];
	int hidepid_set;
	int hidepid_errno;
};

/**
 * nsi_mounts_read_self() - one read of PROC/self/mountinfo, streamed as
 * nsi_mounts_read_other() reads another's (its lines given to libmount a
 * batch at a time: memory bounded, work linear in the table), for all
 * that the run needs of it:
 * - %NSI_MOUNTS_NSFS: the nsfs mounts, each an nsfs path of its namespace
 *   (nsi_ns_add_nsfs(), created when new; only the types the scan looks
 *   for, m->have_type); and those over which something else is mounted
 *   are counted in m->nsfs_covered: an nsfs mount that is the parent
 *   (field 2 of proc(5)'s mountinfo) of a mount of another type (a FIFO
 *   or device node bind-mounted over it, say), since a mount on a file
 *   can only be on that file.  The IDs go into two hash sets: linear in
 *   the table, and no file is looked at;
 * - %NSI_MOUNTS_HIDEPID: the hidepid= option of /proc's mount, found by
 *   the mount ID statx(2) gives the proc-root fd (STATX_MNT_ID, Linux 5.8);
 * - %NSI_MOUNTS_FUSE: the mount points of FUSE file systems (type "fuse",
 *   "fuseblk", "fuse.*"), into m->fuse_points: a user may mount one on a
 *   directory of its own (fusermount3(1)), whose daemon answers lookups
 *   and reads when it likes, so nsinspect never reads below one
 *   (podman.c).
 * @m:      the model.
 * @procfd: a proc-root fd.
 * @what:   NSI_MOUNTS_* flags.
 * @self:   set to what the table tells of /proc.
 *
 * Return: 0, -ENOMEM, -EINVAL for a table libmount cannot parse, or
 * -errno of openat(2) or read(2) (then m->fuse_points is unchanged).
 */
int nsi_mounts_read_self(struct nsi_model *m, int procfd, unsigned int what,
			 struct nsi_mounts_self *self);

/**
 * nsi_mounts_read_other() - the nsfs mounts of another mount namespace,
 * from PROC/PID/mountinfo of one of its processes, read as
 * nsi_mounts_read_self() does: each becomes a holder (NSI_HOLD_BIND_MOUNT,
 * with the mount point and @mntns) of its namespace, created when new
 * (nsi_ns_add_holder(): a path known already adds nothing, O(1); at most
 * NSI_NS_HOLDERS_MAX per namespace, the rest counted); the covered ones
 * are counted in m->nsfs_covered as well.
 * @m:      the model.
 * @procfd: a proc-root fd.
 * @pid:    a process in that mount namespace.
 * @mntns:  the inode of that mount namespace (not 0).
 *
 * Return: as nsi_mounts_read_self().
 */
int nsi_mounts_read_other(struct nsi_model *m, int procfd, pid_t pid,
			  ino_t mntns);

#endif /* NSI_MOUNTS_H */
