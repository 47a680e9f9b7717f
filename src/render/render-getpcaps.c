/*
 * render-getpcaps.c - the process view as getpcaps --iab prints it
 * (--iab): one line per row.  Threads whose sets differ are not
 * added (getpcaps prints what it was asked for: --iab TID prints that
 * thread).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "caps.h"
#include "columns.h"
#include "render.h"
#include "view.h"

/*
 * getpcaps prints the IAB only when its A or B part is not empty (its
 * I part is in TEXT already).
 */
static int iab_shown(const struct nsi_status *st)
{
	uint64_t all = nsi_cap_all();

	return (st->cap[NSI_CAP_AMB] & all) || (~st->cap[NSI_CAP_BND] & all);
}

/*
 * One line of getpcaps(8) --iab: "ID: \"TEXT\" [IAB]", TEXT left out
 * when it is "=" (no capability) and [IAB] when iab_shown() says so, as
 * getpcaps leaves them out.  Both texts
 * come from libcap (capability names and operators), never from the
 * process.
 */
static int print_line(FILE *out, const struct nsi_proc *p)
{
	struct nsi_cell text, iab;
	int rc;

	rc = nsi_cell_get(NSI_VIEW_PROC, p, NSI_PCOL_CAPTEXT, &text);
	if (rc == 0)
		rc = nsi_cell_get(NSI_VIEW_PROC, p, NSI_PCOL_IAB, &iab);
	else
		iab = (struct nsi_cell){ .kind = NSI_CELL_NONE };
	if (rc == 0 && text.kind == NSI_CELL_STR && iab.kind == NSI_CELL_STR)
		fprintf(out, "%d:%s%s%s%s%s%s\n", (int)(p->tid ? p->tid : p->pid),
			strcmp(text.str, "=") ? " \"" : "",
			strcmp(text.str, "=") ? text.str : "",
			strcmp(text.str, "=") ? "\"" : "",
			iab_shown(&p->status) ? " [" : "",
			iab_shown(&p->status) ? iab.str : "",
			iab_shown(&p->status) ? "]" : "");
	else if (rc == 0)
		fprintf(out, "%d: unknown\n", (int)(p->tid ? p->tid : p->pid));
	nsi_cell_release(&text);
	nsi_cell_release(&iab);
	return rc;
}

int nsi_render_getpcaps(FILE *out, const struct nsi_output *o)
{
	size_t r;
	int rc = 0;

	for (r = 0; rc == 0 && r < o->nrows; r++)
		rc = print_line(out, o->rows[r]);
	return rc;	/* a write error is told at exit (close_stdout) */
}
