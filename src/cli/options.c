/*
 * options.c - nsinspect's options: getopt_long(3), the checks of what
 * goes together, --help and the column lists (options.h).
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

#include "columns.h"
#include "messages.h"
#include "model.h"
#include "options.h"
#include "tree.h"
#include "view.h"

enum {
	OPT_CAPS = CHAR_MAX + 1,
	OPT_OUTPUT_ALL,
	OPT_CONTAINER,
	OPT_DETAIL,
	OPT_GRAPH,
	OPT_AUDIT,
	OPT_TUI,
	OPT_DIFF,
	OPT_WATCH,
	OPT_INTERVAL,
	OPT_SNAPSHOT,
	OPT_INPUT,
	OPT_METRICS,
	OPT_IAB,
	OPT_DECODE,
};


/* One line on stderr, as every error of nsinspect: then exit 2. */
void cli_usage_error(const char *fmt, ...)
{
	char suffix[64];
	va_list ap;

	snprintf(suffix, sizeof(suffix), " (try '%s --help')",
		 program_invocation_short_name);
	va_start(ap, fmt);
	cli_vline(0, suffix, fmt, ap);	/* what it quotes, escaped */
	va_end(ap);
	exit(EXIT_USAGE);
}

/* --help: the options, up to the list of types (%1$s: our name)... */
static const char usage_options[] =
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
" -H, --list-columns     list the columns of the view and exit\n"
" -u, --notruncate       don't truncate text in columns\n"
" -W, --nowrap           don't use multi-line representation (lists in one\n"
"                        cell are separated by commas)\n"
" -p, --pid <pid>        print the namespaces of one process\n"
"     --task <pid>       the same, as lsns names it\n"
" -P, --persistent       only namespaces no process is in\n"
"     --container <name|id>\n"
"                        only the namespaces (or, with --caps, the\n"
"                        processes) of one container\n"
" -T, --tree[=<rel>]     namespaces as a tree: owner (the default), parent\n"
"                        or process (under the row of the parent process,\n"
"                        the tree in COMMAND, as lsns -T process)\n"
"     --detail           with --ns net: the interfaces, veth peers and\n"
"                        firewall rule count of each network namespace\n"
"     --graph            with --ns net: the network topology in Graphviz dot\n"
"     --audit            with --container or --pid: an isolation summary\n"
"     --diff <old> [<new>]\n"
"                        what changed from snapshot <old> to snapshot <new>\n"
"                        or the live system (exit 0 same, 1 different,\n"
"                        2 trouble); -J for JSON\n"
"     --watch            one JSON line per change as it happens; with it\n"
"                        --interval <seconds> sets the time between full\n"
"                        rescans (default 5)\n"
"     --metrics[=<file>] metrics in the Prometheus text format (for\n"
"                        node_exporter's textfile collector: <file> is\n"
"                        written whole, then renamed); with --interval\n"
"                        <seconds>, <file> is written again every interval\n"
"                        until SIGTERM\n"
"     --tui              the live view (ncurses); with it -d <seconds> sets\n"
"                        the interval (default 2) and --iterations <count>\n"
"                        quits after that many refreshes\n"
"     --snapshot[=<file>] write the whole scan as one JSON document (to\n"
"                        <file> through a temporary file, else to stdout);\n"
"                        with --detail, the network detail too\n"
"     --input <file>     show a view of a snapshot instead of this machine\n"
"                        (- for stdin), reading nothing of this machine\n"
" -r, --raw              use the raw output format\n"
" -t, --type <type>[,<type>...]\n"
"     --ns <type>[,...]  only namespaces of these types:\n"
"                        ";

/* ...and after it, up to the columns. */
static const char usage_caps[] =
"\n"
"     --caps [pid...]    capabilities of these processes, or of every\n"
"                        process with a non-empty permitted, effective or\n"
"                        ambient set\n"
"     --iab [pid...]     --caps as getpcaps --iab prints them: one line per\n"
"                        process, PID: \"TEXT\" [IAB]; -J for JSON\n"
"     --decode <mask>    the capability names of a hex mask (as CapEff in\n"
"                        /proc/PID/status), as capsh --decode prints them\n"
"\n"
" -h, --help             display this help\n"
" -V, --version          display version\n"
"\n"
"Namespace columns:\n";

