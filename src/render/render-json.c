/*
 * render-json.c - JSON through json-c.  The only file that includes
 * <json-c/json.h>.  json-c does every bit of escaping: untrusted strings
 * from /proc always come out as valid JSON strings.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "caps.h"
#include "netinfo.h"
#include "render.h"
#include "view.h"
#include "audit.h"

/* Write @top, pretty and with "/" as it is, and a newline. */
/*
 * The length of the valid UTF-8 sequence at @s (RFC 3629: no overlong
 * forms, no surrogates, nothing past U+10FFFF), or 0 when it is not one.
 */
static size_t utf8_seq(const unsigned char *s)
{
	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		return (s[1] & 0xc0) == 0x80 ? 2 : 0;
	if (s[0] >= 0xe0 && s[0] <= 0xef) {
		unsigned char lo = s[0] == 0xe0 ? 0xa0 : 0x80;
		unsigned char hi = s[0] == 0xed ? 0x9f : 0xbf;

		return s[1] >= lo && s[1] <= hi && (s[2] & 0xc0) == 0x80 ?
			3 : 0;
	}
	if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		unsigned char lo = s[0] == 0xf0 ? 0x90 : 0x80;
		unsigned char hi = s[0] == 0xf4 ? 0x8f : 0xbf;

		return s[1] >= lo && s[1] <= hi && (s[2] & 0xc0) == 0x80 &&
			(s[3] & 0xc0) == 0x80 ? 4 : 0;
	}
	return 0;
}

/*
 * A JSON string of @s.  Names and command lines come from /proc and may
 * hold any bytes; JSON text must be UTF-8 (RFC 8259), so each byte that
 * does not start a valid sequence becomes U+FFFD, as jq(1) and Python
 * decode it.  json-c escapes the rest (control characters as \uXXXX).
 */
static struct json_object *jstr(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	struct json_object *obj;
	size_t i, n, len = strlen(s), out = 0;
	char *fixed;

	for (i = 0; i < len; i += n)
		if (!(n = utf8_seq(p + i)))
			break;
	if (i >= len)
		return json_object_new_string(s);
	fixed = malloc(len * 3 + 1);
	if (!fixed)
		return NULL;
	for (i = 0; i < len; i += n) {
		n = utf8_seq(p + i);
		if (n) {
			memcpy(fixed + out, s + i, n);
			out += n;
		} else {
			memcpy(fixed + out, "\xef\xbf\xbd", 3);	/* U+FFFD */
			out += 3;
			n = 1;
		}
	}
	obj = json_object_new_string_len(fixed, (int)out);
	free(fixed);
	return obj;
}

static int print_json(FILE *out, struct json_object *top)
{
	const char *text = json_object_to_json_string_ext(top,
			JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
			JSON_C_TO_STRING_NOSLASHESCAPE);

	if (!text)
		return -ENOMEM;
	return fputs(text, out) < 0 || fputc('\n', out) < 0 ? -errno : 0;
}

/* ["cap_chown", ...] */
static struct json_object *capnames_json(uint64_t mask)
{
	struct json_object *arr;
	char **names;
	int n, i;

	n = nsi_cap_names(mask, &names);
	if (n < 0)
		return NULL;
	arr = json_object_new_array_ext(n);
	for (i = 0; arr && i < n; i++) {
		if (json_object_array_add(arr,
				jstr(names[i])) < 0) {
			json_object_put(arr);
			arr = NULL;
		}
	}
	nsi_cap_names_free(names, (size_t)n);
	return arr;
}

/* Add @val under @key; on failure @val is freed. */
static int add(struct json_object *obj, const char *key,
	       struct json_object *val)
{
	if (json_object_object_add(obj, key, val) < 0) {
		json_object_put(val);
		return -ENOMEM;
	}
	return 0;
}

/* A string, or null for NULL. */
static struct json_object *str_or_null(const char *s)
{
	return s ? jstr(s) : NULL;
}

/* {"mask": "0x000001ffffffffff", "names": ["cap_chown", ...]} */
static struct json_object *capset_json(uint64_t mask)
{
	struct json_object *obj = json_object_new_object(), *arr;
	char hex[19];

