#!/bin/sh
# shellcheck shell=sh disable=SC2016,SC2317
# tui.sh - the live view (nsinspect --tui) driven in tmux as a user would:
# keys sent with send-keys, the screen read with capture-pane (-e for the
# attributes: reverse video marks the selected row).  Every wait polls the
# screen every 0.1 s, at most 10 s; nothing sleeps for a fixed long time.
#
# Checks: header, column heading and rows; a namespace made before the
# start (unshare) as a row with its full inode; moving (Down, PgDn, End,
# Home, Up) and the detail pane of the selected row; the filter (Enter
# applies, Esc clears, Esc in the prompt cancels); the sort menu and
# reverse; the capabilities of a caps-hold process in the detail pane;
# "full*" in CAPS for the root of a child user namespace (unshare -Ur);
# Tab between the views; '+' and '-' marks of a namespace that comes and
# goes; resizes to 80x24 and 200x60; help; q, Ctrl-C, -n and --iterations;
# not a terminal; NO_COLOR; a hostile command line; column alignment in a
# UTF-8 locale.  With NSINSPECT_ASAN (an AddressSanitizer+UBSan build of
# nsinspect), also a few refreshes of that build, with keys.
#
# tmux missing is a failure (Debian package tmux).  Not root: the parts
# that need unshare(1) or capabilities are skipped.
. "$(dirname "$0")/lib.sh"

require_cmd_pkg tmux tmux
require_cmd bash awk sed stat ps uname
require_nsinspect
t_tmux_trap

ROOT=0
if [ "$(id -u)" = 0 ]; then
	ROOT=1
	require_cmd unshare getpcaps
	require_file "$CAPS_HOLD" "the caps-hold test helper"
fi

W=120
H=40
FOOT=$H			# the key line
LAST=$((H - 1))		# the last line of the list
HOST=$(uname -n)
M='[v^]?'	# the sort mark after a column name
# CONTAINER and NSFS, and the namespace columns of the processes view,
# are left out when no row has a text in them (tui-htop.sh checks it)
NS_HEAD="^ +NS$M +TYPE$M +NPROCS$M +PID$M +USER$M( +CONTAINER$M)?( +NSFS$M)? +COMMAND"

PROC_HEAD='^ +PID[v^]? +USER( +CONTAINER)? +CAPS( +(MNT|NET|PIDNS|USERNS|UTS|IPC|CGROUP|TIME)[v^]?)* +COMMAND'
NS_ROW='^[ +-] *([0-9]+|unknown) (mnt|net|pid|user|uts|ipc|cgroup|time) '
PROC_ROW='^[ +-] *[0-9]+ '
ESC=$(printf '\033')

# ------------------------------------------------------------- helpers

# diag_screen - the last capture, every line, as diagnostics.
diag_screen() {
	diag "screen:"
	if [ -s "$T_TMP/screen" ]; then
		cat -v "$T_TMP/screen" | sed 's/^/#   |/'
	else
		diag "  (empty)"
	fi
}

# expect DESC TENTHS ERE - a test: the screen shows a line matching ERE
# within TENTHS tenths of a second.
expect() {
	if t_tui_await "$2" "$3"; then
		ok "$1"
	else
		not_ok "$1" "no line matches: $3"
		diag_screen
	fi
}

# expect_not DESC TENTHS ERE - a test: within TENTHS, no line matches.
expect_not() {
	if t_tui_await_not "$2" "$3"; then
		ok "$1"
	else
		not_ok "$1" "a line still matches: $3"
		diag_screen
	fi
}

# rows ERE - the row lines (6 to $LAST) that match ERE, on stdout.
rows() {
	sed -n "6,${LAST}p" "$T_TMP/screen" | grep -E -- "$1"
}

# nrows ERE - how many row lines match ERE.
nrows() {
	rows "$1" | grep -c .
}

# count_is ERE OP N - whether the number of row lines matching ERE is
# OP (-eq, -gt, ...) N.
count_is() {
	test "$(nrows "$1")" "$2" "$3"
}

# sel_line, sel_text - the screen line and the text of the selected row.
sel_line() {
	t_tui_selected 6 | cut -f1
}
sel_text() {
	t_tui_selected 6 | cut -f2-
}

# sel_at N - whether the selected row is on line N.
sel_at() {
	[ "$(sel_line)" = "$1" ]
}

# sel_off N - whether a row is selected, not on line N.
sel_off() {
	_so=$(sel_line)
	[ -n "$_so" ] && [ "$_so" != "$1" ]
}

# line_has N ERE - whether screen line N matches ERE.
line_has() {
	t_tui_line "$1" | grep -Eq -- "$2"
}

# ns_sorted FIELD [-r] - whether the namespace rows are sorted by the
# number in FIELD (after the mark), ascending (descending with -r).
ns_sorted() {
	rows "$NS_ROW" | cut -c2- | awk -v f="$1" '{ print $f }' |
		sort -c -n ${2:+"$2"} 2>/dev/null
}

# at_end - whether the last row drawn is selected and has the largest
# PID on screen.
at_end() {
	[ "$(sel_line)" = "$(last_row_line "$PROC_ROW")" ] &&
		[ "$(sel_pid)" = "$(screen_pids | sort -n | tail -n 1)" ]
}

# pid_of TEXT - the PID of a processes-view row (after the mark).
pid_of() {
	printf '%s\n' "$1" | cut -c2- | awk '{ print $1 }'
}

# sel_pid - the PID of the selected row of the processes view.
sel_pid() {
	pid_of "$(sel_text)"
}

# sel_pid_is PID - whether the selected row is that of PID.
sel_pid_is() {
	[ "$(sel_pid)" = "$1" ]
}

# screen_pids - the PIDs of the rows of the processes view on screen.
screen_pids() {
	rows "$PROC_ROW" | cut -c2- | awk '{ print $1 }'
}

# last_row_line - the screen line of the last row drawn.
last_row_line() {
	awk -v last="$LAST" -v re="$1" 'NR >= 6 && NR <= last && $0 ~ re { n = NR }
		END { print n + 0 }' "$T_TMP/screen"
}

