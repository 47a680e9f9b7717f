/*
 * snapshot-view.c - the scan of --snapshot (snapshot-view.h): the
 * one-shot scan of the namespace view, reading what the process view
 * reads too, then what each column would read (nsi_view_prepare()).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "nsfs.h"
#include "snapshot-view.h"
#include "view.h"

/* The columns whose reads a snapshot makes (nsi_view_prepare()). */
static const int snapshot_cols[] = {
	NSI_NSCOL_NETNSID, NSI_NSCOL_PNS, NSI_NSCOL_ONS, NSI_NSCOL_HOSTNAME,
	NSI_NSCOL_UID_MAP, NSI_NSCOL_GID_MAP
};
#define NCOLS (sizeof(snapshot_cols) / sizeof(snapshot_cols[0]))

static void snapshot_query(struct nsi_query *q, int net_detail)
{
	int t;

	*q = (struct nsi_query){ .view = NSI_VIEW_NS, .command = 1,
				 .net_detail = net_detail, .snapshot = 1 };
	for (t = 0; t < NSI_NS_NTYPES; t++)
		q->types[t] = 1;
}

uint64_t nsi_view_snapshot_caps(int net_detail, int procfd)
{
	struct nsi_query q;

	snapshot_query(&q, net_detail);
	return nsi_view_caps(&q, snapshot_cols, NCOLS, procfd);
}

/* Who and when: this build, the machine, the time the scan began. */
static void fill_meta(struct nsi_snapshot_meta *meta, int net_detail)
{
	struct utsname u;
	struct tm tm;
	time_t now = time(NULL);

	memset(meta, 0, sizeof(*meta));
	meta->version = NSI_SNAPSHOT_VERSION;
	meta->net_detail = net_detail;
	snprintf(meta->nsinspect_version, sizeof(meta->nsinspect_version),
		 "%s", PACKAGE_VERSION);
	if (uname(&u) == 0) {
		snprintf(meta->hostname, sizeof(meta->hostname), "%s",
			 u.nodename);
		snprintf(meta->kernel, sizeof(meta->kernel), "%s", u.release);
	}
	if (gmtime_r(&now, &tm))
		strftime(meta->time, sizeof(meta->time), "%Y-%m-%dT%H:%M:%SZ",
			 &tm);
}

int nsi_view_snapshot(struct nsi_model *m, int procfd, int net_detail,
		      struct nsi_snapshot_meta *meta)
{
	struct nsi_report *r = &meta->report;
	struct nsi_query q;
	ino_t self = 0;
	int rc;

	fill_meta(meta, net_detail);
	snapshot_query(&q, net_detail);
	if (nsi_ns_link_ino(procfd, getpid(), NSI_NS_NET, &self) == 0)
		meta->self_net = self;
	rc = nsi_view_scan(m, procfd, &q, r);
	if (rc < 0)
		return rc;
	/* every command line was read by the scan: no row to add */
	return nsi_view_prepare(m, procfd, &q, snapshot_cols, NCOLS, NULL, 0,
				r);
}

int nsi_view_input(const char *path, const struct nsi_query *q,
		   const int *cols, size_t ncols, struct nsi_model *m,
		   struct nsi_snapshot_meta *meta, struct nsi_report *r,
		   struct nsi_snapshot_error *err)
{
	size_t i;
	int rc = nsi_snapshot_read_path(path, m, meta, err);

	if (rc < 0)
		return rc;
	for (i = 0; i < ncols && q->view == NSI_VIEW_NS; i++)
		if (cols[i] == NSI_NSCOL_RULES && !meta->net_detail)
			return -ENODATA;
	if (q->net_detail && !meta->net_detail)
		return -ENODATA;
	*r = meta->report;
	/* what the live process view would not have read */
	if (q->view != NSI_VIEW_NS) {
		r->mounts_errno = 0;
		r->fds_unreadable = 0;
		r->fds_errno = 0;
		r->not_nsfs = 0;
		r->holders_omitted = 0;
		r->ns_over_limit = 0;
	}
	return 0;
}
