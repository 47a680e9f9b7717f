/*
 * render-json.c - the rows as JSON (nsi_render_json()): one object per
 * row, keyed by the columns' names, with a namespace's "containers" and
 * "holders", a process's "threads", the --detail keys of a network
 * namespace (render-json-detail.c), and the "unreadable" and "omitted"
 * counts.  Streamed row by row, or built whole for a tree.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render.h"
#include "render-json.h"
#include "view.h"

/* The JSON value of a cell; *val is NULL for JSON null. */
static int cell_json(const struct nsi_cell *c, struct json_object **val)
{
	size_t i;

	*val = NULL;
	switch (c->kind) {
	case NSI_CELL_NONE:
		return 0;
	case NSI_CELL_STR:
		*val = nsi_jstr(c->str);
		break;
	case NSI_CELL_NUM:
		*val = json_object_new_int64(c->num);
		break;
	case NSI_CELL_BOOL:
		*val = json_object_new_boolean(c->num != 0);
		break;
	case NSI_CELL_STRV:
	case NSI_CELL_NUMV:
		*val = json_object_new_array_ext((int)c->nv);
		for (i = 0; *val && i < c->nv; i++) {
			struct json_object *e = c->kind == NSI_CELL_STRV ?
				nsi_jstr(c->strv[i]) :
				json_object_new_int64(c->numv[i]);

			if (json_object_array_add(*val, e) < 0) {
				json_object_put(e);
				json_object_put(*val);
				*val = NULL;
			}
		}
		break;
	case NSI_CELL_CAPSET:
		*val = nsi_jcapset(c->mask);
		break;
	case NSI_CELL_CAPNAMES:
		*val = nsi_jcapnames(c->mask);
		break;
	case NSI_CELL_CONTAINER:
		/* one container; several: null here, see containers_json() */
		if (c->nv != 1)
			return 0;
		*val = nsi_jcontainer(c->containers[0]);
		break;
	}
	return *val ? 0 : -ENOMEM;
}

/*
 * The "holders" array of a namespace: what HELD_BY says, one object per
 * holder with each fact in a field of its own ({"kind", "pid", "tid",
 * "fd", "path", "mntns", "via"}), so that no path can pass for another
 * field.  "kind" is as HOLDER spells it.
 */
static struct json_object *holder_json(const struct nsi_ns *ns,
				       const struct nsi_holder *h)
{
	struct json_object *obj = json_object_new_object(), *via = NULL;
	char kind[32];
	int fd = h->kind == NSI_HOLD_FD || h->kind == NSI_HOLD_SOCKET;

	if (!obj)
		return NULL;
	nsi_holder_kind_text(ns->type, h->kind, kind, sizeof(kind));
	if (h->via) {
		via = json_object_new_object();
		if (!via ||
		    nsi_jadd(via, "type",
			     nsi_jstr(nsi_ns_type_name(h->via->type))) < 0 ||
		    nsi_jadd(via, "ns",
			     json_object_new_int64((int64_t)h->via->ino)) < 0) {
			json_object_put(via);
			json_object_put(obj);
			return NULL;
		}
	}
	if (nsi_jadd(obj, "kind", nsi_jstr(kind)) < 0 ||
	    nsi_jadd(obj, "pid",
		     h->pid > 0 ? json_object_new_int(h->pid) : NULL) < 0 ||
	    nsi_jadd(obj, "tid", h->kind == NSI_HOLD_THREAD ?
		json_object_new_int(h->num) : NULL) < 0 ||
	    nsi_jadd(obj, "fd", fd ? json_object_new_int(h->num) : NULL) < 0 ||
	    nsi_jadd(obj, "path", nsi_jstr_or_null(h->path)) < 0 ||
	    nsi_jadd(obj, "mntns", h->mntns ?
		json_object_new_int64((int64_t)h->mntns) : NULL) < 0 ||
	    nsi_jadd(obj, "via", via) < 0) {
		json_object_put(obj);
		return NULL;
	}
	return obj;
}

