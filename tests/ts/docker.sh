#!/bin/sh
# shellcheck shell=sh disable=SC2016,SC2317,SC2154
# docker.sh - Docker containers as a lecture on namespaces shows them: the
# default bridge with a published port, a user-defined network,
# --network none and host, --cap-add SYS_ADMIN, --cap-drop ALL,
# --privileged and --hostname; nsinspect's CONTAINER and HOSTNAME columns,
# --container, --ns net --detail and --graph, and --audit, checked against
# docker inspect, ip -j link/addr (inside the containers with nsenter),
# nft -j list ruleset, capsh --decode and /proc.
#
# Needs scripts/docker-testbed (docker.io, a running dockerd and the local
# image nsinspect-test/busybox); without them the test FAILS.  No traffic
# is sent: the published port is only listened on.
. "$(dirname "$0")/lib.sh"

require_root
require_cmd jq ip nsenter stat awk sort capsh python3 jsonschema
require_cmd_pkg coreutils comm readlink
require_cmd_pkg graphviz dot
require_cmd_pkg nftables nft
require_cmd_pkg iproute2 ss
require_nsinspect
require_docker

P=nsi-$$
NET=$P-net
HOST_NET=$(t_ns_ino 2 net)	# kthreadd's: PID 1's links may be unreadable

# Docker's default capabilities (oci.DefaultCapabilities of moby 20.10),
# and those nsinspect calls escape-prone (CAPDANGER), sorted.
DEFAULT_CAPS=$(printf 'cap_%s\n' chown dac_override fsetid fowner mknod \
	net_raw setgid setuid setfcap setpcap net_bind_service sys_chroot kill \
	audit_write | sort)
DANGER_CAPS=$(printf 'cap_%s\n' sys_admin sys_module sys_rawio sys_ptrace \
	sys_boot syslog dac_read_search net_admin bpf | sort)
# Every capability of the running kernel (bits 0..cap_last_cap).
LAST_CAP=$(cat /proc/sys/kernel/cap_last_cap)
ALL_CAPS=$(t_cap_names "$(printf '%x' $(((1 << (LAST_CAP + 1)) - 1)))")

# oneline - the lines of stdin joined by spaces.
oneline() {
	tr '\n' ' ' | sed 's/ *$//'
}

# lines_json - the lines of stdin as a JSON array of strings.
lines_json() {
	jq -R . | jq -sc .
}

# ------------------------------------------------------------ set up

# A free high port to publish (only listened on by docker-proxy).
PORT=18080
while [ -n "$(ss -Htln "sport = :$PORT" 2>/dev/null)" ] && [ "$PORT" -lt 18180 ]; do
	PORT=$((PORT + 1))
done

# start KEY NAME DOCKER-RUN-OPTIONS... - t_docker_start (lib.sh).
start() {
	t_docker_start "$@"
}

t_add_docker_net "$NET"
if ! docker network create "$NET" >"$T_TMP/net.out" 2>&1; then
	not_ok "set up: docker network create $NET"
	diag_file "$T_TMP/net.out" "docker"
	t_finish
fi

setup_ok=1
for spec in "br $P-bridge -p $PORT:8000" "usr $P-usernet --network $NET" \
	"none $P-none --network none" "host $P-host --network host" \
	"adm $P-sysadmin --cap-add SYS_ADMIN" "drop $P-capdrop --cap-drop ALL" \
	"hn $P-hostname --hostname nsi-host-$$"; do
	# shellcheck disable=SC2086
	if ! start $spec; then
		setup_ok=0
		not_ok "set up: docker run -d --name ${spec#* } $T_IMAGE sleep 600"
		diag_file "$T_TMP/run.err" "docker"
	fi
done
[ "$setup_ok" -eq 1 ] || t_finish
ok "set up: 7 containers $P-* (bridge with port $PORT, $NET, none, host, SYS_ADMIN, cap-drop ALL, hostname)"

# --privileged: Docker gives such a container every capability of the
# kernel; runc cannot when this machine's own bounding set lacks some (a
# sandbox), and then the capability logic is checked on a container with
# --cap-add ALL less those capabilities instead.
PRIV=priv
t_cap_names "$(t_status $$ CapBnd)" >"$T_TMP/ourbnd"
NOT_OURS=$(printf '%s\n' "$ALL_CAPS" | comm -23 - "$T_TMP/ourbnd")
if start priv "$P-privileged" --privileged; then
	ok "set up: docker run --privileged ($P-privileged, pid $PID_priv)"
