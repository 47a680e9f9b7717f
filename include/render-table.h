/*
 * render-table.h - what the files of the table renderer share
 * (render-table.c, render-table-fit.c); not for other callers.
 */
#ifndef NSI_RENDER_TABLE_H
#define NSI_RENDER_TABLE_H

#include <stddef.h>

struct libscols_table;

/**
 * nsi_table_print_fit() - print @tb (libsmartcols, human format) so that
 * it fits the terminal, cutting as few columns as it can and marking each
 * cut.  Wrapped columns are narrowed first (they lose nothing); then
 * only columns of @cut are cut, one after the other in the order given
 * (the last free-text column first): the first alone, and the next only
 * when the table is still wider than the terminal once the ones before
 * are as narrow as their heading.  When no cut makes the table fit
 * (lists that do not narrow), only the first of @cut is cut, as lsns(8)
 * cuts COMMAND, and the others stay whole.  A cell that is cut ends with
 * "…" (U+2026) in a UTF-8 locale, "..." in any other, and never in the
 * middle of a \xNN escape; a tree column keeps its tree drawing whole.
 * Off a terminal (stdout not a tty, as libsmartcols decides) or with no
 * column to cut, it prints @tb as it is.
 * @tb:   the table, cells filled with text shown() made safe for the
 *        locale; its columns of @cut may have SCOLS_FL_TRUNC, which is
 *        set and cleared here.
 * @cut:  column numbers of @tb, @ncut of them.
 * @ncut: their number (0: nothing is ever cut).
 *
 * Return: 0, or -errno (ENOMEM, or libsmartcols's write error).
 */
int nsi_table_print_fit(struct libscols_table *tb, const size_t *cut,
			size_t ncut);

#endif /* NSI_RENDER_TABLE_H */
