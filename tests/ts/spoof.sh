#!/bin/sh
# shellcheck shell=sh disable=SC2016,SC2317
# spoof.sh - output an unprivileged user can shape (issue 11).  `nobody`,
# in a user, mount and network namespace of its own, makes:
#   - a bind mount of its netns at a path with a newline and then
#     "socket fd 7 of PID 1" (a foreign bind mount: root's HELD_BY);
#   - bridges named a\" and b\N (dot's quote and label escapes) and one
#     with U+202E (RLO) and U+200B (ZWSP) in its name;
#   - a command line with U+202E and U+200B.
# Root bind-mounts that netns at a path with ", \N and a newline too (our
# own mount namespace: NSFS, and the namespace's name in --detail and
# --graph).
# Checks, against root's nsinspect: a list cell (HELD_BY, NSFS) never
# makes one more line, its items escaped (also in raw output); --graph is
# valid dot (dot -Tcanon) and every label reads back (dot -Tsvg) as the
# exact name, control bytes, RLO and ZWSP as \xNN; the table, --detail,
# --audit and the live view (tmux, LC_ALL=C.UTF-8) show RLO and ZWSP as
# \xNN and never as themselves.
. "$(dirname "$0")/lib.sh"

require_root
require_cmd_pkg graphviz dot
require_cmd_pkg tmux tmux
require_cmd setpriv unshare mount ip bash python3 od
require_nsinspect
t_tmux_trap

NL='
'
RLO=$(printf '\342\200\256')
ZWSP=$(printf '\342\200\213')
FAKE="socket fd 7 of PID 1"
FAKE2="socket fd 9 of PID 1"
# as \xNN (what the table and the labels show)
RLO_E='\xe2\x80\xae'
ZWSP_E='\xe2\x80\x8b'
IF_Q='a\"'
IF_N='b\N'
IF_B="r${RLO}gpj.exe${ZWSP}z"		# 15 bytes, IFNAMSIZ - 1
ARGV0="spoof-$$-r${RLO}txt${ZWSP}z"

# a directory nobody can write to, under ours
chmod 711 "$T_TMP"
NB="$T_TMP/nb"
mkdir "$NB" && chmod 777 "$NB"
cat >"$NB/att.sh" <<'EOF'
set -e
mkdir -p "$1"
: >"$1/n"
mount --bind /proc/self/ns/net "$1/n"
ip link add "$2" type bridge
ip link add "$3" type bridge
ip link add "$4" type bridge
: >"$5"
exec -a "$6" sleep 600
EOF
BIND_DIR="$NB/x${NL}$FAKE"
t_spawn "$T_TMP/att.log" setpriv --reuid=65534 --regid=65534 --clear-groups \
	unshare -Urmn bash "$NB/att.sh" "$BIND_DIR" "$IF_Q" "$IF_N" "$IF_B" \
	"$NB/ready" "$ARGV0"
ATT=$T_SPAWNED
att_ready() {
	[ -e "$NB/ready" ] && t_comm_is "$ATT" sleep
}
if ! t_wait 100 att_ready; then
	not_ok "nobody makes its namespaces, bind mount and interfaces"
	diag_file "$T_TMP/att.log" "its output"
	t_finish
fi
NS=$(t_ns_ino "$ATT" net)

# row_lines FILE - the lines of our namespace's row: its own (it starts
# with $NS) and those after it up to the next row (one that starts with an
# inode or "unknown").
row_lines() {
	awk -v ns="$NS" '
	$1 == ns { on = 1; print; next }
	on && /^ *([0-9]+|unknown) / { exit }
	on { print }' "$1"
}

# no_raw FILE - FILE has no byte of RLO or ZWSP as itself
no_raw() {
	! od -An -tx1 -v "$1" | tr -s ' \n' '  ' | grep -Eq 'e2 80 (ae|8b)'
}