elif [ -n "$NOT_OURS" ] && grep -q 'apply caps' "$T_TMP/run.err"; then
	skip "--privileged: runc cannot give all kernel capabilities here: this" \
		"machine's bounding set lacks $(echo "$NOT_OURS" | oneline) (docker: $(grep -o 'unable to apply caps[^:]*' "$T_TMP/run.err" | head -n 1))"
	drops=""
	for c in $NOT_OURS; do
		drops="$drops --cap-drop $(echo "${c#cap_}" | tr '[:lower:]' '[:upper:]')"
	done
	# shellcheck disable=SC2086
	if start priv "$P-allcaps" --cap-add ALL $drops; then
		ok "set up instead: docker run --cap-add ALL$drops ($P-allcaps, pid $PID_priv)"
	else
		PRIV=""
		not_ok "set up: docker run --cap-add ALL$drops"
		diag_file "$T_TMP/run.err" "docker"
	fi
else
	PRIV=""
	not_ok "set up: docker run --privileged"
	diag_file "$T_TMP/run.err" "docker"
fi

# Containers with a network namespace of their own.
OWN_NET="br usr none adm drop hn $PRIV"
ALL_KEYS="$OWN_NET host"

for k in $ALL_KEYS; do
	eval "pid=\$PID_$k"
	eval "INO_$k=\$(t_ns_ino \"\$pid\" net)"
done

# exp_container KEY - the CONTAINER object docker inspect implies.
exp_container() {
	jq -c '.[0] | {runtime: "docker", id: .Id, name: (.Name | ltrimstr("/")),
		image: .Config.Image, network_mode: .HostConfig.NetworkMode, pod: null,
		pod_name: null, pod_namespace: null, sandbox: false,
		names: [.Name | ltrimstr("/")], owner_uid: null}' \
		"$T_TMP/$1.json"
}

is "$INO_host" "$HOST_NET" "oracle sanity: the --network host container is in the host's net namespace"

# ------------------------------------------------ --ns net: CONTAINER

if nsi_ok "--ns net -J" --ns net -J; then
	cp "$T_TMP/out" "$T_TMP/net.json"
	for k in $OWN_NET; do
		eval "name=\$C_$k ino=\$INO_$k"
		sbx=$(jq -r '.[0].NetworkSettings.SandboxKey' "$T_TMP/$k.json")
		sbx_real=$(readlink -f "$sbx")
		exp=$(exp_container "$k")
		row=$(jq -c --argjson ino "$ino" '[.namespaces[] | select(.ns == $ino)]' "$T_TMP/net.json")
		if echo "$row" | jq -e --argjson c "$exp" --arg s "$sbx_real" '
			length == 1 and .[0].container == $c and
			((.[0].nsfs // []) | index([$s]) != null)' >/dev/null 2>&1; then
			ok "--ns net -J: net ns $ino of $name: container object and nsfs $sbx_real"
		else
			not_ok "--ns net -J: net ns $ino of $name: container object and nsfs $sbx_real" \
				"expected container: $exp" "SandboxKey $sbx -> $sbx_real" "rows: $row"
		fi
	done
	hrow=$(jq -c --argjson ino "$HOST_NET" '[.namespaces[] | select(.ns == $ino)]' "$T_TMP/net.json")
	if echo "$hrow" | jq -e 'length == 1 and (.[0] | has("container")) and .[0].container == null' >/dev/null 2>&1; then
		ok "--ns net -J: the host's net ns (where $C_host runs) has container null"
	else
		not_ok "--ns net -J: the host's net ns (where $C_host runs) has container null" "rows: $hrow"
	fi
	t_schema_ok "--ns net -J with containers is valid against the schema" "$T_TMP/net.json"
fi

if nsi_ok "--ns net (table)" --ns net; then
	h=$(head -n 1 "$T_TMP/out" | awk '{$1 = $1; print}')
	case " $h " in
	*" CONTAINER COMMAND "*) ok "--ns net table: CONTAINER column before COMMAND ($h)" ;;
	*) not_ok "--ns net table: CONTAINER column before COMMAND" "header: $h" ;;
	esac
	short=$(printf '%.12s' "$ID_br")
	line=$(grep -E "^ *$INO_br " "$T_TMP/out")
	case "$line" in
	*"$C_br (docker $short)"*) ok "--ns net table: the row of $C_br shows '$C_br (docker $short)'" ;;
	*) not_ok "--ns net table: the row of $C_br shows '$C_br (docker $short)'" "row: $line"
	   diag_file "$T_TMP/out" "output" ;;
	esac
fi

if nsi_ok "-J (default columns)" -J; then
	if t_jq "$T_TMP/out" '(.namespaces[0] | keys_unsorted | index(["container"]) != null) and
		(.namespaces[0] | keys_unsorted | (index(["container"]) + 1) == index(["containers"])) and
		(.namespaces[0] | keys_unsorted | (index(["container"]) + 2) == index(["command"]))'; then
		ok "default columns add CONTAINER (keys container, containers) before COMMAND when a row has a container"
	else
		not_ok "default columns add CONTAINER (keys container, containers) before COMMAND when a row has a container" \
			"keys: $(jq -c '.namespaces[0] | keys_unsorted' "$T_TMP/out")"
	fi
