/*
 * nsfs.h - /proc/PID/ns/TYPE links and the ioctls of ioctl_ns(2)
 * (nsfs.c).
 */
#ifndef NSI_NSFS_H
#define NSI_NSFS_H

#include <stddef.h>
#include <sys/types.h>

#include "model.h"
#include "procfs.h"

/**
 * nsi_ns_link_ino() - the inode a namespace link points to.
 * @procfd: a proc-root fd.
 * @pid:    the process.
 * @type:   the namespace type; reads the text of the link PROC/PID/ns/TYPE
 *          ("net:[4026531840]", namespaces(7)) with readlinkat(2).
 * @ino:    set to the nsfs inode on success.
 *
 * Return: 0 or -errno of readlinkat(2) (-EACCES when the link is not ours
 * to read, -ENOENT for a zombie or a process that has gone), or -EINVAL
 * when its text is not that of a namespace of @type.
 */
int nsi_ns_link_ino(int procfd, pid_t pid, enum nsi_ns_type type, ino_t *ino);

/**
 * nsi_ns_link_ino_at() - the inode of the namespace link at @path below
 * @dirfd (e.g. "ns/net" below a PROC/PID fd, "12/ns/net" below a
 * PROC/PID/task fd): its text "TYPE:[INODE]" read with readlinkat(2).
 * @dirfd: a directory fd.
 * @path:  the link, relative to it.
 * @type:  the type the link must have.
 * @ino:   set to the inode on success.
 *
 * Return: 0, -errno of readlinkat(2), or -EINVAL when the text is not
 * that of a namespace of @type.
 */
int nsi_ns_link_ino_at(int dirfd, const char *path, enum nsi_ns_type type,
		       ino_t *ino);

/**
 * nsi_proc_read_ns() - read the namespace links of @p that are still 0
 * (all of them for a process just listed, the ones libproc2 could not
 * read after a scan), learning why a link cannot be read.
 * @m:      the model: m->have_type says which types exist; a process with
 *          an unreadable link is counted in m->unreadable (and the first
 *          errno kept in m->unreadable_errno).
 * @pin:    where the files of @p are (nsi_pin_open()): the links are
 *          its ns/TYPE.
 * @p:      the process; p->ns and p->ns_errno are filled.
 * @zombie: 1 when the process is a zombie: its missing links mean it has
 *          left those namespaces (ns_errno ENOENT), not an error.
 *
 * Return: 1 to keep the process, 0 when it has exited (skip it).
 */
int nsi_proc_read_ns(struct nsi_model *m, const struct nsi_pin *pin,
		     struct nsi_proc *p, int zombie);

/**
 * nsi_ns_kernel_has() - whether the running kernel has a namespace type.
 * @procfd: a proc-root fd.
 * @type:   the type; tested as PROC/self/ns/TYPE.
 *
 * Return: 1 when the link exists, 0 when it does not.
 */
int nsi_ns_kernel_has(int procfd, enum nsi_ns_type type);

/** NSI_RESOLVE_ANCESTRY - nsi_ns_resolve(): ask owners and parents. */
#define NSI_RESOLVE_ANCESTRY	1u
/** NSI_RESOLVE_NETNSID - nsi_ns_resolve(): ask netnsids. */
#define NSI_RESOLVE_NETNSID	2u

/**
 * nsi_ns_resolve() - fill what @what asks of every namespace of @m: the
 * owner and parent (NSI_RESOLVE_ANCESTRY), the netnsid of net namespaces
 * (NSI_RESOLVE_NETNSID).  Each namespace is asked once (not per
 * process), and only what was asked for: a namespace asked nothing is
 * not opened.
 * @m:      the model, after every process and nsfs mount was added.
 * @procfd: a proc-root fd.
 * @what:   NSI_RESOLVE_* flags.
 *
 * Owners and parents: an fd is opened on PROC/REPPID/ns/TYPE, or on the
 * first nsfs mount point when no process holds it (nsi_ns_open(): what
 * is not an nsfs file is skipped, never opened); then ioctl(2)
 * NS_GET_USERNS gives the owning user namespace and, for pid and user
 * namespaces, NS_GET_PARENT the parent (ioctl_ns(2)).  Netnsids: first an
 * RTM_GETNSID dump tells how many the caller's network namespace has
 * assigned (nsi_netnsid_count()); when none, no namespace is asked; else
 * the net namespaces are asked NSI_NETNSID_BATCH at a time
 * (nsi_netnsid_many(): one exchange on one socket) until as many were
 * found as are assigned.  What cannot be opened or asked keeps 0 (or -1
 * for netnsid): that is not an error, and the pass cannot fail.
 */
void nsi_ns_resolve(struct nsi_model *m, int procfd, unsigned int what);

/**
 * nsi_ns_ask_netnsids() - ask the netnsid of every net namespace of @m
 * that has none yet (ns->netnsid < 0), but the one of inode @skip, as
 * nsi_ns_resolve() asks them: NSI_NETNSID_BATCH at a time
 * (nsi_netnsid_many(), one socket).  For after a dump of links, which
 * makes the kernel give netnsids to the namespaces of veth peers.
 * @m:      the model.
 * @procfd: a proc-root fd.
 * @skip:   an inode not to ask (the caller's own namespace), or 0.
 *
 * What cannot be opened or asked keeps -1; the pass cannot fail.
 */
void nsi_ns_ask_netnsids(struct nsi_model *m, int procfd, ino_t skip);

/**
 * nsi_ns_resolve_one() - the owner and parent of one namespace, as
 * nsi_ns_resolve() with NSI_RESOLVE_ANCESTRY asks them of each: one open
 * (nsi_ns_open()) and an ioctl NS_GET_USERNS, and NS_GET_PARENT for pid
 * and user namespaces (ioctl_ns(2)).  Nothing is done for a namespace
 * nsi_ns_ancestors() asked (ns->resolved) or of the unknown group; what
 * cannot be opened or asked keeps 0.
 * @ns:     the namespace.
 * @procfd: a proc-root fd.
 */
void nsi_ns_resolve_one(struct nsi_ns *ns, int procfd);

/**
 * nsi_ns_ancestors() - fill the owner and parent of every namespace of
 * @m, as nsi_ns_resolve() does, and add the ancestors that no process is
 * in: for each namespace, ioctl NS_GET_USERNS and, for pid and user ones,
 * NS_GET_PARENT (ioctl_ns(2)) up to the top of what we may see (EPERM);
 * each ancestor of a type in m->have_type that the model lacks is added
 * with a holder of kind NSI_HOLD_OWNER or NSI_HOLD_PARENT that names the
 * namespace it was reached from (nsi_ns_add_via()), and walked on from.
 * Every namespace is asked once: an ancestor already in the model is not
 * walked again (lookups by hash); namespaces asked are marked resolved,
 * and nsi_ns_resolve() then skips them (but for netnsid).  Nothing is
 * done when neither user nor pid namespaces are shown.  Cost: one open
 * and two ioctls per namespace, plus one ioctl per ancestor added.
 * @m:      a finished model (representatives set).
 * @procfd: a proc-root fd.
 * @added:  set to the number of namespaces added (then call
 *          nsi_model_finish() again to sort them in).
 *
 * Return: 0 or -ENOMEM.
 */
int nsi_ns_ancestors(struct nsi_model *m, int procfd, size_t *added);

#endif /* NSI_NSFS_H */
