#!/bin/sh
# shellcheck shell=sh disable=SC2016,SC2317
# listns.sh - the namespaces only listns(2) (Linux 6.19) can name are
# listed when the kernel has it, and the scans alone run when it has not.
# The test's namespace: a network namespace bind mounted inside a mount
# namespace that no process is in (itself held by a bind mount of its
# nsfs file), so that no process, fd, socket or mount table nsinspect
# reads shows it; its inode, nsfs file handle and owner are read through
# nsenter(1) and Python (name_to_handle_at(2), ioctl NS_GET_USERNS), the
# oracle.
#   - without listns(2) (before 6.19): nsinspect --ns net does not list it
#     (the fallback: the scans only);
#   - with listns(2) (6.19, or before it the LD_PRELOAD library
#     tests/helpers/listns-shim, which answers listns(2) from a table and
#     completes ID-only nsfs handles): the run-time probe selects the
#     listns path, which lists only the types shown, and the namespace is
#     listed with HOLDER "listns", HELD_BY "listns ID <its ID>", NPROCS
#     0, and ONS read by opening it again through its ID; JSON is
#     schema-valid; a snapshot keeps its ID and reads back the same.
. "$(dirname "$0")/lib.sh"

require_root
require_cmd jq unshare nsenter python3 stat mount
: "${LISTNS_SHIM:=$T_TOP/tests/helpers/listns-shim}"
require_nsinspect

D=$T_TMP/hide
mkdir -p "$D/in" && touch "$D/mnt" || exit 1
# a private mount, so that the mount namespace's nsfs file can be bound
if ! mount --bind "$D" "$D"; then
	not_ok "cannot bind mount $D"
	t_finish
fi
t_add_mount "$D"
mount --make-private "$D"
if ! unshare --mount="$D/mnt" --propagation private sh -c \
	"mount -t tmpfs $T_NAME '$D/in' && touch '$D/in/net' &&
	 unshare --net='$D/in/net' true"; then
	not_ok "cannot make the hidden network namespace"
	t_finish
fi
t_add_mount "$D/mnt"

# handle PATH - "ID:TYPE:INUM" of the nsfs file PATH (name_to_handle_at)
handle_py='
import ctypes, os, struct, sys
libc = ctypes.CDLL(None, use_errno=True)
buf = ctypes.create_string_buffer(8 + 128)
struct.pack_into("=Ii", buf, 0, 128, 0)
mnt = ctypes.c_int()
fd = os.open(sys.argv[1], os.O_RDONLY)
if libc.name_to_handle_at(fd, b"", buf, ctypes.byref(mnt), 0x1000):
    sys.exit(os.strerror(ctypes.get_errno()))
print("%d:%x:%d" % struct.unpack_from("=QII", buf, 8))
'
# owner PATH - the inode of the owning user namespace (NS_GET_USERNS)
owner_py='
import fcntl, os, sys
print(os.fstat(fcntl.ioctl(os.open(sys.argv[1], os.O_RDONLY), 0xb701)).st_ino)
'
hid=$(nsenter --mount="$D/mnt" python3 -c "$handle_py" "$D/in/net")
self=$(python3 -c "$handle_py" /proc/self/ns/net)
ons=$(nsenter --mount="$D/mnt" python3 -c "$owner_py" "$D/in/net")
ino=${hid##*:}
id=${hid%%:*}
check "the oracle reads the hidden namespace's handle and owner" \
	test -n "$ino" -a -n "$id" -a -n "$ons" -a -n "$self"

# row FILE - the JSON row of the hidden namespace, or nothing
row() {
	jq -c --argjson i "$ino" '.namespaces[] | select(.type == "net" and
		.ns == $i)' "$1"
}

cols=NS,TYPE,NPROCS,HOLDER,HELD_BY,ONS
release=$(uname -r)
major=${release%%.*}
minor=${release#*.}
minor=${minor%%[!0-9]*}
if [ "$major" -gt 6 ] || { [ "$major" -eq 6 ] && [ "$minor" -ge 19 ]; }; then
	skip "the fallback is not what runs on Linux $release"
	run_listns() { "$NSINSPECT" "$@"; }
else
	require_file "$LISTNS_SHIM" "the listns-shim test helper"
	"$NSINSPECT" --ns net -J -o "$cols" >"$T_TMP/plain.json" \
		2>"$T_TMP/plain.err"
	is "$(row "$T_TMP/plain.json")" "" \
		"without listns(2) the scans do not list it (Linux $release)"
	# an AddressSanitizer build (.ci/run) wants its runtime first in
	# the library list: told that the preloaded shim is meant
	run_listns() {
		NSI_TEST_LISTNS="$self,$hid" \
		NSI_TEST_LISTNS_LOG="$T_TMP/calls" \
		ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
		LD_PRELOAD="$LISTNS_SHIM" "$NSINSPECT" "$@"
	}
fi

run_listns --ns net -J -o "$cols" >"$T_TMP/l.json" 2>"$T_TMP/l.err"
if [ -f "$T_TMP/calls" ]; then
	# the probe (an invalid flag), then one listing of net alone
	is "$(sort -u "$T_TMP/calls" | tr '\n' ' ')" \
		"flags=0 type=0x40000000 flags=0xffffffff type=0 " \
		"the probe selects the listns path, for the types shown"
	rm -f "$T_TMP/calls"
fi
r=$(row "$T_TMP/l.json")
is "$(printf '%s' "$r" | jq -c \
	'[.nprocs, .holder, .held_by, [.holders[].kind]]')" \
	"[0,[\"listns\"],[\"listns ID $id\"],[\"listns\"]]" \
	"with listns(2) it is listed, HOLDER and HELD_BY listns"
is "$(printf '%s' "$r" | jq -r '.ons')" "$ons" \
	"ONS: opened again through its ID"
t_schema_ok "JSON with a listns holder is schema-valid" "$T_TMP/l.json"
run_listns --ns net -o "$cols" >"$T_TMP/l.txt" 2>&1
check "the table says HELD_BY \"listns ID $id\"" \
	grep -Eq "^ *$ino +net +0 +listns +listns ID $id +$ons\$" "$T_TMP/l.txt"
# a snapshot keeps the ID (its holder has "id"), and reads back the same
rm -f "$T_TMP/calls"
run_listns --snapshot="$T_TMP/snap.json" 2>/dev/null
if [ -f "$T_TMP/calls" ]; then
	is "$(grep '^flags=0 ' "$T_TMP/calls" | sort | uniq -c | grep -c '^ *1 ')" 8 \
		"a snapshot lists each of the 8 types once"
fi
t_schema_ok "a snapshot with a listns holder is schema-valid" \
	"$T_TMP/snap.json"
"$NSINSPECT" --input "$T_TMP/snap.json" --ns net -o "$cols" \
	>"$T_TMP/s.txt" 2>&1
check "read back from the snapshot: HELD_BY \"listns ID $id\"" \
	grep -Eq "^ *$ino +net +0 +listns +listns ID $id +$ons\$" "$T_TMP/s.txt"
t_finish
