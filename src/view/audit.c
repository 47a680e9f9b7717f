/*
 * audit.c - the --audit judgement of one process: which of its
 * namespaces are the host's, its bounding set against its engine's
 * default, and what its capabilities let it do.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"

void nsi_view_audit_caps(const struct nsi_proc *p, struct nsi_audit *a)
{
	const struct nsi_status *st = &p->status;

	nsi_proc_cap_default(p, &a->caps_default);
	a->have_caps = 0;
	a->added = a->dropped = a->dangerous = 0;
	a->risk = (struct nsi_cap_risk){ 0 };
	if (p->have_status && (st->cap_known & (1u << NSI_CAP_BND))) {
		uint64_t bnd = st->cap[NSI_CAP_BND];

		a->have_caps = 1;
		nsi_cap_against_default(bnd, &a->caps_default, &a->added,
					&a->dropped);
	}
	/* what it can do now, by the rule of every view */
	if (p->have_status)
		nsi_cap_judge(st, p->userns_initial, &a->risk);
	a->dangerous = a->risk.dangerous ? a->risk.escape : 0;
}

void nsi_view_audit(struct nsi_model *m, struct nsi_proc *p,
		    struct nsi_audit *a)
{
	int t;

	*a = (struct nsi_audit){ .proc = p, .pidns_initial = m->pidns_initial };
	for (t = 0; t < NSI_NS_NTYPES; t++) {
		ino_t host = nsi_model_host_ns(m, t);

		a->shared[t] = -1;
		if (!p->ns[t])
			continue;
		a->ns[t] = nsi_model_get_ns(m, t, p->ns[t], 0);
		if (host)
			a->shared[t] = host == p->ns[t];
	}
	nsi_view_audit_caps(p, a);
}

/* "unknown (REASON)" for a positive errno. */
static char *unknown(int err)
{
	char *s;

	return asprintf(&s, "unknown (%s)", strerror(err)) < 0 ? NULL : s;
}

char *nsi_audit_lsm_text(const struct nsi_proc *p)
{
	if (!p->lsm_read)
		return strdup("unknown");
	if (p->lsm)
		return strdup(p->lsm);
	if (p->lsm_errno == EINVAL || p->lsm_errno == ENOENT)
		return strdup("none (no active LSM gives a label)");
	if (p->lsm_errno)
		return unknown(p->lsm_errno);
	return strdup("none");
}

char *nsi_audit_filecaps_text(const struct nsi_proc *p)
{
	if (!p->filecaps_read)
		return strdup("unknown");
	if (p->filecaps)
		return strdup(p->filecaps);
	if (p->filecaps_errno)
		return unknown(p->filecaps_errno);
	return strdup("none");
}
