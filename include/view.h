/*
 * view.h - what to show: the rows and default columns of each view, and
 * the collectors each view needs.  Between the command line (main.c) and
 * the renderers; prints nothing.
 */
#ifndef NSI_VIEW_H
#define NSI_VIEW_H

#include <stddef.h>
#include <sys/types.h>

#include "columns.h"
#include "model.h"

/** NSI_MAX_COLS - the most columns one output can have. */
#define NSI_MAX_COLS 64

/**
 * struct nsi_query - what the user asked to see.
 * @view:      the namespace view or the process view (--caps).
 * @types:     1 for each namespace type to show (all 1 without -t).
 * @ntypes:    number of types given with -t (0: none given).
 * @pid:       -p PID in the namespace view, 0 for none.
 * @ns_filter: a namespace inode given as argument, 0 for none.
 * @pids:      the PIDs of the process view, @npids of them (none: every
 *             process with capabilities); borrowed.
 */
struct nsi_query {
	enum nsi_view view;
	int types[NSI_NS_NTYPES];
	int ntypes;
	pid_t pid;
	ino_t ns_filter;
	const pid_t *pids;
	size_t npids;
};

/**
 * struct nsi_report - what could not be seen, for main.c to tell.
 * @mounts_errno:      positive errno when the mount table could not be
 *                     read (nsfs-only namespaces are then missing).
 * @unreadable:        processes with an unreadable namespace link.
 * @unreadable_errno:  why, for the first of them.
 * @status_unreadable: processes whose status could not be read (those
 *                     that exited are not counted: they are gone).
 * @status_errno:      why, for the first of them.
 * @missing_pid:       the PID that does not exist, with -ESRCH.
 */
struct nsi_report {
	int mounts_errno;
	size_t unreadable;
	int unreadable_errno;
	size_t status_unreadable;
	int status_errno;
	pid_t missing_pid;
};

/**
 * nsi_view_scan() - run the collectors @q needs and finish the model:
 * processes (libproc2), then for the namespace view the nsfs mounts.
 * @m:      an empty model, set up with nsi_model_init().
 * @procfd: a proc-root fd.
 * @q:      the query.
 * @r:      filled with what could not be read (zeroed first).
 *
 * Return: 0, or -errno when the process list cannot be read at all.  A
 * mount table that cannot be read is not an error: r->mounts_errno.
 */
int nsi_view_scan(struct nsi_model *m, int procfd, const struct nsi_query *q,
		  struct nsi_report *r);

/**
 * nsi_view_rows() - choose the rows of @q from a finished model.
 * Namespace view: the namespaces of the chosen types (of -p PID only, or
 * the one given), in model order.  Process view: the PIDs given, or every
 * process whose permitted, effective or ambient set is non-empty; their
 * status files are read here.
 * @m:      the model.
 * @procfd: a proc-root fd.
 * @q:      the query.
 * @rows:   set to a malloc'd array of borrowed struct nsi_ns or struct
 *          nsi_proc pointers, owned by the caller (free()).
 * @nrows:  set to its length.
 * @r:      r->missing_pid, r->status_unreadable and r->status_errno are
 *          filled.
 *
 * Return: 0; -ESRCH when a PID asked for does not exist (r->missing_pid);
 * -errno when the status of a PID asked for cannot be read; -ENOMEM.
 */
int nsi_view_rows(struct nsi_model *m, int procfd, const struct nsi_query *q,
		  void ***rows, size_t *nrows, struct nsi_report *r);

/**
 * nsi_view_default_columns() - the default columns of @q: NS TYPE NPROCS
 * PID PPID USER COMMAND (NSFS before COMMAND when @any_nsfs); for net
 * alone NS TYPE NPROCS PID PPID USER NETNSID NSFS COMMAND; for --caps
 * with PIDs every capability set, else PID PPID USER CAPTEXT CAPAMB NNP
 * SECCOMP COMMAND.
 * @q:        the query.
 * @any_nsfs: whether a row to show has an nsfs mount.
 * @cols:     filled with column indexes (at most NSI_MAX_COLS).
 *
 * Return: the number of columns.
 */
size_t nsi_view_default_columns(const struct nsi_query *q, int any_nsfs,
				int *cols);

/**
 * nsi_view_any_nsfs() - whether any of the namespace rows has an nsfs mount.
 * @rows:  struct nsi_ns pointers.
 * @nrows: their number.
 */
int nsi_view_any_nsfs(void *const *rows, size_t nrows);

/**
 * nsi_view_prepare() - fetch what the chosen columns need and the scan
 * did not read: owner, parent and netnsid of every namespace
 * (nsi_ns_resolve(), once per namespace) when PNS, ONS or NETNSID is
 * shown; command lines (nsi_cmdline_read()) of the shown processes only
 * when COMMAND is shown.
 * @m:      the model.
 * @procfd: a proc-root fd.
 * @view:   the view of @rows.
 * @cols:   the column indexes, @ncols of them.
 * @rows:   the rows, @nrows of them.
 *
 * Return: 0 (what cannot be read stays unknown).
 */
int nsi_view_prepare(struct nsi_model *m, int procfd, enum nsi_view view,
		     const int *cols, size_t ncols, void *const *rows,
		     size_t nrows);

#endif /* NSI_VIEW_H */
