/*
 * privs.h - nsinspect's own privileges: it refuses to run set-user-ID,
 * set-group-ID or with file capabilities for anyone but root, and at
 * start-up keeps only the capabilities its view needs (which ones:
 * nsi_view_caps() and nsi_view_live_caps(), view.h).  privs.c and caps.c
 * are the only files that include <sys/capability.h>: caps.c decodes the
 * masks of other processes, privs.c changes those of our own.
 */
#ifndef NSI_PRIVS_H
#define NSI_PRIVS_H

#include <stdint.h>

/**
 * nsi_privs_check_exec() - whether we were started in a way that gave us
 * privileges our real user does not have: set-user-ID or set-group-ID
 * (getuid(2) != geteuid(2), getgid(2) != getegid(2)), or file
 * capabilities, or anything else that makes the kernel set AT_SECURE in
 * the auxiliary vector (getauxval(3); capabilities(7), "Transformation of
 * capabilities during execve()").  A real UID of 0 is always allowed: root
 * gains nothing that way.
 *
 * Return: 0 when we may run; -EPERM when the real user is not root and
 * was given privileges at exec (main.c then refuses to run).
 */
int nsi_privs_check_exec(void);

/**
 * nsi_privs_drop() - keep only the capabilities of @keep, in the calling
 * thread (call it while the process has no other thread: forked children
 * inherit the result, as we want).  With libcap: cap_iab_set_proc(3)
 * empties the inheritable and ambient sets and, when CAP_SETPCAP is in
 * the permitted set (root), removes from the bounding set every
 * capability not in @keep (PR_CAPBSET_DROP, prctl(2)); cap_set_proc(3)
 * then sets the effective and permitted sets to @keep intersected with
 * the permitted set we had (an unprivileged run has none, and the drop
 * changes nothing it can see).  Last, prctl(PR_SET_NO_NEW_PRIVS): no
 * execve(2) of ours or of a forked child could gain privileges again
 * (set-user-ID, file capabilities, or root's implicit capabilities
 * beyond what we kept).
 * @keep: a mask of capability numbers (bit CAP_SYS_PTRACE, ...;
 *        <linux/capability.h>); bits the kernel does not have are
 *        ignored.
 *
 * Return: 0, or -errno of the first call that failed (-ENOMEM when libcap
 * cannot allocate); nothing should, as only lowering is asked for.
 */
int nsi_privs_drop(uint64_t keep);

#endif /* NSI_PRIVS_H */
