#!/bin/sh
# shellcheck shell=sh disable=SC2016
# tui-htop.sh - the live view (nsinspect --tui) as an htop user meets it,
# at 80x24 and 160x50, driven in tmux (tui.sh has the rest of its keys):
#   - both views usable at 80x24: COMMAND keeps 20 columns, CONTAINER is
#     left out when no process has a container, Left/Right scroll;
#   - the namespace columns of the processes view: unique headings (PIDNS,
#     USERNS: not the process's PID and USER), a legend saying how many
#     last digits of the inode they show, and that many tell every
#     namespace of a type apart (oracle: stat -L of /proc/*/ns/*); the
#     table's NSFS, not NAMES;
#   - CAPS: the help says what default-N, +N, full and ! mean; sorted by
#     CAPS, "full!" (the most, escape-prone) is last, after "full*";
#   - d: empty or invalid input keeps the interval and says so;
#   - F3 search, F4 filter, F5 the owner tree, < and > the sort column,
#     h help, the key line;
#   - TERM=dumb and an unknown TERM: one "nsinspect:" line, exit 1; a
#     20x5 window: "window too small";
#   - the detail pane wraps capability lists between names (oracle: the
#     names capsh --decode gives);
#   - unknown namespaces sort last, as in the table.
# Not root: the parts that need unshare(1) are skipped.
. "$(dirname "$0")/lib.sh"

require_cmd_pkg tmux tmux
require_cmd_pkg libcap2-bin capsh
require_cmd awk sed stat sort uniq
require_nsinspect
t_tmux_trap
# a session that stays: t_tui_start kills the last one before it starts
# the next, and a server left with none exits, racing the new session
T_TMUX_USED=1
t_tmux -f /dev/null new-session -d -s keep -x 80 -y 24 "sleep 3600"

ROOT=0
[ "$(id -u)" = 0 ] && ROOT=1
ESC=$(printf '\033')

# shot DESC - diagnostics: the last screen.
shot() {
	diag "$1:"
	cat -v "$T_TMP/screen" | sed 's/^/#   |/'
}

# expect DESC TENTHS ERE - the screen shows a line matching ERE in time.
expect() {
	if t_tui_await "$2" "$3"; then
		ok "$1"
	else
		not_ok "$1" "no line matches: $3"
		shot screen
	fi
}

# start W H ARGS - nsinspect --tui ARGS in a W x H window, header shown.
start() {
	_w=$1
	_h=$2
	shift 2
	t_tui_start "$_w" "$_h" "TERM=xterm-256color $NSINSPECT --tui $*"
	t_tui_await 100 '^Namespaces:'
}

# to_proc / to_ns - Tab until that view's heading shows.
to_proc() {
	t_tui_screen
	t_tui_line 5 | grep -q ' CAPS' && return 0
	t_tui_keys Tab
	t_tui_wait 100 sh -c "sed -n 5p '$T_TMP/screen' | grep -q ' CAPS'"
}
to_ns() {
	t_tui_screen
	t_tui_line 5 | grep -q ' NPROCS' && return 0
	t_tui_keys Tab
	t_tui_wait 100 sh -c "sed -n 5p '$T_TMP/screen' | grep -q ' NPROCS'"
}

# sel_has ERE - whether the selected row (after its +/- mark) matches ERE.
sel_has() {
	t_tui_selected 6 | cut -f2 | cut -c2- | grep -Eq -- "$1"
}

# sel_on N - whether the selected row is on line N.
sel_on() {
	[ "$(t_tui_selected 6 | cut -f1)" = "$1" ]
}

# second_is NAME - whether the heading's second column is NAME.
second_is() {
	[ "$(t_tui_line 5 | awk '{ print $2 }')" = "$1" ]
}

# scrolled NAME - line 4 shows "<" and NAME is no longer second.
scrolled() {
	t_tui_line 4 | grep -q '  <' && ! second_is "$1"
}

# command_room W - whether COMMAND on line 5 leaves it 20 columns of W.
command_room() {
	_c=$(t_tui_line 5 | awk '{ print index($0, "COMMAND") }')
	[ "$_c" -gt 0 ] && [ $(($1 - _c + 1)) -ge 20 ]
}

