/*
 * caps-hold - a test helper of nsinspect: set this process's capabilities
 * to exactly those of a cap_from_text(3) string, optionally raise ambient
 * capabilities, print "ready" and wait forever (until killed).
 *
 * Usage: caps-hold [-a CAP[,CAP...]] CAPTEXT
 *   CAPTEXT  e.g. "cap_chown,cap_net_raw=p cap_net_raw=e" or "=" (none);
 *            set with cap_set_proc(3).
 *   -a LIST  raise these ambient capabilities afterwards (each must be in
 *            CAPTEXT's permitted and inheritable sets; capabilities(7)).
 *
 * Exit status 1 (with a message on stderr) on any error.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>
#include <unistd.h>

static void usage(FILE *out)
{
	fputs("Usage: caps-hold [-a CAP[,CAP...]] CAPTEXT\n"
	      "Set the capabilities of CAPTEXT (cap_from_text(3) form), raise\n"
	      "the ambient capabilities of -a, print \"ready\" and wait.\n",
	      out);
}

/* Raise every capability of a comma-separated list in the ambient set. */
static int raise_ambient(const char *list)
{
	char *copy = strdup(list);
	char *save = NULL;
	char *name;
	int ret = 0;

	if (!copy) {
		perror("caps-hold: strdup");
		return -1;
	}
	for (name = strtok_r(copy, ",", &save); name;
	     name = strtok_r(NULL, ",", &save)) {
		cap_value_t cap;

		if (cap_from_name(name, &cap) != 0) {
			fprintf(stderr, "caps-hold: unknown capability '%s'\n",
				name);
			ret = -1;
			break;
		}
		if (cap_set_ambient(cap, CAP_SET) != 0) {
			fprintf(stderr, "caps-hold: cannot raise ambient %s: %s\n",
				name, strerror(errno));
			ret = -1;
			break;
		}
	}
	free(copy);
	return ret;
}

int main(int argc, char **argv)
{
	const char *ambient = NULL;
	cap_t caps;
	int opt;

	while ((opt = getopt(argc, argv, "a:h")) != -1) {
		switch (opt) {
		case 'a':
			ambient = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 1;
		}
	}
	if (optind != argc - 1) {
		usage(stderr);
		return 1;
	}

	caps = cap_from_text(argv[optind]);
	if (!caps) {
		fprintf(stderr, "caps-hold: invalid capability text '%s'\n",
			argv[optind]);
		return 1;
	}
	if (cap_set_proc(caps) != 0) {
		fprintf(stderr, "caps-hold: cap_set_proc: %s\n", strerror(errno));
		cap_free(caps);
		return 1;
	}
	cap_free(caps);

	if (ambient && raise_ambient(ambient) != 0)
		return 1;

	if (puts("ready") == EOF || fflush(stdout) != 0) {
		perror("caps-hold: stdout");
		return 1;
	}
	for (;;)
		pause();
}
