/*
 * proc-status.c - the reader of /proc/PID/status (proc(5)) for the fields
 * libproc2 4.0.2 does not give: the capability masks, NoNewPrivs, Seccomp,
 * Seccomp_filters and NSpid.  Files are opened relative to a proc-root
 * directory fd so that unit tests read fixture trees.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "proc-status.h"
#include "procfs.h"
#include "users.h"
#include "util.h"

/* Skip spaces and tabs. */
static const char *skip_blank(const char *s, const char *end)
{
	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	return s;
}

/* A mask: 1 to 16 hex digits, then only blanks to the end of the line. */
static int parse_mask(const char *s, const char *end, uint64_t *mask)
{
	uint64_t v = 0;
	int n = 0;

	s = skip_blank(s, end);
	for (; s < end && nsi_hexval(*s) >= 0; s++, n++) {
		if (n == 16)
			return -1;
		v = (v << 4) | (uint64_t)nsi_hexval(*s);
	}
	if (n == 0 || skip_blank(s, end) != end)
		return -1;
	*mask = v;
	return 0;
}

/* A decimal number from 0 to INT_MAX, alone on the rest of the line. */
static int parse_int(const char *s, const char *end, const char **next,
		     int *val)
{
	unsigned long long v;

	s = skip_blank(s, end);
	if (nsi_parse_decimal(&s, end, INT_MAX, &v) < 0)
		return -1;
	*val = (int)v;
	if (next) {
		*next = s;
		return 0;
	}
	return skip_blank(s, end) == end ? 0 : -1;
}

/* A UID: 0 to 4294967295, followed by a blank or the end of the line. */
static int parse_uid(const char *s, const char *end, const char **next,
		     uid_t *val)
{
	unsigned long long v;

	s = skip_blank(s, end);
	if (nsi_parse_decimal(&s, end, 0xffffffffULL, &v) < 0 ||
	    (s < end && *s != ' ' && *s != '\t'))
		return -1;
	*val = (uid_t)v;
	*next = s;
	return 0;
}

static int parse_nspid(const char *s, const char *end, struct nsi_status *st)
{
	int levels = 0, v;

	s = skip_blank(s, end);
	while (s < end) {
		if (levels == NSI_NSPID_MAX ||
		    parse_int(s, end, &s, &v) < 0)
			return -1;
		st->nspid[levels++] = v;
		s = skip_blank(s, end);
	}
	if (!levels)
		return -1;
	st->nspid_levels = levels;
	return 0;
}

/* The keys of status(5) lines that are read; each line is one. */
enum status_key {
	K_CAP,			/* + the set: CapInh: .. CapAmb: */
	K_NNP = K_CAP + NSI_CAP_NSETS, K_SECCOMP_FILTERS, K_SECCOMP, K_NAME,
	K_STATE, K_THREADS, K_KTHREAD, K_TGID, K_PPID, K_UID, K_NSPID
};

#define KEY(s, id)	{ s, sizeof(s) - 1, id }
static const struct {
	const char *text;	/* with its colon */
	size_t len;
	int id;
} status_keys[] = {	/* by first byte: key_range() */
	KEY("CapInh:", K_CAP + NSI_CAP_INH), KEY("CapPrm:", K_CAP + NSI_CAP_PRM),
	KEY("CapEff:", K_CAP + NSI_CAP_EFF), KEY("CapBnd:", K_CAP + NSI_CAP_BND),
	KEY("CapAmb:", K_CAP + NSI_CAP_AMB),
	KEY("NoNewPrivs:", K_NNP), KEY("Name:", K_NAME), KEY("NSpid:", K_NSPID),
	KEY("Seccomp_filters:", K_SECCOMP_FILTERS), KEY("Seccomp:", K_SECCOMP),
	KEY("State:", K_STATE),
	KEY("Threads:", K_THREADS), KEY("Tgid:", K_TGID),
	KEY("Kthread:", K_KTHREAD), KEY("PPid:", K_PPID), KEY("Uid:", K_UID),
};
#undef KEY

/* The entries of status_keys[] that start with @c: [*lo, *hi). */
static void key_range(char c, size_t *lo, size_t *hi)
{
	switch (c) {
	case 'C': *lo = 0; *hi = 5; break;
	case 'N': *lo = 5; *hi = 8; break;
	case 'S': *lo = 8; *hi = 11; break;
	case 'T': *lo = 11; *hi = 13; break;
	case 'K': *lo = 13; *hi = 14; break;
	case 'P': *lo = 14; *hi = 15; break;
	case 'U': *lo = 15; *hi = 16; break;
	default: *lo = *hi = 0; break;
	}
}

/*
 * The key of the line [s, end), among those that start with its first
 * byte (a status file has some 60 lines, of which 16 are read); -1 for a
 * line not read.  *val is set past the colon.
 */
static int line_key(const char *s, const char *end, const char **val)
{
	size_t i, hi, n = (size_t)(end - s);

	if (!n)
		return -1;
	for (key_range(*s, &i, &hi); i < hi; i++)
		if (status_keys[i].len <= n &&
		    memcmp(s, status_keys[i].text, status_keys[i].len) == 0) {
			*val = s + status_keys[i].len;
			return status_keys[i].id;
		}
	return -1;
}

/* The int after a line's key, kept when in [@min, @max], else malformed. */
static void take_int(const char *s, const char *end, struct nsi_status *st,
		     int *dst, int min, int max)
{
	int v;

	if (parse_int(s, end, NULL, &v) == 0 && v >= min && v <= max)
		*dst = v;
	else
		st->malformed++;
}

