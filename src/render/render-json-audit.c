/*
 * render-json-audit.c - --audit as JSON (nsi_render_audit_json()): per
 * process, its namespaces and whether the host shares them, the other
 * containers in them, and its capabilities against its engine's default
 * and by what nsi_cap_judge() found.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>

#include "caps.h"
#include "render.h"
#include "render-json.h"
#include "audit.h"
#include "view.h"

/* "shared_with_containers": the other containers whose processes are in @ns. */
static int add_others(struct json_object *obj, const struct nsi_ns *ns,
		      const struct nsi_container *self)
{
	struct json_object *arr = json_object_new_array();
	size_t i;

	if (!arr)
		return -ENOMEM;
	for (i = 0; i < ns->ncontainers; i++) {
		struct json_object *c;

		if (ns->containers[i] == self)
			continue;
		c = nsi_jcontainer(ns->containers[i]);
		if (!c || json_object_array_add(arr, c) < 0) {
			json_object_put(c);
			json_object_put(arr);
			return -ENOMEM;
		}
	}
	return nsi_jadd(obj, "shared_with_containers", arr);
}

/*
 * What nsi_cap_judge() found, into the audit's "capabilities": the sets
 * it can use now, "full", "regains" (root, by any execve), "could_gain"
 * (the ceiling) and "inside_own_userns" (escape-prone ones that act only
 * inside its own user namespace; null on the host).
 */
static int audit_risk_json(struct json_object *caps, const struct nsi_audit *a)
{
	const struct nsi_status *st = &a->proc->status;
	const struct nsi_cap_risk *r = &a->risk;
	static const struct { const char *key; int set; } sets[] = {
		{ "effective", NSI_CAP_EFF }, { "permitted", NSI_CAP_PRM },
		{ "ambient", NSI_CAP_AMB },
	};
	size_t i;

	for (i = 0; i < sizeof(sets) / sizeof(sets[0]); i++)
		if (nsi_jadd(caps, sets[i].key,
			st->cap_known & (1u << sets[i].set) ?
			nsi_jcapnames(st->cap[sets[i].set]) : NULL) < 0)
			return -ENOMEM;
	if (nsi_jadd(caps, "full", json_object_new_boolean(r->full)) < 0 ||
	    nsi_jadd(caps, "regains", nsi_jcapnames(r->reach & ~r->now)) < 0 ||
	    nsi_jadd(caps, "could_gain", nsi_jcapnames(r->gain)) < 0 ||
	    nsi_jadd(caps, "inside_own_userns", r->host == 0 ?
		nsi_jcapnames(r->escape) : NULL) < 0)
		return -ENOMEM;
	return 0;
}

/* The value of a process column as the process view's JSON has it. */
static int audit_cell_json(struct json_object *obj, const char *key,
			   const struct nsi_proc *p, int col)
{
	struct nsi_cell c;
	int rc = nsi_cell_get(NSI_VIEW_PROC, p, col, &c);

	if (rc == 0)
		rc = nsi_jadd(obj, key, c.kind == NSI_CELL_STR ?
			      nsi_jstr(c.str) : NULL);
	nsi_cell_release(&c);
	return rc;
}

static struct json_object *audit_json(const struct nsi_audit *a)
{
	const struct nsi_proc *p = a->proc;
	const struct nsi_status *st = p->have_status ? &p->status : NULL;
	struct json_object *obj = json_object_new_object(), *nss, *caps;
	int t;

