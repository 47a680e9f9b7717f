/*
 * render-table.c - tables through libsmartcols, the library behind
 * lsns(8).  With render-table-fit.c (the widths and the marks of cut
 * values), the only files that include <libsmartcols.h>.
 */
#include "config.h"

#include <errno.h>
#include <libsmartcols.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "caps.h"
#include "netinfo.h"
#include "render.h"
#include "render-table.h"
#include "textsafe.h"
#include "view.h"
#include "audit.h"

/*
 * Tables are printed with libsmartcols's own encoding off
 * (scols_table_enable_noencoding()): every cell is text that shown() made
 * safe, by the policy of textsafe.h, for the terminal's locale.  That
 * encoding would escape the backslash of our \xNN a second time, and it
 * lets bidirectional and zero-width characters through in a UTF-8
 * locale.  Never give libsmartcols a string that did not go through
 * shown() or join_items(): with the encoding off, a byte sequence that is
 * invalid in the locale makes it loop.  Raw output keeps libsmartcols's
 * raw encoding (every byte but printable ASCII as \xNN, the text reads
 * back exact), so there shown() leaves the text as it is.
 */
static char *shown(const char *s, int raw)
{
	return raw ? strdup(s) : nsi_text_escape(s, NSI_TEXT_LOCALE);
}

/* shown() of a malloc'd @s, which is freed; NULL stays NULL. */
static char *take_shown(char *s, int raw)
{
	char *t;

	if (!s || raw)
		return s;
	t = shown(s, raw);
	free(s);
	return t;
}

/*
 * A list, one item per line (wrapnl columns, as lsns(8) shows NSFS), or
 * with -W (@comma) on one line, the items separated by commas: each item
 * escaped, also in raw output, so that the only newlines are those
 * between items, and a newline in an item cannot make one more; with
 * commas, a comma in an item is escaped too (\x2c), so that it cannot
 * make one more either.
 */
static char *join_items(char *const *v, size_t n, int comma)
{
	size_t len = 1, i;
	char *out, *p, *item, *c;

	for (i = 0; i < n; i++)
		len += 4 * strlen(v[i]) + 1;
	out = p = malloc(len);
	if (!out)
		return NULL;
	*p = '\0';
	for (i = 0; i < n; i++) {
		item = nsi_text_escape(v[i], NSI_TEXT_LOCALE);
		if (!item) {
			free(out);
			return NULL;
		}
		if (i)
			*p++ = comma ? ',' : '\n';
		for (c = item; *c; c++) {
			if (comma && *c == ',')
				p += sprintf(p, "\\x2c");
			else
				*p++ = *c;
		}
		*p = '\0';
		free(item);
	}
	return out;
}

/*
 * The text of a cell's value, malloc'd (libsmartcols takes it with
 * scols_line_refer_data()), or NULL for an empty cell.  Returns -ENOMEM.
 */
static int value_text(const struct nsi_cell *c, const struct nsi_output *o,
		      char **text)
{
	int raw = o->raw;
	size_t i;
	char *p, **v;

	*text = NULL;
	switch (c->kind) {
	case NSI_CELL_NONE:
	case NSI_CELL_STR:
		if (c->str && !(*text = shown(c->str, raw)))
			return -ENOMEM;
		return 0;
	case NSI_CELL_NUM:
		return asprintf(text, "%lld", c->num) < 0 ? -ENOMEM : 0;
	case NSI_CELL_BOOL:
		return (*text = strdup(c->num ? "1" : "0")) ? 0 : -ENOMEM;
	case NSI_CELL_STRV:
		/* one item per line, as lsns(8) shows NSFS; each escaped */
		if (!(*text = join_items(c->strv, c->nv, o->nowrap)))
			return -ENOMEM;
		if (c->more) {	/* past the limit: said, never a silent end */
			p = *text;
			if (asprintf(text, "%s%s%zu more not recorded", p,
				     !c->nv ? "" : o->nowrap ? "," : "\n",
				     c->more) < 0)
				*text = NULL;
			free(p);
		}
		return *text ? 0 : -ENOMEM;
	case NSI_CELL_NUMV:
		p = *text = malloc(c->nv * 21 + 1);
		if (!p)
			return -ENOMEM;
		*p = '\0';
		for (i = 0; i < c->nv; i++)
			p += sprintf(p, "%s%lld", i ? " " : "", c->numv[i]);
		return 0;
	case NSI_CELL_CAPSET:
	case NSI_CELL_CAPNAMES:
		return (*text = nsi_cap_list(c->mask, ",")) ? 0 : -ENOMEM;
	case NSI_CELL_CONTAINER:	/* a list too: a name may hold ", " */
		v = nsi_containers_texts(c->containers, c->nv);
		*text = v ? join_items(v, c->nv, o->nowrap) : NULL;
		for (i = 0; v && v[i]; i++)
			free(v[i]);
		free(v);
		return *text ? 0 : -ENOMEM;
	}
	return 0;
}

