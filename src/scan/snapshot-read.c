/*
 * snapshot-read.c - the loader of a snapshot (snapshot.h): one JSON
 * document (json-c), checked value by value (snapshot-json.c), rebuilt
 * into a model through the model's API as a scan would have filled it.
 * The document is hostile until proven otherwise: any value may be of
 * the wrong type, out of range, huge or duplicated, and each is refused
 * with its JSON path; nothing in it is trusted to be consistent but what
 * the model's API checks (a process is grouped into the namespaces its
 * links name; a container is found by runtime, ID and owner).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fileio.h"
#include "hashmap.h"
#include "netinfo.h"
#include "snapshot-ctr.h"
#include "snapshot-json.h"
#include "snapshot-ns.h"
#include "snapshot.h"

#define ERRNO_MAX	4095	/* the kernel's errno values are below */
#define ID_MAX		((int64_t)UINT32_MAX - 1)	/* a UID, not -1 */
#define INO_MAX		(INT64_MAX - 1)

/*
 * Whether @buf holds more objects and arrays, or more values, than
 * NSI_SNAPSHOT_OBJECTS_MAX and NSI_SNAPSHOT_VALUES_MAX: json-c builds the
 * whole tree before a value is checked, some hundred bytes an object, so
 * the file's size alone does not bound the memory ("[{},{},...]").  One
 * pass; what is inside strings is not counted.
 */
static int too_many_values(const char *buf, size_t len)
{
	size_t i, objects = 0, commas = 0;
	int in_string = 0;

	for (i = 0; i < len; i++) {
		if (in_string) {
			if (buf[i] == '\\')
				i++;	/* the escaped character */
			else if (buf[i] == '"')
				in_string = 0;
		} else if (buf[i] == '"') {
			in_string = 1;
		} else if (buf[i] == '{' || buf[i] == '[') {
			objects++;
		} else if (buf[i] == ',') {
			commas++;
		}
	}
	return objects > NSI_SNAPSHOT_OBJECTS_MAX ||
		commas >= NSI_SNAPSHOT_VALUES_MAX;
}

/* The whole of @buf as one JSON value, or NULL (not JSON, or more). */
static struct json_object *parse(struct nsi_sj *c, const char *buf,
				 size_t len)
{
	/* the document nests 7 deep: no stack spent on deeper input */
	struct json_tokener *tok;
	struct json_object *top;
	size_t end;

	if (too_many_values(buf, len)) {
		nsi_sj_fail(c, NULL, "more objects or values than a snapshot "
			    "of 100,000 processes has");
		return NULL;
	}
	tok = json_tokener_new_ex(16);
	if (!tok)
		return NULL;
	top = json_tokener_parse_ex(tok, buf, (int)len);
	if (!top) {
		nsi_sj_fail(c, NULL, json_tokener_get_error(tok) ==
			    json_tokener_continue ? "not JSON: it ends early" :
			    json_tokener_error_desc(
				    json_tokener_get_error(tok)));
		json_tokener_free(tok);
		return NULL;
	}
	for (end = json_tokener_get_parse_end(tok); end < len; end++)
		if (buf[end] != ' ' && buf[end] != '\n' && buf[end] != '\t' &&
		    buf[end] != '\r') {
			nsi_sj_fail(c, NULL, "not JSON: more after the document");
			json_object_put(top);
			top = NULL;
			break;
		}
	json_tokener_free(tok);
	return top;
}

/* "version" first: a newer format is refused before anything else. */
static int load_version(struct nsi_sj *c, struct json_object *top,
			struct nsi_snapshot_meta *meta)
{
	int64_t v;
	int rc = nsi_sj_int(c, top, "version", 1, INT_MAX, &v);

