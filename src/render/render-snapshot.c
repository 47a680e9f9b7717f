/*
 * render-snapshot.c - the snapshot writer (render-snapshot.h): the whole
 * model as one JSON document (json-c), as docs/nsinspect.schema.json
 * describes it ("snapshot") and snapshot-read.c reads it back.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "hashmap.h"
#include "netdetail.h"
#include "render-json.h"
#include "render-snapshot.h"
#include "replace-file.h"

/* Add @val under @key: 0, or -ENOMEM (also when @val is NULL: it could
 * not be made). */
static int add(struct json_object *obj, const char *key,
	       struct json_object *val)
{
	if (!val)
		return -ENOMEM;
	return nsi_jadd(obj, key, val);
}

/* A string, or JSON null for NULL. */
static int add_str(struct json_object *obj, const char *key, const char *s)
{
	return s ? add(obj, key, nsi_jstr(s)) : nsi_jadd(obj, key, NULL);
}

static int add_int(struct json_object *obj, const char *key, int64_t v)
{
	return add(obj, key, json_object_new_int64(v));
}

static int add_bool(struct json_object *obj, const char *key, int v)
{
	return add(obj, key, json_object_new_boolean(v != 0));
}

/* A mask as "0x" and 16 hex digits. */
static int add_mask(struct json_object *obj, const char *key, uint64_t v)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "0x%016" PRIx64, v);
	return add(obj, key, json_object_new_string(buf));
}

/* Append @val to @arr: 0 or -ENOMEM (@val freed). */
static int push(struct json_object *arr, struct json_object *val)
{
	if (!val)
		return -ENOMEM;
	if (json_object_array_add(arr, val) < 0) {
		json_object_put(val);
		return -ENOMEM;
	}
	return 0;
}

static const char *const cap_keys[NSI_CAP_NSETS] = {
	"inh", "prm", "eff", "bnd", "amb"
};

/* {"inh": "0x...", ...}: the sets that were read. */
static struct json_object *caps_json(const struct nsi_status *st)
{
	struct json_object *obj = json_object_new_object();
	int i;

	for (i = 0; obj && i < NSI_CAP_NSETS; i++)
		if ((st->cap_known & (1u << i)) &&
		    add_mask(obj, cap_keys[i], st->cap[i]) < 0) {
			json_object_put(obj);
			return NULL;
		}
	return obj;
}

static struct json_object *nspid_json(const struct nsi_status *st)
{
	struct json_object *arr = json_object_new_array();
	int i;

	for (i = 0; arr && i < st->nspid_levels && i < NSI_NSPID_MAX; i++)
		if (push(arr, json_object_new_int64(st->nspid[i])) < 0) {
			json_object_put(arr);
			return NULL;
		}
	return arr;
}

static struct json_object *status_json(const struct nsi_status *st)
{
	struct json_object *obj = json_object_new_object();
	char state[2] = { st->state, 0 };

	if (!obj ||
	    add(obj, "cap", caps_json(st)) < 0 ||
	    add_int(obj, "no_new_privs", st->no_new_privs) < 0 ||
	    add_int(obj, "seccomp", st->seccomp) < 0 ||
	    add_int(obj, "seccomp_filters", st->seccomp_filters) < 0 ||
	    add(obj, "nspid", nspid_json(st)) < 0 ||
	    nsi_jadd(obj, "ruid", st->have_euid ?
		     json_object_new_int64(st->ruid) : NULL) < 0 ||
	    nsi_jadd(obj, "euid", st->have_euid ?
		     json_object_new_int64(st->euid) : NULL) < 0 ||
	    add_int(obj, "ppid", st->ppid) < 0 ||
	    add_str(obj, "state", state) < 0 ||
	    add_str(obj, "name", st->name) < 0 ||
	    add_int(obj, "threads", st->threads) < 0 ||
	    add_int(obj, "kthread", st->kthread) < 0 ||
	    add_int(obj, "malformed", st->malformed) < 0 ||
	    add_int(obj, "tgid", st->tgid) < 0) {
		json_object_put(obj);
		return NULL;
	}
	return obj;
}

