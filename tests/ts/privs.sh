#!/bin/sh
# shellcheck shell=sh disable=SC2016,SC2317
# privs.sh - nsinspect keeps only the capabilities its view needs
# (nsi_view_caps(), nsi_view_live_caps()) and refuses to run set-user-ID,
# set-group-ID or with file capabilities unless the real user is root.
#   - what each view keeps: the last capset(2) strace(1) shows, then
#     PR_SET_NO_NEW_PRIVS; nsinspect's own sets after the drop, read by
#     itself ("exec nsinspect --caps $$"); the live view's
#     /proc/PID/status while it runs in tmux, with its proc connector
#     socket still subscribed;
#   - what each kept capability is for still shows with the reduced set: a
#     socket of a process of nobody's holding a network namespace
#     (CAP_SYS_PTRACE, CAP_DAC_READ_SEARCH, CAP_NET_ADMIN), the host name
#     of a uts namespace bound below a directory only nobody may enter
#     (CAP_DAC_READ_SEARCH, CAP_SYS_ADMIN), legacy iptables rules
#     (CAP_NET_RAW); --caps keeps CAP_SYS_PTRACE (the user namespace
#     links) and under a /proc mounted hidepid=2 still sees a process
#     with capabilities;
#   - as nobody nothing is dropped that it has not, and ambient
#     capabilities are cut to the view's set;
#   - set-user-ID, set-group-ID and file-capability copies run by nobody
#     exit 1 with one stderr line, before any option is read; run by root
#     they work.
. "$(dirname "$0")/lib.sh"

require_root
require_cmd jq capsh setpriv unshare mount stat awk sort ip
require_cmd_pkg strace strace
require_cmd_pkg libcap2-bin setcap
require_cmd_pkg tmux tmux
require_nsinspect
: "${NS_HOLD:=$T_TOP/tests/helpers/ns-hold}"
require_file "$NS_HOLD" "the ns-hold test helper"
require_file "$CAPS_HOLD" "the caps-hold test helper"
t_tmux_trap

U=nobody
UID_U=$(id -u "$U" 2>/dev/null) || { not_ok "user $U exists"; t_finish; }
GID_U=$(id -g "$U")
as_user() {
	setpriv --reuid="$UID_U" --regid="$GID_U" --clear-groups \
		--inh-caps=-all -- "$@"
}
# as_user_amb CAPS CMD... - as nobody with CAPS (+a,+b) ambient
as_user_amb() {
	_caps=$1
	shift
	setpriv --reuid="$UID_U" --regid="$GID_U" --clear-groups \
		--inh-caps="$_caps" --ambient-caps="$_caps" -- "$@"
}

# with_pm CAPS - CAPS (comma-separated) and what rootless Podman's state
# adds on this machine (nsi_podman_users_caps()): cap_dac_read_search
# when a user has /run/user/UID/containers, cap_dac_override when a
# user's API service socket /run/user/UID/podman/podman.sock exists.
with_pm() {
	_pm=""
	for _d in /run/user/[1-9]*; do
		[ -d "$_d/containers" ] && [ ! -L "$_d/containers" ] &&
			_pm="$_pm,cap_dac_read_search"
		[ -S "$_d/podman/podman.sock" ] && _pm="$_pm,cap_dac_override"
	done
	printf '%s\n' "$1$_pm" | tr ',' '\n' | grep -v '^$' | sort -u | paste -sd, -
}
NS3=$(with_pm "cap_dac_read_search,cap_net_admin,cap_sys_ptrace")
NS2=$(with_pm "cap_dac_read_search,cap_sys_ptrace")
UTS=$(with_pm "cap_dac_read_search,cap_sys_admin,cap_sys_ptrace")
NET5=$(with_pm "cap_dac_read_search,cap_net_admin,cap_net_raw,cap_sys_admin,cap_sys_ptrace")
# --caps: CAP_SYS_PTRACE, for the /proc/PID/ns/user links (and the
# /proc/PID directories under hidepid=)
CAPSV=$(with_pm "cap_sys_ptrace")
CAPSV_JSON=$(printf '%s\n' "$CAPSV" | tr ',' '\n' | jq -R . | jq -sc .)
# one name a line, sorted
lines() {
	printf '%s\n' "$1" | tr ',' '\n' | grep -v '^$' | sort
}