	if (rc < 0)
		return rc;
	if (v > NSI_SNAPSHOT_VERSION) {
		if (c->err)
			snprintf(c->err->reason, sizeof(c->err->reason),
				 "format version %lld is newer than this "
				 "nsinspect reads (%d)", (long long)v,
				 NSI_SNAPSHOT_VERSION);
		if (c->err)
			snprintf(c->err->path, sizeof(c->err->path),
				 "$.version");
		return -EPROTONOSUPPORT;
	}
	meta->version = (int)v;
	return 0;
}

/* One of "namespace_types": a type the kernel has. */
static int load_type(struct nsi_sj *c, struct json_object *v, void *arg)
{
	struct nsi_model *m = arg;
	int t = nsi_sj_type(c, v);

	if (t < 0)
		return t;
	m->have_type[t] = 1;
	return 0;
}

static int load_meta(struct nsi_sj *c, struct json_object *top,
		     struct nsi_model *m, struct nsi_snapshot_meta *meta)
{
	int64_t v;
	int rc;

	/* any host name root set (sethostname(2)): escaped when shown */
	if ((rc = nsi_sj_copy(c, top, "nsinspect_version", NSI_SJ_PRINT,
			      meta->nsinspect_version,
			      sizeof(meta->nsinspect_version))) < 0 ||
	    (rc = nsi_sj_copy(c, top, "hostname", 0, meta->hostname,
			      sizeof(meta->hostname))) < 0 ||
	    (rc = nsi_sj_copy(c, top, "kernel", 0, meta->kernel,
			      sizeof(meta->kernel))) < 0 ||
	    (rc = nsi_sj_copy(c, top, "time", NSI_SJ_PRINT, meta->time,
			      sizeof(meta->time))) < 0 ||
	    (rc = nsi_sj_bool(c, top, "net_detail", &meta->net_detail)) < 0)
		return rc;
	if ((rc = nsi_sj_int(c, top, "self_net", 0, INO_MAX, &v)) < 0)
		return rc;
	meta->self_net = (ino_t)v;
	if ((rc = nsi_sj_int(c, top, "init_userns", 0, INO_MAX, &v)) < 0)
		return rc;
	m->init_userns = (ino_t)v;
	return nsi_sj_each(c, top, "namespace_types", load_type, m);
}

/* A count: 0 to INT64_MAX - 1 (a size_t of this build). */
static int count(struct nsi_sj *c, struct json_object *o, const char *key,
		 size_t *out)
{
	int64_t v;
	int rc = nsi_sj_int(c, o, key, 0, INT64_MAX - 1, &v);

	if (rc == 0)
		*out = (size_t)v;
	return rc;
}

static int errno_of(struct nsi_sj *c, struct json_object *o,
		    const char *key, int *out)
{
	int64_t v;
	int rc = nsi_sj_int(c, o, key, 0, ERRNO_MAX, &v);

	if (rc == 0)
		*out = (int)v;
	return rc;
}

static int load_counters(struct nsi_sj *c, struct json_object *top,
			 struct nsi_model *m)
{
	struct json_object *o;
	size_t at = c->len;
	int rc;

	if ((rc = nsi_sj_get(c, top, "counters", json_type_object, 0, &o)) < 0)
		return rc;
	nsi_sj_enter(c, "counters", 0);
	if ((rc = count(c, o, "unreadable", &m->unreadable)) < 0 ||
	    (rc = errno_of(c, o, "unreadable_errno", &m->unreadable_errno)) < 0 ||
	    (rc = count(c, o, "vanished", &m->vanished)) < 0 ||
	    (rc = count(c, o, "cmdline_bytes", &m->cmdline_bytes)) < 0 ||
	    (rc = count(c, o, "cmdlines_cut", &m->cmdlines_cut)) < 0 ||
	    (rc = count(c, o, "threads_unreadable",
			&m->threads_unreadable)) < 0 ||
	    (rc = errno_of(c, o, "threads_errno", &m->threads_errno)) < 0 ||
	    (rc = count(c, o, "maps_timed_out", &m->maps_timed_out)) < 0 ||
	    (rc = count(c, o, "bundles_unreadable",
			&m->bundles_unreadable)) < 0 ||
	    (rc = errno_of(c, o, "bundles_errno", &m->bundles_errno)) < 0 ||
	    (rc = count(c, o, "cgroups_forged", &m->cgroups_forged)) < 0)
		return rc;
	nsi_sj_leave(c, at);
	return 0;
}

