/*
 * render-table.c - tables through libsmartcols, the library behind
 * lsns(8).  The only file that includes <libsmartcols.h>.
 */
#include "config.h"

#include <errno.h>
#include <libsmartcols.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "caps.h"
#include "render.h"

/* Join @n strings with @sep into a malloc'd string. */
static char *join(char *const *v, size_t n, const char *sep)
{
	size_t len = 1, i;
	char *out, *p;

	for (i = 0; i < n; i++)
		len += strlen(v[i]) + strlen(sep);
	out = p = malloc(len);
	if (!out)
		return NULL;
	*p = '\0';
	for (i = 0; i < n; i++)
		p += sprintf(p, "%s%s", i ? sep : "", v[i]);
	return out;
}

/*
 * The text of a cell, malloc'd (libsmartcols takes it with
 * scols_line_refer_data()), or NULL for an empty cell.  Returns -ENOMEM.
 */
static int cell_text(const struct nsi_cell *c, char **text)
{
	size_t i;
	char *p;

	*text = NULL;
	switch (c->kind) {
	case NSI_CELL_NONE:
	case NSI_CELL_STR:
		if (c->str && !(*text = strdup(c->str)))
			return -ENOMEM;
		return 0;
	case NSI_CELL_NUM:
		return asprintf(text, "%lld", c->num) < 0 ? -ENOMEM : 0;
	case NSI_CELL_BOOL:
		return (*text = strdup(c->num ? "1" : "0")) ? 0 : -ENOMEM;
	case NSI_CELL_STRV:
		/* one mount point per line, as lsns(8) shows NSFS */
		return (*text = join(c->strv, c->nv, "\n")) ? 0 : -ENOMEM;
	case NSI_CELL_NUMV:
		p = *text = malloc(c->nv * 21 + 1);
		if (!p)
			return -ENOMEM;
		*p = '\0';
		for (i = 0; i < c->nv; i++)
			p += sprintf(p, "%s%lld", i ? " " : "", c->numv[i]);
		return 0;
	case NSI_CELL_CAPSET:
		return (*text = nsi_cap_list(c->mask, ",")) ? 0 : -ENOMEM;
	}
	return 0;
}

static int add_columns(struct libscols_table *tb, const struct nsi_output *o)
{
	const struct nsi_column *cols;
	size_t n, i;

	cols = nsi_columns(o->view, &n);
	for (i = 0; i < o->ncols; i++) {
		const struct nsi_column *col = &cols[o->cols[i]];
		struct libscols_column *cl;
		int fl = 0;

		if (col->flags & NSI_COL_RIGHT)
			fl |= SCOLS_FL_RIGHT;
		if (col->flags & NSI_COL_TRUNC)
			fl |= SCOLS_FL_TRUNC;
		if (col->flags & NSI_COL_WRAP)
			fl |= SCOLS_FL_WRAP;
		cl = scols_table_new_column(tb, col->name, col->whint, fl);
		if (!cl)
			return -ENOMEM;
		if (col->kind == NSI_CELL_STRV)
			scols_column_set_wrapfunc(cl, scols_wrapnl_chunksize,
						  scols_wrapnl_nextchunk, NULL);
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
	int rc;

	cols = nsi_columns(o->view, &n);
	if (!scols_table_new_column(tb, "FIELD", 0, 0))
		return -ENOMEM;
	cl = scols_table_new_column(tb, "VALUE", 0, SCOLS_FL_WRAP);
	if (!cl)
		return -ENOMEM;
	scols_table_enable_noheadings(tb, 1);
	for (r = 0; r < o->nrows; r++) {
		struct libscols_line *ln;

		if (r && !scols_table_new_line(tb, NULL))
			return -ENOMEM;		/* a blank line between rows */
		for (i = 0; i < o->ncols; i++) {
			char *text = NULL;
			struct nsi_cell c;

			ln = scols_table_new_line(tb, NULL);
			if (!ln || scols_line_set_data(ln, 0,
					cols[o->cols[i]].name) < 0)
				return -ENOMEM;
			rc = nsi_cell_get(o->view, o->rows[r], o->cols[i], &c);
			if (rc == 0)
				rc = cell_text(&c, &text);
			nsi_cell_release(&c);
			if (rc < 0)
				return rc;
			if (text && scols_line_refer_data(ln, 1, text) < 0) {
				free(text);
				return -ENOMEM;
			}
		}
	}
	return 0;
}

int nsi_render_table(FILE *out, const struct nsi_output *o)
{
	struct libscols_table *tb;
	size_t r, i;
	int rc = -ENOMEM;

	tb = scols_new_table();
	if (!tb)
		return -ENOMEM;
	scols_table_set_stream(tb, out);
	scols_table_enable_raw(tb, o->raw);
	scols_table_enable_noheadings(tb, o->noheadings);
	if (o->vertical) {
		rc = render_vertical(tb, o);
		if (rc == 0)
			rc = scols_print_table(tb);
		goto out;
	}
	if (add_columns(tb, o) < 0)
		goto out;

	for (r = 0; r < o->nrows; r++) {
		struct libscols_line *ln = scols_table_new_line(tb, NULL);

		if (!ln)
			goto out;
		for (i = 0; i < o->ncols; i++) {
			struct nsi_cell c;
			char *text = NULL;

			rc = nsi_cell_get(o->view, o->rows[r], o->cols[i], &c);
			if (rc == 0)
				rc = cell_text(&c, &text);
			nsi_cell_release(&c);
			if (rc < 0)
				goto out;
			if (text && scols_line_refer_data(ln, i, text) < 0) {
				free(text);
				rc = -ENOMEM;
				goto out;
			}
		}
	}
	rc = scols_print_table(tb);
out:
	scols_unref_table(tb);
	return rc;
}
