/*
 * view.c - the rows and default columns of each view, and the collectors
 * each view needs.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>

#include "procfs.h"
#include "source.h"
#include "view.h"

int nsi_view_scan(struct nsi_model *m, int procfd, const struct nsi_query *q,
		  struct nsi_report *r)
{
	int rc;

	*r = (struct nsi_report){ 0 };
	rc = nsi_scan_procs(m, procfd);
	if (rc < 0)
		return rc;
	if (q->view == NSI_VIEW_NS) {
		/* the process view shows no namespace: nothing is missing */
		r->unreadable = m->unreadable;
		r->unreadable_errno = m->unreadable_errno;
		rc = nsi_mounts_read(m, procfd);
		if (rc == -ENOMEM)
			return rc;
		if (rc < 0)
			r->mounts_errno = -rc;
	}
	nsi_model_finish(m);
	return 0;
}

/* Is @ns one of the namespaces of @p (its unknown group included)? */
static int ns_of_proc(const struct nsi_ns *ns, const struct nsi_proc *p)
{
	if (ns->ino)
		return p->ns[ns->type] == ns->ino;
	return !p->ns[ns->type] && p->ns_errno[ns->type] &&
		p->ns_errno[ns->type] != ENOENT;
}

static int ns_rows(const struct nsi_model *m, const struct nsi_query *q,
		   void **rows, size_t *nrows, struct nsi_report *r)
{
	const struct nsi_proc *p = NULL;
	size_t i;

	if (q->pid) {
		p = nsi_model_find_proc(m, q->pid);
		if (!p) {
			r->missing_pid = q->pid;
			return -ESRCH;
		}
	}
	for (i = 0; i < m->nns; i++) {
		struct nsi_ns *ns = m->ns[i];

		if (!q->types[ns->type] ||
		    (q->ns_filter && ns->ino != q->ns_filter) ||
		    (p && !ns_of_proc(ns, p)))
			continue;
		rows[(*nrows)++] = ns;
	}
	return 0;
}

static int caps_nonempty(const struct nsi_proc *p)
{
	const struct nsi_status *st = &p->status;

	return p->have_status &&
		(st->cap[NSI_CAP_PRM] | st->cap[NSI_CAP_EFF] |
		 st->cap[NSI_CAP_AMB]) != 0;
}

static int proc_rows(struct nsi_model *m, int procfd,
		     const struct nsi_query *q, void **rows, size_t *nrows,
		     struct nsi_report *r)
{
	size_t i;
	int rc;

	for (i = 0; i < q->npids; i++) {
		struct nsi_proc *p = nsi_model_find_proc(m, q->pids[i]);

		rc = p ? nsi_status_read(procfd, p->pid, &p->status) : -ESRCH;
		if (rc == -ENOENT || rc == -ESRCH) {
			r->missing_pid = q->pids[i];
			return -ESRCH;	/* not there, or gone meanwhile */
		}
		if (rc < 0 && rc != -EBADMSG) {
			r->missing_pid = q->pids[i];
			return rc;
		}
		p->have_status = 1;
		rows[(*nrows)++] = p;
	}
	if (q->npids)
		return 0;

	nsi_scan_status(m, procfd);
	for (i = 0; i < m->nprocs; i++) {
		struct nsi_proc *p = m->procs[i];

		if (caps_nonempty(p)) {
			rows[(*nrows)++] = p;
		} else if (!p->have_status && p->status_errno != ESRCH) {
			/* exited ones are gone, not lost */
			if (!r->status_unreadable++)
				r->status_errno = p->status_errno;
		}
	}
	return 0;
}

int nsi_view_rows(struct nsi_model *m, int procfd, const struct nsi_query *q,
		  void ***rows, size_t *nrows, struct nsi_report *r)
{
	int rc;

	*nrows = 0;
	*rows = calloc(m->nns + m->nprocs + q->npids + 1, sizeof(**rows));
	if (!*rows)
		return -ENOMEM;
	if (q->view == NSI_VIEW_NS)
		rc = ns_rows(m, q, *rows, nrows, r);
	else
		rc = proc_rows(m, procfd, q, *rows, nrows, r);
	if (rc < 0) {
		free(*rows);
		*rows = NULL;
		*nrows = 0;
	}
	return rc;
}