/* value_text() with the cell's note after it (or alone, for no value). */
static int cell_text(const struct nsi_cell *c, const struct nsi_output *o,
		     char **text)
{
	char *v;
	int rc = value_text(c, o, text);

	if (rc < 0 || !c->note)
		return rc;
	v = *text;
	if (asprintf(text, "%s%s%s", v ? v : "", v && *v ? " " : "",
		     c->note) < 0)
		*text = NULL;
	free(v);
	return *text ? 0 : -ENOMEM;
}

/* A new column of @tb; @list: join_items() text, one item per line. */
static struct libscols_column *new_column(struct libscols_table *tb,
					  const char *name, double whint,
					  int flags, int list)
{
	struct libscols_column *cl = scols_table_new_column(tb, name, whint,
							    flags);

	if (cl && list &&
	    (scols_column_set_wrapfunc(cl, scols_wrapnl_chunksize,
				       scols_wrapnl_nextchunk, NULL) < 0 ||
	     scols_column_set_safechars(cl, "\n") < 0))
		return NULL;
	return cl;
}

/* Does a row of the process view have threads to show under it? */
static int any_thread_lines(const struct nsi_output *o)
{
	size_t r;

	for (r = 0; o->view == NSI_VIEW_PROC && r < o->nrows; r++)
		if (nsi_view_threads_shown(o->rows[r], NULL))
			return 1;
	return 0;
}

/* The column the tree is drawn in: COMMAND for --tree=process. */
static size_t tree_column(const struct nsi_output *o)
{
	size_t i;

	for (i = 0; o->tree_command && i < o->ncols; i++)
		if (o->view == NSI_VIEW_NS && o->cols[i] == NSI_NSCOL_COMMAND)
			return i;
	return 0;
}

/*
 * The columns of @o's table.  Those that may be cut (NSI_COL_TRUNC, not
 * with -u) go into @cut, the last first: nsi_table_print_fit() cuts the
 * last free-text column, and one before it only when that is not enough.
 */
static int add_columns(struct libscols_table *tb, const struct nsi_output *o,
		       size_t *cut, size_t *ncut)
{
	const struct nsi_column *cols;
	int tree = o->parent || any_thread_lines(o);
	size_t n, i, tcol = tree_column(o);

	*ncut = 0;
	cols = nsi_columns(o->view, &n);
	for (i = o->ncols; i-- > 0; )	/* a list of lines is never cut */
		if ((cols[o->cols[i]].flags & NSI_COL_TRUNC) && !o->notruncate &&
		    (o->nowrap || cols[o->cols[i]].kind != NSI_CELL_CONTAINER))
			cut[(*ncut)++] = i;
	for (i = 0; i < o->ncols; i++) {
		const struct nsi_column *col = &cols[o->cols[i]];
		int fl = 0;

		if (col->flags & NSI_COL_RIGHT)
			fl |= SCOLS_FL_RIGHT;
		if (((col->flags & NSI_COL_WRAP) ||
		     col->kind == NSI_CELL_CONTAINER) && !o->nowrap)
			fl |= SCOLS_FL_WRAP;	/* a list: one item a line */
		if (tree && i == tcol)
			fl = SCOLS_FL_TREE;
		if (!new_column(tb, col->name, col->whint, fl, !o->nowrap &&
				(col->kind == NSI_CELL_STRV ||
				 col->kind == NSI_CELL_CONTAINER)))
			return -ENOMEM;
	}
	return 0;
}

