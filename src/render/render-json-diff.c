/*
 * render-json-diff.c - the changes of --diff as one JSON document and
 * of --watch as one JSON object per line (render-diff.h), through
 * json-c.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "render-diff.h"
#include "render-json.h"

/* ["net", "uts"] */
static struct json_object *jtypes(unsigned int mask)
{
	const char *names[NSI_NS_NTYPES];
	size_t n = 0;
	int t;

	for (t = 0; t < NSI_NS_NTYPES; t++)
		if (mask & (1u << t))
			names[n++] = nsi_ns_type_name((enum nsi_ns_type)t);
	return nsi_jstrings(names, n);
}

/* {"effective": {"added": [...], "removed": [...]}, ...} */
static struct json_object *jsets(const struct nsi_change *c)
{
	struct json_object *sets = json_object_new_object();
	int s;

	for (s = 0; sets && s < NSI_CAP_NSETS; s++) {
		struct json_object *one;

		if (!(c->cap_changed & (1u << s)))
			continue;
		one = json_object_new_object();
		if (!one || nsi_jadd(one, "added",
			nsi_jcapnames(c->cap_new[s] & ~c->cap_old[s])) < 0 ||
		    nsi_jadd(one, "removed",
			nsi_jcapnames(c->cap_old[s] & ~c->cap_new[s])) < 0 ||
		    nsi_jadd(sets, nsi_cap_set_name(s), one) < 0) {
			json_object_put(one);
			json_object_put(sets);
			return NULL;
		}
	}
	return sets;
}

/* The keys of the kind of @c. */
static int add_kind_keys(struct json_object *o, const struct nsi_change *c)
{
	struct json_object *v;
	int rc = 0;

	switch (c->kind) {
	case NSI_CHANGE_CONTAINER_HOST_NS:
		v = json_object_new_object();
		if (!v || nsi_jadd(v, "old", jtypes(c->host_old)) < 0 ||
		    nsi_jadd(v, "new", jtypes(c->host_new)) < 0) {
			json_object_put(v);
			return -ENOMEM;
		}
		return nsi_jadd(o, "shared_with_host", v);
	case NSI_CHANGE_CONTAINER_CAPS:
	case NSI_CHANGE_COMMAND_CAPS:
	case NSI_CHANGE_PROC_CAPS:
		return nsi_jadd(o, "sets", jsets(c));
	case NSI_CHANGE_NS_CREATED:
	case NSI_CHANGE_NS_GONE:
		if (c->ns && c->ns->nnsfs)
			rc = nsi_jadd(o, "nsfs", nsi_jstrings(
				(const char *const *)c->ns->nsfs, c->ns->nnsfs));
		/* fall through */
	case NSI_CHANGE_PROC_ENTERED:
	case NSI_CHANGE_PROC_LEFT:
		if (rc == 0)
			rc = nsi_jadd(o, "type", json_object_new_string(
				nsi_ns_type_name(c->type)));
		if (rc == 0)
			rc = nsi_jadd(o, "inode", json_object_new_uint64(
				(uint64_t)c->ino));
		return rc;
	default:
		return 0;
	}
}

/* The object of one change, "time" only with @when. */
static struct json_object *jchange(const struct nsi_change *c,
				   const char *key, const char *when)
{
	const struct nsi_container *k = c->container;
	struct json_object *o = json_object_new_object();

	if (!o)
		return NULL;
	if (nsi_jadd(o, key, json_object_new_string(
			nsi_change_kind_name(c->kind))) < 0 ||
	    (when && nsi_jadd(o, "time", json_object_new_string(when)) < 0) ||
	    add_kind_keys(o, c) < 0 ||
	    nsi_jadd(o, "pid", c->proc ?
		     json_object_new_int(c->proc->pid) : NULL) < 0 ||
	    nsi_jadd(o, "comm", nsi_jstr_or_null(c->comm)) < 0 ||
	    nsi_jadd(o, "container",
		     k ? nsi_jstr(nsi_container_label(k)) : NULL) < 0 ||
	    nsi_jadd(o, "container_id", k ? nsi_jstr(k->id) : NULL) < 0 ||
	    nsi_jadd(o, "runtime",
		     k ? json_object_new_string(k->runtime) : NULL) < 0 ||
	    /* a rootless user's is another than the system's of its ID */
	    nsi_jadd(o, "owner_uid", k && k->rootless ?
		     json_object_new_int64(k->owner_uid) : NULL) < 0 ||
	    ((c->kind == NSI_CHANGE_CONTAINER_STARTED ||
	      c->kind == NSI_CHANGE_CONTAINER_STOPPED) &&
	     nsi_jadd(o, "image", nsi_jstr_or_null(k->image)) < 0)) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

/* {"file", "hostname", "kernel", "time"} of one side of --diff */
static struct json_object *jside(const char *file,
				 const struct nsi_snapshot_meta *meta)
{
	struct json_object *o = json_object_new_object();

	if (!o || nsi_jadd(o, "file", nsi_jstr_or_null(file)) < 0 ||
	    nsi_jadd(o, "hostname", nsi_jstr(meta->hostname)) < 0 ||
	    nsi_jadd(o, "kernel", nsi_jstr(meta->kernel)) < 0 ||
	    nsi_jadd(o, "time", nsi_jstr(meta->time)) < 0) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

int nsi_render_diff_json(FILE *out, const struct nsi_diff *d,
			 const struct nsi_diff_input *in)
{
	struct json_object *top = json_object_new_object();
	struct json_object *arr = json_object_new_array();
	size_t i;
	int rc = -ENOMEM;

	if (!top || !arr)
		goto out;
	for (i = 0; i < d->n; i++)
		if (json_object_array_add(arr, jchange(&d->ch[i], "change",
						       NULL)) < 0)
			goto out;
	if (nsi_jadd(top, "version", json_object_new_int(1)) < 0 ||
	    (in && nsi_jadd(top, "old", jside(in->old_path,
					      &in->old_meta)) < 0) ||
	    (in && nsi_jadd(top, "new", jside(in->new_path,
					      &in->new_meta)) < 0) ||
	    nsi_jadd(top, "differ", json_object_new_boolean(d->n > 0)) < 0)
		goto out;
	rc = nsi_jadd(top, "changes", arr);
	arr = NULL;
	if (rc == 0)
		rc = nsi_jprint(out, top);
out:
	json_object_put(arr);
	json_object_put(top);
	return rc;
}

int nsi_render_event(FILE *out, const struct nsi_change *c,
		     const struct timespec *when)
{
	struct json_object *o;
	const char *text;
	char stamp[96];
	struct tm tm;
	int rc = 0;

	if (!gmtime_r(&when->tv_sec, &tm))
		return -EINVAL;
	snprintf(stamp, sizeof(stamp), "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ",
		 tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		 tm.tm_min, tm.tm_sec, (when->tv_nsec / 1000000) % 1000);
	o = jchange(c, "event", stamp);
	if (!o)
		return -ENOMEM;
	text = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
					      JSON_C_TO_STRING_NOSLASHESCAPE);
	if (!text)
		rc = -ENOMEM;
	else if (fputs(text, out) < 0 || fputc('\n', out) < 0 ||
		 fflush(out) < 0)
		rc = -errno;
	json_object_put(o);
	return rc;
}
