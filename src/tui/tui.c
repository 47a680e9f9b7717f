/*
 * tui.c - the live view, through ncursesw: the only file that includes
 * <curses.h>.  A header, the namespaces or processes view, and a detail
 * pane for the selected row; keys as in top and htop.
 *
 * One scan per refresh fills a fresh model, shared by both views; the
 * rows live in tui-rows.c across refreshes, so the cursor, the sort and
 * the filter stay put.  Every string from /proc goes through put_safe(),
 * which never sends a control character or escape sequence to the
 * terminal.
 */
#include "config.h"

#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <errno.h>
#include <inttypes.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>
#include <wctype.h>

#include "caps.h"
#include "caps-default.h"
#include "columns.h"
#include "engine-http.h"
#include "live.h"
#include "netinfo.h"
#include "procfs.h"
#include "source.h"
#include "textsafe.h"
#include "tui-rows.h"
#include "tui.h"
#include "view.h"

/* Flags set by signal handlers: no work is done there. */
static volatile sig_atomic_t got_winch;
static volatile sig_atomic_t got_quit;

static void on_winch(int sig)
{
	(void)sig;
	got_winch = 1;
}

static void on_quit(int sig)
{
	(void)sig;
	got_quit = 1;
}

/* Restore the terminal on every way out, errx() included. */
static int curses_active;

static void restore_terminal(void)
{
	if (curses_active) {
		curses_active = 0;
		endwin();
	}
}

enum { VIEW_NS, VIEW_PROC, VIEW_COUNT };

/* Columns of the namespaces view. */
enum { NC_NS, NC_TYPE, NC_NPROCS, NC_PID, NC_USER, NC_CONTAINER, NC_NAMES,
       NC_COMMAND, NC_COUNT };
/* Columns of the processes view: one per namespace type after CAPS. */
enum { PC_PID, PC_USER, PC_CONTAINER, PC_CAPS, PC_NS0,
       PC_COMMAND = PC_NS0 + NSI_NS_NTYPES, PC_COUNT };

struct column {
	const char *name;
	int width;		/* 0: the rest of the line */
	int right;
};

static const struct column ns_cols[NC_COUNT] = {
	[NC_NS] = { "NS", 11, 1 },
	[NC_TYPE] = { "TYPE", 6, 0 },
	[NC_NPROCS] = { "NPROCS", 7, 1 },	/* room for the sort mark */
	[NC_PID] = { "PID", 7, 1 },
	[NC_USER] = { "USER", 8, 0 },
	[NC_CONTAINER] = { "CONTAINER", 12, 0 },
	[NC_NAMES] = { "NAMES", 12, 0 },
	[NC_COMMAND] = { "COMMAND", 0, 0 },
};

static const struct column proc_cols[PC_COUNT] = {
	[PC_PID] = { "PID", 8, 1 },		/* 7 digits and the mark */
	[PC_USER] = { "USER", 7, 0 },
	[PC_CONTAINER] = { "CONTAINER", 9, 0 },
	[PC_CAPS] = { "CAPS", 10, 0 },	/* "default-14" */
	[PC_NS0 + NSI_NS_MNT] = { "MNT", 4, 1 },
	[PC_NS0 + NSI_NS_NET] = { "NET", 4, 1 },
	[PC_NS0 + NSI_NS_PID] = { "PID", 4, 1 },
	[PC_NS0 + NSI_NS_USER] = { "USER", 4, 1 },
	[PC_NS0 + NSI_NS_UTS] = { "UTS", 4, 1 },
	[PC_NS0 + NSI_NS_IPC] = { "IPC", 4, 1 },
	[PC_NS0 + NSI_NS_CGROUP] = { "CGRP", 4, 1 },
	[PC_NS0 + NSI_NS_TIME] = { "TIME", 4, 1 },
	[PC_COMMAND] = { "COMMAND", 0, 0 },
};

#define ROW_DANGER 1u	/* a process with escape-prone capabilities */

enum { CP_TITLE = 1, CP_HEAD, CP_NEW, CP_GONE, CP_DANGER, CP_DIM, CP_KEY };

struct tui {
	struct nsi_tui_opts opts;
	int procfd;
	struct nsi_live *live;
	struct nsi_model model;
	struct nsi_report report;
	struct nsi_tui_rows rows[VIEW_COUNT];
	int view;
	uint64_t cursor[VIEW_COUNT];	/* key of the selected row */
	long last_pos[VIEW_COUNT];	/* its position at the last draw */
	long first[VIEW_COUNT];		/* first visible row on screen */
	int detail;
	int types[NSI_NS_NTYPES];
	int caps_only;
	pid_t follow;
	char filter[128];
	long refreshes;
	int color, utf8;
	char host[65], kernel[65];
	char msg[160];
	time_t stamp;
	int list_y, list_h;		/* where the rows are on screen */
};

