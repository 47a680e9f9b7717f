/*
 * tui-draw.c - the screen of the live view: a header (host, counts,
 * what could not be read, the views and their filters), the column
 * heading with the sort mark, the rows (+ new, - gone, the selected one
 * in reverse video), the detail pane when open, and the key line.
 */
#include "config.h"

#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "engine-http.h"
#include "tui-internal.h"

/**
 * struct layout - the columns of the current view as drawn now.
 * @n:     how many are drawn.
 * @col:   the column of each (into the view's columns).
 * @width: the width of each; 0: the rest of the line.
 * @right: 1 to align it to the right.
 * @shift: columns of the last one's text left out (Right past the last
 *         column scrolls COMMAND's text).
 * @more:  1 when columns before COMMAND were left out for want of room
 *         (Right shows them).
 */
struct layout {
	int n;
	int more;
	int col[NSI_TUI_MAX_COLS];
	int width[NSI_TUI_MAX_COLS];
	int right[NSI_TUI_MAX_COLS];
	int shift;
};

/* The processes view's legend of its namespace columns. */
static void proc_legend(const struct tui *t)
{
	int k, any = 0;

	for (k = 0; k < NSI_NS_NTYPES; k++)
		any |= nsi_tui_col_shown(t, VIEW_PROC, PC_NS0 + k);
	if (any)
		nsi_tui_addf("  ns: inode's last %d digits, %s host's",
			     t->digits, t->utf8 ? "\u00b7" : "-");
	else
		nsi_tui_addf("  ns: all the host's");
}

/* Line @y: the views, then what is shown (types, legend, scroll, filter). */
static void draw_tabs(struct tui *t, const struct layout *l, int y)
{
	static const char *const views[VIEW_COUNT] = { "Namespaces",
						       "Processes" };
	int k;

	nsi_tui_clear_line(y);
	for (k = 0; k < VIEW_COUNT; k++) {
		nsi_tui_style_on(t, k == t->view ? CP_TITLE : 0,
			k == t->view ? A_BOLD | A_REVERSE : 0);
		nsi_tui_addf(" %s ", views[k]);
		nsi_tui_style_off(t, k == t->view ? CP_TITLE : 0,
			 k == t->view ? A_BOLD | A_REVERSE : 0);
	}
	if (t->view == VIEW_NS) {
		int all = 1;

		for (k = 0; k < NSI_NS_NTYPES; k++)
			all &= t->types[k];
		nsi_tui_addf("  types:");
		if (all)
			nsi_tui_addf(" all");
		else
			for (k = 0; k < NSI_NS_NTYPES; k++)
				if (t->types[k])
					nsi_tui_addf(" %s",
						     nsi_ns_type_name(k));
	}
	if (t->view == VIEW_NS && t->tree)
		nsi_tui_addf("  tree: by owner");
	if (t->view == VIEW_PROC)
		proc_legend(t);
	if (t->hscroll[t->view])
		nsi_tui_addf("  <%s", l->shift ? " COMMAND" : "");
	if (l->more)
		nsi_tui_addf("  >");
	if (t->view == VIEW_PROC && t->caps_only)
		nsi_tui_addf("  [with capabilities]");
	if (t->follow)
		nsi_tui_addf("  following PID %d", (int)t->follow);
	if (*t->filter) {
		nsi_tui_addf("  filter: ");
		nsi_tui_put_safe(t->filter, COLS - getcurx(stdscr));
	}
}

