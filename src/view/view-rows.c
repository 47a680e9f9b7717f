/*
 * view-rows.c - the rows of each view: the namespaces or processes asked
 * for (-p, --task, --container, an inode, -t), and what the renderers ask
 * of them (any container, thread or nsfs path to show).
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "containers.h"
#include "view.h"

/* Is @ns one of the namespaces of @p (its unknown group included)? */
static int ns_of_proc(const struct nsi_ns *ns, const struct nsi_proc *p)
{
	if (ns->ino)
		return p->ns[ns->type] == ns->ino;
	return !p->ns[ns->type] && p->ns_errno[ns->type] &&
		p->ns_errno[ns->type] != ENOENT;
}

/* Does a process of @c belong to @ns? */
static int ns_of_container(const struct nsi_ns *ns,
			   const struct nsi_container *c)
{
	size_t i;

	for (i = 0; i < ns->nprocs; i++)
		if (ns->procs[i]->container == c)
			return 1;
	return 0;
}

void nsi_view_report_asked(struct nsi_report *r, void *const *procs,
			   size_t n)
{
	size_t i;
	int t;

	r->unreadable = 0;
	r->unreadable_errno = 0;
	memset(r->unreadable_pids, 0, sizeof(r->unreadable_pids));
	r->fds_unreadable = 0;
	r->fds_errno = 0;
	for (i = 0; i < n; i++) {
		const struct nsi_proc *p = procs[i];

		for (t = 0; t < NSI_NS_NTYPES; t++)
			if (p->ns_errno[t] && p->ns_errno[t] != ENOENT)
				break;
		if (t == NSI_NS_NTYPES)
			continue;	/* a zombie's missing links are no fault */
		if (r->unreadable < NSI_UNREADABLE_NAMED)
			r->unreadable_pids[r->unreadable] =
				p->tid ? p->tid : p->pid;
		if (!r->unreadable++)
			r->unreadable_errno = p->ns_errno[t];
	}
}

static int ns_rows(const struct nsi_model *m, const struct nsi_query *q,
		   const struct nsi_container *c, void **rows, size_t *nrows,
		   struct nsi_report *r)
{
	const struct nsi_proc *p = NULL;
	size_t i;

	if (q->pid) {
		p = nsi_model_find_proc(m, q->pid);
		/* a thread ID, as getpcaps(8) takes: its own links */
		if (!p && (p = nsi_model_find_thread(m, q->pid)))
			r->thread_of = p->pid;
		if (!p) {
			r->missing_pid = q->pid;
			return -ESRCH;
		}
		nsi_view_report_asked(r, (void *const *)&p, 1);
	}
	for (i = 0; i < m->nns; i++) {
		struct nsi_ns *ns = m->ns[i];

		if (!q->types[ns->type] ||
		    (q->ns_filter && ns->ino != q->ns_filter) ||
		    (q->persistent && (ns->nprocs || !ns->ino)) ||
		    (q->net_detail && !ns->ino) ||	/* nothing to read */
		    (p && !ns_of_proc(ns, p)) ||
		    (c && !ns_of_container(ns, c)))
			continue;
		rows[(*nrows)++] = ns;
	}
	return 0;
}

static int proc_rows(struct nsi_model *m, const struct nsi_query *q,
		     const struct nsi_container *c, void **rows,
		     size_t *nrows, struct nsi_report *r)
{
	size_t i;

	for (i = 0; i < q->npids; i++) {
		struct nsi_proc *p = nsi_model_find_proc(m, q->pids[i]);

		if (!p)		/* a thread ID: its own row */
			p = nsi_model_find_thread(m, q->pids[i]);
		if (!p) {
			r->missing_pid = q->pids[i];
			return -ESRCH;	/* not there, or gone meanwhile */
		}
		if (!p->have_status) {
			r->missing_pid = q->pids[i];
			return -p->status_errno;
		}
		rows[(*nrows)++] = p;
	}
	if (q->npids) {
		nsi_view_report_asked(r, rows, *nrows);
		return 0;
	}

	for (i = 0; i < m->nprocs; i++) {
		struct nsi_proc *p = m->procs[i];

		if (c) {
			if (p->container == c && p->have_status)
				rows[(*nrows)++] = p;
		} else if (nsi_proc_any_caps(p)) {
			rows[(*nrows)++] = p;
		} else if (!p->have_status) {
			/* exited ones were skipped: gone, not lost */
			if (!r->status_unreadable++)
				r->status_errno = p->status_errno;
		}
	}
	return 0;
}

int nsi_view_rows(struct nsi_model *m, const struct nsi_query *q,
		  void ***rows, size_t *nrows, struct nsi_report *r)
{
	const struct nsi_container *c = NULL;
	int rc;

	*nrows = 0;
	*rows = NULL;
	if (q->container) {
		c = nsi_model_find_container(m, q->container);
		if (!c)
			return -errno;
	}
	*rows = calloc(m->nns + m->nprocs + q->npids + 1, sizeof(**rows));
	if (!*rows)
		return -ENOMEM;
	if (q->view == NSI_VIEW_NS)
		rc = ns_rows(m, q, c, *rows, nrows, r);
	else
		rc = proc_rows(m, q, c, *rows, nrows, r);
	if (rc < 0) {
		free(*rows);
		*rows = NULL;
		*nrows = 0;
	}
	return rc;
}

int nsi_view_any_container(enum nsi_view view, void *const *rows,
			   size_t nrows)
{
	size_t i;

	for (i = 0; i < nrows; i++)
		if (view == NSI_VIEW_NS ?
		    ((const struct nsi_ns *)rows[i])->container != NULL :
		    ((const struct nsi_proc *)rows[i])->container != NULL)
			return 1;
	return 0;
}

int nsi_view_any_thread(void *const *rows, size_t nrows)
{
	size_t i;

	for (i = 0; i < nrows; i++) {
		const struct nsi_proc *p = rows[i];

		if (p->tid || nsi_view_threads_shown(p, NULL))
			return NSI_ANY_THREAD;
	}
	return 0;
}

size_t nsi_view_threads_shown(const struct nsi_proc *p,
			      const struct nsi_proc **shown)
{
	size_t i, n = 0;

	for (i = 0; i < p->nthreads; i++)
		if (p->threads[i]->caps_differ) {
			if (shown)
				shown[n] = p->threads[i];
			n++;
		}
	return n;
}

int nsi_view_any_nsfs(void *const *rows, size_t nrows)
{
	int any = 0;
	size_t i;

	for (i = 0; i < nrows; i++) {
		const struct nsi_ns *ns = rows[i];

		if (ns->nnsfs)
			any |= NSI_ANY_NSFS;
		if (ns->nholders)
			any |= NSI_ANY_HOLDER;
		if (ns->tid)
			any |= NSI_ANY_TID;
	}
	return any;
}
