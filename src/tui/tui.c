/*
 * tui.c - the live view, through ncursesw: a header, the namespaces or
 * processes view, and a detail pane for the selected row; keys as in top
 * and htop.  This file has the keys and the main loop; the other files
 * of src/tui/ each have one job (tui-internal.h lists them).
 *
 * One scan per refresh fills a fresh model, shared by both views; the
 * rows live in tui-rows.c across refreshes, so the cursor, the sort and
 * the filter stay put.  Every string from /proc goes through
 * nsi_tui_put_safe() (tui-term.c), which never sends a control character
 * or escape sequence to the terminal.
 */
#include "config.h"

#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <errno.h>
#include <inttypes.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "procfs.h"
#include "tui-internal.h"
#include "util.h"

/* ------------------------------------------------------------ the keys */

static void set_interval(struct tui *t, long ms)
{
	if (ms < 100)
		ms = 100;
	if (ms > 3600000)
		ms = 3600000;
	t->opts.interval_ms = ms;
	snprintf(t->msg, sizeof(t->msg), "refresh every %.1f s", ms / 1000.0);
}

/*
 * d: the interval typed, in seconds.  Empty or not a positive number of
 * seconds: the old one stays, and the footer says so.
 */
static void ask_interval(struct tui *t)
{
	char buf[16] = "", *end;
	double s;

	if (!nsi_tui_prompt(t, "Refresh every (seconds): ", buf, sizeof(buf)))
		return;
	s = strtod(buf, &end);
	while (*end == ' ')
		end++;
	if (!*buf || *end || end == buf || !(s > 0) || s > 3600) {
		snprintf(t->msg, sizeof(t->msg), "%s%s%s: still every %.1f s",
			 *buf ? "not a number of seconds (0.1 to 3600): '" :
			 "nothing typed", *buf ? buf : "", *buf ? "'" : "",
			 t->opts.interval_ms / 1000.0);
		return;
	}
	set_interval(t, (long)(s * 1000));
}

/* < and >: the sort column before or after, of those on screen. */
static void step_sort(struct tui *t, int step)
{
	struct nsi_tui_rows *r = &t->rows[t->view];
	int n = t->ncols[t->view], c = r->sort_col < 0 ? 0 : r->sort_col, k;

	if (t->view == VIEW_NS && t->tree) {	/* a sort ends the tree */
		t->tree = 0;
		nsi_tui_fill(t);
	}
	for (k = 0; k < n; k++) {
		c = (c + step + n) % n;
		if (nsi_tui_col_shown(t, t->view, c))
			break;
	}
	r->sort_col = c;
	snprintf(t->msg, sizeof(t->msg), "sorted by %s",
		 t->cols[t->view][c].name);
}

/* F5: the namespaces view as a tree of owners, or as a list again. */
static void toggle_tree(struct tui *t)
{
	t->tree = !t->tree;
	t->view = VIEW_NS;
	if (t->tree) {
		t->rows[VIEW_NS].sort_col = NC_NS;
		t->rows[VIEW_NS].reverse = 0;
	}
	if (nsi_tui_fill(t) < 0)
		snprintf(t->msg, sizeof(t->msg), "out of memory");
}

/* F3: select the next row with a text, typed (the last one offered). */
static void search(struct tui *t)
{
	if (!nsi_tui_prompt(t, "Search: ", t->search, sizeof(t->search)))
		return;
	nsi_tui_update_view(t);
	if (*t->search && !nsi_tui_search(t, t->search))
		snprintf(t->msg, sizeof(t->msg), "not found: %s", t->search);
}

static void follow(struct tui *t)
{
	char buf[24] = "";
	long pid;

	if (t->follow) {
		t->follow = 0;
		return;
	}
	if (t->view == VIEW_PROC && t->rows[VIEW_PROC].nvisible)
		snprintf(buf, sizeof(buf), "%" PRIu64, t->cursor[VIEW_PROC]);
	else if (t->view == VIEW_NS) {
		const struct nsi_tui_row *r =
			nsi_tui_rows_get(&t->rows[VIEW_NS], t->cursor[VIEW_NS]);

		if (r && r->text[NC_PID])
			snprintf(buf, sizeof(buf), "%s", r->text[NC_PID]);
	}
	if (!nsi_tui_prompt(t, "Follow PID: ", buf, sizeof(buf)))
		return;
	pid = strtol(buf, NULL, 10);
	if (pid <= 0 || !nsi_model_find_proc(&t->model, (pid_t)pid)) {
		snprintf(t->msg, sizeof(t->msg), "no process with PID %s", buf);
		return;
	}
	t->follow = (pid_t)pid;
	t->cursor[VIEW_PROC] = (uint64_t)pid;
}

