/*
 * main.c - nsinspect's command line: parse options, dispatch to the view
 * (view.c) and to one renderer.  The only file that prints errors.
 */
#include "config.h"

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit.h"
#include "columns.h"
#include "docker.h"
#include "engine-http.h"
#include "model.h"
#include "nsinfo.h"
#include "podman.h"
#include "podman-rootless.h"
#include "privs.h"
#include "proc-cmdline.h"
#include "procfs.h"
#include "render.h"
#include "tree.h"
#include "tui.h"
#include "view.h"

#define EXIT_USAGE 2

struct options {
	struct nsi_query q;
	int json, raw, noheadings;
	int audit;			/* --audit */
	int graph;			/* --graph */
	int tui;			/* --tui */
	struct nsi_tui_opts tui_opts;	/* -d, -n with --tui */
	pid_t *pids;			/* --caps PID..., owned */
	const char *output;		/* -o */
	int output_all;
};

enum {
	OPT_CAPS = CHAR_MAX + 1,
	OPT_OUTPUT_ALL,
	OPT_CONTAINER,
	OPT_DETAIL,
	OPT_GRAPH,
	OPT_TREE,
	OPT_AUDIT,
	OPT_TUI,
};

/* One line on stderr, as every error of nsinspect: then exit 2. */
static void __attribute__((noreturn)) usage_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", program_invocation_short_name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, " (try '%s --help')\n", program_invocation_short_name);
	exit(EXIT_USAGE);
}

/* err(3) and warn(3) with an explicit errno, as BSD's errc(3). */
#define errc(eval, code, ...) do { errno = (code); err(eval, __VA_ARGS__); } while (0)
#define warnc(code, ...) do { errno = (code); warn(__VA_ARGS__); } while (0)

static void __attribute__((noreturn)) usage(void)
{
	FILE *out = stdout;
	int t;

	fprintf(out,
"Usage:\n"
" %1$s [options] [namespace]\n"
" %1$s --caps [options] [pid...]\n"
"\n"
"List Linux namespaces and the processes in them, or decode the capability\n"
"sets of processes.\n"
"\n"
"Options:\n"
" -J, --json             use JSON output format\n"
" -l, --list             use list format output (the default)\n"
" -n, --noheadings       don't print headings\n"
" -o, --output <list>    define which output columns to use (+list appends)\n"
"     --output-all       output all columns\n"
" -p, --pid <pid>        print the namespaces of one process\n"
"     --container <name|id>\n"
"                        only the namespaces (or, with --caps, the\n"
"                        processes) of one container\n"
"     --tree[=<rel>]     namespaces as a tree: owner (the default) or parent\n"
"     --detail           with --ns net: the interfaces, veth peers and\n"
"                        firewall rule count of each network namespace\n"
"     --graph            with --ns net: the network topology in Graphviz dot\n"
"     --audit            with --container or --pid: an isolation summary\n"
"     --tui              the live view (ncurses); with it -d <seconds> sets\n"
"                        the interval (default 2) and -n <count> quits after\n"
"                        that many refreshes\n"
" -r, --raw              use the raw output format\n"
" -t, --type <type>[,<type>...]\n"
"     --ns <type>[,...]  only namespaces of these types:\n"
"                        ",
		program_invocation_short_name);
	for (t = 0; t < NSI_NS_NTYPES; t++)
		fprintf(out, "%s%s", t ? " " : "", nsi_ns_type_name(t));
	fprintf(out,
"\n"
"     --caps [pid...]    capabilities of these processes, or of every\n"
"                        process with a non-empty permitted, effective or\n"
"                        ambient set\n"
"\n"
" -h, --help             display this help\n"
" -V, --version          display version\n"
"\n"
"Namespace columns:\n");
	nsi_columns_help(out, NSI_VIEW_NS);
	fprintf(out, "\nProcess columns (--caps):\n");
	nsi_columns_help(out, NSI_VIEW_PROC);
	fprintf(out, "\nFor more details see nsinspect(8).\n");
	exit(EXIT_SUCCESS);
}

/* -d SECONDS of the live view: 0.1 to 3600, fractions allowed. */
static long parse_seconds(const char *s)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || *end || !(v >= 0.1 && v <= 3600))
		usage_error("invalid interval '%s' (0.1 to 3600 seconds)", s);
	return (long)(v * 1000 + 0.5);
}

