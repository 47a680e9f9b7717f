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

/**
 * nsi_mounts_read() - nsi_mounts_read_stream() on PROC/self/mountinfo,
 * read a chunk (64 KiB) at a time: only its nsfs lines (those holding
 * " - nsfs ", the file system type after the optional fields, proc(5))
 * reach libmount, a batch of at most 1 MiB at a time, so that memory
 * stays a few MiB for a table of any size, and its work linear.
 * @m:      the model.
 * @procfd: a proc-root fd.
 *
 * Return: as nsi_mounts_read_stream(), or -errno of
 * nsi_procfs_open_file() or read(2).
 */
int nsi_mounts_read(struct nsi_model *m, int procfd);

/**
 * nsi_mounts_read_other() - the nsfs mounts of another mount namespace,
 * from PROC/PID/mountinfo of one of its processes, read as
 * nsi_mounts_read() does: each becomes a holder (NSI_HOLD_BIND_MOUNT,
 * with the mount point and @mntns) of its namespace, created when new
 * (nsi_ns_add_holder(): a path known already adds nothing, O(1); at most
 * NSI_NS_HOLDERS_MAX per namespace, the rest counted).
 * @m:      the model.
 * @procfd: a proc-root fd.
 * @pid:    a process in that mount namespace.
 * @mntns:  the inode of that mount namespace (not 0).
 *
 * Return: as nsi_mounts_read().
 */
int nsi_mounts_read_other(struct nsi_model *m, int procfd, pid_t pid,
			  ino_t mntns);

/**
 * nsi_mounts_proc_hidepid() - the hidepid= option of the proc filesystem
 * @procfd is on (proc(5): hidepid=invisible hides the /proc/PID of the
 * processes a user may not ptrace, hidepid=noaccess lists them but keeps
 * their files closed): its mount is found in PROC/self/mountinfo
 * (libmount) by the mount ID statx(2) gives (STATX_MNT_ID, Linux 5.8).
 * @procfd: a proc-root fd.
 * @value:  set to the option's value as mountinfo shows it ("invisible",
 *          "noaccess", "ptraceable", or a number), or "" when it is off.
 * @size:   the size of @value.
 *
 * Return: 1 when hidepid is set (not off), 0 when it is not, -errno of
 * statx(2) or openat(2), -ENOTSUP without mount IDs, -EINVAL for a table
 * libmount cannot parse, -ENOMEM.
 */
int nsi_mounts_proc_hidepid(int procfd, char *value, size_t size);

/**
 * nsi_mounts_fuse_points() - the mount points of the FUSE file systems
 * (type "fuse", "fuseblk", "fuse.*") in our mount namespace, from
 * PROC/self/mountinfo (libmount): a user may mount one on a directory of
 * its own (fusermount3(1)), whose daemon answers lookups and reads when
 * it likes, so nsinspect never reads below one (podman.c).
 * @procfd: a proc-root fd.
 *
 * Return: the paths, each NUL-terminated, an empty one after the last
 * (malloc(3)ed, the caller frees it); NULL when the table cannot be read
 * (the caller then assumes the worst) or on ENOMEM.
 */
char *nsi_mounts_fuse_points(int procfd);

#endif /* NSI_MOUNTS_H */
