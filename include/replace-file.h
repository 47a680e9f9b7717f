/*
 * replace-file.h - a file written whole or not at all (replace-file.c):
 * written under a temporary name in the directory of its path, then
 * renamed over it (rename(2) replaces the old file in one step), so that
 * a reader such as node_exporter's textfile collector sees the old file
 * or the new one, never a part of either.
 */
#ifndef NSI_REPLACE_FILE_H
#define NSI_REPLACE_FILE_H

#include <stdio.h>
#include <sys/types.h>

/**
 * struct nsi_replace - a file being written under a temporary name.
 * @f:    the stream to write to (owned until nsi_replace_commit() or
 *        nsi_replace_abort()).
 * @path: the final path (borrowed from the caller: it must live as long).
 * @tmp:  the temporary path: @path followed by ".tmp.XXXXXX" (a name
 *        no "*.prom" or similar pattern of a reader matches); owned.
 */
struct nsi_replace {
	FILE *f;
	const char *path;
	char *tmp;
};

/**
 * nsi_replace_open() - create the temporary file of @path: mkostemp(3)
 * (O_EXCL: never a file or link someone put there) in the same directory,
 * so that the rename stays on one file system, with @mode less the umask.
 * @r:    filled.
 * @path: the file to replace or create.
 * @mode: its permission bits before the umask: 0666 gives what a shell's
 *        "> file" would (--metrics: node_exporter's own user reads it),
 *        0600 keeps it to its owner (--snapshot: command lines may hold
 *        secrets).
 *
 * Return: 0, or -errno (of mkostemp(3), fchmod(2), or -ENOMEM); nothing
 * is left behind then.
 */
int nsi_replace_open(struct nsi_replace *r, const char *path, mode_t mode);

/**
 * nsi_replace_commit() - end the writing: flush @r->f, fsync(2) it (so
 * that after a crash the new name never shows an empty file) and close
 * it, then rename(2) the temporary file over @r->path.  On any error (a write that
 * failed before, a full disk at the flush, the rename) the temporary file
 * is removed and @r->path is left as it was.
 * @r: opened by nsi_replace_open(); released here in every case.
 *
 * Return: 0, or -errno of the first failure (-EIO when the stream's
 * error has no errno).
 */
int nsi_replace_commit(struct nsi_replace *r);

/**
 * nsi_replace_abort() - give up: close @r->f and remove the temporary
 * file; @r->path is left as it was.
 * @r: opened by nsi_replace_open(); released here.
 */
void nsi_replace_abort(struct nsi_replace *r);

#endif /* NSI_REPLACE_FILE_H */