	nss = json_object_new_array();
	caps = a->have_caps ? json_object_new_object() : NULL;
	if (!obj || !nss || (a->have_caps && !caps))
		goto fail;
	for (t = 0; t < NSI_NS_NTYPES; t++) {
		struct json_object *n;

		if (!a->ns[t])
			continue;
		n = json_object_new_object();
		if (!n || json_object_array_add(nss, n) < 0) {
			json_object_put(n);
			goto fail;
		}
		if (nsi_jadd(n, "type", nsi_jstr(nsi_ns_type_name(t))) ||
		    nsi_jadd(n, "ns",
			     json_object_new_int64((int64_t)a->ns[t]->ino)) ||
		    nsi_jadd(n, "shared_with_host", a->shared[t] < 0 ? NULL :
			json_object_new_boolean(a->shared[t])) ||
		    add_others(n, a->ns[t], p->container) < 0)
			goto fail;
	}
	if (caps && (nsi_jadd(caps, "added", a->caps_default.known ?
			 nsi_jcapnames(a->added) : NULL) < 0 ||
		     nsi_jadd(caps, "dropped", a->caps_default.known ?
			 nsi_jcapnames(a->dropped) : NULL) < 0 ||
		     nsi_jadd(caps, "default_caps", a->caps_default.known ?
			 nsi_jstr(a->caps_default.name) : NULL) < 0 ||
		     nsi_jadd(caps, "dangerous",
			      nsi_jcapnames(a->dangerous)) < 0))
		goto fail;
	if (caps && a->risk.known && audit_risk_json(caps, a) < 0)
		goto fail;
	if (nsi_jadd(obj, "pid", json_object_new_int(p->pid)) < 0 ||
	    nsi_jadd(obj, "tid",
		     p->tid ? json_object_new_int(p->tid) : NULL) < 0 ||
	    nsi_jadd(obj, "command", nsi_jstr_or_null(p->cmdline ? p->cmdline :
					    p->comm)) < 0 ||
	    nsi_jadd(obj, "container", p->container ?
		nsi_jcontainer(p->container) : NULL) < 0)
		goto fail;
	if (nsi_jadd(obj, "namespaces", nss) < 0) {
		nss = NULL;
		goto fail;
	}
	nss = NULL;
	if (nsi_jadd(obj, "capabilities", caps) < 0) {
		caps = NULL;
		goto fail;
	}
	caps = NULL;
	if (nsi_jadd(obj, "uid", st && st->have_euid ?
		json_object_new_int64(st->ruid) : NULL) < 0 ||
	    nsi_jadd(obj, "euid", st && st->have_euid ?
		json_object_new_int64(st->euid) : NULL) < 0 ||
	    nsi_jadd(obj, "userns", p->ns[NSI_NS_USER] ?
		json_object_new_int64((int64_t)p->ns[NSI_NS_USER]) : NULL) < 0 ||
	    nsi_jadd(obj, "initial_userns", p->userns_initial < 0 ? NULL :
		json_object_new_boolean(p->userns_initial)) < 0)
		goto fail;
	if (nsi_jadd(obj, "no_new_privs", st && st->no_new_privs >= 0 ?
		json_object_new_boolean(st->no_new_privs) : NULL) < 0 ||
	    nsi_jadd(obj, "seccomp", nsi_jstr_or_null(st ?
			nsi_seccomp_name(st->seccomp) : NULL)) < 0)
		goto fail;
	return obj;
fail:
	json_object_put(nss);
	json_object_put(caps);
	json_object_put(obj);
	return NULL;
}

int nsi_render_audit_json(FILE *out, const struct nsi_audit *a, size_t n)
{
	struct json_object *top = json_object_new_object(), *arr;
	size_t i;
	int rc = -ENOMEM;

	arr = json_object_new_array_ext((int)n);
	if (!top || !arr) {
		json_object_put(arr);
		goto out;
	}
	if (nsi_jadd(top, "audit", arr) < 0 ||
	    nsi_jadd(top, "host_pid_namespace", !n || a[0].pidns_initial < 0 ?
		     NULL : json_object_new_boolean(a[0].pidns_initial)) < 0)
		goto out;
	for (i = 0; i < n; i++) {
		struct json_object *row = audit_json(&a[i]);

		/* the values of the LSM and FILECAPS columns */
		if (row && (audit_cell_json(row, "lsm", a[i].proc,
					    NSI_PCOL_LSM) < 0 ||
			    audit_cell_json(row, "filecaps", a[i].proc,
					    NSI_PCOL_FILECAPS) < 0)) {
			json_object_put(row);
			row = NULL;
		}
		if (!row || json_object_array_add(arr, row) < 0) {
			json_object_put(row);
			goto out;
		}
	}
	rc = nsi_jprint(out, top);
out:
	json_object_put(top);
	return rc;
}
