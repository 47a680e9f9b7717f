/*
 * cli-snapshot.h - --snapshot and --input on the command line
 * (src/cli/snapshot.c): the scan or the load, and the one line each
 * failure gives.  Linked into the program only, as main.c.
 */
#ifndef NSI_CLI_SNAPSHOT_H
#define NSI_CLI_SNAPSHOT_H

#include <stddef.h>

#include "model.h"
#include "options.h"
#include "snapshot.h"
#include "view.h"

/**
 * cli_snapshot_scan() - the scan of --snapshot: the capabilities it needs
 * kept alone (nsi_view_snapshot_caps()), every
 * process and namespace read (nsi_view_snapshot()), and what could not be
 * read told on stderr (cli_report()).  Exits 1 with one line on failure.
 * @o:      the options (o->q.net_detail: --detail).
 * @procfd: a proc-root fd, checked to be procfs; not closed.
 * @m:      an empty model (nsi_model_init()); filled.
 * @meta:   filled.
 */
void cli_snapshot_scan(const struct options *o, int procfd,
		       struct nsi_model *m, struct nsi_snapshot_meta *meta);

/**
 * cli_snapshot_write() - write the snapshot of @m: to o->snapshot_file
 * through a temporary file and rename(2) (nsi_render_snapshot_file()),
 * or to standard output (NULL or "-").  Exits 1 with one line when the
 * file cannot be written.
 * @o:    the options.
 * @m:    the model (scanned, or loaded by --input).
 * @meta: its metadata.
 *
 * Return: 0, or the -errno of a write to standard output (for main.c's
 * write error).
 */
int cli_snapshot_write(const struct options *o, const struct nsi_model *m,
		       const struct nsi_snapshot_meta *meta);

/**
 * cli_input() - the model of --input FILE: every capability dropped
 * first (the file is another machine's, and nothing of this one is read),
 * the snapshot loaded (nsi_view_input()) with @r the report of the scan
 * that took it.  Exits 1 with one line when the file cannot be read, is
 * not a valid snapshot ("'FILE': not a valid snapshot: REASON at PATH"),
 * is of a newer format, or lacks the network detail the view shows.
 * @o:     the options (o->input, o->q).
 * @cols:  the columns chosen before the load, @ncols of them.
 * @m:     an empty model; filled.
 * @meta:  filled.
 * @r:     filled.
 */
void cli_input(const struct options *o, const int *cols, size_t ncols,
	       struct nsi_model *m, struct nsi_snapshot_meta *meta,
	       struct nsi_report *r);

struct nsi_metrics;

/**
 * cli_input_metrics() - --input FILE --metrics: the snapshot loaded as
 * cli_input() does, then counted (nsi_view_metrics()); the scan's time
 * is the snapshot's ("time"), its duration unknown (not printed).
 * @o:  the options.
 * @m:  an empty model; filled.
 * @r:  filled with the snapshot's report.
 * @mx: filled (nsi_metrics_release()).
 *
 * Return: 0 or -ENOMEM (a file that cannot be loaded exits 1).
 */
int cli_input_metrics(const struct options *o, struct nsi_model *m,
		      struct nsi_report *r, struct nsi_metrics *mx);

#endif /* NSI_CLI_SNAPSHOT_H */
