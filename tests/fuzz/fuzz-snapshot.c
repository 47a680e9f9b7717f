/*
 * fuzz-snapshot.c - libFuzzer harness of nsi_snapshot_read() (snapshot.h,
 * src/scan/snapshot-read.c, snapshot-json.c, snapshot-ctr.c,
 * snapshot-ns.c): a snapshot document from another machine, parsed with
 * json-c and rebuilt into a model.
 *
 * Each input is read from a memfd (the loader reads a file descriptor to
 * its end, so no read past the input is possible), into a fresh model.
 * It must return 0 or one of the documented errors; on an error the
 * reason is set and ends within its buffer.  A document it takes is
 * written again (nsi_render_snapshot()), and that text loaded and written
 * once more must give the same bytes: what the loader takes, the writer
 * writes back as it was.  Every model is released: LeakSanitizer
 * reports anything left behind.
 *
 * Build and run (scripts/fuzz builds every harness):
 *   scripts/fuzz 60
 *   $BUILD/fuzz-snapshot -max_len=262144 -dict=tests/fuzz/snapshot.dict \
 *       CORPUS_COPY tests/fuzz/corpus/snapshot
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "model.h"
#include "render-snapshot.h"
#include "snapshot.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Load @size bytes of @data: the loader's return value. */
static int load(const void *data, size_t size, struct nsi_model *m,
		struct nsi_snapshot_meta *meta, struct nsi_snapshot_error *e)
{
	int fd = memfd_create("snapshot", MFD_CLOEXEC), rc;

	if (fd < 0 || (size && write(fd, data, size) != (ssize_t)size) ||
	    lseek(fd, 0, SEEK_SET) != 0)
		abort();
	nsi_model_init(m);
	rc = nsi_snapshot_read(fd, m, meta, e);
	close(fd);
	return rc;
}

static char *render(const struct nsi_model *m,
		    const struct nsi_snapshot_meta *meta, size_t *len)
{
	char *text = NULL;
	FILE *f = open_memstream(&text, len);

	if (!f || nsi_render_snapshot(f, m, meta) < 0 || fclose(f) != 0)
		abort();
	return text;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nsi_snapshot_meta meta;
	struct nsi_snapshot_error e;
	struct nsi_model m;
	size_t len1, len2;
	char *one, *two;
	int rc = load(data, size, &m, &meta, &e);

	if (rc < 0) {
		if (rc != -EINVAL && rc != -EBADMSG && rc != -EPROTONOSUPPORT &&
		    rc != -ENOMEM)
			abort();
		if (rc != -ENOMEM && (!e.reason[0] ||
		    !memchr(e.reason, 0, sizeof(e.reason)) ||
		    !memchr(e.path, 0, sizeof(e.path))))
			abort();
		nsi_model_release(&m);
		return 0;
	}
	one = render(&m, &meta, &len1);
	nsi_model_release(&m);
	if (load(one, len1, &m, &meta, &e) != 0)
		abort();	/* the writer wrote what the loader refuses */
	two = render(&m, &meta, &len2);
	nsi_model_release(&m);
	if (len1 != len2 || memcmp(one, two, len1))
		abort();
	free(one);
	free(two);
	return 0;
}
