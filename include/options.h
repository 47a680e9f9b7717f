/*
 * options.h - nsinspect's command line: the options main.c dispatches on,
 * parsed and checked with getopt_long(3); usage errors exit 2 with one
 * line, as lsns(8) does.  Used by main.c only.
 */
#ifndef NSI_OPTIONS_H
#define NSI_OPTIONS_H

#include <stdint.h>
#include <sys/types.h>

#include "tui.h"
#include "view.h"

/** EXIT_USAGE - the exit status of a usage error (as lsns(8) and diff(1)). */
#define EXIT_USAGE 2

/**
 * struct options - what the command line asked for.
 * @q:       the query every one-shot view answers (view.h).
 * @json, @raw, @noheadings: -J, -r, -n.
 * @audit, @graph, @tui: --audit, --graph, --tui.
 * @tui_opts: -d and -n with --tui.
 * @pids:    --caps PID..., owned (free it).
 * @output:  -o LIST (borrowed from argv), NULL when not given.
 * @output_all: --output-all.
 * @diff:    --diff; @diff_old and @diff_new its files (borrowed from
 *           argv; @diff_new NULL for the live system).
 * @watch:   --watch; @watch_interval_ms its --interval (0: the default,
 *           NSI_WATCH_INTERVAL_MS).
 * @snapshot: --snapshot; @snapshot_file its FILE (borrowed from argv), NULL
 *           or "-" for standard output.
 * @input:   --input FILE (borrowed from argv, "-" for standard input),
 *           NULL when not given.
 * @metrics: --metrics: print metrics (render-metrics.h).
 * @metrics_file: --metrics=FILE: the file to write them to (borrowed from
 *          argv), NULL for standard output.
 * @iab:     --iab: the process view (--caps) printed as getpcaps --iab
 *           prints it (nsi_render_getpcaps()); with -J, the columns PID,
 *           CAPTEXT and IAB.
 * @decode:  --decode MASK; @decode_mask the mask.
 */
struct options {
	struct nsi_query q;
	int json, raw, noheadings;
	int notruncate, nowrap;		/* -u, -W */
	int list_columns;		/* -H */
	int audit;			/* --audit */
	int graph;			/* --graph */
	int tui;			/* --tui */
	struct nsi_tui_opts tui_opts;	/* -d, -n with --tui */
	pid_t *pids;			/* --caps PID..., owned */
	const char *output;		/* -o */
	int output_all;
	int diff;			/* --diff OLD [NEW] */
	const char *diff_old, *diff_new;
	int watch;			/* --watch */
	long watch_interval_ms;		/* --interval */
	int snapshot;			/* --snapshot[=FILE] */
	const char *snapshot_file;
	const char *input;		/* --input FILE */
	int metrics;			/* --metrics[=FILE] */
	const char *metrics_file;
	int iab;			/* --iab */
	int decode;			/* --decode MASK */
	uint64_t decode_mask;
};


/**
 * cli_usage_error() - print "nsinspect: MESSAGE (try 'nsinspect --help')"
 * on stderr and exit with EXIT_USAGE.
 * @fmt: printf(3) format of the message, and its arguments.
 */
void __attribute__((noreturn, format(printf, 1, 2)))
cli_usage_error(const char *fmt, ...);

/**
 * cli_parse_args() - parse and check the command line into @o; exits
 * (after one line on stderr) on a usage error, prints and exits on
 * --help and --version.
 * @o:    zeroed, with o->q.view set to the default view; filled.
 * @argc, @argv: main()'s.
 */
void cli_parse_args(struct options *o, int argc, char **argv);

/**
 * cli_choose_columns() - the columns to show: -o LIST, +LIST after the
 * defaults, or --output-all.  The defaults add NSFS and CONTAINER (before
 * COMMAND) when a row has one.  Exits 1 on an unknown column name.
 * @o:            the options.
 * @any_nsfs:     a row has an nsfs path (or, process view, a thread).
 * @any_container: a row runs in a container.
 * @cols:         filled, NSI_MAX_COLS entries at most.
 * @ncols:        set to the number of columns.
 */
void cli_choose_columns(const struct options *o, int any_nsfs,
			int any_container, int *cols, size_t *ncols);

#endif /* NSI_OPTIONS_H */