/* The report's strings are printed by main.c as they are: printable. */
static int load_report(struct nsi_sj *c, struct json_object *top,
		       struct nsi_report *r)
{
	struct json_object *o;
	size_t at = c->len;
	int64_t v;
	int rc;

	if ((rc = nsi_sj_get(c, top, "report", json_type_object, 0, &o)) < 0)
		return rc;
	nsi_sj_enter(c, "report", 0);
	if ((rc = errno_of(c, o, "mounts_errno", &r->mounts_errno)) < 0 ||
	    (rc = count(c, o, "unreadable", &r->unreadable)) < 0 ||
	    (rc = errno_of(c, o, "unreadable_errno", &r->unreadable_errno)) < 0 ||
	    (rc = count(c, o, "threads_unreadable",
			&r->threads_unreadable)) < 0 ||
	    (rc = errno_of(c, o, "threads_errno", &r->threads_errno)) < 0 ||
	    (rc = count(c, o, "maps_timed_out", &r->maps_timed_out)) < 0 ||
	    (rc = errno_of(c, o, "engine_errno", &r->engine_errno)) < 0 ||
	    (rc = errno_of(c, o, "netinfo_errno", &r->netinfo_errno)) < 0 ||
	    (rc = count(c, o, "fds_unreadable", &r->fds_unreadable)) < 0 ||
	    (rc = errno_of(c, o, "fds_errno", &r->fds_errno)) < 0 ||
	    (rc = nsi_sj_copy(c, o, "hidepid", NSI_SJ_PRINT, r->hidepid,
			      sizeof(r->hidepid))) < 0 ||
	    (rc = nsi_sj_int(c, o, "hidden_tasks", -1, LONG_MAX - 1, &v)) < 0)
		return rc;
	r->hidden_tasks = (long)v;
	if ((rc = count(c, o, "holders_omitted", &r->holders_omitted)) < 0 ||
	    (rc = count(c, o, "ns_over_limit", &r->ns_over_limit)) < 0 ||
	    (rc = count(c, o, "cmdlines_cut", &r->cmdlines_cut)) < 0 ||
	    (rc = count(c, o, "not_nsfs", &r->not_nsfs)) < 0 ||
	    (rc = count(c, o, "bundles_unreadable",
			&r->bundles_unreadable)) < 0 ||
	    (rc = errno_of(c, o, "bundles_errno", &r->bundles_errno)) < 0 ||
	    (rc = count(c, o, "cgroups_forged", &r->cgroups_forged)) < 0 ||
	    (rc = errno_of(c, o, "podman_errno", &r->podman_errno)) < 0 ||
	    (rc = nsi_sj_copy(c, o, "podman_socket", NSI_SJ_PRINT,
			      r->podman_socket, sizeof(r->podman_socket))) < 0 ||
	    (rc = count(c, o, "podman_refused", &r->podman_refused)) < 0 ||
	    (rc = count(c, o, "podman_skipped", &r->podman_skipped)) < 0 ||
	    (rc = count(c, o, "podman_cut", &r->podman_cut)) < 0)
		return rc;
	nsi_sj_leave(c, at);
	return 0;
}

static const char *const cap_keys[NSI_CAP_NSETS] = {
	"inh", "prm", "eff", "bnd", "amb"
};

static int load_caps(struct nsi_sj *c, struct json_object *o,
		     struct nsi_status *st)
{
	struct json_object *caps, *v;
	size_t at = c->len;
	int i, rc = nsi_sj_get(c, o, "cap", json_type_object, 0, &caps);

