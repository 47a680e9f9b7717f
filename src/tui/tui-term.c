/*
 * tui-term.c - the terminal of the live view: curses set up and restored
 * on every way out, the flags the signal handlers set, and the only way
 * text reaches the screen: every string from /proc goes through
 * nsi_tui_put_safe(), which never sends a control character or escape
 * sequence to the terminal.
 */
#include "config.h"

#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <errno.h>
#include <langinfo.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

#include "textsafe.h"
#include "tui-internal.h"

/* Flags set by signal handlers: no work is done there. */
volatile sig_atomic_t nsi_tui_got_winch;
volatile sig_atomic_t nsi_tui_got_quit;

static void on_winch(int sig)
{
	(void)sig;
	nsi_tui_got_winch = 1;
}

static void on_quit(int sig)
{
	(void)sig;
	nsi_tui_got_quit = 1;
}

/* Restore the terminal on every way out, errx() included. */
static int curses_active;
/* The locale's charset is UTF-8: the cut mark is "\u2026", else "~". */
static int term_utf8;

void nsi_tui_term_end(void)
{
	if (curses_active) {
		curses_active = 0;
		endwin();
	}
}

/* --------------------------------------------------------- drawing */

/*
 * The next character of untrusted text @s as drawn: its wide character
 * in *@wc and its length in *@n, returning its width in columns; or -1
 * when it is drawn as \xNN (one byte: then *@n is 1).  What is drawn as
 * it is and what escaped is textsafe.h's policy for the locale.
 */
static int safe_char(const char *s, wchar_t *wc, size_t *n)
{
	mbstate_t st;

	memset(&st, 0, sizeof(st));
	if (!nsi_text_next(s, n, NSI_TEXT_LOCALE) ||
	    mbrtowc(wc, s, *n, &st) != *n) {
		*n = 1;
		return -1;
	}
	return wcwidth(*wc);
}

/*
 * Draw untrusted text at the cursor, at most @width columns: printable
 * characters as they are; control characters, escape sequences, invalid
 * UTF-8, bidirectional and zero-width characters as \xNN (textsafe.h), so
 * that nothing from /proc can drive the terminal or hide or reorder
 * text.  Returns the columns used; *@rest, when given, is set to what did
 * not fit.
 */
/* Draw @s to @width columns, or only measure it when !@draw. */
static int put_or_fit(const char *s, int width, const char **rest, int draw)
{
	int used = 0;

	while (s && *s && used < width) {
		wchar_t wc;
		size_t n;
		int w = safe_char(s, &wc, &n);

		if (w < 0) {
			char esc[8];

			if (used + 4 > width)
				break;
			snprintf(esc, sizeof(esc), "\\x%02x",
				 (unsigned char)*s);
			if (draw)
				addstr(esc);
			used += 4;
			s++;
			continue;
		}
		if (used + w > width)
			break;
		if (draw)
			addnwstr(&wc, 1);
		used += w;
		s += n;
	}
	if (rest)
		*rest = s;
	return used;
}

int nsi_tui_put_safe_rest(const char *s, int width, const char **rest)
{
	return put_or_fit(s, width, rest, 1);
}

const char *nsi_tui_fit(const char *s, int width)
{
	const char *rest = s;

	put_or_fit(s, width, &rest, 0);
	return rest;
}

int nsi_tui_put_safe(const char *s, int width)
{
	return nsi_tui_put_safe_rest(s, width, NULL);
}

int nsi_tui_text_width(const char *s)
{
	int w = 0;

	while (s && *s) {
		wchar_t wc;
		size_t n;
		int cw = safe_char(s, &wc, &n);

		w += cw < 0 ? 4 : cw;	/* \xNN */
		s += n;
	}
	return w;
}

/*
 * nsi_tui_put_safe() then blanks to exactly @width columns.  Text cut
 * ends in a mark, "\u2026" (or "~"): a cut value never reads as another.
 */