# --------------------------------------------- what each view keeps (strace)

# names_of TEXT - strace's "1<<CAP_NET_ADMIN|1<<CAP_SYS_PTRACE" as
# "cap_net_admin,cap_sys_ptrace" (sorted); "0" as "".
names_of() {
	[ "$1" = 0 ] && return 0
	printf '%s\n' "$1" | tr '|' '\n' | sed 's/^1<<CAP_//' |
		tr '[:upper:]' '[:lower:]' | sed 's/^/cap_/' | sort | paste -sd, -
}

# traced WRAPPER... -- ARGS... - run [WRAPPER] nsinspect ARGS under strace;
# of what nsinspect did after its execve: KEPT_E, KEPT_P, KEPT_I (the sets
# of its last capset(2), as names_of), KEPT_NNP (1 when
# PR_SET_NO_NEW_PRIVS succeeded after it), KEPT_BND (the capabilities it
# removed from the bounding set) and T_RC its exit status.
traced() {
	_w=""
	while [ "$1" != "--" ]; do
		_w="$_w $1"
		shift
	done
	shift
	# (LeakSanitizer of an ASan build cannot run under ptrace)
	# shellcheck disable=SC2086
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
	strace -qq -o "$T_TMP/strace.out" -e trace=execve,capset,prctl \
		$_w "$NSINSPECT" "$@" >"$T_TMP/out" 2>"$T_TMP/err" </dev/null
	T_RC=$?
	awk -v bin="$NSINSPECT" 'index($0, "execve(\"" bin "\"") { n = NR }
		{ l[NR] = $0 } END { for (i = n; i <= NR; i++) print l[i] }' \
		"$T_TMP/strace.out" >"$T_TMP/strace.own"
	_last=$(grep '^capset(.* = 0$' "$T_TMP/strace.own" | tail -n 1)
	KEPT_E=$(names_of "$(printf '%s\n' "$_last" | sed -n 's/.*effective=\([^,]*\),.*/\1/p')")
	KEPT_P=$(names_of "$(printf '%s\n' "$_last" | sed -n 's/.*permitted=\([^,]*\),.*/\1/p')")
	KEPT_I=$(names_of "$(printf '%s\n' "$_last" | sed -n 's/.*inheritable=\([^}]*\)}.*/\1/p')")
	KEPT_NNP=0
	awk -v last="$_last" '$0 == last { seen = 1 }
		seen && /^prctl\(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0\) += 0$/ { ok = 1 }
		END { exit !ok }' "$T_TMP/strace.own" && KEPT_NNP=1
	KEPT_BND=$(sed -n 's/^prctl(PR_CAPBSET_DROP, CAP_\([A-Z_]*\)) *= 0$/\1/p' \
		"$T_TMP/strace.own" | tr '[:upper:]' '[:lower:]' | sed 's/^/cap_/' | sort -u)
	[ -n "$_last" ]
}

# Every capability the kernel has, one a line: root's nsinspect drops from
# its bounding set each one it does not keep (those it had not too).
LAST=$(cat /proc/sys/kernel/cap_last_cap)
BND_ALL=$(t_cap_names "$(printf '0x%x' $(((1 << (LAST + 1)) - 1)))")