static void click(struct tui *t)
{
	MEVENT ev;

	if (getmouse(&ev) != OK)
		return;
	if (ev.bstate & BUTTON4_PRESSED) {
		nsi_tui_move_cursor(t, -3, 0);
	} else if (ev.bstate & BUTTON5_PRESSED) {
		nsi_tui_move_cursor(t, 3, 0);
	} else if (ev.y >= t->list_y && ev.y < t->list_y + t->list_h) {
		long k = t->first[t->view] + (ev.y - t->list_y);

		if (k < (long)t->rows[t->view].nvisible)
			nsi_tui_move_cursor(t, k, 1);
	}
}

/* Set the text filter of both views (NULL or "": none). */
static void set_filter(struct tui *t, const char *text)
{
	nsi_tui_rows_set_filter(&t->rows[VIEW_NS], text);
	nsi_tui_rows_set_filter(&t->rows[VIEW_PROC], text);
}

/* A key that moves the selection; returns 0 for any other key. */
static int key_move(struct tui *t, int ch)
{
	struct nsi_tui_rows *r = &t->rows[t->view];
	long page = t->list_h > 1 ? t->list_h - 1 : 1;

	switch (ch) {
	case KEY_UP:
	case 'k':
		nsi_tui_move_cursor(t, -1, 0);
		break;
	case KEY_DOWN:
	case 'j':
		nsi_tui_move_cursor(t, 1, 0);
		break;
	case KEY_PPAGE:
		nsi_tui_move_cursor(t, -page, 0);
		break;
	case KEY_NPAGE:
		nsi_tui_move_cursor(t, page, 0);
		break;
	case KEY_HOME:
		nsi_tui_move_cursor(t, 0, 1);
		break;
	case KEY_END:
		nsi_tui_move_cursor(t, (long)r->nvisible - 1, 1);
		break;
	case KEY_MOUSE:
		click(t);
		break;
	case KEY_LEFT:
		t->hscroll[t->view]--;
		break;
	case KEY_RIGHT:
		t->hscroll[t->view]++;
		break;
	default:
		return 0;
	}
	return 1;
}

/* Returns 1 to quit, 2 to refresh now, 0 else. */
static int key(struct tui *t, int ch)
{
	struct nsi_tui_rows *r = &t->rows[t->view];

	*t->msg = '\0';
	if (key_move(t, ch))
		return 0;
	switch (ch) {
	case 'q':
	case KEY_F(10):
		return 1;
	case '\n':
	case '\r':
	case KEY_ENTER:
		t->detail = !t->detail;
		nsi_tui_prepare_detail(t);
		break;
	case '\t':
		t->view = (t->view + 1) % VIEW_COUNT;
		break;
	case 't':
		nsi_tui_choose_types(t);
		break;
	case '/':
	case KEY_F(4):
		/* Enter sets the filter; Esc cancels it, as Esc does */
		if (!nsi_tui_prompt(t, "Filter: ", t->filter,
				    sizeof(t->filter)))
			*t->filter = '\0';
		set_filter(t, t->filter);
		break;
	case 27:	/* Esc: clear the filter and following */
		*t->filter = '\0';
		t->follow = 0;
		set_filter(t, NULL);
		break;
	case 's':
	case KEY_F(6):
		nsi_tui_choose_sort(t);
		break;
	case '<':
	case '>':
		step_sort(t, ch == '<' ? -1 : 1);
		break;
	case KEY_F(3):
		search(t);
		break;
	case KEY_F(5):
		toggle_tree(t);
		break;
	case 'r':
		r->reverse = !r->reverse;
		break;
	case 'p':
		follow(t);
		break;
	case 'c':
		t->caps_only = !t->caps_only;
		if (t->caps_only)
			t->view = VIEW_PROC;
		break;
	case ' ':
		return 2;
	case '+':
		set_interval(t, t->opts.interval_ms + 500);
		break;
	case '-':
		set_interval(t, t->opts.interval_ms - 500);
		break;
	case 'd':
		ask_interval(t);
		break;
	case '?':
	case 'h':
	case KEY_F(1):
		nsi_tui_help();
		break;
	}
	return 0;
}