# filter_on TEXT - type / TEXT Enter; wait for the header to show it.
filter_on() {
	t_tui_keys /
	t_tui_type "$1"
	t_tui_keys Enter
	t_tui_await 100 "filter: $1"
}

# filter_off - Esc; wait until no filter is shown.
filter_off() {
	t_tui_keys Escape
	t_tui_await_not 100 'filter: '
}

# start_tui W H ARGS... - start nsinspect --tui ARGS in a W x H session
# and wait for its header; false (after a failed test) when it does not
# come.
start_tui() {
	_st_w=$1
	_st_h=$2
	shift 2
	t_tui_start "$_st_w" "$_st_h" "$NSINSPECT --tui $*"
	if ! t_tui_await 100 '^Namespaces:'; then
		not_ok "nsinspect --tui $* starts (${_st_w}x$_st_h)"
		diag_screen
		return 1
	fi
	return 0
}

# quit_tui - q, and wait for the shell line after it.
quit_tui() {
	t_tui_keys q
	t_tui_await 100 '^EXITED:'
}

# to_view ns|proc - Tab until that view's heading shows.
to_view() {
	case "$1" in
	ns) _tv_re=$NS_HEAD ;;
	*) _tv_re=$PROC_HEAD ;;
	esac
	t_tui_screen
	t_tui_has "$_tv_re" && return 0
	t_tui_keys Tab
	t_tui_await 100 "$_tv_re"
}

# ------------------------------------------------------------- set up

NETINO=""
UTSINO=""
UPID=""
HELD=""
if [ "$ROOT" -eq 1 ]; then
	t_spawn "$T_TMP/unshare.log" unshare --net --uts sleep 600
	UPID=$T_SPAWNED
	if t_wait 100 t_comm_is "$UPID" sleep; then
		NETINO=$(t_ns_ino "$UPID" net)
		UTSINO=$(t_ns_ino "$UPID" uts)
		ok "set up: unshare --net --uts sleep 600 (pid $UPID, net $NETINO, uts $UTSINO)"
	else
		not_ok "set up: unshare --net --uts sleep 600"
		diag_file "$T_TMP/unshare.log" "its output"
		UPID=""
	fi

	t_spawn "$T_TMP/hold.log" "$CAPS_HOLD" "cap_net_raw,cap_chown=p cap_net_raw+e"
	HELD=$T_SPAWNED
	if t_wait 100 grep -qx ready "$T_TMP/hold.log"; then
		ok "set up: caps-hold 'cap_net_raw,cap_chown=p cap_net_raw+e' (pid $HELD)"
	else
		not_ok "set up: caps-hold 'cap_net_raw,cap_chown=p cap_net_raw+e'"
		diag_file "$T_TMP/hold.log" "its output"
		HELD=""
	fi

	# root of a child user namespace: every capability, inside it only
	t_spawn "$T_TMP/userns.log" unshare -Ur sleep 600
	UNSP=$T_SPAWNED
	if t_wait 100 t_comm_is "$UNSP" sleep; then
		ok "set up: unshare -Ur sleep 600 (pid $UNSP)"
	else
		not_ok "set up: unshare -Ur sleep 600"
		diag_file "$T_TMP/userns.log" "its output"
		UNSP=""
	fi
fi

# A command line with an escape sequence and a newline in it.
EVIL="nsi-evil-$$"
t_spawn "$T_TMP/evil.log" bash -c \
	'exec -a "$(printf "%s\033[31mred\nline" "$1")" sleep 600' bash "$EVIL"
EPID=$T_SPAWNED
if t_wait 100 t_comm_is "$EPID" sleep; then
	ok "set up: a process named $EVIL ESC[31m red newline line (pid $EPID)"
else
	not_ok "set up: a process named $EVIL ESC[31m red newline line"
	diag_file "$T_TMP/evil.log" "its output"
	EPID=""
fi

# ------------------------------------------- start, header, heading, rows

