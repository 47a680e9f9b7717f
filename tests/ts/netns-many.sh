#!/bin/sh
# shellcheck shell=sh disable=SC2016,SC2317
# netns-many.sh - network namespaces by the hundred, as "ip netns add"
# makes them on an OpenStack network node: what nsinspect --ns net costs
# per namespace, and that the netnsids it asks in batches are right.
#   - 200 namespaces with no netnsid assigned: nsinspect --ns net makes
#     at most 6 system calls per namespace more than with none (strace -c
#     -f; the issue's target) and opens none of their mount points;
#   - 130 of them given a netnsid by a veth peer (more than the 64 asked
#     in one exchange): NETNSID of each is what "ip netns list" says;
# Everything runs in private mount, network and PID namespaces (unshare
# -m -n -p --mount-proc, /run/netns a tmpfs of its own): nsinspect sees
# only what the test made, however busy the machine is.
. "$(dirname "$0")/lib.sh"

require_root
require_cmd unshare ip jq strace awk timeout
require_nsinspect

export T_TMP
cat >"$T_TMP/inner.sh" <<'EOF'
set -u
mount --make-rprivate / || exit 3
mkdir -p /run/netns && mount -t tmpfs nsi-many /run/netns || exit 3
ip link set lo up || exit 3
# calls FILE: the total of strace -c -f of nsinspect --ns net
calls() {
	strace -c -f -o "$T_TMP/strace.$1" "$NSINSPECT" --ns net \
		>"$T_TMP/out.$1" 2>"$T_TMP/err.$1" || echo "rc $?" >>"$T_TMP/err.$1"
	awk '/ total$/ {print $4}' "$T_TMP/strace.$1"
}
calls none >"$T_TMP/calls.none"
i=0
while [ $i -lt 200 ]; do
	i=$((i + 1))
	echo "netns add many-$i"
done | ip -batch - || exit 3
calls many >"$T_TMP/calls.many"
strace -f -e trace=openat,open,statx,newfstatat -o "$T_TMP/opens" \
	"$NSINSPECT" --ns net >/dev/null 2>&1
# a veth peer in 130 of them: each gets a netnsid in ours
i=0
while [ $i -lt 130 ]; do
	i=$((i + 1))
	echo "link add v$i type veth peer name p$i netns many-$i"
done | ip -batch - || exit 3
ip netns list >"$T_TMP/ip-list"
"$NSINSPECT" --ns net -J >"$T_TMP/ids.json" 2>"$T_TMP/ids.err"
exit 0
EOF

export NSINSPECT
if ! timeout 300 unshare -m -n -p --fork --mount-proc sh "$T_TMP/inner.sh"; then
	not_ok "set up: 200 'ip netns add' namespaces in private namespaces"
	t_finish
fi

none=$(cat "$T_TMP/calls.none")
many=$(cat "$T_TMP/calls.many")
if [ -n "$none" ] && [ -n "$many" ] &&
   [ $(((many - none) * 100 / 200)) -le 600 ]; then
	ok "200 namespaces without netnsid: $(awk -v d=$((many - none)) 'BEGIN {printf "%.2f", d / 200}') system calls each (at most 6)"
else
	not_ok "200 namespaces without netnsid: at most 6 system calls each" \
		"strace -c totals: ${none:-none} with none, ${many:-none} with 200"
fi
if [ "$(grep -c 'many-' "$T_TMP/out.many")" = 200 ]; then
	ok "... all 200 listed, by their nsfs paths"
else
	not_ok "... all 200 listed, by their nsfs paths" \
		"$(grep -c 'many-' "$T_TMP/out.many") rows name one"
	diag_file "$T_TMP/err.many" "stderr"
fi
is "$(grep -c '/run/netns/many-' "$T_TMP/opens")" 0 \
	"... no mount point of theirs is opened or looked at when no netnsid is assigned"

# ip netns list: "many-7 (id: 3)"
awk '$2 == "(id:" {sub(/\)/, "", $3); print $1, $3}' "$T_TMP/ip-list" |
	sort >"$T_TMP/want"
jq -r '.namespaces[] | select(.netnsid != null) | .nsfs[] as $p |
	"\($p | sub("^/run/netns/"; "")) \(.netnsid)"' "$T_TMP/ids.json" 2>&1 |
	sort >"$T_TMP/got"
if [ "$(wc -l <"$T_TMP/want")" = 130 ] && cmp -s "$T_TMP/want" "$T_TMP/got"; then
	ok "130 namespaces with a netnsid (asked 64 at a time): NETNSID as ip netns list says"
else
	not_ok "130 namespaces with a netnsid (asked 64 at a time): NETNSID as ip netns list says" \
		"ip netns list has $(wc -l <"$T_TMP/want") with an id; differences:"
	diff "$T_TMP/want" "$T_TMP/got" | head -n 10 | sed 's/^/#   /'
fi
is "$(t_unexpected_err "$T_TMP/ids.err")" "" "... nothing unexpected on stderr"

t_finish