/* ------------------------------------------------------------ the loop */

/*
 * Open what the live view reads and set up its state, before curses
 * starts (an error is then still told on a normal terminal).
 */
static int tui_open(struct tui *t)
{
	struct utsname u;
	int rc, k, v;

	t->procfd = nsi_procfs_open("/proc");
	if (t->procfd < 0)
		return t->procfd;
	rc = nsi_procfs_check(t->procfd);	/* -EMEDIUMTYPE: not procfs */
	if (rc < 0) {
		close(t->procfd);
		return rc;
	}
	t->live = nsi_live_new(t->procfd, 0);
	if (!t->live) {
		close(t->procfd);
		return -ENOMEM;
	}
	if (uname(&u) == 0) {
		snprintf(t->host, sizeof(t->host), "%s", u.nodename);
		snprintf(t->kernel, sizeof(t->kernel), "%s", u.release);
	}
	for (k = 0; k < NSI_NS_NTYPES; k++)
		t->types[k] = 1;
	nsi_model_init(&t->model);
	for (v = 0; v < VIEW_COUNT; v++) {
		/* no row's key: the first row is selected (the unknown mnt
		 * namespace's key is 0, and it sorts last) */
		t->cursor[v] = UINT64_MAX;
		t->ncols[v] = nsi_tui_columns_fill(v, t->cols[v]);
		nsi_tui_rows_init(&t->rows[v], t->ncols[v]);
	}
	t->rows[VIEW_NS].sort_col = NC_NS;	/* as the table: inodes */
	t->rows[VIEW_PROC].sort_col = PC_PID;
	return 0;
}

/* Free what tui_open() made, the terminal restored first. */
static void tui_close(struct tui *t)
{
	nsi_tui_term_end();
	nsi_tui_rows_release(&t->rows[VIEW_NS]);
	nsi_tui_rows_release(&t->rows[VIEW_PROC]);
	nsi_model_release(&t->model);
	nsi_live_free(t->live);
	close(t->procfd);
}

/* After getch(3X): a new terminal size, read on the next refresh. */
static void resized(void)
{
	if (nsi_tui_got_winch) {
		nsi_tui_got_winch = 0;
		/* ncurses reads the new size on the next refresh */
		endwin();
		refresh();
		clear();
	}
}

/*
 * Refresh, draw and read keys until q, a quit signal, @t->opts.max_iter
 * refreshes, or an error.  Returns 0 or the -errno of that error.
 */
static int tui_loop(struct tui *t)
{
	long next = 0;
	int rc = 0;

	while (!nsi_tui_got_quit) {
		long wait, engine;
		int ch;

		if (nsi_monotonic_ms() >= next) {
			rc = nsi_tui_scan(t);
			if (rc < 0)
				return rc;
			nsi_tui_prepare_detail(t);
			next = nsi_monotonic_ms() + t->opts.interval_ms;
		}
		if (nsi_tui_update_view(t) < 0)
			return -ENOMEM;
		nsi_tui_detail_follow(t);	/* the selection moved */
		nsi_tui_draw(t);
		if (t->opts.max_iter && t->refreshes >= t->opts.max_iter) {
			/* let the last screen be seen, then leave */
			napms(200);
			break;
		}
		/* an engine asked in the background answered: show it now */
		engine = nsi_live_engine_wait(t->live);
		if (engine == 0)
			next = nsi_monotonic_ms();
		wait = next - nsi_monotonic_ms();
		if (engine > 0 && wait > engine)
			wait = engine;
		timeout(wait > 0 ? (int)wait : 0);
		ch = getch();
		resized();
		if (ch == ERR)
			continue;
		switch (key(t, ch)) {
		case 1:
			return rc;
		case 2:
			next = 0;
			break;
		}
	}
	return rc;
}

int nsi_tui_run(const struct nsi_tui_opts *o)
{
	struct tui t = { .opts = *o };
	int rc;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return -ENOTTY;
	rc = nsi_tui_term_check();
	if (rc < 0)
		return rc;
	setlocale(LC_ALL, "");
	rc = tui_open(&t);
	if (rc < 0)
		return rc;
	nsi_tui_term_start(&t);
	rc = tui_loop(&t);
	tui_close(&t);
	return rc;
}