if start_tui "$W" "$H" -d 1; then
	t_tui_screen
	_l1=$(t_tui_line 1)
	case "$_l1" in
	"nsinspect "*" - $HOST - Linux "*)
		ok "header line 1: nsinspect VERSION - $HOST - Linux ..." ;;
	*)
		not_ok "header line 1: nsinspect VERSION - $HOST - Linux ..." "line 1: $_l1" ;;
	esac
	if t_tui_line 2 | grep -Eq '^Processes: [0-9]+  Containers: [0-9]+' &&
	   t_tui_line 3 | grep -Eq '^Namespaces:( [a-z]+ [0-9]+)+ *$'; then
		ok "header lines 2-3: Processes: N  Containers: N ..., Namespaces: TYPE N ..."
	else
		not_ok "header lines 2-3: Processes: N  Containers: N ..., Namespaces: TYPE N ..."
		diag_screen
	fi
	if t_tui_line 4 | grep -Eq '^ Namespaces  Processes +types: all'; then
		ok "line 4: the view tabs, types: all"
	else
		not_ok "line 4: the view tabs, types: all" "line 4: $(t_tui_line 4)"
	fi
	if t_tui_line 5 | grep -Eq -- "$NS_HEAD"; then
		ok "line 5: the heading NS TYPE NPROCS PID USER [CONTAINER] [NSFS] COMMAND"
	else
		not_ok "line 5: the heading NS TYPE NPROCS PID USER [CONTAINER] [NSFS] COMMAND" \
			"line 5: $(t_tui_line 5)"
	fi
	_n=$(nrows "$NS_ROW")
	if [ "$_n" -ge 1 ] && t_tui_line 6 | grep -Eq -- "$NS_ROW"; then
		ok "rows of namespaces from line 6 ($_n on screen)"
	else
		not_ok "rows of namespaces from line 6" "$_n rows"
		diag_screen
	fi
	if t_tui_line "$FOOT" | grep -q '^F1 Help  F3 Search  F4 Filter  F5 Tree  F6 Sort  Tab View'; then
		ok "line $FOOT: the keys"
	else
		not_ok "line $FOOT: the keys" "line $FOOT: $(t_tui_line "$FOOT")"
	fi
	# the host's namespaces: one row per type with our mnt namespace
	_mnt=$(t_ns_ino $$ mnt)
	if [ -n "$_mnt" ] && t_tui_has "^[ +-] *$_mnt mnt "; then
		ok "our mount namespace $_mnt is a row"
	elif [ -z "$_mnt" ]; then
		skip "cannot read /proc/$$/ns/mnt"
	else
		not_ok "our mount namespace $_mnt is a row"
		diag_screen
	fi

	# ------------------------------ the namespaces made before the start
	# (through the filter: with many containers the rows may not all fit)
	if [ -n "$UPID" ]; then
		filter_on "$NETINO" >/dev/null
		expect "the net namespace of unshare: a row '$NETINO net 1 $UPID root'" 30 \
			"^ +$NETINO net +1 +$UPID root "
		filter_off >/dev/null
		filter_on "$UTSINO" >/dev/null
		expect "the uts namespace of unshare: a row '$UTSINO uts 1 $UPID root'" 30 \
			"^ +$UTSINO uts +1 +$UPID root "
		filter_off >/dev/null
	else
		skip "a namespace made before the start (needs root and unshare)"
	fi

	# ----------------------------------- moving and the detail pane (ns)
	t_tui_keys Home
	if t_tui_wait 100 sel_at 6; then
		ok "Home: the first row (line 6) is selected"
	else
		not_ok "Home: the first row (line 6) is selected" "selected: $(t_tui_selected 6)"
		diag_screen
	fi
	t_tui_keys Down
	if t_tui_wait 100 sel_at 7; then
		ok "Down: the second row (line 7) is selected"
	else
		not_ok "Down: the second row (line 7) is selected" "selected: $(t_tui_selected 6)"
	fi
	# the first row's pane (not the host's network namespace, whose list
	# of interfaces grows with every container on a busy machine)
	t_tui_keys Up
	t_tui_wait 100 sel_at 6
	_sel=$(sel_text)
	_ino=$(printf '%s\n' "$_sel" | cut -c2- | awk '{ print $1 }')
	_type=$(printf '%s\n' "$_sel" | cut -c2- | awk '{ print $2 }')
	[ "$_ino" = unknown ] && _ino=0
	t_tui_keys Enter
	_re="^$_type:\\[$_ino\\]  .* [0-9]+ process(es)?"
	if t_tui_await 100 ' Detail \(Enter closes\)' && t_tui_await 30 "$_re" &&
		t_tui_has '^members:'; then
		ok "Enter: the detail pane describes the selected row ($_type:[$_ino], members:)"
	else
		not_ok "Enter: the detail pane describes the selected row ($_type:[$_ino], members:)" \
			"selected: $_sel"
		diag_screen
	fi
	t_tui_keys Enter
	expect_not "Enter again closes the detail pane" 100 'Detail \(Enter closes\)'

	# ----------------------------------------------------------- filter
	if [ -n "$NETINO" ]; then
		_f=$NETINO
	else
		_f=$_ino
	fi
	if filter_on "$_f"; then
		ok "/ $_f Enter: the header shows 'filter: $_f'"
	else
		not_ok "/ $_f Enter: the header shows 'filter: $_f'"
		diag_screen
	fi
	if t_tui_wait 30 count_is "$NS_ROW" -eq 1 && [ "$(nrows "$_f")" -eq 1 ]; then
		ok "filter $_f: only its row is shown"
	else
		not_ok "filter $_f: only its row is shown" "$(nrows "$NS_ROW") rows"
		diag_screen
	fi
	_f2=$(printf '%s' "$_f" | cut -c4-8)
	t_tui_keys Escape
	if t_tui_await_not 100 'filter: ' && t_tui_wait 30 count_is "$NS_ROW" -gt 1; then
		ok "Esc clears the filter: every row again ($(nrows "$NS_ROW"))"
	else
		not_ok "Esc clears the filter: every row again"
		diag_screen
	fi
	# case and substring: the middle of the inode, TYPE in capitals
	if filter_on "$_f2" && t_tui_wait 30 count_is "$NS_ROW" -ge 1 &&
		[ "$(nrows "$NS_ROW")" -eq "$(nrows "$_f2")" ]; then
		ok "filter by a substring ($_f2): only rows that contain it"
	else
		not_ok "filter by a substring ($_f2): only rows that contain it"
		diag_screen
	fi
	filter_off
	if filter_on MNT && t_tui_wait 30 count_is "$NS_ROW" -ge 1 &&
		[ "$(nrows '^[ +-] *([0-9]+|unknown) mnt ')" -ge 1 ]; then
		ok "the filter ignores case (MNT shows the mnt rows)"
	else
		not_ok "the filter ignores case (MNT shows the mnt rows)"
		diag_screen
	fi
	filter_off
	# Esc while typing: the prompt is cancelled, no filter applies
	t_tui_keys /
	t_tui_type "zz-no-such-row"
	t_tui_await 100 'zz-no-such-row' >/dev/null
	t_tui_keys Escape
	if t_tui_await_not 30 'zz-no-such-row' && t_tui_wait 30 count_is "$NS_ROW" -gt 1; then
		ok "Esc in the filter prompt cancels it (rows shown, no filter)"
	else
		not_ok "Esc in the filter prompt cancels it (rows shown, no filter)" \
			"sent: / zz-no-such-row Esc; the help says '/ filter by text (Esc clears)'"
		diag_screen
		filter_off
	fi

	# ------------------------------------------------------- sort, reverse
	t_tui_keys s
	if t_tui_await 100 'Sort by'; then
		ok "s opens the sort menu"
		t_tui_keys Down Down Enter	# NS TYPE [NPROCS]
		if t_tui_await_not 100 'Sort by'; then
			ok "Enter picks a column and closes the menu"
		else
			not_ok "Enter picks a column and closes the menu"
			diag_screen
			t_tui_keys Escape
		fi
		# NPROCS ascending
		if t_tui_wait 30 ns_sorted 3; then
			ok "sorted by NPROCS: rows in ascending NPROCS order"
		else
			not_ok "sorted by NPROCS: rows in ascending NPROCS order"
			diag_screen
		fi
		if t_tui_line 5 | grep -q 'NPROCS^'; then
			ok "the heading marks the sort column: NPROCS^"
		else
			not_ok "the heading marks the sort column: NPROCS^" \
				"sent: s Down Down Enter; line 5: $(t_tui_line 5)" \
				"the mark does not fit the 6 columns of NPROCS"
		fi
		t_tui_keys r
		if t_tui_wait 100 ns_sorted 3 -r; then
			ok "r reverses: rows in descending NPROCS order"
		else
			not_ok "r reverses: rows in descending NPROCS order"
			diag_screen
		fi
		if t_tui_line 5 | grep -q 'NPROCSv'; then
			ok "the heading marks the reverse sort: NPROCSv"
		else
			not_ok "the heading marks the reverse sort: NPROCSv" \
				"sent: r; line 5: $(t_tui_line 5)"
		fi
		# back to NS ascending: the first item
		t_tui_keys r s
		t_tui_await 100 'Sort by' >/dev/null
		t_tui_keys Up Up Up Enter
		if t_tui_await 100 '^ +NS\^ TYPE'; then
			ok "sort by NS: the heading shows NS^"
		else
			not_ok "sort by NS: the heading shows NS^"
			diag_screen
		fi
	else
		not_ok "s opens the sort menu"
		diag_screen
	fi

	# --------------------------------------------------------- help
	t_tui_keys '?'
	if t_tui_await 100 'nsinspect keys'; then
		ok "? opens the help"
		t_tui_keys x
		if t_tui_await_not 30 'nsinspect keys'; then
			ok "a key (x) closes the help, as its title says (any key closes)"
		else
			not_ok "a key (x) closes the help, as its title says (any key closes)" \
				"sent: ? then x; the help stays (only Esc, q and Enter close it)"
			t_tui_keys Escape
			expect_not "Esc closes the help" 30 'nsinspect keys'
		fi
		expect "the view is back after the help" 30 "$NS_HEAD"
	else
		not_ok "? opens the help"
		diag_screen
	fi

	# ------------------------------------------------------- view switch
	t_tui_keys Tab
	if t_tui_await 100 "$PROC_HEAD" && t_tui_line 4 | grep -q '^ Namespaces  Processes'; then
		ok "Tab: the processes view (PID USER [CONTAINER] CAPS [MNT ...] COMMAND)"
	else
		not_ok "Tab: the processes view (PID USER [CONTAINER] CAPS [MNT ...] COMMAND)"
		diag_screen
	fi
	if t_tui_line 5 | grep -Eq '^ +PID\^ '; then
		ok "the processes view is sorted by PID (PID^)"
	else
		not_ok "the processes view is sorted by PID (PID^)" "line 5: $(t_tui_line 5)"
	fi
	t_tui_keys Tab
	expect "Tab again: the namespaces view" 100 "$NS_HEAD"
	t_tui_keys Tab
	t_tui_await 100 "$PROC_HEAD" >/dev/null

	# ------------------------------------------- moving (processes view)
	t_tui_keys Home
	if t_tui_wait 100 sel_at 6 && [ "$(sel_pid)" = 1 ]; then
		ok "processes view, Home: PID 1 on line 6 is selected"
	else
		not_ok "processes view, Home: PID 1 on line 6 is selected" \
			"selected: $(t_tui_selected 6)"
		diag_screen
	fi
	t_tui_keys Up
	sleep 0.3
	t_tui_screen
	if sel_at 6; then
		ok "Up on the first row stays there"
	else
		not_ok "Up on the first row stays there" "selected: $(t_tui_selected 6)"
	fi
	_p0=$(sel_pid)
	t_tui_keys Down
	if t_tui_wait 100 sel_at 7 && [ "$(sel_pid)" -gt "$_p0" ]; then
		ok "Down: line 7, a larger PID ($(sel_pid))"
	else
		not_ok "Down: line 7, a larger PID" "selected: $(t_tui_selected 6)"
	fi
	_p1=$(sel_pid)
	t_tui_keys PageDown
	# a page is the list height less one: from row 2 to row 35, shown
	# on the last line of the list; or the last row when fewer
	t_tui_wait 100 sel_off 7
	_l=$(sel_line)
	_nr=$(nrows "$PROC_ROW")
	if { [ "$_l" = "$LAST" ] || { [ "$_nr" -lt $((LAST - 5)) ] &&
		[ "$_l" = "$(last_row_line "$PROC_ROW")" ]; }; } &&
		[ "$(sel_pid)" -gt "$_p1" ]; then
		ok "PgDn: a page down (line $_l, PID $(sel_pid))"
	else
		not_ok "PgDn: a page down (the last line of the list, $LAST)" \
			"selected: $(t_tui_selected 6)"
		diag_screen
	fi
	t_tui_keys End
	if t_tui_wait 100 at_end; then
		ok "End: the last row, the largest PID ($(sel_pid))"
	else
		not_ok "End: the last row, the largest PID" "selected: $(t_tui_selected 6)" \
			"largest PID on screen: $(screen_pids | sort -n | tail -n 1)"
		diag_screen
	fi
	t_tui_keys Home
	if t_tui_wait 100 sel_at 6 && [ "$(sel_pid)" = 1 ]; then
		ok "Home again: PID 1 on line 6"
	else
		not_ok "Home again: PID 1 on line 6" "selected: $(t_tui_selected 6)"
	fi

	# ------------------------- the selected row's process goes away
	t_spawn "$T_TMP/gone.log" sleep 600
	GPID=$T_SPAWNED
	filter_on "$GPID" >/dev/null
	# the new process is in the view from the next refresh on (slow
	# under the sanitizers): wait for its row before stepping to it
	t_tui_await 200 "^[ +-] *$GPID " >/dev/null
	t_tui_keys Home
	t_tui_wait 100 sel_at 6
	_i=0
	while ! sel_pid_is "$GPID" && [ "$_i" -lt 20 ]; do
		_l=$(sel_line)
		t_tui_keys Down
		t_tui_wait 30 sel_off "$_l" || break
		_i=$((_i + 1))
	done
	filter_off >/dev/null
	if t_tui_wait 30 sel_pid_is "$GPID"; then
		_gl=$(sel_line)
		# the row before it on screen (sorted by PID)
		_prev=$(screen_pids | awk -v p="$GPID" '$1 < p' | sort -n | tail -n 1)
		t_kill "$GPID"
		if t_tui_await_not 40 "^[ +-] *$GPID "; then
			_s=$(sel_pid)
			if [ -n "$_s" ] && [ "$_s" -ge "${_prev:-0}" ]; then
				ok "the selected process exits: a neighbour row is selected (PID $_s)"
			else
				not_ok "the selected process exits: a neighbour row is selected" \
					"PID $GPID was selected on line $_gl and killed" \
					"expected PID $_prev (the row before) or the row after; selected: $(t_tui_selected 6)" \
					"when the cursor's row is removed, cursor_pos() moves it to the first row"
			fi
		else
			not_ok "the row of a killed process goes away (PID $GPID)"
			diag_screen
		fi
	else
		not_ok "set up: select the row of PID $GPID (sleep 600)" "selected: $(t_tui_selected 6)"
		diag_screen
	fi
	t_tui_keys Home
	t_tui_wait 100 sel_at 6 >/dev/null

	# --------------------------------------- capabilities in the detail
	if [ -n "$HELD" ]; then
		filter_on "$HELD" >/dev/null
		t_tui_keys Home
		t_tui_wait 100 sel_at 6
		_i=0
		while ! sel_pid_is "$HELD" && [ "$_i" -lt 20 ]; do
			_l=$(sel_line)
			t_tui_keys Down
			t_tui_wait 30 sel_off "$_l" || break
			_i=$((_i + 1))
		done
		if [ "$(sel_pid)" = "$HELD" ]; then
			ok "filter $HELD: the row of caps-hold is there and selected"
		else
			not_ok "filter $HELD: the row of caps-hold is there and selected" \
				"selected: $(t_tui_selected 6)"
			diag_screen
		fi
		# the CAPS summary of a process of the host, which no engine's
		# default applies to (issue 13): its count, chown and net_raw,
		# and "!": as root it regains its full bounding set (CAPDANGER)
		_caps=$(sel_text | cut -c2- | awk '{ print $3 }')
		if [ "$_caps" = '2!' ]; then
			ok "CAPS of caps-hold: 2! (a process of the host: a count, no engine default)"
		else
			not_ok "CAPS of caps-hold: 2! (a process of the host: a count, no engine default)" \
				"row: $(sel_text)"
		fi
		t_tui_keys Enter
		_want=$(getpcaps "$HELD" 2>/dev/null | sed "s/^$HELD: //")
		if t_tui_await 100 "^PID $HELD  user root  .*caps-hold"; then
			ok "Enter: the detail pane of PID $HELD"
		else
			not_ok "Enter: the detail pane of PID $HELD"
			diag_screen
		fi
		expect "detail: permitted cap_chown,cap_net_raw" 30 \
			'^ +permitted +cap_chown,cap_net_raw *$'
		expect "detail: effective cap_net_raw" 30 '^ +effective +cap_net_raw *$'
		expect "detail: inheritable (none), ambient (none)" 30 '^ +ambient +\(none\) *$'
		expect "detail: no_new_privs 0 (as the NNP column)" 30 '^no_new_privs 0 '
		if grep -Fqx "capabilities (getpcaps): $_want" "$T_TMP/screen"; then
			ok "detail: the capability text is getpcaps's ($_want)"
		else
			not_ok "detail: the capability text is getpcaps's ($_want)"
			diag_screen
		fi
		t_tui_keys Enter
		t_tui_await_not 100 'Detail \(Enter closes\)' >/dev/null
		filter_off >/dev/null
	else
		skip "capabilities in the detail pane (needs root and caps-hold)"
	fi

	# a child user namespace: "full*", not the host's "full!"
	if [ -n "$UNSP" ]; then
		filter_on "$UNSP" >/dev/null
		expect "CAPS of unshare -Ur sleep ($UNSP): full* (full inside its own user namespace), not full!" \
			100 "^[ +-] *$UNSP +root +full\\* "
		filter_off >/dev/null
	fi

	# ------------------------------------------- a hostile command line
	if [ -n "$EPID" ]; then
		filter_on "$EVIL" >/dev/null
		# \x1b and \x0a as text; mawk/grep: a literal backslash is \\
		_re="^[ +-] *$EPID .* $EVIL\\\\x1b\\[31mred\\\\x0aline 600"
		expect "the command line shows ESC and the newline as text: x1b, x0a" 100 "$_re"
		if [ "$(nrows "$PROC_ROW")" -eq 1 ]; then
			ok "filter $EVIL: one row"
		else
			not_ok "filter $EVIL: one row" "$(nrows "$PROC_ROW") rows"
			diag_screen
		fi
		if grep -q "${ESC}\\[31mred" "$T_TMP/screen.e"; then
			not_ok "no escape sequence of the name reached the terminal" \
				"capture-pane -e has ESC[31m before 'red'"
			diag_file "$T_TMP/screen.e" "capture-pane -e"
		else
			ok "no escape sequence of the name reached the terminal"
		fi
		if t_tui_hasnt '^line 600'; then
			ok "no newline of the name reached the terminal"
		else
			not_ok "no newline of the name reached the terminal"
			diag_screen
		fi
		t_tui_keys Home Enter
		expect "detail pane: PID $EPID, its command line with x1b and x0a as text" 100 \
			"^PID $EPID  user [^ ]+  $EVIL\\\\x1b\\[31mred\\\\x0aline 600"
		if grep -q "${ESC}\\[31mred" "$T_TMP/screen.e"; then
			not_ok "detail pane: no escape sequence of the name"
		else
			ok "detail pane: no escape sequence of the name"
		fi
		t_tui_keys Enter
		t_tui_await_not 100 'Detail \(Enter closes\)' >/dev/null
		filter_off >/dev/null
	else
		skip "a hostile command line (its process did not start)"
	fi

	# ------------------------------------------------------------ resize
	to_view ns >/dev/null
	t_tmux resize-window -t "$T_TUI_S" -x 80 -y 24
	if t_tui_wait 100 line_has 24 '^F1 Help' &&
		[ "$(t_tmux display -p -t "$T_TUI_S" '#{window_width}x#{window_height}')" = 80x24 ]; then
		ok "resize to 80x24: the keys on line 24"
	else
		not_ok "resize to 80x24: the keys on line 24"
		diag_screen
	fi
	t_tui_screen
	_long=$(awk 'length($0) > 80' "$T_TMP/screen" | grep -c .)
	_bad=$(sed -n '6,23p' "$T_TMP/screen" | grep -v '^$' | grep -Evc -- "$NS_ROW")
	if [ "$_long" -eq 0 ] && [ "$_bad" -eq 0 ] &&
		t_tui_line 5 | grep -Eq -- "$NS_HEAD"; then
		ok "80x24: redrawn at 80 columns (heading on line 5, rows unbroken)"
	else
		not_ok "80x24: redrawn at 80 columns (heading on line 5, rows unbroken)" \
			"$_long lines over 80, $_bad broken row lines"
		diag_screen
	fi
	if t_tui_has '^nsinspect .* - Linux ' && t_tui_has '^Namespaces: ' &&
	   t_tui_has '^Processes: [0-9]+'; then
		ok "80x24: the header is still there (nsinspect ..., Namespaces:, Processes:)"
	else
		not_ok "80x24: the header is still there (nsinspect ..., Namespaces:, Processes:)"
		diag_screen
	fi
	if t_tui_has '^Processes: [0-9]+  Containers: [0-9]+  ' &&
	   t_tui_has '^Namespaces: mnt [0-9]+ .* time [0-9]+ *$'; then
		ok "80x24: the counts are whole (Processes: N  Containers: N, every type)"
	else
		not_ok "80x24: the counts are whole (Processes: N  Containers: N, every type)" \
			"line 2: $(t_tui_line 2)" \
			"the line is longer than 80 columns: its end wraps onto line 3, which is then cleared"
	fi
	t_tui_keys Tab
	expect "80x24: keys still work (Tab: the processes view)" 100 \
		'^ +PID\^ USER( +CONTAINER)? +CAPS '
	t_tui_keys Tab
	t_tui_await 100 "$NS_HEAD" >/dev/null

	t_tmux resize-window -t "$T_TUI_S" -x 200 -y 60
	if t_tui_wait 100 line_has 60 '^F1 Help' &&
		[ "$(t_tmux display -p -t "$T_TUI_S" '#{window_width}x#{window_height}')" = 200x60 ]; then
		ok "resize to 200x60: the keys on line 60"
	else
		not_ok "resize to 200x60: the keys on line 60"
		diag_screen
	fi
	if t_tui_has "$NS_HEAD" && t_tui_has '^Processes: [0-9]+  Containers: [0-9]+' &&
	   t_tui_has '^Namespaces: '; then
		ok "200x60: header and heading"
	else
		not_ok "200x60: header and heading"
		diag_screen
	fi
	t_tui_keys Tab
	# the processes view fills the 54 lines of the list (6 to 59)
	if t_tui_await 100 "$PROC_HEAD" && t_tui_wait 30 line_has 59 "$PROC_ROW" ||
		[ "$(find /proc -maxdepth 1 -name '[0-9]*' | grep -c .)" -lt 60 ]; then
		ok "200x60: the processes view uses the new height (a row on line 59)"
	else
		not_ok "200x60: the processes view uses the new height (a row on line 59)"
		diag_screen
	fi
	_long=$(awk 'length($0) > 200' "$T_TMP/screen" | grep -c .)
	if [ "$_long" -eq 0 ] && t_tui_has '^ +[0-9]+ .{60,}'; then
		ok "200x60: rows as wide as the window"
	else
		not_ok "200x60: rows as wide as the window"
		diag_screen
	fi
	t_tmux resize-window -t "$T_TUI_S" -x "$W" -y "$H"
	t_tui_wait 100 line_has "$H" '^F1 Help' >/dev/null

	# --------------------------------------------------------------- q
	t_tui_keys q
	expect "q quits: EXITED:0" 100 '^EXITED:0$'
	_alt=$(t_tmux display -p -t "$T_TUI_S" '#{alternate_on}')
	is "$_alt" 0 "after q: the alternate screen is off"
	if t_tui_hasnt '^Namespaces:|^F1 Help|NPROCS'; then
		ok "after q: nothing of the live view is left on the screen"
	else
		not_ok "after q: nothing of the live view is left on the screen"
		diag_screen
	fi