static struct json_object *holders_json(const struct nsi_ns *ns)
{
	struct json_object *arr = json_object_new_array_ext((int)ns->nholders);
	size_t i;

	for (i = 0; arr && i < ns->nholders; i++) {
		struct json_object *h = holder_json(ns, &ns->holders[i]);

		if (!h || json_object_array_add(arr, h) < 0) {
			json_object_put(h);
			json_object_put(arr);
			arr = NULL;
		}
	}
	return arr;
}

/* The "containers" array of a namespace: every container sharing it. */
static struct json_object *containers_json(const struct nsi_ns *ns)
{
	struct json_object *arr = json_object_new_array_ext((int)ns->ncontainers);
	size_t i;

	for (i = 0; arr && i < ns->ncontainers; i++) {
		struct json_object *c = nsi_jcontainer(ns->containers[i]);

		if (!c || json_object_array_add(arr, c) < 0) {
			json_object_put(c);
			json_object_put(arr);
			arr = NULL;
		}
	}
	return arr;
}

/* JSON keys are the column names in lower case, as lsns(8) does. */
static void json_key(const char *name, char *key, size_t size)
{
	size_t i;

	for (i = 0; name[i] && i + 1 < size; i++)
		key[i] = (char)tolower((unsigned char)name[i]);
	key[i] = '\0';
}

static int add_threads(const struct nsi_output *o, struct json_object *obj,
		       const struct nsi_proc *p);

/*
 * The key that comes with column @col of a namespace row: "container" is
 * the one container, "containers" all; "held_by" is text, "holders" the
 * holders field by field.
 */
static int add_companion(struct json_object *obj, enum nsi_view view,
			 int col, const struct nsi_ns *ns)
{
	struct json_object *val;
	const char *key;

	if (view != NSI_VIEW_NS)
		return 0;
	if (col == NSI_NSCOL_CONTAINER) {
		key = "containers";
		val = containers_json(ns);
	} else if (col == NSI_NSCOL_HELD_BY) {
		key = "holders";
		val = holders_json(ns);
	} else {
		return 0;
	}
	return val ? nsi_jadd(obj, key, val) : -ENOMEM;
}

static struct json_object *row_json(const struct nsi_output *o,
				    const void *row)
{
	const struct nsi_column *cols;
	struct json_object *obj = json_object_new_object();
	size_t n, i;

	if (!obj)
		return NULL;
	cols = nsi_columns(o->view, &n);
	for (i = 0; i < o->ncols; i++) {
		struct json_object *val = NULL;
		struct nsi_cell c;
		char key[32];
		int rc;

		rc = nsi_cell_get(o->view, row, o->cols[i], &c);
		if (rc == 0)
			rc = cell_json(&c, &val);
		nsi_cell_release(&c);
		json_key(cols[o->cols[i]].name, key, sizeof(key));
		if (rc < 0 || json_object_object_add(obj, key, val) < 0 ||
		    add_companion(obj, o->view, o->cols[i], row) < 0) {
			json_object_put(obj);
			return NULL;
		}
	}
	if (o->view == NSI_VIEW_PROC && add_threads(o, obj, row) < 0) {
		json_object_put(obj);
		return NULL;
	}
	return obj;
}

/*
 * The process view: a thread row has its "tid" (also when -o left out
 * TID); a process row whose threads have capability sets of their own
 * gets "threads": one object each, with the same keys (captree(8)).
 */