	if (rc < 0)
		return rc;
	nsi_sj_enter(c, "cap", 0);
	for (i = 0; i < NSI_CAP_NSETS; i++) {
		if (!json_object_object_get_ex(caps, cap_keys[i], &v))
			continue;	/* a set not read (no CapAmb line) */
		if ((rc = nsi_sj_mask(c, caps, cap_keys[i], &st->cap[i])) < 0)
			return rc;
		st->cap_known |= 1u << i;
	}
	nsi_sj_leave(c, at);
	return 0;
}

static int load_level(struct nsi_sj *c, struct json_object *v, void *arg)
{
	struct nsi_status *st = arg;
	int64_t pid;
	int rc = nsi_sj_int_at(c, v, 1, INT_MAX, &pid);

	if (rc == 0)
		st->nspid[st->nspid_levels++] = (pid_t)pid;
	return rc;
}

/* "nspid": at most NSI_NSPID_MAX levels, checked before any is taken. */
static int load_nspid(struct nsi_sj *c, struct json_object *o,
		      struct nsi_status *st)
{
	struct json_object *arr;
	int rc = nsi_sj_get(c, o, "nspid", json_type_array, 0, &arr);

	if (rc < 0)
		return rc;
	if (json_object_array_length(arr) > NSI_NSPID_MAX)
		return nsi_sj_fail(c, "nspid", "more PID namespace levels "
				   "than the kernel has");
	st->nspid_levels = 0;
	return nsi_sj_each(c, o, "nspid", load_level, st);
}

/* An int of @o in [@min, @max] into *@out. */
static int int_of(struct nsi_sj *c, struct json_object *o, const char *key,
		  int min, int max, int *out)
{
	int64_t v;
	int rc = nsi_sj_int(c, o, key, min, max, &v);

	if (rc == 0)
		*out = (int)v;
	return rc;
}

/* The status fields (struct nsi_status), each in its documented range. */
static int load_status(struct nsi_sj *c, struct json_object *o,
		       struct nsi_status *st)
{
	struct json_object *ruid, *euid;
	const char *state;
	int64_t v;
	int rc;

	nsi_status_init(st);
	if ((rc = load_caps(c, o, st)) < 0 || (rc = load_nspid(c, o, st)) < 0 ||
	    (rc = int_of(c, o, "no_new_privs", -1, 1, &st->no_new_privs)) < 0 ||
	    (rc = int_of(c, o, "seccomp", -1, 2, &st->seccomp)) < 0 ||
	    (rc = int_of(c, o, "seccomp_filters", -1, INT_MAX,
			 &st->seccomp_filters)) < 0 ||
	    (rc = int_of(c, o, "ppid", -1, INT_MAX, &st->ppid)) < 0 ||
	    (rc = int_of(c, o, "threads", 0, INT_MAX, &st->threads)) < 0 ||
	    (rc = int_of(c, o, "kthread", -1, 1, &st->kthread)) < 0 ||
	    (rc = int_of(c, o, "malformed", 0, INT_MAX, &st->malformed)) < 0 ||
	    (rc = int_of(c, o, "tgid", 0, INT_MAX, &st->tgid)) < 0 ||
	    (rc = nsi_sj_copy(c, o, "name", NSI_SJ_CUT, st->name,
			      sizeof(st->name))) < 0 ||
	    (rc = nsi_sj_str(c, o, "state", 1, 0, &state)) < 0 ||
	    (rc = nsi_sj_get(c, o, "ruid", json_type_int, 1, &ruid)) < 0 ||
	    (rc = nsi_sj_get(c, o, "euid", json_type_int, 1, &euid)) < 0)
		return rc;
	st->state = state[0];
	if (!ruid != !euid)
		return nsi_sj_fail(c, "euid", "null when ruid is not, or not "
				   "when it is");
	if (!euid)
		return 0;
	if ((rc = nsi_sj_int(c, o, "ruid", 0, ID_MAX, &v)) < 0)
		return rc;
	st->ruid = (uid_t)v;
	if ((rc = nsi_sj_int(c, o, "euid", 0, ID_MAX, &v)) < 0)
		return rc;
	st->euid = (uid_t)v;
	st->have_euid = 1;
	return 0;
}