/* Put the text of column @c of @row in cell @at of @ln. */
static int put_cell(struct libscols_line *ln, size_t at,
		    const struct nsi_output *o, const void *row, size_t c)
{
	struct nsi_cell cell;
	char *text = NULL;
	int rc;

	rc = nsi_cell_get(o->view, row, o->cols[c], &cell);
	if (rc == 0)
		rc = cell_text(&cell, o, &text);
	nsi_cell_release(&cell);
	if (rc < 0)
		return rc;
	if (text && scols_line_refer_data(ln, at, text) < 0) {
		free(text);
		return -ENOMEM;
	}
	return 0;
}

/* One "FIELD  value" line per column, one block per row. */
static int render_vertical(struct libscols_table *tb,
			   const struct nsi_output *o)
{
	const struct nsi_column *cols;
	struct libscols_column *cl;
	size_t n, r, i;
	int rc = 0;

	cols = nsi_columns(o->view, &n);
	if (!scols_table_new_column(tb, "FIELD", 0, 0))
		return -ENOMEM;
	/* wrapped at the width: only --caps PID uses it, with no list */
	cl = new_column(tb, "VALUE", 0, SCOLS_FL_WRAP, 0);
	if (!cl)
		return -ENOMEM;
	scols_table_enable_noheadings(tb, 1);
	for (r = 0; r < o->nrows; r++) {
		const struct nsi_proc **threads = NULL;
		size_t nt = 0, t;

		/* a process, then its threads of their own (captree) */
		if (o->view == NSI_VIEW_PROC) {
			const struct nsi_proc *p = o->rows[r];

			threads = calloc(p->nthreads + 1, sizeof(*threads));
			if (!threads)
				return -ENOMEM;
			nt = nsi_view_threads_shown(p, threads);
		}
		for (t = 0; t <= nt; t++) {
			const void *row = t ? threads[t - 1] : o->rows[r];

			if ((r || t) && !scols_table_new_line(tb, NULL))
				rc = -ENOMEM;	/* a blank line between rows */
			for (i = 0; rc == 0 && i < o->ncols; i++) {
				struct libscols_line *ln =
					scols_table_new_line(tb, NULL);

				if (!ln || scols_line_set_data(ln, 0,
						cols[o->cols[i]].name) < 0)
					rc = -ENOMEM;
				else
					rc = put_cell(ln, 1, o, row, i);
			}
		}
		free(threads);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* Fill the cells of @ln from @row. */
static int fill_line(struct libscols_line *ln, const struct nsi_output *o,
		     const void *row)
{
	size_t i;
	int rc;

	for (i = 0; i < o->ncols; i++) {
		rc = put_cell(ln, i, o, row, i);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/*
 * The process view: under process line @up, a child line for each of
 * its threads whose capability sets are their own (captree(8)).
 */
static int thread_lines(struct libscols_table *tb, struct libscols_line *up,
			const struct nsi_output *o, const struct nsi_proc *p)
{
	const struct nsi_proc **threads;
	size_t n, i;
	int rc = 0;

	if (o->view != NSI_VIEW_PROC || !p->nthreads)
		return 0;
	threads = calloc(p->nthreads, sizeof(*threads));
	if (!threads)
		return -ENOMEM;
	n = nsi_view_threads_shown(p, threads);
	for (i = 0; rc == 0 && i < n; i++) {
		struct libscols_line *ln = scols_table_new_line(tb, up);

		rc = ln ? fill_line(ln, o, threads[i]) : -ENOMEM;
	}
	free(threads);
	return rc;
}

/* Columns of --detail: the namespace line, then one line per interface. */
enum {
	DCOL_NAME, DCOL_NS, DCOL_KIND, DCOL_STATE, DCOL_MAC, DCOL_ADDRESSES,
	DCOL_MASTER, DCOL_PEER, DCOL_RULES, DCOL_COUNT
};

static int set_text(struct libscols_line *ln, size_t col, char *text)
{
	if (!text)
		return -ENOMEM;
	if (scols_line_refer_data(ln, col, text) < 0) {
		free(text);
		return -ENOMEM;
	}
	return 0;
}

/* Cell @col of @ln shows untrusted text @s (NULL: left empty). */
static int set_shown(struct libscols_table *tb, struct libscols_line *ln,
		     size_t col, const char *s)
{
	return s ? set_text(ln, col, shown(s, scols_table_is_raw(tb))) : 0;
}

static const char *master_name(const struct nsi_netinfo *ni, int ifindex)
{
	const struct nsi_netif *f = nsi_netinfo_find_if(ni, ifindex);

	return f ? f->name : NULL;
}

static int iface_line(struct libscols_table *tb, struct libscols_line *up,
		      const struct nsi_netinfo *ni, const struct nsi_netif *f,
		      int nowrap)
{
	struct libscols_line *ln = scols_table_new_line(tb, up);
	char **addrs, *peer;
	size_t i, n = 0;
	int rc = -ENOMEM;

	if (!ln || set_shown(tb, ln, DCOL_NAME, f->name) < 0 ||
	    set_shown(tb, ln, DCOL_KIND, f->kind) < 0 ||
	    set_shown(tb, ln, DCOL_STATE, f->operstate) < 0 ||
	    (*f->mac && set_shown(tb, ln, DCOL_MAC, f->mac) < 0) ||
	    set_shown(tb, ln, DCOL_MASTER, master_name(ni, f->master)) < 0)
		return -ENOMEM;
	addrs = calloc(f->naddrs + 1, sizeof(*addrs));
	if (!addrs)
		return -ENOMEM;
	for (n = 0; n < f->naddrs; n++)
		if (asprintf(&addrs[n], "%s/%u", f->addrs[n].addr,
			     f->addrs[n].prefixlen) < 0)
			goto out;
	if (set_text(ln, DCOL_ADDRESSES, join_items(addrs, n, nowrap)) < 0)
		goto out;
	errno = 0;
	peer = take_shown(nsi_netif_peer_text(f), scols_table_is_raw(tb));
	if (peer)
		rc = set_text(ln, DCOL_PEER, peer);
	else
		rc = errno ? -ENOMEM : 0;
out:
	for (i = 0; i < n; i++)
		free(addrs[i]);
	free(addrs);
	return rc;
}

static int render_net_detail(struct libscols_table *tb,
			     const struct nsi_output *o)
{
	static const struct { const char *name; double whint; int flags; }
	cols[DCOL_COUNT] = {
		[DCOL_NAME] = { "NAME", 0, SCOLS_FL_TREE },
		[DCOL_NS] = { "NS", 10, SCOLS_FL_RIGHT },
		[DCOL_KIND] = { "KIND", 0, 0 },
		[DCOL_STATE] = { "STATE", 0, 0 },
		[DCOL_MAC] = { "MAC", 0, 0 },
		[DCOL_ADDRESSES] = { "ADDRESSES", 0, SCOLS_FL_WRAP },
		[DCOL_MASTER] = { "MASTER", 0, 0 },
		[DCOL_PEER] = { "PEER", 0, 0 },	/* the one cut, marked */
		[DCOL_RULES] = { "RULES", 0, SCOLS_FL_RIGHT },
	};
	size_t r, i;
	int rc;

	/* -W: the addresses on one line, comma-joined, as other lists */
	for (i = 0; i < DCOL_COUNT; i++)
		if (!new_column(tb, cols[i].name, cols[i].whint,
				 o->nowrap ? cols[i].flags & ~SCOLS_FL_WRAP :
				 cols[i].flags,
				 i == DCOL_ADDRESSES && !o->nowrap))
			return -ENOMEM;
	for (r = 0; r < o->nrows; r++) {
		const struct nsi_ns *ns = o->rows[r];
		const struct nsi_netinfo *ni = ns->net;
		struct libscols_line *ln = scols_table_new_line(tb, NULL);
		char *text;

		if (!ln)
			return -ENOMEM;
		rc = set_text(ln, DCOL_NAME, take_shown(nsi_ns_label(ns),
							o->raw));
		if (rc == 0 && asprintf(&text, "%llu",
					(unsigned long long)ns->ino) >= 0)
			rc = set_text(ln, DCOL_NS, text);
		if (rc == 0)
			rc = scols_line_set_data(ln, DCOL_KIND, "netns");
		if (rc == 0 && ni && ni->fw_rules >= 0 &&
		    asprintf(&text, "%ld", ni->fw_rules) >= 0)
			rc = set_text(ln, DCOL_RULES, text);
		else if (rc == 0)
			rc = scols_line_set_data(ln, DCOL_RULES, "unknown");
		if (rc < 0)
			return -ENOMEM;
		for (i = 0; ni && i < ni->nifs; i++) {
			rc = iface_line(tb, ln, ni, &ni->ifs[i], o->nowrap);
			if (rc < 0)
				return rc;
		}
	}
	return 0;
}

int nsi_render_table(FILE *out, const struct nsi_output *o)
{
	struct libscols_table *tb;
	struct libscols_line **lines = NULL;
	size_t r, cut[NSI_MAX_COLS], ncut = 0;
	int rc = -ENOMEM;

	tb = scols_new_table();
	if (!tb)
		return -ENOMEM;
	scols_table_set_stream(tb, out);
	scols_table_enable_raw(tb, o->raw);
	scols_table_enable_noencoding(tb, !o->raw);	/* see shown() */
	scols_table_enable_noheadings(tb, o->noheadings);
	if (o->vertical || o->net_detail) {
		rc = o->vertical ? render_vertical(tb, o) :
			render_net_detail(tb, o);
		cut[0] = DCOL_PEER;
		if (rc == 0)
			rc = nsi_table_print_fit(tb, cut, o->net_detail &&
						 !o->vertical && !o->notruncate);
		goto out;
	}
	if (add_columns(tb, o, cut, &ncut) < 0)
		goto out;
	lines = calloc(o->nrows + 1, sizeof(*lines));
	if (!lines)
		goto out;
	for (r = 0; r < o->nrows; r++) {
		struct libscols_line *up = NULL;

		if (o->parent && o->parent[r] >= 0)
			up = lines[o->parent[r]];
		lines[r] = scols_table_new_line(tb, up);
		if (!lines[r]) {
			rc = -ENOMEM;
			goto out;
		}
		rc = fill_line(lines[r], o, o->rows[r]);
		if (rc == 0)
			rc = thread_lines(tb, lines[r], o, o->rows[r]);
		if (rc < 0)
			goto out;
	}
	rc = nsi_table_print_fit(tb, cut, ncut);
out:
	free(lines);
	scols_unref_table(tb);
	return rc;
}

/* A FIELD / VALUE line of the audit; @value is taken (malloc'd). */
static int audit_line(struct libscols_table *tb, struct libscols_line *up,
		      const char *field, char *value)
{
	struct libscols_line *ln = scols_table_new_line(tb, up);

	if (!ln || scols_line_set_data(ln, 0, field) < 0) {
		free(value);
		return -ENOMEM;
	}
	return set_text(ln, 1, value);
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
	s = take_shown(nsi_containers_text(o, n), 0);
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
	if (audit_line(tb, NULL, "user", take_shown(v, 0)) < 0)
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
	rc = audit_line(tb, NULL, "command", shown(p->cmdline ? p->cmdline :
						   p->comm ? p->comm : "?", 0));
	if (rc == 0)
		rc = audit_line(tb, NULL, "container", p->container ?
				take_shown(nsi_container_text(p->container), 0) :
				strdup(a->pidns_initial == 1 ? "none (host)" :
				       a->pidns_initial == 0 ? "none known (not "
				       "in the host's PID namespace)" :
				       "none known"));
	if (rc == 0 && p->container && p->container->image)
		rc = audit_line(tb, NULL, "image",
				shown(p->container->image, 0));
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
	    set_text(ln, 1, a->have_caps ? audit_against(a) :
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
	scols_table_enable_noencoding(tb, 1);		/* see shown() */
	if (!scols_table_new_column(tb, "FIELD", 0, SCOLS_FL_TREE) ||
	    !new_column(tb, "VALUE", 0, SCOLS_FL_WRAP, 0))
		goto out;
	for (i = 0; i < n; i++) {
		if (i && !scols_table_new_line(tb, NULL))
			goto out;
		rc = audit_one(tb, &a[i]);
		/* where else its privileges come from: data, escaped */
		if (rc == 0 &&
		    (audit_line(tb, NULL, "lsm", take_shown(
				nsi_audit_lsm_text(a[i].proc), 0)) < 0 ||
		     audit_line(tb, NULL, "filecaps", take_shown(
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
