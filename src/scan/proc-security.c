/*
 * proc-security.c - the file capabilities of a process's executable and
 * its LSM label (proc-security.h), through its pin.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "caps.h"
#include "proc-security.h"

int nsi_proc_read_filecaps(const struct nsi_pin *pin, struct nsi_proc *p)
{
	char name[32], path[40];
	struct statfs fs;
	int fd, rc;

	p->filecaps_read = 1;
	p->filecaps_errno = 0;
	/*
	 * O_PATH: the executable is reached (a ptrace read check, as for
	 * the namespace links) but not opened for reading, which its mode
	 * may refuse to root without CAP_DAC_OVERRIDE; the attribute is
	 * then read through /proc/self/fd, as getxattr(2) of a path.
	 */
	fd = openat(pin->dirfd, nsi_pin_name(pin, "exe", name, sizeof(name)),
		    O_PATH | O_CLOEXEC);
	if (fd < 0) {
		rc = errno;
		if (rc == ENOENT || rc == ESRCH)
			return 0;	/* no executable: a kernel thread */
		p->filecaps_errno = rc;
		return 0;
	}
	/*
	 * An executable on a FUSE file system (any user can mount one, in a
	 * user namespace of its own) is not asked: its daemon could stall
	 * getxattr(2), and root's scan with it.
	 */
	if (fstatfs(fd, &fs) == 0 && fs.f_type == FUSE_SUPER_MAGIC) {
		close(fd);
		p->filecaps_errno = EREMOTE;
		return 0;
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	free(p->filecaps);
	rc = nsi_cap_file_text(path, &p->filecaps);
	close(fd);
	if (rc == -ENOMEM)
		return rc;
	if (rc < 0)
		p->filecaps_errno = -rc;
	return 0;
}

/*
 * attr/apparmor/current when the kernel has it, else attr/current: of
 * the process, or of its thread @tid (task/TID/attr: a label is per
 * thread).
 */
static int read_attr(const struct nsi_pin *pin, pid_t tid, char *stackbuf,
		     size_t size, char **buf, size_t *len)
{
	static const char *const files[] = {
		"attr/apparmor/current", "attr/current"
	};
	char rel[64], name[96];
	size_t i;
	int rc = -ENOENT;

	for (i = 0; rc == -ENOENT && i < 2; i++) {
		if (tid)
			snprintf(rel, sizeof(rel), "task/%d/%s", (int)tid,
				 files[i]);
		else
			snprintf(rel, sizeof(rel), "%s", files[i]);
		rc = nsi_procfs_read(pin->dirfd,
				     nsi_pin_name(pin, rel, name, sizeof(name)),
				     stackbuf, size, buf, len);
	}
	return rc;
}

int nsi_proc_read_lsm(const struct nsi_pin *pin, struct nsi_proc *p)
{
	char stackbuf[512], *buf;
	size_t len;
	int rc;

	p->lsm_read = 1;
	p->lsm_errno = 0;
	rc = read_attr(pin, p->tid, stackbuf, sizeof(stackbuf), &buf, &len);
	if (rc == -ENOMEM)
		return rc;
	if (rc < 0) {
		/* ENOENT or ESRCH: it exited, or a kernel without them */
		p->lsm_errno = -rc;
		return 0;
	}
	/* SELinux ends it with a NUL, AppArmor with a newline */
	while (len && (buf[len - 1] == '\n' || buf[len - 1] == '\0'))
		len--;
	free(p->lsm);
	p->lsm = len ? strndup(buf, len) : NULL;
	nsi_procfs_read_done(buf, stackbuf);
	return len && !p->lsm ? -ENOMEM : 0;
}