fi

# ------------------------------------------------------- --container

# ns_set FILE - "TYPE INODE" of the rows of a namespace-view JSON, sorted.
ns_set() {
	jq -r '.namespaces[] | "\(.type) \(.ns)"' "$1" | sort
}

for k in br host; do
	eval "name=\$C_$k pid=\$PID_$k id=\$ID_$k"
	want=$(t_ns_types "$pid")
	short=$(printf '%.12s' "$id")
	for sel in "$name" "$id" "$short"; do
		if nsi_ok "--container $sel -J" --container "$sel" -J; then
			got=$(ns_set "$T_TMP/out")
			if [ "$got" = "$want" ] &&
			   t_jq "$T_TMP/out" 'all(.namespaces[]; .nprocs >= 1)'; then
				ok "--container $sel -J: exactly the $(echo "$want" | wc -l) namespaces of $name's pid $pid, nprocs >= 1"
			else
				not_ok "--container $sel -J: exactly the namespaces of $name's pid $pid, nprocs >= 1" \
					"expected: $(echo "$want" | oneline)" "actual:   $(echo "$got" | oneline)" \
					"nprocs: $(jq -c '[.namespaces[].nprocs]' "$T_TMP/out")"
			fi
		fi
	done
done

nsi --container "$P-nosuch" -J
nerr=$(t_unexpected_err "$T_TMP/err" | grep -c .)
if [ "$T_RC" -eq 1 ] && [ "$nerr" -eq 1 ] && [ ! -s "$T_TMP/out" ]; then
	ok "--container $P-nosuch: exit 1, one line on stderr ($(t_unexpected_err "$T_TMP/err"))"
else
	not_ok "--container $P-nosuch: exit 1, one line on stderr, nothing on stdout" \
		"exit $T_RC, $nerr stderr line(s), stdout $(wc -c <"$T_TMP/out") bytes"
	diag_file "$T_TMP/err" "stderr"
fi

# The processes of a container, from /proc/PID/cgroup (the oracle).
cgroup_pids() {
	grep -l "$1" /proc/[0-9]*/cgroup 2>/dev/null | awk -F/ '{print $3}' | sort -n
}
if nsi_ok "--caps --container $C_br -J" --caps --container "$C_br" -J -o PID,CONTAINER; then
	got=$(jq -r '.processes[].pid' "$T_TMP/out" | sort -n)
	is "$(echo "$got" | oneline)" "$(cgroup_pids "$ID_br" | oneline)" \
		"--caps --container $C_br: the processes whose cgroup names the container"
	if t_jq "$T_TMP/out" --argjson c "$(exp_container br)" 'all(.processes[]; .container == $c)'; then
		ok "--caps --container $C_br: CONTAINER of each is the container object"
	else
		not_ok "--caps --container $C_br: CONTAINER of each is the container object" \
			"expected: $(exp_container br)" "got: $(jq -c '[.processes[].container]' "$T_TMP/out")"
	fi
fi

# -------------------------------------------------- --ns net --detail