int nsi_view_any_nsfs(void *const *rows, size_t nrows)
{
	size_t i;

	for (i = 0; i < nrows; i++)
		if (((const struct nsi_ns *)rows[i])->nnsfs)
			return 1;
	return 0;
}

size_t nsi_view_default_columns(const struct nsi_query *q, int any_nsfs,
				int *cols)
{
	static const int ns_cols[] = {
		NSI_NSCOL_NS, NSI_NSCOL_TYPE, NSI_NSCOL_NPROCS, NSI_NSCOL_PID,
		NSI_NSCOL_PPID, NSI_NSCOL_USER, NSI_NSCOL_COMMAND, -1
	};
	static const int ns_nsfs_cols[] = {
		NSI_NSCOL_NS, NSI_NSCOL_TYPE, NSI_NSCOL_NPROCS, NSI_NSCOL_PID,
		NSI_NSCOL_PPID, NSI_NSCOL_USER, NSI_NSCOL_NSFS,
		NSI_NSCOL_COMMAND, -1
	};
	static const int net_cols[] = {
		NSI_NSCOL_NS, NSI_NSCOL_TYPE, NSI_NSCOL_NPROCS, NSI_NSCOL_PID,
		NSI_NSCOL_PPID, NSI_NSCOL_USER, NSI_NSCOL_NETNSID,
		NSI_NSCOL_NSFS, NSI_NSCOL_COMMAND, -1
	};
	static const int caps_pid_cols[] = {
		NSI_PCOL_PID, NSI_PCOL_USER, NSI_PCOL_COMMAND, NSI_PCOL_CAPINH,
		NSI_PCOL_CAPPRM, NSI_PCOL_CAPEFF, NSI_PCOL_CAPBND,
		NSI_PCOL_CAPAMB, NSI_PCOL_CAPTEXT, NSI_PCOL_NNP,
		NSI_PCOL_SECCOMP, -1
	};
	static const int caps_all_cols[] = {
		NSI_PCOL_PID, NSI_PCOL_PPID, NSI_PCOL_USER, NSI_PCOL_CAPTEXT,
		NSI_PCOL_CAPAMB, NSI_PCOL_NNP, NSI_PCOL_SECCOMP,
		NSI_PCOL_COMMAND, -1
	};
	const int *src;
	size_t n;

	if (q->view == NSI_VIEW_PROC)
		src = q->npids ? caps_pid_cols : caps_all_cols;
	else if (q->ntypes == 1 && q->types[NSI_NS_NET])
		src = net_cols;
	else
		src = any_nsfs ? ns_nsfs_cols : ns_cols;
	for (n = 0; src[n] >= 0; n++)
		cols[n] = src[n];
	return n;
}

static int wants(const int *cols, size_t ncols, int col)
{
	size_t i;

	for (i = 0; i < ncols; i++)
		if (cols[i] == col)
			return 1;
	return 0;
}

int nsi_view_prepare(struct nsi_model *m, int procfd, enum nsi_view view,
		     const int *cols, size_t ncols, void *const *rows,
		     size_t nrows)
{
	size_t i;

	if (view == NSI_VIEW_NS &&
	    (wants(cols, ncols, NSI_NSCOL_PNS) ||
	     wants(cols, ncols, NSI_NSCOL_ONS) ||
	     wants(cols, ncols, NSI_NSCOL_NETNSID)))
		nsi_ns_resolve(m, procfd);

	if (!wants(cols, ncols, view == NSI_VIEW_NS ? NSI_NSCOL_COMMAND :
		   NSI_PCOL_COMMAND))
		return 0;
	for (i = 0; i < nrows; i++) {
		struct nsi_proc *p = view == NSI_VIEW_NS ?
			((struct nsi_ns *)rows[i])->rep : rows[i];

		if (p && !p->cmdline)
			nsi_cmdline_read(procfd, p);
	}
	return 0;
}
