/*
 * render-snapshot.h - the snapshot writer (render-snapshot.c): the whole
 * model, with the run's metadata and report, as one JSON document
 * (json-c), the "snapshot" of docs/nsinspect.schema.json, which
 * nsi_snapshot_read() (snapshot.h) loads back.
 */
#ifndef NSI_RENDER_SNAPSHOT_H
#define NSI_RENDER_SNAPSHOT_H

#include <stdio.h>

#include "model.h"
#include "snapshot.h"

/**
 * nsi_render_snapshot() - print the snapshot document of @m to @out:
 * "version" (NSI_SNAPSHOT_VERSION), @meta's fields, the model's counters,
 * its containers, processes (with their threads that differ) and
 * namespaces (with their holders, nsfs paths, owner, parent, netnsid,
 * host name, ID maps and network detail).  Strings from /proc are made
 * valid UTF-8 (nsi_jstr(): a byte that is not becomes U+FFFD); json-c
 * escapes the rest.  A process refers to its container by its index in
 * "containers"; a holder reached through another namespace names it by
 * type and inode.
 * @out:  the stream.
 * @m:    a finished model (nsi_model_finish()).
 * @meta: the run's metadata and report.
 *
 * Return: 0, -ENOMEM, or the -errno of the write.
 */
int nsi_render_snapshot(FILE *out, const struct nsi_model *m,
			const struct nsi_snapshot_meta *meta);

/**
 * nsi_render_snapshot_file() - nsi_render_snapshot() into the file @path,
 * whole or not at all (replace-file.h): written to a new file
 * PATH.tmp.XXXXXX beside it (mode 0600: command lines may hold secrets),
 * flushed to disk (fsync(2)), then renamed over @path (rename(2)), so a reader (a collector picking files
 * up) never sees half a document; the temporary file is removed on error.
 * @path: the file.
 * @m, @meta: as nsi_render_snapshot().
 *
 * Return: 0, or -errno (of mkostemp(3), the write, fsync(2), rename(2)).
 */
int nsi_render_snapshot_file(const char *path, const struct nsi_model *m,
			     const struct nsi_snapshot_meta *meta);

#endif /* NSI_RENDER_SNAPSHOT_H */
