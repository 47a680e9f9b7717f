/*
 * proc-security.h - where a process's privileges come from besides its
 * capability sets (proc-security.c): the file capabilities of its
 * executable and its LSM label, read through its pin.
 */
#ifndef NSI_PROC_SECURITY_H
#define NSI_PROC_SECURITY_H

#include "model.h"
#include "procfs.h"

/**
 * nsi_proc_read_filecaps() - read the file capabilities of the executable
 * of @p (security.capability of PROC/PID/exe, nsi_cap_file_text()) into
 * p->filecaps, and set p->filecaps_read; p->filecaps_errno says why they
 * could not be read.  A process with no executable (a kernel thread, a
 * zombie: ENOENT) has none.  An executable on a FUSE file system
 * (FUSE_SUPER_MAGIC, fstatfs(2) of an O_PATH fd) is not asked, since
 * its daemon, any user's, could stall getxattr(2): p->filecaps_errno
 * EREMOTE.
 * @pin: where the files of @p are (nsi_pin_open()).
 * @p:   the process.
 *
 * Return: 0 (what cannot be read is in p->filecaps_errno), or -ENOMEM.
 */
int nsi_proc_read_filecaps(const struct nsi_pin *pin, struct nsi_proc *p);

/**
 * nsi_proc_read_lsm() - read the LSM label of @p into p->lsm, and set
 * p->lsm_read (a thread's own, @p->tid set: PROC/PID/task/TID/attr/...,
 * since a label is per thread): PROC/PID/attr/apparmor/current where the
 * kernel has it
 * (AppArmor's own file, right even when another LSM owns attr/current),
 * else PROC/PID/attr/current (SELinux, Smack, AppArmor of old kernels);
 * the trailing newline or NUL is removed, bytes are kept as they are
 * (renderers escape them).  EINVAL (no active LSM provides it) leaves
 * p->lsm NULL with p->lsm_errno EINVAL; another failure sets
 * p->lsm_errno.
 * @pin: where the files of @p are (nsi_pin_open()).
 * @p:   the process.
 *
 * Return: 0 (what cannot be read is in p->lsm_errno), or -ENOMEM.
 */
int nsi_proc_read_lsm(const struct nsi_pin *pin, struct nsi_proc *p);

#endif /* NSI_PROC_SECURITY_H */