static void draw_header(struct tui *t, const struct layout *l)
{
	size_t counts[NSI_NS_NTYPES] = { 0 }, i;
	char when[16];
	int k, y = 0;

	strftime(when, sizeof(when), "%H:%M:%S", localtime(&t->stamp));
	nsi_tui_clear_line(y);
	nsi_tui_style_on(t, CP_TITLE, A_BOLD);
	nsi_tui_addf("nsinspect %s", PACKAGE_VERSION);
	nsi_tui_style_off(t, CP_TITLE, A_BOLD);
	nsi_tui_addf(" - ");
	nsi_tui_put_safe(t->host, 40);
	nsi_tui_addf(" - Linux %s - %s - every %.1fs", t->kernel, when,
		     t->opts.interval_ms / 1000.0);

	/* the counts first: a narrow terminal cuts what follows */
	nsi_tui_clear_line(++y);
	nsi_tui_addf("Processes: %zu  Containers: %zu  ", t->model.nprocs,
		     t->model.ncontainers);
	if (t->report.unreadable || t->report.engine_errno) {
		nsi_tui_style_on(t, CP_DANGER, 0);
		if (t->report.unreadable)
			nsi_tui_addf("Not readable: namespaces of %zu "
				     "process%s (%s)  ",
				     t->report.unreadable,
				     t->report.unreadable == 1 ? "" : "es",
				     strerror(t->report.unreadable_errno));
		if (t->report.engine_errno)
			nsi_tui_addf("Docker engine: %s", nsi_engine_strerror(
					     t->report.engine_errno));
		nsi_tui_style_off(t, CP_DANGER, 0);
	} else {
		nsi_tui_addf("Everything readable");
	}

	for (i = 0; i < t->model.nns; i++)
		if (t->model.ns[i]->ino)
			counts[t->model.ns[i]->type]++;
	nsi_tui_clear_line(++y);
	nsi_tui_addf("Namespaces:");
	for (k = 0; k < NSI_NS_NTYPES; k++)
		if (t->model.have_type[k])
			nsi_tui_addf(" %s %zu", nsi_ns_type_name(k), counts[k]);

	draw_tabs(t, l, ++y);
}

/* The width of column @c of the current view: its own, or its text's. */
static int col_width(const struct tui *t, int c)
{
	const struct nsi_tui_column *col = &t->cols[t->view][c];
	int w = col->width, fit = t->fit_w[t->view][c];
	int head = (int)strlen(col->name) + 1;	/* and the sort mark */

	if (t->view == VIEW_NS && c == NC_NS && t->tree)
		return fit > w ? fit + 1 : w;
	if (!col->fit)
		return w;
	if (fit < head)
		fit = head;
	return fit < w ? fit : w;
}

/* The least room COMMAND (the free text, last) keeps from fit columns. */
#define TUI_MIN_TEXT 20

/*
 * The narrowest a fit column is squeezed to: @least, or when @least is
 * under its heading, the heading or 6 columns, whichever is less.
 */
static int least_width(const struct nsi_tui_column *c, int least)
{
	int head = (int)strlen(c->name) + 1;

	if (least >= head)
		return least;
	return head < 6 ? head : 6;
}

/*
 * Narrow the widest fit column by one, again, down to least_width(),
 * while COMMAND would have less than TUI_MIN_TEXT columns of a line with
 * @used columns before it.  Returns the new @used.
 */
static int narrow(const struct tui *t, struct layout *l, int used, int least)
{
	int i;

	while (COLS - used < TUI_MIN_TEXT) {
		int widest = -1;

		for (i = 0; i < l->n - 1; i++) {
			const struct nsi_tui_column *c =
				&t->cols[t->view][l->col[i]];

			if (c->fit && l->width[i] > least_width(c, least) &&
			    (widest < 0 || l->width[i] > l->width[widest]))
				widest = i;
		}
		if (widest < 0)
			break;
		l->width[widest]--;
		used--;
	}
	return used;
}

/* Leave out the columns before COMMAND, from the right, as narrow(). */
static int leave_out(struct layout *l, int used)
{
	while (COLS - used < TUI_MIN_TEXT && l->n > 2) {
		int i = l->n - 2;	/* the column before COMMAND */

		used -= l->width[i] + 1;
		l->col[i] = l->col[i + 1];
		l->width[i] = l->width[i + 1];
		l->right[i] = l->right[i + 1];
		l->n--;
		l->more = 1;
	}
	return used;
}

/*
 * When the columns leave COMMAND less than TUI_MIN_TEXT columns: the fit
 * columns narrow to 12 (a cut value ends in a mark,
 * nsi_tui_put_field()), then the columns before COMMAND are left out from
 * the right (Right scrolls to them), then the fit columns left narrow to
 * their heading or 6: the free text gets the room, a container's name
 * keeps some.
 */
