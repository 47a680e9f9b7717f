#!/bin/sh
# golden.sh - replay the recorded machines of tests/golden/machines through
# the real nsinspect binary and compare its output, stderr and exit status
# byte for byte with the expected files (tests/golden/README.md).
#
# As root the replay runs in a mount namespace of its own (unshare -m);
# as another user in a user namespace of its own (unshare -Urm), and is
# skipped when the kernel allows none.  UPDATE=1 rewrites the expected
# files from this build's output instead of comparing.
. "$(dirname "$0")/lib.sh"

GOLDEN=$(cd "$T_LIBDIR/../golden" && pwd)
: "${GOLDEN_SHIM:=$T_TOP/tests/golden/procfs-shim}"

require_nsinspect
require_cmd python3 unshare mount cmp diff
require_file "$GOLDEN_SHIM" "the LD_PRELOAD library of the replay (make check TESTS=)"

if [ "$(id -u)" = 0 ]; then
	set -- unshare -m
elif unshare -Urm true >/dev/null 2>&1; then
	set -- unshare -Urm
else
	echo "ok 1 # SKIP golden.sh needs root or user namespaces (unshare -Urm fails)"
	exit 0
fi

for machine in "$GOLDEN"/machines/*/; do
	machine=${machine%/}
	m=$(basename "$machine")
	out="$T_TMP/$m"
	mkdir -p "$out"
	if ! "$@" sh "$GOLDEN/replay" "$NSINSPECT" "$GOLDEN_SHIM" "$machine" \
		"$machine/cases" "$out" >"$T_TMP/replay.log" 2>&1; then
		not_ok "$m: the replay runs"
		diag_file "$T_TMP/replay.log" "replay"
		continue
	fi
	[ "${UPDATE:-0}" = 1 ] && mkdir -p "$machine/expected"
	while read -r name _args; do
		case $name in '' | '#'*) continue ;; esac
		for ext in out err; do
			exp="$machine/expected/$name.$ext"
			got="$out/$name.$ext"
			if [ "${UPDATE:-0}" = 1 ]; then
				cp "$got" "$exp"
				ok "$m $name.$ext: updated"
			elif [ ! -f "$exp" ]; then
				not_ok "$m $name.$ext: no expected file" \
					"record it: UPDATE=1 sh $0 (tests/golden/README.md)"
			elif cmp -s "$exp" "$got"; then
				ok "$m $name.$ext"
			else
				not_ok "$m $name.$ext: differs from $exp"
				diff -u "$exp" "$got" >"$T_TMP/diff" 2>&1
				diag_file "$T_TMP/diff" "diff -u expected actual (first 30 lines)"
			fi
		done
	done <"$machine/cases"
done
t_finish
