#!/bin/sh
# shellcheck shell=sh disable=SC2016,SC2317,SC2154
# netdetail.sh - nsinspect --ns net --detail on the veth pair of a lecture
# on namespaces: two "ip netns add" namespaces joined by a veth pair
# (inside-test, outside-test), and a pair between the host and one of them;
# interfaces, addresses, peers and firewall rule counts, checked against
# ip -j link/addr and nft.
#
# No traffic is sent: IPv6 is disabled in the two namespaces before any
# interface is made there (no DAD, router solicitation or MLD), IPv4
# addresses send nothing by themselves, and the host pair stays down.
. "$(dirname "$0")/lib.sh"

require_root
require_cmd jq ip stat awk sort python3 jsonschema
require_cmd_pkg nftables nft
require_nsinspect

A=$T_NAME-a
B=$T_NAME-b
N=$(($$ % 250 + 1))	# 10.200.N.0/24
ADDR_A=10.200.$N.1/24
ADDR_A2=10.201.$N.1/24	# a second address: a cell of two values
ADDR_B=10.200.$N.2/24
HOSTIF=nsi$$h		# host end of the host pair
NSIF=nsi$$c		# its end in $A
HOST_NET=$(t_ns_ino $$ net)

t_netns_quiet "$A"
t_netns_quiet "$B"
INO_A=$(stat -L -c %i "/run/netns/$A")
INO_B=$(stat -L -c %i "/run/netns/$B")
ok "set up: ip netns add $A ($INO_A), $B ($INO_B)"