static int add_threads(const struct nsi_output *o, struct json_object *obj,
		       const struct nsi_proc *p)
{
	const struct nsi_proc **threads;
	struct json_object *arr, *t;
	size_t n, i;
	int rc = 0;

	if (p->tid)
		return json_object_object_get_ex(obj, "tid", NULL) ? 0 :
			nsi_jadd(obj, "tid", json_object_new_int(p->tid));
	if (!p->nthreads)
		return 0;
	threads = calloc(p->nthreads, sizeof(*threads));
	if (!threads)
		return -ENOMEM;
	n = nsi_view_threads_shown(p, threads);
	arr = n ? json_object_new_array() : NULL;
	if (n && (!arr || nsi_jadd(obj, "threads", arr) < 0))
		rc = -ENOMEM;
	for (i = 0; rc == 0 && i < n; i++) {
		t = row_json(o, threads[i]);
		if (!t || json_object_array_add(arr, t) < 0) {
			json_object_put(t);
			rc = -ENOMEM;
		}
	}
	free(threads);
	return rc;
}

/* A count as a JSON number. */
static struct json_object *count_json(size_t n)
{
	return json_object_new_int64((int64_t)n);
}

/* The "unreadable" object, or NULL when everything was read. */
static struct json_object *unreadable_json(const struct nsi_unreadable *u)
{
	struct json_object *obj;

	if (!u->namespaces && !u->open_files && !u->status && !u->threads &&
	    !u->id_maps && !u->hidepid && !u->not_nsfs && !u->filecaps &&
	    !u->lsm)
		return NULL;
	obj = json_object_new_object();
	if (!obj ||
	    nsi_jadd(obj, "namespaces", count_json(u->namespaces)) < 0 ||
	    nsi_jadd(obj, "open_files", count_json(u->open_files)) < 0 ||
	    nsi_jadd(obj, "status", count_json(u->status)) < 0 ||
	    nsi_jadd(obj, "threads", count_json(u->threads)) < 0 ||
	    nsi_jadd(obj, "id_maps", count_json(u->id_maps)) < 0 ||
	    nsi_jadd(obj, "reason", u->err ? nsi_jstr(strerror(u->err)) :
		     NULL) < 0 ||
	    nsi_jadd(obj, "hidepid",
		     u->hidepid ? nsi_jstr(u->hidepid) : NULL) < 0 ||
	    nsi_jadd(obj, "hidden_tasks", u->hidepid && u->hidden_tasks >= 0 ?
		     json_object_new_int64(u->hidden_tasks) : NULL) < 0 ||
	    nsi_jadd(obj, "not_nsfs", count_json(u->not_nsfs)) < 0 ||
	    nsi_jadd(obj, "filecaps", count_json(u->filecaps)) < 0 ||
	    nsi_jadd(obj, "lsm", count_json(u->lsm)) < 0) {
		json_object_put(obj);
		return NULL;
	}
	return obj;
}

/* The "omitted" object, or NULL when no limit was hit. */
static struct json_object *omitted_json(const struct nsi_omitted *om)
{
	struct json_object *obj;

	if (!om->holders && !om->command_lines)
		return NULL;
	obj = json_object_new_object();
	if (!obj ||
	    nsi_jadd(obj, "holders", count_json(om->holders)) < 0 ||
	    nsi_jadd(obj, "namespaces", count_json(om->namespaces)) < 0 ||
	    nsi_jadd(obj, "limit_per_namespace",
		     json_object_new_int64(NSI_NS_HOLDERS_MAX)) < 0 ||
	    nsi_jadd(obj, "command_lines", count_json(om->command_lines)) < 0 ||
	    nsi_jadd(obj, "command_line_budget",
		     count_json(om->command_line_budget)) < 0) {
		json_object_put(obj);
		return NULL;
	}
	return obj;
}

/* Print ',\n  "KEY": OBJ' for the stream's frame, and free @obj. */
static void put_object(FILE *out, const char *key, struct json_object *obj)
{
	const char *text;

	if (!obj)
		return;
	text = json_object_to_json_string_ext(obj, JSON_C_TO_STRING_SPACED |
					      JSON_C_TO_STRING_NOSLASHESCAPE);
	fprintf(out, ",\n  \"%s\": %s", key, text ? text : "null");
	json_object_put(obj);
}

