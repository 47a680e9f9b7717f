/*
 * scan.h - the process list (proc-libproc2.c, the only file that
 * includes <libproc2/pids.h>): every process, or the listed ones, each
 * completed by a fill of the caller's.
 */
#ifndef NSI_SCAN_H
#define NSI_SCAN_H

#include <sys/types.h>

#include "model.h"

/**
 * nsi_fill_fn - completes a process listed by nsi_scan_procs().
 * @m:      the model it will join.
 * @p:      the process: pid is set, and with NSI_SCAN_STAT ppid, comm and
 *          start_time.  @fill reads the rest (the namespace links with
 *          nsi_proc_read_ns(), the status, ...) through one pin it opens
 *          with nsi_pin_open(), so that a PID reused meanwhile is seen
 *          as an exit, not as the same process.
 * @zombie: 1 for a zombie (known only with NSI_SCAN_STAT, else 0).
 * @arg:    the caller's argument.
 *
 * Return: 0 to add @p to @m, 1 to drop it (it has exited), -errno to
 * stop the scan.
 */
typedef int (*nsi_fill_fn)(struct nsi_model *m, struct nsi_proc *p,
			   int zombie, void *arg);

/* Flags of nsi_scan_procs(). */
#define NSI_SCAN_STAT	(1u << 1)	/* libproc2 reads /proc/PID/stat */

/**
 * nsi_scan_procs() - add every process of the system to @m: libproc2
 * lists them (procps_pids_new(3), procps_pids_reap(3)) with the items
 * asked for, and @fill completes each process before it is grouped into
 * the model.
 * @m:      an empty model; m->have_type is set to the types asked for that
 *          the running kernel has.
 * @procfd: a proc-root fd.
 * @types:  per enum nsi_ns_type, 1 for the types to group by; NULL for
 *          none (the process view: no namespace is read).
 * @flags:  NSI_SCAN_STAT: libproc2 reads
 *          /proc/PID/stat for ppid, comm, state and start_time (the live
 *          view); without it they come from the status that @fill must
 *          read into p->status (PPid, Name, State), and start_time stays 0.
 * @fill:   completes each process (status, container, ...), or NULL.
 * @arg:    passed to @fill.
 *
 * A process that exits during the scan is skipped and counted in
 * m->vanished.  A link that cannot be read (EACCES) leaves that inode 0,
 * records the errno in p->ns_errno and counts the process in
 * m->unreadable (nsi_proc_read_ns()); a zombie's missing links are
 * simply absent.
 *
 * Return: 0, -ENOMEM, the first negative value of @fill, or -errno when
 * libproc2 cannot start (e.g. no /proc).
 */
int nsi_scan_procs(struct nsi_model *m, int procfd, const int *types,
		   unsigned int flags, nsi_fill_fn fill, void *arg);

/**
 * nsi_scan_pids() - nsi_scan_procs() for the listed processes only
 * (procps_pids_select(3) with PIDS_SELECT_PID, in batches): the live
 * view reads again only what may have changed.
 * @m, @procfd, @types, @flags, @fill, @arg: as nsi_scan_procs().
 * @pids:  the PIDs, @npids of them; those that no longer exist are
 *         skipped (not counted in m->vanished: they were never listed).
 *
 * Return: as nsi_scan_procs().
 */
int nsi_scan_pids(struct nsi_model *m, int procfd, const int *types,
		  unsigned int flags, const pid_t *pids, size_t npids,
		  nsi_fill_fn fill, void *arg);

#endif /* NSI_SCAN_H */
