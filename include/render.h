/*
 * render.h - the renderers: a table through libsmartcols (render-table.c),
 * JSON through json-c (render-json*.c) and Graphviz dot through libcgraph
 * (render-dot.c).  Each is the only renderer that includes its library
 * (the engines parse JSON with json-c too: engine-json.c).  All take the
 * same rows and columns, so the output mode is decided once, in main.c.
 */
#ifndef NSI_RENDER_H
#define NSI_RENDER_H

#include <stddef.h>
#include <stdio.h>

#include "columns.h"

/**
 * struct nsi_unreadable - counts of processes nsinspect could not read
 * fully, as JSON reports them beside the rows ("unreadable": {...}).
 * @namespaces: processes with an unreadable namespace link.
 * @open_files: processes whose open files could not be listed or read.
 * @status:     processes whose status could not be read.
 * @threads:    threads whose own status could not be read.
 * @id_maps:    user namespaces whose ID maps could not be read in time.
 * @err:        positive errno of the first of them (the "reason").
 * @hidepid:    the hidepid= option of /proc when it hides processes (they
 *              are not listed at all), else NULL.
 * @hidden_tasks: with @hidepid, how many tasks (processes and threads)
 *              were not seen, or -1 when unknown.
 * @not_nsfs:   nsfs mount points skipped because what is there is not an
 *              nsfs file (a FIFO or device node mounted over one).
 * @filecaps:   processes shown whose executable's file capabilities could
 *              not be read (FILECAPS).
 * @lsm:        processes shown whose LSM label could not be read (LSM).
 */
struct nsi_unreadable {
	size_t namespaces;
	size_t open_files;
	size_t status;
	size_t threads;
	size_t id_maps;
	int err;
	const char *hidepid;
	long hidden_tasks;
	size_t not_nsfs;
	size_t filecaps;
	size_t lsm;
};

/**
 * struct nsi_omitted - what was found but not recorded, past the limit
 * of NSI_NS_HOLDERS_MAX holders per namespace, as JSON reports it beside
 * the rows ("omitted": {...}, only when the limit was hit).
 * @holders:    holders and nsfs paths not recorded.
 * @namespaces: namespaces that hit the limit.
 * @command_lines: command lines shown only in part, past the run's
 *              budget of command lines.
 * @command_line_budget: that budget, in bytes (NSI_CMDLINE_BUDGET).
 */
struct nsi_omitted {
	size_t holders;
	size_t namespaces;
	size_t command_lines;
	size_t command_line_budget;
};

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
 * @parent:     for a tree (--tree): per row, the index of its parent row
 *              (always an earlier row) or -1; NULL for a flat list.  Tables
 *              draw the tree in the first column; JSON nests rows in a
 *              "children" array.
 * @net_detail: namespace view of network namespaces only (--detail):
 *              tables add one child line per interface; JSON adds
 *              "interfaces", "firewall_rules" and "firewall".
 * @unreadable: what could not be read, for JSON's "unreadable" object
 *              (tables leave it to the stderr line); all 0: no object.
 * @omitted:    holders not recorded, for JSON's "omitted" object
 *              (tables: the stderr line, and HELD_BY's last line); all 0:
 *              no object.
 * @notruncate: -u: tables cut no column to the terminal's width.
 * @nowrap:     -W: tables write a list cell on one line, its items
 *              separated by commas, and wrap no column.
 * @host_pidns: JSON's "host_pid_namespace": 1 (true) when the rows are
 *              of the host's PID namespace, 0 (false) when of another's
 *              (nsi_report.pidns_initial), -1 (null) when unknown.
 * @tree_command: tables draw the tree of @parent in the COMMAND column
 *              when it is shown (--tree=process, as lsns(8)); 0: in the
 *              first column.
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
	const long *parent;
	int net_detail;
	struct nsi_unreadable unreadable;
	struct nsi_omitted omitted;
	int notruncate;
	int nowrap;
	int host_pidns;
	int tree_command;
};

/**
 * nsi_render_table() - print the rows as a table (libsmartcols).
 * Untrusted strings are escaped by nsi_text_escape() (textsafe.h) for
 * the locale, libsmartcols's own encoding off; a list cell has one
 * escaped item per line.  Raw output (@o->raw) keeps libsmartcols's raw
 * encoding (every byte but printable ASCII as \xNN).
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

/**
 * nsi_render_getpcaps() - print the rows of the process view as
 * getpcaps(8) --iab does (--iab): "PID: \"TEXT\" [IAB]" per process, TEXT
 * (the CAPTEXT cell) left out when it is "=", IAB the IAB cell, left out
 * (with its brackets) when the ambient set is empty and the bounding set
 * full, as getpcaps leaves it out; a row
 * of a thread (--iab TID) by its TID.  Threads whose sets differ are not
 * added: getpcaps prints only what it is asked.
 * @out: the stream.
 * @o:   what to print (o->view NSI_VIEW_PROC; its columns are not used).
 *
 * Return: 0, or -errno (ENOMEM, or the write error).
 */
int nsi_render_getpcaps(FILE *out, const struct nsi_output *o);

/**
 * nsi_render_dot() - print the network topology in Graphviz dot, through
 * libcgraph (render-dot.c, its only includer): one cluster per network
 * namespace of @o's rows (labelled with its nsfs names, its container or
 * "host"), a node per interface (name, kind, addresses), an edge per veth
 * pair and from each interface to its master bridge.  Label text is
 * escaped by textsafe.h, then its backslashes doubled and & as &amp;, so
 * dot draws every name as it is (no \N, \n or entity of a name expands).
 * @out: the stream.
 * @o:   rows of network namespaces with ns->net filled.
 *
 * Return: 0, or -errno (ENOMEM, or the write error).
 */
int nsi_render_dot(FILE *out, const struct nsi_output *o);

struct nsi_audit;

/**
 * nsi_render_audit_text() - print isolation summaries in plain words
 * (render-table.c: a FIELD / VALUE tree through libsmartcols; command
 * line, container and image escaped by textsafe.h): per process, its
 * container, each namespace and
 * whether it is the host's, the capability diff against Docker's default
 * set with the escape-prone ones marked, NoNewPrivs and Seccomp.
 * @out: the stream.
 * @a:   the summaries, @n of them.
 *
 * Return: 0, or -errno of the write.
 */
int nsi_render_audit_text(FILE *out, const struct nsi_audit *a, size_t n);

/**
 * nsi_render_audit_json() - the same as {"audit": [...]} (json-c).
 * @out: the stream.
 * @a:   the summaries, @n of them.
 *
 * Return: 0, or -errno (ENOMEM, or the write error).
 */
int nsi_render_audit_json(FILE *out, const struct nsi_audit *a, size_t n);

#endif /* NSI_RENDER_H */
