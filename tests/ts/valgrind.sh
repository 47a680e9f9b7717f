#!/bin/sh
# shellcheck shell=sh
# valgrind.sh - the main views under valgrind's memcheck on the live
# system: no invalid read or write, no use of uninitialised memory, no
# leak (definite or indirect), no fd left open at exit but the standard
# ones.  Always the normal build (valgrind cannot run the sanitizer build
# that NSINSPECT may name): $T_TOP/nsinspect.
. "$(dirname "$0")/lib.sh"

require_root
require_cmd valgrind jq
NSI_PLAIN=$T_TOP/nsinspect
require_file "$NSI_PLAIN" "the normal build of nsinspect"

# a network namespace of our own, for --detail to read inside
NS="$T_NAME-vg"
ip netns add "$NS" && t_add_netns "$NS"

# vg NAME ARGS... - run nsinspect ARGS under memcheck.
vg() {
	_n=$1
	shift
	valgrind --quiet --error-exitcode=99 --leak-check=full \
		--errors-for-leak-kinds=definite,indirect \
		--show-leak-kinds=definite,indirect --track-fds=yes \
		--child-silent-after-fork=yes --log-file="$T_TMP/$_n.vg" \
		"$NSI_PLAIN" "$@" >"$T_TMP/$_n.out" 2>"$T_TMP/$_n.err"
	_rc=$?
	# --track-fds lists the fds open at exit besides 0-2, each either
	# "<inherited from parent>" or with the stack that opened it: those
	# nsinspect left open.
	_fds=$(( $(grep -c '^==[0-9]*== Open file descriptor [0-9]*:' "$T_TMP/$_n.vg") -
		$(grep -c '<inherited from parent>' "$T_TMP/$_n.vg") ))
	# valgrind 3.19 knows neither pidfd_open(2) nor pidfd_getfd(2) (ENOSYS:
	# no socket holders under it); its warnings about them are noise
	grep -v 'syscall: 43[48]$\|You may be able\|README_MISSING\|Nevertheless we\|valgrind.org/support' \
		"$T_TMP/$_n.vg" >"$T_TMP/$_n.vg2"
	if [ "$_rc" = 0 ] && ! grep -q 'ERROR SUMMARY: [1-9]' "$T_TMP/$_n.vg" &&
	   [ "$_fds" = 0 ]; then
		ok "valgrind: nsinspect ${*:-(the table)} - no memory error, no leak, no fd left open"
	else
		not_ok "valgrind: nsinspect ${*:-(the table)} - no memory error, no leak, no fd left open" \
			"exit $_rc (99: valgrind found errors)" "fds nsinspect left open at exit: $_fds"
		diag_file "$T_TMP/$_n.vg2" "valgrind"
		diag_file "$T_TMP/$_n.err" "stderr"
	fi
}

vg table
vg json -J
vg caps --caps -J
vg capspid --caps "$$"
vg net --ns net --detail
vg tree --tree -o NS,TYPE,NPROCS,PID,COMMAND
vg all --output-all -J
vg metrics --metrics
vg metricsfile --metrics="$T_TMP/nsinspect.prom"
check "valgrind: -J output under memcheck is JSON" jq -e .namespaces "$T_TMP/json.out"

t_finish