# ---------------------------------------------- lists: HELD_BY and NSFS
if nsi_ok "-t net -o NS,HELD_BY" -t net -o NS,HELD_BY; then
	row_lines "$T_TMP/out" >"$T_TMP/row"
	want="x\\x0a$FAKE/n in mnt:["
	if [ "$(grep -c . "$T_TMP/row")" = 1 ] && grep -qF "$want" "$T_TMP/row"; then
		ok "HELD_BY: a newline in nobody's bind-mount path is \\x0a, no fake line"
	else
		not_ok "HELD_BY: a newline in nobody's bind-mount path is \\x0a, no fake line" \
			"want one line with: $want"
		diag_file "$T_TMP/row" "the row"
	fi
fi
if nsi_ok "-t net -J -o NS,HELD_BY" -t net -J -o NS,HELD_BY; then
	if t_jq "$T_TMP/out" '[.namespaces[] | select(.ns == $ns)][0].held_by |
		length == 1 and (.[0] | startswith($bind + "/n in mnt:["))' \
		--argjson ns "$NS" --arg bind "$BIND_DIR"; then
		ok "-J: HELD_BY is the exact path, newline and all"
	else
		not_ok "-J: HELD_BY is the exact path, newline and all"
		diag_file "$T_TMP/out"
	fi
	# a path that says " in mnt:[...]" cannot pass for the mount
	# namespace: "holders" has each in a field of its own
	if t_jq "$T_TMP/out" '[.namespaces[] | select(.ns == $ns)][0].holders |
		length == 1 and .[0].kind == "bind mount" and
		.[0].path == $bind + "/n" and .[0].mntns == $mnt' \
		--argjson ns "$NS" --arg bind "$BIND_DIR" \
		--argjson mnt "$(t_ns_ino "$ATT" mnt)"; then
		ok "-J: holders has the exact path and nobody's mnt namespace in fields of their own"
	else
		not_ok "-J: holders has the exact path and nobody's mnt namespace in fields of their own"
		diag_file "$T_TMP/out"
	fi
fi
if nsi_ok "-r -t net -o NS,HELD_BY" -r -t net -o NS,HELD_BY; then
	row=$(grep "^$NS " "$T_TMP/out")
	# the item escaped, then raw-encoded: \ is \x5c; between items \x0a
	want='x\x5cx0asocket\x20fd\x207\x20of\x20PID\x201/n\x20in\x20mnt:['
	case $row in
	*"$want"*) ok "-r HELD_BY: the newline in the item is not the item separator (\\x5cx0a)" ;;
	*) not_ok "-r HELD_BY: the newline in the item is not the item separator (\\x5cx0a)" \
		"want: $want" "row: $row" ;;
	esac
fi
# Then root's bind mount of it, in a tmpfs of ours (unmounted at exit,
# with it).  After the HELD_BY checks: a namespace bind mounted in our
# mount namespace lists no other mount namespace's bind mount.
M="$T_TMP/m"
mkdir "$M" && mount -t tmpfs spoof "$M" && t_add_mount "$M"
NSFS_PATH="$M/q\"\\N${NL}$FAKE2"
: >"$NSFS_PATH"
if ! mount --bind "/proc/$ATT/ns/net" "$NSFS_PATH"; then
	not_ok "bind-mount nobody's netns at a path with a newline"
	t_finish
fi
NSFS_E="$M/q\"\\N\\x0a$FAKE2"		# as shown

if nsi_ok "-t net -o NS,NSFS" -t net -o NS,NSFS; then
	row_lines "$T_TMP/out" >"$T_TMP/row"
	if [ "$(grep -c . "$T_TMP/row")" = 1 ] && grep -qF "$NSFS_E" "$T_TMP/row"; then
		ok "NSFS: a newline in a mount path is \\x0a, no fake line"
	else
		not_ok "NSFS: a newline in a mount path is \\x0a, no fake line" \
			"want one line with: $NSFS_E"
		diag_file "$T_TMP/row" "the row"
	fi