/*
 * Write the rows one at a time, each made, printed and freed: the
 * output of 10,000 processes never exists twice in memory (json-c
 * objects, then their text).  json-c writes every row; the frame around
 * them is two fixed lines, and each row's lines are indented to the depth
 * where they stand, as json-c's own pretty printer would put them.
 */
static int render_stream(FILE *out, const struct nsi_output *o)
{
	size_t r;

	if (fprintf(out, "{\n  \"%s\": [", o->json_key) < 0)
		return -errno;
	for (r = 0; r < o->nrows; r++) {
		struct json_object *row = row_json(o, o->rows[r]);
		const char *text, *nl;

		if (!row)
			return -ENOMEM;
		if (o->net_detail && nsi_jadd_net_detail(row, o->rows[r]) < 0) {
			json_object_put(row);
			return -ENOMEM;
		}
		text = json_object_to_json_string_ext(row,
				JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
				JSON_C_TO_STRING_NOSLASHESCAPE);
		if (!text) {
			json_object_put(row);
			return -ENOMEM;
		}
		fputs(r ? ",\n" : "\n", out);
		/* fwrite(3), not a fprintf(3) per line: a tenth of the
		 * instructions of the whole JSON output of --caps -J */
		for (; (nl = strchr(text, '\n')); text = nl + 1) {
			fputs("    ", out);
			fwrite(text, 1, (size_t)(nl - text) + 1, out);
		}
		fputs("    ", out);
		fputs(text, out);
		json_object_put(row);
		if (ferror(out))
			return -errno;
	}
	if (fputs(r ? "\n  ]" : "]", out) < 0)
		return -errno;
	fprintf(out, ",\n  \"host_pid_namespace\": %s",
		o->host_pidns < 0 ? "null" : o->host_pidns ? "true" : "false");
	put_object(out, "unreadable", unreadable_json(&o->unreadable));
	put_object(out, "omitted", omitted_json(&o->omitted));
	return fputs("\n}\n", out) < 0 ? -errno : 0;
}

int nsi_render_json(FILE *out, const struct nsi_output *o)
{
	struct json_object *top, *arr, **objs = NULL, *unr;
	size_t r;
	int rc = -ENOMEM;

	/* a tree nests rows in their parents: it is built whole */
	if (!o->parent)
		return render_stream(out, o);

	top = json_object_new_object();
	arr = json_object_new_array_ext((int)o->nrows);
	if (!top || !arr) {
		json_object_put(arr);
		goto out;
	}
	if (nsi_jadd(top, o->json_key, arr) < 0 ||
	    nsi_jadd(top, "host_pid_namespace", o->host_pidns < 0 ? NULL :
		     json_object_new_boolean(o->host_pidns)) < 0)
		goto out;
	unr = unreadable_json(&o->unreadable);
	if (unr && nsi_jadd(top, "unreadable", unr) < 0)
		goto out;
	unr = omitted_json(&o->omitted);
	if (unr && nsi_jadd(top, "omitted", unr) < 0)
		goto out;
	objs = calloc(o->nrows + 1, sizeof(*objs));
	if (!objs)
		goto out;
	for (r = 0; r < o->nrows; r++) {
		struct json_object *row = row_json(o, o->rows[r]), *into = arr;

		if (!row)
			goto out;
		if (o->net_detail && nsi_jadd_net_detail(row, o->rows[r]) < 0) {
			json_object_put(row);
			goto out;
		}
		/* a tree: rows come after their parent, nest them there */
		if (o->parent && o->parent[r] >= 0) {
			struct json_object *up = objs[o->parent[r]];

			if (!json_object_object_get_ex(up, "children", &into)) {
				into = json_object_new_array();
				if (nsi_jadd(up, "children", into) < 0) {
					json_object_put(row);
					goto out;
				}
			}
		}
		if (json_object_array_add(into, row) < 0) {
			json_object_put(row);
			goto out;
		}
		objs[r] = row;
	}
	rc = nsi_jprint(out, top);
out:
	free(objs);
	json_object_put(top);
	return rc;
}