/* {"TYPE": inode} of the links read, {"TYPE": errno} of the others. */
static int add_links(struct json_object *obj, const struct nsi_proc *p)
{
	struct json_object *ns = json_object_new_object();
	struct json_object *err = json_object_new_object();
	int t, rc = 0;

	for (t = 0; ns && err && rc == 0 && t < NSI_NS_NTYPES; t++) {
		if (p->ns[t])
			rc = add_int(ns, nsi_ns_type_name(t), (int64_t)p->ns[t]);
		if (rc == 0 && p->ns_errno[t])
			rc = add_int(err, nsi_ns_type_name(t), p->ns_errno[t]);
	}
	if (!ns || !err || rc < 0) {
		json_object_put(ns);
		json_object_put(err);
		return -ENOMEM;
	}
	if (add(obj, "ns", ns) < 0) {
		json_object_put(err);
		return -ENOMEM;
	}
	return add(obj, "ns_errno", err);
}

/* What a process and a thread both have. */
static int add_task(struct json_object *obj, const struct nsi_proc *p)
{
	if (add_int(obj, "pid", p->pid) < 0 ||
	    add_int(obj, "ppid", p->ppid) < 0 ||
	    add_int(obj, "uid", p->uid) < 0 ||
	    add_str(obj, "user", p->user) < 0 ||
	    add_str(obj, "comm", p->comm) < 0 ||
	    add_str(obj, "cmdline", p->cmdline) < 0 ||
	    add_bool(obj, "cmdline_read", p->cmdline_read) < 0 ||
	    add_bool(obj, "cmdline_cut", p->cmdline_cut) < 0 ||
	    add_int(obj, "start_time", (int64_t)p->start_time) < 0 ||
	    add_int(obj, "userns_initial", p->userns_initial) < 0 ||
	    add_links(obj, p) < 0 ||
	    nsi_jadd(obj, "status", p->have_status ?
		     status_json(&p->status) : NULL) < 0 ||
	    (p->have_status && !json_object_object_get(obj, "status")) ||
	    add_int(obj, "status_errno", p->status_errno) < 0)
		return -ENOMEM;
	return 0;
}

/* Container pointers to their index in m->containers, plus one. */
static int index_containers(const struct nsi_model *m, struct nsi_hmap *idx)
{
	size_t i;

	for (i = 0; i < m->ncontainers; i++)
		if (nsi_hmap_set(idx, nsi_hkey_u64((uintptr_t)m->containers[i]),
				 (void *)(uintptr_t)(i + 1)) < 0)
			return -ENOMEM;
	return 0;
}

static int add_container_ref(struct json_object *obj,
			     const struct nsi_hmap *idx,
			     const struct nsi_container *c)
{
	uintptr_t i = c ? (uintptr_t)nsi_hmap_get(idx,
					nsi_hkey_u64((uintptr_t)c)) : 0;

	return i ? add_int(obj, "container", (int64_t)(i - 1)) :
		nsi_jadd(obj, "container", NULL);
}

static struct json_object *thread_json(const struct nsi_proc *t,
				       const struct nsi_hmap *idx)
{
	struct json_object *obj = json_object_new_object();

	if (!obj || add_int(obj, "tid", t->tid) < 0 ||
	    add_bool(obj, "caps_differ", t->caps_differ) < 0 ||
	    add_task(obj, t) < 0 ||
	    add_container_ref(obj, idx, t->container) < 0) {
		json_object_put(obj);
		return NULL;
	}
	return obj;
}

/*
 * Its executable's file capabilities and its LSM label, when read
 * (FILECAPS, LSM): "security", absent when not read.
 */