static void __attribute__((noreturn)) usage(void)
{
	FILE *out = stdout;
	int t;

	fprintf(out, usage_options, program_invocation_short_name);
	for (t = 0; t < NSI_NS_NTYPES; t++)
		fprintf(out, "%s%s", t ? " " : "", nsi_ns_type_name(t));
	fputs(usage_caps, out);
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
		cli_usage_error("invalid interval '%s' (0.1 to 3600 seconds)", s);
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
		cli_usage_error("invalid count '%s'", s);
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
		cli_usage_error("invalid PID '%s'", s);
	return (pid_t)v;
}

static void parse_types(struct options *o, const char *list)
{
	const char *s = list;

	while (*s) {
		size_t len = strcspn(s, ",");
		int t = nsi_ns_type_from_name(s, len);

		if (t < 0)
			cli_fatal(EXIT_FAILURE, 0, "unknown namespace type '%.*s' "
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
		cli_usage_error("no namespace type given");
}

static const struct option longopts[] = {
	{ "audit",      no_argument,       NULL, OPT_AUDIT },
	{ "caps",       no_argument,       NULL, OPT_CAPS },
	{ "container",  required_argument, NULL, OPT_CONTAINER },
	{ "decode",     required_argument, NULL, OPT_DECODE },
	{ "detail",     no_argument,       NULL, OPT_DETAIL },
	{ "diff",       no_argument,       NULL, OPT_DIFF },
	{ "graph",      no_argument,       NULL, OPT_GRAPH },
	{ "help",       no_argument,       NULL, 'h' },
	{ "iab",        no_argument,       NULL, OPT_IAB },
	{ "interval",   required_argument, NULL, OPT_INTERVAL },
	{ "json",       no_argument,       NULL, 'J' },
	{ "list",       no_argument,       NULL, 'l' },
	{ "list-columns", no_argument,     NULL, 'H' },
	{ "metrics",    optional_argument, NULL, OPT_METRICS },
	{ "noheadings", no_argument,       NULL, 'n' },
	{ "notruncate", no_argument,       NULL, 'u' },
	{ "nowrap",     no_argument,       NULL, 'W' },
	{ "ns",         required_argument, NULL, 't' },
	{ "output",     required_argument, NULL, 'o' },
	{ "output-all", no_argument,       NULL, OPT_OUTPUT_ALL },
	{ "persistent", no_argument,       NULL, 'P' },
	{ "pid",        required_argument, NULL, 'p' },
	{ "task",       required_argument, NULL, 'p' },	/* lsns's name */
	{ "raw",        no_argument,       NULL, 'r' },
	{ "tree",       optional_argument, NULL, 'T' },
	{ "tui",        no_argument,       NULL, OPT_TUI },
	{ "snapshot",   optional_argument, NULL, OPT_SNAPSHOT },
	{ "input",      required_argument, NULL, OPT_INPUT },
	{ "delay",      required_argument, NULL, 'd' },
	{ "iterations", required_argument, NULL, 'N' },
	{ "type",       required_argument, NULL, 't' },
	{ "version",    no_argument,       NULL, 'V' },
	{ "watch",      no_argument,       NULL, OPT_WATCH },
	{ NULL, 0, NULL, 0 }
};

/*
 * --decode MASK: hexadecimal, with or without 0x, as the Cap lines of
 * /proc/PID/status print a mask; at most 64 bits.  Stricter than capsh,
 * whose strtoull(3) takes "zz" as 0: a wrong mask is a usage error.
 */
static uint64_t parse_mask(const char *s)
{
	const char *digits = s;
	char *end;
	unsigned long long v;

	if (digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X'))
		digits += 2;
	errno = 0;
	v = strtoull(digits, &end, 16);
	if (!*digits || *end || errno ||
	    strspn(digits, "0123456789abcdefABCDEF") != strlen(digits))
		cli_usage_error("invalid capability mask '%s' (hexadecimal, "
				"as CapEff in /proc/PID/status)", s);
	return (uint64_t)v;
}

/* --iab and --decode: 1 when @c is one of them. */
static int parse_caps_option(struct options *o, int c)
{
	switch (c) {
	case OPT_IAB:
		o->iab = 1;
		o->q.view = NSI_VIEW_PROC;
		return 1;
	case OPT_DECODE:
		o->decode = 1;
		o->decode_mask = parse_mask(optarg);
		return 1;
	default:
		return 0;
	}
}

/* --diff, --watch and --interval: 1 when @c is one of them. */
static int parse_changes_option(struct options *o, int c)
{
	switch (c) {
	case OPT_DIFF:
		o->diff = 1;
		return 1;
	case OPT_WATCH:
		o->watch = 1;
		return 1;
	case OPT_INTERVAL:
		o->watch_interval_ms = parse_seconds(optarg);
		return 1;
	default:
		return 0;
	}
}

/*
 * One option of getopt_long(3): one case per option, so one switch.
 * Long: it grows by a case with each option, each case a few lines.
 */
static void parse_option(struct options *o, int c, char **argv)
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
	case OPT_SNAPSHOT:
		o->snapshot = 1;
		o->snapshot_file = optarg;
		break;
	case OPT_INPUT:
		o->input = optarg;
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
		o->noheadings = 1;
		break;
	case 'u':
		o->notruncate = 1;
		break;
	case 'W':
		o->nowrap = 1;
		break;
	case 'H':
		o->list_columns = 1;
		break;
	case 'P':
		o->q.persistent = 1;
		break;
	case 'o':
		if (!*optarg)
			cli_usage_error("-o needs a column name (--help "
					"lists them)");
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
	case 'T':
		if (!optarg || strcmp(optarg, "owner") == 0)
			o->q.tree = NSI_TREE_OWNER;
		else if (strcmp(optarg, "parent") == 0)
			o->q.tree = NSI_TREE_PARENT;
		else if (strcmp(optarg, "process") == 0)
			o->q.tree = NSI_TREE_PROCESS;
		else
			cli_usage_error("unknown tree relation '%s' "
				    "(owner, parent or process)", optarg);
		break;
	case OPT_AUDIT:
		o->audit = 1;
		break;
	case OPT_METRICS:
		if (optarg && !*optarg)
			cli_usage_error("--metrics= needs a file name");
		o->metrics = 1;
		o->metrics_file = optarg;
		break;
	case ':':
		cli_usage_error("option '%s' requires an argument",
			    argv[optind - 1]);
	default:
		if (strncmp(argv[optind - 1], "--", 2) == 0)
			cli_usage_error("invalid option '%s'",
				    argv[optind - 1]);
		cli_usage_error("invalid option '-%c'", optopt);
	}
}

/*
 * --diff OLD [NEW] (-J only) and --watch (--interval only): nothing of
 * the other views goes with them (usage errors exit 2, as diff(1)'s).
 */
static void check_changes(struct options *o, int argc, char **argv)
{
	if (o->diff && o->watch)
		cli_usage_error("options --diff and --watch are mutually "
				"exclusive");
	if (o->raw || o->noheadings || o->audit || o->graph || o->tui ||
	    o->q.net_detail || o->q.view == NSI_VIEW_PROC || o->output ||
	    o->output_all || o->q.tree || o->q.pid || o->q.ntypes ||
	    o->q.container || o->snapshot || o->input ||
	    (o->watch && o->json))
		cli_usage_error(o->diff ? "--diff goes with -J only" :
				"--watch goes with --interval only");
	if (o->diff && o->watch_interval_ms)
		cli_usage_error("--interval goes with --watch");
	if (o->watch && optind < argc)
		cli_usage_error("unexpected argument '%s'", argv[optind]);
	if (!o->diff)
		return;
	if (optind == argc)
		cli_usage_error("--diff needs a snapshot file");
	o->diff_old = argv[optind++];
	if (optind < argc)
		o->diff_new = argv[optind++];
	if (optind < argc)
		cli_usage_error("unexpected argument '%s'", argv[optind]);
}

/*
 * What getopt_long(3) cannot tell: options that do not go together, and
 * the operands (--caps PIDs, or the inode of one namespace).
 */
/* --snapshot takes --detail and --input; --input any one-shot view. */
static void check_snapshot(const struct options *o, int argc)
{
	if (o->snapshot && (o->json || o->raw || o->noheadings || o->audit ||
			    o->graph || o->tui || o->q.view == NSI_VIEW_PROC ||
			    o->output || o->output_all || o->q.tree ||
			    o->q.pid || o->q.container || o->q.ntypes ||
			    optind < argc))
		cli_usage_error("--snapshot goes with --detail and --input "
				"only");
	if (o->snapshot && (o->metrics || o->watch || o->diff))
		cli_usage_error("--snapshot goes with --detail and --input "
				"only");
	if (o->input && (o->tui || o->watch || o->diff))
		cli_usage_error("--input shows a one-shot view or --metrics, "
				"not --tui, --watch or --diff (which reads its "
				"own files)");
	if (o->input && !o->input[0])
		cli_usage_error("--input needs a file name ('-' for standard "
				"input)");
}

/* The operands: --caps PIDs, or the inode of one namespace. */
static void check_operands(struct options *o, int argc, char **argv)
{
	char *end;

	if (o->q.view == NSI_VIEW_PROC) {
		if (o->q.ntypes)
			cli_usage_error("options --caps and --type are mutually "
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
		return;
	}
	if (optind >= argc)
		return;
	/* an optional argument is --tree=parent, never --tree parent */
	if (o->q.tree && (!strcmp(argv[optind], "parent") ||
			  !strcmp(argv[optind], "owner") ||
			  !strcmp(argv[optind], "process")))
		cli_usage_error("invalid namespace '%s' (the tree's relation "
				"is written --tree=%s)", argv[optind],
				argv[optind]);
	errno = 0;
	o->q.ns_filter = (ino_t)strtoull(argv[optind], &end, 10);
	if (errno || end == argv[optind] || *end || !o->q.ns_filter)
		cli_usage_error("invalid namespace '%s'", argv[optind]);
	if (++optind < argc)
		cli_usage_error("unexpected argument '%s'", argv[optind]);
}

/* --decode stands alone; --iab is --caps printed as getpcaps does. */
static void check_caps_options(const struct options *o, int argc)
{
	if (o->decode && (o->json || o->raw || o->noheadings || o->audit ||
			  o->graph || o->tui || o->output || o->output_all ||
			  o->iab || o->q.view == NSI_VIEW_PROC ||
			  o->q.ntypes || o->q.pid || o->q.container ||
			  o->q.tree || o->q.net_detail || o->q.persistent ||
			  o->diff || o->watch || o->snapshot || o->input ||
			  o->metrics || optind < argc))
		cli_usage_error("--decode goes with no other option");
	if (o->iab && (o->raw || o->noheadings || o->output ||
		       o->output_all))
		cli_usage_error("--iab prints the lines of getpcaps --iab "
				"(-o IAB is its column)");
}

static void check_options(struct options *o, int argc, char **argv)
{
	int t;

	check_caps_options(o, argc);
	if (o->decode)
		return;

	check_snapshot(o, argc);
	if (o->json && o->raw)
		cli_usage_error("options --json and --raw are mutually exclusive");
	if (o->q.net_detail) {
		if (o->q.view == NSI_VIEW_PROC || o->q.tree)
			cli_usage_error("--detail and --graph go with the "
				    "namespace view only");
		if (o->q.ntypes && (o->q.ntypes != 1 || !o->q.types[NSI_NS_NET]))
			cli_usage_error("--detail and --graph show network "
				    "namespaces: use them with --ns net");
		o->q.types[NSI_NS_NET] = 1;
		o->q.ntypes = 1;
	}
	/* the process view: named as the user asked for it */
	if (o->q.tree && o->q.view == NSI_VIEW_PROC)
		cli_usage_error("options %s and --tree are mutually exclusive",
				o->iab ? "--iab" : "--caps");
	if (o->q.persistent && o->q.view == NSI_VIEW_PROC)
		cli_usage_error("options %s and --persistent are mutually "
				"exclusive", o->iab ? "--iab" : "--caps");
	if (o->audit && !o->q.container && !o->q.pid)
		cli_usage_error("--audit needs --container or --pid");
	if (o->audit && (o->q.view == NSI_VIEW_PROC || o->q.net_detail ||
			 o->q.tree))
		cli_usage_error("--audit goes with --container and --pid only");

	if (o->diff || o->watch) {
		check_changes(o, argc, argv);
		return;
	}
	if (o->watch_interval_ms && (!o->metrics || o->input))
		cli_usage_error("--interval goes with --watch or --metrics");
	if (o->watch_interval_ms && !o->metrics_file)
		cli_usage_error("--metrics --interval needs a file: "
				"--metrics=FILE");
	check_operands(o, argc, argv);
	if (o->tui && o->noheadings)
		cli_usage_error("-n is --noheadings, as in lsns: the live "
				"view's count of refreshes is --iterations");
	if (o->tui && (o->json || o->raw || o->audit || o->graph ||
		       o->q.net_detail || o->q.view == NSI_VIEW_PROC ||
		       o->output || o->q.tree))
		cli_usage_error("--tui goes with -d and --iterations only");
	if (o->metrics && (o->json || o->raw || o->noheadings || o->audit ||
			   o->graph || o->tui || o->output || o->output_all ||
			   o->q.view == NSI_VIEW_PROC || o->q.ntypes ||
			   o->q.pid || o->q.container || o->q.tree ||
			   o->q.net_detail || o->q.ns_filter))
		cli_usage_error("--metrics goes with no other option");
	if (!o->tui && (o->tui_opts.interval_ms || o->tui_opts.max_iter))
		cli_usage_error("-d and --iterations go with --tui");
	if (o->q.container && o->q.npids)
		cli_usage_error("--caps PID and --container are mutually exclusive");
	if (!o->q.ntypes)
		for (t = 0; t < NSI_NS_NTYPES; t++)
			o->q.types[t] = 1;
}

void cli_parse_args(struct options *o, int argc, char **argv)
{
	/* -n is lsns's --noheadings everywhere; -d SECONDS is top's */
	const char *optstring = ":d:hHJlno:Pp:rt:T::uVW";
	int c;

	opterr = 0;	/* getopt's messages name argv[0]: we say it ourselves */
	while ((c = getopt_long(argc, argv, optstring, longopts,
				NULL)) != -1) {
		if (!parse_changes_option(o, c) && !parse_caps_option(o, c))
			parse_option(o, c, argv);
	}
	if (o->list_columns) {	/* as lsns -H: of the view chosen */
		nsi_columns_help(stdout, o->q.view);
		exit(EXIT_SUCCESS);
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
			cli_fatal(EXIT_FAILURE, 0, "unknown column: '%.*s'",
				  (int)len, s);
		if (*ncols == NSI_MAX_COLS)
			cli_usage_error("too many columns");
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
void cli_choose_columns(const struct options *o, int any_nsfs,
			   int any_container, int *cols, size_t *ncols)
{
	size_t n, i;

	*ncols = 0;
	if (o->iab) {	/* what getpcaps --iab prints */
		cols[(*ncols)++] = NSI_PCOL_PID;
		cols[(*ncols)++] = NSI_PCOL_CAPTEXT;
		cols[(*ncols)++] = NSI_PCOL_IAB;
		return;
	}
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

