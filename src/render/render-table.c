/*
 * render-table.c - tables through libsmartcols, the library behind
 * lsns(8).  With render-table-fit.c (the widths and the marks of cut
 * values) and render-audit.c (--audit as text), the only files that
 * include <libsmartcols.h>.
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

/*
 * Tables are printed with libsmartcols's own encoding off
 * (scols_table_enable_noencoding()): every cell is text that
 * nsi_table_shown() made safe, by the policy of textsafe.h, for the
 * terminal's locale.  That encoding would escape the backslash of our
 * \xNN a second time, and it lets bidirectional and zero-width
 * characters through in a UTF-8 locale.  Never give libsmartcols a
 * string that did not go through nsi_table_shown() or join_items(): with
 * the encoding off, a byte sequence that is invalid in the locale makes
 * it loop.  Raw output keeps libsmartcols's raw encoding (every byte but
 * printable ASCII as \xNN, the text reads back exact), so there
 * nsi_table_shown() leaves the text as it is.
 */
char *nsi_table_shown(const char *s, int raw)
{
	return raw ? strdup(s) : nsi_text_escape(s, NSI_TEXT_LOCALE);
}

char *nsi_table_take_shown(char *s, int raw)
{
	char *t;

	if (!s || raw)
		return s;
	t = nsi_table_shown(s, raw);
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
		if (c->str && !(*text = nsi_table_shown(c->str, raw)))
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

struct libscols_column *nsi_table_new_column(struct libscols_table *tb,
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
		if (!nsi_table_new_column(tb, col->name, col->whint, fl, !o->nowrap &&
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
	cl = nsi_table_new_column(tb, "VALUE", 0, SCOLS_FL_WRAP, 0);
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

int nsi_table_set_text(struct libscols_line *ln, size_t col, char *text)
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
	return s ? nsi_table_set_text(ln, col,
				      nsi_table_shown(s, scols_table_is_raw(tb)))
		 : 0;
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
	if (nsi_table_set_text(ln, DCOL_ADDRESSES, join_items(addrs, n, nowrap)) < 0)
		goto out;
	errno = 0;
	peer = nsi_table_take_shown(nsi_netif_peer_text(f), scols_table_is_raw(tb));
	if (peer)
		rc = nsi_table_set_text(ln, DCOL_PEER, peer);
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
		if (!nsi_table_new_column(tb, cols[i].name, cols[i].whint,
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
		rc = nsi_table_set_text(ln, DCOL_NAME, nsi_table_take_shown(nsi_ns_label(ns),
							o->raw));
		if (rc == 0 && asprintf(&text, "%llu",
					(unsigned long long)ns->ino) >= 0)
			rc = nsi_table_set_text(ln, DCOL_NS, text);
		if (rc == 0)
			rc = scols_line_set_data(ln, DCOL_KIND, "netns");
		if (rc == 0 && ni && ni->fw_rules >= 0 &&
		    asprintf(&text, "%ld", ni->fw_rules) >= 0)
			rc = nsi_table_set_text(ln, DCOL_RULES, text);
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
	scols_table_enable_noencoding(tb, !o->raw);	/* see nsi_table_shown() */
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
