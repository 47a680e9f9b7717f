/*
 * render-diff.c - the changes of --diff as text lines like diff(1)'s
 * (render-diff.h).  Every name, command and path from the inspected
 * system goes through textsafe.h.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "caps.h"
#include "render-diff.h"
#include "textsafe.h"

/* Write untrusted @s escaped (NULL as "?"). */
static int put_safe(FILE *out, const char *s)
{
	char *e = nsi_text_escape(s ? s : "?", NSI_TEXT_LOCALE);
	int rc;

	if (!e)
		return -ENOMEM;
	rc = fputs(e, out) < 0 ? -1 : 0;
	free(e);
	return rc;
}

/* "container NAME (RUNTIME SHORT_ID[, user UID][, image IMAGE])" */
static int put_container(FILE *out, const struct nsi_container *c, int full)
{
	if (fputs("container ", out) < 0 ||
	    put_safe(out, nsi_container_label(c)) < 0)
		return -1;
	if (!full)
		return 0;
	/* the ID is the cgroup's or the file's: any bytes */
	if (fprintf(out, " (%s ", c->runtime) < 0 ||
	    put_safe(out, c->short_id) < 0)
		return -1;
	/* a rootless user's is another than the system's of its ID */
	if (c->rootless && fprintf(out, ", user %u",
				   (unsigned int)c->owner_uid) < 0)
		return -1;
	if (c->image && (fputs(", image ", out) < 0 ||
			 put_safe(out, c->image) < 0))
		return -1;
	return fputc(')', out) < 0 ? -1 : 0;
}

/* "pid P (COMM)", or "pid P COMM" inside parentheses (@bare) */
static int put_proc(FILE *out, const struct nsi_change *c, int bare)
{
	if (fprintf(out, bare ? "pid %d " : "pid %d (",
		    c->proc ? (int)c->proc->pid : 0) < 0 ||
	    put_safe(out, c->comm) < 0)
		return -1;
	return bare || fputc(')', out) >= 0 ? 0 : -1;
}

/* "TYPE INODE (what holds it)" */
static int put_ns(FILE *out, const struct nsi_change *c)
{
	if (fprintf(out, "%s %lu (", nsi_ns_type_name(c->type),
		    (unsigned long)c->ino) < 0)
		return -1;
	if (c->container) {
		if (put_container(out, c->container, 0) < 0)
			return -1;
	} else if (c->ns && c->ns->nnsfs) {
		if (put_safe(out, c->ns->nsfs[0]) < 0)
			return -1;
	} else if (c->proc) {
		if (put_proc(out, c, 1) < 0)
			return -1;
	} else if (fputs("no process", out) < 0) {
		return -1;
	}
	return fputc(')', out) < 0 ? -1 : 0;
}

/* "net,uts" or "none" */
static int put_types(FILE *out, unsigned int mask)
{
	const char *sep = "";
	int t;

	if (!mask)
		return fputs("none", out) < 0 ? -1 : 0;
	for (t = 0; t < NSI_NS_NTYPES; t++)
		if (mask & (1u << t)) {
			if (fprintf(out, "%s%s", sep,
				    nsi_ns_type_name((enum nsi_ns_type)t)) < 0)
				return -1;
			sep = ",";
		}
	return 0;
}

/* ": effective +cap_a,cap_b -cap_c; bounding ..." */
static int put_caps(FILE *out, const struct nsi_change *c)
{
	const char *sep = ": ";
	int s, rc = 0;

	for (s = 0; s < NSI_CAP_NSETS && rc == 0; s++) {
		uint64_t added = c->cap_new[s] & ~c->cap_old[s];
		uint64_t removed = c->cap_old[s] & ~c->cap_new[s];
		char *a, *r;

		if (!(c->cap_changed & (1u << s)))
			continue;
		a = nsi_cap_list(added, ",");
		r = nsi_cap_list(removed, ",");
		if (!a || !r)
			rc = -ENOMEM;
		else if (fprintf(out, "%s%s%s%s%s%s", sep, nsi_cap_set_name(s),
				 added ? " +" : "", a, removed ? " -" : "",
				 r) < 0)
			rc = -1;
		free(a);
		free(r);
		sep = "; ";
	}
	return rc;
}

/* The part of a line after its sign. */
static int put_change(FILE *out, const struct nsi_change *c)
{
	switch (c->kind) {
	case NSI_CHANGE_CONTAINER_STARTED:
	case NSI_CHANGE_CONTAINER_STOPPED:
		return put_container(out, c->container, 1);
	case NSI_CHANGE_CONTAINER_HOST_NS:
		if (put_container(out, c->container, 0) < 0 ||
		    fputs(": shares with the host: ", out) < 0 ||
		    put_types(out, c->host_old) < 0 || fputs(" -> ", out) < 0)
			return -1;
		return put_types(out, c->host_new);
	case NSI_CHANGE_CONTAINER_CAPS:
		if (put_container(out, c->container, 0) < 0)
			return -1;
		return put_caps(out, c);
	case NSI_CHANGE_COMMAND_CAPS:
		if (fputs("command ", out) < 0 || put_safe(out, c->comm) < 0)
			return -1;
		return put_caps(out, c);
	case NSI_CHANGE_PROC_CAPS:
		if (put_proc(out, c, 0) < 0)
			return -1;
		return put_caps(out, c);
	case NSI_CHANGE_PROC_ENTERED:
	case NSI_CHANGE_PROC_LEFT:
		if (put_proc(out, c, 0) < 0)
			return -1;
		return fprintf(out, " %s %lu", nsi_ns_type_name(c->type),
			       (unsigned long)c->ino) < 0 ? -1 : 0;
	default:	/* the namespace kinds */
		return put_ns(out, c);
	}
}

static char sign_of(enum nsi_change_kind kind)
{
	switch (kind) {
	case NSI_CHANGE_CONTAINER_STARTED:
	case NSI_CHANGE_NS_CREATED:
		return '+';
	case NSI_CHANGE_CONTAINER_STOPPED:
	case NSI_CHANGE_NS_GONE:
		return '-';
	case NSI_CHANGE_PROC_ENTERED:
		return '>';
	case NSI_CHANGE_PROC_LEFT:
		return '<';
	default:
		return '~';
	}
}

int nsi_render_diff_text(FILE *out, const struct nsi_diff *d)
{
	size_t i;
	int rc;

	for (i = 0; i < d->n; i++) {
		if (fprintf(out, "%c ", sign_of(d->ch[i].kind)) < 0)
			return -errno;
		rc = put_change(out, &d->ch[i]);
		if (rc == -ENOMEM)
			return rc;
		if (rc < 0 || fputc('\n', out) < 0)
			return -errno;
	}
	return 0;
}
