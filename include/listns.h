/*
 * listns.h - the namespaces the kernel lists, without walking processes:
 * listns(2) of Linux 6.19, each namespace opened by its 64-bit ID
 * through an nsfs file handle (Linux 6.18; nsenter.h) (listns.c).
 *
 * Kernel interface (include/uapi/linux/nsfs.h, kernel/nstree.c,
 * fs/nsfs.c of Linux 6.19):
 *   ssize_t listns(const struct ns_id_req *req, __u64 *ns_ids,
 *                  size_t nr_ns_ids, unsigned int flags);
 * writes up to @nr_ns_ids namespace IDs in ascending order and returns how
 * many.  A namespace ID is a 64-bit number unique for the boot, never
 * reused (NS_GET_ID, ioctl_ns(2)); it is not the nsfs inode that
 * /proc/PID/ns/TYPE shows and that the model keys namespaces by.  Only
 * active namespaces are listed (one a task is in, or an nsfs file or bind
 * mount holds, or the owner of an active one); a caller in the initial
 * PID namespace with CAP_SYS_ADMIN in the initial user namespace sees
 * all of them, any other caller only those it is in.  The ID opens the
 * namespace through an nsfs file handle (nsi_ns_open_handle(),
 * nsenter.h); fstat(2) of that fd gives the inode.
 */
#ifndef NSI_LISTNS_H
#define NSI_LISTNS_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"
#include "nsenter.h"

/*
 * The kernel's values, for headers that predate them (Debian 12's):
 * arch/x86/entry/syscalls/syscall_64.tbl and scripts/syscall.tbl (the
 * generic table) give listns number 470; include/uapi/linux/nsfs.h
 * NS_ID_REQ_SIZE_VER0.
 */
#ifndef __NR_listns
#define __NR_listns 470
#endif
#ifndef NS_ID_REQ_SIZE_VER0
#define NS_ID_REQ_SIZE_VER0 32
#endif

/**
 * struct nsi_ns_id_req - the request of listns(2), as struct ns_id_req
 * of include/uapi/linux/nsfs.h (version 0, NS_ID_REQ_SIZE_VER0 bytes; a
 * name of our own, so that newer headers that define the kernel's do not
 * clash).
 * @size:       sizeof the struct (NS_ID_REQ_SIZE_VER0).
 * @spare:      0 (the kernel refuses anything else with EINVAL).
 * @ns_id:      the last ID of the previous call, 0 on the first: the
 *              list starts after it (ENOENT when nothing follows).
 * @ns_type:    CLONE_NEW* bits of the types to list (nsi_ns_clone_flag()),
 *              0 for all; one bit walks that type's own tree.
 * @spare2:     0.
 * @user_ns_id: 0: every namespace; else only those owned by the user
 *              namespace of that ID (LISTNS_CURRENT_USER, ~0: ours).
 */
struct nsi_ns_id_req {
	uint32_t size;
	uint32_t spare;
	uint64_t ns_id;
	uint32_t ns_type;
	uint32_t spare2;
	uint64_t user_ns_id;
};

/**
 * nsi_listns_probe() - whether the running kernel has listns(2): one call
 * with an invalid flag, which a kernel that has it refuses (EINVAL)
 * before doing any work, and one that lacks it with ENOSYS.  Asked once
 * per run, the answer cached.
 *
 * Return: 1 when present; 0 when not: ENOSYS (the kernel lacks it, as
 * before 6.19, or a seccomp filter says so), EPERM (a seccomp filter or
 * an LSM forbids it, as container runtimes' default profiles do with
 * system calls they do not know), or any other errno;
 * nsi_listns_probe_errno() tells which.
 */
int nsi_listns_probe(void);

/**
 * nsi_listns_probe_errno() - why nsi_listns_probe() said 0.
 *
 * Return: the positive errno of its call (ENOSYS, EPERM, ...), 0 when it
 * said 1 or has not run.
 */
int nsi_listns_probe_errno(void);

/**
 * nsi_listns_add() - add to @m the namespaces listns(2) lists that no
 * other collector found: those held only by what we could not read (an
 * fd of a process whose files are not ours, a process hidden from our
 * /proc) or by nothing we look at.  A namespace that only a socket holds
 * is not active, and the kernel does not list it (the socket scan
 * finds it).  Each is added with
 * one holder of kind NSI_HOLD_LISTNS that keeps its ID, through which it
 * is opened again (nsi_ns_open()).  Only the types of m->have_type are
 * listed, each with a request of its own (the kernel walks that type's
 * tree, and the type of each ID is known), 512 IDs per call.  Each ID
 * costs open_by_handle_at(2), fstat(2) and close(2), to learn its inode.
 * When nsi_listns_probe() says the kernel lacks listns(2), nothing is
 * done: the process, mount and holder scans are the fallback, and they
 * ran anyway.
 * @m:     the model, after the process, mount and holder scans and the
 *         ancestors (nsi_ns_ancestors(): a parent or owner found so keeps
 *         that holder).
 * @added: set to the number of namespaces added (call nsi_model_finish()
 *         again when not 0).
 *
 * Return: 0, or -errno (ENOMEM; EMFILE or ENFILE when no fd is left; the
 * errno of listns(2) but ENOENT, its end of the list).  An ID that cannot
 * be opened (gone meanwhile, or not ours) is skipped.
 */
int nsi_listns_add(struct nsi_model *m, size_t *added);

#endif /* NSI_LISTNS_H */
