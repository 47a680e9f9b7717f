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

/*
 * A list to read (@current < 0) scrolls with Up/Down/PgUp/PgDn/space when
 * it does not fit; returns 1 when @ch was such a key.
 */
static int scroll_key(int ch, int *top, int n, int rows)
{
	int max = n - rows > 0 ? n - rows : 0;

	switch (ch) {
	case KEY_UP:
		*top -= 1;
		break;
	case KEY_DOWN:
		*top += 1;
		break;
	case KEY_PPAGE:
		*top -= rows;
		break;
	case KEY_NPAGE:
	case ' ':
		*top += rows;
		break;
	default:
		return 0;
	}
	if (*top > max)
		*top = max;
	if (*top < 0)
		*top = 0;
	return max > 0;
}

/* The box of choose(): @n items from @top, @sel in reverse video. */
static void draw_list(WINDOW *win, const char *title, const char *const *items,
		      int n, int top, int sel, const int *checks)
{
	int h = getmaxy(win), i;

	werase(win);
	box(win, 0, 0);
	mvwprintw(win, 0, 2, " %s ", title);
	for (i = top; i < n && i - top < h - 2; i++) {
		if (i == sel)
			wattron(win, A_REVERSE);
		mvwprintw(win, 1 + i - top, 2, "%s%s", checks ?
			  (checks[i] ? "[x] " : "[ ] ") : "", items[i]);
		if (i == sel)
			wattroff(win, A_REVERSE);
	}
	if (top + h - 2 < n)
		mvwprintw(win, h - 1, 2, " more: Down/PgDn ");
	wrefresh(win);
}

/* A list to choose from, in a box; returns the choice or -1. */
static int choose(const char *title, const char *const *items, int n,
		  int current, int *checks)
{
	int h = n + 2, w = (int)strlen(title) + 6, sel = current, i, ch;
	int top = 0;
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
		if (sel >= top + h - 2)
			top = sel - (h - 3);
		if (sel >= 0 && sel < top)
			top = sel;
		draw_list(win, title, items, n, top, sel, checks);
		ch = wgetch(win);
		if (nsi_tui_got_quit || ch == 27 || ch == 'q')
			break;
		/* a list to read only: any other key closes it */
		if (current < 0) {
			if (scroll_key(ch, &top, n, h - 2))
				continue;
			break;
		}
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
		"Left/Right   scroll the columns (then COMMAND's text)",
		"Enter        open or close the detail pane",
		"Tab          switch Namespaces / Processes",
		"F3           search: select the next row with a text",
		"F4 or /      filter by text (Esc clears)",
		"F5           namespaces as a tree: each under the user",
		"             namespace that owns it (F5 again: a list)",
		"F6 or s      choose the sort column; < > the one before/after",
		"r            reverse the sort",
		"t            choose namespace types",
		"p            follow one process (p again stops)",
		"c            only processes with capabilities",
		"space        refresh now",
		"+ - d        change the refresh interval",
		"F1 h ?       this help;  q or F10  quit",
		"",
		"Rows marked + appeared at the last refresh, - went away.",
		"Empty columns are left out (CONTAINER with no container).",
		"Processes: MNT NET PIDNS USERNS UTS IPC CGROUP TIME show the",
		"last digits of the inode of each namespace (as many as tell",
		"them apart), \u00b7 (or -) = the host's, ? = unknown; a",
		"column where every process is in the host's is left out.",
		"CAPS: the capabilities the process can use now:",
		"full = all, none, N = how many;",
		"in a container: default = its engine's default set,",
		"default-N = N fewer, +N = N beyond it.  ! = escape-prone",
		"ones (SYS_ADMIN, SYS_MODULE, ...) on the host; * = they act",
		"only in its own user namespace.  Sorted by how many, those",
		"with ! above all others (not as text).",
	};
	int n = (int)(sizeof(lines) / sizeof(lines[0]));

	choose("nsinspect keys (other keys close)", lines, n, -1, NULL);
}

void nsi_tui_choose_sort(struct tui *t)
{
	const char *items[NSI_TUI_MAX_COLS];
	int cols[NSI_TUI_MAX_COLS], m = 0, c, sel, cur = 0;

	for (c = 0; c < t->ncols[t->view]; c++) {
		if (!nsi_tui_col_shown(t, t->view, c))
			continue;
		if (c == t->rows[t->view].sort_col)
			cur = m;
		cols[m] = c;
		items[m++] = t->cols[t->view][c].name;
	}
	sel = choose("Sort by", items, m, cur, NULL);
	if (sel < 0)
		return;
	t->rows[t->view].sort_col = cols[sel];
	if (t->view == VIEW_NS && t->tree) {	/* a sort ends the tree */
		t->tree = 0;
		nsi_tui_fill(t);
	}
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