/* ------------------------------------------------------------ drawing */

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
static int put_safe_rest(const char *s, int width, const char **rest)
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
			addstr(esc);
			used += 4;
			s++;
			continue;
		}
		if (used + w > width)
			break;
		addnwstr(&wc, 1);
		used += w;
		s += n;
	}
	if (rest)
		*rest = s;
	return used;
}

static int put_safe(const char *s, int width)
{
	return put_safe_rest(s, width, NULL);
}

/* The columns @s takes on screen (what put_safe() would draw). */
static int text_width(const char *s)
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

/* put_safe() then blanks to exactly @width columns. */
static void put_field(const char *s, int width, int right)
{
	int len;

	if (right && s) {
		len = text_width(s);
		if (len < width)
			printw("%*s", width - len, "");
		put_safe(s, width);
		return;
	}
	len = put_safe(s, width);
	if (width > len)
		printw("%*s", width - len, "");
}

/* printf to the screen, cut at the end of the line (no wrapping). */
static void __attribute__((format(printf, 1, 2))) addf(const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	put_safe(buf, COLS - getcurx(stdscr));
}

static void style_on(struct tui *t, int pair, int attr)
{
	if (t->color && pair)
		attron(COLOR_PAIR(pair));
	attron(attr);
}

static void style_off(struct tui *t, int pair, int attr)
{
	if (t->color && pair)
		attroff(COLOR_PAIR(pair));
	attroff(attr);
}

static void clear_line(int y)
{
	move(y, 0);
	clrtoeol();
}

/* -------------------------------------------------------- data refresh */

static int cmp_pid(const void *a, const void *b)
{
	pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;

	return (x > y) - (x < y);
}

static uint64_t ns_key(const struct nsi_ns *ns)
{
	return (uint64_t)ns->type << 56 | (uint64_t)ns->ino;
}

/* The namespaces of the host: PID 1's, or kthreadd's when PID 1's hide. */
static ino_t host_ns(const struct nsi_model *m, int type)
{
	const struct nsi_proc *p = nsi_model_find_proc(m, 1);

	if (!p || !p->ns[type])
		p = nsi_model_find_proc(m, 2);
	return p ? p->ns[type] : 0;
}

static char *ns_names(const struct nsi_ns *ns)
{
	static const char netns_dir[] = "/run/netns/";
	size_t i, len = 1;
	char *s;

	for (i = 0; i < ns->nnsfs; i++)
		len += strlen(ns->nsfs[i]) + 1;
	s = malloc(len);
	if (!s)
		return NULL;
	*s = '\0';
	for (i = 0; i < ns->nnsfs; i++) {
		const char *p = ns->nsfs[i];

		if (strncmp(p, netns_dir, sizeof(netns_dir) - 1) == 0)
			p += sizeof(netns_dir) - 1;
		if (*s)
			strcat(s, ",");
		strcat(s, p);
	}
	return s;
}

static const char *proc_command(const struct nsi_proc *p, char *buf,
				size_t size)
{
	if (p->cmdline)
		return p->cmdline;
	if (!nsi_proc_is_kthread(p))	/* brackets: for kernel threads only */
		return p->comm ? p->comm : "?";
	snprintf(buf, size, "[%s]", p->comm ? p->comm : "?");
	return buf;
}

static int fill_ns_rows(struct tui *t)
{
	struct nsi_tui_rows *r = &t->rows[VIEW_NS];
	size_t i;
	int rc = 0;

	nsi_tui_rows_begin(r);
	for (i = 0; rc == 0 && i < t->model.nns; i++) {
		const struct nsi_ns *ns = t->model.ns[i];
		const struct nsi_proc *p = ns->rep;
		char nsb[24], np[24], pid[24], cmdb[64];
		char *cont = ns->ncontainers ?
			nsi_containers_text(ns->containers,
					    ns->ncontainers) : NULL;
		char *names = ns_names(ns);
		const char *text[NC_COUNT];
		int64_t num[NC_COUNT];
		int c;

		for (c = 0; c < NC_COUNT; c++)
			num[c] = INT64_MIN;
		snprintf(nsb, sizeof(nsb), "%llu", (unsigned long long)ns->ino);
		snprintf(np, sizeof(np), "%zu", ns->nprocs);
		snprintf(pid, sizeof(pid), "%d", p ? (int)p->pid : 0);
		text[NC_NS] = ns->ino ? nsb : "unknown";
		num[NC_NS] = (int64_t)ns->ino;
		text[NC_TYPE] = nsi_ns_type_name(ns->type);
		text[NC_NPROCS] = np;
		num[NC_NPROCS] = (int64_t)ns->nprocs;
		text[NC_PID] = p ? pid : NULL;
		num[NC_PID] = p ? p->pid : 0;
		text[NC_USER] = p ? p->user : NULL;
		text[NC_CONTAINER] = cont;
		text[NC_NAMES] = names;
		text[NC_COMMAND] = p ? proc_command(p, cmdb, sizeof(cmdb)) :
			NULL;
		rc = nsi_tui_rows_put(r, ns_key(ns), text, num, 0);
		free(cont);
		free(names);
	}
	return rc ? rc : nsi_tui_rows_sweep(r);
}