void nsi_tui_put_field(const char *s, int width, int right)
{
	int len;

	if (s && width > 1 && *nsi_tui_fit(s, width)) {
		len = nsi_tui_put_safe(s, width - 1);
		if (width - 1 > len)
			printw("%*s", width - 1 - len, "");
		addstr(term_utf8 ? "\u2026" : "~");
		return;
	}
	if (right && s) {
		len = nsi_tui_text_width(s);
		if (len < width)
			printw("%*s", width - len, "");
		nsi_tui_put_safe(s, width);
		return;
	}
	len = nsi_tui_put_safe(s, width);
	if (width > len)
		printw("%*s", width - len, "");
}

/* printf to the screen, cut at the end of the line (no wrapping). */
void nsi_tui_addf(const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	nsi_tui_put_safe(buf, COLS - getcurx(stdscr));
}

void nsi_tui_style_on(const struct tui *t, int pair, int attr)
{
	if (t->color && pair)
		attron(COLOR_PAIR(pair));
	attron(attr);
}

void nsi_tui_style_off(const struct tui *t, int pair, int attr)
{
	if (t->color && pair)
		attroff(COLOR_PAIR(pair));
	attroff(attr);
}

void nsi_tui_clear_line(int y)
{
	move(y, 0);
	clrtoeol();
}

/* ---------------------------------------------------- start and end */

static void start_curses(struct tui *t)
{
	const char *cs;

	initscr();
	curses_active = 1;
	cbreak();
	noecho();
	nonl();
	intrflush(stdscr, FALSE);
	keypad(stdscr, TRUE);
	/* Home and End as tmux and screen send them, also when TERM says
	 * xterm (as htop does): the terminfo entry may not have them */
	define_key("\033[1~", KEY_HOME);
	define_key("\033[4~", KEY_END);
	define_key("\033[H", KEY_HOME);
	define_key("\033[F", KEY_END);
	define_key("\033OH", KEY_HOME);
	define_key("\033OF", KEY_END);
	set_escdelay(25);
	curs_set(0);
	mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON4_PRESSED |
		  BUTTON5_PRESSED, NULL);
	cs = nl_langinfo(CODESET);
	t->utf8 = cs && strcmp(cs, "UTF-8") == 0;
	term_utf8 = t->utf8;
	t->color = has_colors() && !getenv("NO_COLOR");
	if (t->color) {
		start_color();
		use_default_colors();
		init_pair(CP_TITLE, COLOR_CYAN, -1);
		init_pair(CP_HEAD, COLOR_BLACK, COLOR_GREEN);
		init_pair(CP_NEW, COLOR_GREEN, -1);
		init_pair(CP_GONE, COLOR_RED, -1);
		init_pair(CP_DANGER, COLOR_RED, -1);
		init_pair(CP_DIM, COLOR_BLUE, -1);
		init_pair(CP_KEY, COLOR_CYAN, -1);
	}
}

void nsi_tui_term_start(struct tui *t)
{
	struct sigaction sa = { 0 };

	/* Our handlers before initscr(): ncurses then leaves SIGWINCH to us. */
	sa.sa_handler = on_winch;
	sigaction(SIGWINCH, &sa, NULL);
	sa.sa_handler = on_quit;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	atexit(nsi_tui_term_end);
	start_curses(t);
}

/*
 * term.h last: its capability macros (lines, columns, ...) would clash
 * with names above.
 */
#include <term.h>

int nsi_tui_term_check(void)
{
	const char *cup;
	int err = 0;

	/* with &err, setupterm(3X) prints nothing: main.c says it */
	if (!getenv("TERM") || setupterm(NULL, STDOUT_FILENO, &err) != OK)
		return -ENOEXEC;
	/* "dumb" and its kind cannot move the cursor: no screen to draw */
	cup = tigetstr("cup");
	if (!cup || cup == (char *)-1) {
		del_curterm(cur_term);
		return -ENOEXEC;
	}
	del_curterm(cur_term);
	return 0;
}