static void squeeze(const struct tui *t, struct layout *l)
{
	int used = 0, i;

	for (i = 0; i < l->n - 1; i++)
		used += l->width[i] + 1;
	used = narrow(t, l, used, 12);
	used = leave_out(l, used);
	used = narrow(t, l, used, 0);
	leave_out(l, used);
}

/*
 * The columns drawn: those with a text in some row, the first always,
 * then those after the Left/Right scroll (t->hscroll), the last (COMMAND)
 * always, its text shifted past the scroll's end.
 */
static void layout(struct tui *t, struct layout *l)
{
	int shown[NSI_TUI_MAX_COLS], m = 0, c, n, skip, max;

	nsi_tui_view_cols(t, &n);
	for (c = 0; c < n; c++)
		if (nsi_tui_col_shown(t, t->view, c))
			shown[m++] = c;
	max = m - 2 + 30;	/* 30 steps of 8 into COMMAND's text */
	if (t->hscroll[t->view] > max)
		t->hscroll[t->view] = max;
	if (t->hscroll[t->view] < 0)
		t->hscroll[t->view] = 0;
	skip = t->hscroll[t->view] < m - 2 ? t->hscroll[t->view] : m - 2;
	l->shift = (t->hscroll[t->view] - skip) * 8;
	l->n = 0;
	l->more = 0;
	for (c = 0; c < m; c++) {
		int k = shown[c];

		if (c > 0 && c <= skip)
			continue;
		l->col[l->n] = k;
		l->width[l->n] = col_width(t, k);
		l->right[l->n] = t->cols[t->view][k].right &&
			!(t->view == VIEW_NS && k == NC_NS && t->tree);
		l->n++;
	}
	squeeze(t, l);
}

/*
 * The width of cell @i of layout @l at column @x of a @w-wide line,
 * @less columns fewer (the first cell of a row leaves one to the +/-
 * mark).
 */
static int cell_width(const struct layout *l, int i, int less, int x, int w)
{
	int cw = (l->width[i] ? l->width[i] : w - x) - less;

	return cw > w - x ? w - x : cw;
}

/*
 * After a cell of @cw columns at column @x of a @w-wide line: a blank
 * between cells, when there is room.  Returns where the next cell is.
 */
static int cell_end(int x, int cw, int w)
{
	x += cw;
	if (x < w) {
		addch(' ');
		x++;
	}
	return x;
}

static void draw_columns(struct tui *t, const struct layout *l, int y)
{
	struct nsi_tui_rows *r = &t->rows[t->view];
	const struct nsi_tui_column *cols;
	int n, i, x = 0, w = COLS;

	cols = nsi_tui_view_cols(t, &n);
	nsi_tui_clear_line(y);
	nsi_tui_style_on(t, CP_HEAD, A_REVERSE);
	for (i = 0; i < l->n && x < w; i++) {
		int c = l->col[i], cw = cell_width(l, i, 0, x, w);
		char name[24];

		snprintf(name, sizeof(name), "%s", cols[c].name);
		if (r->sort_col == c && !(t->tree && t->view == VIEW_NS)) {
			/* the mark wins over the name's last letter */
			size_t len = strlen(name);

			if ((int)len >= cw && cw > 1)
				len = (size_t)cw - 1;
			snprintf(name + len, sizeof(name) - len, "%s",
				 r->reverse ? "v" : "^");
		}
		nsi_tui_put_field(name, cw, l->right[i]);
		x = cell_end(x, cw, w);
	}
	printw("%*s", w > x ? w - x : 0, "");
	nsi_tui_style_off(t, CP_HEAD, A_REVERSE);
}

