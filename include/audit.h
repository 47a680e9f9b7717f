/*
 * audit.h - the --audit judgement of one process (audit.c).
 */
#ifndef NSI_AUDIT_H
#define NSI_AUDIT_H

#include <stdint.h>

#include "caps-default.h"
#include "caps.h"
#include "model.h"

/**
 * struct nsi_audit - the isolation of one process, in the words of
 * --audit.
 * @proc:      the process (borrowed).
 * @ns:        per type, its namespace (borrowed; NULL when unknown or the
 *             kernel lacks the type).
 * @shared:    per type, 1 when it is the host's (nsi_model_host_ns()),
 *             0 when not, -1 unknown.
 * @pidns_initial: whether the model's processes are the host's PID
 *             namespace's (nsi_model.pidns_initial: 1, 0 when we run in a
 *             container without it, so that its init is not the host's,
 *             -1 unknown).
 * @have_caps: 1 when the bounding set is known.
 * @added:     bounding set capabilities beyond @caps_default (0 when
 *             that is not known).
 * @dropped:   capabilities of @caps_default missing from the bounding
 *             set.
 * @dangerous: escape-prone capabilities it holds now or gets back by
 *             itself, acting on the host (@risk.escape when
 *             @risk.dangerous, else 0): not its bounding set, which is
 *             only the ceiling (@risk.gain).
 * @risk:      its capabilities judged by nsi_cap_judge() (@risk.known 0
 *             when the status was not read).
 * @caps_default: the default bounding set of its engine
 *             (nsi_proc_cap_default()), which @added and @dropped are
 *             against.
 */
struct nsi_audit {
	struct nsi_proc *proc;
	struct nsi_ns *ns[NSI_NS_NTYPES];
	int shared[NSI_NS_NTYPES];
	int pidns_initial;
	int have_caps;
	uint64_t added;
	uint64_t dropped;
	uint64_t dangerous;
	struct nsi_cap_risk risk;
	struct nsi_cap_default caps_default;
};

/**
 * nsi_view_audit() - judge the isolation of a process (pure: its status
 * must have been read).
 * @m:  a finished model.
 * @p:  the process.
 * @a:  filled.
 */
void nsi_view_audit(struct nsi_model *m, struct nsi_proc *p,
		    struct nsi_audit *a);

/**
 * nsi_view_audit_caps() - the capability half of nsi_view_audit() alone
 * (pure, O(1)): @a's @caps_default, @have_caps, @added, @dropped, @risk
 * and @dangerous are filled, the rest of @a is left as it is.  For
 * judging every process of a container (nsi_view_metrics()) without
 * looking up the host's namespaces each time.
 * @p:  the process.
 * @a:  filled in part.
 */
void nsi_view_audit_caps(const struct nsi_proc *p, struct nsi_audit *a);

/**
 * nsi_audit_lsm_text() - the LSM label of a process as --audit says it:
 * the label (bytes as read: the caller escapes it), "none (no active LSM
 * gives a label)" (EINVAL), "unknown (REASON)" when it could not be read,
 * "unknown" when it was not (nsi_proc_read_security()).
 * @p: the process.
 *
 * Return: a malloc'd string owned by the caller, or NULL (ENOMEM).
 */
char *nsi_audit_lsm_text(const struct nsi_proc *p);

/**
 * nsi_audit_filecaps_text() - the file capabilities of a process's
 * executable as --audit says them: getcap(8)'s text, "none", "unknown
 * (REASON)" when they could not be read, "unknown" when they were not.
 * @p: the process.
 *
 * Return: a malloc'd string owned by the caller, or NULL (ENOMEM).
 */
char *nsi_audit_filecaps_text(const struct nsi_proc *p);

#endif /* NSI_AUDIT_H */