# ip_ifaces PID - the interfaces of PID's net ns as ip -j link/addr show
# them, in nsinspect's shape (addresses sorted), sorted by name.
ip_ifaces() {
	nsenter -t "$1" -n ip -j -d link >"$T_TMP/iplink.json" 2>/dev/null &&
	nsenter -t "$1" -n ip -j addr >"$T_TMP/ipaddr.json" 2>/dev/null &&
	t_ip_ifaces_shape
}
# nsi_ifaces INO - the same from the --detail JSON in $T_TMP/detail.json.
nsi_ifaces() {
	jq -c --argjson ino "$1" '[.namespaces[] | select(.ns == $ino)] |
		if length == 1 then [.[0].interfaces[] | {name, ifindex, kind, operstate,
			mac, addresses: ((.addresses // []) | sort)}] | sort_by(.name)
		else "\(length) rows" end' "$T_TMP/detail.json" 2>&1
}
# nsi_if INO NAME - the interface NAME of namespace INO, compact JSON.
nsi_if() {
	jq -c --argjson ino "$1" --arg n "$2" \
		'[.namespaces[] | select(.ns == $ino) | .interfaces[] | select(.name == $n)] |
		if length == 1 then .[0] else . end' "$T_TMP/detail.json" 2>&1
}
# fw INO - firewall_rules and firewall of namespace INO.
fw() {
	jq -c --argjson ino "$1" '[.namespaces[] | select(.ns == $ino) | [.firewall_rules, .firewall]][0]' \
		"$T_TMP/detail.json" 2>&1
}

if nsi_ok "--ns net --detail -J" --ns net --detail -J; then
	cp "$T_TMP/out" "$T_TMP/detail.json"
	t_schema_ok "--ns net --detail -J is valid against the schema" "$T_TMP/detail.json"
	ip -j -d link >"$T_TMP/hostlink.json"
	for k in br usr none; do
		eval "name=\$C_$k pid=\$PID_$k ino=\$INO_$k"
		is "$(nsi_ifaces "$ino")" "$(ip_ifaces "$pid")" \
			"--detail: interfaces of $name (name, ifindex, kind, operstate, mac, addresses) as ip -j link/addr"
	done
	is "$(jq -c --argjson ino "$INO_none" '[.namespaces[] | select(.ns == $ino) | .interfaces[].name]' \
		"$T_TMP/detail.json")" '["lo"]' "--detail: $C_none has only lo"

	for k in br usr; do
		eval "name=\$C_$k pid=\$PID_$k ino=\$INO_$k"
		if [ "$k" = br ]; then
			bridge=docker0
		else
			bridge=br-$(docker network inspect -f '{{.Id}}' "$NET" | cut -c1-12)
		fi
		nsenter -t "$pid" -n ip -j link show eth0 >"$T_TMP/eth0.json" 2>/dev/null
		iflink=$(jq -r '.[0].link_index // empty' "$T_TMP/eth0.json")
		veth=$(jq -r --argjson i "${iflink:-0}" '.[] | select(.ifindex == $i) | .ifname' \
			"$T_TMP/hostlink.json")
		inbr=$(ip -j link show master "$bridge" 2>/dev/null |
			jq -r --arg v "$veth" 'any(.[]; .ifname == $v)')
		if [ -z "$veth" ] || [ "$inbr" != true ]; then
			not_ok "oracle: the host veth of $name's eth0 (iflink $iflink) is in $bridge" \
				"veth '$veth', in $bridge: $inbr"
			continue
		fi
		pr=$(nsi_if "$ino" eth0)
		if echo "$pr" | jq -e --arg v "$veth" --argjson h "$HOST_NET" \
			'.peer.name == $v and .peer.ns == $h and .peer.container == null' >/dev/null 2>&1; then
			ok "--detail: $name's eth0 peer is $veth in the host's net ns $HOST_NET"
		else
			not_ok "--detail: $name's eth0 peer is $veth in the host's net ns $HOST_NET" "eth0: $pr"
		fi
		hv=$(nsi_if "$HOST_NET" "$veth")
		if echo "$hv" | jq -e --arg b "$bridge" --argjson ino "$ino" --arg n "$name" \
			'.master == $b and .kind == "veth" and .peer.name == "eth0" and
			.peer.ns == $ino and .peer.container.name == $n' >/dev/null 2>&1; then
			ok "--detail: host $veth: master $bridge, peer eth0 in $name's ns $ino"
		else
			not_ok "--detail: host $veth: master $bridge, peer eth0 in $name's ns $ino" "$veth: $hv"
		fi
	done

	# Firewall: the host's rules (Docker's, through iptables-nft) and
	# those Docker puts in a user-defined network's containers (embedded
	# DNS), compared with nft -j list ruleset in each namespace.
	hfw=$(fw "$HOST_NET")
	if echo "$hfw" | jq -e '(.[0] | type == "number" and . >= 1 and . == floor)' >/dev/null 2>&1; then
		ok "--detail: firewall_rules of the host's net ns is an integer >= 1 ($hfw)"
	else
		not_ok "--detail: firewall_rules of the host's net ns is an integer >= 1" "[rules, firewall]: $hfw"
	fi
	case "$(iptables -V 2>/dev/null)" in
	*nf_tables*)
		is "$(echo "$hfw" | jq -r '.[1]' 2>/dev/null)" nftables \
			"--detail: firewall of the host's net ns is nftables (iptables is $(iptables -V))" ;;
	esac
	for k in br usr none; do
		eval "name=\$C_$k pid=\$PID_$k ino=\$INO_$k"
		is "$(fw "$ino" | jq -c '.[0]' 2>&1)" "$(t_nft_rules "$pid")" \
			"--detail: firewall_rules of $name's net ns = its nft rules"
	done
	is "$(fw "$INO_none" | jq -c '.[0]' 2>&1)" 0 "--detail: $C_none's net ns has firewall_rules 0"
fi

# The host's rule count against nft (Docker changes rules only when a
# container starts or stops).
t_nft_host_match "--detail: firewall_rules of the host's net ns = nft -j list ruleset's rules" \
	'[.namespaces[] | select(.ns == $h) | .firewall_rules][0]' --ns net --detail -J

if nsi_ok "--ns net --detail (table)" --ns net --detail; then
	eth=$(grep -c 'eth0' "$T_TMP/out")
	if grep -q "$C_br" "$T_TMP/out" && [ "$eth" -ge 2 ] &&
	   grep -q 'docker0' "$T_TMP/out"; then
		ok "--ns net --detail table: lines for $C_br's namespace, eth0 and docker0"
	else
		not_ok "--ns net --detail table: lines for $C_br's namespace, eth0 and docker0"
		diag_file "$T_TMP/out" "output"
	fi
fi

# ------------------------------------------------------------- --graph

if nsi_ok "--ns net --graph" --ns net --graph; then
	cp "$T_TMP/out" "$T_TMP/graph.dot"
	check "--graph output is valid Graphviz (dot -Tsvg)" \
		sh -c 'dot -Tsvg "$1" >/dev/null' sh "$T_TMP/graph.dot"
	veth=$(ip -j link show master docker0 | jq -r '.[].ifname' | while read -r v; do
		l=$(ip -j link show "$v" | jq -r '.[0].link_index')
		n=$(nsenter -t "$PID_br" -n ip -j link show eth0 2>/dev/null | jq -r '.[0].ifindex')
		[ "$l" = "$n" ] && echo "$v"
	done | head -n 1)
	miss=""
	for w in "$C_br" "$veth" docker0; do
		grep -qF -- "$w" "$T_TMP/graph.dot" || miss="$miss $w"
	done
	if [ -n "$veth" ] && [ -z "$miss" ]; then
		ok "--graph mentions $C_br, its host veth $veth and docker0"
	else
		not_ok "--graph mentions $C_br, its host veth ($veth) and docker0" "missing:$miss"
		diag_file "$T_TMP/graph.dot" "graph"
	fi
fi

# ------------------------------------------------------------- --audit

# caps_from_bnd PID - {"added","dropped","dangerous"} from the bounding set
# of PID (capsh --decode of CapBnd) against Docker's default set.
caps_from_bnd() {
	t_cap_names "$(t_status "$1" CapBnd)" >"$T_TMP/bnd"
	printf '%s\n' "$DEFAULT_CAPS" >"$T_TMP/dflt"
	printf '%s\n' "$DANGER_CAPS" >"$T_TMP/dngr"
	a=$(comm -13 "$T_TMP/dflt" "$T_TMP/bnd" | grep . | lines_json)
	d=$(comm -23 "$T_TMP/dflt" "$T_TMP/bnd" | grep . | lines_json)
	x=$(comm -12 "$T_TMP/dngr" "$T_TMP/bnd" | grep . | lines_json)
	echo "{\"added\":$a,\"dropped\":$d,\"dangerous\":$x}"
}
# caps_from_inspect KEY - {"added","dropped"} that HostConfig.CapAdd,
# CapDrop and Privileged of docker inspect imply (moby's
# TweakCapabilities).  For --privileged and --cap-add ALL, Docker grants
# the capabilities it knows of: Docker 20.10 does not know the newest
# (cap_perfmon, cap_bpf, cap_checkpoint_restore), so "added" is then the
# kernel's whole set and the bounding set must be a subset of it: the
# field "all" is true.
caps_from_inspect() {
	jq -c --argjson dflt "$(printf '%s\n' "$DEFAULT_CAPS" | lines_json)" \
		--argjson all "$(printf '%s\n' "$ALL_CAPS" | lines_json)" '
		def norm: map(ascii_downcase | if startswith("cap_") then . else "cap_" + . end);
		.[0].HostConfig as $h
		| (($h.CapAdd // []) | norm) as $add
		| (($h.CapDrop // []) | norm) as $drop
		| ($h.Privileged or ($add | index(["cap_all"]) != null)) as $every
		| (if $h.Privileged then $all
		   elif $every then $all - $drop
		   else (if ($drop | index(["cap_all"])) then [] else $dflt - $drop end) + $add
		   end) as $caps
		| {added: ($caps - $dflt | unique), dropped: ($dflt - $caps | unique), all: $every}' "$T_TMP/$1.json"
}
# inspect_agrees KEY BND - whether caps_from_inspect KEY agrees with the
# capabilities object BND (from the bounding set).
inspect_agrees() {
	caps_from_inspect "$1" | jq -e --argjson b "$2" '
		if .all then .dropped == $b.dropped and ($b.added - .added) == []
		else .added == $b.added and .dropped == $b.dropped end' >/dev/null 2>&1
}
# sorted capabilities object of the audit JSON in FILE
audit_caps() {
	jq -c '.audit[0].capabilities | {added: (.added | sort), dropped: (.dropped | sort),
		dangerous: (.dangerous | sort)}' "$1" 2>&1
}
seccomp_name() {
	case "$1" in 0) echo disabled ;; 1) echo strict ;; 2) echo filter ;; *) echo "?$1" ;; esac
}
# ns_shared PID - "TYPE INODE true|false" for each namespace of PID:
# shared with the host when the inode is kthreadd's.
ns_shared() {
	t_ns_types "$1" | while read -r t i; do
		if [ "$i" = "$(t_ns_ino 2 "$t")" ]; then echo "$t $i true"; else echo "$t $i false"; fi
	done
}

for k in br adm drop $PRIV host; do
	eval "name=\$C_$k pid=\$PID_$k"
	bnd=$(caps_from_bnd "$pid")
	if inspect_agrees "$k" "$bnd"; then
		ok "oracle: docker inspect's CapAdd/CapDrop/Privileged of $name agree with its CapBnd"
	else
		not_ok "oracle: docker inspect's CapAdd/CapDrop/Privileged of $name agree with its CapBnd" \
			"from docker inspect: $(caps_from_inspect "$k")" "from CapBnd: $bnd"
	fi
	if ! nsi_ok "--container $name --audit -J" --container "$name" --audit -J; then
		continue
	fi
	cp "$T_TMP/out" "$T_TMP/audit-$k.json"
	if t_jq "$T_TMP/out" --argjson pid "$pid" --argjson c "$(exp_container "$k")" \
		'(.audit | length) == 1 and .audit[0].pid == $pid and .audit[0].container == $c and
		(.audit[0].command | type) == "string"'; then
		ok "--audit $name: one process, pid $pid, its container"
	else
		not_ok "--audit $name: one process, pid $pid, its container" \
			"$(jq -c '.audit | map({pid, command, container})' "$T_TMP/out" 2>&1)"
	fi
	is "$(audit_caps "$T_TMP/out")" "$bnd" \
		"--audit $name: capabilities added/dropped/dangerous vs Docker's default (CapBnd $(t_status "$pid" CapBnd))"
	is "$(jq -r '.audit[0].namespaces[] | "\(.type) \(.ns) \(.shared_with_host)"' "$T_TMP/out" 2>&1 | sort)" \
		"$(ns_shared "$pid")" "--audit $name: namespaces and shared_with_host (vs kthreadd's)"
	nnp=false
	[ "$(t_status "$pid" NoNewPrivs)" = 1 ] && nnp=true
	is "$(jq -c '[.audit[0].no_new_privs, .audit[0].seccomp]' "$T_TMP/out" 2>&1)" \
		"[$nnp,\"$(seccomp_name "$(t_status "$pid" Seccomp)")\"]" \
		"--audit $name: no_new_privs and seccomp as /proc/$pid/status"
done
if [ -f "$T_TMP/audit-br.json" ]; then
	is "$(audit_caps "$T_TMP/audit-br.json")" '{"added":[],"dropped":[],"dangerous":[]}' \
		"--audit $C_br (defaults): added [], dropped [], dangerous []"
	t_schema_ok "--audit -J is valid against the schema" "$T_TMP/audit-br.json"
fi
[ -f "$T_TMP/audit-adm.json" ] &&
	is "$(audit_caps "$T_TMP/audit-adm.json")" '{"added":["cap_sys_admin"],"dropped":[],"dangerous":["cap_sys_admin"]}' \
		"--audit $C_adm (--cap-add SYS_ADMIN): added and dangerous [cap_sys_admin]"
[ -f "$T_TMP/audit-drop.json" ] &&
	is "$(jq -c '.audit[0].capabilities | [(.added | length), (.dropped | sort), .dangerous]' \
		"$T_TMP/audit-drop.json" 2>&1)" "[0,$(printf '%s\n' "$DEFAULT_CAPS" | lines_json),[]]" \
		"--audit $C_drop (--cap-drop ALL): dropped all 14 defaults, added []"
if [ -n "$PRIV" ] && [ -f "$T_TMP/audit-priv.json" ]; then
	if t_jq "$T_TMP/audit-priv.json" '(.audit[0].capabilities.dangerous | length) > 0 and
		(.audit[0].capabilities.added | length) > 0'; then
		ok "--audit $C_priv: added and dangerous not empty"
	else
		not_ok "--audit $C_priv: added and dangerous not empty" \
			"$(jq -c '.audit[0].capabilities' "$T_TMP/audit-priv.json")"
	fi
fi
[ -f "$T_TMP/audit-host.json" ] &&
	is "$(jq -c '[.audit[0].namespaces[] | select(.type == "net") | .shared_with_host]' \
		"$T_TMP/audit-host.json" 2>&1)" '[true]' \
		"--audit $C_host (--network host): net shared_with_host true"

# -p PID --audit and the text report
if nsi_ok "-p $PID_adm --audit -J" -p "$PID_adm" --audit -J; then
	is "$(audit_caps "$T_TMP/out")" "$(audit_caps "$T_TMP/audit-adm.json")" \
		"-p $PID_adm --audit -J: the same capabilities as --container $C_adm --audit"
fi
if nsi_ok "--container $C_adm --audit" --container "$C_adm" --audit; then
	if grep -qF "$C_adm" "$T_TMP/out" && grep -q 'cap_sys_admin' "$T_TMP/out" &&
	   grep -q "$PID_adm" "$T_TMP/out"; then
		ok "--audit text report names $C_adm, its pid and cap_sys_admin"
	else
		not_ok "--audit text report names $C_adm, its pid and cap_sys_admin"
		diag_file "$T_TMP/out" "output"
	fi
fi

# --caps columns
for k in br adm drop $PRIV; do
	eval "name=\$C_$k pid=\$PID_$k"
	if nsi_ok "--caps $pid -o PID,CONTAINER,CAPADD,CAPDROP,CAPDANGER -J" \
		--caps "$pid" -o PID,CONTAINER,CAPADD,CAPDROP,CAPDANGER -J; then
		is "$(jq -c '.processes[0] | {added: (.capadd | sort), dropped: (.capdrop | sort),
			dangerous: (.capdanger | sort), name: .container.name}' "$T_TMP/out" 2>&1)" \
			"$(caps_from_bnd "$pid" | jq -c --arg n "$name" '. + {name: $n}')" \
			"--caps $pid ($name): CAPADD, CAPDROP, CAPDANGER, CONTAINER"
	fi
done
if nsi_ok "--caps $PID_adm -o CAPADD,CAPDANGER (table)" --caps "$PID_adm" -o CAPADD,CAPDANGER -n; then
	is "$(awk '{$1 = $1; print}' "$T_TMP/out")" "cap_sys_admin cap_sys_admin" \
		"--caps table: CAPADD and CAPDANGER of $C_adm are cap_sys_admin"
fi
if nsi_ok "--caps $PID_drop -o CAPDROP -r -n" --caps "$PID_drop" -o CAPDROP -r -n; then
	is "$(tr ',' '\n' <"$T_TMP/out" | sort)" "$DEFAULT_CAPS" \
		"--caps table: CAPDROP of $C_drop is the 14 defaults, comma-separated"
fi

# ----------------------------------------------------------- HOSTNAME

if nsi_ok "-t uts -o NS,HOSTNAME -J" -t uts -o NS,HOSTNAME -J; then
	is "$(jq -r --argjson ino "$(t_ns_ino "$PID_hn" uts)" \
		'[.namespaces[] | select(.ns == $ino) | .hostname] | if length == 1 then .[0] else tostring end' \
		"$T_TMP/out" 2>&1)" "nsi-host-$$" "HOSTNAME of $C_hn's uts ns is nsi-host-$$"
	bad=""
	for k in $ALL_KEYS; do
		eval "pid=\$PID_$k name=\$C_$k"
		want=$(nsenter -t "$pid" -u cat /proc/sys/kernel/hostname)
		got=$(jq -r --argjson ino "$(t_ns_ino "$pid" uts)" \
			'[.namespaces[] | select(.ns == $ino) | .hostname][0]' "$T_TMP/out" 2>&1)
		[ "$got" = "$want" ] || bad="$bad $name: '$got' (not '$want')"
	done
	if [ -z "$bad" ]; then
		ok "HOSTNAME of every container's uts ns is what its kernel.hostname says"
	else
		not_ok "HOSTNAME of every container's uts ns is what its kernel.hostname says" "$bad"
	fi
fi
if nsi_ok "-t uts -J" -t uts -J; then
	if t_jq "$T_TMP/out" 'all(.namespaces[]; has("hostname"))'; then
		ok "-t uts alone adds the HOSTNAME column"
	else
		not_ok "-t uts alone adds the HOSTNAME column" "keys: $(jq -c '.namespaces[0] | keys_unsorted' "$T_TMP/out")"
	fi
fi

# ------------------------------------- namespaces shared by containers

# A Kubernetes pod's containers share its sandbox's net and ipc
# namespaces; Docker does the same with --network container:X and --ipc
# container:X.  The oracle: docker inspect (NetworkMode, IpcMode) and the
# /proc/PID/ns links of both processes.
if start donor "$P-donor" --ipc shareable &&
	start joiner "$P-joiner" --network "container:$C_donor" --ipc "container:$C_donor"; then
	ok "set up: $C_joiner joins the net and ipc namespaces of $C_donor"
	mode=$(jq -r '.[0].HostConfig | .NetworkMode + " " + .IpcMode' "$T_TMP/joiner.json")
	is "$mode" "container:$ID_donor container:$ID_donor" \
		"oracle: docker inspect says $C_joiner uses $C_donor's net and ipc namespaces"
	for t in net ipc mnt; do
		eval "SH_$t=\$(t_ns_ino \"\$PID_donor\" $t) SJ_$t=\$(t_ns_ino \"\$PID_joiner\" $t)"
	done
	is "$SH_net $SH_ipc" "$SJ_net $SJ_ipc" \
		"oracle: /proc/PID/ns: $C_donor and $C_joiner are in the same net and ipc namespaces"
	both=$(printf '%s\n%s\n' "$(exp_container donor)" "$(exp_container joiner)" | jq -sc 'sort_by(.name)')
	if nsi_ok "-J (shared namespaces)" -J; then
		for t in net ipc; do
			eval "ino=\$SH_$t"
			row=$(jq -c --argjson ino "$ino" '[.namespaces[] | select(.ns == $ino)]' "$T_TMP/out")
			if echo "$row" | jq -e --argjson b "$both" 'length == 1 and
				(.[0].containers | sort_by(.name)) == $b and .[0].container == null' >/dev/null 2>&1; then
				ok "-J: $t ns $ino lists both containers in \"containers\" (\"container\" is null)"
			else
				not_ok "-J: $t ns $ino lists both containers in \"containers\" (\"container\" is null)" \
					"expected: $both" "rows: $(echo "$row" | cut -c1-800)"
			fi
		done
		row=$(jq -c --argjson ino "$SJ_mnt" '[.namespaces[] | select(.ns == $ino) | .containers]' "$T_TMP/out")
		is "$row" "[[$(exp_container joiner)]]" "-J: the mnt ns of $C_joiner lists only it"
		t_schema_ok "-J with shared namespaces is valid against the schema" "$T_TMP/out"
	fi
	sd=$(printf '%.12s' "$ID_donor")
	sj=$(printf '%.12s' "$ID_joiner")
	# -W: the list of containers on one line (one a line without it)
	if nsi_ok "-t net -o NS,CONTAINER -W (table)" -t net -o NS,CONTAINER -n -W; then
		line=$(grep -E "^ *$SH_net " "$T_TMP/out")
		case "$line" in
		*"$C_donor (docker $sd)"*"$C_joiner (docker $sj)"* | *"$C_joiner (docker $sj)"*"$C_donor (docker $sd)"*)
			ok "table: CONTAINER of net ns $SH_net names $C_donor and $C_joiner" ;;
		*) not_ok "table: CONTAINER of net ns $SH_net names $C_donor and $C_joiner" "row: $line" ;;
		esac
	fi
	if nsi_ok "--ns net --graph (shared)" --ns net --graph; then
		lab=$(grep -F "net:[$SH_net]" "$T_TMP/out" | head -n 1)
		case "$lab" in
		*"$C_donor (docker $sd)"*"$C_joiner (docker $sj)"* | *"$C_joiner (docker $sj)"*"$C_donor (docker $sd)"*)
			ok "--graph: the label of net:[$SH_net] names both containers" ;;
		*) not_ok "--graph: the label of net:[$SH_net] names both containers" "label: $lab" ;;
		esac
	fi
	if nsi_ok "--audit --container $C_joiner" --audit --container "$C_joiner"; then
		for t in net ipc; do
			eval "ino=\$SH_$t"
			line=$(grep -E "^[|\`]-$t " "$T_TMP/out" | awk '{$1 = $1; print}')
			is "$line" "|-$t $ino shared with $C_donor (docker $sd)" \
				"--audit of $C_joiner: its $t ns is shared with $C_donor"
		done
		line=$(grep -E "^[|\`]-mnt " "$T_TMP/out" | awk '{$1 = $1; print}')
		is "$line" "|-mnt $SJ_mnt own" "--audit of $C_joiner: its mnt ns is its own"
	fi
	if nsi_ok "--audit --container $C_donor -J" --audit --container "$C_donor" -J; then
		got=$(jq -c '[.audit[0].namespaces[] | select(.type == "net" or .type == "ipc" or .type == "mnt") |
			{type, others: [.shared_with_containers[].name]}] | sort_by(.type)' "$T_TMP/out" 2>&1)
		is "$got" "[{\"type\":\"ipc\",\"others\":[\"$C_joiner\"]},{\"type\":\"mnt\",\"others\":[]},{\"type\":\"net\",\"others\":[\"$C_joiner\"]}]" \
			"--audit -J of $C_donor: net and ipc shared_with_containers name $C_joiner, mnt none"
	fi
else
	not_ok "set up: $P-donor --ipc shareable, $P-joiner --network/--ipc container:$P-donor"
	diag_file "$T_TMP/run.err" "docker"
fi

t_finish
