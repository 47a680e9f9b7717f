/*
 * caps-default.c - the bounding set each container engine gives a
 * container by default: built-in lists (docs/default-caps.md names the
 * source of each), Podman's containers.conf(5) and an LXC container's
 * config (lxc.container.conf(5)), read as regular files (fileio.c), not
 * through a symlink, within a size cap.  The names are decoded by caps.c
 * (libcap).
 */
#include "config.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "caps.h"
#include "caps-default.h"
#include "fileio.h"

/*
 * The built-in lists, in the engines' own spelling, each from the source
 * named in docs/default-caps.md.
 */
static const char *const docker_names[] = {	/* moby, containerd 1.x */
	"CHOWN", "DAC_OVERRIDE", "FSETID", "FOWNER", "MKNOD", "NET_RAW",
	"SETGID", "SETUID", "SETFCAP", "SETPCAP", "NET_BIND_SERVICE",
	"SYS_CHROOT", "KILL", "AUDIT_WRITE", NULL
};
static const char *const crio_names[] = {	/* CRI-O 1.18 and later */
	"CHOWN", "DAC_OVERRIDE", "FSETID", "FOWNER", "SETGID", "SETUID",
	"SETPCAP", "NET_BIND_SERVICE", "KILL", NULL
};
static const char *const nspawn_names[] = {	/* arg_caps_retain */
	"AUDIT_CONTROL", "AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE",
	"DAC_READ_SEARCH", "FOWNER", "FSETID", "IPC_OWNER", "KILL", "LEASE",
	"LINUX_IMMUTABLE", "MKNOD", "NET_BIND_SERVICE", "NET_BROADCAST",
	"NET_RAW", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_ADMIN",
	"SYS_BOOT", "SYS_CHROOT", "SYS_NICE", "SYS_PTRACE", "SYS_RESOURCE",
	"SYS_TTY_CONFIG", NULL
};

/* the configuration files read, and how much of them */
#define CONF_MAX	(256 * 1024)	/* bytes of one file */
#define LXC_DEPTH	4		/* nested lxc.include */
#define LXC_FILES	64		/* files of one container's config */

#define PODMAN_CONF_USR	"/usr/share/containers/containers.conf"
#define PODMAN_CONF_ETC	"/etc/containers/containers.conf"
#define LXC_PATH	"/var/lib/lxc"
#define LXC_COMMON	"/usr/share/lxc/config/common.conf"

/* Computed once, as caps.c's masks (nsi_cap_dangerous()). */
uint64_t nsi_cap_docker_default(void)
{
	static uint64_t mask;
	static int done;

	if (!done) {
		mask = nsi_cap_mask_of_words(docker_names);
		done = 1;
	}
	return mask;
}

/*
 * Read a configuration file whole: a regular file (O_NOFOLLOW: not
 * through a symbolic link; O_NONBLOCK: a FIFO never blocks the open) of
 * at most CONF_MAX bytes.  @dirfd and @path as openat(2).  -EISDIR for a
 * directory, -EMEDIUMTYPE for anything else that is not a regular file.
 */
static int read_conf(int dirfd, const char *path, char **text)
{
	size_t len;
	int fd, rc;

	*text = NULL;
	fd = nsi_open_regular(dirfd, path, NSI_OPEN_NOFOLLOW | NSI_OPEN_EISDIR);
	if (fd < 0)
		return fd;
	rc = nsi_read_fd(fd, CONF_MAX, text, &len);
	close(fd);
	return rc;
}

static const char *skip_space(const char *s)
{
	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	return s;
}

/* The array value of a TOML key from its '[': names into @mask. */
static int toml_cap_array(const char *s, uint64_t *mask)
{
	uint64_t m = 0;
	int bit;

	if (*s++ != '[')
		return -EINVAL;
	for (;;) {
		const char *end;
		char q;

		s = skip_space(s);
		if (*s == '#') {		/* a comment to the end of line */
			s += strcspn(s, "\n");
			continue;
		}
		if (*s == ',') {
			s++;
			continue;
		}
		if (*s == ']')
			break;
		if (*s != '"' && *s != '\'')
			return -EINVAL;
		q = *s++;
		end = strchr(s, q);
		if (!end || memchr(s, '\n', (size_t)(end - s)) ||
		    nsi_cap_from_word(s, (size_t)(end - s), &bit) < 0)
			return -EINVAL;
		m |= 1ULL << bit;
		s = end + 1;
	}
	*mask = m;
	return 0;
}

