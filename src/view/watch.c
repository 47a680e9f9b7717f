/*
 * watch.c - the loop of --watch (watch.h): live scans (live.h) woken by
 * process events, mount table changes and a timer; each compared with
 * the last one told (diff.h).
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "grow.h"
#include "live.h"
#include "procfs.h"
#include "sigfd.h"
#include "util.h"
#include "watch.h"

/*
 * A container started but not yet told: its engine is being asked for its
 * name.  Its start and the namespaces created with it are told once it is
 * named, or at @until_ms; what else happens to it meanwhile (its first
 * process's exec and capabilities) is part of how it started.
 */
struct pending {
	const char *runtime;	/* static */
	char *id;
	long owner;		/* NSI_OWNER_SYSTEM, or the user's UID */
	long long until_ms;
	struct timespec found;	/* when its start was found */
	struct nsi_ns_key {
		enum nsi_ns_type type;
		ino_t ino;
	} *ns;			/* the namespaces created with it */
	size_t nns, ns_alloc;
};

struct watch {
	const struct nsi_watch_opts *o;
	struct nsi_live *l;
	struct nsi_model *told;	/* the last model compared */
	unsigned long round, scans;
	long long next_full_ms, last_scan_ms;
	long long gap_ms;	/* the least time after a scan before one
				 * an event asks for (NSI_WATCH_MIN_GAP_MS,
				 * or 4 times the last scan's) */
	int dirty;		/* an event or a mount change to scan for */
	struct nsi_diff d;
	struct pending pending[NSI_WATCH_PENDING_MAX];
	size_t npending;
};

static void model_free(struct nsi_model *m)
{
	if (!m)
		return;
	nsi_model_release(m);
	free(m);
}

/* Scan into a new model (@full: every process read). */
static int scan(struct watch *w, int full, struct nsi_model **mp,
		struct nsi_report *r)
{
	struct nsi_model *m = malloc(sizeof(*m));
	long long start = nsi_monotonic_ms();
	int rc;

	if (!m)
		return -ENOMEM;
	nsi_model_init(m);
	if (full)
		nsi_live_full_next(w->l);
	rc = nsi_live_scan(w->l, m, w->told, w->round++, NULL, 0, r);
	if (rc < 0) {
		model_free(m);
		return rc;
	}
	w->scans++;
	w->dirty = 0;
	w->last_scan_ms = nsi_monotonic_ms();
	/* events come as fast as a fork loop makes them: at most a fifth
	 * of the time is spent scanning for them */
	w->gap_ms = 4 * (w->last_scan_ms - start);
	if (w->gap_ms < NSI_WATCH_MIN_GAP_MS)
		w->gap_ms = NSI_WATCH_MIN_GAP_MS;
	if (full)
		w->next_full_ms = w->last_scan_ms + w->o->interval_ms;
	*mp = m;
	return 0;
}

static struct pending *pending_of(struct watch *w,
				  const struct nsi_container *c)
{
	long owner;
	size_t i;

	if (!c)
		return NULL;
	owner = nsi_container_owner(c);
	for (i = 0; i < w->npending; i++)
		if (w->pending[i].runtime == c->runtime &&
		    w->pending[i].owner == owner &&
		    strcmp(w->pending[i].id, c->id) == 0)
			return &w->pending[i];
	return NULL;
}

/* Hold the start of @c until it is named; NULL when it cannot wait. */
static struct pending *pending_add(struct watch *w,
				   const struct nsi_container *c,
				   const struct timespec *found)
{
	struct pending *p = &w->pending[w->npending];

	if (w->npending == NSI_WATCH_PENDING_MAX ||
	    nsi_live_engine_wait(w->l) < 0)
		return NULL;	/* its engine is not being asked */
	memset(p, 0, sizeof(*p));
	p->id = strdup(c->id);
	if (!p->id)
		return NULL;
	p->runtime = c->runtime;
	p->owner = nsi_container_owner(c);
	p->until_ms = nsi_monotonic_ms() + NSI_WATCH_NAME_MS;
	p->found = *found;
	w->npending++;
	return p;
}

static int pending_add_ns(struct pending *p, const struct nsi_change *c)
{
	if (nsi_grow(&p->ns, &p->ns_alloc, p->nns + 1, sizeof(*p->ns)) < 0)
		return -ENOMEM;
	p->ns[p->nns].type = c->type;
	p->ns[p->nns++].ino = c->ino;
	return 0;
}

/*
 * Tell the start of pending container @p as @m has it, with the
 * namespaces created with it that @m still has; then forget it.
 */
static int pending_tell(struct watch *w, struct pending *p,
			struct nsi_model *m)
{
	const struct nsi_container *c = nsi_model_get_container_of(m,
		p->runtime, p->id, p->owner, 0);
	struct nsi_change ch;
	size_t i;
	int rc = 0;

	if (c) {
		ch = nsi_change_of_container(NSI_CHANGE_CONTAINER_STARTED, c);
		rc = w->o->emit(&ch, &p->found, w->o->arg);
	}
	for (i = 0; c && rc == 0 && i < p->nns; i++) {
		const struct nsi_ns *ns = nsi_model_get_ns(m, p->ns[i].type,
							   p->ns[i].ino, 0);

		if (!ns)
			continue;
		ch = nsi_change_of_ns(NSI_CHANGE_NS_CREATED, ns);
		rc = w->o->emit(&ch, &p->found, w->o->arg);
	}
	free(p->id);
	free(p->ns);
	*p = w->pending[--w->npending];
	return rc;
}

/*
 * One change: held while its container waits for its name (told first
 * when it stops meanwhile), else told.
 */