# kept_is DESC EXPECTED ARGS... - as root, nsinspect ARGS keeps EXPECTED in
# its effective and permitted sets, nothing inheritable, and removes every
# other capability from its bounding set (root has CAP_SETPCAP).
kept_is() {
	_d=$1 _want=$2
	shift 2
	if ! traced -- "$@"; then
		not_ok "$_d: a capset(2) after the exec" "exit $T_RC"
		diag_file "$T_TMP/strace.own" "strace"
		return
	fi
	if [ "$T_RC" -eq 0 ] && [ "$KEPT_E" = "$_want" ] &&
	   [ "$KEPT_P" = "$_want" ] && [ -z "$KEPT_I" ] && [ "$KEPT_NNP" = 1 ]; then
		ok "$_d: keeps ${_want:-no capability} (effective = permitted), none inheritable, then no_new_privs"
	else
		not_ok "$_d: keeps ${_want:-no capability}" "exit $T_RC" \
			"effective:   $KEPT_E" "permitted:   $KEPT_P" \
			"inheritable: $KEPT_I" "no_new_privs after it: $KEPT_NNP"
		diag_file "$T_TMP/err" "stderr"
	fi
	lines "$_want" >"$T_TMP/want.l"
	printf '%s\n' "$BND_ALL" | grep -vxF -f "$T_TMP/want.l" | grep -v '^$' |
		sort >"$T_TMP/bnd.want"
	printf '%s\n' "$KEPT_BND" | grep -v '^$' >"$T_TMP/bnd.got"
	if cmp -s "$T_TMP/bnd.want" "$T_TMP/bnd.got"; then
		ok "$_d: the bounding set loses the other $(wc -l <"$T_TMP/bnd.got") capabilities"
	else
		not_ok "$_d: the bounding set loses the other capabilities" \
			"missing: $(comm -23 "$T_TMP/bnd.want" "$T_TMP/bnd.got" | paste -sd, -)" \
			"extra:   $(comm -13 "$T_TMP/bnd.want" "$T_TMP/bnd.got" | paste -sd, -)"
	fi
}

kept_is "namespace view (-J)" "$NS3" -J
kept_is "--ns mnt" "$NS2" --ns mnt
kept_is "--ns uts (HOSTNAME)" "$UTS" --ns uts
kept_is "--ns user (UID_MAP, GID_MAP: a child enters a user namespace no process is in)" "$UTS" --ns user -J
kept_is "--ns net --detail" "$NET5" --ns net --detail -J
kept_is "-o NS,TYPE,RULES" "$NET5" -o NS,TYPE,RULES
kept_is "--tree" "$NS3" --tree -J
kept_is "--audit -p $$" "$NS3" --audit -p $$ -J
kept_is "--caps" "$CAPSV" --caps -J
kept_is "--caps PID" "$CAPSV" --caps 1 -J

# ------------------------------------------- its own sets, read by itself

sh -c 'exec "$0" --caps $$ -J' "$NSINSPECT" >"$T_TMP/self.json" 2>"$T_TMP/self.err"
rc=$?
if [ "$rc" -eq 0 ] && t_jq "$T_TMP/self.json" --argjson w "$CAPSV_JSON" \
	'.processes[0] | .capprm.names == $w and .capeff.names == $w and
	 .capbnd.names == $w and .capinh.names == [] and .capamb.names == [] and
	 .nnp == true'; then
	ok "nsinspect --caps \$\$ (itself): permitted, effective and bounding sets '${CAPSV}', inheritable and ambient empty, NoNewPrivs"
else
	not_ok "nsinspect --caps \$\$ shows its own reduced sets" "exit $rc" \
		"$(jq -c '.processes[0] | {capinh: .capinh.names, capprm: .capprm.names, capeff: .capeff.names, capbnd: .capbnd.names, capamb: .capamb.names, nnp}' "$T_TMP/self.json" 2>&1)"
	diag_file "$T_TMP/self.err" "stderr"
fi

# ------------------------------------------- the live view, in tmux