	snprintf(hex, sizeof(hex), "0x%016" PRIx64, mask);
	arr = capnames_json(mask);
	if (!obj || !arr ||
	    add(obj, "mask", jstr(hex)) < 0) {
		json_object_put(arr);
		json_object_put(obj);
		return NULL;
	}
	if (add(obj, "names", arr) < 0) {	/* add() freed arr */
		json_object_put(obj);
		return NULL;
	}
	return obj;
}

/* Every name of @c (its "name" first), [] when it has none. */
static struct json_object *names_json(const struct nsi_container *c)
{
	struct json_object *arr = json_object_new_array();
	size_t i;

	if (!arr)
		return NULL;
	for (i = 0; i < (c->nnames ? c->nnames : c->name ? 1 : 0); i++) {
		struct json_object *v = jstr(c->nnames ? c->names[i] : c->name);

		if (!v || json_object_array_add(arr, v) < 0) {
			json_object_put(v);
			json_object_put(arr);
			return NULL;
		}
	}
	return arr;
}

/* {"runtime", "id", "name", "image", "network_mode", "pod", "pod_name",
 * "pod_namespace", "sandbox", "names", "owner_uid"} */
static struct json_object *container_json(const struct nsi_container *c)
{
	struct json_object *obj = json_object_new_object();

	if (!obj ||
	    add(obj, "runtime", jstr(c->runtime)) < 0 ||
	    add(obj, "id", jstr(c->id)) < 0 ||
	    add(obj, "name", str_or_null(c->name)) < 0 ||
	    add(obj, "image", str_or_null(c->image)) < 0 ||
	    add(obj, "network_mode", str_or_null(c->network_mode)) < 0 ||
	    add(obj, "pod", str_or_null(c->pod)) < 0 ||
	    add(obj, "pod_name", str_or_null(c->pod_name)) < 0 ||
	    add(obj, "pod_namespace", str_or_null(c->pod_namespace)) < 0 ||
	    add(obj, "sandbox", json_object_new_boolean(c->sandbox)) < 0 ||
	    add(obj, "names", names_json(c)) < 0 ||
	    add(obj, "owner_uid", c->rootless ?
		json_object_new_int64((int64_t)c->owner_uid) : NULL) < 0) {
		json_object_put(obj);
		return NULL;
	}
	return obj;
}

