/*
 * live.c - the incremental scan of the live view.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "container.h"
#include "live.h"
#include "procfs.h"
#include "source.h"

struct live {
	int procfd;
	const struct nsi_model *prev;
	unsigned long round;
	const pid_t *fresh;
	size_t nfresh;
};

static int cmp_pid(const void *a, const void *b)
{
	pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;

	return (x > y) - (x < y);
}

/* The container @old ran in, found again (or made) in @m. */
static struct nsi_container *same_container(struct nsi_model *m,
					    const struct nsi_container *old)
{
	struct nsi_container *c = nsi_model_get_container(m, old->runtime,
							  old->id, 1);

	if (!c || c->name || !old->name)
		return c;
	c->name = strdup(old->name);
	c->image = old->image ? strdup(old->image) : NULL;
	c->network_mode = old->network_mode ? strdup(old->network_mode) : NULL;
	if (!c->pod && old->pod)
		c->pod = strdup(old->pod);
	if (!c->name || (old->image && !c->image) ||
	    (old->network_mode && !c->network_mode))
		return NULL;
	return c;
}

/* Take from @old what @p would read again. */
static int reuse(struct nsi_model *m, struct nsi_proc *p,
		 const struct nsi_proc *old)
{
	int t, unreadable = 0;

	memcpy(p->ns, old->ns, sizeof(p->ns));
	memcpy(p->ns_errno, old->ns_errno, sizeof(p->ns_errno));
	for (t = 0; t < NSI_NS_NTYPES; t++) {
		if (!p->ns_errno[t] || p->ns_errno[t] == ENOENT)
			continue;
		if (!unreadable++ && !m->unreadable_errno)
			m->unreadable_errno = p->ns_errno[t];
	}
	if (unreadable)
		m->unreadable++;
	p->status = old->status;
	p->have_status = old->have_status;
	p->status_errno = old->status_errno;
	p->uid = old->uid;
	p->user = old->user ? strdup(old->user) : NULL;
	p->cmdline = old->cmdline ? strdup(old->cmdline) : NULL;
	if (old->container)
		p->container = same_container(m, old->container);
	if ((old->user && !p->user) || (old->cmdline && !p->cmdline) ||
	    (old->container && !p->container))
		return -ENOMEM;
	return 0;
}

/* Read all of @p: 1 when it has exited meanwhile. */
static int read_all(struct nsi_model *m, int procfd, struct nsi_proc *p,
		    int zombie)
{
	int rc;

	if (!nsi_proc_read_ns(m, procfd, p, zombie))
		return 1;
	rc = nsi_proc_read_status(procfd, p);
	if (rc != 0)
		return rc;
	rc = nsi_proc_container(m, procfd, p);
	if (rc < 0)
		return rc;
	nsi_cmdline_read(procfd, p);
	return 0;
}

static int fill(struct nsi_model *m, struct nsi_proc *p, int zombie,
		void *arg)
{
	const struct live *l = arg;
	const struct nsi_proc *old;

	old = l->prev ? nsi_model_find_proc(l->prev, p->pid) : NULL;
	if (old && old->start_time == p->start_time && old->comm && p->comm &&
	    strcmp(old->comm, p->comm) == 0 &&
	    (unsigned long)p->pid % NSI_LIVE_ROUNDS !=
	    l->round % NSI_LIVE_ROUNDS &&
	    !bsearch(&p->pid, l->fresh, l->nfresh, sizeof(pid_t), cmp_pid))
		return reuse(m, p, old);
	return read_all(m, l->procfd, p, zombie);
}

int nsi_live_scan(struct nsi_model *m, int procfd,
		  const struct nsi_model *prev, unsigned long round,
		  const pid_t *fresh, size_t nfresh, struct nsi_report *r)
{
	static const int all[NSI_NS_NTYPES] = { 1, 1, 1, 1, 1, 1, 1, 1 };
	struct live l = { procfd, prev, round, fresh, nfresh };
	int rc;

	*r = (struct nsi_report){ 0 };
	/* the links are read by fill(), only for what changed */
	rc = nsi_scan_procs(m, procfd, all, NSI_SCAN_STAT, fill, &l);
	if (rc < 0)
		return rc;
	/* names found before were carried over: the engine is asked only
	 * when a docker container is new */
	return nsi_view_finish(m, procfd, 1, r);
}