/* "ns" and "ns_errno": {"TYPE": number}, types each once. */
static int load_links(struct nsi_sj *c, struct json_object *o,
		      struct nsi_proc *p, const char *key, int is_errno)
{
	struct json_object *obj;
	size_t at = c->len;
	int rc = nsi_sj_get(c, o, key, json_type_object, 0, &obj);

	if (rc < 0)
		return rc;
	nsi_sj_enter(c, key, 0);
	json_object_object_foreach(obj, name, val) {
		int t = nsi_ns_type_from_name(name, strlen(name));
		size_t el;
		int64_t v;

		/* refused before its key enters the path main.c prints:
		 * the key is the file's, any bytes */
		if (t < 0)
			return nsi_sj_fail(c, NULL, "unknown namespace type");
		el = nsi_sj_enter(c, name, 0);
		rc = nsi_sj_int_at(c, val, 1, is_errno ? ERRNO_MAX : INO_MAX,
				   &v);
		if (rc < 0)
			return rc;
		if (is_errno)
			p->ns_errno[t] = (int)v;
		else
			p->ns[t] = (ino_t)v;
		nsi_sj_leave(c, el);
	}
	nsi_sj_leave(c, at);
	return 0;
}

/* What a process and a thread both have (as render-snapshot.c writes). */
static int load_task(struct nsi_sj *c, struct json_object *o,
		     struct nsi_proc *p)
{
	struct json_object *st;
	int64_t v;
	int rc;

	if ((rc = int_of(c, o, "ppid", -1, INT_MAX, &p->ppid)) < 0 ||
	    (rc = nsi_sj_int(c, o, "uid", 0, ID_MAX, &v)) < 0)
		return rc;
	p->uid = (uid_t)v;
	if ((rc = nsi_sj_dup(c, o, "user", 4096, &p->user)) < 0 ||
	    (rc = nsi_sj_dup(c, o, "comm", 4096, &p->comm)) < 0 ||
	    (rc = nsi_sj_dup(c, o, "cmdline", NSI_SNAPSHOT_MAX,
			  &p->cmdline)) < 0 ||
	    (rc = nsi_sj_bool(c, o, "cmdline_read", &p->cmdline_read)) < 0 ||
	    (rc = nsi_sj_bool(c, o, "cmdline_cut", &p->cmdline_cut)) < 0 ||
	    (rc = nsi_sj_int(c, o, "start_time", 0, INT64_MAX - 1, &v)) < 0)
		return rc;
	p->start_time = (unsigned long long)v;
	if ((rc = int_of(c, o, "userns_initial", -1, 1,
			 &p->userns_initial)) < 0 ||
	    (rc = load_links(c, o, p, "ns", 0)) < 0 ||
	    (rc = load_links(c, o, p, "ns_errno", 1)) < 0 ||
	    (rc = int_of(c, o, "status_errno", 0, ERRNO_MAX,
			 &p->status_errno)) < 0 ||
	    (rc = nsi_sj_get(c, o, "status", json_type_object, 1, &st)) < 0)
		return rc;
	if (st) {
		size_t at = nsi_sj_enter(c, "status", 0);

		rc = load_status(c, st, &p->status);
		nsi_sj_leave(c, at);
		p->have_status = rc == 0;
	}
	return rc;
}

/* "security" of a process (render-snapshot.c), when it is there. */
static int load_security(struct nsi_sj *c, struct json_object *o,
			 struct nsi_proc *p)
{
	struct json_object *sec;
	size_t at;
	int rc;