/*
 * The capability summary of a process: "none", "full" (every capability
 * of this kernel), "default" (its engine's default set,
 * nsi_proc_cap_default()), "default-N" (some of it), "+N" (N beyond it),
 * or "N" (N capabilities, for a process of the host or of an engine with
 * no known default), of what
 * it can use now; "!" when
 * nsi_cap_judge() calls it dangerous (the rule of CAPDANGER and --audit),
 * "*" when its escape-prone capabilities act only inside its own user
 * namespace (full inside it: "full*").
 */
static void caps_summary(const struct nsi_proc *p, char *buf, size_t size,
			 unsigned int *flags)
{
	struct nsi_cap_default d;
	uint64_t now, def;
	struct nsi_cap_risk r;
	const char *mark;

	*flags = 0;
	if (p->have_status)
		nsi_cap_judge(&p->status, p->userns_initial, &r);
	if (!p->have_status || !r.known) {
		snprintf(buf, size, "?");
		return;
	}
	now = r.now;
	nsi_proc_cap_default(p, &d);
	def = d.mask;
	mark = r.dangerous ? "!" : r.host == 0 && r.escape ? "*" : "";
	if (r.dangerous)
		*flags |= ROW_DANGER;
	if (!now)
		snprintf(buf, size, "none%s", mark);
	else if (r.full)
		snprintf(buf, size, "full%s", mark);
	else if (!d.known || !p->container)
		snprintf(buf, size, "%d%s", __builtin_popcountll(now), mark);
	else if (now == def)
		snprintf(buf, size, "default");
	else if (!(now & ~def))
		snprintf(buf, size, "default-%d",
			 __builtin_popcountll(def & ~now));
	else
		snprintf(buf, size, "+%d%s", __builtin_popcountll(now & ~def),
			 mark);
}

static int fill_proc_rows(struct tui *t)
{
	struct nsi_tui_rows *r = &t->rows[VIEW_PROC];
	const char *same = t->utf8 ? "\u00b7" : "-";
	ino_t host[NSI_NS_NTYPES];
	size_t i;
	int rc = 0, k;

	for (k = 0; k < NSI_NS_NTYPES; k++)
		host[k] = host_ns(&t->model, k);
	nsi_tui_rows_begin(r);
	for (i = 0; rc == 0 && i < t->model.nprocs; i++) {
		const struct nsi_proc *p = t->model.procs[i];
		char pid[24], caps[24], cmdb[64], nsb[NSI_NS_NTYPES][24];
		char *cont = p->container ?
			nsi_container_text(p->container) : NULL;
		const char *text[PC_COUNT];
		int64_t num[PC_COUNT];
		unsigned int flags;

		for (k = 0; k < PC_COUNT; k++)
			num[k] = INT64_MIN;
		snprintf(pid, sizeof(pid), "%d", (int)p->pid);
		caps_summary(p, caps, sizeof(caps), &flags);
		text[PC_PID] = pid;
		num[PC_PID] = p->pid;
		text[PC_USER] = p->user;
		text[PC_CONTAINER] = cont;
		text[PC_CAPS] = caps;
		for (k = 0; k < NSI_NS_NTYPES; k++) {
			/*
			 * The last 4 digits tell namespaces apart on screen.
			 * No snprintf(3) here: this runs 8 times for every
			 * process at every refresh.
			 */
			unsigned long long v = p->ns[k] % 10000;
			int d;

			if (!p->ns[k] || p->ns[k] == host[k]) {
				text[PC_NS0 + k] = p->ns[k] ? same : "?";
				continue;
			}
			for (d = 3; d >= 0; d--, v /= 10)
				nsb[k][d] = (char)('0' + v % 10);
			nsb[k][4] = '\0';
			text[PC_NS0 + k] = nsb[k];
		}
		text[PC_COMMAND] = proc_command(p, cmdb, sizeof(cmdb));
		rc = nsi_tui_rows_put(r, (uint64_t)p->pid, text, num, flags);
		free(cont);
	}
	return rc ? rc : nsi_tui_rows_sweep(r);
}

/* The PIDs on screen, sorted: the live scan reads them in full. */
static size_t on_screen(const struct tui *t, pid_t *pids, size_t max)
{
	const struct nsi_tui_rows *r = &t->rows[t->view];
	size_t n = 0;
	long k;

	for (k = t->first[t->view]; k < (long)r->nvisible &&
	     k < t->first[t->view] + t->list_h && n < max; k++) {
		const struct nsi_tui_row *row = r->rows[r->visible[k]];

		if (t->view == VIEW_PROC)
			pids[n++] = (pid_t)row->key;
		else if (row->text[NC_PID])
			pids[n++] = (pid_t)atoi(row->text[NC_PID]);
	}
	qsort(pids, n, sizeof(*pids), cmp_pid);
	return n;
}