static int add_security(struct json_object *obj, const struct nsi_proc *p)
{
	struct json_object *sec;

	if (!p->filecaps_read || !p->lsm_read)
		return 0;
	sec = json_object_new_object();
	if (!sec || add_str(sec, "filecaps", p->filecaps) < 0 ||
	    add_int(sec, "filecaps_errno", p->filecaps_errno) < 0 ||
	    add_str(sec, "lsm", p->lsm) < 0 ||
	    add_int(sec, "lsm_errno", p->lsm_errno) < 0) {
		json_object_put(sec);
		return -ENOMEM;
	}
	return add(obj, "security", sec);
}

static struct json_object *proc_json(const struct nsi_proc *p,
				     const struct nsi_hmap *idx)
{
	struct json_object *obj = json_object_new_object();
	struct json_object *threads = json_object_new_array();
	size_t i;

	for (i = 0; obj && threads && i < p->nthreads; i++)
		if (push(threads, thread_json(p->threads[i], idx)) < 0)
			break;
	if (!obj || !threads || i < p->nthreads || add_task(obj, p) < 0 ||
	    add_security(obj, p) < 0 ||
	    add_container_ref(obj, idx, p->container) < 0) {
		json_object_put(threads);
		json_object_put(obj);
		return NULL;
	}
	if (add(obj, "threads", threads) < 0) {
		json_object_put(obj);
		return NULL;
	}
	return obj;
}

/* [strings...] of @n strings at @v. */
static struct json_object *strings_json(char *const *v, size_t n)
{
	struct json_object *arr = json_object_new_array_ext((int)n);
	size_t i;

	for (i = 0; arr && i < n; i++)
		if (push(arr, nsi_jstr(v[i])) < 0) {
			json_object_put(arr);
			return NULL;
		}
	return arr;
}

static struct json_object *container_json(const struct nsi_container *c)
{
	struct json_object *obj = json_object_new_object();

	if (!obj ||
	    add_str(obj, "runtime", c->runtime) < 0 ||
	    add_str(obj, "id", c->id) < 0 ||
	    add_str(obj, "name", c->name) < 0 ||
	    add_str(obj, "image", c->image) < 0 ||
	    add_str(obj, "network_mode", c->network_mode) < 0 ||
	    add_str(obj, "pod", c->pod) < 0 ||
	    add_str(obj, "pod_name", c->pod_name) < 0 ||
	    add_str(obj, "pod_namespace", c->pod_namespace) < 0 ||
	    add_bool(obj, "sandbox", c->sandbox) < 0 ||
	    add_bool(obj, "bundle_read", c->bundle_read) < 0 ||
	    nsi_jadd(obj, "names", c->names ?
		     strings_json(c->names, c->nnames) : NULL) < 0 ||
	    (c->names && !json_object_object_get(obj, "names")) ||
	    add_bool(obj, "rootless", c->rootless) < 0 ||
	    add_int(obj, "owner_uid", nsi_container_owner(c)) < 0 ||
	    add_mask(obj, "caps_default", c->caps_default) < 0 ||
	    add_bool(obj, "caps_default_known", c->caps_default_known) < 0 ||
	    add_str(obj, "caps_default_name", c->caps_default_name) < 0) {
		json_object_put(obj);
		return NULL;
	}
	return obj;
}

static struct json_object *holder_json(const struct nsi_holder *h)
{
	struct json_object *obj = json_object_new_object();
	struct json_object *via = NULL;

	if (obj && h->via) {
		via = json_object_new_object();
		if (!via || add_str(via, "type", nsi_ns_type_name(h->via->type)) ||
		    add_int(via, "ino", (int64_t)h->via->ino) < 0) {
			json_object_put(via);
			json_object_put(obj);
			return NULL;
		}
	}
	if (!obj ||
	    add_str(obj, "kind", nsi_holder_kind_name(h->kind)) < 0 ||
	    add_int(obj, "pid", h->pid) < 0 ||
	    add_int(obj, "num", h->num) < 0 ||
	    add_str(obj, "path", h->path) < 0 ||
	    add_int(obj, "mntns", (int64_t)h->mntns) < 0 ||
	    (h->kind == NSI_HOLD_LISTNS &&
	     add_int(obj, "id", (int64_t)h->id) < 0) ||
	    nsi_jadd(obj, "via", via) < 0) {
		json_object_put(obj);
		return NULL;
	}
	return obj;
}

