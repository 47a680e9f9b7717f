/*
 * tui-internal.h - what the files of the live view (src/tui/) share: the
 * state of the view, its columns, and what each file gives the others.
 * Not an interface of nsinspect: only src/tui/ includes it (tui.h is the
 * live view's one public function).
 *
 * The files, each of one job, from the bottom up (no file calls one
 * above it):
 *   tui-term.c     the terminal: curses set up and restored, the signal
 *                  flags, and the only way text reaches the screen
 *                  (nsi_tui_put_safe(): nothing from /proc drives it)
 *   tui-columns.c  the columns of both views (from columns.c where they
 *                  are nsinspect's columns)
 *   tui-filter.c   which rows are visible, and which one is selected
 *   tui-fill.c     a refresh: the live scan, then the model as rows
 *   tui-detail.c   the detail pane of the selected row
 *   tui-draw.c     the screen: header, heading, rows, footer
 *   tui-prompt.c   dialogs: a line to type, a list to choose from, help
 *   tui.c          the keys and the main loop (nsi_tui_run())
 * tui-rows.c (tui-rows.h) is the row store under them all: pure, no
 * curses.  tui-fill.c and tui-filter.c do not include curses either.
 */
#ifndef NSI_TUI_INTERNAL_H
#define NSI_TUI_INTERNAL_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "live.h"
#include "model.h"
#include "tui-rows.h"
#include "tui.h"
#include "view.h"

/* The two views, Tab switches. */
enum { VIEW_NS, VIEW_PROC, VIEW_COUNT };

/* Columns of the namespaces view. */
enum { NC_NS, NC_TYPE, NC_NPROCS, NC_PID, NC_USER, NC_CONTAINER, NC_NAMES,
       NC_COMMAND, NC_COUNT };
/* Columns of the processes view: one per namespace type after CAPS. */
enum { PC_PID, PC_USER, PC_CONTAINER, PC_CAPS, PC_NS0,
       PC_COMMAND = PC_NS0 + NSI_NS_NTYPES, PC_COUNT };

/**
 * struct nsi_tui_column - one column of a view, as the screen lays it out.
 * @name:  its heading (borrowed: columns.c's table or a string literal).
 * @width: its width in terminal columns; 0: the rest of the line.
 * @right: 1 to align its text to the right (numbers).
 * @fit:   1 for a column as wide as its widest text (@width at most, its
 *         heading at least) that is left out when no row has a text in it
 *         (CONTAINER with no container, a namespace column where every
 *         process is in the host's namespace).
 */
struct nsi_tui_column {
	const char *name;
	int width;
	int right;
	int fit;
};

/* nsi_tui_row.flags: a process with escape-prone capabilities. */
#define ROW_DANGER 1u

/* The smallest window the live view draws in; smaller: a line saying so. */
#define TUI_MIN_COLS 40
#define TUI_MIN_LINES 10

/* Colour pairs (init_pair() in tui-term.c). */
enum { CP_TITLE = 1, CP_HEAD, CP_NEW, CP_GONE, CP_DANGER, CP_DIM, CP_KEY };

/**
 * struct tui - the state of the live view.
 * @opts:     the options (the interval changes with + - d).
 * @procfd:   the proc root, owned.
 * @live:     the live scan's state, owned.
 * @model:    the last refresh's model, owned.
 * @report:   what the last refresh could not read.
 * @rows:     each view's rows (tui-rows.h), kept across refreshes.
 * @cols:     each view's columns (nsi_tui_columns_fill()); @ncols of them.
 * @view:     VIEW_NS or VIEW_PROC.
 * @cursor:   per view, the key of the selected row.
 * @last_pos: its position at the last draw.
 * @first:    the first visible row on screen.
 * @detail:   1 while the detail pane is open.
 * @types:    per namespace type, 1 to show it (t).
 * @caps_only: 1 for processes with capabilities only (c).
 * @follow:   the PID followed (p), or 0.
 * @filter:   the text filter (/), "" for none.
 * @refreshes: refreshes so far.
 * @color:    1 when the terminal has colours (and NO_COLOR is unset).
 * @utf8:     1 in a UTF-8 locale.
 * @host:     the host name (uname(2)); @kernel: its release.
 * @msg:      a message for the footer, "" for the keys.
 * @stamp:    the time of the last refresh.
 * @list_y:   where the rows are on screen: first line, @list_h lines.
 * @fit_w:    per view and column, the widest text of the visible rows
 *            (0: no row has one; a namespace column counts only the
 *            processes not in the host's namespace).
 * @hscroll:  per view, the Left/Right scroll: the columns after the first
 *            left out, then 8 columns of COMMAND's text per step.
 * @digits:   the digits of each inode the processes view shows (the last
 *            ones, at least 4, as many as no two namespaces look the same).
 * @tree:     1 for the namespaces view as a tree (F5): each namespace
 *            under the user namespace that owns it.
 * @search:   the text of the last search (F3).
 */