/* One refresh: a live scan that reuses the last one, then the rows. */
static int scan(struct tui *t)
{
	struct nsi_model next;
	pid_t fresh[512];
	size_t nfresh = on_screen(t, fresh, sizeof(fresh) / sizeof(*fresh));
	int rc;

	nsi_model_init(&next);
	rc = nsi_live_scan(t->live, &next, t->refreshes ? &t->model : NULL,
			   (unsigned long)t->refreshes, fresh, nfresh,
			   &t->report);
	nsi_model_release(&t->model);
	t->model = next;
	if (rc < 0)
		return rc;
	t->stamp = time(NULL);
	t->refreshes++;
	rc = fill_ns_rows(t);
	if (rc == 0)
		rc = fill_proc_rows(t);
	return rc;
}

/* ------------------------------------------------------------ the view */

static int keep_ns(const struct nsi_tui_row *row, void *arg)
{
	const struct tui *t = arg;
	int type = (int)(row->key >> 56);
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
			      (ino_t)(row->key & ((1ULL << 56) - 1)), 0);
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
	if (!p || !p->have_status)
		return 0;
	return (p->status.cap[NSI_CAP_PRM] | p->status.cap[NSI_CAP_EFF] |
		p->status.cap[NSI_CAP_AMB]) != 0;
}

static int update_view(struct tui *t)
{
	int v;

	for (v = 0; v < VIEW_COUNT; v++) {
		int rc = nsi_tui_rows_view(&t->rows[v], v == VIEW_NS ? keep_ns :
				       keep_proc, t);

		if (rc < 0)
			return rc;
	}
	return 0;
}

static const struct column *view_cols(const struct tui *t, int *n)
{
	if (t->view == VIEW_NS) {
		*n = NC_COUNT;
		return ns_cols;
	}
	*n = PC_COUNT;
	return proc_cols;
}

/*
 * The position of the selected row.  When it went away (gone rows stay
 * one refresh, then leave), the row now at its place is selected: the
 * selection stays where it was on screen, as in top and htop.
 */
static long cursor_pos(struct tui *t)
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

static void move_cursor(struct tui *t, long delta, int absolute)
{
	struct nsi_tui_rows *r = &t->rows[t->view];
	long pos = cursor_pos(t);

	if (!r->nvisible)
		return;
	pos = absolute ? delta : pos + delta;
	if (pos < 0)
		pos = 0;
	if (pos >= (long)r->nvisible)
		pos = (long)r->nvisible - 1;
	t->cursor[t->view] = r->rows[r->visible[pos]]->key;
}

static void draw_header(struct tui *t)
{
	static const char *const views[VIEW_COUNT] = { "Namespaces",
						       "Processes" };
	size_t counts[NSI_NS_NTYPES] = { 0 }, i;
	char when[16];
	int k, y = 0;

	strftime(when, sizeof(when), "%H:%M:%S", localtime(&t->stamp));
	clear_line(y);
	style_on(t, CP_TITLE, A_BOLD);
	addf("nsinspect %s", PACKAGE_VERSION);
	style_off(t, CP_TITLE, A_BOLD);
	addf(" - ");
	put_safe(t->host, 40);
	addf(" - Linux %s - %s - every %.1fs", t->kernel, when,
	     t->opts.interval_ms / 1000.0);

	/* the counts first: a narrow terminal cuts what follows */
	clear_line(++y);
	addf("Processes: %zu  Containers: %zu  ", t->model.nprocs,
	     t->model.ncontainers);
	if (t->report.unreadable || t->report.engine_errno) {
		style_on(t, CP_DANGER, 0);
		if (t->report.unreadable)
			addf("Not readable: namespaces of %zu process%s (%s)  ",
			     t->report.unreadable,
			     t->report.unreadable == 1 ? "" : "es",
			     strerror(t->report.unreadable_errno));
		if (t->report.engine_errno)
			addf("Docker engine: %s",
			     nsi_engine_strerror(t->report.engine_errno));
		style_off(t, CP_DANGER, 0);
	} else {
		addf("Everything readable");
	}

	for (i = 0; i < t->model.nns; i++)
		if (t->model.ns[i]->ino)
			counts[t->model.ns[i]->type]++;
	clear_line(++y);
	addf("Namespaces:");
	for (k = 0; k < NSI_NS_NTYPES; k++)
		if (t->model.have_type[k])
			addf(" %s %zu", nsi_ns_type_name(k), counts[k]);

	clear_line(++y);
	for (k = 0; k < VIEW_COUNT; k++) {
		style_on(t, k == t->view ? CP_TITLE : 0,
			k == t->view ? A_BOLD | A_REVERSE : 0);
		addf(" %s ", views[k]);
		style_off(t, k == t->view ? CP_TITLE : 0,
			 k == t->view ? A_BOLD | A_REVERSE : 0);
	}
	if (t->view == VIEW_NS) {
		int all = 1;

		for (k = 0; k < NSI_NS_NTYPES; k++)
			all &= t->types[k];
		addf("  types:");
		if (all)
			addf(" all");
		else
			for (k = 0; k < NSI_NS_NTYPES; k++)
				if (t->types[k])
					addf(" %s", nsi_ns_type_name(k));
	}
	if (t->view == VIEW_PROC && t->caps_only)
		addf("  [with capabilities]");
	if (t->follow)
		addf("  following PID %d", (int)t->follow);
	if (*t->filter) {
		addf("  filter: ");
		put_safe(t->filter, COLS - getcurx(stdscr));
	}
}