# ------------------------------------------------------------- set up
UPID=""
UNSP=""
NPID=""
if [ "$ROOT" -eq 1 ] && command -v unshare >/dev/null; then
	t_spawn "$T_TMP/u.log" unshare --net --uts sleep 600
	UPID=$T_SPAWNED
	t_spawn "$T_TMP/r.log" unshare -Ur sleep 601
	UNSP=$T_SPAWNED
	t_spawn "$T_TMP/n.log" unshare -Ur unshare --uts sleep 602
	NPID=$T_SPAWNED
	if t_wait 100 t_comm_is "$UPID" sleep && t_wait 100 t_comm_is "$UNSP" sleep &&
		t_wait 100 t_comm_is "$NPID" sleep; then
		ok "set up: unshare --net --uts sleep 600 (pid $UPID), unshare -Ur sleep 601 (pid $UNSP), unshare -Ur unshare --uts sleep 602 (pid $NPID)"
	else
		not_ok "set up: unshare --net --uts sleep 600, unshare -Ur sleep 601, unshare -Ur unshare --uts sleep 602"
		UPID=""
		UNSP=""
		NPID=""
	fi
fi

# ------------------------------------------------ both views at 80x24
for _size in 80x24 160x50; do
	_w=${_size%x*}
	_h=${_size#*x}
	if ! start "$_w" "$_h" -d 1; then
		not_ok "$_size: the live view starts"
		shot screen
		continue
	fi
	t_tui_screen
	if [ "$_w" = 80 ]; then
		expect "80x24: the key line names F1 F3 F4 F5 F6" 10 \
			'^F1 Help F3 Search F4 Filter F5 Tree F6 Sort Tab View Enter Detail q Quit'
	fi
	if command_room "$_w"; then
		ok "$_size namespaces view: COMMAND has 20 columns or more ($(t_tui_line 5))"
	else
		not_ok "$_size namespaces view: COMMAND has 20 columns or more"
		shot screen
	fi
	if t_tui_line 5 | grep -q NAMES; then
		not_ok "$_size namespaces view: no NAMES heading (the table's NSFS)" "$(t_tui_line 5)"
	else
		ok "$_size namespaces view: no NAMES heading (the table's NSFS)"
	fi
	# the table says whether some namespace has an nsfs path
	# (at 80x24 it may be left out for COMMAND's room: '>' on line 4,
	# and Right shows it)
	if "$NSINSPECT" -n -o NSFS 2>/dev/null | grep -q /; then
		_r=0
		while ! t_tui_line 5 | grep -Eq ' NSFS[v^]? ' && [ $_r -lt 5 ] &&
			t_tui_line 4 | grep -q '  >'; do
			t_tui_keys Right
			sleep 0.3
			t_tui_screen
			_r=$((_r + 1))
		done
		if t_tui_line 5 | grep -Eq ' NSFS[v^]? '; then
			ok "$_size namespaces view: NSFS shown (the table has nsfs paths; $_r x Right)"
		else
			not_ok "$_size namespaces view: NSFS shown (the table has nsfs paths)" "$(t_tui_line 5)"
		fi
		[ $_r -gt 0 ] && t_tui_keys Left Left Left Left Left
	fi
	if t_tui_line 2 | grep -q 'Containers: 0 '; then
		if t_tui_line 5 | grep -q CONTAINER; then
			not_ok "$_size: no container, no CONTAINER column" "$(t_tui_line 5)"
		else
			ok "$_size: no container, no CONTAINER column"
		fi
	fi
	to_proc
	t_tui_screen
	if command_room "$_w"; then
		ok "$_size processes view: COMMAND has 20 columns or more ($(t_tui_line 5))"
	else
		not_ok "$_size processes view: COMMAND has 20 columns or more"
		shot screen
	fi
	_dup=$(t_tui_line 5 | tr -s ' ' '\n' | sed 's/[v^]$//' | grep . | sort | uniq -d | tr '\n' ' ')
	is "$_dup" "" "$_size processes view: every heading once (PIDNS/USERNS, not PID/USER twice)"
	t_tui_keys q
	t_tui_await 100 '^EXITED:' >/dev/null
done


# -------------------------------- the processes view at 80x24: inodes
if start 80 24 -d 1; then
	to_proc
	# the legend: ns: inode's last N digits
	if t_tui_await 30 "ns: inode's last [0-9]+ digits|ns: all the host's"; then
		ok "80x24 processes view: a legend says what the namespace columns show"
	else
		not_ok "80x24 processes view: a legend says what the namespace columns show" "line 4: $(t_tui_line 4)"
	fi
	D=$(t_tui_line 4 | sed -n "s/.*inode's last \([0-9]*\) digits.*/\1/p")
	if [ -n "$D" ]; then
		# no two namespaces of a type with the same last D digits
		for _l in /proc/[0-9]*/ns/*; do
			_i=$(stat -L -c %i "$_l" 2>/dev/null) && echo "${_l##*/} $_i"
		done 2>/dev/null | sort -u >"$T_TMP/inodes"
		_same=$(awk -v d="$D" '{ s = substr($2, length($2) - d + 1); k = $1 " " s
			if ((k in seen) && seen[k] != $2) print $1 ": " seen[k] " and " $2; seen[k] = $2 }' \
			"$T_TMP/inodes" | head -n 3)
		is "$_same" "" "the last $D digits tell every namespace of a type apart ($(grep -c . "$T_TMP/inodes") namespaces)"
	fi
	if [ -n "$UPID" ]; then
		NETINO=$(t_ns_ino "$UPID" net)
		_suf=$(printf '%s' "$NETINO" | awk -v d="$D" '{ print substr($0, length($0) - d + 1) }')
		t_tui_keys /
		t_tui_type "$UPID"
		t_tui_keys Enter
		expect "80x24: the net namespace of unshare shows as $_suf under NET" 50 \
			"^ +$UPID root .* $_suf .*sleep 600"
		t_tui_keys Escape
		t_tui_wait 50 t_tui_hasnt 'filter: ' >/dev/null
	else
		skip "a process in a new net namespace (needs root and unshare)"
	fi

	# ---------------------------------------------- Left/Right scroll
	t_tui_screen
	_second=$(t_tui_line 5 | awk '{ print $2 }')
	t_tui_keys Right
	if t_tui_wait 50 scrolled "$_second"; then
		ok "Right: the column after PID ($_second) scrolls out, '<' on line 4"
	else
		not_ok "Right: the column after PID ($_second) scrolls out, '<' on line 4"
		shot screen
	fi
	t_tui_keys Left
	if t_tui_wait 50 second_is "$_second"; then
		ok "Left: back ($_second after PID)"
	else
		not_ok "Left: back ($_second after PID)"
		shot screen
	fi
	t_tui_keys Right Right Right Right Right Right Right Right Right Right Right Right
	expect "Right past the last column scrolls COMMAND's text ('< COMMAND')" 50 '  < COMMAND'
	t_tui_keys Left Left Left Left Left Left Left Left Left Left Left Left Left Left
	t_tui_await 50 '^ +PID\^ USER' >/dev/null

	# ----------------------------------------------------------- CAPS
	t_tui_keys F1
	t_tui_await 50 'nsinspect keys' >/dev/null
	# at 80x24 the help is taller than the window: PgDn shows the rest
	t_tui_keys NPage
	if t_tui_await 50 'default-N = N fewer' && t_tui_has '\+N = N beyond' &&
		t_tui_has 'full = all' && t_tui_has '! = escape-prone'; then
		ok "F1: the help says what CAPS default-N, +N, full and ! mean"
	else
		not_ok "F1: the help says what CAPS default-N, +N, full and ! mean"
		shot screen
	fi
	t_tui_keys Escape
	t_tui_keys h
	expect "h: the help too" 50 'nsinspect keys'
	t_tui_keys Escape
	t_tui_wait 50 t_tui_hasnt 'nsinspect keys' >/dev/null
	# > to CAPS (PID USER [CONTAINER] CAPS)
	t_tui_keys '>'
	expect "> sorts by the next column (sorted by USER)" 30 'sorted by USER'
	t_tui_keys '>'
	t_tui_await 30 'sorted by (CONTAINER|CAPS)' >/dev/null
	t_tui_has 'sorted by CONTAINER' && t_tui_keys '>'
	expect "> again: sorted by CAPS" 30 ' CAPS\^'
	if [ -n "$UNSP" ]; then
		# descending: full! (escape-prone, the most) before full* (text
		# order puts "full*" first: '*' > '!')
		# (the selection keeps its row: Home for the first)
		t_tui_keys r
		t_tui_await 30 ' CAPSv' >/dev/null
		t_tui_keys Home
		t_tui_wait 30 sel_on 6 >/dev/null
		_first=$(t_tui_line 6 | grep -o 'full[!*]')
		is "$_first" "full!" "sorted by CAPS, reversed: the first row is full!, full* of unshare -Ur after it (by meaning, not text)"
		[ "$_first" = "full!" ] || shot screen
		t_tui_keys r
	else
		skip "CAPS order against full* (needs root and unshare -Ur)"
	fi
	t_tui_keys '<'
	expect "< sorts by the column before" 30 'sorted by (USER|CONTAINER)'

	# -------------------------------------------------------------- d
	t_tui_keys d
	t_tui_await 30 'Refresh every' >/dev/null
	t_tui_type abc
	t_tui_keys Enter
	expect "d abc: the interval stays, and the footer says so" 30 \
		"^not a number of seconds .*'abc': still every 1.0 s"
	t_tui_keys d
	t_tui_await 30 'Refresh every' >/dev/null
	t_tui_keys Enter
	expect "d Enter (empty): the interval stays, and the footer says so" 30 \
		'^nothing typed: still every 1.0 s'
	expect "d: the header still says every 1.0s" 10 ' - every 1.0s$'
	t_tui_keys d
	t_tui_await 30 'Refresh every' >/dev/null
	t_tui_type 3
	t_tui_keys Enter
	expect "d 3: every 3.0 s" 30 'every 3.0s$'

	# ------------------------------------------------ F3, F4, F5, keys
	t_tui_keys F3
	t_tui_await 30 '^Search:' >/dev/null
	t_tui_type kthreadd
	t_tui_keys Enter
	_kt=$(pgrep -x kthreadd | head -n 1)
	if [ -z "$_kt" ]; then
		skip "F3: no kthreadd (in a container)"
	elif t_tui_wait 30 sel_has "^ *$_kt root "; then
		ok "F3 kthreadd: the row of kthreadd (PID $_kt) is selected"
	else
		not_ok "F3 kthreadd: the row of kthreadd is selected" "selected: $(t_tui_selected 6)"
		shot screen
	fi
	t_tui_keys F4
	expect "F4: the filter prompt" 30 '^Filter:'
	t_tui_type kthreadd
	t_tui_keys Enter
	# (line 4 may cut the filter's text at 80 columns)
	expect "F4 kthreadd Enter: the filter applies" 30 'filter: kthr'
	t_tui_keys Escape
	t_tui_keys F5
	if t_tui_await 50 'tree: by owner' && t_tui_await 50 '^ +`-[0-9]+ +(mnt|net|pid|uts|ipc|cgroup|time) '; then
		ok "F5: the namespaces view as a tree of owners (\`-INODE under its user namespace)"
	else
		not_ok "F5: the namespaces view as a tree of owners"
		shot screen
	fi
	# the host's user namespace is a root, its namespaces under it
	_uns=$(t_ns_ino $$ user)
	t_tui_keys /
	t_tui_type "$_uns"
	t_tui_keys Enter
	if t_tui_await 50 "^ +$_uns +user "; then
		ok "F5: the user namespace $_uns is a root of the tree"
	else
		not_ok "F5: the user namespace $_uns is a root of the tree"
		shot screen
	fi
	t_tui_keys Escape
	t_tui_await_not 50 'filter: ' >/dev/null
	if [ -n "$NPID" ]; then
		_u=$(t_ns_ino "$NPID" user)
		_t=$(t_ns_ino "$NPID" uts)
		t_tui_keys /
		t_tui_type 'sleep 602'
		t_tui_keys Enter
		if t_tui_await 50 "^ +\`-$_u +user " &&
			t_tui_has "^ +  \`-$_t +uts "; then
			ok "F5: uts $_t of unshare -Ur unshare --uts under its user namespace $_u, under the host's"
		else
			not_ok "F5: uts $_t of unshare -Ur unshare --uts under its user namespace $_u"
			shot screen
		fi
		t_tui_keys Escape
	else
		skip "F5: a namespace owned by a child user namespace (needs root and unshare)"
	fi
	t_tui_keys F5
	expect "F5 again: a list" 50 '^ +NS\^ '

	# ---------------------------------------- the detail pane wraps
	# of kthreadd (root, every capability): the first row may be anyone's
	to_proc
	t_tui_keys /
	t_tui_type 'kthreadd'
	t_tui_keys Enter
	t_tui_await 50 '\[kthreadd\]' >/dev/null
	t_tui_keys Home Enter
	t_tui_await 50 'Detail \(Enter closes\)' >/dev/null
	capsh --decode=0x1ffffffffff | sed 's/^[^=]*=//' | tr ',' '\n' >"$T_TMP/capnames"
	t_tui_wait 30 t_tui_has 'bounding' >/dev/null
	_bad=$(sed -n '/Detail (Enter closes)/,$p' "$T_TMP/screen" | grep -o 'cap_[a-z_]*' |
		sort -u | grep -vxF -f "$T_TMP/capnames" | tr '\n' ' ')
	_n=$(sed -n '/Detail (Enter closes)/,$p' "$T_TMP/screen" | grep -o 'cap_[a-z_]*' | grep -c .)
	if [ "$_n" -gt 5 ] && [ -z "$_bad" ]; then
		ok "80x24 detail pane: every capability name whole ($_n on screen, none cut at a line's end)"
	else
		not_ok "80x24 detail pane: every capability name whole" "cut: $_bad" "names: $_n"
		shot screen
	fi
	t_tui_keys Enter
	t_tui_keys q
	t_tui_await 100 '^EXITED:' >/dev/null