struct tui {
	struct nsi_tui_opts opts;
	int procfd;
	struct nsi_live *live;
	struct nsi_model model;
	struct nsi_report report;
	struct nsi_tui_rows rows[VIEW_COUNT];
	struct nsi_tui_column cols[VIEW_COUNT][NSI_TUI_MAX_COLS];
	int ncols[VIEW_COUNT];
	int view;
	uint64_t cursor[VIEW_COUNT];
	long last_pos[VIEW_COUNT];
	long first[VIEW_COUNT];
	int detail;
	uint64_t detail_read;	/* the row the pane's reads are for */
	int types[NSI_NS_NTYPES];
	int caps_only;
	pid_t follow;
	char filter[128];
	long refreshes;
	int color, utf8;
	char host[65], kernel[65];
	char msg[160];
	time_t stamp;
	int list_y, list_h;
	int fit_w[VIEW_COUNT][NSI_TUI_MAX_COLS];
	int hscroll[VIEW_COUNT];
	int digits;
	int tree;
	char search[128];
};

/* A namespace row's key: its type in the top byte, its inode below. */
#define TUI_NS_KEY_TYPE(key)	((int)((key) >> 56))
#define TUI_NS_KEY_INO(key)	((ino_t)((key) & ((1ULL << 56) - 1)))

/* ------------------------------------------- tui-term.c: the terminal */

/* Set by signal handlers (no work is done there); read by the loops. */
extern volatile sig_atomic_t nsi_tui_got_winch;
extern volatile sig_atomic_t nsi_tui_got_quit;

/**
 * nsi_tui_term_start() - install the signal handlers, then start curses:
 * keys, mouse, colours; sets @t->utf8 and @t->color.  The terminal is
 * restored at exit (atexit(3)) if nsi_tui_term_end() has not run.
 */
void nsi_tui_term_start(struct tui *t);

/**
 * nsi_tui_term_check() - whether $TERM names a terminal the live view can
 * draw on (terminfo(5) knows it and it can move the cursor), asked before
 * curses starts so that nothing is drawn on one it cannot.
 *
 * Return: 0, or -ENOEXEC (TERM unset, unknown, or "dumb").
 */
int nsi_tui_term_check(void);

/** nsi_tui_term_end() - restore the terminal (again is harmless). */
void nsi_tui_term_end(void);

/**
 * nsi_tui_put_safe_rest() - draw untrusted text at the cursor, at most
 * @width columns: printable characters as they are; control characters,
 * escape sequences, invalid UTF-8, bidirectional and zero-width
 * characters as \xNN (textsafe.h), so that nothing from /proc can drive
 * the terminal or hide or reorder text.
 * @rest: when not NULL, set to what did not fit.
 *
 * Return: the columns used.
 */
int nsi_tui_put_safe_rest(const char *s, int width, const char **rest);

/** nsi_tui_put_safe() - nsi_tui_put_safe_rest() without @rest. */
int nsi_tui_put_safe(const char *s, int width);

/**
 * nsi_tui_put_field() - nsi_tui_put_safe() then blanks to exactly @width
 * columns; @right: blanks first.
 */
void nsi_tui_put_field(const char *s, int width, int right);

