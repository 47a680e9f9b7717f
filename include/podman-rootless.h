/*
 * podman-rootless.h - the processes of rootless Podman containers from
 * the pidfiles each user's Podman keeps (podman-rootless.c).
 */
#ifndef NSI_PODMAN_ROOTLESS_H
#define NSI_PODMAN_ROOTLESS_H

#include <stddef.h>

#include "model.h"
#include "podman-user.h"

/** NSI_PODMAN_IDS_MAX - entries of one user's DRIVER-containers directory
 * read at most. */
#define NSI_PODMAN_IDS_MAX 1024

/**
 * struct nsi_podman_report - what nsi_podman_rootless() could not use.
 * @refused: pidfiles that named a process their user could not have made
 *           a container (not in a user namespace that user owns, or
 *           started after the pidfile was written).
 * @skipped: users or directories not read: past a bound
 *           (NSI_PODMAN_USERS_MAX, NSI_PODMAN_IDS_MAX), a FUSE mount, or
 *           a directory not the user's.
 */
struct nsi_podman_report {
	size_t refused;
	size_t skipped;
};

/**
 * nsi_podman_rootless() - find the processes of rootless Podman
 * containers, which on a cgroup v1 machine stay in the cgroup of whoever
 * started them: for each user with a process in a user namespace other
 * than the initial one (m->init_userns must be set) and a directory
 * @run_user/UID of its own, read the pidfiles
 * containers/{overlay,vfs}-containers/<64 hex>/userdata/pidfile below it
 * (each path resolved with openat2(2) RESOLVE_NO_SYMLINKS |
 * RESOLVE_NO_XDEV, regular files of that user, at most 32 bytes; no
 * directory on or below a FUSE mount).  A pidfile's process becomes the
 * container's (runtime "podman", the directory's ID, rootless, owner the
 * UID) only when it runs in a user namespace that user owns
 * (NS_GET_OWNER_UID, ioctl_ns(2)) and started before the pidfile was
 * written; a process whose cgroup names another container keeps it.
 * Its descendants (by PPID, in its user namespace) join it.  Cost: at
 * most NSI_PODMAN_USERS_MAX users, NSI_PODMAN_IDS_MAX entries per user
 * and driver, one file and one ioctl each.
 * @m:        the model, its processes scanned, m->init_userns set.
 * @procfd:   a proc-root fd.
 * @run_user: NSI_RUN_USER.
 * @r:        filled with what was refused or skipped.
 *
 * Return: the number of processes attributed (call nsi_model_finish()
 * again when > 0), or -ENOMEM.
 */
int nsi_podman_rootless(struct nsi_model *m, int procfd, const char *run_user,
			struct nsi_podman_report *r);

#endif /* NSI_PODMAN_ROOTLESS_H */