else
	not_ok "80x24: the live view starts"
	shot screen
fi

# --------------------------------------- unknown rows last, as the table
if start 160 50 -d 1; then
	t_tui_screen
	_order=$(sed -n '6,49p' "$T_TMP/screen" | awk '/^[ +-] *([0-9]+|unknown) / { print ($1 == "unknown" || $2 == "unknown") ? "U" : "N" }' |
		uniq | tr -d '\n')
	case "$_order" in
	N|NU)
		ok "160x50: namespaces by inode, the unknown ones last, as the table ($_order)" ;;
	*)
		not_ok "160x50: namespaces by inode, the unknown ones last, as the table" "order: $_order"
		shot screen ;;
	esac
	t_tui_keys q
	t_tui_await 100 '^EXITED:' >/dev/null
fi

# --------------------------------------------------- TERM, small window
for _term in dumb nsi-no-such-term; do
	t_tui_start 80 24 "TERM=$_term $NSINSPECT --tui 2>$T_TMP/err.$_term"
	if t_tui_await 100 '^EXITED:1$' && [ "$(grep -c . "$T_TMP/err.$_term")" = 1 ] &&
		grep -q '^nsinspect: --tui needs a terminal that can move the cursor' "$T_TMP/err.$_term" &&
		! grep -q "$ESC" "$T_TMP/err.$_term"; then
		ok "TERM=$_term: one 'nsinspect:' line on stderr, exit 1"
	else
		not_ok "TERM=$_term: one 'nsinspect:' line on stderr, exit 1"
		diag_file "$T_TMP/err.$_term" stderr
		shot screen
	fi
done
t_tui_start 20 5 "TERM=xterm-256color $NSINSPECT --tui -d 1"
if t_tui_await 100 '^window too small' && t_tui_hasnt 'NPROCS|Namespaces'; then
	ok "20x5: 'window too small', no boxes or columns"
else
	not_ok "20x5: 'window too small', no boxes or columns"
	shot screen
fi
t_tmux resize-window -t "$T_TUI_S" -x 80 -y 24
expect "20x5 then 80x24: the view is back" 100 '^F1 Help'
t_tui_keys q
t_tui_await 100 '^EXITED:' >/dev/null

t_finish
