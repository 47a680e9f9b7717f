/*
 * live-probe - a test helper of nsinspect: drives the live view's scan
 * (nsi_live_scan(), live.c) one refresh at a time, without a terminal,
 * and prints what it holds of one process after each.
 *
 * Usage: live-probe [--no-events] [--container]
 *   Prints "events ERRNO" (0 when process events are used; with
 *   --no-events, ECANCELED's number), then reads lines "ROUND PID" from
 *   standard input.  Each line makes one scan, ROUND being the refresh
 *   number (which processes have their turn: PID % 20 == ROUND % 20),
 *   the previous scan's model being the one to reuse (none for the first
 *   line), and prints "PID COMM UTS_INODE CAPEFF" of that process (CapEff
 *   in hex), or "PID gone".  With --container, each process line ends
 *   with " RUNTIME:ID:NAME" of its container ("-" for a part not known,
 *   "-" alone on the host).
 *
 * Exit status 1 (with a message on stderr) on any error.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "live.h"
#include "procfs.h"

int main(int argc, char **argv)
{
	struct nsi_model prev, next;
	struct nsi_report r;
	struct nsi_live *l;
	unsigned long round;
	int procfd, have = 0, pid, i, no_events = 0, container = 0;
	char line[128];

	procfd = nsi_procfs_open("/proc");
	if (procfd < 0) {
		fprintf(stderr, "live-probe: /proc: %s\n", strerror(-procfd));
		return 1;
	}
	for (i = 1; i < argc; i++) {
		no_events |= !strcmp(argv[i], "--no-events");
		container |= !strcmp(argv[i], "--container");
	}
	l = nsi_live_new(procfd, no_events ? NSI_LIVE_NO_EVENTS : 0);
	if (!l) {
		perror("live-probe");
		return 1;
	}
	printf("events %d\n", nsi_live_events_errno(l));
	fflush(stdout);
	nsi_model_init(&prev);
	while (fgets(line, sizeof(line), stdin)) {
		const struct nsi_proc *p;
		int rc;

		if (sscanf(line, "%lu %d", &round, &pid) != 2) {
			fprintf(stderr, "live-probe: want \"ROUND PID\"\n");
			return 1;
		}
		nsi_model_init(&next);
		rc = nsi_live_scan(l, &next, have ? &prev : NULL, round, NULL,
				   0, &r);
		if (rc < 0) {
			fprintf(stderr, "live-probe: scan: %s\n",
				strerror(-rc));
			return 1;
		}
		nsi_model_release(&prev);
		prev = next;
		have = 1;
		p = nsi_model_find_proc(&prev, (pid_t)pid);
		if (p) {
			printf("%d %s %lu %llx", pid, p->comm,
			       (unsigned long)p->ns[NSI_NS_UTS],
			       (unsigned long long)p->status.cap[NSI_CAP_EFF]);
			if (container && p->container)
				printf(" %s:%s:%s", p->container->runtime,
				       p->container->id,
				       p->container->name ?
				       p->container->name : "-");
			else if (container)
				printf(" -");
			printf("\n");
		} else
			printf("%d gone\n", pid);
		fflush(stdout);
	}
	nsi_model_release(&prev);
	nsi_live_free(l);
	close(procfd);
	return 0;
}