fi

# ------------------------------------ a namespace that comes and goes
if [ "$ROOT" -eq 1 ]; then
	if start_tui "$W" "$H" -d 1; then
		# its own command line: on a busy machine "ipc" alone matches
		# more rows than the screen holds
		filter_on "sleep 600.$$" >/dev/null
		t_spawn "$T_TMP/ipc.log" unshare --ipc sleep "600.$$"
		IPID=$T_SPAWNED
		if t_wait 30 t_comm_is "$IPID" sleep; then
			IINO=$(t_ns_ino "$IPID" ipc)
			expect "a new namespace (ipc $IINO) shows with '+' within 3 s" 30 \
				"^\\+ *$IINO ipc +1 +$IPID "
			expect "at the next refresh the '+' is gone (a plain row)" 30 \
				"^  *$IINO ipc +1 +$IPID "
			t_kill "$IPID"
			expect "after its process is killed: '-' within 3 s" 30 \
				"^- *$IINO ipc "
			expect_not "and at the next refresh the row is gone" 30 "$IINO"
		else
			not_ok "set up: unshare --ipc sleep 600"
			diag_file "$T_TMP/ipc.log" "its output"
		fi
		quit_tui >/dev/null
	fi
else
	skip "'+' and '-' marks of a namespace that comes and goes (needs root and unshare)"
