/*
 * podman.h - the names and images of Podman's containers, rootful and
 * rootless (podman.c): from Podman's Docker-compatible API service, or
 * from the containers.json of its storage; never by running podman(1).
 */
#ifndef NSI_PODMAN_H
#define NSI_PODMAN_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "model.h"
#include "podman-user.h"

/** NSI_PODMAN_SOCKET - where rootful Podman's API service listens
 * (podman-system-service(1)); a rootless user's listens at
 * NSI_RUN_USER/UID/podman/podman.sock. */
#define NSI_PODMAN_SOCKET "/run/podman/podman.sock"
/** NSI_PODMAN_STORAGE - rootful Podman's storage (containers-storage.conf(5)
 * graphroot); a rootless user's is ~/.local/share/containers/storage. */
#define NSI_PODMAN_STORAGE "/var/lib/containers/storage"
/** NSI_PODMAN_STORE_MAX - the largest containers.json of root's storage
 * read, in bytes. */
#define NSI_PODMAN_STORE_MAX (8u << 20)
/**
 * NSI_PODMAN_USER_MAX - the largest answer of a user's Podman API service,
 * and the largest containers.json of a user's storage, read, in bytes:
 * what the user writes, root parses.  An entry of either is about 1 KiB
 * (64-hex ID, names, image, layer, labels; an API entry with a few
 * ports and mounts up to 2 KiB), so 1 MiB holds 500 to 1000 containers
 * of one user, far more than a desktop's or a CI runner's, and costs
 * about 10 ms to parse.
 */
#define NSI_PODMAN_USER_MAX (1u << 20)
/** NSI_PODMAN_FILES_MS - how long past the engines' deadline a run may
 * still read Podman's files (and the live view, each look): the files of
 * the users not reached by then are counted (@cut) and not read. */
#define NSI_PODMAN_FILES_MS 200

/**
 * nsi_podman_store_parse() - name podman containers of @m from the text
 * of a Podman storage's containers.json (an array of {"id", "names",
 * "metadata"}, "metadata" a JSON text with "image-name"); those of
 * @owner's only (nsi_engine_container()), and only those still unnamed.
 * @m:     the model.
 * @owner: the UID whose storage it is, -1 for the rootful one.
 * @buf:   the text.
 * @len:   its length.
 *
 * Return: the number named, -EBADMSG, -ENOMEM.
 */
int nsi_podman_store_parse(struct nsi_model *m, long owner, const char *buf,
			   size_t len);

/**
 * nsi_podman_wanted() - does @m have a podman container not named yet,
 * or one of runtime "unknown" (rootful Podman may list it)?
 * @m: the model.
 *
 * Return: 1 or 0.
 */
int nsi_podman_wanted(const struct nsi_model *m);

/**
 * struct nsi_podman_seen - a containers.json as it was when last read
 * (nsi_podman_query()): the live view reads it again only when it
 * changed (its inode, size, mtime or ctime) or when the containers of its
 * owner that are unnamed are not those of that read.
 * @owner:   the UID whose storage it is, -1 for the rootful one.
 * @driver:  the index of the storage driver (overlay, vfs).
 * @dev:     st_dev, with @ino, @size, @mtim, @ctim: its fstat(2).
 * @unnamed: a hash of the IDs of @owner's containers unnamed then.
 */
struct nsi_podman_seen {
	long owner;
	unsigned int driver;
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtim;
	struct timespec ctim;
	uint64_t unnamed;
};

/**
 * struct nsi_podman_answer - how asking Podman went.
 * @err:   positive errno of the first API service that failed other than
 *         by not running (nsi_engine_strerror()), 0 when none.
 * @where: its socket.
 * @cut:   containers.json files not read, of the last nsi_podman_query():
 *         past their size limit (NSI_PODMAN_STORE_MAX, a user's
 *         NSI_PODMAN_USER_MAX), or users' storages not reached within
 *         NSI_PODMAN_FILES_MS past the deadline.
 * @seen:  the files read, as they were (owned; nsi_podman_answer_release()
 *         frees them); @nseen of them, sorted by owner and driver.
 * @seen_alloc: the number of records allocated at @seen (nsi_grow()).
 */
struct nsi_podman_answer {
	int err;
	char where[64];
	size_t cut;
	struct nsi_podman_seen *seen;
	size_t nseen;
	size_t seen_alloc;
};

/**
 * nsi_podman_answer_release() - free what @a holds (@a->seen); @a itself
 * is the caller's.
 * @a: the answer.
 */
void nsi_podman_answer_release(struct nsi_podman_answer *a);

/**
 * nsi_podman_query() - name the podman containers of @m: the rootful
 * ones (and "unknown" ones it lists) from the API service at
 * NSI_PODMAN_SOCKET, a socket of root's, then those still unnamed from
 * NSI_PODMAN_STORAGE's containers.json; each user's rootless ones from
 * its API service (NSI_RUN_USER/UID/podman/podman.sock, a socket of the
 * user's, not a symlink), then from its storage's containers.json
 * (HOME/.local/share/containers/storage, read as nsi_podman_rootless()
 * reads).  A user's service or files name only its own containers.
 * Never runs podman(1).  Bounded: a user's answer and files are taken up
 * to NSI_PODMAN_USER_MAX bytes (root's: 16 MiB, NSI_PODMAN_STORE_MAX),
 * the API services are asked within @deadline_ms, and files are read
 * until NSI_PODMAN_FILES_MS past it (the live view: past the call); a
 * file unchanged since @a's last read of it (@a->seen) is not read
 * again.  What was not read is counted in @a->cut.
 * @m:           the model, finished.
 * @deadline_ms: CLOCK_MONOTONIC time (ms) by which the API services must
 *               have answered; 0 to ask no service (files only: the
 *               live view, which never waits).
 * @a:           filled with the first failure and what was cut; its
 *               @seen kept from call to call (zeroed before the first).
 *
 * Return: 0, or -ENOMEM.
 */
int nsi_podman_query(struct nsi_model *m, long long deadline_ms,
		     struct nsi_podman_answer *a);

/**
 * nsi_podman_users_caps() - the capabilities reading rootless Podman's
 * state takes (nsi_view_caps()): CAP_DAC_READ_SEARCH when a directory
 * NSI_RUN_USER/UID (mode 0700, the user's) of a UID other than root's
 * has a directory containers (a rootless Podman has run), and
 * CAP_DAC_OVERRIDE when one has a socket podman/podman.sock (connect(2)
 * takes write permission on it).  At most
 * NSI_PODMAN_USERS_MAX entries are looked at, one lstat(2) each.
 *
 * Return: a mask of capability numbers, 0 when no user has one.
 */
uint64_t nsi_podman_users_caps(void);

#endif /* NSI_PODMAN_H */