int nsi_cap_containers_conf(const char *text, uint64_t *mask)
{
	static const char key[] = "default_capabilities";
	const char *line, *s;
	int in_containers = 0;

	for (line = text; *line; line += strcspn(line, "\n"),
	     line += *line == '\n') {
		s = line;
		while (*s == ' ' || *s == '\t')
			s++;
		if (*s == '[') {		/* a table: [containers] */
			size_t n;

			s++;
			while (*s == ' ' || *s == '\t')
				s++;
			n = strcspn(s, " \t]\n");
			in_containers = n == 10 &&
				!strncmp(s, "containers", n);
			s += n;
			while (*s == ' ' || *s == '\t')
				s++;
			in_containers &= *s == ']';
			continue;
		}
		if (!in_containers || strncmp(s, key, sizeof(key) - 1))
			continue;
		s += sizeof(key) - 1;
		while (*s == ' ' || *s == '\t')
			s++;
		if (*s != '=')
			continue;		/* a longer key */
		s++;
		while (*s == ' ' || *s == '\t')
			s++;
		return toml_cap_array(s, mask) < 0 ? -EINVAL : 1;
	}
	return 0;
}

/*
 * Podman's default: default_capabilities of [containers] in
 * /etc/containers/containers.conf, else in
 * /usr/share/containers/containers.conf (the later file overrides the
 * earlier, as containers.conf(5) says), else Podman 4.3's built-in list,
 * Docker's 14.  Read once per run.
 */
static void podman_default(uint64_t *mask, const char **name)
{
	static const char *const paths[] = { PODMAN_CONF_ETC,
					     PODMAN_CONF_USR };
	static uint64_t cmask;
	static const char *cname;
	size_t i;

	for (i = 0; !cname && i < 2; i++) {
		char *text;
		uint64_t m;

		if (read_conf(AT_FDCWD, paths[i], &text) < 0)
			continue;
		if (nsi_cap_containers_conf(text, &m) == 1) {
			cmask = m;
			cname = i ? "podman " PODMAN_CONF_USR :
				"podman " PODMAN_CONF_ETC;
		}
		free(text);
	}
	if (!cname) {
		cmask = nsi_cap_docker_default();
		cname = "podman built-in";
	}
	*mask = cmask;
	*name = cname;
}

/* What lxc.cap.drop and lxc.cap.keep said, in order. */
struct lxc_caps {
	uint64_t drop;
	uint64_t keep;
	int keep_set;
	int files;
};

/* the capabilities of an lxc.cap.drop or lxc.cap.keep value */
static uint64_t lxc_words(const char *s, size_t len)
{
	uint64_t m = 0;
	size_t i = 0;

	while (i < len) {
		size_t n;
		int bit;
		char *end;
		unsigned long num;

		while (i < len && (s[i] == ' ' || s[i] == '\t'))
			i++;
		for (n = 0; i + n < len && s[i + n] != ' ' &&
		     s[i + n] != '\t'; n++)
			;
		if (!n)
			break;
		if (nsi_cap_from_word(s + i, n, &bit) == 0) {
			m |= 1ULL << bit;
		} else if (isdigit((unsigned char)s[i])) {
			/* LXC also takes a capability's number */
			num = strtoul(s + i, &end, 10);
			if (end == s + i + n && num < 64)
				m |= 1ULL << num;
		}
		i += n;
	}
	return m;
}

static int lxc_file(int dirfd, const char *path, int depth,
		    struct lxc_caps *acc);