t_tui_start 120 40 "$NSINSPECT --tui -d 1"
if t_tui_await 100 '^Namespaces:'; then
	SH=$(t_tmux display-message -p -t "$T_TUI_S" '#{pane_pid}' 2>/dev/null)
	TP=""
	for _c in $(t_children "$SH"); do
		t_comm_is "$_c" nsinspect && TP=$_c
	done
	eff=$(t_status "$TP" CapEff)
	prm=$(t_status "$TP" CapPrm)
	bnd=$(t_status "$TP" CapBnd)
	names=$(t_cap_names "0x$eff" | paste -sd, -)
	if [ -n "$TP" ] && [ "$names" = "$NET5" ] && [ "$prm" = "$eff" ] &&
	   [ "$bnd" = "$eff" ] && [ "$(t_status "$TP" CapInh)" = 0000000000000000 ] &&
	   [ "$(t_status "$TP" CapAmb)" = 0000000000000000 ] &&
	   [ "$(t_status "$TP" NoNewPrivs)" = 1 ]; then
		ok "--tui (pid $TP): CapEff = CapPrm = CapBnd = $names; CapInh, CapAmb 0; NoNewPrivs 1"
	else
		not_ok "--tui keeps $NET5 only" "pid '$TP'" \
			"$(grep -E '^(Cap|NoNewPrivs)' "/proc/$TP/status" 2>&1 | tr '\t' ' ' | paste -sd' ' -)" \
			"CapEff names: $names"
	fi
	# the proc connector (netlink protocol 11, group CN_IDX_PROC) with it
	socks=$(for _f in "/proc/$TP/fd/"*; do readlink "$_f"; done 2>/dev/null |
		sed -n 's/^socket:\[\([0-9]*\)\]$/\1/p')
	found=0
	for _i in $socks; do
		awk -v i="$_i" '$NF == i && $2 == 11 && $4 == "00000001" { f = 1 }
			END { exit !f }' /proc/net/netlink && found=1
	done
	if [ "$found" = 1 ]; then
		ok "--tui with the reduced set still listens to the proc connector (NETLINK_CONNECTOR, group CN_IDX_PROC)"
	else
		not_ok "--tui still listens to the proc connector" "sockets: $socks"
	fi
	t_tui_keys q
	t_tui_await 100 '^EXITED:0' || not_ok "--tui quits with q (exit 0)"
else
	not_ok "nsinspect --tui starts"
	diag_file "$T_TMP/screen" "screen"
fi

# ------------------ what the kept capabilities are for, with the reduced set

# a socket of a process of nobody's, created in a network namespace only
# it holds: /proc/PID/fd (mode 0500: CAP_DAC_READ_SEARCH), pidfd_getfd
# (CAP_SYS_PTRACE), SIOCGSKNS (CAP_NET_ADMIN)
NSS="$T_NAME-sock"
ip netns add "$NSS" && t_add_netns "$NSS"
SKINO=$(stat -L -c %i "/run/netns/$NSS")
t_spawn "$T_TMP/sock.out" setpriv --reuid="$UID_U" --regid="$GID_U" \
	--clear-groups --inh-caps=+sys_admin --ambient-caps=+sys_admin -- \
	"$NS_HOLD" socket "/run/netns/$NSS"
SKP=$T_SPAWNED
t_wait 50 grep -qx ready "$T_TMP/sock.out"
SKFD=$(sed -n 's/^socket //p' "$T_TMP/sock.out")
ip netns del "$NSS"
if [ -n "$SKFD" ] && [ "$(stat -c %U "/proc/$SKP/fd")" = "$U" ]; then
	ok "set up: socket fd $SKFD of $U's process $SKP alone holds net:[$SKINO]"
	if nsi_ok "-J with a socket holder of $U's" -J &&
	   t_jq "$T_TMP/out" --argjson i "$SKINO" --arg h "socket fd $SKFD of PID $SKP" \
		'[.namespaces[] | select(.type == "net" and .ns == $i and .held_by == [$h])] | length == 1'; then
		ok "-J (keeping $NS3) lists net:[$SKINO] held by socket fd $SKFD of PID $SKP"
	elif [ "$T_RC" -eq 0 ]; then
		not_ok "-J lists net:[$SKINO] held by $U's socket" \
			"$(jq -c --argjson i "$SKINO" '.namespaces[] | select(.ns == $i)' "$T_TMP/out")"
		diag_file "$T_TMP/err" "stderr"
	fi
else
	not_ok "set up: a socket of $U's process holds a network namespace" \
		"fd '$SKFD', fd dir owner $(stat -c %U "/proc/$SKP/fd" 2>&1)"
	diag_file "$T_TMP/sock.out" "ns-hold"
