/*
 * tui-columns.c - the columns of the live view's two views.
 *
 * A column that is one of nsinspect's columns (columns.c, the table -o,
 * --help and both renderers walk) takes its name and its alignment
 * (NSI_COL_RIGHT) from there: one definition of what the column is.
 * The live view keeps only its width on screen, its own: it lays out
 * fixed widths on a terminal where columns.c gives libsmartcols a hint
 * (0: as wide as the text), and its widths leave room for the sort mark
 * in the heading (NPROCS^) and for the +/- mark of new and gone rows.
 * Its column help is columns.c's too; the live view shows none (F1 is
 * the keys).
 *
 * Its own columns (LIVE_COL) are those no other view has: CAPS and one
 * column per namespace type in the processes view (PIDNS and USERNS, so
 * that no heading is the process's PID or USER).
 *
 * A FIT_COL is as wide as its widest text (its width at most) and is
 * left out when no row has a text in it: at 80x24 the room goes to
 * COMMAND, not to an empty CONTAINER or to a namespace column where
 * every process is in the host's namespace.
 */
#include "config.h"

#include <stddef.h>

#include "columns.h"
#include "tui-internal.h"

/**
 * struct tui_coldef - a column of the live view as defined here.
 * @col:   the index of the same column in columns.c's table of the view
 *         (enum nsi_ns_col, enum nsi_proc_col), or -1 for a live-only
 *         column.
 * @name:  a live-only column: its heading.
 * @right: a live-only column: 1 to align it to the right.
 * @width: on screen, in terminal columns; 0: the rest of the line; of a
 *         @fit column, the most.
 * @fit:   1: as wide as its text, left out when empty
 *         (struct nsi_tui_column).
 */
struct tui_coldef {
	int col;
	const char *name;
	int right;
	int width;
	int fit;
};

#define SAME_COL(c, w)		{ (c), NULL, 0, (w), 0 }
#define FIT_COL(c, w)		{ (c), NULL, 0, (w), 1 }
#define LIVE_COL(n, r, w)	{ -1, (n), (r), (w), 0 }
#define LIVE_FIT(n, r, w)	{ -1, (n), (r), (w), 1 }

/*
 * The namespaces view.  NPROCS counts the processes of the namespace
 * (columns.c adds the threads whose process is not in it, which only a
 * leader gone by pthread_exit(3) has); COMMAND is columns.c's
 * (nsi_proc_command()), with "?" for a process with no comm, where the
 * table leaves the cell empty (nsi_tui_proc_command()).
 */
static const struct tui_coldef ns_defs[NC_COUNT] = {
	[NC_NS] = SAME_COL(NSI_NSCOL_NS, 11),
	[NC_TYPE] = SAME_COL(NSI_NSCOL_TYPE, 6),
	[NC_NPROCS] = SAME_COL(NSI_NSCOL_NPROCS, 7),	/* room for the mark */
	[NC_PID] = SAME_COL(NSI_NSCOL_PID, 7),
	[NC_USER] = SAME_COL(NSI_NSCOL_USER, 8),
	[NC_CONTAINER] = FIT_COL(NSI_NSCOL_CONTAINER, 24),
	/* the table's NSFS: its paths, joined by "," (one per line there) */
	[NC_NAMES] = FIT_COL(NSI_NSCOL_NSFS, 28),
	[NC_COMMAND] = SAME_COL(NSI_NSCOL_COMMAND, 0),
};

/*
 * The processes view.  COMMAND is as in the namespaces view, with no "*"
 * after a process in a child user namespace: CAPS shows it.
 */
static const struct tui_coldef proc_defs[PC_COUNT] = {
	[PC_PID] = SAME_COL(NSI_PCOL_PID, 8),	/* 7 digits and the mark */
	[PC_USER] = SAME_COL(NSI_PCOL_USER, 7),
	[PC_CONTAINER] = FIT_COL(NSI_PCOL_CONTAINER, 20),
	/* a summary of the capabilities ("default-14", "full*", "+2!"):
	 * see caps_summary() in tui-fill.c */
	[PC_CAPS] = LIVE_COL("CAPS", 0, 10),
	/* the last digits of each namespace's inode (as many as no two
	 * namespaces look the same: struct tui's digits), "·" for the
	 * host's: which processes share one, at a glance */
	[PC_NS0 + NSI_NS_MNT] = LIVE_FIT("MNT", 1, 20),
	[PC_NS0 + NSI_NS_NET] = LIVE_FIT("NET", 1, 20),
	[PC_NS0 + NSI_NS_PID] = LIVE_FIT("PIDNS", 1, 20),
	[PC_NS0 + NSI_NS_USER] = LIVE_FIT("USERNS", 1, 20),
	[PC_NS0 + NSI_NS_UTS] = LIVE_FIT("UTS", 1, 20),
	[PC_NS0 + NSI_NS_IPC] = LIVE_FIT("IPC", 1, 20),
	[PC_NS0 + NSI_NS_CGROUP] = LIVE_FIT("CGROUP", 1, 20),
	[PC_NS0 + NSI_NS_TIME] = LIVE_FIT("TIME", 1, 20),
	[PC_COMMAND] = SAME_COL(NSI_PCOL_COMMAND, 0),
};

int nsi_tui_columns_fill(int view, struct nsi_tui_column *out)
{
	const struct tui_coldef *defs = view == VIEW_NS ? ns_defs : proc_defs;
	int n = view == VIEW_NS ? NC_COUNT : PC_COUNT, c;
	size_t nsame;
	const struct nsi_column *same = nsi_columns(view == VIEW_NS ?
						    NSI_VIEW_NS :
						    NSI_VIEW_PROC, &nsame);

	for (c = 0; c < n; c++) {
		const struct tui_coldef *d = &defs[c];

		out[c].width = d->width;
		out[c].fit = d->fit;
		if (d->col < 0) {
			out[c].name = d->name;
			out[c].right = d->right;
		} else {
			out[c].name = same[d->col].name;
			out[c].right = !!(same[d->col].flags & NSI_COL_RIGHT);
		}
	}
	return n;
}