/* -n N of the live view: a positive count of refreshes. */
static long parse_count(const char *s)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v <= 0)
		usage_error("invalid count '%s'", s);
	return v;
}

/* A PID: a decimal number from 1 to INT_MAX; anything else is a usage error. */
static pid_t parse_pid(const char *s)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v <= 0 || v > INT_MAX)
		usage_error("invalid PID '%s'", s);
	return (pid_t)v;
}

static void parse_types(struct options *o, const char *list)
{
	const char *s = list;

	while (*s) {
		size_t len = strcspn(s, ",");
		int t = nsi_ns_type_from_name(s, len);

		if (t < 0)
			errx(EXIT_FAILURE, "unknown namespace type '%.*s' "
			     "(valid types: mnt, net, pid, user, uts, ipc, "
			     "cgroup, time)", (int)len, s);
		if (!o->q.types[t])
			o->q.ntypes++;
		o->q.types[t] = 1;
		s += len;
		if (*s)
			s++;
	}
	if (!o->q.ntypes)
		usage_error("no namespace type given");
}

static const struct option longopts[] = {
	{ "audit",      no_argument,       NULL, OPT_AUDIT },
	{ "caps",       no_argument,       NULL, OPT_CAPS },
	{ "container",  required_argument, NULL, OPT_CONTAINER },
	{ "detail",     no_argument,       NULL, OPT_DETAIL },
	{ "graph",      no_argument,       NULL, OPT_GRAPH },
	{ "help",       no_argument,       NULL, 'h' },
	{ "json",       no_argument,       NULL, 'J' },
	{ "list",       no_argument,       NULL, 'l' },
	{ "noheadings", no_argument,       NULL, 'n' },
	{ "ns",         required_argument, NULL, 't' },
	{ "output",     required_argument, NULL, 'o' },
	{ "output-all", no_argument,       NULL, OPT_OUTPUT_ALL },
	{ "pid",        required_argument, NULL, 'p' },
	{ "raw",        no_argument,       NULL, 'r' },
	{ "tree",       optional_argument, NULL, OPT_TREE },
	{ "tui",        no_argument,       NULL, OPT_TUI },
	{ "delay",      required_argument, NULL, 'd' },
	{ "iterations", required_argument, NULL, 'N' },
	{ "type",       required_argument, NULL, 't' },
	{ "version",    no_argument,       NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

/* One option of getopt_long(3): one case per option, so one switch. */
static void parse_option(struct options *o, int c, int tui_args, char **argv)
{
	switch (c) {
	case 'd':
		o->tui_opts.interval_ms = parse_seconds(optarg);
		break;
	case 'N':
		o->tui_opts.max_iter = parse_count(optarg);
		break;
	case OPT_TUI:
		o->tui = 1;
		break;
	case 'h':
		usage();
	case 'J':
		o->json = 1;
		o->q.json = 1;
		break;
	case 'l':
		break;	/* list output is the only format for now */
	case 'n':
		if (tui_args)
			o->tui_opts.max_iter = parse_count(optarg);
		else
			o->noheadings = 1;
		break;
	case 'o':
		o->output = optarg;
		break;
	case 'p':
		o->q.pid = parse_pid(optarg);
		break;
	case 'r':
		o->raw = 1;
		break;
	case 't':
		parse_types(o, optarg);
		break;
	case 'V':
		printf("%s %s\n", program_invocation_short_name,
		       PACKAGE_VERSION);
		exit(EXIT_SUCCESS);
	case OPT_CAPS:
		o->q.view = NSI_VIEW_PROC;
		break;
	case OPT_OUTPUT_ALL:
		o->output_all = 1;
		break;
	case OPT_CONTAINER:
		o->q.container = optarg;
		break;
	case OPT_DETAIL:
		o->q.net_detail = 1;
		break;
	case OPT_GRAPH:
		o->q.net_detail = 1;
		o->graph = 1;
		break;
	case OPT_TREE:
		if (!optarg || strcmp(optarg, "owner") == 0)
			o->q.tree = NSI_TREE_OWNER;
		else if (strcmp(optarg, "parent") == 0)
			o->q.tree = NSI_TREE_PARENT;
		else
			usage_error("unknown tree relation '%s' "
				    "(parent or owner)", optarg);
		break;
	case OPT_AUDIT:
		o->audit = 1;
		break;
	case ':':
		usage_error("option '%s' requires an argument",
			    argv[optind - 1]);
	default:
		if (strncmp(argv[optind - 1], "--", 2) == 0)
			usage_error("invalid option '%s'",
				    argv[optind - 1]);
		usage_error("invalid option '-%c'", optopt);
	}
}

/*
 * What getopt_long(3) cannot tell: options that do not go together, and
 * the operands (--caps PIDs, or the inode of one namespace).
 */
static void check_options(struct options *o, int argc, char **argv)
{
	int t;

	if (o->json && o->raw)
		usage_error("options --json and --raw are mutually exclusive");
	if (o->q.net_detail) {
		if (o->q.view == NSI_VIEW_PROC || o->q.tree)
			usage_error("--detail and --graph go with the "
				    "namespace view only");
		if (o->q.ntypes && (o->q.ntypes != 1 || !o->q.types[NSI_NS_NET]))
			usage_error("--detail and --graph show network "
				    "namespaces: use them with --ns net");
		o->q.types[NSI_NS_NET] = 1;
		o->q.ntypes = 1;
	}
	if (o->q.tree && o->q.view == NSI_VIEW_PROC)
		usage_error("options --caps and --tree are mutually exclusive");
	if (o->audit && !o->q.container && !o->q.pid)
		usage_error("--audit needs --container or --pid");
	if (o->audit && (o->q.view == NSI_VIEW_PROC || o->q.net_detail ||
			 o->q.tree))
		usage_error("--audit goes with --container and --pid only");

	if (o->q.view == NSI_VIEW_PROC) {
		if (o->q.ntypes)
			usage_error("options --caps and --type are mutually "
				    "exclusive");
		o->pids = calloc((size_t)(argc - optind) + 1, sizeof(*o->pids));
		if (!o->pids)
			err(EXIT_FAILURE, "cannot allocate memory");
		if (o->q.pid)
			o->pids[o->q.npids++] = o->q.pid;
		o->q.pid = 0;
		for (; optind < argc; optind++)
			o->pids[o->q.npids++] = parse_pid(argv[optind]);
		o->q.pids = o->pids;
	} else if (optind < argc) {
		char *end;

		errno = 0;
		o->q.ns_filter = (ino_t)strtoull(argv[optind], &end, 10);
		if (errno || end == argv[optind] || *end || !o->q.ns_filter)
			usage_error("invalid namespace '%s'", argv[optind]);
		if (++optind < argc)
			usage_error("unexpected argument '%s'", argv[optind]);
	}
	if (o->tui && (o->json || o->raw || o->audit || o->graph ||
		       o->q.net_detail || o->q.view == NSI_VIEW_PROC ||
		       o->output || o->q.tree))
		usage_error("--tui goes with -d and -n only");
	if (!o->tui && (o->tui_opts.interval_ms || o->tui_opts.max_iter))
		usage_error("-d and --iterations go with --tui");
	if (o->q.container && o->q.npids)
		usage_error("--caps PID and --container are mutually exclusive");
	if (!o->q.ntypes)
		for (t = 0; t < NSI_NS_NTYPES; t++)
			o->q.types[t] = 1;
}

static void parse_args(struct options *o, int argc, char **argv)
{
	/* With --tui, -n N and -d SECONDS are top's; else -n is lsns's. */
	const char *optstring = ":hJlno:p:rt:V";
	int c, tui_args = 0;

	for (c = 1; c < argc && strcmp(argv[c], "--"); c++)
		if (strcmp(argv[c], "--tui") == 0)
			tui_args = 1;
	if (tui_args)
		optstring = ":d:hJln:o:p:rt:V";
	opterr = 0;	/* getopt's messages name argv[0]: we say it ourselves */
	while ((c = getopt_long(argc, argv, optstring, longopts,
				NULL)) != -1) {
		parse_option(o, c, tui_args, argv);
	}
	check_options(o, argc, argv);
}

/* Add the columns of a comma-separated list; exit 1 on an unknown name. */
static void parse_columns(enum nsi_view view, const char *list, int *cols,
			  size_t *ncols)
{
	const char *s = list;

	while (*s) {
		size_t len = strcspn(s, ",");
		int c = nsi_column_lookup(view, s, len);

		if (c < 0)
			errx(EXIT_FAILURE, "unknown column: '%.*s'", (int)len, s);
		if (*ncols == NSI_MAX_COLS)
			usage_error("too many columns");
		cols[(*ncols)++] = c;
		s += len;
		if (*s)
			s++;
	}
}

/*
 * The columns: -o LIST, +LIST after the defaults, or --output-all.  The
 * defaults add NSFS and CONTAINER (before COMMAND) when a row has one.
 */
static void choose_columns(const struct options *o, int any_nsfs,
			   int any_container, int *cols, size_t *ncols)
{
	size_t n, i;

	*ncols = 0;
	if (o->output_all) {
		nsi_columns(o->q.view, &n);
		for (i = 0; i < n; i++)
			cols[(*ncols)++] = (int)i;
	} else if (!o->output || o->output[0] == '+') {
		*ncols = nsi_view_default_columns(&o->q, any_nsfs,
						  any_container, cols);
	}
	if (o->output)
		parse_columns(o->q.view, o->output + (o->output[0] == '+'),
			      cols, ncols);
}

/* One line for a failed write to stdout, whatever failed first: exit 1. */
static void __attribute__((noreturn)) write_error(int code)
{
	if (code == EPIPE)
		_exit(EXIT_SUCCESS);
	warnc(code, "write error");
	_exit(EXIT_FAILURE);
}

/*
 * Write errors surface here, for every output (--help and --version
 * too): "nsinspect > /dev/full" must fail loudly.  _exit(2): an atexit(3)
 * handler must not call exit(3).
 */
static void close_stdout(void)
{
	int code = 0;

	if (fflush(stdout) != 0)
		code = errno;
	else if (ferror(stdout))
		code = EIO;	/* an earlier write failed; its errno is lost */
	if (fclose(stdout) != 0 && !code)
		code = errno;
	if (code)
		write_error(code);
}

/* Tell, in one line each, what could not be seen of the processes. */
static void report_procs(const struct nsi_report *r)
{
	char see[128] = "";
	const char *sep;

	if (r->mounts_errno)
		warnc(r->mounts_errno, "cannot read the mount table: "
		      "namespaces held only by nsfs mounts are not shown");
	/* one line for what could not be seen or read of the processes */
	if (r->hidepid[0] && r->hidden_tasks >= 0)
		snprintf(see, sizeof(see), "could not see %ld task%s "
			 "(processes and threads): /proc is mounted with "
			 "hidepid=%s", r->hidden_tasks,
			 r->hidden_tasks == 1 ? "" : "s", r->hidepid);
	else if (r->hidepid[0])
		snprintf(see, sizeof(see), "could not see the processes "
			 "/proc hides: it is mounted with hidepid=%s",
			 r->hidepid);
	sep = see[0] ? "; " : "";
	if (r->unreadable && r->fds_unreadable)
		warnc(r->unreadable_errno, "%s%scould not read the namespaces "
		      "of %zu process%s, nor the open files of %zu", see, sep,
		      r->unreadable, r->unreadable == 1 ? "" : "es",
		      r->fds_unreadable);
	else if (r->unreadable)
		warnc(r->unreadable_errno, "%s%scould not read the namespaces "
		      "of %zu process%s", see, sep, r->unreadable,
		      r->unreadable == 1 ? "" : "es");
	else if (r->fds_unreadable)
		warnc(r->fds_errno, "%s%scould not list the open files of %zu "
		      "process%s (namespaces they hold by fd or socket may be "
		      "missing)", see, sep, r->fds_unreadable,
		      r->fds_unreadable == 1 ? "" : "es");
	else if (see[0])
		warnx("%s", see);
	if (r->status_unreadable)
		warnc(r->status_errno, "could not read the status of %zu "
		      "process%s", r->status_unreadable,
		      r->status_unreadable == 1 ? "" : "es");
	if (r->maps_timed_out)
		warnx("could not read the ID maps of %zu user namespace%s: "
		      "the child entering %s was not ready within %d ms",
		      r->maps_timed_out, r->maps_timed_out == 1 ? "" : "s",
		      r->maps_timed_out == 1 ? "it" : "them",
		      NSI_MAPS_BUDGET_MS);
	if (r->threads_unreadable)
		warnc(r->threads_errno, "could not read the status of %zu "
		      "thread%s (their own capability sets may be missing)",
		      r->threads_unreadable,
		      r->threads_unreadable == 1 ? "" : "s");
	if (r->holders_omitted)
		warnx("%zu holder%s of %zu namespace%s not recorded: each "
		      "namespace records at most %d (threads, fds, sockets, "
		      "bind mounts)", r->holders_omitted,
		      r->holders_omitted == 1 ? "" : "s", r->ns_over_limit,
		      r->ns_over_limit == 1 ? "" : "s", NSI_NS_HOLDERS_MAX);
	if (r->cmdlines_cut)
		warnx("%zu command line%s shown only in part: past %zu MiB "
		      "of command lines, each keeps its first %zu bytes",
		      r->cmdlines_cut, r->cmdlines_cut == 1 ? "" : "s",
		      NSI_CMDLINE_BUDGET >> 20, NSI_CMDLINE_MIN);
}

/* Tell, in one line each, which other source failed or was cut. */
static void report_sources(const struct nsi_report *r)
{
	if (r->engine_errno)
		warnx("cannot ask the Docker engine at '%s': %s: containers "
		      "are shown by ID", NSI_DOCKER_SOCKET,
		      nsi_engine_strerror(r->engine_errno));
	if (r->podman_errno)
		warnx("cannot ask Podman at '%s': %s: its containers are "
		      "named from its files", r->podman_socket,
		      nsi_engine_strerror(r->podman_errno));
	if (r->podman_refused)
		warnx("%zu rootless Podman pidfile%s named a process not in "
		      "a user namespace of that user: not taken for a "
		      "container", r->podman_refused,
		      r->podman_refused == 1 ? "" : "s");
	if (r->podman_skipped)
		warnx("%zu users' Podman directories not read (a FUSE "
		      "mount, not the user's, or past %d entries)",
		      r->podman_skipped, NSI_PODMAN_IDS_MAX);
	if (r->podman_cut)
		warnx("%zu Podman containers.json file%s or storage%s not "
		      "read: past %u MiB (%u MiB of a user's), or past the "
		      "time limit: their containers may be shown by ID",
		      r->podman_cut, r->podman_cut == 1 ? "" : "s",
		      r->podman_cut == 1 ? "" : "s",
		      NSI_PODMAN_STORE_MAX >> 20, NSI_PODMAN_USER_MAX >> 20);
	if (r->netinfo_errno)
		warnc(r->netinfo_errno, "cannot read inside the network "
		      "namespaces");
	if (r->bundles_unreadable)
		warnc(r->bundles_errno, "could not read the OCI bundle "
		      "(config.json) of %zu container%s: shown without its "
		      "name, image and pod", r->bundles_unreadable,
		      r->bundles_unreadable == 1 ? "" : "s");
	if (r->cgroups_forged)
		warnx("the cgroup file of %zu process%s is not as the kernel "
		      "writes it (a hierarchy twice or out of order): shown in no "
		      "container", r->cgroups_forged,
		      r->cgroups_forged == 1 ? "" : "es");
	if (r->not_nsfs)
		warnx("skipped %zu nsfs mount point%s: something other than "
		      "an nsfs file is mounted over %s", r->not_nsfs,
		      r->not_nsfs == 1 ? "" : "s",
		      r->not_nsfs == 1 ? "it" : "them");
}

/* Tell, in one line each, what could not be seen. */
static void report(const struct nsi_report *r)
{
	report_procs(r);
	report_sources(r);
}

/* The process --audit judges: -p PID, or the container's lowest PID. */
static int run_audit(const struct options *o, struct nsi_model *m,
		     int procfd)
{
	struct nsi_proc *p;
	struct nsi_audit a;

	if (o->q.container) {
		struct nsi_container *c =
			nsi_model_find_container(m, o->q.container);

		if (!c)
			errc(EXIT_FAILURE, errno, "container '%s'",
			     o->q.container);
		p = c->rep;
		if (o->q.pid && (!(p = nsi_model_find_proc(m, o->q.pid)) ||
				 p->container != c))
			errx(EXIT_FAILURE, "no process with PID %d in "
			     "container '%s'", (int)o->q.pid, o->q.container);
	} else {
		p = nsi_model_find_proc(m, o->q.pid);
		/* -p TID: that thread's own namespaces and sets */
		if (!p && (p = nsi_model_find_thread(m, o->q.pid)))
			warnx("%d is a thread of PID %d", (int)p->tid,
			      (int)p->pid);
	}
	if (!p)
		errx(EXIT_FAILURE, "no process with PID %d", (int)o->q.pid);
	/* the scan read the status, with the links, through one pin */
	if (!p->have_status)
		errc(EXIT_FAILURE, p->status_errno, "cannot read "
		     "'/proc/%d/status'", (int)p->pid);
	nsi_view_read_cmdline(m, procfd, p);
	nsi_view_audit(m, p, &a);
	return o->json ? nsi_render_audit_json(stdout, &a, 1) :
		nsi_render_audit_text(stdout, &a, 1);
}

/* --tui: the live view, with the capabilities it keeps. */
static int run_tui(struct options *o)
{
	int rc;

	if (!o->tui_opts.interval_ms)
		o->tui_opts.interval_ms = 2000;
	rc = nsi_privs_drop(nsi_view_live_caps());
	if (rc < 0)
		errc(EXIT_FAILURE, -rc, "cannot drop capabilities");
	rc = nsi_tui_run(&o->tui_opts);
	if (rc == -ENOTTY)
		errx(EXIT_FAILURE, "--tui needs a terminal: standard "
		     "input and output must be one");
	if (rc == -EMEDIUMTYPE)
		errx(EXIT_FAILURE, "'/proc' is not a proc file system");
	if (rc < 0)
		errc(EXIT_FAILURE, -rc, "the live view failed");
	return EXIT_SUCCESS;
}

/* /proc, checked to be procfs: every read trusts it (PROC_SUPER_MAGIC). */
static int open_proc(void)
{
	int procfd, rc;

	procfd = nsi_procfs_open("/proc");
	if (procfd < 0)
		errc(EXIT_FAILURE, -procfd, "cannot open '/proc'");
	rc = nsi_procfs_check(procfd);
	if (rc == -EMEDIUMTYPE)
		errx(EXIT_FAILURE, "'/proc' is not a proc file system");
	if (rc < 0)
		errc(EXIT_FAILURE, -rc, "cannot check '/proc'");
	return procfd;
}

/* The rows of the view, with one line for each way they can fail. */
static void choose_rows(const struct options *o, struct nsi_model *m,
			void ***rows, size_t *nrows, struct nsi_report *r)
{
	int rc = nsi_view_rows(m, &o->q, rows, nrows, r);

	if (rc == -ESRCH)
		errx(EXIT_FAILURE, "no process with PID %d", (int)r->missing_pid);
	if (rc < 0 && r->missing_pid)
		errc(EXIT_FAILURE, -rc, "cannot read '/proc/%d/status'",
		     (int)r->missing_pid);
	if (rc == -ENOENT || rc == -EINVAL)
		errx(EXIT_FAILURE, "%s container '%s'", rc == -ENOENT ?
		     "no" : "more than one", o->q.container);
	if (rc < 0)
		errc(EXIT_FAILURE, -rc, "cannot choose the rows");
	/* -p TID: the rows are that thread's namespaces; say whose it is */
	if (r->thread_of)
		warnx("%d is a thread of PID %d", (int)o->q.pid,
		      (int)r->thread_of);
	/* as lsns(8): a namespace asked for by inode must be there */
	if (o->q.ns_filter && !*nrows)
		errx(EXIT_FAILURE, "no namespace with inode %llu%s",
		     (unsigned long long)o->q.ns_filter,
		     o->q.ntypes ? " of the types given" : "");
}

/* What the renderers are told of the options and of the report. */
static void set_output(struct nsi_output *out, const struct options *o,
		       const struct nsi_report *r)
{
	out->view = o->q.view;
	out->raw = o->raw;
	out->noheadings = o->noheadings;
	out->json_key = o->q.view == NSI_VIEW_NS ? "namespaces" : "processes";
	out->net_detail = o->q.net_detail;
	out->unreadable.namespaces = r->unreadable;
	out->unreadable.open_files = r->fds_unreadable;
	out->unreadable.status = r->status_unreadable;
	out->unreadable.threads = r->threads_unreadable;
	out->unreadable.id_maps = r->maps_timed_out;
	out->unreadable.err = r->unreadable ? r->unreadable_errno :
		r->fds_unreadable ? r->fds_errno :
		r->status_unreadable ? r->status_errno : r->threads_errno;
	out->unreadable.hidepid = r->hidepid[0] ? r->hidepid : NULL;
	out->unreadable.hidden_tasks = r->hidden_tasks;
	out->omitted.holders = r->holders_omitted;
	out->omitted.namespaces = r->ns_over_limit;
	out->omitted.command_lines = r->cmdlines_cut;
	out->omitted.command_line_budget = NSI_CMDLINE_BUDGET;
	out->unreadable.not_nsfs = r->not_nsfs;
	/* Five capability sets of one process read best one per line. */
	out->vertical = o->q.view == NSI_VIEW_PROC && o->q.npids &&
		!o->output && !o->raw;
}

/* The rows of the view, read and printed: 0 or the renderer's -errno. */
static int run_view(struct options *o, struct nsi_model *m, int procfd,
		    int *cols, size_t ncols, struct nsi_report *r)
{
	struct nsi_output out = { 0 };
	long *parent = NULL;
	size_t nrows;
	void **rows;
	int rc;

	choose_rows(o, m, &rows, &nrows, r);
	choose_columns(o, o->q.view == NSI_VIEW_NS ?
		       nsi_view_any_nsfs(rows, nrows) :
		       nsi_view_any_thread(rows, nrows),
		       nsi_view_any_container(o->q.view, rows, nrows),
		       cols, &ncols);
	rc = nsi_view_prepare(m, procfd, &o->q, cols, ncols, rows, nrows, r);
	if (rc < 0)
		errc(EXIT_FAILURE, -rc, "cannot read the namespaces");
	if (o->q.tree && nsi_view_tree(rows, nrows, o->q.tree, &parent) < 0)
		errc(EXIT_FAILURE, ENOMEM, "cannot build the tree");
	report(r);

	set_output(&out, o, r);
	out.cols = cols;
	out.ncols = ncols;
	out.rows = rows;
	out.nrows = nrows;
	out.parent = parent;
	if (o->graph)
		rc = nsi_render_dot(stdout, &out);
	else if (o->json)
		rc = nsi_render_json(stdout, &out);
	else
		rc = nsi_render_table(stdout, &out);
	free(parent);
	free(rows);
	return rc;
}

int main(int argc, char **argv)
{
	struct options o = { .q.view = NSI_VIEW_NS };
	struct nsi_report r;
	struct nsi_model m;
	int cols[NSI_MAX_COLS];
	size_t ncols;
	int procfd, rc;

	/* before anything else: no privileges from a set-user-ID exec */
	if (nsi_privs_check_exec() < 0)
		errx(EXIT_FAILURE, "will not run set-user-ID, set-group-ID or "
		     "with file capabilities unless the real user is root");
	/*
	 * A closed stdout fails now, as a full one does at exit: else the
	 * next file opened would take its number and receive the output.
	 */
	if (fcntl(STDOUT_FILENO, F_GETFD) < 0 && errno == EBADF)
		write_error(EBADF);
	atexit(close_stdout);	/* before --help and --version print */
	parse_args(&o, argc, argv);
	if (o.tui)
		return run_tui(&o);

	/* Check -o before the scan: a wrong column is a quick error. */
	choose_columns(&o, 0, 0, cols, &ncols);
	/* command lines are read only when shown */
	o.q.command = o.audit || nsi_view_shows_command(&o.q, cols, ncols);

	procfd = open_proc();
	/* keep only the capabilities this view needs, before any scan */
	rc = nsi_privs_drop(nsi_view_caps(&o.q, o.audit ? NULL : cols,
					  o.audit ? 0 : ncols, procfd));
	if (rc < 0)
		errc(EXIT_FAILURE, -rc, "cannot drop capabilities");
	nsi_model_init(&m);
	rc = nsi_view_scan(&m, procfd, &o.q, &r);
	if (rc < 0)
		errc(EXIT_FAILURE, -rc, "cannot read the process list");
	if (o.audit) {
		report(&r);
		rc = run_audit(&o, &m, procfd);
	} else {
		rc = run_view(&o, &m, procfd, cols, ncols, &r);
	}
	if (rc < 0 && ferror(stdout))
		write_error(-rc);	/* the one line close_stdout() says */
	if (rc < 0 && rc != -EPIPE)
		errc(EXIT_FAILURE, -rc, "cannot print the output");
	free(o.pids);
	nsi_model_release(&m);
	close(procfd);
	return EXIT_SUCCESS;
}