static int tell(struct watch *w, const struct nsi_change *c,
		const struct timespec *now)
{
	struct pending *p = pending_of(w, c->container);

	switch (c->kind) {
	case NSI_CHANGE_COMMAND_CAPS:
		return 0;	/* process_caps tells each process */
	case NSI_CHANGE_CONTAINER_STARTED:
		if (!c->container->name && pending_add(w, c->container, now))
			return 0;
		break;
	case NSI_CHANGE_NS_CREATED:
		if (p)
			return pending_add_ns(p, c);
		break;
	case NSI_CHANGE_CONTAINER_STOPPED:
	case NSI_CHANGE_NS_GONE:
		/* gone before it was named: tell its start first, from
		 * the model that still has it */
		if (p) {
			int rc = pending_tell(w, p, w->told);

			if (rc < 0)
				return rc;
		}
		break;
	default:
		if (p)
			return 0;	/* part of how it started */
	}
	return w->o->emit(c, now, w->o->arg);
}

/*
 * Compare the new scan @m with the last one and tell the changes; tell
 * the pending containers named now, or whose time is up; @m becomes the
 * last one.
 */
static int compare(struct watch *w, struct nsi_model *m)
{
	long long now_ms = nsi_monotonic_ms();
	struct timespec now;
	size_t i;
	int rc;

	clock_gettime(CLOCK_REALTIME, &now);
	nsi_diff_release(&w->d);
	rc = nsi_diff_models(w->told, m, NSI_DIFF_PROCS, &w->d);
	for (i = 0; rc == 0 && i < w->d.n; i++)
		rc = tell(w, &w->d.ch[i], &now);
	for (i = 0; rc == 0 && i < w->npending; ) {
		const struct nsi_container *c = nsi_model_get_container_of(m,
			w->pending[i].runtime, w->pending[i].id,
			w->pending[i].owner, 0);

		if (!c || c->name || now_ms >= w->pending[i].until_ms)
			rc = pending_tell(w, &w->pending[i], m);
		else
			i++;
	}
	nsi_diff_release(&w->d);
	model_free(w->told);
	w->told = m;
	return rc;
}

/* The earliest time a pending container is told unnamed. */
static long long first_until(const struct watch *w)
{
	long long t = LLONG_MAX;
	size_t i;

	for (i = 0; i < w->npending; i++)
		if (w->pending[i].until_ms < t)
			t = w->pending[i].until_ms;
	return t;
}

/* How long to wait for the next scan, in ms. */
static int wait_ms(const struct watch *w)
{
	long long now = nsi_monotonic_ms(), t = w->next_full_ms - now;
	long e;

	if (w->dirty && w->last_scan_ms + w->gap_ms - now < t)
		t = w->last_scan_ms + w->gap_ms - now;
	if (w->npending) {
		e = nsi_live_engine_wait(w->l);
		if (e < 0 || first_until(w) <= now)
			e = 0;
		if (e < t)
			t = e;
	}
	return t < 0 ? 0 : t > 60000 ? 60000 : (int)t;
}

/*
 * Wait for a signal, an event, a mount change or the time of a scan;
 * then scan and compare as due.  1 when a signal came.
 */
static int step(struct watch *w, int sfd, int mfd)
{
	struct pollfd pfd[3] = {
		{ sfd, POLLIN, 0 }, { mfd, POLLPRI, 0 },
		/* events wait while a scan may not start yet */
		{ w->dirty ? -1 : nsi_live_events_fd(w->l), POLLIN, 0 },
	};
	struct nsi_model *m;
	long long now;
	int rc, full, named;

	rc = poll(pfd, 3, wait_ms(w));
	if (rc < 0 && errno != EINTR)
		return -errno;
	if (rc > 0 && pfd[0].revents) {
		/* taken, so that it is not pending when unblocked */
		rc = nsi_sigfd_take(sfd);
		return rc < 0 ? rc : 1;
	}
	if (rc > 0 && (pfd[1].revents || pfd[2].revents))
		w->dirty = 1;
	now = nsi_monotonic_ms();
	full = now >= w->next_full_ms;
	/* a new container's engine answered, or its time is up */
	named = w->npending && (nsi_live_engine_wait(w->l) <= 0 ||
				now >= first_until(w));
	if (!full && !named &&
	    !(w->dirty && now >= w->last_scan_ms + w->gap_ms))
		return 0;
	rc = scan(w, full, &m, &(struct nsi_report){ 0 });
	return rc < 0 ? rc : compare(w, m);
}

int nsi_watch_run(int procfd, const struct nsi_watch_opts *o)
{
	struct watch w = { .o = o };
	struct nsi_report r;
	sigset_t old;
	int sfd, mfd, rc;

	sfd = nsi_sigfd_open(&old);
	if (sfd < 0)
		return sfd;
	mfd = nsi_procfs_open_file(procfd, "self/mountinfo");
	w.l = mfd < 0 ? NULL : nsi_live_new(procfd, 0);
	rc = mfd < 0 ? mfd : !w.l ? -ENOMEM : scan(&w, 1, &w.told, &r);
	if (rc == 0 && o->started)
		o->started(&r, nsi_live_events_errno(w.l), o->arg);
	while (rc == 0 && (!o->max_scans || w.scans < o->max_scans))
		rc = step(&w, sfd, mfd);
	if (rc > 0)
		rc = 0;
	nsi_diff_release(&w.d);
	while (w.npending) {
		free(w.pending[w.npending - 1].id);
		free(w.pending[--w.npending].ns);
	}
	model_free(w.told);
	nsi_live_free(w.l);
	if (mfd >= 0)
		close(mfd);
	nsi_sigfd_close(sfd, &old);
	return rc;
}
