/*
 * tui-rows.h - the rows of the live view, kept across refreshes (mark and
 * sweep, as htop does): each refresh marks the rows it sees, adds the new
 * ones and keeps the ones that went away for one more refresh, marked, so
 * that the cursor, the sort and the filter stay put while the data
 * changes.  Pure: no curses, no /proc.
 */
#ifndef NSI_TUI_ROWS_H
#define NSI_TUI_ROWS_H

#include <stddef.h>
#include <stdint.h>

#include "hashmap.h"

/** NSI_TUI_MAX_COLS - the most columns a row store has. */
#define NSI_TUI_MAX_COLS 16

/** enum nsi_tui_row_state - what happened to a row at the last refresh. */
enum nsi_tui_row_state {
	NSI_TUI_ROW_LIVE = 0,	/* seen now and at the refresh before */
	NSI_TUI_ROW_NEW,	/* first seen at the last refresh */
	NSI_TUI_ROW_GONE	/* not seen at the last refresh: shown once
				 * more */
};

/**
 * struct nsi_tui_row - one row.
 * @key:    its identity: (type << 56 | inode) for a namespace, the PID
 *          for a process; stable across refreshes.
 * @text:   the text of each column (owned; NULL shows empty).
 * @num:    per column, the number to sort by, or INT64_MIN to sort by text.
 * @flags:  per row, bits the caller gives meaning to (e.g. "dangerous").
 * @state:  enum nsi_tui_row_state.
 * @seen:   the generation of the refresh that last saw it.
 */
struct nsi_tui_row {
	uint64_t key;
	char *text[NSI_TUI_MAX_COLS];
	int64_t num[NSI_TUI_MAX_COLS];
	unsigned int flags;
	int state;
	unsigned long seen;
};

/**
 * struct nsi_tui_rows - a row store with its view: filter, sort, visible rows.
 * @rows:   every row, owned; @nrows of them.
 * @alloc:  the number of rows allocated at @rows (nsi_grow()).
 * @ncols:  columns per row.
 * @gen:    the current refresh generation.
 * @visible: indexes into @rows of the rows that pass the filter, in sort
 *          order; @nvisible of them (nsi_tui_rows_view()).
 * @visible_alloc: the number of indexes allocated at @visible.
 * @sort_col: the column to sort by, -1 for key order.
 * @reverse: 1 to sort descending.
 * @filter: a lowercase substring every visible row contains in some column
 *          (owned), or NULL.
 */
struct nsi_tui_rows {
	struct nsi_tui_row **rows;
	size_t nrows;
	size_t alloc;
	int ncols;
	unsigned long gen;
	size_t *visible;
	size_t nvisible;
	size_t visible_alloc;
	int sort_col;
	int reverse;
	char *filter;
	/* private: nsi_hkey_u64(key) -> its row in @rows */
	struct nsi_hmap map;
};

/**
 * nsi_tui_rows_init() - set up an empty store.
 * @t:     memory owned by the caller.
 * @ncols: columns per row, at most NSI_TUI_MAX_COLS.
 */
void nsi_tui_rows_init(struct nsi_tui_rows *t, int ncols);

/** nsi_tui_rows_release() - free everything @t owns. */
void nsi_tui_rows_release(struct nsi_tui_rows *t);

/**
 * nsi_tui_rows_begin() - start a refresh: the next generation.
 * @t: the store.
 */
void nsi_tui_rows_begin(struct nsi_tui_rows *t);

/**
 * nsi_tui_rows_put() - a row seen in this refresh: update it, or add it as
 * new.  O(1) on average (hash by key).
 * @t:    the store.
 * @key:  its identity.
 * @text: @t->ncols strings, copied (NULL for empty).
 * @num:  @t->ncols sort numbers (INT64_MIN: sort by text), or NULL.
 * @flags: the caller's bits.
 *
 * Return: 0 or -ENOMEM.
 */
int nsi_tui_rows_put(struct nsi_tui_rows *t, uint64_t key,
		     const char *const *text, const int64_t *num,
		     unsigned int flags);

/**
 * nsi_tui_rows_sweep() - end a refresh: rows not seen become NSI_TUI_ROW_GONE;
 * rows already gone at the refresh before are removed; rows seen twice
 * become NSI_TUI_ROW_LIVE.  In the first generation nothing is NEW: every row
 * starts LIVE, so the first screen is not all highlighted.
 * @t: the store.
 *
 * Return: 0 or -ENOMEM.
 */
int nsi_tui_rows_sweep(struct nsi_tui_rows *t);

/**
 * nsi_tui_rows_set_filter() - keep only rows that contain @text (case
 * insensitive) in some column.
 * @t:    the store.
 * @text: the text, copied; NULL or "" for no filter.
 *
 * Return: 0 or -ENOMEM.
 */
int nsi_tui_rows_set_filter(struct nsi_tui_rows *t, const char *text);

/**
 * nsi_tui_rows_view() - recompute @t->visible: the rows that pass the filter
 * (and @keep, when given), sorted by @t->sort_col (numbers as numbers,
 * text as text, ties by key), reversed when @t->reverse.
 * @t:    the store.
 * @keep: an extra test, or NULL.
 * @arg:  passed to @keep.
 *
 * Return: 0 or -ENOMEM.
 */
int nsi_tui_rows_view(struct nsi_tui_rows *t,
		      int (*keep)(const struct nsi_tui_row *row, void *arg),
		      void *arg);

/**
 * nsi_tui_rows_find() - the position of a key among the visible rows.
 * @t:   the store, after nsi_tui_rows_view().
 * @key: the key.
 *
 * Return: its index in @t->visible, or -1 when not visible.
 */
long nsi_tui_rows_find(const struct nsi_tui_rows *t, uint64_t key);

/**
 * nsi_tui_rows_get() - a row by key, visible or not.
 * @t:   the store.
 * @key: the key.
 *
 * Return: the row (owned by @t) or NULL.
 */
struct nsi_tui_row *nsi_tui_rows_get(const struct nsi_tui_rows *t,
				     uint64_t key);

#endif /* NSI_TUI_ROWS_H */
