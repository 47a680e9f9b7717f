/*
 * tui-rows.c - the live view's rows, kept across refreshes by key.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "grow.h"
#include "tui-rows.h"

void nsi_tui_rows_init(struct nsi_tui_rows *t, int ncols)
{
	memset(t, 0, sizeof(*t));
	t->ncols = ncols > NSI_TUI_MAX_COLS ? NSI_TUI_MAX_COLS : ncols;
	t->sort_col = -1;
}

static void row_free(struct nsi_tui_row *r, int ncols)
{
	int c;

	for (c = 0; c < ncols; c++)
		free(r->text[c]);
	free(r);
}

void nsi_tui_rows_release(struct nsi_tui_rows *t)
{
	size_t i;

	for (i = 0; i < t->nrows; i++)
		row_free(t->rows[i], t->ncols);
	free(t->rows);
	free(t->visible);
	free(t->filter);
	nsi_hmap_release(&t->map);
	nsi_tui_rows_init(t, t->ncols);
}

void nsi_tui_rows_begin(struct nsi_tui_rows *t)
{
	t->gen++;
}

struct nsi_tui_row *nsi_tui_rows_get(const struct nsi_tui_rows *t,
				     uint64_t key)
{
	return nsi_hmap_get(&t->map, nsi_hkey_u64(key));
}

int nsi_tui_rows_put(struct nsi_tui_rows *t, uint64_t key,
		     const char *const *text, const int64_t *num,
		     unsigned int flags)
{
	struct nsi_tui_row *r = nsi_tui_rows_get(t, key);
	char *copy[NSI_TUI_MAX_COLS] = { NULL };
	int c;

	/* copy only what changed: most rows are the same at each refresh */
	for (c = 0; c < t->ncols; c++) {
		if (r && (r->text[c] == text[c] || (r->text[c] && text[c] &&
		    strcmp(r->text[c], text[c]) == 0))) {
			copy[c] = r->text[c];
			r->text[c] = NULL;
			continue;
		}
		if (text[c] && !(copy[c] = strdup(text[c]))) {
			while (c--) {
				if (r && !r->text[c]) {
					r->text[c] = copy[c];	/* give back */
					continue;
				}
				free(copy[c]);
			}
			return -ENOMEM;
		}
	}
	if (!r) {
		if (nsi_grow(&t->rows, &t->alloc, t->nrows + 1,
			     sizeof(*t->rows)) < 0)
			goto nomem;
		r = calloc(1, sizeof(*r));
		if (!r)
			goto nomem;
		if (nsi_hmap_add(&t->map, nsi_hkey_u64(key), r) < 0) {
			free(r);
			goto nomem;
		}
		r->key = key;
		/* the first refresh shows a screen, not a list of news */
		r->state = t->gen > 1 ? NSI_TUI_ROW_NEW : NSI_TUI_ROW_LIVE;
		t->rows[t->nrows++] = r;
	} else {
		/* back after it was gone: new again; else it stays */
		r->state = r->state == NSI_TUI_ROW_GONE ? NSI_TUI_ROW_NEW :
			NSI_TUI_ROW_LIVE;
	}
	for (c = 0; c < t->ncols; c++) {
		free(r->text[c]);
		r->text[c] = copy[c];
		r->num[c] = num ? num[c] : INT64_MIN;
	}
	r->flags = flags;
	r->seen = t->gen;
	return 0;
nomem:
	for (c = 0; c < t->ncols; c++)
		free(copy[c]);
	return -ENOMEM;
}

int nsi_tui_rows_sweep(struct nsi_tui_rows *t)
{
	size_t i, n = 0;

	for (i = 0; i < t->nrows; i++) {
		struct nsi_tui_row *r = t->rows[i];

		if (r->seen != t->gen) {
			if (r->state == NSI_TUI_ROW_GONE) {
				/* shown gone once already: remove it */
				nsi_hmap_del(&t->map, nsi_hkey_u64(r->key));
				row_free(r, t->ncols);
				continue;
			}
			r->state = NSI_TUI_ROW_GONE;
		}
		t->rows[n++] = r;
	}
	t->nrows = n;
	return 0;
}

int nsi_tui_rows_set_filter(struct nsi_tui_rows *t, const char *text)
{
	char *f = NULL, *p;

	if (text && *text) {
		f = strdup(text);
		if (!f)
			return -ENOMEM;
		for (p = f; *p; p++)
			*p = (char)tolower((unsigned char)*p);
	}
	free(t->filter);
	t->filter = f;
	return 0;
}

static int row_matches(const struct nsi_tui_rows *t,
		       const struct nsi_tui_row *r)
{
	int c;

	if (!t->filter)
		return 1;
	for (c = 0; c < t->ncols; c++)
		if (r->text[c] && strcasestr(r->text[c], t->filter))
			return 1;
	return 0;
}

static int cmp_rows(const void *a, const void *b, void *arg)
{
	const struct nsi_tui_rows *t = arg;
	const struct nsi_tui_row *x = t->rows[*(const size_t *)a];
	const struct nsi_tui_row *y = t->rows[*(const size_t *)b];
	int c = t->sort_col, d = 0;

	if (c >= 0 && c < t->ncols) {
		if (x->num[c] != INT64_MIN && y->num[c] != INT64_MIN)
			d = (x->num[c] > y->num[c]) - (x->num[c] < y->num[c]);
		else
			d = strcoll(x->text[c] ? x->text[c] : "",
				    y->text[c] ? y->text[c] : "");
	}
	if (!d)
		d = (x->key > y->key) - (x->key < y->key);
	return t->reverse ? -d : d;
}

int nsi_tui_rows_view(struct nsi_tui_rows *t,
		      int (*keep)(const struct nsi_tui_row *row, void *arg),
		      void *arg)
{
	size_t i, n = 0, *v;

	if (nsi_grow(&t->visible, &t->visible_alloc, t->nrows + 1,
		     sizeof(*t->visible)) < 0)
		return -ENOMEM;
	v = t->visible;
	for (i = 0; i < t->nrows; i++)
		if (row_matches(t, t->rows[i]) &&
		    (!keep || keep(t->rows[i], arg)))
			v[n++] = i;
	qsort_r(v, n, sizeof(*v), cmp_rows, t);
	t->nvisible = n;
	return 0;
}

long nsi_tui_rows_find(const struct nsi_tui_rows *t, uint64_t key)
{
	size_t i;

	for (i = 0; i < t->nvisible; i++)
		if (t->rows[t->visible[i]]->key == key)
			return (long)i;
	return -1;
}