fi
t_kill "$SKP"

# a uts namespace held only by a bind mount below a directory of nobody's
# (mode 0700): entering it takes CAP_DAC_READ_SEARCH (the path) and
# CAP_SYS_ADMIN (setns)
PRIV="$T_TMP/priv"
mkdir "$PRIV" && touch "$PRIV/uts"
HN="$T_NAME-h"
if unshare --uts sh -c "hostname '$HN' && mount --bind /proc/self/ns/uts '$PRIV/uts'"; then
	t_add_mount "$PRIV/uts"
	chown "$U" "$PRIV" && chmod 700 "$PRIV"
	UTSINO=$(stat -L -c %i "$PRIV/uts")
	if nsi_ok "--ns uts -J" --ns uts -J &&
	   t_jq "$T_TMP/out" --argjson i "$UTSINO" --arg h "$HN" --arg p "$PRIV/uts" \
		'[.namespaces[] | select(.ns == $i and .hostname == $h and .nsfs == [$p])] | length == 1'; then
		ok "--ns uts (keeping $UTS) shows host name $HN of uts:[$UTSINO], bound below $U's mode 0700 directory"
	elif [ "$T_RC" -eq 0 ]; then
		not_ok "--ns uts shows the host name of a uts namespace bound below $U's directory" \
			"$(jq -c --argjson i "$UTSINO" '.namespaces[] | select(.ns == $i)' "$T_TMP/out")"
	fi
else
	not_ok "set up: a uts namespace bind mounted at $PRIV/uts"
fi

# legacy iptables rules: the raw socket of IPT_SO_GET_INFO (CAP_NET_RAW)
NSX="$T_NAME-xt"
if ! command -v iptables-legacy >/dev/null 2>&1; then
	not_ok "required: iptables-legacy (Debian iptables, which scripts/test-setup installs)"
elif ip netns add "$NSX" && t_add_netns "$NSX" &&
     ip netns exec "$NSX" iptables-legacy -A INPUT -s 192.0.2.1 -j DROP 2>"$T_TMP/xt.err"; then
	XINO=$(stat -L -c %i "/run/netns/$NSX")
	if nsi_ok "--ns net --detail -J" --ns net --detail -J &&
	   t_jq "$T_TMP/out" --argjson i "$XINO" \
		'[.namespaces[] | select(.ns == $i and .firewall == "iptables" and .firewall_rules == 1)] | length == 1'; then
		ok "--ns net --detail (keeping $NET5) counts the 1 legacy iptables rule of net:[$XINO]"
	elif [ "$T_RC" -eq 0 ]; then
		not_ok "--ns net --detail counts the legacy iptables rule" \
			"$(jq -c --argjson i "$XINO" '.namespaces[] | select(.ns == $i) | {firewall, firewall_rules}' "$T_TMP/out")"
	fi
else
	skip "iptables-legacy cannot add a rule here (no ip_tables?): $(head -n 1 "$T_TMP/xt.err")"
fi

# --caps under a /proc mounted hidepid=2 with a group root is not in: the
# directory of a process whose capabilities we lack shows only to a
# ptrace read check
t_spawn "$T_TMP/hold.out" "$CAPS_HOLD" "cap_chown,cap_net_raw=p cap_net_raw+e"
CHP=$T_SPAWNED
t_wait 100 grep -qx ready "$T_TMP/hold.out"
unshare --mount --propagation private sh -c '
	mount -t proc -o hidepid=2,gid=$1 proc /proc || exit 99
	sh -c "exec \"\$0\" --caps \$\$ -J" "$0" >"$3/hp-self.json" 2>&1
	exec "$0" --caps "$2" -J' "$NSINSPECT" "$GID_U" "$CHP" "$T_TMP" \
	>"$T_TMP/hp.json" 2>"$T_TMP/hp.err"
rc=$?
if [ "$rc" -eq 99 ]; then
	skip "cannot mount proc with hidepid=2 here"
