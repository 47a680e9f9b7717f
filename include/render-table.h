/*
 * render-table.h - what the files of the table renderer share
 * (render-table.c, render-table-fit.c, render-audit.c); not for other
 * callers.
 */
#ifndef NSI_RENDER_TABLE_H
#define NSI_RENDER_TABLE_H

#include <stddef.h>

struct libscols_column;
struct libscols_line;
struct libscols_table;

/**
 * nsi_table_shown() - @s as a table cell may show it: escaped for the
 * terminal's locale (nsi_text_escape(), NSI_TEXT_LOCALE; the tables print
 * with libsmartcols's encoding off, see render-table.c), or, for raw
 * output (@raw), as it is, since libsmartcols's raw encoding escapes it.
 * @s:   untrusted text.
 * @raw: 1 for a raw (-r) table.
 *
 * Return: a malloc'd string the caller frees, or NULL (ENOMEM).
 */
char *nsi_table_shown(const char *s, int raw);

/**
 * nsi_table_take_shown() - nsi_table_shown() of a malloc'd @s, which is
 * freed; NULL stays NULL.
 * @s:   malloc'd untrusted text, or NULL.
 * @raw: 1 for a raw (-r) table.
 *
 * Return: a malloc'd string the caller frees, or NULL (ENOMEM, or @s
 * NULL).
 */
char *nsi_table_take_shown(char *s, int raw);

/**
 * nsi_table_set_text() - cell @col of @ln refers to @text, which the
 * table frees with the line (scols_line_refer_data()).
 * @ln:   a line of a table.
 * @col:  its column number.
 * @text: malloc'd text made safe by nsi_table_shown(); NULL means a
 *        failed allocation.
 *
 * Return: 0, or -ENOMEM (@text NULL, or libsmartcols failed: @text is
 * freed).
 */
int nsi_table_set_text(struct libscols_line *ln, size_t col, char *text);

/**
 * nsi_table_new_column() - a new column of @tb.
 * @tb:    the table.
 * @name:  its heading.
 * @whint: libsmartcols's width hint (0: none; below 1: a part of the
 *         terminal).
 * @flags: SCOLS_FL_* flags.
 * @list:  1 when its cells are lists of one item a line (join_items() of
 *         render-table.c), wrapped at their newlines as lsns shows NSFS.
 *
 * Return: the column (owned by @tb), or NULL (ENOMEM).
 */
struct libscols_column *nsi_table_new_column(struct libscols_table *tb,
					     const char *name, double whint,
					     int flags, int list);

/**
 * nsi_table_print_fit() - print @tb (libsmartcols, human format) so that
 * it fits the terminal, cutting as little as it can and marking each cut.
 * Wrapped columns are narrowed first (libsmartcols; they lose nothing);
 * then the width still missing is taken from the columns of @cut, in the
 * order given (the last free-text column first): from the first as much
 * as it can give, down to its heading and at least 8 columns, then from
 * the next, and so on.  When that is not enough (lists that do not
 * narrow), the line is wider than the terminal but every column of @cut
 * stays at that floor: no value a user chose (a command line) makes
 * every line long.  A cell that is cut ends with "…" (U+2026) in a UTF-8
 * locale, "..." in any other, and never in the middle of a \xNN escape;
 * a tree column keeps its tree drawing whole.  Off a terminal (stdout not
 * a tty, as libsmartcols decides) or with no column to cut, it prints
 * @tb as it is.
 * @tb:   the table, cells filled with text nsi_table_shown() made safe
 *        for the locale; no column has SCOLS_FL_TRUNC.
 * @cut:  column numbers of @tb, @ncut of them.
 * @ncut: their number (0: nothing is ever cut).
 *
 * Return: 0, or -errno (ENOMEM, or libsmartcols's write error).
 */
int nsi_table_print_fit(struct libscols_table *tb, const size_t *cut,
			size_t ncut);

#endif /* NSI_RENDER_TABLE_H */
