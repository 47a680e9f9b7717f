/*
 * live.h - the scan of a view that refreshes again and again (--tui):
 * everything a fresh scan gives, at a cost that does not grow with what
 * did not change.  Reading the eight namespace links of a process costs
 * more than all that top(1) reads of it; so a process whose PID, start
 * time and command are those of the previous scan keeps what that scan
 * read, and is read again in full only when it is new, when it has
 * exec'd (its command changed: unshare(1) and nsenter(1) change
 * namespaces and then exec), when the caller shows it, or at its turn:
 * one process in NSI_LIVE_ROUNDS every refresh, so none is older than
 * that many refreshes.
 */
#ifndef NSI_LIVE_H
#define NSI_LIVE_H

#include <stddef.h>
#include <sys/types.h>

#include "model.h"
#include "view.h"

/** NSI_LIVE_ROUNDS - refreshes after which every process was read again. */
#define NSI_LIVE_ROUNDS 20

/**
 * nsi_live_scan() - fill @m with every process (namespaces, status,
 * container, command line) and the nsfs mounts, and finish it, reusing
 * from @prev what cannot have changed (see above).  Docker names come
 * from @prev too; the engine is asked only when a docker container is
 * new.
 * @m:      an empty model (nsi_model_init()).
 * @procfd: a proc-root fd.
 * @prev:   the previous scan's model, or NULL to read everything.
 * @round:  the refresh number: which processes have their turn.
 * @fresh:  PIDs to read in full whatever else holds (those on screen),
 *          sorted ascending; @nfresh of them.
 * @r:      filled as by nsi_view_scan().
 *
 * Return: 0, -ENOMEM, or -errno when the process list cannot be read.
 */
int nsi_live_scan(struct nsi_model *m, int procfd,
		  const struct nsi_model *prev, unsigned long round,
		  const pid_t *fresh, size_t nfresh, struct nsi_report *r);

#endif /* NSI_LIVE_H */
