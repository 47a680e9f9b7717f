/*
 * render-metrics.h - --metrics: the Prometheus text exposition format
 * (version 0.0.4) of what nsi_view_metrics() counted and of what could
 * not be read (render-metrics.c), for node_exporter's textfile collector
 * or any scraper.  Every series is a gauge named nsinspect_*; the man
 * page lists them.  A pure function of its arguments: it works on a
 * model read from /proc or loaded from a file.
 */
#ifndef NSI_RENDER_METRICS_H
#define NSI_RENDER_METRICS_H

#include <stdio.h>

#include "metrics.h"
#include "render.h"

/**
 * nsi_render_label_value() - write a label value as the exposition
 * format wants it between its double quotes: the text made safe by the
 * one policy of textsafe.h (every character nsi_text_next() rejects,
 * controls and invalid UTF-8 among them, becomes the four characters
 * \xNN), then backslash, double quote and line feed escaped as \\, \"
 * and \n.  A value is thus always valid UTF-8 with no control character:
 * a name a user chose cannot end a line, forge a label or make a scraper
 * refuse the whole file.
 * @f: the stream.
 * @s: the value, untrusted, NUL-terminated.
 */
void nsi_render_label_value(FILE *f, const char *s);

/**
 * nsi_render_metrics() - write the metrics.
 * @f:  the stream.
 * @mx: the counts (nsi_view_metrics()).
 * @u:  what could not be read, as JSON's "unreadable" object (its
 *      namespaces, status, open_files, threads, hidepid and hidden_tasks).
 *
 * Return: 0, -ENOMEM, or -errno (-EIO when none) when @f has an error
 * after the writing.
 */
int nsi_render_metrics(FILE *f, const struct nsi_metrics *mx,
		       const struct nsi_unreadable *u);

/**
 * nsi_render_metrics_file() - nsi_render_metrics() into @path, whole or
 * not at all: a temporary file in its directory renamed over it
 * (replace-file.h), as node_exporter's textfile collector needs.
 * @path: the file (e.g. /var/lib/prometheus/node-exporter/nsinspect.prom).
 * @mx, @u: as nsi_render_metrics().
 *
 * Return: 0, or -errno (creating, writing or renaming): @path is then
 * as it was and no temporary file is left.
 */
int nsi_render_metrics_file(const char *path, const struct nsi_metrics *mx,
			    const struct nsi_unreadable *u);

#endif /* NSI_RENDER_METRICS_H */
