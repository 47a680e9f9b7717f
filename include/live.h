/*
 * live.h - the scan of a view that refreshes again and again (--tui):
 * everything a fresh scan gives, at a cost that does not grow with what
 * did not change.  Reading the eight namespace links of a process costs
 * more than all that top(1) reads of it; so a process that did not
 * change keeps what the previous scan read of it, and is read again in
 * full only when it is new, when it has changed, when the caller shows
 * it, or at its turn: one process in NSI_LIVE_ROUNDS every refresh, so
 * none is older than that many refreshes (unshare(2), setns(2) and
 * capset(2) without an exec are seen then).
 *
 * How "changed" is known: as root, from the kernel's process events
 * (the proc connector, nsi_proc_events_open()): a process no fork, exec,
 * exit, credential or name event named is copied without a single read;
 * only the directory of /proc is listed.  When events are lost, or
 * cannot be had (not root, inside a container), every process's
 * /proc/PID/stat is read and one whose PID, start time and command are
 * those of the previous scan is copied.
 */
#ifndef NSI_LIVE_H
#define NSI_LIVE_H

#include <stddef.h>
#include <sys/types.h>

#include "model.h"
#include "view.h"

/** NSI_LIVE_ROUNDS - refreshes after which every process was read again. */
#define NSI_LIVE_ROUNDS 20

/** struct nsi_live - the state of a live scan across refreshes. */
struct nsi_live;

/* Flags of nsi_live_new(). */
#define NSI_LIVE_NO_EVENTS (1u << 0)	/* read /proc/PID/stat of every process */

/**
 * nsi_live_new() - start live scans of a proc root: subscribes to
 * process events when it may (a failure only means the slower way).
 * @procfd: a proc-root fd, which must outlive the result.
 * @flags:  0, or NSI_LIVE_NO_EVENTS to do without events (the tests
 *          check both ways).
 *
 * Return: the state, owned by the caller (nsi_live_free()), or NULL with
 * errno ENOMEM.
 */
struct nsi_live *nsi_live_new(int procfd, unsigned int flags);

/**
 * nsi_live_events_errno() - why the scans do without process events.
 * @l: the state.
 *
 * Return: 0 when they use them, else the positive errno of
 * nsi_proc_events_open() (EPERM when not root, ENOTSUP outside the
 * initial namespaces), or ECANCELED with NSI_LIVE_NO_EVENTS.
 */
int nsi_live_events_errno(const struct nsi_live *l);

/**
 * nsi_live_engine_wait() - whether an engine asked in the background
 * (nsi_engines_wait()) has answered: the caller refreshes (nsi_live_scan())
 * to show the names at once, instead of at its next refresh.
 * @l: the state.
 *
 * Return: -1 when no engine is being asked; 0 when the answer is there
 * (refresh now); else the milliseconds after which to look again.
 */
long nsi_live_engine_wait(const struct nsi_live *l);

/**
 * nsi_live_events_fd() - the proc connector's socket of the scans, for a
 * caller that waits for process events between scans (--watch): poll(2)
 * it for POLLIN, then scan (nsi_live_scan() drains the events).
 * @l: the state.
 *
 * Return: the file descriptor (owned by @l), or -1 when the scans do
 * without events (nsi_live_events_errno()).
 */
int nsi_live_events_fd(const struct nsi_live *l);

/**
 * nsi_live_full_next() - have the next nsi_live_scan() read every
 * process in full (its namespace links, status, container, from a fresh
 * listing of /proc), as without a previous model, while still keeping
 * the engine's names of the containers from it: the periodic rescan of
 * --watch, which sees what no process event tells (setns(2),
 * unshare(2) and capset(2) without an exec, events lost).
 * @l: the state.
 */
void nsi_live_full_next(struct nsi_live *l);

/** nsi_live_free() - end the subscription and free @l (NULL is ignored). */
void nsi_live_free(struct nsi_live *l);

/**
 * nsi_live_scan() - fill @m with every process (namespaces, status,
 * container, command line) and the nsfs mounts, and finish it, reusing
 * from @prev what cannot have changed (see above).  Docker names come
 * from @prev too; the engine is asked only when a docker container is
 * new (or, after a failure, again after a back-off), by a child in the
 * background, never waited for (nsi_engines_poll()): its answer names
 * the containers of a later refresh.
 * @l:      the state from nsi_live_new().
 * @m:      an empty model (nsi_model_init()).
 * @prev:   the previous scan's model (made by the previous call with @l),
 *          or NULL to read everything.
 * @round:  the refresh number: which processes have their turn.
 * @fresh:  PIDs to read in full whatever else holds (those on screen),
 *          sorted ascending; @nfresh of them.
 * @r:      filled as by nsi_view_scan().
 *
 * Return: 0, -ENOMEM, or -errno when the process list or the events
 * cannot be read.
 */
int nsi_live_scan(struct nsi_live *l, struct nsi_model *m,
		  const struct nsi_model *prev, unsigned long round,
		  const pid_t *fresh, size_t nfresh, struct nsi_report *r);

/**
 * nsi_live_read_detail() - read into @m what the detail pane of one
 * namespace shows beyond a scan, of that namespace alone: its owner and
 * parent (nsi_ns_resolve_one()), then for net its interfaces, addresses,
 * firewall rules and veth peers (nsi_netinfo_collect_one(): the
 * namespaces its veths lead to are read too; which namespace each of its
 * netnsids names is kept in @l for the next call, which checks it instead
 * of searching every namespace again), for uts its host name
 * (nsi_uts_collect_one()), for user its ID maps
 * (nsi_userns_maps_read_one()); nothing more for the other types.  The
 * cost does not grow with the number of namespaces.  The one place that
 * decides what the live view reads for it.
 * @l:    the state from nsi_live_new() (its proc root is used).
 * @m:    a model made by nsi_live_scan() with @l.
 * @type: the type of the namespace shown.
 * @ino:  its inode; a namespace not in @m (gone) is not read.
 *
 * Return: 0, -ENOMEM, or -errno of a collector's child that could not be
 * started (what was read stays in @m; the caller may show it anyway).
 */
int nsi_live_read_detail(struct nsi_live *l, struct nsi_model *m,
			 enum nsi_ns_type type, ino_t ino);

/**
 * nsi_live_read_owners() - the owner and parent of every namespace of
 * @m (nsi_ns_resolve() with NSI_RESOLVE_ANCESTRY: an open and one or two
 * ioctls each), for the tree of owners.
 * @l: the state from nsi_live_new() (its proc root is used).
 * @m: a model made by nsi_live_scan() with @l.
 */
void nsi_live_read_owners(struct nsi_live *l, struct nsi_model *m);

#endif /* NSI_LIVE_H */