static struct json_object *iface_json(const struct nsi_netif *f)
{
	struct json_object *obj = json_object_new_object();
	struct json_object *addrs = json_object_new_array();
	size_t i;

	for (i = 0; obj && addrs && i < f->naddrs; i++) {
		struct json_object *a = json_object_new_object();

		if (push(addrs, a) < 0 ||
		    add_int(a, "family", f->addrs[i].family == AF_INET6 ?
			    6 : 4) < 0 ||
		    add_str(a, "addr", f->addrs[i].addr) < 0 ||
		    add_int(a, "prefixlen", f->addrs[i].prefixlen) < 0)
			break;
	}
	if (!obj || !addrs || i < f->naddrs ||
	    add_int(obj, "ifindex", f->ifindex) < 0 ||
	    add_str(obj, "name", f->name) < 0 ||
	    add_str(obj, "kind", f->kind) < 0 ||
	    add_str(obj, "operstate", f->operstate) < 0 ||
	    add_str(obj, "mac", f->mac) < 0 ||
	    add_int(obj, "master", f->master) < 0 ||
	    add_int(obj, "link", f->link) < 0 ||
	    add_int(obj, "link_netnsid", f->link_netnsid) < 0) {
		json_object_put(addrs);
		json_object_put(obj);
		return NULL;
	}
	if (add(obj, "addresses", addrs) < 0) {
		json_object_put(obj);
		return NULL;
	}
	return obj;
}

static struct json_object *net_json(const struct nsi_netinfo *ni)
{
	struct json_object *obj = json_object_new_object();
	struct json_object *ifs = json_object_new_array();
	size_t i;

	for (i = 0; obj && ifs && i < ni->nifs; i++)
		if (push(ifs, iface_json(&ni->ifs[i])) < 0)
			break;
	if (!obj || !ifs || i < ni->nifs ||
	    add_int(obj, "err", ni->err) < 0 ||
	    add_int(obj, "fw_rules", ni->fw_rules) < 0 ||
	    add_str(obj, "fw_backend", ni->fw_backend) < 0) {
		json_object_put(ifs);
		json_object_put(obj);
		return NULL;
	}
	if (add(obj, "interfaces", ifs) < 0) {
		json_object_put(obj);
		return NULL;
	}
	return obj;
}

/* "found_by": the names of the kinds. */
static struct json_object *found_json(const struct nsi_ns *ns)
{
	struct json_object *by = json_object_new_array();
	int k;

	for (k = 0; by && k < NSI_HOLD_NKINDS; k++)
		if ((ns->found_by & (1u << k)) &&
		    push(by, nsi_jstr(nsi_holder_kind_name(k))) < 0) {
			json_object_put(by);
			return NULL;
		}
	return by;
}

static struct json_object *holders_json(const struct nsi_ns *ns)
{
	struct json_object *hs = json_object_new_array_ext((int)ns->nholders);
	size_t i;

	for (i = 0; hs && i < ns->nholders; i++)
		if (push(hs, holder_json(&ns->holders[i])) < 0) {
			json_object_put(hs);
			return NULL;
		}
	return hs;
}

static struct json_object *ns_json(const struct nsi_ns *ns)
{
	struct json_object *obj = json_object_new_object();

	if (!obj ||
	    add_str(obj, "type", nsi_ns_type_name(ns->type)) < 0 ||
	    add_int(obj, "ino", (int64_t)ns->ino) < 0 ||
	    add_int(obj, "owner", (int64_t)ns->owner) < 0 ||
	    add_int(obj, "parent", (int64_t)ns->parent) < 0 ||
	    add_int(obj, "netnsid", ns->netnsid) < 0 ||
	    add_bool(obj, "resolved", ns->resolved) < 0 ||
	    add(obj, "found_by", found_json(ns)) < 0 ||
	    add(obj, "nsfs", strings_json(ns->nsfs, ns->nnsfs)) < 0 ||
	    add(obj, "holders", holders_json(ns)) < 0 ||
	    add_int(obj, "nthreads", (int64_t)ns->nthreads) < 0 ||
	    add_int(obj, "holders_omitted", (int64_t)ns->holders_omitted) < 0 ||
	    add_str(obj, "hostname", ns->hostname) < 0 ||
	    add_str(obj, "uid_map", ns->uid_map) < 0 ||
	    add_str(obj, "gid_map", ns->gid_map) < 0 ||
	    nsi_jadd(obj, "net", ns->net ? net_json(ns->net) : NULL) < 0 ||
	    (ns->net && !json_object_object_get(obj, "net"))) {
		json_object_put(obj);
		return NULL;
	}
	return obj;
}

