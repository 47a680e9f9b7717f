/*
 * watch.h - the loop of --watch (watch.c): scan, compare with the last
 * scan (diff.h), hand each change to the caller, wait for the next.
 *
 * When it scans: at once after process events (the proc connector,
 * through live.h: fork, exec, exit, credentials; nsi_live_events_fd()),
 * after a change of our mount table (/proc/self/mountinfo polled for
 * POLLPRI, proc(5): `ip netns add` bind mounts an nsfs file and its
 * process exits at once), and every interval in full
 * (nsi_live_full_next()), which sees what no event tells: setns(2),
 * unshare(2) and capset(2) without an exec, and events the kernel lost.
 * A scan an event asks for comes at least NSI_WATCH_MIN_GAP_MS, and 4
 * times the last scan's time, after the last one: however fast events
 * come (a fork loop), at most a fifth of the time goes to scanning.
 * A container that starts unnamed while its engine is being asked is told once the engine
 * named it, or after NSI_WATCH_NAME_MS, with the namespaces created with
 * it (what else happens to it meanwhile is part of its start); every
 * other change is told at once.
 *
 * Memory: two models (the last scan and the one being made), one scan's
 * changes, and at most NSI_WATCH_PENDING_MAX containers waiting for a
 * name, each with the keys of its namespaces.
 */
#ifndef NSI_WATCH_H
#define NSI_WATCH_H

#include <signal.h>
#include <time.h>

#include "diff.h"
#include "view.h"

/** NSI_WATCH_INTERVAL_MS - the default time between full rescans. */
#define NSI_WATCH_INTERVAL_MS 5000

/** NSI_WATCH_MIN_GAP_MS - the shortest time between two scans. */
#define NSI_WATCH_MIN_GAP_MS 100

/** NSI_WATCH_NAME_MS - how long a new container waits for its name. */
#define NSI_WATCH_NAME_MS 1500

/** NSI_WATCH_PENDING_MAX - containers waiting for a name at once; past
 * it a new one is told unnamed at once. */
#define NSI_WATCH_PENDING_MAX 64

/**
 * struct nsi_watch_opts - how to watch.
 * @interval_ms: the time between full rescans, in ms (> 0).
 * @emit:    called with each change (not command_caps: process_caps tells
 *           them) and the time of the scan that found it
 *           (CLOCK_REALTIME); returns 0, or -errno to end the watch with
 *           that error (a write error: -EPIPE when the reader is gone).
 * @started: called once after the first scan with what it could not
 *           read and why there are no process events (0, or the
 *           positive errno of nsi_live_events_errno()); may be NULL.
 * @arg:     passed to both.
 * @max_scans: stop after that many scans (0: never), for tests.
 */
struct nsi_watch_opts {
	long interval_ms;
	int (*emit)(const struct nsi_change *c, const struct timespec *when,
		    void *arg);
	void (*started)(const struct nsi_report *r, int events_errno,
			void *arg);
	void *arg;
	unsigned long max_scans;
};

/**
 * nsi_watch_run() - watch until SIGTERM or SIGINT (blocked while it runs
 * and taken with signalfd(2), so none is lost between two waits), or
 * until @o->emit fails.  Prints nothing.
 * @procfd: a proc-root fd.
 * @o:      how.
 *
 * Return: 0 when a signal ended it (or @o->max_scans); the -errno of
 * @o->emit; -ENOMEM; -errno when the process list, the mount table or
 * the events cannot be read, or of signalfd(2) or poll(2).
 */
int nsi_watch_run(int procfd, const struct nsi_watch_opts *o);

#endif /* NSI_WATCH_H */