fi

# -------------------------------------------------------------- Ctrl-C
if start_tui "$W" "$H" -d 1; then
	t_tui_keys C-c
	if t_tui_await 100 '^EXITED:(0|130)$'; then
		ok "Ctrl-C quits: $(grep '^EXITED:' "$T_TMP/screen")"
	else
		not_ok "Ctrl-C quits: EXITED:0 or EXITED:130"
		diag_screen
	fi
	is "$(t_tmux display -p -t "$T_TUI_S" '#{alternate_on}')" 0 \
		"after Ctrl-C: the alternate screen is off"
	if t_tui_hasnt '^Namespaces:|^F1 Help'; then
		ok "after Ctrl-C: nothing of the live view is left on the screen"
	else
		not_ok "after Ctrl-C: nothing of the live view is left on the screen"
		diag_screen
	fi
	if t_tmux capture-pane -p -t "$T_TUI_S" -e | grep -q "$ESC\\[?1049h"; then
		not_ok "after Ctrl-C: no alternate-screen escape in the pane text"
	else
		ok "after Ctrl-C: no alternate-screen escape in the pane text"
	fi
fi

# ------------------------------------------------ -n and --iterations
t_tui_start "$W" "$H" "$NSINSPECT --tui -d 1 --iterations 2"
if t_tui_await 60 '^EXITED:'; then
	is "$(grep '^EXITED:' "$T_TMP/screen")" EXITED:0 "-d 1 --iterations 2 quits by itself after 2 refreshes: EXITED:0"
