#!/bin/sh
# shellcheck shell=sh disable=SC2016,SC2154
# tui-detail.sh - the live view's detail pane of a network namespace: its
# interfaces and veth peers as ip -j link/addr show them (two "ip netns
# add" namespaces joined by a veth pair, and a pair between the host and
# one of them), and a refresh of the pane that reads only the namespace
# shown and those its veths lead to: setns(2) calls, counted by strace,
# do not grow with 200 more network namespaces.
#
# No traffic is sent: IPv6 is disabled in the two namespaces before any
# interface is made there, and the host pair stays down.
. "$(dirname "$0")/lib.sh"

require_root
require_cmd_pkg tmux tmux
require_cmd_pkg strace strace
require_cmd jq ip stat awk
require_nsinspect
t_tmux_trap

A=$T_NAME-a
B=$T_NAME-b
N=$(($$ % 250 + 1))	# 10.202.N.0/24
ADDR_A=10.202.$N.1/24
AIF=nsi$$a		# the pair between A and B
BIF=nsi$$b
HOSTIF=nsi$$h		# the pair between the host and A
NSIF=nsi$$c
EXTRA=200		# network namespaces added for the count of setns(2)
W=160
H=50

t_netns_quiet "$A"
t_netns_quiet "$B"
t_setup "veth $AIF ($A) - $BIF ($B)" \
	ip link add dev "$AIF" netns "$A" type veth peer name "$BIF" netns "$B"
t_setup "address $ADDR_A on $AIF" ip -n "$A" addr add "$ADDR_A" dev "$AIF"
t_setup "$AIF up" ip -n "$A" link set "$AIF" up
t_setup "$BIF up" ip -n "$B" link set "$BIF" up
t_add_link "$HOSTIF"
t_setup "veth $HOSTIF (host) - $NSIF ($A)" \
	ip link add "$HOSTIF" type veth peer name "$NSIF" netns "$A"
ok "set up: $A and $B ($AIF - $BIF, $ADDR_A), host $HOSTIF - $NSIF in $A"

# pane_of NAME [PREFIX] - start the live view (PREFIX nsinspect --tui),
# filter on NAME and open the detail pane of the first row; wait until it
# shows the namespace of ip netns NAME.
pane_of() {
	_ino=$(stat -L -c %i "/run/netns/$1")
	t_tui_start "$W" "$H" "$2 $NSINSPECT --tui -d 0.2"
	t_tui_await 100 ' NS.? +TYPE' >/dev/null
	t_tui_keys /
	t_tui_type "/run/netns/$1"
	t_tui_keys Enter
	t_tui_await 50 "filter: /run/netns/$1" >/dev/null
	t_tui_keys Enter
	t_tui_await 100 "^net:\\[$_ino\\]"
}

# if_line IF - the pane's line of interface IF ("  IF KIND STATE MAC ...").
if_line() {
	grep -E "^  $1 " "$T_TMP/screen" | head -1
}

