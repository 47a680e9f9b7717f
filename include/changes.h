/*
 * changes.h - the commands --diff and --watch (changes.c): their models
 * (diff-input.h, watch.h), their output (render-diff.h) and every line
 * they print on stderr.  Used by main.c only, as options.c and
 * messages.c.
 */
#ifndef NSI_CHANGES_H
#define NSI_CHANGES_H

#include "options.h"

/**
 * cli_run_diff() - --diff OLD [NEW]: load both (NEW: scan the live
 * system through @procfd, with only --snapshot's capabilities; with two
 * files, none), print the changes as text or, with -J, JSON.  Trouble (a
 * file that cannot be read or is not a snapshot, a failed scan, a write
 * error) prints one line and exits 2, as diff(1).
 * @o:      the options (o->diff_old, o->diff_new, o->json).
 * @procfd: a proc-root fd for the live system, -1 with two files.
 *
 * Return: the exit status: 0 when nothing changed, 1 when something did.
 */
int cli_run_diff(const struct options *o, int procfd);

/**
 * cli_run_watch() - --watch: with the live view's capabilities, SIGPIPE
 * ignored and stdout line-buffered, print each change as one JSON line
 * (nsi_watch_run()) until SIGTERM or SIGINT; a reader that goes away
 * ends it quietly (exit 0), other trouble with one line and exit 1.
 * @o:      the options (o->watch_interval_ms).
 * @procfd: a proc-root fd.
 *
 * Return: the exit status, 0.
 */
int cli_run_watch(const struct options *o, int procfd);

#endif /* NSI_CHANGES_H */
