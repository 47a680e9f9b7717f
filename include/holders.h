/*
 * holders.h - the search for what holds namespaces besides the
 * processes' own links: threads, fds, sockets, bind mounts (holders.c).
 */
#ifndef NSI_HOLDERS_H
#define NSI_HOLDERS_H

#include <stddef.h>

#include "model.h"
#include "procfs.h"

/* What nsi_holders_new() looks for. */
#define NSI_HOLDERS_THREADS	(1u << 0)	/* threads' own namespaces */
#define NSI_HOLDERS_FDS		(1u << 1)	/* open nsfs files */
#define NSI_HOLDERS_SOCKETS	(1u << 2)	/* sockets' network namespaces */
#define NSI_HOLDERS_MOUNTS	(1u << 3)	/* other mount namespaces */
#define NSI_HOLDERS_FOR_CHILDREN (1u << 4)	/* pid/time_for_children */
#define NSI_HOLDERS_ALL		0x1fu

/**
 * struct nsi_holders_report - what the holder search could not read.
 * @fds_unreadable: processes whose /proc/PID/fd could not be listed
 *                  (EACCES: not ours), so that an fd or socket they hold
 *                  may have been missed.
 * @fds_errno:      why, for the first of them (positive errno).
 */
struct nsi_holders_report {
	size_t fds_unreadable;
	int fds_errno;
};

/**
 * struct nsi_holders - a search for the namespaces, and the holders of
 * known ones, that the processes' own links do not show (holders.c):
 * threads in namespaces their leader is not in (for processes whose
 * status says Threads > 1), open nsfs files and sockets in namespaces
 * their process is not in, pid_for_children and time_for_children links
 * that differ from the process's own, and nsfs bind mounts in the other
 * mount namespaces.  Each becomes an nsi_holder of its namespace
 * (nsi_ns_add_holder()); a namespace found only so has no member process.
 * Only namespaces of the types of m->have_type are added.  Opaque.
 *
 * Costs: threads, 8 readlink(2) per extra thread of a multi-threaded
 * process; fds, one listing of /proc/PID/fd and one readlink(2) per fd;
 * sockets, pidfd_open(2), pidfd_getfd(2) and ioctl(2) once per socket
 * inode (needs PTRACE_MODE_ATTACH: root); for_children, one readlink(2)
 * per type (pid, time) shown; mounts, one mountinfo per mount namespace.
 */
struct nsi_holders;

/**
 * nsi_holders_new() - start a search.
 * @m:      the model the namespaces and holders go in, being filled by
 *          nsi_scan_procs().
 * @procfd: a proc-root fd.
 * @what:   NSI_HOLDERS_* flags.
 *
 * Return: the search (free it with nsi_holders_finish() or
 * nsi_holders_free()), or NULL with errno ENOMEM.
 */
struct nsi_holders *nsi_holders_new(struct nsi_model *m, int procfd,
				    unsigned int what);

/**
 * nsi_holders_proc() - the threads and open files of one process, read
 * through the same pin as its links and status (call it from the fill of
 * nsi_scan_procs(), after every other read of the process): a PID reused
 * meanwhile reads as an exit, and its files are never taken for those of
 * @p.  With an fd-directory pin (NSI_PIN_FDS) that directory is listed.
 * @h:   the search.
 * @p:   the process, with p->ns and p->status read.
 * @pin: where its files are (nsi_pin_open()).
 *
 * Return: 0, 1 when the process is gone (the pin's listing failed: drop
 * it), or -ENOMEM.
 */
int nsi_holders_proc(struct nsi_holders *h, const struct nsi_proc *p,
		     const struct nsi_pin *pin);

/**
 * nsi_holders_finish() - end the search: read the mount tables of the
 * other mount namespaces (one member of each), report, and free @h.
 * @h:  the search; freed.
 * @r:  filled with what could not be read.
 *
 * Call it once every process is in the model and our own nsfs mounts
 * were read (nsi_mounts_read_self(): other mount namespaces' copies of them
 * are not holders), before nsi_model_finish() (nsi_view_finish() does).
 *
 * Return: 0 or -ENOMEM.
 */
int nsi_holders_finish(struct nsi_holders *h, struct nsi_holders_report *r);

/**
 * nsi_holders_free() - free a search not finished (after an error).
 * @h:  the search, or NULL.
 */
void nsi_holders_free(struct nsi_holders *h);

#endif /* NSI_HOLDERS_H */