else
	not_ok "-d 1 --iterations 2 quits by itself within 6 s"
	diag_screen
fi
is "$(t_tmux display -p -t "$T_TUI_S" '#{alternate_on}')" 0 \
	"after --iterations 2: the alternate screen is off"
t_tui_start "$W" "$H" "$NSINSPECT --tui --iterations 1 -d 0.5"
if t_tui_await 60 '^EXITED:'; then
	is "$(grep '^EXITED:' "$T_TMP/screen")" EXITED:0 "--iterations 1 -d 0.5 quits by itself: EXITED:0"
else
	not_ok "--iterations 1 -d 0.5 quits by itself within 6 s"
	diag_screen
fi

# ------------------------------------------------------ not a terminal
{ "$NSINSPECT" --tui </dev/null 2>"$T_TMP/tty.err"; echo "$?" >"$T_TMP/tty.rc"; } |
	cat >"$T_TMP/tty.out"
_rc=$(cat "$T_TMP/tty.rc")
_n=$(grep -c . "$T_TMP/tty.err")
if [ "$_rc" = 1 ] && [ "$_n" = 1 ] && [ ! -s "$T_TMP/tty.out" ] &&
	grep -q '^nsinspect: .*terminal' "$T_TMP/tty.err"; then
	ok "--tui </dev/null | cat: exit 1, one line on stderr ($(cat "$T_TMP/tty.err"))"