/* The counters of struct nsi_model that the views report. */
static struct json_object *counters_json(const struct nsi_model *m)
{
	struct json_object *obj = json_object_new_object();

	if (!obj ||
	    add_int(obj, "unreadable", (int64_t)m->unreadable) < 0 ||
	    add_int(obj, "unreadable_errno", m->unreadable_errno) < 0 ||
	    add_int(obj, "vanished", (int64_t)m->vanished) < 0 ||
	    add_int(obj, "cmdline_bytes", (int64_t)m->cmdline_bytes) < 0 ||
	    add_int(obj, "cmdlines_cut", (int64_t)m->cmdlines_cut) < 0 ||
	    add_int(obj, "threads_unreadable",
		    (int64_t)m->threads_unreadable) < 0 ||
	    add_int(obj, "threads_errno", m->threads_errno) < 0 ||
	    add_int(obj, "maps_timed_out", (int64_t)m->maps_timed_out) < 0 ||
	    add_int(obj, "bundles_unreadable",
		    (int64_t)m->bundles_unreadable) < 0 ||
	    add_int(obj, "bundles_errno", m->bundles_errno) < 0 ||
	    add_int(obj, "cgroups_forged", (int64_t)m->cgroups_forged) < 0) {
		json_object_put(obj);
		return NULL;
	}
	return obj;
}

/* struct nsi_report, but what depends on the rows a view shows. */
static struct json_object *report_json(const struct nsi_report *r)
{
	struct json_object *obj = json_object_new_object();

	if (!obj ||
	    add_int(obj, "mounts_errno", r->mounts_errno) < 0 ||
	    add_int(obj, "unreadable", (int64_t)r->unreadable) < 0 ||
	    add_int(obj, "unreadable_errno", r->unreadable_errno) < 0 ||
	    add_int(obj, "threads_unreadable",
		    (int64_t)r->threads_unreadable) < 0 ||
	    add_int(obj, "threads_errno", r->threads_errno) < 0 ||
	    add_int(obj, "maps_timed_out", (int64_t)r->maps_timed_out) < 0 ||
	    add_int(obj, "engine_errno", r->engine_errno) < 0 ||
	    add_int(obj, "netinfo_errno", r->netinfo_errno) < 0 ||
	    add_int(obj, "fds_unreadable", (int64_t)r->fds_unreadable) < 0 ||
	    add_int(obj, "fds_errno", r->fds_errno) < 0 ||
	    add_str(obj, "hidepid", r->hidepid) < 0 ||
	    add_int(obj, "hidden_tasks", r->hidden_tasks) < 0 ||
	    add_int(obj, "holders_omitted", (int64_t)r->holders_omitted) < 0 ||
	    add_int(obj, "ns_over_limit", (int64_t)r->ns_over_limit) < 0 ||
	    add_int(obj, "cmdlines_cut", (int64_t)r->cmdlines_cut) < 0 ||
	    add_int(obj, "not_nsfs", (int64_t)r->not_nsfs) < 0 ||
	    add_int(obj, "bundles_unreadable",
		    (int64_t)r->bundles_unreadable) < 0 ||
	    add_int(obj, "bundles_errno", r->bundles_errno) < 0 ||
	    add_int(obj, "cgroups_forged", (int64_t)r->cgroups_forged) < 0 ||
	    add_int(obj, "podman_errno", r->podman_errno) < 0 ||
	    add_str(obj, "podman_socket", r->podman_socket) < 0 ||
	    add_int(obj, "podman_refused", (int64_t)r->podman_refused) < 0 ||
	    add_int(obj, "podman_skipped", (int64_t)r->podman_skipped) < 0 ||
	    add_int(obj, "podman_cut", (int64_t)r->podman_cut) < 0) {
		json_object_put(obj);
		return NULL;
	}
	return obj;
}