static void draw_columns(struct tui *t, int y)
{
	struct nsi_tui_rows *r = &t->rows[t->view];
	const struct column *cols;
	int n, c, x = 0, w = COLS;

	cols = view_cols(t, &n);
	clear_line(y);
	style_on(t, CP_HEAD, A_REVERSE);
	for (c = 0; c < n && x < w; c++) {
		int cw = cols[c].width ? cols[c].width : w - x;
		char name[24];

		if (cw > w - x)
			cw = w - x;
		snprintf(name, sizeof(name), "%s", cols[c].name);
		if (r->sort_col == c) {
			/* the mark wins over the name's last letter */
			size_t len = strlen(name);

			if ((int)len >= cw && cw > 1)
				len = (size_t)cw - 1;
			snprintf(name + len, sizeof(name) - len, "%s",
				 r->reverse ? "v" : "^");
		}
		put_field(name, cw, cols[c].right);
		x += cw;
		if (x < w) {
			addch(' ');
			x++;
		}
	}
	printw("%*s", w > x ? w - x : 0, "");
	style_off(t, CP_HEAD, A_REVERSE);
}

static void draw_row(struct tui *t, int y, const struct nsi_tui_row *row,
		     int selected)
{
	const struct column *cols;
	int n, c, x = 0, w = COLS, pair = 0, attr = 0;

	cols = view_cols(t, &n);
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
	style_on(t, pair, attr);
	/* a mark in the first column: + new, - gone (also without colour) */
	addch(row->state == NSI_TUI_ROW_NEW ? '+' :
	      row->state == NSI_TUI_ROW_GONE ? '-' : ' ');
	x = 1;
	for (c = 0; c < n && x < w; c++) {
		int cw = cols[c].width ? cols[c].width : w - x;
		int danger = t->view == VIEW_PROC && c == PC_CAPS &&
			(row->flags & ROW_DANGER);

		if (c == 0)
			cw--;
		if (cw > w - x)
			cw = w - x;
		if (danger) {
			style_off(t, pair, attr);
			style_on(t, CP_DANGER, attr | A_BOLD);
		}
		put_field(row->text[c], cw, cols[c].right);
		if (danger) {
			style_off(t, CP_DANGER, attr | A_BOLD);
			style_on(t, pair, attr);
		}
		x += cw;
		if (x < w) {
			addch(' ');
			x++;
		}
	}
	printw("%*s", w > x ? w - x : 0, "");
	style_off(t, pair, attr);
}

/* ----------------------------------------------------- the detail pane */

struct lines {
	char **v;
	size_t n, alloc;
};

static void add_line(struct lines *l, const char *fmt, ...)
{
	va_list ap;
	char *s;

	if (l->n == l->alloc) {
		size_t n = l->alloc ? l->alloc * 2 : 32;
		char **v = realloc(l->v, n * sizeof(*v));

		if (!v)
			return;
		l->v = v;
		l->alloc = n;
	}
	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) >= 0)
		l->v[l->n++] = s;
	va_end(ap);
}