# ip_ifaces NETNS - the interfaces of ip netns NETNS ("" for ours) as
# ip -j link/addr show them, in nsinspect's shape, sorted by name.
ip_ifaces() {
	if [ -n "$1" ]; then
		ip -n "$1" -j -d link >"$T_TMP/iplink.json" 2>/dev/null &&
		ip -n "$1" -j addr >"$T_TMP/ipaddr.json" 2>/dev/null
	else
		ip -j -d link >"$T_TMP/iplink.json" 2>/dev/null &&
		ip -j addr >"$T_TMP/ipaddr.json" 2>/dev/null
	fi &&
	t_ip_ifaces_shape
}
# nsi_ifaces INO [NAME...] - the same from $T_TMP/detail.json (only the
# interfaces NAME... when given).
nsi_ifaces() {
	_ino=$1
	shift
	jq -c --argjson ino "$_ino" --arg names "$*" '
		($names | split(" ") | map(select(. != ""))) as $only
		| [.namespaces[] | select(.ns == $ino)]
		| if length == 1 then [.[0].interfaces[]
			| select(($only | length) == 0 or (.name as $n | $only | index([$n]) != null))
			| {name, ifindex, kind, operstate, mac, addresses: ((.addresses // []) | sort)}]
			| sort_by(.name)
		  else "\(length) rows" end' "$T_TMP/detail.json" 2>&1
}
# nsi_if INO NAME - interface NAME of namespace INO, compact JSON.
nsi_if() {
	jq -c --argjson ino "$1" --arg n "$2" \
		'[.namespaces[] | select(.ns == $ino) | .interfaces[] | select(.name == $n)] |
		if length == 1 then .[0] else . end' "$T_TMP/detail.json" 2>&1
}
# ip_only NAME... - filter the output of ip_ifaces to these interfaces.
ip_only() {
	jq -c --arg names "$*" '($names | split(" ")) as $o | [.[] | select(.name as $n | $o | index([$n]) != null)]'
}
detail() {
	nsi_ok "--ns net --detail -J" --ns net --detail -J &&
		cp "$T_TMP/out" "$T_TMP/detail.json"
}

# ------------------------------------------------ a fresh namespace

if detail; then
	is "$(nsi_ifaces "$INO_A")" "$(ip_ifaces "$A")" \
		"--detail: the fresh namespace $A has what ip -n $A -j link/addr show"
	is "$(jq -c --argjson ino "$INO_A" '[.namespaces[] | select(.ns == $ino) |
		.interfaces[] | [.name, .kind, .operstate]]' "$T_TMP/detail.json" 2>&1)" \
		'[["lo","loopback","DOWN"]]' "--detail: $A has only lo, DOWN"
	is "$(jq -c --argjson ino "$INO_A" '[.namespaces[] | select(.ns == $ino) | .firewall_rules]' \
		"$T_TMP/detail.json" 2>&1)" '[0]' "--detail: $A has firewall_rules 0"
	t_schema_ok "--ns net --detail -J is valid against the schema" "$T_TMP/detail.json"
fi

# --------------------------------------------- the pair between A and B

t_setup "veth inside-test ($A) - outside-test ($B)" \
	ip link add dev inside-test netns "$A" type veth peer name outside-test netns "$B"
t_setup "address $ADDR_A on inside-test" ip -n "$A" addr add "$ADDR_A" dev inside-test
t_setup "address $ADDR_A2 on inside-test" ip -n "$A" addr add "$ADDR_A2" dev inside-test
t_setup "address $ADDR_B on outside-test" ip -n "$B" addr add "$ADDR_B" dev outside-test
t_setup "inside-test up" ip -n "$A" link set inside-test up
t_setup "outside-test up" ip -n "$B" link set outside-test up
ok "set up: veth inside-test ($A, $ADDR_A $ADDR_A2) - outside-test ($B, $ADDR_B), up"

# the pair between the host and A, both ends down
t_add_link "$HOSTIF"
t_setup "veth $HOSTIF (host) - $NSIF ($A)" \
	ip link add "$HOSTIF" type veth peer name "$NSIF" netns "$A"
ok "set up: veth $HOSTIF (host) - $NSIF ($A), down"

up_both() {
	[ "$(ip -n "$A" -j link show inside-test | jq -r '.[0].operstate')" = UP ] &&
	[ "$(ip -n "$B" -j link show outside-test | jq -r '.[0].operstate')" = UP ]
}
t_wait 50 up_both || diag "inside-test and outside-test are not both UP yet"

if detail; then
	is "$(nsi_ifaces "$INO_A")" "$(ip_ifaces "$A")" \
		"--detail: interfaces of $A (name, ifindex, kind, operstate, mac, addresses) as ip -j link/addr"
	is "$(nsi_ifaces "$INO_B")" "$(ip_ifaces "$B")" \
		"--detail: interfaces of $B as ip -j link/addr"
	is "$(nsi_ifaces "$HOST_NET" "$HOSTIF")" "$(ip_ifaces "" | ip_only "$HOSTIF")" \
		"--detail: $HOSTIF in the host's namespace as ip -j link/addr"
	is "$(nsi_if "$INO_A" inside-test | jq -c '[.kind, .operstate, .addresses, .master]' 2>&1)" \
		"[\"veth\",\"UP\",[\"$ADDR_A\",\"$ADDR_A2\"],null]" \
		"--detail: inside-test is veth, UP, $ADDR_A and $ADDR_A2, no master"

	pa=$(nsi_if "$INO_A" inside-test)
	if echo "$pa" | jq -e --argjson b "$INO_B" \
		'.peer.name == "outside-test" and .peer.ns == $b and .peer.container == null' >/dev/null 2>&1; then
		ok "--detail: inside-test's peer is outside-test in $B ($INO_B)"
	else
		not_ok "--detail: inside-test's peer is outside-test in $B ($INO_B)" "inside-test: $pa"
	fi
	pb=$(nsi_if "$INO_B" outside-test)
	if echo "$pb" | jq -e --argjson a "$INO_A" \
		'.peer.name == "inside-test" and .peer.ns == $a' >/dev/null 2>&1; then
		ok "--detail: outside-test's peer is inside-test in $A ($INO_A)"
	else
		not_ok "--detail: outside-test's peer is inside-test in $A ($INO_A)" "outside-test: $pb"
	fi
	ph=$(nsi_if "$HOST_NET" "$HOSTIF")
	if echo "$ph" | jq -e --argjson a "$INO_A" --arg c "$NSIF" \
		'.peer.name == $c and .peer.ns == $a' >/dev/null 2>&1; then
		ok "--detail: host $HOSTIF's peer is $NSIF in $A ($INO_A)"
	else
		not_ok "--detail: host $HOSTIF's peer is $NSIF in $A ($INO_A)" "$HOSTIF: $ph"
	fi
	pc=$(nsi_if "$INO_A" "$NSIF")
	if echo "$pc" | jq -e --argjson h "$HOST_NET" --arg c "$HOSTIF" \
		'.peer.name == $c and .peer.ns == $h' >/dev/null 2>&1; then
		ok "--detail: $NSIF's peer is $HOSTIF in the host's namespace ($HOST_NET)"
	else
		not_ok "--detail: $NSIF's peer is $HOSTIF in the host's namespace ($HOST_NET)" "$NSIF: $pc"
	fi
	is "$(jq -c --argjson a "$INO_A" --argjson b "$INO_B" \
		'[.namespaces[] | select(.ns == $a or .ns == $b) | .firewall_rules]' "$T_TMP/detail.json" 2>&1)" \
		"[$(t_nft_rules_ns "$A"),$(t_nft_rules_ns "$B")]" \
		"--detail: firewall_rules of $A and $B are their nft rule counts (0)"
fi

# The RULES column agrees with --detail's firewall_rules.
if nsi_ok "--ns net -o NS,RULES -J" --ns net -o NS,RULES -J; then
	is "$(jq -c --argjson a "$INO_A" --argjson b "$INO_B" \
		'[.namespaces[] | select(.ns == $a or .ns == $b) | .rules]' "$T_TMP/out" 2>&1)" "[0,0]" \
		"RULES of $A and $B is 0"
fi
# The host's count against nft.
t_nft_host_match "RULES of the host's namespace is its nft rule count" \
	'[.namespaces[] | select(.ns == $h) | .rules][0]' --ns net -o NS,RULES -J

# The table: a tree, one line per namespace, its interfaces below it.
if nsi_ok "--ns net --detail (table)" --ns net --detail; then
	cp "$T_TMP/out" "$T_TMP/detail.txt"
	inos=$(jq -r '.namespaces[].ns // empty' "$T_TMP/detail.json" | tr '\n' ' ')
	# under IFNAME - the namespace inode on the nearest line above the
	# line whose first field (tree characters removed) is IFNAME.
	under() {
		awk -v ifn="$1" -v inos="$inos" '
			BEGIN { n = split(inos, a, " "); for (i = 1; i <= n; i++) ns[a[i]] = 1 }
			{
				for (i = 1; i <= NF; i++) if ($i in ns) { last = $i; next }
				f = $1
				sub(/^[^A-Za-z0-9]+/, "", f)
				if (f == ifn) { print last; exit }
			}' "$T_TMP/detail.txt"
	}
	is "$(under inside-test)" "$INO_A" "--detail table: an inside-test line under the line of $A ($INO_A)"
	is "$(under outside-test)" "$INO_B" "--detail table: an outside-test line under the line of $B ($INO_B)"
	is "$(under "$HOSTIF")" "$HOST_NET" "--detail table: a $HOSTIF line under the host's namespace"
	# block INO - the first fields (tree characters removed) of the lines
	# after the line of namespace INO, up to the next namespace's line:
	# one line per interface, and the continuation lines of cells with
	# several values (ADDRESSES has one per line).
	block() {
		awk -v ino="$1" -v inos="$inos" '
			BEGIN { n = split(inos, a, " "); for (i = 1; i <= n; i++) ns[a[i]] = 1 }
			{
				isns = 0
				for (i = 1; i <= NF; i++) if ($i in ns) isns = 1
				if (isns && in_block) exit
				if (isns) { for (i = 1; i <= NF; i++) if ($i == ino) in_block = 1; next }
				if (!in_block) next
				f = $1
				sub(/^[^A-Za-z0-9]+/, "", f)
				print f
			}' "$T_TMP/detail.txt"
	}
	names=$(jq -r --argjson ino "$INO_A" '.namespaces[] | select(.ns == $ino) | .interfaces[].name' \
		"$T_TMP/detail.json" | sort)
	is "$(block "$INO_A" | grep -Fx "$names" | sort)" "$names" \
		"--detail table: one line per interface under $A ($(echo "$names" | wc -l))"
	a1=$(grep -n -F "${ADDR_A%/*}/" "$T_TMP/detail.txt" | cut -d: -f1)
	a2=$(grep -n -F "${ADDR_A2%/*}/" "$T_TMP/detail.txt" | cut -d: -f1)
	if [ -n "$a1" ] && [ -n "$a2" ] && [ "$a1" != "$a2" ]; then
		ok "--detail table: inside-test's two addresses on two lines of its cell"
	else
		not_ok "--detail table: inside-test's two addresses on two lines of its cell" \
			"lines: '$a1' and '$a2'"
		diag_file "$T_TMP/detail.txt" "table"
	fi
	is "$(grep -E "[[:space:]]${INO_A}[[:space:]]" "$T_TMP/detail.txt" | awk '{print $1}')" "$A" \
		"--detail table: NAME of $A's namespace line is its ip netns name"
	# own_lines - the lines of this test's two namespaces and their
	# interfaces (other namespaces of a busy machine may have names
	# with newlines, shown escaped)
	own_lines() {
		awk -v inos="$inos" -v own="$INO_A $INO_B" '
			BEGIN { n = split(inos, a, " "); for (i = 1; i <= n; i++) ns[a[i]] = 1
				n = split(own, b, " "); for (i = 1; i <= n; i++) mine[b[i]] = 1 }
			{
				for (i = 1; i <= NF; i++) if ($i in ns) { keep = ($i in mine); break }
				if (keep) print
			}' "$T_TMP/detail.txt"
	}
	if own_lines | grep -q 'x0a'; then
		not_ok "--detail table: no \\x0a escapes in cells (not -r)" \
			"$(own_lines | grep 'x0a' | head -n 3)"
	else
		ok "--detail table: no \\x0a escapes in cells (not -r)"
	fi
fi

# After the pair is gone, A is back to lo and its host-pair end.
t_setup "ip -n $A link del inside-test" ip -n "$A" link del inside-test
if detail; then
	is "$(nsi_ifaces "$INO_B")" "$(ip_ifaces "$B")" \
		"--detail: after ip link del, $B has what ip shows (outside-test gone with its peer)"
fi

t_finish
