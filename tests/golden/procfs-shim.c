/*
 * procfs-shim.c - LD_PRELOAD library of the golden tests (tests/ts/golden.sh):
 * fstatfs(2) of a file on the recorded machine's tree, bind-mounted over
 * /proc, says PROC_SUPER_MAGIC.  nsinspect checks that /proc is procfs
 * (nsi_procfs_check()) before it reads anything; this is the one answer the
 * replay fakes.  Every other call reaches the C library unchanged.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/vfs.h>

int fstatfs(int fd, struct statfs *buf)
{
	static int (*real)(int, struct statfs *);
	struct stat proc, st;
	int rc;

	if (!real)
		real = (int (*)(int, struct statfs *))dlsym(RTLD_NEXT,
							      "fstatfs");
	rc = real(fd, buf);
	if (rc == 0 && fstat(fd, &st) == 0 && stat("/proc", &proc) == 0 &&
	    st.st_dev == proc.st_dev)
		buf->f_type = PROC_SUPER_MAGIC;
	return rc;
}
