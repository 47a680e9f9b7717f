/*
 * tui-filter.c - which rows of the live view are visible: the text
 * filter (tui-rows.c applies it), the namespace types shown, the process
 * followed, caps only; and which one is selected, kept by key across
 * refreshes.  No curses.
 */
#include "config.h"

#include <ctype.h>
#include <stddef.h>
#include <string.h>

#include "tui-internal.h"

static int keep_ns(const struct nsi_tui_row *row, void *arg)
{
	const struct tui *t = arg;
	int type = TUI_NS_KEY_TYPE(row->key);
	const struct nsi_ns *ns;
	const struct nsi_proc *p;
	size_t i;

	if (!t->types[type])
		return 0;
	if (!t->follow)
		return 1;
	p = nsi_model_find_proc(&t->model, t->follow);
	if (!p)
		return 0;
	ns = nsi_model_get_ns((struct nsi_model *)&t->model, type,
			      TUI_NS_KEY_INO(row->key), 0);
	for (i = 0; ns && i < ns->nprocs; i++)
		if (ns->procs[i] == p)
			return 1;
	return 0;
}

static int keep_proc(const struct nsi_tui_row *row, void *arg)
{
	const struct tui *t = arg;
	const struct nsi_proc *p;

	if (t->follow && (pid_t)row->key != t->follow)
		return 0;
	if (!t->caps_only)
		return 1;
	p = nsi_model_find_proc(&t->model, (pid_t)row->key);
	return p && nsi_proc_has_caps(p);
}

/* Whether column @c of view @v is as wide as its visible text. */
static int fits(const struct tui *t, int v, int c)
{
	return t->cols[v][c].fit || (v == VIEW_NS && c == NC_NS && t->tree);
}

/*
 * The widest text of each fit column among the visible rows of view @v
 * (struct tui's fit_w): what the filter leaves decides which columns are
 * empty.  A namespace column of the processes view counts only inodes,
 * not the host's mark or "?".
 */
static void fit_visible(struct tui *t, int v)
{
	const struct nsi_tui_rows *r = &t->rows[v];
	int c;

	for (c = 0; c < t->ncols[v]; c++) {
		int inode = v == VIEW_PROC && c >= PC_NS0 && c < PC_COMMAND;
		size_t i;

		t->fit_w[v][c] = 0;
		for (i = 0; fits(t, v, c) && i < r->nvisible; i++) {
			const char *s = r->rows[r->visible[i]]->text[c];
			int w;

			if (!s || (inode && !isdigit((unsigned char)*s)))
				continue;
			w = nsi_tui_text_width(s);
			if (w > t->fit_w[v][c])
				t->fit_w[v][c] = w;
		}
	}
}

int nsi_tui_update_view(struct tui *t)
{
	int v;

	for (v = 0; v < VIEW_COUNT; v++) {
		int rc = nsi_tui_rows_view(&t->rows[v], v == VIEW_NS ?
					   keep_ns : keep_proc, t);

		if (rc < 0)
			return rc;
		fit_visible(t, v);
	}
	return 0;
}

/*
 * The position of the selected row.  When it went away (gone rows stay
 * one refresh, then leave), the row now at its place is selected: the
 * selection stays where it was on screen, as in top and htop.
 */
long nsi_tui_cursor_pos(struct tui *t)
{
	struct nsi_tui_rows *r = &t->rows[t->view];
	long pos = nsi_tui_rows_find(r, t->cursor[t->view]);

	if (pos < 0 && r->nvisible) {
		pos = t->last_pos[t->view];
		if (pos >= (long)r->nvisible)
			pos = (long)r->nvisible - 1;
		if (pos < 0)
			pos = 0;
		t->cursor[t->view] = r->rows[r->visible[pos]]->key;
	}
	if (pos >= 0)
		t->last_pos[t->view] = pos;
	return pos;
}

void nsi_tui_move_cursor(struct tui *t, long delta, int absolute)
{
	struct nsi_tui_rows *r = &t->rows[t->view];
	long pos = nsi_tui_cursor_pos(t);

	if (!r->nvisible)
		return;
	pos = absolute ? delta : pos + delta;
	if (pos < 0)
		pos = 0;
	if (pos >= (long)r->nvisible)
		pos = (long)r->nvisible - 1;
	t->cursor[t->view] = r->rows[r->visible[pos]]->key;
}

/* Whether some column of @row has @text, case insensitive. */
static int row_has(const struct nsi_tui_row *row, int ncols, const char *text)
{
	int c;

	for (c = 0; c < ncols; c++)
		if (row->text[c] && strcasestr(row->text[c], text))
			return 1;
	return 0;
}

int nsi_tui_search(struct tui *t, const char *text)
{
	struct nsi_tui_rows *r = &t->rows[t->view];
	long pos = nsi_tui_cursor_pos(t), n = (long)r->nvisible, k;

	if (!*text || !n)
		return 0;
	for (k = 1; k <= n; k++) {
		long at = (pos + k) % n;

		if (at < 0)
			at += n;
		if (row_has(r->rows[r->visible[at]], r->ncols, text)) {
			nsi_tui_move_cursor(t, at, 1);
			return 1;
		}
	}
	return 0;
}