static void draw_row(struct tui *t, const struct layout *l, int y,
		     const struct nsi_tui_row *row, int selected)
{
	int i, x = 0, w = COLS, pair = 0, attr = 0;

	if (row->state == NSI_TUI_ROW_NEW) {
		pair = CP_NEW;
		attr = A_BOLD;
	} else if (row->state == NSI_TUI_ROW_GONE) {
		pair = CP_GONE;
		attr = A_DIM;
	}
	if (selected)
		attr |= A_REVERSE;
	move(y, 0);
	nsi_tui_style_on(t, pair, attr);
	/* a mark in the first column: + new, - gone (also without colour) */
	addch(row->state == NSI_TUI_ROW_NEW ? '+' :
	      row->state == NSI_TUI_ROW_GONE ? '-' : ' ');
	x = 1;
	for (i = 0; i < l->n && x < w; i++) {
		int c = l->col[i], cw = cell_width(l, i, i == 0, x, w);
		int danger = t->view == VIEW_PROC && c == PC_CAPS &&
			(row->flags & ROW_DANGER);
		const char *text = row->text[c];

		if (i == l->n - 1 && l->shift && text)
			text = nsi_tui_fit(text, l->shift);
		if (danger) {
			nsi_tui_style_off(t, pair, attr);
			nsi_tui_style_on(t, CP_DANGER, attr | A_BOLD);
		}
		nsi_tui_put_field(text, cw, l->right[i]);
		if (danger) {
			nsi_tui_style_off(t, CP_DANGER, attr | A_BOLD);
			nsi_tui_style_on(t, pair, attr);
		}
		x = cell_end(x, cw, w);
	}
	printw("%*s", w > x ? w - x : 0, "");
	nsi_tui_style_off(t, pair, attr);
}

static void draw_footer(struct tui *t)
{
	static const char *const keys[][2] = {
		{ "F1", "Help" }, { "F3", "Search" }, { "F4", "Filter" },
		{ "F5", "Tree" }, { "F6", "Sort" }, { "Tab", "View" },
		{ "Enter", "Detail" }, { "q", "Quit" },
	};
	size_t i;

	nsi_tui_clear_line(LINES - 1);
	if (*t->msg) {
		nsi_tui_put_safe(t->msg, COLS);
		return;
	}
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		nsi_tui_style_on(t, CP_KEY, A_BOLD);
		nsi_tui_addf("%s", keys[i][0]);
		nsi_tui_style_off(t, CP_KEY, A_BOLD);
		nsi_tui_addf(" %s%s", keys[i][1], COLS > 100 ? "  " : " ");
	}
}

/* A window too small to draw in: a line that says so, nothing else. */
static void draw_too_small(void)
{
	erase();
	nsi_tui_clear_line(0);
	nsi_tui_addf("window too small");
	if (LINES > 1) {
		nsi_tui_clear_line(1);
		nsi_tui_addf("(%dx%d, needs %dx%d)", COLS, LINES,
			     TUI_MIN_COLS, TUI_MIN_LINES);
	}
	refresh();
}

void nsi_tui_draw(struct tui *t)
{
	struct nsi_tui_rows *r = &t->rows[t->view];
	int top = 5, bottom = LINES - 1, detail_h = 0, i;
	long pos = nsi_tui_cursor_pos(t);
	struct layout l;

	if (COLS < TUI_MIN_COLS || LINES < TUI_MIN_LINES) {
		draw_too_small();
		return;
	}
	erase();
	layout(t, &l);
	draw_header(t, &l);
	draw_columns(t, &l, 4);
	if (t->detail)
		detail_h = (bottom - top) / 2 > 3 ? (bottom - top) / 2 : 0;
	t->list_y = top;
	t->list_h = bottom - top - detail_h;
	if (t->list_h < 1)
		t->list_h = 1;
	/* keep the cursor on screen */
	if (pos >= 0 && pos < t->first[t->view])
		t->first[t->view] = pos;
	if (pos >= t->first[t->view] + t->list_h)
		t->first[t->view] = pos - t->list_h + 1;
	/* no blank screen below the last row while rows are above */
	if (t->first[t->view] > (long)r->nvisible - t->list_h)
		t->first[t->view] = (long)r->nvisible - t->list_h;
	if (t->first[t->view] < 0)
		t->first[t->view] = 0;
	for (i = 0; i < t->list_h; i++) {
		long k = t->first[t->view] + i;

		if (k >= (long)r->nvisible)
			break;
		draw_row(t, &l, top + i, r->rows[r->visible[k]], k == pos);
	}
	if (detail_h)
		nsi_tui_draw_detail(t, top + t->list_h, detail_h);
	draw_footer(t);
	refresh();
}