else
	not_ok "--tui </dev/null | cat: exit 1, one line on stderr" "exit $_rc, $_n stderr lines"
	diag_file "$T_TMP/tty.err" "stderr"
	diag_file "$T_TMP/tty.out" "stdout"
fi
# standard input a terminal, standard output not
t_tui_start "$W" "$H" "$NSINSPECT --tui >$T_TMP/tty2.out 2>$T_TMP/tty2.err"
if t_tui_await 100 '^EXITED:' && t_tui_has '^EXITED:1$' &&
	[ "$(grep -c . "$T_TMP/tty2.err")" = 1 ] && [ ! -s "$T_TMP/tty2.out" ]; then
	ok "--tui >file in a terminal: exit 1, one line on stderr"
else
	not_ok "--tui >file in a terminal: exit 1, one line on stderr"
	diag_screen
	diag_file "$T_TMP/tty2.err" "stderr"
fi

# ------------------------------------------------------------ NO_COLOR
# colour_codes - the colour parameters of the SGR escapes of the last
# capture (30-38, 40-48, 90-97, 100-107; not 39 and 49, the defaults).
colour_codes() {
	grep -o "$ESC\\[[0-9;:]*m" "$T_TMP/screen.e" | sed "s/^$ESC\\[//; s/m\$//" |
		tr ';:' '\n' | grep -E '^(3[0-8]|4[0-8]|9[0-7]|10[0-7])$' | sort -u | tr '\n' ' '
}
if start_tui "$W" "$H" -d 1; then
	_c=$(colour_codes)
	if [ -n "$_c" ]; then
		ok "without NO_COLOR the screen has colours (SGR $_c)"
	else
		not_ok "without NO_COLOR the screen has colours" "TERM in tmux: $(t_tmux show -gv default-terminal 2>/dev/null)"
	fi
	quit_tui >/dev/null
fi
t_tui_start "$W" "$H" "NO_COLOR=1 $NSINSPECT --tui -d 1"
if t_tui_await 100 '^Namespaces:'; then
	ok "NO_COLOR=1: starts, header shown"
	t_tui_keys Tab
	t_tui_await 100 "$PROC_HEAD" >/dev/null
	t_tui_keys Tab
	t_tui_await 100 "$NS_HEAD" >/dev/null
	_c=$(colour_codes)
	if [ -z "$_c" ] && grep -q "$ESC\\[[0-9;]*7[;m]" "$T_TMP/screen.e"; then
		ok "NO_COLOR=1: no colour escape (only attributes such as reverse and bold)"
	else
		not_ok "NO_COLOR=1: no colour escape (only attributes such as reverse and bold)" \
			"colour parameters: $_c"
		diag_file "$T_TMP/screen.e" "capture-pane -e"
	fi
	quit_tui >/dev/null
else
	not_ok "NO_COLOR=1: starts, header shown"
	diag_screen
fi

