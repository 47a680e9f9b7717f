/*
 * render-audit.c - --audit as text: one FIELD / VALUE tree per process
 * judged (libsmartcols, through the helpers of render-table.c).
 */
#include "config.h"

#include <errno.h>
#include <libsmartcols.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "caps.h"
#include "render.h"
#include "render-table.h"
#include "view.h"

/* A FIELD / VALUE line of the audit; @value is taken (malloc'd). */
static int audit_line(struct libscols_table *tb, struct libscols_line *up,
		      const char *field, char *value)
{
	struct libscols_line *ln = scols_table_new_line(tb, up);

	if (!ln || scols_line_set_data(ln, 0, field) < 0) {
		free(value);
		return -ENOMEM;
	}
	return nsi_table_set_text(ln, 1, value);
}

/*
 * Which default the bounding set is against: "against the default of
 * NAME" (nsi_cap_default()), or "no known default for RUNTIME".
 */
static char *audit_against(const struct nsi_audit *a)
{
	const struct nsi_container *c = a->proc->container;
	char *s;

	if (asprintf(&s, "%s %s", a->caps_default.known ?
		     "against the default of" : "no known default for",
		     a->caps_default.known ? a->caps_default.name :
		     c ? c->runtime : "host") < 0)
		return NULL;
	return s;
}

/* Capability names of @mask, or "none"; escape-prone ones marked "!". */
static char *audit_caps(uint64_t mask, uint64_t dangerous)
{
	char *s = strdup(mask ? "" : "none"), *name, *more;
	unsigned int bit;

	for (bit = 0; s && bit < 64; bit++) {
		if (!(mask & (1ULL << bit)))
			continue;
		name = nsi_cap_name(bit);
		if (!name ||
		    asprintf(&more, "%s%s%s%s", s, *s ? "," : "", name,
			     (dangerous & (1ULL << bit)) ? "!" : "") < 0)
			more = NULL;
		free(name);
		free(s);
		s = more;
	}
	return s;
}

/* The containers sharing @ns but @self, escaped: "web (docker 1a2b...)". */
static char *audit_others(const struct nsi_ns *ns,
			  const struct nsi_container *self)
{
	struct nsi_container **o = calloc(ns->ncontainers, sizeof(*o));
	size_t i, n = 0;
	char *s;

	if (!o)
		return NULL;
	for (i = 0; i < ns->ncontainers; i++)
		if (ns->containers[i] != self)
			o[n++] = ns->containers[i];
	s = nsi_table_take_shown(nsi_containers_text(o, n), 0);
	free(o);
	return s;
}

/* A capability set of the status under @up, or "unknown". */
static int audit_set(struct libscols_table *tb, struct libscols_line *up,
		     const char *field, const struct nsi_status *st, int set,
		     uint64_t dangerous)
{
	return audit_line(tb, up, field, st && (st->cap_known & (1u << set)) ?
			  audit_caps(st->cap[set], dangerous) :
			  strdup("unknown"));
}

/*
 * Who it is and what it can do now (nsi_cap_judge()): UID and EUID, its
 * user namespace, effective, permitted and ambient sets, what is
 * dangerous, and the ceiling an execve could reach.
 */
static int audit_risk(struct libscols_table *tb, const struct nsi_audit *a)
{
	const struct nsi_proc *p = a->proc;
	const struct nsi_status *st = p->have_status ? &p->status : NULL;
	const struct nsi_cap_risk *r = &a->risk;
	struct libscols_line *ln;
	char *v;

	if (st && st->have_euid) {
		if (asprintf(&v, "UID %u, EUID %u (%s)", (unsigned)st->ruid,
			     (unsigned)st->euid, p->user ? p->user : "?") < 0)
			return -ENOMEM;
	} else {
		v = strdup("unknown");
	}
	if (audit_line(tb, NULL, "user", nsi_table_take_shown(v, 0)) < 0)
		return -ENOMEM;
	if (p->ns[NSI_NS_USER]) {
		if (asprintf(&v, "%llu %s",
			     (unsigned long long)p->ns[NSI_NS_USER],
			     p->userns_initial > 0 ? "the initial one" :
			     p->userns_initial == 0 ?
			     "its own: its capabilities act only inside it" :
			     "unknown (the initial one cannot be read)") < 0)
			return -ENOMEM;
	} else {
		v = strdup("unknown");
	}
	if (audit_line(tb, NULL, "user_namespace", v) < 0)
		return -ENOMEM;
	ln = scols_table_new_line(tb, NULL);
	if (!ln || scols_line_set_data(ln, 0, "capabilities") < 0 ||
	    scols_line_set_data(ln, 1, r->known ? "what it can do now "
			"(! = commonly used to escape containers, on the "
			"host)" : "unknown") < 0)
		return -ENOMEM;
	if (!r->known)
		return 0;
	if (audit_set(tb, ln, "effective", st, NSI_CAP_EFF, a->dangerous) < 0 ||
	    audit_set(tb, ln, "permitted", st, NSI_CAP_PRM, a->dangerous) < 0 ||
	    audit_set(tb, ln, "ambient", st, NSI_CAP_AMB, a->dangerous) < 0)
		return -ENOMEM;
	if (r->host == 0) {
		v = nsi_cap_risk_words(r);
		if (v && !*v) {
			free(v);
			v = strdup("none");
		}
	} else {
		v = audit_caps(a->dangerous, a->dangerous);
	}
	if (audit_line(tb, ln, "dangerous", v) < 0)
		return -ENOMEM;
	if (r->reach != r->now) {
		/* root without no_new_privs: any execve gives it back */
		char *w = audit_caps(r->reach & ~r->now, a->dangerous);

		if (!w || asprintf(&v, "%s (as root: any program it runs)",
				   w) < 0)
			v = NULL;
		free(w);
		if (audit_line(tb, ln, "regains", v) < 0)
			return -ENOMEM;
	}
	v = audit_caps(r->gain, 0);
	if (v && r->gain) {
		char *w = v;

		if (asprintf(&v, "%s (by execve of a set-user-ID-root or "
			     "file-capability program; bounding set)", w) < 0)
			v = NULL;
		free(w);
	} else if (v) {
		free(v);
		v = strdup(st->no_new_privs == 1 ? "none (no_new_privs)" :
			   "none");
	}
	return audit_line(tb, ln, "could_gain", v);
}