static void free_lines(struct lines *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

static void ns_detail(const struct nsi_ns *ns, struct lines *l)
{
	char *label = nsi_ns_label(ns);
	size_t i;

	add_line(l, "%s:[%llu]  %s  %zu process%s", nsi_ns_type_name(ns->type),
		 (unsigned long long)ns->ino, label ? label : "",
		 ns->nprocs, ns->nprocs == 1 ? "" : "es");
	free(label);
	if (ns->owner)
		add_line(l, "owner user:[%llu]", (unsigned long long)ns->owner);
	if (ns->parent)
		add_line(l, "parent %s:[%llu]", nsi_ns_type_name(ns->type),
			 (unsigned long long)ns->parent);
	for (i = 0; i < ns->nnsfs; i++)
		add_line(l, "nsfs %s", ns->nsfs[i]);
	if (ns->hostname)
		add_line(l, "hostname %s", ns->hostname);
	if (ns->uid_map)
		add_line(l, "uid_map %s   gid_map %s", ns->uid_map,
			 ns->gid_map ? ns->gid_map : "");
	if (ns->net) {
		const struct nsi_netinfo *ni = ns->net;

		if (ni->fw_rules < 0)
			add_line(l, "firewall rules: unknown");
		else
			add_line(l, "firewall rules: %ld (%s)", ni->fw_rules,
				 ni->fw_backend ? ni->fw_backend : "?");
		for (i = 0; i < ni->nifs; i++) {
			const struct nsi_netif *f = &ni->ifs[i];
			char *peer = nsi_netif_peer_text(f);
			const struct nsi_netif *mf =
				nsi_netinfo_find_if(ni, f->master);
			const char *master = mf ? mf->name : NULL;
			add_line(l, "  %-12s %-8s %-6s %s%s%s%s%s%s%s", f->name,
				 f->kind, f->operstate, f->mac,
				 f->naddrs ? " " : "",
				 f->naddrs ? f->addrs[0].addr : "",
				 master ? "  master " : "", master ? master : "",
				 peer ? "  <-> " : "", peer ? peer : "");
			free(peer);
		}
	}
	add_line(l, "members:");
	for (i = 0; i < ns->nprocs; i++) {
		const struct nsi_proc *p = ns->procs[i];
		char cmdb[64];

		add_line(l, "  %7d %-8s %s", (int)p->pid, p->user ? p->user : "",
			 proc_command(p, cmdb, sizeof(cmdb)));
	}
}

static void proc_detail(struct tui *t, const struct nsi_proc *p,
			struct lines *l)
{
	static const char *const sets[NSI_CAP_NSETS] = {
		"inheritable", "permitted", "effective", "bounding", "ambient"
	};
	const struct nsi_status *st = &p->status;
	char cmdb[64], *text;
	int k;

	add_line(l, "PID %d  user %s  %s", (int)p->pid, p->user ? p->user : "",
		 proc_command(p, cmdb, sizeof(cmdb)));
	if (p->container)
		add_line(l, "container %s%s%s", p->container->name ?
			 p->container->name : p->container->short_id,
			 p->container->image ? "  image " : "",
			 p->container->image ? p->container->image : "");
	if (!p->have_status) {
		add_line(l, "status not readable");
		return;
	}
	if (p->userns_initial == 0) {
		struct nsi_cap_risk r;
		char *words;

		nsi_cap_judge(st, 0, &r);
		words = nsi_cap_risk_words(&r);
		add_line(l, "user namespace %llu, its own: capabilities act "
			 "only inside it%s%s",
			 (unsigned long long)p->ns[NSI_NS_USER],
			 words && *words ? "; " : "", words ? words : "");
		free(words);
	}
	text = nsi_cap_text(st->cap);
	add_line(l, "capabilities (getpcaps): %s", text ? text : "?");
	free(text);
	for (k = 0; k < NSI_CAP_NSETS; k++) {
		char *names = (st->cap_known & (1u << k)) ?
			nsi_cap_list(st->cap[k], ",") : NULL;

		add_line(l, "  %-11s %s", sets[k], names ? (*names ? names :
			 "(none)") : "unknown");
		free(names);
	}
	add_line(l, "no_new_privs %s   seccomp %s", st->no_new_privs < 0 ?
		 "unknown" : st->no_new_privs ? "yes" : "no",
		 nsi_seccomp_name(st->seccomp) ?
		 nsi_seccomp_name(st->seccomp) : "unknown");
	if (st->nspid_levels) {
		char buf[256] = "";
		int i;

		for (i = 0; i < st->nspid_levels; i++)
			snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf),
				 "%s%d", i ? " " : "", (int)st->nspid[i]);
		add_line(l, "NSpid %s (level %d)", buf, st->nspid_levels - 1);
	}
	add_line(l, "namespaces:");
	for (k = 0; k < NSI_NS_NTYPES; k++)
		if (t->model.have_type[k])
			add_line(l, "  %-6s %s%llu%s", nsi_ns_type_name(k),
				 p->ns[k] ? "" : "unknown ",
				 (unsigned long long)p->ns[k],
				 p->ns[k] && p->ns[k] == host_ns(&t->model, k) ?
				 "  (the host's)" : "");
}

/* What the detail pane of the selected namespace needs, read now. */
static void prepare_detail(struct tui *t)
{
	if (!t->detail || t->view != VIEW_NS)
		return;
	nsi_ns_resolve(&t->model, t->procfd);
	switch ((int)(t->cursor[VIEW_NS] >> 56)) {
	case NSI_NS_NET:
		nsi_netinfo_collect(&t->model, t->procfd);
		break;
	case NSI_NS_UTS:
		nsi_uts_collect(&t->model, t->procfd);
		break;
	case NSI_NS_USER:
		nsi_userns_maps_read(&t->model, t->procfd);
		break;
	}
}

static void draw_detail(struct tui *t, int y, int h)
{
	struct lines l = { 0 };
	uint64_t key = t->cursor[t->view];
	size_t i;
	int row;

	if (t->view == VIEW_NS) {
		const struct nsi_ns *ns = nsi_model_get_ns(&t->model,
				(int)(key >> 56),
				(ino_t)(key & ((1ULL << 56) - 1)), 0);

		if (ns)
			ns_detail(ns, &l);
	} else {
		const struct nsi_proc *p = nsi_model_find_proc(&t->model,
							       (pid_t)key);

		if (p)
			proc_detail(t, p, &l);
	}
	if (!l.n)
		add_line(&l, "(gone)");
	move(y, 0);
	style_on(t, CP_HEAD, A_REVERSE);
	printw("%-*s", COLS, " Detail (Enter closes)");
	style_off(t, CP_HEAD, A_REVERSE);
	/* long lines (capability lists) go on, indented, on the next rows */
	for (row = 1, i = 0; row < h && i < l.n; i++) {
		const char *s = l.v[i], *rest = NULL;

		do {
			clear_line(y + row);
			if (rest)
				addstr("      ");
			put_safe_rest(s, rest ? COLS - 6 : COLS, &rest);
			s = rest;
			row++;
		} while (rest && *rest && row < h);
	}
	for (; row < h; row++)
		clear_line(y + row);
	free_lines(&l);
}