fi
# JSON keeps the exact text
if nsi_ok "-t net -J -o NS,NSFS" -t net -J -o NS,NSFS; then
	if t_jq "$T_TMP/out" '[.namespaces[] | select(.ns == $ns)][0].nsfs == [$nsfs]' \
		--argjson ns "$NS" --arg nsfs "$NSFS_PATH"; then
		ok "-J: NSFS is the exact path, newline and all"
	else
		not_ok "-J: NSFS is the exact path, newline and all"
		diag_file "$T_TMP/out"
	fi
fi

# ------------------------------------------------------------ --graph
"$NSINSPECT" --ns net --graph "$NS" >"$T_TMP/g.dot" 2>"$T_TMP/g.err"
if dot -Tcanon "$T_TMP/g.dot" >"$T_TMP/g.canon" 2>"$T_TMP/dot.err"; then
	ok "--graph with interfaces named $IF_Q and $IF_N: dot -Tcanon reads it"
else
	not_ok "--graph with interfaces named $IF_Q and $IF_N: dot -Tcanon reads it"
	diag_file "$T_TMP/dot.err" "dot"
	diag_file "$T_TMP/g.dot" "--graph"
fi
# the labels as drawn: one line of text each in the SVG
dot -Tsvg "$T_TMP/g.dot" >"$T_TMP/g.svg" 2>/dev/null
res=$(python3 - "$T_TMP/g.svg" "$IF_Q" "$IF_N" "r${RLO_E}gpj.exe${ZWSP_E}z" \
	"$NSFS_E" "net:[$NS]" <<'PY'
import sys
import xml.etree.ElementTree as ET
try:
    root = ET.parse(sys.argv[1]).getroot()
except Exception as e:
    print("no SVG: %s" % e)
    sys.exit(0)
texts = [t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text")]
missing = [w for w in sys.argv[2:] if w not in texts]
raw = [t for t in texts if "\u202e" in t or "\u200b" in t]
if missing or raw:
    print("missing %r; raw RLO/ZWSP in %r; labels %r" % (missing, raw, texts))
else:
    print("ok")
PY
)
is "$res" ok "--graph: the labels read back as the exact names (\\xNN for newline, RLO, ZWSP)"

# --------------------------------------------- RLO and ZWSP in text views
# in a UTF-8 locale, where iswprint() passes U+202E and U+200B
LC_ALL=C.UTF-8
CMD_E="spoof-$$-r${RLO_E}txt${ZWSP_E}z 600"
if nsi_ok "-t net -o NS,COMMAND" -t net -o NS,COMMAND; then
	if grep "^ *$NS " "$T_TMP/out" | grep -qF "$CMD_E" && no_raw "$T_TMP/out"; then
		ok "table: RLO and ZWSP of a command line as \\xNN"
	else
		not_ok "table: RLO and ZWSP of a command line as \\xNN" "want: $CMD_E"
		diag_file "$T_TMP/out"
	fi
fi
if nsi_ok "--ns net --detail NS" --ns net --detail "$NS"; then
	# the tree's branch before it: ASCII, or line drawing under UTF-8
	if grep -qF -e "-r${RLO_E}gpj.exe${ZWSP_E}z " \
		-e "$(printf '\342\224\200')r${RLO_E}gpj.exe${ZWSP_E}z " "$T_TMP/out" &&
	   grep -qF -- "$NSFS_E " "$T_TMP/out" && no_raw "$T_TMP/out" &&
	   [ "$(grep -c . "$T_TMP/out")" = 6 ]; then
		ok "--detail: RLO and ZWSP of an interface name as \\xNN; 6 lines (heading, netns, 4 interfaces)"
	else
		not_ok "--detail: RLO and ZWSP of an interface name as \\xNN; 6 lines (heading, netns, 4 interfaces)"
		diag_file "$T_TMP/out"
	fi
fi
if nsi_ok "--audit -p PID" --audit -p "$ATT"; then
	if grep -qF "$CMD_E" "$T_TMP/out" && no_raw "$T_TMP/out"; then
		ok "--audit: RLO and ZWSP of the command line as \\xNN"
	else
		not_ok "--audit: RLO and ZWSP of the command line as \\xNN"
		diag_file "$T_TMP/out"
	fi
fi

# the live view (tmux and the pane in C.UTF-8 too), processes view
t_tui_start 200 40 "$NSINSPECT --tui -d 1"
LC_ALL=C
if t_tui_await 100 '^Namespaces:' && t_tui_keys Tab &&
   t_tui_await 100 '^ +PID[v^]? +USER '; then
	t_tui_keys /
	t_tui_type "spoof-$$"
	t_tui_keys Enter
	# mawk/grep ERE: a literal backslash is \\
	re="spoof-$$-r\\\\xe2\\\\x80\\\\xaetxt\\\\xe2\\\\x80\\\\x8bz 600"
	if t_tui_await 100 "$re" && no_raw "$T_TMP/screen"; then
		ok "live view (C.UTF-8): RLO and ZWSP of a command line as \\xNN"
	else
		not_ok "live view (C.UTF-8): RLO and ZWSP of a command line as \\xNN" "want: $re"
		diag "screen:"
		cat -v "$T_TMP/screen" | sed 's/^/#   |/'
	fi
	t_tui_keys Home Enter
	if t_tui_await 100 "^PID $ATT .*$re" && no_raw "$T_TMP/screen"; then
		ok "live view detail pane: RLO and ZWSP as \\xNN"
	else
		not_ok "live view detail pane: RLO and ZWSP as \\xNN"
		diag "screen:"
		cat -v "$T_TMP/screen" | sed 's/^/#   |/'
	fi
	t_tui_keys q
else
	not_ok "the live view starts"
	diag "screen:"
	cat -v "$T_TMP/screen" | sed 's/^/#   |/'
fi


# --- a user's process that poses as a kernel thread -------------------------
# No command line (an execve(2) with no argument) and a comm of a kernel
# worker: ps(1)'s form "[comm]" would pass it for one.  Brackets are kept
# for the children of kthreadd; this one shows its comm bare.
cat >"$T_TMP/kt.py" <<'EOF'
import ctypes, os
# sh with no argument reads its commands from stdin: it names itself
# (comm is the writer's own only), then waits
r, w = os.pipe()
os.write(w, b"printf 'kworker/0:1H' >/proc/self/comm\nwhile :; do sleep 5; done\n")
os.close(w)
os.dup2(r, 0)
libc = ctypes.CDLL(None, use_errno=True)
argv = (ctypes.c_char_p * 1)(None)
libc.execve(b"/bin/sh", argv, argv)
EOF
chmod 755 "$T_TMP"
chmod 644 "$T_TMP/kt.py"
t_spawn "$T_TMP/kt.out" setpriv --reuid=65534 --regid=65534 --clear-groups \
	/usr/bin/python3 "$T_TMP/kt.py"
KP=$T_SPAWNED
t_wait 50 sh -c "[ \"\$(cat /proc/$KP/comm 2>/dev/null)\" = kworker/0:1H ]"
if [ "$(cat "/proc/$KP/comm" 2>/dev/null)" = kworker/0:1H ] &&
   nsi_ok "--caps $KP -o PID,COMMAND" --caps "$KP" -o PID,COMMAND -n; then
	if grep -Eq "^ *$KP +kworker/0:1H\$" "$T_TMP/out"; then
		ok "a process of nobody without a command line and named kworker/0:1H is not shown as [kworker/0:1H]"
	else
		not_ok "nobody's fake kernel thread" "$(cat "$T_TMP/out")"
	fi
	nsi_ok "--caps 2 -o PID,COMMAND" --caps 2 -o PID,COMMAND -n &&
		is "$(awk '{print $2}' "$T_TMP/out")" "[kthreadd]" "kthreadd keeps its brackets"
else
	not_ok "nobody's process without a command line could be set up" "pid '$KP'"
fi
t_kill "$KP"

t_kill "$ATT"
t_finish
