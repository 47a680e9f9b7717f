/*
 * render.h - the renderers: a table through libsmartcols (render-table.c)
 * and JSON through json-c (render-json.c).  Each is the only file that
 * includes its library.  Both take the same rows and columns, so the
 * output mode is decided once, in main.c.
 */
#ifndef NSI_RENDER_H
#define NSI_RENDER_H

#include <stddef.h>
#include <stdio.h>

#include "columns.h"

/**
 * struct nsi_output - what to print and how.
 * @view:       the kind of every row.
 * @cols:       column indexes into nsi_columns(@view), @ncols of them.
 * @rows:       borrowed pointers to struct nsi_ns or struct nsi_proc, in
 *              output order, @nrows of them.
 * @raw:        -r: libsmartcols raw output (no alignment, escaped).
 * @noheadings: -n: no header line.
 * @vertical:   tables only: one "COLUMN value" line per cell, rows
 *              separated by a blank line (for a few wide rows, such as
 *              the capability sets of one process).
 * @json_key:   name of the top-level JSON array ("namespaces" or
 *              "processes").
 */
struct nsi_output {
	enum nsi_view view;
	const int *cols;
	size_t ncols;
	void *const *rows;
	size_t nrows;
	int raw;
	int noheadings;
	int vertical;
	const char *json_key;
};

/**
 * nsi_render_table() - print the rows as a table (libsmartcols).
 * Untrusted strings are printed with libsmartcols's encoding of control
 * and non-printable characters (\x hex escapes).
 * @out: the stream.
 * @o:   what to print.
 *
 * Return: 0, or -errno (ENOMEM, or the write error).
 */
int nsi_render_table(FILE *out, const struct nsi_output *o);

/**
 * nsi_render_json() - print the rows as {"JSON_KEY": [ {...}, ... ]}
 * (json-c, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE).
 * Keys are the lower-cased column names; numbers are JSON numbers; a
 * capability set is {"mask": "0x...", "names": [...]}; a missing value is
 * null.
 * @out: the stream.
 * @o:   what to print.
 *
 * Return: 0, or -errno (ENOMEM, or the write error).
 */
int nsi_render_json(FILE *out, const struct nsi_output *o);

#endif /* NSI_RENDER_H */