static struct json_object *types_json(const struct nsi_model *m)
{
	struct json_object *arr = json_object_new_array();
	int t;

	for (t = 0; arr && t < NSI_NS_NTYPES; t++)
		if (m->have_type[t] &&
		    push(arr, json_object_new_string(nsi_ns_type_name(t))) < 0) {
			json_object_put(arr);
			return NULL;
		}
	return arr;
}

/* The arrays "containers", "processes" and "namespaces". */
static int add_model(struct json_object *top, const struct nsi_model *m)
{
	struct json_object *ctrs = json_object_new_array_ext((int)m->ncontainers);
	struct json_object *procs = json_object_new_array_ext((int)m->nprocs);
	struct json_object *nss = json_object_new_array_ext((int)m->nns);
	struct nsi_hmap idx = { 0 };
	int rc = ctrs && procs && nss ? index_containers(m, &idx) : -ENOMEM;
	size_t i;

	for (i = 0; rc == 0 && i < m->ncontainers; i++)
		rc = push(ctrs, container_json(m->containers[i]));
	for (i = 0; rc == 0 && i < m->nprocs; i++)
		rc = push(procs, proc_json(m->procs[i], &idx));
	for (i = 0; rc == 0 && i < m->nns; i++)
		rc = push(nss, ns_json(m->ns[i]));
	nsi_hmap_release(&idx);
	if (rc < 0) {
		json_object_put(ctrs);
		json_object_put(procs);
		json_object_put(nss);
		return rc;
	}
	if (add(top, "containers", ctrs) < 0) {
		json_object_put(procs);
		json_object_put(nss);
		return -ENOMEM;
	}
	if (add(top, "processes", procs) < 0) {
		json_object_put(nss);
		return -ENOMEM;
	}
	return add(top, "namespaces", nss);
}

int nsi_render_snapshot(FILE *out, const struct nsi_model *m,
			const struct nsi_snapshot_meta *meta)
{
	struct json_object *top = json_object_new_object();
	int rc;

	if (!top ||
	    add_int(top, "version", NSI_SNAPSHOT_VERSION) < 0 ||
	    add_str(top, "nsinspect_version", meta->nsinspect_version) < 0 ||
	    add_str(top, "hostname", meta->hostname) < 0 ||
	    add_str(top, "kernel", meta->kernel) < 0 ||
	    add_str(top, "time", meta->time) < 0 ||
	    add_bool(top, "net_detail", meta->net_detail) < 0 ||
	    add_int(top, "self_net", (int64_t)meta->self_net) < 0 ||
	    add_int(top, "init_userns", (int64_t)m->init_userns) < 0 ||
	    add(top, "namespace_types", types_json(m)) < 0 ||
	    add(top, "counters", counters_json(m)) < 0 ||
	    add(top, "report", report_json(&meta->report)) < 0 ||
	    add_model(top, m) < 0) {
		json_object_put(top);
		return -ENOMEM;
	}
	rc = nsi_jprint(out, top);
	json_object_put(top);
	return rc;
}

int nsi_render_snapshot_file(const char *path, const struct nsi_model *m,
			     const struct nsi_snapshot_meta *meta)
{
	struct nsi_replace r;
	int rc = nsi_replace_open(&r, path, 0600);

	if (rc < 0)
		return rc;
	rc = nsi_render_snapshot(r.f, m, meta);
	if (rc < 0) {
		nsi_replace_abort(&r);
		return rc;
	}
	/* the whole document or none: the old file stays until then */
	return nsi_replace_commit(&r);
}
