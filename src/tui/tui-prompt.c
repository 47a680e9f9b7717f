/*
 * tui-prompt.c - the dialogs of the live view: a line to type at the
 * bottom (filter, PID, interval), a list in a box to choose from (sort
 * column, namespace types, with check boxes) or to read (help).
 */
#include "config.h"

#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <string.h>

#include "tui-internal.h"

/* Read a line at the bottom; returns 1 on Enter, 0 on Esc. */
int nsi_tui_prompt(struct tui *t, const char *label, char *buf, size_t size)
{
	size_t len = strlen(buf);
	int ch;

	timeout(-1);
	curs_set(1);
	for (;;) {
		nsi_tui_clear_line(LINES - 1);
		nsi_tui_style_on(t, CP_KEY, A_BOLD);
		printw("%s", label);
		nsi_tui_style_off(t, CP_KEY, A_BOLD);
		nsi_tui_put_safe(buf, COLS - (int)strlen(label) - 1);
		refresh();
		ch = getch();
		if (nsi_tui_got_quit)
			break;
		if (ch == '\n' || ch == '\r' || ch == KEY_ENTER) {
			curs_set(0);
			return 1;
		}
		if (ch == 27) {
			break;
		} else if ((ch == KEY_BACKSPACE || ch == 127 || ch == 8) &&
			   len) {
			buf[--len] = '\0';
		} else if (ch >= 32 && ch < 127 && len + 1 < size) {
			buf[len++] = (char)ch;
			buf[len] = '\0';
		}
	}
	curs_set(0);
	return 0;
}

/* A list to choose from, in a box; returns the choice or -1. */
static int choose(const char *title, const char *const *items, int n,
		  int current, int *checks)
{
	int h = n + 2, w = (int)strlen(title) + 6, sel = current, i, ch;
	WINDOW *win;

	for (i = 0; i < n; i++)
		if ((int)strlen(items[i]) + 10 > w)
			w = (int)strlen(items[i]) + 10;
	if (h > LINES)
		h = LINES;
	if (w > COLS)
		w = COLS;
	win = newwin(h, w, (LINES - h) / 2, (COLS - w) / 2);
	if (!win)
		return -1;
	keypad(win, TRUE);
	for (;;) {
		werase(win);
		box(win, 0, 0);
		mvwprintw(win, 0, 2, " %s ", title);
		for (i = 0; i < n && i < h - 2; i++) {
			if (i == sel)
				wattron(win, A_REVERSE);
			mvwprintw(win, 1 + i, 2, "%s%s", checks ?
				  (checks[i] ? "[x] " : "[ ] ") : "",
				  items[i]);
			if (i == sel)
				wattroff(win, A_REVERSE);
		}
		wrefresh(win);
		ch = wgetch(win);
		/* a list to read only (current < 0): any key closes it */
		if (nsi_tui_got_quit || ch == 27 || ch == 'q' || current < 0)
			break;
		if (ch == KEY_UP && sel > 0)
			sel--;
		else if (ch == KEY_DOWN && sel < n - 1)
			sel++;
		else if (checks && ch == ' ')
			checks[sel] = !checks[sel];
		else if (ch == '\n' || ch == '\r' || ch == KEY_ENTER) {
			delwin(win);
			return sel;
		}
	}
	delwin(win);
	return -1;
}

void nsi_tui_help(void)
{
	static const char *const lines[] = {
		"Up/Down PgUp/PgDn Home/End  move",
		"Enter        open or close the detail pane",
		"Tab          switch Namespaces / Processes",
		"t            choose namespace types",
		"/            filter by text (Esc clears)",
		"s or F6      choose the sort column",
		"r            reverse the sort",
		"p            follow one process (p again stops)",
		"c            only processes with capabilities",
		"space        refresh now",
		"+ - d        change the refresh interval",
		"? or F1      this help",
		"q or F10     quit",
		"",
		"Rows marked + appeared at the last refresh, - went away.",
		"Processes: \u00b7 (or -) = the host's namespace; CAPS ! =",
		"escape-prone capabilities (SYS_ADMIN, SYS_MODULE, ...) it",
		"holds now, on the host; * = they act only inside its own",
		"user namespace (full* = full inside its own user namespace).",
	};
	int n = (int)(sizeof(lines) / sizeof(lines[0]));

	choose("nsinspect keys (any key closes)", lines, n, -1, NULL);
}

void nsi_tui_choose_sort(struct tui *t)
{
	const char *items[NSI_TUI_MAX_COLS];
	const struct nsi_tui_column *cols;
	int n, c, sel;

	cols = nsi_tui_view_cols(t, &n);
	for (c = 0; c < n; c++)
		items[c] = cols[c].name;
	sel = choose("Sort by", items, n, t->rows[t->view].sort_col < 0 ?
		     0 : t->rows[t->view].sort_col, NULL);
	if (sel >= 0)
		t->rows[t->view].sort_col = sel;
}

void nsi_tui_choose_types(struct tui *t)
{
	const char *items[NSI_NS_NTYPES];
	int checks[NSI_NS_NTYPES], k, any = 0;

	for (k = 0; k < NSI_NS_NTYPES; k++) {
		items[k] = nsi_ns_type_name(k);
		checks[k] = t->types[k];
	}
	if (choose("Types (space toggles, Enter)", items, NSI_NS_NTYPES, 0,
		   checks) < 0)
		return;
	for (k = 0; k < NSI_NS_NTYPES; k++)
		any |= checks[k];
	for (k = 0; k < NSI_NS_NTYPES; k++)
		t->types[k] = any ? checks[k] : 1;
}
