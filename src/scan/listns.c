/*
 * listns.c - the namespaces listns(2) lists, opened by their ID through
 * nsfs file handles (listns.h).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "listns.h"
#include "nsenter.h"

_Static_assert(sizeof(struct nsi_ns_id_req) == NS_ID_REQ_SIZE_VER0,
	       "struct ns_id_req version 0 is 32 bytes");

/* IDs asked per listns(2) call: 4 KiB of them. */
#define NSI_LISTNS_BATCH 512

/* The probe's answer: -1 not asked yet, else 0 or 1; and its errno. */
static int probed = -1;
static int probe_errno;

static long sys_listns(const struct nsi_ns_id_req *req, uint64_t *ids,
		       size_t n, unsigned int flags)
{
	return syscall(__NR_listns, req, ids, n, flags);
}

int nsi_listns_probe(void)
{
	struct nsi_ns_id_req req = { .size = sizeof(req) };

	if (probed >= 0)
		return probed;
	/*
	 * An unknown flag: a kernel with listns(2) refuses it with EINVAL
	 * before it reads the request or walks anything (kernel/nstree.c);
	 * one without says ENOSYS.
	 */
	if (sys_listns(&req, NULL, 0, ~0u) < 0 && errno == EINVAL) {
		probed = 1;
		probe_errno = 0;
	} else {
		probed = 0;
		probe_errno = errno ? errno : ENOSYS;
	}
	return probed;
}

int nsi_listns_probe_errno(void)
{
	return probed == 0 ? probe_errno : 0;
}

/*
 * Namespace @id of @type: added to @m with a holder that keeps the ID
 * when @m lacks it.  0 (also when it cannot be opened: skipped) or
 * -errno.
 */
static int add_id(struct nsi_model *m, enum nsi_ns_type type, uint64_t id,
		  size_t *added)
{
	struct nsi_nsfs_handle h = { .ns_id = id };
	struct nsi_ns *ns;
	struct stat st;
	int fd, rc;

	fd = nsi_ns_open_handle(&h, O_PATH | O_CLOEXEC);
	if (fd == -ENOMEM || fd == -EMFILE || fd == -ENFILE)
		return fd;
	if (fd < 0)
		return 0;
	rc = fstat(fd, &st) < 0 ? -errno : 0;
	close(fd);
	if (rc < 0 || nsi_model_get_ns(m, type, st.st_ino, 0))
		return 0;
	ns = nsi_model_get_ns(m, type, st.st_ino, 1);
	if (!ns)
		return -ENOMEM;
	rc = nsi_ns_add_listed(ns, id);
	if (rc < 0)
		return rc;
	(*added)++;
	return 0;
}

/* Every namespace of @type that listns(2) lists: 0 or -errno. */
static int add_type(struct nsi_model *m, enum nsi_ns_type type,
		    size_t *added)
{
	struct nsi_ns_id_req req = {
		.size = sizeof(req),
		.ns_type = (uint32_t)nsi_ns_clone_flag(type),
	};
	uint64_t ids[NSI_LISTNS_BATCH];
	long n, i;
	int rc;

	for (;;) {
		n = sys_listns(&req, ids, NSI_LISTNS_BATCH, 0);
		if (n < 0)
			return errno == ENOENT ? 0 : -errno;
		for (i = 0; i < n; i++)
			if ((rc = add_id(m, type, ids[i], added)) < 0)
				return rc;
		if (n < NSI_LISTNS_BATCH)
			return 0;
		req.ns_id = ids[n - 1];
	}
}

int nsi_listns_add(struct nsi_model *m, size_t *added)
{
	int t, rc;

	*added = 0;
	if (!nsi_listns_probe())
		return 0;
	for (t = 0; t < NSI_NS_NTYPES; t++) {
		if (!m->have_type[t] || !nsi_ns_clone_flag(t))
			continue;
		rc = add_type(m, t, added);
		if (rc < 0)
			return rc;
	}
	return 0;
}