/** nsi_tui_addf() - printf to the screen, cut at the end of the line. */
void nsi_tui_addf(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

/** nsi_tui_style_on() - colour pair @pair (0: none, or no colours), @attr. */
void nsi_tui_style_on(const struct tui *t, int pair, int attr);

/** nsi_tui_style_off() - undo nsi_tui_style_on() with the same values. */
void nsi_tui_style_off(const struct tui *t, int pair, int attr);

/**
 * nsi_tui_fit() - where untrusted text @s stops fitting in @width columns
 * as nsi_tui_put_safe() draws it (the end of @s when all of it fits).
 */
const char *nsi_tui_fit(const char *s, int width);

/** nsi_tui_text_width() - the columns nsi_tui_put_safe() draws @s in. */
int nsi_tui_text_width(const char *s);

/** nsi_tui_clear_line() - blank line @y, the cursor at its start. */
void nsi_tui_clear_line(int y);

/* ------------------------------------- tui-columns.c: the columns */

/** nsi_tui_view_cols() - the columns of the current view; *@n of them. */
static inline const struct nsi_tui_column *
nsi_tui_view_cols(const struct tui *t, int *n)
{
	*n = t->ncols[t->view];
	return t->cols[t->view];
}

/**
 * nsi_tui_columns_fill() - the columns of a view.
 * @view: VIEW_NS or VIEW_PROC.
 * @out:  filled, NSI_TUI_MAX_COLS at most.
 *
 * Return: the number of columns (NC_COUNT or PC_COUNT).
 */
int nsi_tui_columns_fill(int view, struct nsi_tui_column *out);

/**
 * nsi_tui_col_shown() - whether column @c of view @v is on screen: not a
 * @fit column that no row has a text in.
 */
static inline int nsi_tui_col_shown(const struct tui *t, int v, int c)
{
	return !t->cols[v][c].fit || t->fit_w[v][c] > 0;
}

/* ----------------------- tui-filter.c: visible rows and the selection */

/**
 * nsi_tui_update_view() - recompute the visible rows of both views: the
 * text filter, the types shown, the process followed, caps only; and the
 * widths of the fit columns (@t->fit_w) from them.
 *
 * Return: 0 or -ENOMEM.
 */
int nsi_tui_update_view(struct tui *t);

/**
 * nsi_tui_cursor_pos() - the position of the selected row among the
 * visible ones of the current view, or -1 when none is.  When it went
 * away, the row now at its place is selected.
 */
long nsi_tui_cursor_pos(struct tui *t);

/**
 * nsi_tui_move_cursor() - move the selection by @delta rows, or to row
 * @delta when @absolute; kept within the visible rows.
 */
void nsi_tui_move_cursor(struct tui *t, long delta, int absolute);

/**
 * nsi_tui_search() - select the next visible row after the selected one
 * (from the top again after the last) with @text in some column, case
 * insensitive.
 *
 * Return: 1 when one was found, 0 else.
 */
int nsi_tui_search(struct tui *t, const char *text);

/* ------------------------------------------ tui-fill.c: a refresh */

/**
 * nsi_tui_scan() - one refresh: a live scan that reuses the last one
 * (nsi_live_scan()), then the rows of both views.
 *
 * Return: 0, or -errno of the scan, or -ENOMEM.
 */
int nsi_tui_scan(struct tui *t);

/**
 * nsi_tui_fill() - the rows of both views again from the last refresh's
 * model (after F5 turns the tree on or off), with no scan.
 *
 * Return: 0 or -ENOMEM.
 */
int nsi_tui_fill(struct tui *t);

/**
 * nsi_tui_proc_command() - a process's command as the live view shows
 * it: nsi_proc_command(), or "?" when the process has no comm.
 * @buf: room for the last, @size bytes.
 *
 * Return: a string borrowed from @p or @buf.
 */
const char *nsi_tui_proc_command(const struct nsi_proc *p, char *buf,
				 size_t size);

/* --------------------------------- tui-detail.c: the detail pane */

/**
 * nsi_tui_prepare_detail() - read what the detail pane of the selected
 * namespace needs (nsi_live_read_detail()), when it is open.
 */
void nsi_tui_prepare_detail(struct tui *t);

/**
 * nsi_tui_detail_follow() - when the detail pane is open and the
 * selection moved to a namespace its reads are not for, read it now
 * (nsi_tui_prepare_detail()): they read the selected namespace alone.
 */
void nsi_tui_detail_follow(struct tui *t);

/** nsi_tui_draw_detail() - draw the detail pane, @h lines from line @y. */
void nsi_tui_draw_detail(struct tui *t, int y, int h);

/* ---------------------------------------------- tui-draw.c: the screen */

/** nsi_tui_draw() - draw the whole screen and refresh(3X) it. */
void nsi_tui_draw(struct tui *t);

/* ----------------------------------------------- tui-prompt.c: dialogs */

/**
 * nsi_tui_prompt() - read a line of printable ASCII into @buf (@size
 * bytes, its text the start) at the bottom line.
 *
 * Return: 1 on Enter, 0 on Esc or a quit signal.
 */
int nsi_tui_prompt(struct tui *t, const char *label, char *buf, size_t size);

/** nsi_tui_help() - the keys and the columns, in a box; any key closes it. */
void nsi_tui_help(void);

/** nsi_tui_choose_sort() - the sort column of the current view, chosen. */
void nsi_tui_choose_sort(struct tui *t);

/** nsi_tui_choose_types() - the namespace types shown, chosen. */
void nsi_tui_choose_types(struct tui *t);

#endif /* NSI_TUI_INTERNAL_H */