# ------------------------------------------- alignment in a UTF-8 locale
# ns_cells_aligned - in the processes view, every row's namespace cells
# end where their heading ends (right-aligned: a character there, a
# space after); U+00B7 counted as one column.  Columns where every
# process is in the host's namespace are left out: the others are checked.
ns_cells_aligned() {
	sed 's/\xc2\xb7/./g' "$T_TMP/screen" | awk -v last="$LAST" '
	NR == 5 {
		m = split("MNT NET PIDNS USERNS UTS IPC CGROUP TIME", all, " ")
		n = 0
		for (k = 1; k <= m; k++)
			if (index($0, " " all[k] " ") || index($0, " " all[k] "^ "))
				lab[++n] = all[k]
		pos = index($0, "CAPS") + 4
		for (k = 1; k <= n; k++) {
			j = index(substr($0, pos), " " lab[k])
			if (!j) { print "heading: no " lab[k]; bad = 1; exit }
			end[k] = pos + j - 1 + length(lab[k])
			pos = end[k] + 1
		}
	}
	NR >= 6 && NR <= last && /^[ +-] *[0-9]+ / {
		rows++
		for (k = 1; k <= n; k++)
			if (substr($0, end[k], 1) == " " || substr($0, end[k] + 1, 1) != " ") {
				print "line " NR ": cell " lab[k] " not under its heading"
				print $0
				bad = 1
				exit
			}
	}
	END { if (!rows) { print "no rows"; bad = 1 } exit bad }'
}
for _loc in C C.UTF-8; do
	t_tui_start "$W" "$H" "LC_ALL=$_loc $NSINSPECT --tui -d 1"
	if t_tui_await 100 '^Namespaces:' && to_view proc; then
		t_tui_screen
		if ns_cells_aligned >"$T_TMP/align.out"; then
			ok "LC_ALL=$_loc: the namespace cells of the processes view are under their headings"
		else
			not_ok "LC_ALL=$_loc: the namespace cells of the processes view are under their headings" \
				"$(head -n 1 "$T_TMP/align.out")" "$(sed -n 2p "$T_TMP/align.out")" \
				"heading: $(t_tui_line 5)" \
				"the host's-namespace mark U+00B7 is 2 bytes: right-aligned cells pad by bytes"
		fi
		quit_tui >/dev/null
	else
		not_ok "LC_ALL=$_loc: the processes view"
		diag_screen
	fi
done

# ------------------------------------------------- AddressSanitizer run
if [ -n "${NSINSPECT_ASAN:-}" ]; then
	if [ ! -x "$NSINSPECT_ASAN" ]; then
		not_ok "NSINSPECT_ASAN=$NSINSPECT_ASAN is not an executable"
	else
		SAN="$T_TMP/san"
		SAN_ENV="ASAN_OPTIONS=detect_leaks=1:exitcode=23:log_path=$SAN"
		SAN_ENV="$SAN_ENV UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1:log_path=$SAN"
		if [ -f "${LSAN_SUPP:-$T_TOP/tests/lsan.supp}" ]; then
			SAN_ENV="$SAN_ENV LSAN_OPTIONS=suppressions=${LSAN_SUPP:-$T_TOP/tests/lsan.supp}"
		fi
		# san_check DESC - EXITED:0, no report on the screen or in a log
		san_check() {
			if t_tui_await 100 '^EXITED:'; then
				if t_tui_has '^EXITED:0$' &&
					t_tui_hasnt 'ERROR: AddressSanitizer|runtime error|LeakSanitizer' &&
					! cat "$SAN".* 2>/dev/null | grep -q .; then
					ok "$1: EXITED:0, no sanitizer report"
				else
					not_ok "$1: EXITED:0, no sanitizer report" \
						"$(grep '^EXITED:' "$T_TMP/screen")"
					for _f in "$SAN".*; do
						[ -f "$_f" ] && diag_file "$_f" "$_f"
					done
					diag_screen
				fi
			else
				not_ok "$1: it quits within 10 s"
				diag_screen
			fi
			rm -f "$SAN".*
		}
		# reports go to $SAN.PID; stderr too (UBSan combined with ASan
		# may write there whatever log_path says)
		t_tui_start "$W" "$H" "$SAN_ENV $NSINSPECT_ASAN --tui -d 1 --iterations 3 2>$SAN.stderr"
		san_check "ASan+UBSan build, -d 1 --iterations 3"
		# with keys: both views, the detail panes, filter, sort, resize
		t_tui_start "$W" "$H" "$SAN_ENV $NSINSPECT_ASAN --tui -d 0.5 --iterations 12 2>$SAN.stderr"
		if t_tui_await 100 '^Namespaces:'; then
			for _k in Enter Down Down End Home Enter Tab Enter End Enter \
				Tab s Down Enter r; do
				t_tui_keys "$_k"
				sleep 0.1
			done
			t_tui_keys / && t_tui_type net && t_tui_keys Enter
			sleep 0.2
			t_tui_keys Escape
			t_tmux resize-window -t "$T_TUI_S" -x 80 -y 24
			sleep 0.3
			t_tui_keys '?'
			sleep 0.2
			t_tui_keys Escape
		fi
		san_check "ASan+UBSan build, -d 0.5 --iterations 12 with keys"
		# the htop keys (tui-htop.sh): tree, search, scroll, sort steps,
		# the interval prompt, help scrolled, a window too small
		t_tui_start 80 24 "$SAN_ENV $NSINSPECT_ASAN --tui -d 0.5 --iterations 14 2>$SAN.stderr"
		if t_tui_await 100 '^Namespaces:'; then
			for _k in F5 Down Enter Enter F5 Tab Right Right Right Right \
				Right Right Right Right Right Left '>' '>' '<' F1 NPage \
				Escape Enter Down; do
				t_tui_keys "$_k"
				sleep 0.1
			done
			t_tui_keys F3 && t_tui_type kthreadd && t_tui_keys Enter
			t_tui_keys d && t_tui_type abc && t_tui_keys Enter
			t_tmux resize-window -t "$T_TUI_S" -x 20 -y 5
			sleep 0.3
			t_tmux resize-window -t "$T_TUI_S" -x 80 -y 24
		fi
		san_check "ASan+UBSan build, the htop keys at 80x24 and 20x5"
	fi
fi

t_finish
