#!/bin/sh
# layout.sh - the shape of the code (docs/architecture.md): no loop
# between source files, no file over 800 lines, no function over 80 lines
# without its reason ("Long:") in its comment.  Read from the build tree's
# objects (scripts/deps, nm) and from the sources; no root needed.
. "$(dirname "$0")/lib.sh"

top=$T_TOP
# the objects of the build tree the tests run from
if scripts_out=$("$top/scripts/deps" --cycles "$top" 2>&1); then
	ok "no loop between source files ($scripts_out)"
else
	not_ok "no loop between source files" "$scripts_out"
fi

# a loop seen by the script: it must find one when there is one
mkdir -p "$T_TMP/src/x"
cat > "$T_TMP/a.c" <<'EOC'
int b(void);
int a(void) { return b(); }
EOC
cat > "$T_TMP/b.c" <<'EOC'
int a(void);
int b(void) { return a(); }
EOC
if cc -c "$T_TMP/a.c" -o "$T_TMP/src/x/libnsi_a-a.o" &&
   cc -c "$T_TMP/b.c" -o "$T_TMP/src/x/libnsi_a-b.o"; then
	if "$top/scripts/deps" --cycles "$T_TMP" >/dev/null 2>&1; then
		not_ok "scripts/deps finds a loop of two files"
	else
		ok "scripts/deps finds a loop of two files"
	fi
else
	not_ok "cc builds the two files of a loop"
fi

long=$(find "$top/src" -name '*.c' -exec wc -l {} + | grep -v ' total$' |
	awk '$1 > 800 { print $2 " has " $1 " lines" }')
is "$long" "" "no source file over 800 lines"

long=$("$top/scripts/long-functions" 80 "$top/src")
is "$long" "" "no function over 80 lines without a reason in its comment"

t_finish