	if (!json_object_object_get_ex(o, "security", NULL))
		return 0;	/* FILECAPS and LSM were not read */
	rc = nsi_sj_get(c, o, "security", json_type_object, 0, &sec);
	if (rc < 0)
		return rc;
	at = nsi_sj_enter(c, "security", 0);
	if ((rc = nsi_sj_dup(c, sec, "filecaps", 4096, &p->filecaps)) == 0 &&
	    (rc = errno_of(c, sec, "filecaps_errno",
			   &p->filecaps_errno)) == 0 &&
	    (rc = nsi_sj_dup(c, sec, "lsm", 4096, &p->lsm)) == 0 &&
	    (rc = errno_of(c, sec, "lsm_errno", &p->lsm_errno)) == 0)
		p->filecaps_read = p->lsm_read = 1;
	nsi_sj_leave(c, at);
	return rc;
}

/* The loader's state across the document. */
struct loader {
	struct nsi_sj c;
	struct nsi_model *m;
	struct nsi_container **ctrs;	/* by index in "containers" */
	size_t nctrs;
	struct nsi_hmap seen;		/* PIDs, and TIDs + 2^32 */
};

/* "container": null or an index into "containers". */
static int load_container_ref(struct loader *l, struct json_object *o,
			      struct nsi_proc *p)
{
	struct json_object *v;
	int64_t i;
	int rc = nsi_sj_get(&l->c, o, "container", json_type_int, 1, &v);

	if (rc < 0 || !v)
		return rc;
	rc = nsi_sj_int(&l->c, o, "container", 0, (int64_t)l->nctrs - 1, &i);
	if (rc == 0)
		p->container = l->ctrs[i];
	return rc;
}

/* A PID (or a TID, @tid set) not seen before in the document. */
static int first_time(struct loader *l, const char *key, pid_t id, int tid)
{
	struct nsi_hkey k = nsi_hkey_u64((uint64_t)id +
					 (tid ? UINT64_C(1) << 32 : 0));

	if (nsi_hmap_has(&l->seen, k))
		return nsi_sj_fail(&l->c, key, tid ? "a second thread of this "
				   "TID" : "a second process of this PID");
	return nsi_hmap_add(&l->seen, k, &l->seen) < 0 ? -ENOMEM : 0;
}

static int load_thread(struct loader *l, struct json_object *o,
		       struct nsi_proc *p)
{
	struct nsi_proc *t;
	int64_t v;
	int rc;

	if (!json_object_is_type(o, json_type_object))
		return nsi_sj_fail(&l->c, NULL, "not an object");
	if ((rc = nsi_sj_int(&l->c, o, "pid", p->pid, p->pid, &v)) < 0 ||
	    (rc = nsi_sj_int(&l->c, o, "tid", 1, INT_MAX, &v)) < 0 ||
	    (rc = first_time(l, "tid", (pid_t)v, 1)) < 0)
		return rc;
	t = nsi_proc_new(p->pid);
	if (!t)
		return -ENOMEM;
	t->tid = (pid_t)v;
	if ((rc = nsi_sj_bool(&l->c, o, "caps_differ", &t->caps_differ)) < 0 ||
	    (rc = load_task(&l->c, o, t)) < 0 ||
	    (rc = load_container_ref(l, o, t)) < 0 ||
	    (rc = nsi_proc_add_thread(p, t)) < 0) {
		nsi_proc_free(t);
		return rc;
	}
	return 0;
}

/* What a thread's load needs. */
struct proc_arg {
	struct loader *l;
	struct nsi_proc *p;
};

static int load_thread_at(struct nsi_sj *c, struct json_object *o,
			  void *arg)
{
	struct proc_arg *a = arg;

	(void)c;
	return load_thread(a->l, o, a->p);
}