static void draw_footer(struct tui *t)
{
	static const char *const keys[][2] = {
		{ "F1", "Help" }, { "Enter", "Detail" }, { "Tab", "View" },
		{ "/", "Filter" }, { "t", "Types" }, { "s", "Sort" },
		{ "p", "Follow" }, { "c", "Caps" }, { "q", "Quit" },
	};
	size_t i;

	clear_line(LINES - 1);
	if (*t->msg) {
		put_safe(t->msg, COLS);
		return;
	}
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		style_on(t, CP_KEY, A_BOLD);
		addf("%s", keys[i][0]);
		style_off(t, CP_KEY, A_BOLD);
		addf(" %s  ", keys[i][1]);
	}
}

static void draw(struct tui *t)
{
	struct nsi_tui_rows *r = &t->rows[t->view];
	int top = 5, bottom = LINES - 1, detail_h = 0, i;
	long pos = cursor_pos(t);

	erase();
	draw_header(t);
	draw_columns(t, 4);
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
		draw_row(t, top + i, r->rows[r->visible[k]], k == pos);
	}
	if (detail_h)
		draw_detail(t, top + t->list_h, detail_h);
	draw_footer(t);
	refresh();
}

/* ------------------------------------------------------ dialogs, keys */

/* Read a line at the bottom; returns 1 on Enter, 0 on Esc. */
static int prompt(struct tui *t, const char *label, char *buf, size_t size)
{
	size_t len = strlen(buf);
	int ch;

	timeout(-1);
	curs_set(1);
	for (;;) {
		clear_line(LINES - 1);
		style_on(t, CP_KEY, A_BOLD);
		printw("%s", label);
		style_off(t, CP_KEY, A_BOLD);
		put_safe(buf, COLS - (int)strlen(label) - 1);
		refresh();
		ch = getch();
		if (got_quit)
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
		if (got_quit || ch == 27 || ch == 'q' || current < 0)
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

static void help(void)
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

static void choose_sort(struct tui *t)
{
	const char *items[NSI_TUI_MAX_COLS];
	const struct column *cols;
	int n, c, sel;

	cols = view_cols(t, &n);
	for (c = 0; c < n; c++)
		items[c] = cols[c].name;
	sel = choose("Sort by", items, n, t->rows[t->view].sort_col < 0 ?
		     0 : t->rows[t->view].sort_col, NULL);
	if (sel >= 0)
		t->rows[t->view].sort_col = sel;
}

static void choose_types(struct tui *t)
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

static void set_interval(struct tui *t, long ms)
{
	if (ms < 100)
		ms = 100;
	if (ms > 3600000)
		ms = 3600000;
	t->opts.interval_ms = ms;
	snprintf(t->msg, sizeof(t->msg), "refresh every %.1f s", ms / 1000.0);
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
		const struct nsi_tui_row *r = nsi_tui_rows_get(&t->rows[VIEW_NS],
						       t->cursor[VIEW_NS]);

		if (r && r->text[NC_PID])
			snprintf(buf, sizeof(buf), "%s", r->text[NC_PID]);
	}
	if (!prompt(t, "Follow PID: ", buf, sizeof(buf)))
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
		move_cursor(t, -3, 0);
	} else if (ev.bstate & BUTTON5_PRESSED) {
		move_cursor(t, 3, 0);
	} else if (ev.y >= t->list_y && ev.y < t->list_y + t->list_h) {
		long k = t->first[t->view] + (ev.y - t->list_y);

		if (k < (long)t->rows[t->view].nvisible)
			move_cursor(t, k, 1);
	}
}