else
	if t_jq "$T_TMP/hp-self.json" --argjson c "$CAPSV_JSON" '.processes[0].capprm.names == $c and .processes[0].capeff.names == $c'; then
		ok "--caps under a hidepid=2 /proc keeps $CAPSV alone"
	else
		not_ok "--caps under a hidepid=2 /proc keeps $CAPSV alone" \
			"$(jq -c '.processes[0] | {capprm: .capprm.names, capeff: .capeff.names}' "$T_TMP/hp-self.json" 2>&1 | head -c 300)"
	fi
	if [ "$rc" -eq 0 ] && t_jq "$T_TMP/hp.json" --argjson p "$CHP" \
		'.processes | length == 1 and .[0].pid == $p and .[0].capprm.names == ["cap_chown", "cap_net_raw"]'; then
		ok "--caps $CHP under a hidepid=2 /proc still sees caps-hold and its sets"
	else
		not_ok "--caps $CHP under a hidepid=2 /proc still sees caps-hold" "exit $rc"
		diag_file "$T_TMP/hp.err" "stderr"
	fi
fi
t_kill "$CHP"

# ----------------------------------------------------- as an ordinary user

# nobody must reach the binary: copies in a directory of ours it may
# enter (the build tree may be private)
chmod 711 "$T_TMP"
mkdir -m 755 "$T_TMP/plain" "$T_TMP/suid" "$T_TMP/sgid" "$T_TMP/fcap" \
	"$T_TMP/fcapp" "$T_TMP/suidu"
for _d in plain suid sgid fcap fcapp suidu; do
	cp "$NSINSPECT" "$T_TMP/$_d/nsinspect"
done
chmod 755 "$T_TMP/plain/nsinspect"

as_user sh -c 'exec "$0" --caps $$ -J' "$T_TMP/plain/nsinspect" \
	>"$T_TMP/u.json" 2>"$T_TMP/u.err" </dev/null
rc=$?
if [ "$rc" -eq 0 ] && t_jq "$T_TMP/u.json" \
	'.processes[0] | .capprm.names == [] and .capeff.names == [] and
	 .capinh.names == [] and .capamb.names == [] and .nnp == true'; then
	ok "as $U: runs (exit 0) with nothing to drop: no capability, NoNewPrivs"
else
	not_ok "as $U: runs with nothing to drop" "exit $rc"
	diag_file "$T_TMP/u.err" "stderr"
fi

# ambient capabilities are cut to what the view needs: the namespace view
# keeps cap_sys_ptrace of cap_chown,cap_sys_ptrace (its bounding set is
# not its to lower); --caps keeps cap_sys_ptrace
if traced setpriv --reuid="$UID_U" --regid="$GID_U" --clear-groups \
	--inh-caps=+chown,+sys_ptrace --ambient-caps=+chown,+sys_ptrace \
	-- --ns mnt -J &&
   [ "$T_RC" -eq 0 ] && [ "$KEPT_E" = cap_sys_ptrace ] &&
   [ "$KEPT_P" = cap_sys_ptrace ] && [ -z "$KEPT_I" ] && [ -z "$KEPT_BND" ] &&
   [ "$KEPT_NNP" = 1 ]; then
	ok "as $U with ambient cap_chown,cap_sys_ptrace: --ns mnt keeps cap_sys_ptrace alone, the bounding set untouched"
else
	not_ok "as $U with ambient capabilities: --ns mnt keeps cap_sys_ptrace alone" \
		"exit $T_RC" "effective: $KEPT_E" "permitted: $KEPT_P" \
		"inheritable: $KEPT_I" "bounding dropped: $KEPT_BND" "nnp: $KEPT_NNP"
	diag_file "$T_TMP/err" "stderr"
fi
as_user_amb +chown,+sys_ptrace sh -c 'exec "$0" --caps $$ -J' \
	"$T_TMP/plain/nsinspect" >"$T_TMP/ua.json" 2>"$T_TMP/ua.err" </dev/null