/* One process with its threads, into the model. */
static int load_proc(struct nsi_sj *c, struct json_object *o, void *arg)
{
	struct loader *l = arg;
	struct proc_arg a = { l, NULL };
	int64_t pid;
	int rc;

	if (!json_object_is_type(o, json_type_object))
		return nsi_sj_fail(c, NULL, "not an object");
	if ((rc = nsi_sj_int(c, o, "pid", 1, INT_MAX, &pid)) < 0 ||
	    (rc = first_time(l, "pid", (pid_t)pid, 0)) < 0)
		return rc;
	a.p = nsi_proc_new((pid_t)pid);
	if (!a.p)
		return -ENOMEM;
	rc = load_task(c, o, a.p);
	if (rc == 0)
		rc = load_security(c, o, a.p);
	if (rc == 0)
		rc = load_container_ref(l, o, a.p);
	if (rc == 0)
		rc = nsi_sj_each(c, o, "threads", load_thread_at, &a);
	if (rc == 0)
		rc = nsi_model_add_proc(l->m, a.p);
	if (rc < 0)
		nsi_proc_free(a.p);
	return rc;
}

/* The document, parsed: everything into @m and @meta. */
static int load(struct loader *l, struct json_object *top,
		struct nsi_snapshot_meta *meta)
{
	int rc;

	if (!json_object_is_type(top, json_type_object))
		return nsi_sj_fail(&l->c, NULL, "not an object");
	if ((rc = load_version(&l->c, top, meta)) < 0 ||
	    (rc = load_meta(&l->c, top, l->m, meta)) < 0 ||
	    (rc = load_counters(&l->c, top, l->m)) < 0 ||
	    (rc = load_report(&l->c, top, &meta->report)) < 0 ||
	    (rc = nsi_snapshot_read_containers(&l->c, top, l->m, &l->ctrs,
				  &l->nctrs)) < 0 ||
	    (rc = nsi_sj_each(&l->c, top, "processes", load_proc, l)) < 0 ||
	    (rc = nsi_snapshot_read_ns(&l->c, top, l->m)) < 0 ||
	    (rc = nsi_model_finish(l->m)) < 0)
		return rc;
	/* of the model (its PID 1), not recorded */
	meta->report.pidns = l->m->pidns;
	meta->report.pidns_initial = l->m->pidns_initial;
	meta->report.from_snapshot = 1;
	/* veth peers, matched as the scan matched them */
	if (meta->net_detail)
		rc = nsi_netinfo_link_peers(l->m, meta->self_net);
	return rc;
}

int nsi_snapshot_read(int fd, struct nsi_model *m,
		      struct nsi_snapshot_meta *meta,
		      struct nsi_snapshot_error *err)
{
	struct nsi_snapshot_error local;
	struct loader l = { .c = { .err = err ? err : &local }, .m = m };
	struct json_object *top;
	size_t len;
	char *buf;
	int rc;

	memset(meta, 0, sizeof(*meta));
	err = l.c.err;
	memset(err, 0, sizeof(*err));
	rc = nsi_read_fd(fd, NSI_SNAPSHOT_MAX, &buf, &len);
	if (rc == -EFBIG)
		snprintf(err->reason, sizeof(err->reason), "larger than %u "
			 "MiB", NSI_SNAPSHOT_MAX >> 20);
	if (rc < 0) {
		free(buf);
		return rc;
	}
	top = parse(&l.c, buf, len);	/* its reasons name no path */
	free(buf);
	if (!top)
		return err->reason[0] ? -EBADMSG : -ENOMEM;
	l.c.len = 1;
	l.c.path[0] = '$';
	l.c.path[1] = '\0';
	rc = load(&l, top, meta);
	json_object_put(top);
	free(l.ctrs);
	nsi_hmap_release(&l.seen);
	return rc;
}

int nsi_snapshot_read_path(const char *path, struct nsi_model *m,
			   struct nsi_snapshot_meta *meta,
			   struct nsi_snapshot_error *err)
{
	int fd = strcmp(path, "-") ? open(path, O_RDONLY | O_CLOEXEC) : 0;
	int rc;

	if (err)
		memset(err, 0, sizeof(*err));
	if (fd < 0)
		return -errno;
	rc = nsi_snapshot_read(fd, m, meta, err);
	if (fd)
		close(fd);
	return rc;
}
