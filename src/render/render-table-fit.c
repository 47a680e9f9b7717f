/*
 * render-table-fit.c - a table printed to the terminal's width with every
 * cut value marked (render-table.h).  libsmartcols decides the widths, in
 * a first print to a string; the cells it would cut silently are then cut
 * here, each with a mark, and the table is printed with nothing left to
 * cut.  With render-table.c and render-audit.c, the only files that
 * include <libsmartcols.h>.
 */
#include "config.h"

#include <errno.h>
#include <langinfo.h>
#include <libsmartcols.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

#include "render-table.h"

/* The mark of a cut and its width: "…" where the locale can show it. */
static const char *cut_mark(size_t *width)
{
	if (strcmp(nl_langinfo(CODESET), "UTF-8") == 0) {
		*width = 1;
		return "\xe2\x80\xa6";
	}
	*width = 3;
	return "...";
}

/*
 * The length in bytes of the next unit of the text at @s, which shown()
 * made valid in the locale, and its width in @width: a \xNN escape (every
 * "\x" starts one, textsafe.h) is one unit, never cut in two.
 */
static size_t next_unit(const char *s, size_t *width)
{
	mbstate_t st;
	wchar_t wc;
	size_t n;
	int w;

	if (s[0] == '\\' && s[1] == 'x' && s[2] && s[3]) {
		*width = 4;
		return 4;
	}
	memset(&st, 0, sizeof(st));
	n = mbrtowc(&wc, s, MB_CUR_MAX, &st);
	if (n == 0 || n > MB_CUR_MAX) {	/* not after shown(): one byte */
		*width = 1;
		return 1;
	}
	w = wcwidth(wc);
	*width = w < 0 ? 1 : (size_t)w;
	return n;
}

/*
 * @s cut to at most @room terminal columns, the mark at its end, malloc'd
 * (the caller's); NULL with errno 0 when @s fits as it is, NULL with
 * errno ENOMEM.
 */
static char *cut_text(const char *s, size_t room)
{
	size_t mw, w = 0, uw, n, keep = 0;
	const char *mark = cut_mark(&mw);
	const char *p;
	char *out;

	errno = 0;
	for (p = s; *p; p += n) {
		n = next_unit(p, &uw);
		if (w + uw > room)
			break;
		if (w + uw + mw <= room)
			keep = (size_t)(p - s) + n;
		w += uw;
	}
	if (!*p)
		return NULL;		/* all of it fits */
	if (mw > room)			/* "..." in fewer columns: dots */
		return strndup(mark, room);
	out = malloc(keep + strlen(mark) + 1);
	if (!out)
		return NULL;
	memcpy(out, s, keep);
	strcpy(out + keep, mark);
	return out;
}

/* The width of the tree drawing before a line's cell: 2 per ancestor. */
static size_t tree_art(struct libscols_line *ln)
{
	size_t art = 0;

	while ((ln = scols_line_get_parent(ln)))
		art += 2;
	return art;
}

/*
 * Cut the cells of column @col to @width terminal columns (less the tree
 * drawing before them), each with the mark.  Returns 0 or -ENOMEM.
 */
static int mark_cuts(struct libscols_table *tb, size_t col, size_t width)
{
	struct libscols_column *cl = scols_table_get_column(tb, col);
	struct libscols_iter *itr = scols_new_iter(SCOLS_ITER_FORWARD);
	struct libscols_line *ln;
	size_t art;
	int tree, rc = 0;

	if (!cl || !itr) {
		scols_free_iter(itr);
		return cl ? -ENOMEM : 0;
	}
	tree = scols_column_is_tree(cl);
	while (rc == 0 && scols_table_next_line(tb, itr, &ln) == 0) {
		struct libscols_cell *ce = scols_line_get_cell(ln, col);
		const char *data = ce ? scols_cell_get_data(ce) : NULL;
		char *t;

		art = tree ? tree_art(ln) : 0;
		if (!data || width <= art)
			continue;
		t = cut_text(data, width - art);
		if (!t && errno)
			rc = -ENOMEM;
		else if (t && scols_cell_refer_data(ce, t) < 0) {
			free(t);
			rc = -ENOMEM;
		}
	}
	scols_free_iter(itr);
	return rc;
}

/* The width of the last print's line: columns and one space between. */
static size_t line_width(struct libscols_table *tb)
{
	size_t i, n = scols_table_get_ncols(tb), w = 0, shown = 0;

	for (i = 0; i < n; i++) {
		struct libscols_column *cl = scols_table_get_column(tb, i);

		if (!cl || scols_column_is_hidden(cl))
			continue;
		w += scols_column_get_width(cl);
		shown++;
	}
	return w + (shown ? shown - 1 : 0);
}

/* libsmartcols's widths, from a print to a string. */
static int measure(struct libscols_table *tb)
{
	char *s = NULL;
	int rc = scols_print_table_to_string(tb, &s);

	free(s);
	return rc ? (rc < 0 ? rc : -ENOMEM) : 0;
}

/*
 * How narrow a cut column may get: its heading, and at least
 * NSI_CUT_FLOOR columns (a value of one or two letters and the mark reads
 * as nothing), but never wider than it is.
 */
#define NSI_CUT_FLOOR 8
static size_t cut_floor(struct libscols_column *cl)
{
	const char *name = scols_column_get_name(cl);
	size_t floor = name ? strlen(name) : 0, width = scols_column_get_width(cl);

	if (floor < NSI_CUT_FLOOR)
		floor = NSI_CUT_FLOOR;
	return floor < width ? floor : width;
}

int nsi_table_print_fit(struct libscols_table *tb, const size_t *cut,
			size_t ncut)
{
	size_t i, w, excess, take, floor, term;
	int rc;

	/* as libsmartcols: only a human table on a terminal is ever cut */
	if (!ncut || scols_table_is_raw(tb) || scols_table_is_json(tb) ||
	    !isatty(STDOUT_FILENO))
		return scols_print_table(tb);
	/* the widths with nothing cut: wrapped columns narrowed, which loses
	 * nothing */
	rc = measure(tb);
	if (rc < 0)
		return rc;
	w = line_width(tb);
	term = scols_table_get_termwidth(tb);
	excess = w > term ? w - term : 0;
	/* the excess, from the last free-text column first, each column down
	 * to its floor at most: every cut column stays bounded even when the
	 * line cannot fit (lists that do not narrow) */
	for (i = 0; rc == 0 && excess && i < ncut; i++) {
		struct libscols_column *cl = scols_table_get_column(tb, cut[i]);

		if (!cl)
			continue;
		w = scols_column_get_width(cl);
		floor = cut_floor(cl);
		take = w - floor < excess ? w - floor : excess;
		if (take)
			rc = mark_cuts(tb, cut[i], w - take);
		excess -= take;
	}
	return rc < 0 ? rc : scols_print_table(tb);
}
