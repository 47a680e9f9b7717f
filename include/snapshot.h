/*
 * snapshot.h - a snapshot: the whole model of one scan as one JSON
 * document (nsinspect --snapshot, written by render-snapshot.c), and its
 * loader (snapshot-read.c), a collector whose one source is such a
 * document: it fills a struct nsi_model through the model's API as the
 * scan of another machine would have, reading nothing else (no /proc, no
 * engine).  The document is described by docs/nsinspect.schema.json
 * ("snapshot"); a document is untrusted (it comes from another machine):
 * every value is checked for its type and range.
 */
#ifndef NSI_SNAPSHOT_H
#define NSI_SNAPSHOT_H

#include <stddef.h>

#include "model.h"
#include "view.h"

/** NSI_SNAPSHOT_VERSION - the format version this build writes and the
 * newest it reads ("version"); a document of a later version is refused
 * (-EPROTONOSUPPORT), as its meaning may have changed. */
#define NSI_SNAPSHOT_VERSION 1

/** NSI_SNAPSHOT_MAX - the largest document read, in bytes (256 MiB:
 * 100,000 processes take about 100 MiB). */
#define NSI_SNAPSHOT_MAX (256u << 20)

/**
 * NSI_SNAPSHOT_OBJECTS_MAX, NSI_SNAPSHOT_VALUES_MAX - the most JSON
 * objects and arrays, and values, a document read may hold: json-c builds
 * the whole tree before any check, some hundred bytes per object, so a
 * file of "[{},{},...]" within NSI_SNAPSHOT_MAX would take tens of GB.
 * A snapshot takes about 9 objects and 50 values a process: these admit
 * 100,000 processes and bound the tree to about 1 GB.
 */
#define NSI_SNAPSHOT_OBJECTS_MAX	1000000u
#define NSI_SNAPSHOT_VALUES_MAX		8000000u

/**
 * struct nsi_snapshot_meta - what a snapshot says of the run that took
 * it, beside the model.
 * @version:     the format version ("version").
 * @nsinspect_version: PACKAGE_VERSION of the nsinspect that wrote it.
 * @hostname:    the machine's host name (uname(2) nodename).
 * @kernel:      its kernel release (uname(2) release).
 * @time:        when the scan was taken, RFC 3339 in UTC
 *               ("2026-12-01T11:30:00Z").
 * @net_detail:  1 when the network detail (interfaces, addresses,
 *               firewall rules) was read (--snapshot --detail).
 * @self_net:    the inode of the network namespace nsinspect ran in,
 *               the one whose netnsids nsi_ns.netnsid holds (veth peers
 *               are matched through it, nsi_netinfo_link_peers()); 0 when
 *               unknown.
 * @report:      what the scan could not read or see (struct nsi_report,
 *               "report" in the document), for the same warnings the live
 *               views print; its strings are checked to be printable.
 *
 * Strings are from the document: @hostname and @kernel may hold any
 * byte but NUL, and whoever shows them escapes them as any other
 * untrusted string (textsafe.h); @nsinspect_version, @time and the
 * report's strings are printable ASCII (checked by the loader).
 */
struct nsi_snapshot_meta {
	int version;
	char nsinspect_version[64];
	char hostname[256];
	char kernel[128];
	char time[64];
	int net_detail;
	ino_t self_net;
	struct nsi_report report;
};

/**
 * struct nsi_snapshot_error - why a document was refused, for one line.
 * @reason: a short reason ("not a number", "unknown namespace type",
 *          "version 7 is newer than this nsinspect reads (1)", ...).
 * @path:   where, as a JSON path ("$.namespaces[3].type"); "" for the
 *          document as a whole (not JSON, too large).
 */
struct nsi_snapshot_error {
	char reason[128];
	char path[128];
};

/**
 * nsi_snapshot_read() - load a snapshot from @fd into @m: processes with
 * their threads that differ, namespaces with their holders, nsfs paths,
 * owner, parent, netnsid, host name, ID maps and network detail,
 * containers, and the model's counters; then nsi_model_finish().  Reads
 * @fd to its end (at most NSI_SNAPSHOT_MAX bytes), nothing else.
 * @fd:   an open file (a regular file, a pipe); not closed.
 * @m:    an empty model (nsi_model_init()); on error it may hold part of
 *        the document: release it.
 * @meta: filled with the document's metadata and report.
 * @err:  filled with the reason and JSON path on -EINVAL, -EBADMSG,
 *        -EFBIG, -EPROTONOSUPPORT; may be NULL.
 *
 * Return: 0; -EBADMSG when it is not JSON, -EINVAL when a value is of the
 * wrong type, out of range or duplicated, -EPROTONOSUPPORT for a format
 * version this build does not know, -EFBIG past NSI_SNAPSHOT_MAX, -ENOMEM,
 * or the -errno of read(2).
 */
int nsi_snapshot_read(int fd, struct nsi_model *m,
		      struct nsi_snapshot_meta *meta,
		      struct nsi_snapshot_error *err);

/**
 * nsi_snapshot_read_path() - nsi_snapshot_read() of the file @path ("-":
 * standard input), opened read-only with O_CLOEXEC.
 * @path: the file.
 * @m, @meta, @err: as nsi_snapshot_read().
 *
 * Return: as nsi_snapshot_read(), or the -errno of open(2) (then @err
 * names no reason: print strerror with @path).
 */
int nsi_snapshot_read_path(const char *path, struct nsi_model *m,
			   struct nsi_snapshot_meta *meta,
			   struct nsi_snapshot_error *err);

#endif /* NSI_SNAPSHOT_H */