if t_jq "$T_TMP/ua.json" '.processes[0] | .capprm.names == ["cap_sys_ptrace"] and
	 .capeff.names == ["cap_sys_ptrace"] and .capinh.names == [] and .capamb.names == []'; then
	ok "as $U with ambient capabilities: --caps keeps cap_sys_ptrace alone (and empties the inheritable and ambient sets)"
else
	not_ok "as $U with ambient capabilities: --caps keeps cap_sys_ptrace alone" \
		"$(jq -c '.processes[0] | {capinh: .capinh.names, capprm: .capprm.names, capeff: .capeff.names, capamb: .capamb.names}' "$T_TMP/ua.json" 2>&1)"
fi

# ------------------------------- set-user-ID, set-group-ID, file capabilities

# A process whose exec changed its IDs is not dumpable, and the
# LeakSanitizer of an ASan build, which ptraces its own process at exit,
# then fails with lines of its own ("==PID==...") and ignores
# ASAN_OPTIONS (a secure exec): those lines are not nsinspect's.
SAN=0
grep -qa __asan_init "$NSINSPECT" && SAN=1

REFUSAL="nsinspect: will not run set-user-ID, set-group-ID or with file capabilities unless the real user is root"
if findmnt -n -o OPTIONS -T "$T_TMP" 2>/dev/null | tr ',' '\n' | grep -qx nosuid; then
	skip "$T_TMP is on a nosuid file system: set-user-ID and file capabilities are not checked"
	t_finish
fi
chmod 4755 "$T_TMP/suid/nsinspect"
# a group nobody is not in: root's
chgrp 0 "$T_TMP/sgid/nsinspect" && chmod 2755 "$T_TMP/sgid/nsinspect"
setcap cap_sys_ptrace+ep "$T_TMP/fcap/nsinspect"
setcap cap_sys_ptrace+p "$T_TMP/fcapp/nsinspect"
chown "$U" "$T_TMP/suidu/nsinspect" && chmod 4755 "$T_TMP/suidu/nsinspect"

# refused DESC DIR ARGS... - as nobody, DIR/nsinspect ARGS exits 1 with
# the one refusal line and prints nothing else.
refused() {
	_d=$1 _dir=$2
	shift 2
	as_user "$T_TMP/$_dir/nsinspect" "$@" >"$T_TMP/r.out" 2>"$T_TMP/r.err" </dev/null
	_rc=$?
	if [ "$_rc" -eq 1 ] && [ ! -s "$T_TMP/r.out" ] &&
	   [ "$(grep -Ev '^==[0-9]+==' "$T_TMP/r.err")" = "$REFUSAL" ]; then
		ok "as $U: $_d nsinspect $* exits 1 with the one refusal line"
	else
		not_ok "as $U: $_d nsinspect $* is refused" "exit $_rc"
		diag_file "$T_TMP/r.err" "stderr"
		diag_file "$T_TMP/r.out" "stdout"
	fi
}

refused "set-user-ID root" suid -J
refused "set-user-ID root" suid --version
refused "set-group-ID root" sgid --caps
refused "cap_sys_ptrace+ep" fcap -J
refused "cap_sys_ptrace+p" fcapp --caps 1

# root is the real user: each copy runs (under ASan but the set-user-ID
# nobody one, whose exec changed its effective UID)
for _dir in suid sgid fcap suidu; do
	if [ "$SAN" = 1 ] && [ "$_dir" = suidu ]; then
		skip "as root: the suidu copy of a sanitizer build (its LeakSanitizer cannot ptrace a set-ID process)"
		continue
	fi
	"$T_TMP/$_dir/nsinspect" --caps 1 -J >"$T_TMP/r.out" 2>"$T_TMP/r.err" </dev/null
	_rc=$?
	if [ "$_rc" -eq 0 ] && t_jq "$T_TMP/r.out" '.processes[0].pid == 1'; then
		ok "as root: the $_dir copy runs (--caps 1, exit 0)"
	else
		not_ok "as root: the $_dir copy runs" "exit $_rc"
		diag_file "$T_TMP/r.err" "stderr"
	fi
done

t_finish
