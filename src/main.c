/*
 * main.c - nsinspect's command line: parse options, run the collectors a
 * view needs, choose rows and columns, and hand them to one renderer.
 * The only file that prints fatal errors.
 */
#include "config.h"

#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "columns.h"
#include "model.h"
#include "procfs.h"
#include "render.h"
#include "source.h"

#define EXIT_USAGE 2
#define MAX_COLS 64

struct options {
	enum nsi_view view;
	int json, raw, noheadings;
	int types[NSI_NS_NTYPES];	/* 1 = shown; all 1 when no -t */
	int ntypes;			/* types given with -t, 0 = all */
	pid_t pid;			/* -p, 0 = none */
	ino_t ns_filter;		/* positional namespace, 0 = none */
	pid_t *pids;			/* --caps PID... */
	size_t npids;
	const char *output;		/* -o */
	int output_all;
};

enum {
	OPT_CAPS = CHAR_MAX + 1,
	OPT_OUTPUT_ALL,
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
		if (!o->types[t])
			o->ntypes++;
		o->types[t] = 1;
		s += len;
		if (*s)
			s++;
	}
	if (!o->ntypes)
		usage_error("no namespace type given");
}

static void parse_args(struct options *o, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "caps",       no_argument,       NULL, OPT_CAPS },
		{ "help",       no_argument,       NULL, 'h' },
		{ "json",       no_argument,       NULL, 'J' },
		{ "list",       no_argument,       NULL, 'l' },
		{ "noheadings", no_argument,       NULL, 'n' },
		{ "ns",         required_argument, NULL, 't' },
		{ "output",     required_argument, NULL, 'o' },
		{ "output-all", no_argument,       NULL, OPT_OUTPUT_ALL },
		{ "pid",        required_argument, NULL, 'p' },
		{ "raw",        no_argument,       NULL, 'r' },
		{ "type",       required_argument, NULL, 't' },
		{ "version",    no_argument,       NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	int c, t;

	opterr = 0;	/* getopt's messages name argv[0]: we say it ourselves */
	while ((c = getopt_long(argc, argv, ":hJlno:p:rt:V", longopts,
				NULL)) != -1) {
		switch (c) {
		case 'h':
			usage();
		case 'J':
			o->json = 1;
			break;
		case 'l':
			break;	/* list output is the only format for now */
		case 'n':
			o->noheadings = 1;
			break;
		case 'o':
			o->output = optarg;
			break;
		case 'p':
			o->pid = parse_pid(optarg);
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
			o->view = NSI_VIEW_PROC;
			break;
		case OPT_OUTPUT_ALL:
			o->output_all = 1;
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
	if (o->json && o->raw)
		usage_error("options --json and --raw are mutually exclusive");

	if (o->view == NSI_VIEW_PROC) {
		if (o->ntypes)
			usage_error("options --caps and --type are mutually "
				    "exclusive");
		o->pids = calloc((size_t)(argc - optind) + 1, sizeof(*o->pids));
		if (!o->pids)
			err(EXIT_FAILURE, "cannot allocate memory");
		if (o->pid)
			o->pids[o->npids++] = o->pid;
		for (; optind < argc; optind++)
			o->pids[o->npids++] = parse_pid(argv[optind]);
	} else if (optind < argc) {
		char *end;

		errno = 0;
		o->ns_filter = (ino_t)strtoull(argv[optind], &end, 10);
		if (errno || end == argv[optind] || *end || !o->ns_filter)
			usage_error("invalid namespace '%s'", argv[optind]);
		if (++optind < argc)
			usage_error("unexpected argument '%s'", argv[optind]);
	}
	if (!o->ntypes)
		for (t = 0; t < NSI_NS_NTYPES; t++)
			o->types[t] = 1;
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
		if (*ncols == MAX_COLS)
			usage_error("too many columns");
		cols[(*ncols)++] = c;
		s += len;
		if (*s)
			s++;
	}
}

static void default_columns(const struct options *o, int any_nsfs,
			    int *cols, size_t *ncols)
{
	static const int ns_cols[] = {
		NSI_NSCOL_NS, NSI_NSCOL_TYPE, NSI_NSCOL_NPROCS, NSI_NSCOL_PID,
		NSI_NSCOL_PPID, NSI_NSCOL_USER, NSI_NSCOL_COMMAND
	};
	static const int net_cols[] = {
		NSI_NSCOL_NS, NSI_NSCOL_TYPE, NSI_NSCOL_NPROCS, NSI_NSCOL_PID,
		NSI_NSCOL_PPID, NSI_NSCOL_USER, NSI_NSCOL_NETNSID,
		NSI_NSCOL_NSFS, NSI_NSCOL_COMMAND
	};
	static const int caps_pid_cols[] = {
		NSI_PCOL_PID, NSI_PCOL_USER, NSI_PCOL_COMMAND, NSI_PCOL_CAPINH,
		NSI_PCOL_CAPPRM, NSI_PCOL_CAPEFF, NSI_PCOL_CAPBND,
		NSI_PCOL_CAPAMB, NSI_PCOL_CAPTEXT, NSI_PCOL_NNP,
		NSI_PCOL_SECCOMP
	};
	static const int caps_all_cols[] = {
		NSI_PCOL_PID, NSI_PCOL_PPID, NSI_PCOL_USER, NSI_PCOL_CAPTEXT,
		NSI_PCOL_CAPAMB, NSI_PCOL_NNP, NSI_PCOL_SECCOMP,
		NSI_PCOL_COMMAND
	};
	const int *src;
	size_t n, i;

	if (o->view == NSI_VIEW_PROC) {
		src = o->npids ? caps_pid_cols : caps_all_cols;
		n = o->npids ? sizeof(caps_pid_cols) / sizeof(int) :
			sizeof(caps_all_cols) / sizeof(int);
	} else if (o->ntypes == 1 && o->types[NSI_NS_NET]) {
		src = net_cols;
		n = sizeof(net_cols) / sizeof(int);
	} else {
		src = ns_cols;
		n = sizeof(ns_cols) / sizeof(int);
	}
	for (i = 0; i < n; i++)
		cols[(*ncols)++] = src[i];
	/* NSFS goes before COMMAND when any namespace shown has a mount. */
	if (src == ns_cols && any_nsfs) {
		cols[*ncols - 1] = NSI_NSCOL_NSFS;
		cols[(*ncols)++] = NSI_NSCOL_COMMAND;
	}
}

static void choose_columns(const struct options *o, int any_nsfs,
			   int *cols, size_t *ncols)
{
	size_t n, i;

	*ncols = 0;
	if (o->output_all) {
		nsi_columns(o->view, &n);
		for (i = 0; i < n; i++)
			cols[(*ncols)++] = (int)i;
	} else if (!o->output || o->output[0] == '+') {
		default_columns(o, any_nsfs, cols, ncols);
	}
	if (o->output)
		parse_columns(o->view, o->output + (o->output[0] == '+'),
			      cols, ncols);
}

static int wants(const int *cols, size_t ncols, int col)
{
	size_t i;

	for (i = 0; i < ncols; i++)
		if (cols[i] == col)
			return 1;
	return 0;
}

static int ns_shown(const struct options *o, const struct nsi_ns *ns)
{
	return o->types[ns->type] && (!o->ns_filter || ns->ino == o->ns_filter);
}

/* The rows of the namespace view: every namespace, or those of -p PID. */
static size_t ns_rows(const struct options *o, const struct nsi_model *m,
		      void **rows, int *any_nsfs)
{
	size_t n = 0, i;

	*any_nsfs = 0;
	for (i = 0; i < m->nns; i++) {
		struct nsi_ns *ns = m->ns[i];
		size_t k;

		if (!ns_shown(o, ns))
			continue;
		if (o->pid) {
			for (k = 0; k < ns->nprocs; k++)
				if (ns->procs[k]->pid == o->pid)
					break;
			if (k == ns->nprocs)
				continue;
		}
		rows[n++] = ns;
		*any_nsfs |= ns->nnsfs > 0;
	}
	return n;
}

static int caps_nonempty(const struct nsi_proc *p)
{
	const struct nsi_status *st = &p->status;

	return p->have_status &&
		(st->cap[NSI_CAP_PRM] | st->cap[NSI_CAP_EFF] |
		 st->cap[NSI_CAP_AMB]) != 0;
}

/*
 * The rows of the process view: the PIDs given, or every process with a
 * non-empty permitted, effective or ambient set.  Exits 1 for a PID that
 * does not exist.
 */
static size_t proc_rows(const struct options *o, struct nsi_model *m,
			int procfd, void **rows, size_t *unreadable, int *why)
{
	size_t n = 0, i;

	*unreadable = 0;
	*why = 0;
	if (o->npids) {
		for (i = 0; i < o->npids; i++) {
			struct nsi_proc *p = nsi_model_find_proc(m, o->pids[i]);
			int rc;

			if (!p)
				errx(EXIT_FAILURE, "no process with PID %d",
				     (int)o->pids[i]);
			rc = nsi_status_read(procfd, p->pid, &p->status);
			p->have_status = rc == 0 || rc == -EBADMSG;
			if (rc == -ENOENT || rc == -ESRCH)
				errx(EXIT_FAILURE, "no process with PID %d",
				     (int)o->pids[i]);
			if (!p->have_status)
				errc(EXIT_FAILURE, -rc, "cannot read "
				     "'/proc/%d/status'", (int)p->pid);
			rows[n++] = p;
		}
		return n;
	}
	nsi_scan_status(m, procfd);
	for (i = 0; i < m->nprocs; i++) {
		struct nsi_proc *p = m->procs[i];

		if (caps_nonempty(p)) {
			rows[n++] = p;
		} else if (!p->have_status && p->status_errno != ESRCH) {
			(*unreadable)++;	/* exited ones are not lost */
			if (!*why)
				*why = p->status_errno;
		}
	}
	return n;
}

/* Write errors surface here: "nsinspect > /dev/full" must fail loudly. */
static void close_stdout(void)
{
	if (fflush(stdout) != 0 || ferror(stdout) || fclose(stdout) != 0) {
		if (errno == EPIPE)
			_exit(EXIT_SUCCESS);
		err(EXIT_FAILURE, "write error");
	}
}

int main(int argc, char **argv)
{
	struct options o = { .view = NSI_VIEW_NS };
	struct nsi_output out = { 0 };
	struct nsi_model m;
	int cols[MAX_COLS];
	size_t ncols, nrows, unreadable = 0, i;
	void **rows;
	int procfd, rc, any_nsfs = 0, why = 0;

	parse_args(&o, argc, argv);
	atexit(close_stdout);

	/* Check -o before the scan: a wrong column is a quick error. */
	choose_columns(&o, 0, cols, &ncols);

	procfd = nsi_procfs_open("/proc");
	if (procfd < 0)
		errc(EXIT_FAILURE, -procfd, "cannot open '/proc'");
	nsi_model_init(&m);
	rc = nsi_scan_procs(&m, procfd);
	if (rc < 0)
		errc(EXIT_FAILURE, -rc, "cannot read the process list");
	if (o.pid && o.view == NSI_VIEW_NS && !nsi_pid_exists(procfd, o.pid))
		errx(EXIT_FAILURE, "no process with PID %d", (int)o.pid);

	if (o.view == NSI_VIEW_NS) {
		rc = nsi_mounts_read(&m, procfd);
		if (rc < 0)
			warnc(-rc, "cannot read the mount table: "
			      "namespaces held only by nsfs mounts are not shown");
	}
	nsi_model_finish(&m);
	if (o.pid && o.view == NSI_VIEW_NS && !nsi_model_find_proc(&m, o.pid))
		errx(EXIT_FAILURE, "no process with PID %d", (int)o.pid);

	rows = calloc(m.nns + m.nprocs + 1, sizeof(*rows));
	if (!rows)
		err(EXIT_FAILURE, "cannot allocate memory");
	if (o.view == NSI_VIEW_NS) {
		nrows = ns_rows(&o, &m, rows, &any_nsfs);
		choose_columns(&o, any_nsfs, cols, &ncols);
		if (wants(cols, ncols, NSI_NSCOL_PNS) ||
		    wants(cols, ncols, NSI_NSCOL_ONS) ||
		    wants(cols, ncols, NSI_NSCOL_NETNSID))
			nsi_ns_resolve(&m, procfd);
		out.json_key = "namespaces";
		if (m.unreadable)
			warnc(m.unreadable_errno, "could not read the "
			      "namespaces of %zu process%s", m.unreadable,
			      m.unreadable == 1 ? "" : "es");
	} else {
		nrows = proc_rows(&o, &m, procfd, rows, &unreadable, &why);
		out.json_key = "processes";
		if (unreadable)
			warnc(why, "could not read the status of %zu "
			      "process%s", unreadable,
			      unreadable == 1 ? "" : "es");
	}

	/* Command lines only of the processes shown. */
	if (wants(cols, ncols, o.view == NSI_VIEW_NS ? NSI_NSCOL_COMMAND :
		  NSI_PCOL_COMMAND))
		for (i = 0; i < nrows; i++) {
			struct nsi_proc *p = o.view == NSI_VIEW_NS ?
				((struct nsi_ns *)rows[i])->rep : rows[i];

			if (p && !p->cmdline)
				nsi_cmdline_read(procfd, p);
		}

	out.view = o.view;
	out.cols = cols;
	out.ncols = ncols;
	out.rows = rows;
	out.nrows = nrows;
	out.raw = o.raw;
	out.noheadings = o.noheadings;
	/* Five capability sets of one process read best one per line. */
	out.vertical = o.view == NSI_VIEW_PROC && o.npids && !o.output &&
		!o.raw;
	rc = o.json ? nsi_render_json(stdout, &out) :
		nsi_render_table(stdout, &out);
	if (rc < 0 && rc != -EPIPE)
		errc(EXIT_FAILURE, -rc, "cannot print the output");

	free(rows);
	free(o.pids);
	nsi_model_release(&m);
	close(procfd);
	return EXIT_SUCCESS;
}