static int lxc_cmp(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int lxc_conf_filter(const struct dirent *d)
{
	size_t n = strlen(d->d_name);

	return d->d_name[0] != '.' && n > 5 &&
		!strcmp(d->d_name + n - 5, ".conf");
}

/* lxc.include of a directory: its *.conf files, by name */
static int lxc_dir(const char *path, int depth, struct lxc_caps *acc)
{
	struct dirent **ents = NULL;
	int fd, n, i, rc = 0;

	fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = scandirat(fd, ".", &ents, lxc_conf_filter, lxc_cmp);
	if (n < 0)
		rc = -errno;
	for (i = 0; i < n; i++) {
		if (!rc)
			rc = lxc_file(fd, ents[i]->d_name, depth, acc);
		free(ents[i]);
	}
	free(ents);
	close(fd);
	return rc;
}

static int lxc_file(int dirfd, const char *path, int depth,
		    struct lxc_caps *acc)
{
	char *text, *line, *next;
	int rc;

	if (depth > LXC_DEPTH || ++acc->files > LXC_FILES)
		return -ELOOP;
	rc = read_conf(dirfd, path, &text);
	if (rc == -EISDIR && dirfd == AT_FDCWD)
		return lxc_dir(path, depth, acc);
	if (rc < 0)
		return rc;
	for (line = text; line && !rc; line = next) {
		const char *k, *v;
		size_t klen, vlen;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		k = skip_space(line);
		if (*k == '#' || !strchr(k, '='))
			continue;
		klen = strcspn(k, " \t=");
		v = skip_space(strchr(k, '=') + 1);
		vlen = strlen(v);
		while (vlen && strchr(" \t\r", v[vlen - 1]))
			vlen--;
		if (klen == 12 && !strncmp(k, "lxc.cap.drop", 12)) {
			if (!vlen)
				acc->drop = 0;	/* an empty value clears */
			else
				acc->drop |= lxc_words(v, vlen);
		} else if (klen == 12 && !strncmp(k, "lxc.cap.keep", 12)) {
			if (!vlen) {
				acc->keep = 0;
				acc->keep_set = 0;
			} else {
				acc->keep_set = 1;
				if (vlen != 4 || strncmp(v, "none", 4))
					acc->keep |= lxc_words(v, vlen);
			}
		} else if (klen == 11 && !strncmp(k, "lxc.include", 11) &&
			   vlen && v[0] == '/') {
			char *inc = strndup(v, vlen);

			rc = inc ? lxc_file(AT_FDCWD, inc, depth + 1, acc) :
				-ENOMEM;
			free(inc);
		}
	}
	free(text);
	return rc;
}

int nsi_cap_lxc_config(const char *path, uint64_t ceiling, uint64_t *mask)
{
	struct lxc_caps acc = { 0 };
	int rc = lxc_file(AT_FDCWD, path, 0, &acc);

	if (rc < 0)
		return rc;
	/* lxc.cap.keep wins over lxc.cap.drop (lxc.container.conf(5)) */
	*mask = acc.keep_set ? acc.keep & ceiling : ceiling & ~acc.drop;
	return 0;
}

/* a container name LXC could have made a directory of */
static int lxc_name_ok(const char *id)
{
	size_t n = id ? strlen(id) : 0;

	return n && n < 256 && id[0] != '.' && !strchr(id, '/');
}

void nsi_cap_default(const char *runtime, const char *id, uint64_t ceiling,
		     struct nsi_cap_default *d)
{
	*d = (struct nsi_cap_default){ .known = 1 };
	if (!runtime) {
		d->mask = nsi_cap_all();
		d->name = "host";
	} else if (!strcmp(runtime, "docker") ||
		   !strcmp(runtime, "containerd") || !strcmp(runtime, "cri")) {
		d->mask = nsi_cap_docker_default();
		d->name = !strcmp(runtime, "docker") ? "docker" :
			!strcmp(runtime, "cri") ? "cri (containerd's)" :
			"containerd";
	} else if (!strcmp(runtime, "cri-o")) {
		d->mask = nsi_cap_mask_of_words(crio_names);
		d->name = "cri-o";
	} else if (!strcmp(runtime, "podman")) {
		podman_default(&d->mask, &d->name);
	} else if (!strcmp(runtime, "nspawn")) {
		d->mask = nsi_cap_mask_of_words(nspawn_names);
		d->name = "nspawn";
	} else if (!strcmp(runtime, "lxc")) {
		char path[sizeof(LXC_PATH) + 256 + sizeof("/config")];

		snprintf(path, sizeof(path), "%s/%s/config", LXC_PATH,
			 lxc_name_ok(id) ? id : ".");
		if (lxc_name_ok(id) &&
		    nsi_cap_lxc_config(path, ceiling, &d->mask) == 0) {
			d->name = "lxc " LXC_PATH "/NAME/config";
		} else if (nsi_cap_lxc_config(LXC_COMMON, ceiling,
					      &d->mask) == 0) {
			d->name = "lxc " LXC_COMMON;
		} else {
			d->mask = ceiling;	/* LXC drops nothing itself */
			d->name = "lxc (no config read)";
		}
	} else {
		d->known = 0;
		d->name = "none";
	}
	if (runtime)
		d->mask &= ceiling;
}

void nsi_cap_defaults_fill(struct nsi_model *m)
{
	const struct nsi_proc *init = nsi_model_find_proc(m, 1);
	uint64_t ceiling = nsi_cap_all();
	size_t i;

	if (init && init->have_status &&
	    (init->status.cap_known & (1u << NSI_CAP_BND)))
		ceiling = init->status.cap[NSI_CAP_BND];
	for (i = 0; i < m->ncontainers; i++) {
		struct nsi_container *c = m->containers[i];
		struct nsi_cap_default d;

		if (c->caps_default_name)
			continue;
		/* a user's LXC container is not the one of /var/lib/lxc */
		nsi_cap_default(c->runtime, c->rootless ? NULL : c->id,
				ceiling, &d);
		c->caps_default = d.mask;
		c->caps_default_known = d.known;
		c->caps_default_name = d.name;
	}
}

void nsi_proc_cap_default(const struct nsi_proc *p,
			  struct nsi_cap_default *d)
{
	const struct nsi_container *c = p->container;

	if (c && c->caps_default_name) {
		d->known = c->caps_default_known;
		d->mask = c->caps_default;
		d->name = c->caps_default_name;
		return;
	}
	nsi_cap_default(c ? c->runtime : NULL, c ? c->id : NULL,
			nsi_cap_all(), d);
}

int nsi_cap_against_default(uint64_t bnd, const struct nsi_cap_default *d,
			    uint64_t *added, uint64_t *dropped)
{
	*added = d->known ? bnd & ~d->mask : 0;
	*dropped = d->known ? d->mask & ~bnd : 0;
	return d->known;
}
