/*
 * watch.c - the loop of --watch (watch.h): live scans (live.h) woken by
 * process events, mount table changes and a timer; each compared with
 * the last one told (diff.h).
 */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

#include "live.h"
#include "procfs.h"
#include "util.h"
#include "watch.h"

struct watch {
	const struct nsi_watch_opts *o;
	struct nsi_live *l;
	struct nsi_model *told;	/* the last model whose changes were told */
	struct nsi_model *cur;	/* the newest scan: @told but while waiting */
	unsigned long round, scans;
	long long next_full_ms, last_scan_ms;
	long long name_until_ms; /* a new container waits for its name */
	struct timespec found;	/* when the changes waiting were found */
	int dirty;		/* an event or a mount change to scan for */
	struct nsi_diff d;
};

static void model_free(struct nsi_model *m)
{
	if (!m)
		return;
	nsi_model_release(m);
	free(m);
}

/* Scan into a new model (@full: every process read), the newest. */
static int scan(struct watch *w, int full, struct nsi_report *r)
{
	struct nsi_model *m = malloc(sizeof(*m));
	int rc;

	if (!m)
		return -ENOMEM;
	nsi_model_init(m);
	if (full)
		nsi_live_full_next(w->l);
	rc = nsi_live_scan(w->l, m, w->cur, w->round++, NULL, 0, r);
	if (rc < 0) {
		model_free(m);
		return rc;
	}
	if (w->cur != w->told)
		model_free(w->cur);
	w->cur = m;
	w->scans++;
	w->dirty = 0;
	w->last_scan_ms = nsi_monotonic_ms();
	if (full)
		w->next_full_ms = w->last_scan_ms + w->o->interval_ms;
	return 0;
}

/* Whether a container of the changes still has no name from its engine. */
static int unnamed_start(const struct nsi_diff *d)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		if (d->ch[i].kind == NSI_CHANGE_CONTAINER_STARTED &&
		    !d->ch[i].container->name)
			return 1;
	return 0;
}

/*
 * Compare the newest scan with the last told; tell the changes, unless a
 * new container's name is being asked of its engine (then wait, at most
 * NSI_WATCH_NAME_MS).
 */
static int compare(struct watch *w)
{
	long long now = nsi_monotonic_ms();
	size_t i;
	int rc;

	nsi_diff_release(&w->d);
	rc = nsi_diff_models(w->told, w->cur, NSI_DIFF_PROCS, &w->d);
	if (rc < 0)
		return rc;
	if (!w->name_until_ms)
		clock_gettime(CLOCK_REALTIME, &w->found);
	if (unnamed_start(&w->d) && nsi_live_engine_wait(w->l) >= 0) {
		if (!w->name_until_ms)
			w->name_until_ms = now + NSI_WATCH_NAME_MS;
		if (now < w->name_until_ms)
			return 0;
	}
	w->name_until_ms = 0;
	for (i = 0; rc == 0 && i < w->d.n; i++)
		if (w->d.ch[i].kind != NSI_CHANGE_COMMAND_CAPS)
			rc = w->o->emit(&w->d.ch[i], &w->found, w->o->arg);
	nsi_diff_release(&w->d);
	if (w->told != w->cur)
		model_free(w->told);
	w->told = w->cur;
	return rc;
}

/* How long to wait for the next scan, in ms. */
static int wait_ms(const struct watch *w)
{
	long long now = nsi_monotonic_ms(), t = w->next_full_ms - now;
	long e;

	if (w->dirty && w->last_scan_ms + NSI_WATCH_MIN_GAP_MS - now < t)
		t = w->last_scan_ms + NSI_WATCH_MIN_GAP_MS - now;
	if (w->name_until_ms) {
		e = nsi_live_engine_wait(w->l);
		if (e < 0 || w->name_until_ms <= now)
			e = 0;
		if (e < t)
			t = e;
	}
	return t < 0 ? 0 : t > 60000 ? 60000 : (int)t;
}

/* The signals that end the watch, blocked and read from a signalfd. */
static int signals_fd(sigset_t *old)
{
	sigset_t set;
	int fd;

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	if (sigprocmask(SIG_BLOCK, &set, old) < 0)
		return -errno;
	fd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
	if (fd < 0) {
		fd = -errno;
		sigprocmask(SIG_SETMASK, old, NULL);
	}
	return fd;
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
	long long now;
	int rc, full, named;

	rc = poll(pfd, 3, wait_ms(w));
	if (rc < 0 && errno != EINTR)
		return -errno;
	if (rc > 0 && pfd[0].revents) {
		struct signalfd_siginfo si;

		/* taken, so that it is not pending when unblocked */
		return read(sfd, &si, sizeof(si)) < 0 && errno != EAGAIN ?
			-errno : 1;
	}
	if (rc > 0 && (pfd[1].revents || pfd[2].revents))
		w->dirty = 1;
	now = nsi_monotonic_ms();
	full = now >= w->next_full_ms;
	/* a new container's engine answered, or its time is up */
	named = w->name_until_ms && (nsi_live_engine_wait(w->l) <= 0 ||
				     now >= w->name_until_ms);
	if (!full && !named &&
	    !(w->dirty && now >= w->last_scan_ms + NSI_WATCH_MIN_GAP_MS))
		return 0;
	rc = scan(w, full, &(struct nsi_report){ 0 });
	return rc < 0 ? rc : compare(w);
}

int nsi_watch_run(int procfd, const struct nsi_watch_opts *o)
{
	struct watch w = { .o = o };
	struct nsi_report r;
	sigset_t old;
	int sfd, mfd, rc;

	sfd = signals_fd(&old);
	if (sfd < 0)
		return sfd;
	mfd = nsi_procfs_open_file(procfd, "self/mountinfo");
	w.l = mfd < 0 ? NULL : nsi_live_new(procfd, 0);
	rc = mfd < 0 ? mfd : !w.l ? -ENOMEM : scan(&w, 1, &r);
	w.told = w.cur;
	if (rc == 0 && o->started)
		o->started(&r, nsi_live_events_errno(w.l), o->arg);
	while (rc == 0 && (!o->max_scans || w.scans < o->max_scans))
		rc = step(&w, sfd, mfd);
	if (rc > 0)
		rc = 0;
	nsi_diff_release(&w.d);
	if (w.cur != w.told)
		model_free(w.cur);
	model_free(w.told);
	nsi_live_free(w.l);
	if (mfd >= 0)
		close(mfd);
	close(sfd);
	sigprocmask(SIG_SETMASK, &old, NULL);
	return rc;
}