# check_ifs NS - each interface of ip netns NS has its line in the pane,
# with the kind, state and MAC address ip -j -d link gives, and its first
# address (without its prefix length) as ip -j addr does.
check_ifs() {
	ip -n "$1" -j -d link >"$T_TMP/iplink.json" &&
	ip -n "$1" -j addr >"$T_TMP/ipaddr.json" || return 1
	jq -r --slurpfile a "$T_TMP/ipaddr.json" '.[] | . as $l |
		[.ifname, (if (.flags | index(["LOOPBACK"])) then "loopback"
			else (.linkinfo.info_kind // "device") end),
		 .operstate, (.address // ""),
		 ([$a[0][] | select(.ifindex == $l.ifindex) | .addr_info[] |
			.local][0] // "")] | join(" ")' \
		"$T_TMP/iplink.json" >"$T_TMP/want" || return 1
	[ -s "$T_TMP/want" ] || return 1
	while read -r _n _k _s _m _a; do
		_l=$(if_line "$_n")
		echo "$_l" | awk -v n="$_n" -v k="$_k" -v s="$_s" -v m="$_m" -v a="$_a" '
			$1 == n && $2 == k && $3 == s && $4 == m &&
			(a == "" || $5 == a) { f = 1 } END { exit !f }' || {
			diag "want: $_n $_k $_s $_m $_a; pane: $_l"
			return 1
		}
	done <"$T_TMP/want"
}

# peer_is IF TEXT - the pane's line of IF ends with "<-> TEXT".
peer_is() {
	if_line "$1" | grep -Eq -- "<-> $2 *\$"
}

# -------------------------------------------- the pane of A, then of B

if pane_of "$A"; then
	ok "Enter: the detail pane of $A"
	if check_ifs "$A"; then
		ok "pane of $A: each interface as ip -n $A -j link/addr (kind, state, MAC, address)"
	else
		not_ok "pane of $A: each interface as ip -n $A -j link/addr (kind, state, MAC, address)"
		diag_file "$T_TMP/screen" "screen"
	fi
	if peer_is "$AIF" "$BIF in $B"; then
		ok "pane of $A: $AIF's peer is $BIF in $B"
	else
		not_ok "pane of $A: $AIF's peer is $BIF in $B" "line: $(if_line "$AIF")"
	fi
	if peer_is "$NSIF" "$HOSTIF on the host"; then
		ok "pane of $A: $NSIF's peer is $HOSTIF on the host"
	else
		not_ok "pane of $A: $NSIF's peer is $HOSTIF on the host" "line: $(if_line "$NSIF")"
	fi
	# a refresh later (the netnsids kept are checked, not searched)
	sleep 0.5
	t_tui_screen
	if peer_is "$AIF" "$BIF in $B" && peer_is "$NSIF" "$HOSTIF on the host"; then
		ok "pane of $A, refreshed: the same peers"
	else
		not_ok "pane of $A, refreshed: the same peers" "lines: $(if_line "$AIF") / $(if_line "$NSIF")"
	fi
else
	not_ok "Enter: the detail pane of $A"
	diag_file "$T_TMP/screen" "screen"
fi

if pane_of "$B"; then
	if check_ifs "$B" && peer_is "$BIF" "$AIF in $A"; then
		ok "pane of $B: its interfaces as ip -n $B -j link; $BIF's peer is $AIF in $A"
	else
		not_ok "pane of $B: its interfaces as ip -n $B -j link; $BIF's peer is $AIF in $A" \
			"line: $(if_line "$BIF")"
		diag_file "$T_TMP/screen" "screen"
	fi
else
	not_ok "Enter: the detail pane of $B"
fi
# Down with the pane open: the pane of the next row at once, not at the
# next refresh (every 30 s here).  The rows: A and C (a veth pair of its
# own, both ends in it: neither namespace is read with the other).
C=$T_NAME-ac
CIF=nsi$$d
t_netns_quiet "$C"
t_setup "veth $CIF - ${CIF}2 in $C" \
	ip -n "$C" link add "$CIF" type veth peer name "${CIF}2"
INO_A=$(stat -L -c %i "/run/netns/$A")
INO_C=$(stat -L -c %i "/run/netns/$C")
t_tui_start "$W" "$H" "$NSINSPECT --tui -d 30"
t_tui_await 100 ' NS.? +TYPE' >/dev/null
t_tui_keys /
t_tui_type "/run/netns/$A"
t_tui_keys Enter Home Enter
if t_tui_await 100 "^net:\\[($INO_A|$INO_C)\\]"; then
	if t_tui_has "^net:\\[$INO_A\\]"; then
		_next=$INO_C _if=$CIF
	else
		_next=$INO_A _if=$AIF
	fi
	t_tui_keys Down
	if t_tui_await 50 "^net:\\[$_next\\]" &&
	   t_tui_wait 50 t_tui_has "^  $_if "; then
		ok "Down, the pane open: the next namespace's pane at once (its $_if)"
	else
		not_ok "Down, the pane open: the next namespace's pane at once (its $_if)"
		diag_file "$T_TMP/screen" "screen"
	fi
else
	not_ok "Down, the pane open: the pane of $A or $C first"
	diag_file "$T_TMP/screen" "screen"
fi
t_tmux kill-session -t "$T_TUI_S" >/dev/null 2>&1

# ------------------------------------ setns(2) per refresh of the pane
#
# REFRESHES refreshes with the pane of A open, under strace -f: the
# setns(2) calls of the children that read it.  Each refresh enters A
# and the namespaces its veths lead to (B, the host), whatever the
# number of other namespaces; reading every one would add EXTRA per
# refresh.

REFRESHES=10

# setns_count - run the live view under strace, open the pane of A, let
# it refresh for REFRESHES refreshes, quit; print its setns(2) calls.
setns_count() {
	rm -f "$T_TMP/strace"
	pane_of "$A" "strace -f --seccomp-bpf -qq -c -e trace=setns -o $T_TMP/strace" \
		>/dev/null || return 1
	sleep $((REFRESHES / 5)).$((REFRESHES % 5 * 2))
	t_tui_keys q
	t_wait 100 test -s "$T_TMP/strace"
	t_tmux kill-session -t "$T_TUI_S" >/dev/null 2>&1
	awk '$NF == "setns" { print $4 }' "$T_TMP/strace"
}

c0=$(setns_count)
i=1
while [ "$i" -le "$EXTRA" ]; do
	echo "netns add $T_NAME-x$i"
	T_NETNS="$T_NETNS $T_NAME-x$i"
	i=$((i + 1))
done >"$T_TMP/batch"
t_setup "$EXTRA more network namespaces" ip -batch "$T_TMP/batch"
c1=$(setns_count)
sed 's/ add / del /' "$T_TMP/batch" | ip -batch - >/dev/null 2>&1
diag "setns(2) in ${REFRESHES} refreshes of the pane of $A: ${c0:-none} with no namespace added, ${c1:-none} with $EXTRA"
# some setns (the pane was read), and fewer more than half of what one
# refresh entering every namespace would add (the number of refreshes in
# the time strace ran varies by one or two)
if [ "${c0:-0}" -gt 0 ] && [ "${c1:-0}" -gt 0 ] &&
   [ "$c1" -lt $((c0 + EXTRA / 2)) ]; then
	ok "a refresh of the pane does not enter every network namespace ($c0 setns, $c1 with $EXTRA more)"
else
	not_ok "a refresh of the pane does not enter every network namespace" \
		"setns: ${c0:-none} then ${c1:-none} with $EXTRA more network namespaces"
fi

t_finish
