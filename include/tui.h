/*
 * tui.h - the live view: a top-like ncurses interface to namespaces,
 * processes and capabilities (src/tui/, the only files that include
 * curses; tui-internal.h lists them).
 */
#ifndef NSI_TUI_H
#define NSI_TUI_H

/**
 * struct nsi_tui_opts - how the live view runs.
 * @interval_ms: time between refreshes, in milliseconds (-d SECONDS).
 * @max_iter:    quit after this many refreshes (-n N), 0 for never.
 */
struct nsi_tui_opts {
	long interval_ms;
	long max_iter;
};

/**
 * nsi_tui_run() - run the live view until the user quits (q, F10,
 * Ctrl-C), @o->max_iter refreshes have been shown, or a fatal error.
 * Each refresh is one scan of the system (nsi_view_scan() and the status
 * of every process), shared by every view; rows keep their identity
 * across refreshes (tui-rows.h).  The terminal is restored on every way
 * out, and SIGWINCH redraws at the new size.
 * @o: the options.
 *
 * Return: 0; -ENOTTY when standard input or output is not a terminal;
 * -ENOEXEC when $TERM is unset, unknown to terminfo or cannot move the
 * cursor (TERM=dumb): nothing is drawn then;
 * -EMEDIUMTYPE when /proc is not a proc file system (nsi_procfs_check());
 * -errno of a scan that cannot start (no /proc), or -ENOMEM.
 */
int nsi_tui_run(const struct nsi_tui_opts *o);

#endif /* NSI_TUI_H */
