/*
 * cli-metrics.h - the command --metrics[=FILE] [--interval S]
 * (cli/metrics.c): one scan counted (metrics.h) and written in the
 * Prometheus text format (render-metrics.h), or, with --interval, a
 * textfile rewritten every S seconds until SIGTERM or SIGINT.  Used by
 * main.c only, as options.c and messages.c.
 */
#ifndef NSI_CLI_METRICS_H
#define NSI_CLI_METRICS_H

#include "options.h"
#include "render.h"
#include "view.h"

/**
 * cli_unreadable() - what could not be read, as JSON's "unreadable"
 * object and the metrics' unreadable series tell it.
 * @u: filled (its strings are borrowed from @r).
 * @r: the scan's report.
 */
void cli_unreadable(struct nsi_unreadable *u, const struct nsi_report *r);

/**
 * cli_run_metrics() - --metrics[=FILE]: scan with only the capabilities
 * the counts need (or load --input's snapshot), then print the metrics or
 * write FILE whole (nsi_render_metrics_file()).  With --interval
 * (o->watch_interval_ms, FILE required by options.c), scan and write
 * again every interval, measured from the start of the last scan, until
 * SIGTERM or SIGINT (taken from a signalfd, sigfd.h, so a file is never
 * left half-renamed); the warnings of the first scan are printed, later
 * ones only counted in the file; a failed write prints one line and the
 * next interval tries again.  A scan that fails exits 1 with one line.
 * @o:      the options.
 * @procfd: a proc-root fd (-1 with --input).
 *
 * Return: 0, or the renderer's -errno for a write to stdout.
 */
int cli_run_metrics(const struct options *o, int procfd);

#endif /* NSI_CLI_METRICS_H */