/* The JSON value of a cell; *val is NULL for JSON null. */
static int cell_json(const struct nsi_cell *c, struct json_object **val)
{
	size_t i;

	*val = NULL;
	switch (c->kind) {
	case NSI_CELL_NONE:
		return 0;
	case NSI_CELL_STR:
		*val = jstr(c->str);
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
				jstr(c->strv[i]) :
				json_object_new_int64(c->numv[i]);

			if (json_object_array_add(*val, e) < 0) {
				json_object_put(e);
				json_object_put(*val);
				*val = NULL;
			}
		}
		break;
	case NSI_CELL_CAPSET:
		*val = capset_json(c->mask);
		break;
	case NSI_CELL_CAPNAMES:
		*val = capnames_json(c->mask);
		break;
	case NSI_CELL_CONTAINER:
		/* one container; several: null here, see containers_json() */
		if (c->nv != 1)
			return 0;
		*val = container_json(c->containers[0]);
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
		    add(via, "type", jstr(nsi_ns_type_name(h->via->type))) < 0 ||
		    add(via, "ns", json_object_new_int64((int64_t)h->via->ino)) < 0) {
			json_object_put(via);
			json_object_put(obj);
			return NULL;
		}
	}
	if (add(obj, "kind", jstr(kind)) < 0 ||
	    add(obj, "pid", h->pid > 0 ? json_object_new_int(h->pid) : NULL) < 0 ||
	    add(obj, "tid", h->kind == NSI_HOLD_THREAD ?
		json_object_new_int(h->num) : NULL) < 0 ||
	    add(obj, "fd", fd ? json_object_new_int(h->num) : NULL) < 0 ||
	    add(obj, "path", str_or_null(h->path)) < 0 ||
	    add(obj, "mntns", h->mntns ?
		json_object_new_int64((int64_t)h->mntns) : NULL) < 0 ||
	    add(obj, "via", via) < 0) {
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
		struct json_object *c = container_json(ns->containers[i]);

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
		if (rc < 0 || json_object_object_add(obj, key, val) < 0) {
			json_object_put(obj);
			return NULL;
		}
		/* "container" is the one container, "containers" all */
		if (o->view == NSI_VIEW_NS &&
		    o->cols[i] == NSI_NSCOL_CONTAINER &&
		    (!(val = containers_json(row)) ||
		     add(obj, "containers", val) < 0)) {
			json_object_put(obj);
			return NULL;
		}
		/* "held_by" as text, "holders" field by field */
		if (o->view == NSI_VIEW_NS &&
		    o->cols[i] == NSI_NSCOL_HELD_BY &&
		    (!(val = holders_json(row)) ||
		     add(obj, "holders", val) < 0)) {
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
			add(obj, "tid", json_object_new_int(p->tid));
	if (!p->nthreads)
		return 0;
	threads = calloc(p->nthreads, sizeof(*threads));
	if (!threads)
		return -ENOMEM;
	n = nsi_view_threads_shown(p, threads);
	arr = n ? json_object_new_array() : NULL;
	if (n && (!arr || add(obj, "threads", arr) < 0))
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

/* {"name", "ns", "container"} of a veth's peer, or NULL. */
static struct json_object *peer_json(const struct nsi_netif *f)
{
	struct json_object *obj;

	if (!f->peer || !f->peer_ns)
		return NULL;
	obj = json_object_new_object();
	if (!obj ||
	    add(obj, "name", jstr(f->peer->name)) < 0 ||
	    add(obj, "ns", json_object_new_int64((int64_t)f->peer_ns->ino)) < 0 ||
	    add(obj, "container", f->peer_ns->container ?
		container_json(f->peer_ns->container) : NULL) < 0) {
		json_object_put(obj);
		return NULL;
	}
	return obj;
}

static struct json_object *iface_json(const struct nsi_netinfo *ni,
				      const struct nsi_netif *f)
{
	struct json_object *obj = json_object_new_object(), *addrs;
	const struct nsi_netif *mf = nsi_netinfo_find_if(ni, f->master);
	const char *master = mf ? mf->name : NULL;
	size_t i;

	addrs = json_object_new_array_ext((int)f->naddrs);
	for (i = 0; addrs && i < f->naddrs; i++) {
		char buf[INET6_ADDRSTRLEN + 8];

		snprintf(buf, sizeof(buf), "%s/%u", f->addrs[i].addr,
			 f->addrs[i].prefixlen);
		if (json_object_array_add(addrs, jstr(buf))) {
			json_object_put(addrs);
			addrs = NULL;
		}
	}
	if (!obj || !addrs) {
		json_object_put(addrs);
		json_object_put(obj);
		return NULL;
	}
	if (add(obj, "name", jstr(f->name)) < 0 ||
	    add(obj, "ifindex", json_object_new_int(f->ifindex)) < 0 ||
	    add(obj, "kind", jstr(f->kind)) < 0 ||
	    add(obj, "operstate", jstr(f->operstate)) < 0 ||
	    add(obj, "mac", str_or_null(*f->mac ? f->mac : NULL)) < 0 ||
	    add(obj, "addresses", addrs) < 0 ||
	    add(obj, "master", str_or_null(master)) < 0 ||
	    add(obj, "peer", peer_json(f)) < 0) {
		json_object_put(obj);
		return NULL;
	}
	return obj;
}

/* "interfaces", "firewall_rules" and "firewall" of a network namespace. */
static int add_net_detail(struct json_object *row, const struct nsi_ns *ns)
{
	const struct nsi_netinfo *ni = ns->net;
	struct json_object *arr;
	size_t i;

	arr = json_object_new_array_ext(ni ? (int)ni->nifs : 0);
	if (!arr)
		return -ENOMEM;
	for (i = 0; ni && i < ni->nifs; i++) {
		struct json_object *f = iface_json(ni, &ni->ifs[i]);

		if (!f || json_object_array_add(arr, f) < 0) {
			json_object_put(f);
			json_object_put(arr);
			return -ENOMEM;
		}
	}
	if (add(row, "interfaces", arr) < 0 ||
	    add(row, "firewall_rules", ni && ni->fw_rules >= 0 ?
		json_object_new_int64(ni->fw_rules) : NULL) < 0 ||
	    add(row, "firewall", str_or_null(ni ? ni->fw_backend : NULL)) < 0)
		return -ENOMEM;
	return 0;
}

/*
 * Write the rows one at a time, each made, printed and freed: the
 * output of 10,000 processes never exists twice in memory (json-c
 * objects, then their text).  json-c writes every row; the frame around
 * them is two fixed lines, and each row's lines are indented to the depth
 * where they stand, as json-c's own pretty printer would put them.
 */
/* The "unreadable" object, or NULL when everything was read. */
static struct json_object *unreadable_json(const struct nsi_unreadable *u)
{
	struct json_object *obj;

	if (!u->namespaces && !u->open_files && !u->status && !u->threads &&
	    !u->id_maps && !u->hidepid && !u->not_nsfs)
		return NULL;
	obj = json_object_new_object();
	if (!obj ||
	    add(obj, "namespaces", json_object_new_int64((int64_t)u->namespaces)) < 0 ||
	    add(obj, "open_files", json_object_new_int64((int64_t)u->open_files)) < 0 ||
	    add(obj, "status", json_object_new_int64((int64_t)u->status)) < 0 ||
	    add(obj, "threads", json_object_new_int64((int64_t)u->threads)) < 0 ||
	    add(obj, "id_maps", json_object_new_int64((int64_t)u->id_maps)) < 0 ||
	    add(obj, "reason", u->err ? jstr(strerror(u->err)) :
		NULL) < 0 ||
	    add(obj, "hidepid", u->hidepid ? jstr(u->hidepid) : NULL) < 0 ||
	    add(obj, "hidden_tasks", u->hidepid && u->hidden_tasks >= 0 ?
		json_object_new_int64(u->hidden_tasks) : NULL) < 0 ||
	    add(obj, "not_nsfs", json_object_new_int64((int64_t)u->not_nsfs)) < 0) {
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
	    add(obj, "holders", json_object_new_int64((int64_t)om->holders)) < 0 ||
	    add(obj, "namespaces",
		json_object_new_int64((int64_t)om->namespaces)) < 0 ||
	    add(obj, "limit_per_namespace",
		json_object_new_int64(NSI_NS_HOLDERS_MAX)) < 0 ||
	    add(obj, "command_lines",
		json_object_new_int64((int64_t)om->command_lines)) < 0 ||
	    add(obj, "command_line_budget",
		json_object_new_int64((int64_t)om->command_line_budget)) < 0) {
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
		if (o->net_detail && add_net_detail(row, o->rows[r]) < 0) {
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
		for (; (nl = strchr(text, '\n')); text = nl + 1)
			fprintf(out, "    %.*s\n", (int)(nl - text), text);
		fprintf(out, "    %s", text);
		json_object_put(row);
		if (ferror(out))
			return -errno;
	}
	if (fputs(r ? "\n  ]" : "]", out) < 0)
		return -errno;
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
	if (add(top, o->json_key, arr) < 0)
		goto out;
	unr = unreadable_json(&o->unreadable);
	if (unr && add(top, "unreadable", unr) < 0)
		goto out;
	unr = omitted_json(&o->omitted);
	if (unr && add(top, "omitted", unr) < 0)
		goto out;
	objs = calloc(o->nrows + 1, sizeof(*objs));
	if (!objs)
		goto out;
	for (r = 0; r < o->nrows; r++) {
		struct json_object *row = row_json(o, o->rows[r]), *into = arr;

		if (!row)
			goto out;
		if (o->net_detail && add_net_detail(row, o->rows[r]) < 0) {
			json_object_put(row);
			goto out;
		}
		/* a tree: rows come after their parent, nest them there */
		if (o->parent && o->parent[r] >= 0) {
			struct json_object *up = objs[o->parent[r]];

			if (!json_object_object_get_ex(up, "children", &into)) {
				into = json_object_new_array();
				if (add(up, "children", into) < 0) {
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
	rc = print_json(out, top);
out:
	free(objs);
	json_object_put(top);
	return rc;
}

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
		c = container_json(ns->containers[i]);
		if (!c || json_object_array_add(arr, c) < 0) {
			json_object_put(c);
			json_object_put(arr);
			return -ENOMEM;
		}
	}
	return add(obj, "shared_with_containers", arr);
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
		if (add(caps, sets[i].key,
			st->cap_known & (1u << sets[i].set) ?
			capnames_json(st->cap[sets[i].set]) : NULL) < 0)
			return -ENOMEM;
	if (add(caps, "full", json_object_new_boolean(r->full)) < 0 ||
	    add(caps, "regains", capnames_json(r->reach & ~r->now)) < 0 ||
	    add(caps, "could_gain", capnames_json(r->gain)) < 0 ||
	    add(caps, "inside_own_userns", r->host == 0 ?
		capnames_json(r->escape) : NULL) < 0)
		return -ENOMEM;
	return 0;
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
		if (add(n, "type", jstr(nsi_ns_type_name(t))) ||
		    add(n, "ns", json_object_new_int64((int64_t)a->ns[t]->ino)) ||
		    add(n, "shared_with_host", a->shared[t] < 0 ? NULL :
			json_object_new_boolean(a->shared[t])) ||
		    add_others(n, a->ns[t], p->container) < 0)
			goto fail;
	}
	if (caps && (add(caps, "added", a->caps_default.known ?
			 capnames_json(a->added) : NULL) < 0 ||
		     add(caps, "dropped", a->caps_default.known ?
			 capnames_json(a->dropped) : NULL) < 0 ||
		     add(caps, "default_caps", a->caps_default.known ?
			 jstr(a->caps_default.name) : NULL) < 0 ||
		     add(caps, "dangerous", capnames_json(a->dangerous)) < 0))
		goto fail;
	if (caps && a->risk.known && audit_risk_json(caps, a) < 0)
		goto fail;
	if (add(obj, "pid", json_object_new_int(p->pid)) < 0 ||
	    add(obj, "tid", p->tid ? json_object_new_int(p->tid) : NULL) < 0 ||
	    add(obj, "command", str_or_null(p->cmdline ? p->cmdline :
					    p->comm)) < 0 ||
	    add(obj, "container", p->container ?
		container_json(p->container) : NULL) < 0)
		goto fail;
	if (add(obj, "namespaces", nss) < 0) {
		nss = NULL;
		goto fail;
	}
	nss = NULL;
	if (add(obj, "capabilities", caps) < 0) {
		caps = NULL;
		goto fail;
	}
	caps = NULL;
	if (add(obj, "uid", st && st->have_euid ?
		json_object_new_int64(st->ruid) : NULL) < 0 ||
	    add(obj, "euid", st && st->have_euid ?
		json_object_new_int64(st->euid) : NULL) < 0 ||
	    add(obj, "userns", p->ns[NSI_NS_USER] ?
		json_object_new_int64((int64_t)p->ns[NSI_NS_USER]) : NULL) < 0 ||
	    add(obj, "initial_userns", p->userns_initial < 0 ? NULL :
		json_object_new_boolean(p->userns_initial)) < 0)
		goto fail;
	if (add(obj, "no_new_privs", st && st->no_new_privs >= 0 ?
		json_object_new_boolean(st->no_new_privs) : NULL) < 0 ||
	    add(obj, "seccomp", str_or_null(st ? nsi_seccomp_name(st->seccomp) :
					    NULL)) < 0)
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
	if (add(top, "audit", arr) < 0)
		goto out;
	for (i = 0; i < n; i++) {
		struct json_object *row = audit_json(&a[i]);

		if (!row || json_object_array_add(arr, row) < 0) {
			json_object_put(row);
			goto out;
		}
	}
	rc = print_json(out, top);
out:
	json_object_put(top);
	return rc;
}