/* Returns 1 to quit, 2 to refresh now, 0 else. */
static int key(struct tui *t, int ch)
{
	struct nsi_tui_rows *r = &t->rows[t->view];
	long page = t->list_h > 1 ? t->list_h - 1 : 1;

	*t->msg = '\0';
	switch (ch) {
	case 'q':
	case KEY_F(10):
		return 1;
	case KEY_UP:
	case 'k':
		move_cursor(t, -1, 0);
		break;
	case KEY_DOWN:
	case 'j':
		move_cursor(t, 1, 0);
		break;
	case KEY_PPAGE:
		move_cursor(t, -page, 0);
		break;
	case KEY_NPAGE:
		move_cursor(t, page, 0);
		break;
	case KEY_HOME:
		move_cursor(t, 0, 1);
		break;
	case KEY_END:
		move_cursor(t, (long)r->nvisible - 1, 1);
		break;
	case '\n':
	case '\r':
	case KEY_ENTER:
		t->detail = !t->detail;
		prepare_detail(t);
		break;
	case '\t':
		t->view = (t->view + 1) % VIEW_COUNT;
		break;
	case 't':
		choose_types(t);
		break;
	case '/':
		/* Enter sets the filter; Esc cancels it, as Esc does */
		if (!prompt(t, "Filter: ", t->filter, sizeof(t->filter)))
			*t->filter = '\0';
		nsi_tui_rows_set_filter(&t->rows[VIEW_NS], t->filter);
		nsi_tui_rows_set_filter(&t->rows[VIEW_PROC], t->filter);
		break;
	case 27:	/* Esc: clear the filter and following */
		*t->filter = '\0';
		t->follow = 0;
		nsi_tui_rows_set_filter(&t->rows[VIEW_NS], NULL);
		nsi_tui_rows_set_filter(&t->rows[VIEW_PROC], NULL);
		break;
	case 's':
	case KEY_F(6):
		choose_sort(t);
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
	case 'd': {
		char buf[16];

		snprintf(buf, sizeof(buf), "%.1f", t->opts.interval_ms / 1000.0);
		if (prompt(t, "Refresh every (seconds): ", buf, sizeof(buf)))
			set_interval(t, (long)(strtod(buf, NULL) * 1000));
		break;
	}
	case '?':
	case 'h':
	case KEY_F(1):
		help();
		break;
	case KEY_MOUSE:
		click(t);
		break;
	}
	return 0;
}

/* ------------------------------------------------------------ the loop */

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

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
	set_escdelay(25);
	curs_set(0);
	mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON4_PRESSED |
		  BUTTON5_PRESSED, NULL);
	cs = nl_langinfo(CODESET);
	t->utf8 = cs && strcmp(cs, "UTF-8") == 0;
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

int nsi_tui_run(const struct nsi_tui_opts *o)
{
	struct sigaction sa = { 0 };
	struct tui t = { .opts = *o };
	struct utsname u;
	long next = 0;
	int rc = 0, k, quit = 0;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return -ENOTTY;
	setlocale(LC_ALL, "");
	t.procfd = nsi_procfs_open("/proc");
	if (t.procfd < 0)
		return t.procfd;
	rc = nsi_procfs_check(t.procfd);	/* -EMEDIUMTYPE: not procfs */
	if (rc < 0) {
		close(t.procfd);
		return rc;
	}
	t.live = nsi_live_new(t.procfd, 0);
	if (!t.live) {
		close(t.procfd);
		return -ENOMEM;
	}
	if (uname(&u) == 0) {
		snprintf(t.host, sizeof(t.host), "%s", u.nodename);
		snprintf(t.kernel, sizeof(t.kernel), "%s", u.release);
	}
	for (k = 0; k < NSI_NS_NTYPES; k++)
		t.types[k] = 1;
	nsi_model_init(&t.model);
	nsi_tui_rows_init(&t.rows[VIEW_NS], NC_COUNT);
	nsi_tui_rows_init(&t.rows[VIEW_PROC], PC_COUNT);
	t.rows[VIEW_NS].sort_col = -1;
	t.rows[VIEW_PROC].sort_col = PC_PID;

	/* Our handlers before initscr(): ncurses then leaves SIGWINCH to us. */
	sa.sa_handler = on_winch;
	sigaction(SIGWINCH, &sa, NULL);
	sa.sa_handler = on_quit;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	atexit(restore_terminal);
	start_curses(&t);

	while (!quit && !got_quit) {
		long wait, engine;
		int ch;

		if (now_ms() >= next) {
			rc = scan(&t);
			if (rc < 0)
				break;
			prepare_detail(&t);
			next = now_ms() + t.opts.interval_ms;
		}
		if (update_view(&t) < 0) {
			rc = -ENOMEM;
			break;
		}
		draw(&t);
		if (t.opts.max_iter && t.refreshes >= t.opts.max_iter) {
			/* let the last screen be seen, then leave */
			napms(200);
			break;
		}
		/* an engine asked in the background answered: show it now */
		engine = nsi_live_engine_wait(t.live);
		if (engine == 0)
			next = now_ms();
		wait = next - now_ms();
		if (engine > 0 && wait > engine)
			wait = engine;
		timeout(wait > 0 ? (int)wait : 0);
		ch = getch();
		if (got_winch) {
			got_winch = 0;
			/* ncurses reads the new size on the next refresh */
			endwin();
			refresh();
			clear();
		}
		if (ch == ERR)
			continue;
		switch (key(&t, ch)) {
		case 1:
			quit = 1;
			break;
		case 2:
			next = 0;
			break;
		}
	}
	restore_terminal();
	nsi_tui_rows_release(&t.rows[VIEW_NS]);
	nsi_tui_rows_release(&t.rows[VIEW_PROC]);
	nsi_model_release(&t.model);
	nsi_live_free(t.live);
	close(t.procfd);
	return rc;
}