static int audit_one(struct libscols_table *tb, const struct nsi_audit *a)
{
	const struct nsi_proc *p = a->proc;
	const struct nsi_status *st = p->have_status ? &p->status : NULL;
	struct libscols_line *ln;
	char *v;
	int t, rc;

	if (asprintf(&v, "%d", (int)p->pid) < 0 ||
	    audit_line(tb, NULL, "process", v) < 0)
		return -ENOMEM;
	if (p->tid && (asprintf(&v, "%d", (int)p->tid) < 0 ||
		       audit_line(tb, NULL, "thread", v) < 0))
		return -ENOMEM;
	rc = audit_line(tb, NULL, "command", nsi_table_shown(p->cmdline ? p->cmdline :
						   p->comm ? p->comm : "?", 0));
	if (rc == 0)
		rc = audit_line(tb, NULL, "container", p->container ?
				nsi_table_take_shown(nsi_container_text(p->container), 0) :
				strdup(a->pidns_initial == 1 ? "none (host)" :
				       a->pidns_initial == 0 ? "none known (not "
				       "in the host's PID namespace)" :
				       "none known"));
	if (rc == 0 && p->container && p->container->image)
		rc = audit_line(tb, NULL, "image",
				nsi_table_shown(p->container->image, 0));
	if (rc < 0)
		return rc;
	ln = scols_table_new_line(tb, NULL);
	if (!ln || scols_line_set_data(ln, 0, "namespaces") < 0)
		return -ENOMEM;
	for (t = 0; t < NSI_NS_NTYPES; t++) {
		char *others = NULL;

		if (!a->ns[t])
			continue;
		/* also a host process that entered a container's */
		if (a->shared[t] == 0 && a->ns[t]->ncontainers > 0) {
			others = audit_others(a->ns[t], p->container);
			if (!others)
				return -ENOMEM;
			if (!*others) {
				free(others);
				others = NULL;
			}
		}
		rc = asprintf(&v, "%llu %s%s", (unsigned long long)a->ns[t]->ino,
			      a->shared[t] > 0 ? "shared with the host" :
			      others ? "shared with " :
			      a->shared[t] == 0 ? "own" :
			      a->pidns_initial == 0 ? "unknown (not in the "
			      "host's PID namespace)" :
			      "unknown (the host's cannot be read)",
			      others ? others : "");
		free(others);
		if (rc < 0 || audit_line(tb, ln, nsi_ns_type_name(t), v) < 0)
			return -ENOMEM;
	}
	rc = audit_risk(tb, a);
	if (rc < 0)
		return rc;
	ln = scols_table_new_line(tb, NULL);
	if (!ln || scols_line_set_data(ln, 0, "bounding_set") < 0 ||
	    nsi_table_set_text(ln, 1, a->have_caps ? audit_against(a) :
		     strdup("unknown")) < 0)
		return -ENOMEM;
	if (a->have_caps && a->caps_default.known &&
	    (audit_line(tb, ln, "added", audit_caps(a->added,
						    a->dangerous)) < 0 ||
	     audit_line(tb, ln, "dropped", audit_caps(a->dropped, 0)) < 0))
		return -ENOMEM;
	/* 0 or 1, as the NNP column, NoNewPrivs and setpriv --dump */
	if (audit_line(tb, NULL, "no_new_privs", strdup(!st ||
			st->no_new_privs < 0 ? "unknown" :
			st->no_new_privs ? "1" : "0")) < 0 ||
	    audit_line(tb, NULL, "seccomp", strdup(st &&
			nsi_seccomp_name(st->seccomp) ?
			nsi_seccomp_name(st->seccomp) : "unknown")) < 0)
		return -ENOMEM;
	return 0;
}

int nsi_render_audit_text(FILE *out, const struct nsi_audit *a, size_t n)
{
	struct libscols_table *tb = scols_new_table();
	size_t i;
	int rc = -ENOMEM;

	if (!tb)
		return -ENOMEM;
	scols_table_set_stream(tb, out);
	scols_table_enable_noheadings(tb, 1);
	scols_table_enable_noencoding(tb, 1);		/* see nsi_table_shown() */
	if (!scols_table_new_column(tb, "FIELD", 0, SCOLS_FL_TREE) ||
	    !nsi_table_new_column(tb, "VALUE", 0, SCOLS_FL_WRAP, 0))
		goto out;
	for (i = 0; i < n; i++) {
		if (i && !scols_table_new_line(tb, NULL))
			goto out;
		rc = audit_one(tb, &a[i]);
		/* where else its privileges come from: data, escaped */
		if (rc == 0 &&
		    (audit_line(tb, NULL, "lsm", nsi_table_take_shown(
				nsi_audit_lsm_text(a[i].proc), 0)) < 0 ||
		     audit_line(tb, NULL, "filecaps", nsi_table_take_shown(
				nsi_audit_filecaps_text(a[i].proc), 0)) < 0))
			rc = -ENOMEM;
		if (rc < 0)
			goto out;
	}
	rc = scols_print_table(tb);
out:
	scols_unref_table(tb);
	return rc;
}