static void parse_line(const char *s, const char *end, struct nsi_status *st)
{
	int key = line_key(s, end, &s);
	size_t n;

	if (key < 0)
		return;
	if (key < K_CAP + NSI_CAP_NSETS) {
		if (parse_mask(s, end, &st->cap[key - K_CAP]) == 0)
			st->cap_known |= 1u << (key - K_CAP);
		else
			st->malformed++;
		return;
	}
	switch (key) {
	case K_NNP:
		take_int(s, end, st, &st->no_new_privs, INT_MIN, 1);
		break;
	case K_SECCOMP_FILTERS:
		take_int(s, end, st, &st->seccomp_filters, INT_MIN, INT_MAX);
		break;
	case K_SECCOMP:
		take_int(s, end, st, &st->seccomp, INT_MIN, NSI_SECCOMP_FILTER);
		break;
	case K_NAME:
		if (s < end && *s == '\t')
			s++;
		n = (size_t)(end - s);
		if (n >= sizeof(st->name))
			n = sizeof(st->name) - 1;
		memcpy(st->name, s, n);
		st->name[n] = '\0';
		break;
	case K_STATE:
		s = skip_blank(s, end);
		if (s < end && *s >= 'A' && *s <= 'z')
			st->state = *s;
		else
			st->malformed++;
		break;
	case K_THREADS:
		take_int(s, end, st, &st->threads, 1, INT_MAX);
		break;
	case K_KTHREAD:
		take_int(s, end, st, &st->kthread, INT_MIN, 1);
		break;
	case K_TGID:
		take_int(s, end, st, &st->tgid, 1, INT_MAX);
		break;
	case K_PPID:
		take_int(s, end, st, &st->ppid, INT_MIN, INT_MAX);
		break;
	case K_UID:
		/* real, effective, saved, filesystem: keep the first two */
		if (parse_uid(s, end, &s, &st->ruid) == 0 &&
		    parse_uid(s, end, &s, &st->euid) == 0)
			st->have_euid = 1;
		else
			st->malformed++;
		break;
	case K_NSPID:
		if (parse_nspid(s, end, st) < 0) {
			st->nspid_levels = 0;
			st->malformed++;
		}
		break;
	}
}

int nsi_status_parse(const char *buf, size_t len, struct nsi_status *st)
{
	const char *s = buf, *end = buf + len;

	nsi_status_init(st);
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		const char *eol = nl ? nl : end;

		parse_line(s, eol, st);
		s = nl ? nl + 1 : end;
	}
	return st->malformed ? -EBADMSG : 0;
}

/* Read and parse the status file at @path below @dirfd. */
static int read_status_at(int dirfd, const char *path, struct nsi_status *st)
{
	char stackbuf[4096], *buf;
	size_t len;
	int rc;

	nsi_status_init(st);
	rc = nsi_procfs_read(dirfd, path, stackbuf, sizeof(stackbuf), &buf,
			     &len);
	if (rc < 0)
		return rc;
	rc = nsi_status_parse(buf, len, st);
	nsi_procfs_read_done(buf, stackbuf);
	return rc;
}

int nsi_status_read(int procfd, pid_t pid, struct nsi_status *st)
{
	char path[32];

	snprintf(path, sizeof(path), "%d/status", (int)pid);
	return read_status_at(procfd, path, st);
}

/* p->user: the name of *@uid, "?" when NULL: 0 or -ENOMEM. */
static int set_user(struct nsi_proc *p, const uid_t *uid)
{
	const char *name = uid ? nsi_user_name(*uid) : "?";

	free(p->user);
	p->user = name ? strdup(name) : NULL;
	return p->user ? 0 : -ENOMEM;
}

int nsi_proc_read_status(const struct nsi_pin *pin, struct nsi_proc *p)
{
	char path[32];
	int rc;

	rc = read_status_at(pin->dirfd,
			    nsi_pin_name(pin, "status", path, sizeof(path)),
			    &p->status);
	p->have_status = rc == 0 || rc == -EBADMSG;
	p->status_errno = 0;
	if (!p->have_status) {
		if (rc == -ENOENT || rc == -ESRCH)
			return 1;	/* exited meanwhile */
		p->status_errno = -rc;
	}
	p->uid = p->status.have_euid ? p->status.euid : 0;
	return set_user(p, p->status.have_euid ? &p->uid : NULL);
}

int nsi_proc_read_stat(const struct nsi_pin *pin, struct nsi_proc *p)
{
	struct nsi_stat st;
	struct stat sb;
	char path[32];
	int rc;

	rc = nsi_pin_stat(pin, &st);
	if (rc == -ENOENT || rc == -ESRCH)
		return 1;	/* exited meanwhile */
	if (rc < 0) {
		p->status_errno = -rc;
		return set_user(p, NULL);
	}
	p->have_stat = 1;
	p->start_time = st.start_time;
	p->status.ppid = st.ppid;
	p->status.state = st.state;
	p->status.threads = st.threads > INT_MAX ? INT_MAX : (int)st.threads;
	p->status.kthread = (st.flags & NSI_PF_KTHREAD) != 0;
	memcpy(p->status.name, st.comm, sizeof(p->status.name));
	/*
	 * The owner of the PROC/PID directory is the effective UID, also of
	 * a process that is not dumpable (whose files root owns): proc(5),
	 * task_dump_owner(), the way ps(1) and lsns(8) read it.
	 */
	if (fstatat(pin->dirfd, nsi_pin_name(pin, ".", path, sizeof(path)),
		    &sb, 0) < 0)
		return errno == ENOENT || errno == ESRCH ? 1 : set_user(p, NULL);
	p->uid = sb.st_uid;
	p->status.euid = sb.st_uid;
	p->status.have_euid = 1;
	return set_user(p, &p->uid);
}
