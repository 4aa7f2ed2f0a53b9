#!/bin/sh
# Fails when SQL could be run outside the prepared-statement layer, or when unsafe libc
# calls creep into src/. Run by ctest.
root=${1:-$(dirname "$0")/..}
status=0
hits=$(grep -rnE '\bmysql_(real_)?query[[:space:]]*\(' "$root/src" | grep -v "^$root/src/db/")
if [ -n "$hits" ]; then
	echo "mysql_query/mysql_real_query outside src/db/:"; echo "$hits"; status=1
fi
hits=$(grep -rnE '\b(atoi|atol|atoll|sprintf|vsprintf|strcpy|strcat|gets)[[:space:]]*\(' "$root/src")
if [ -n "$hits" ]; then
	echo "unsafe libc calls in src/ (use strtoll with checks, snprintf):"; echo "$hits"; status=1
fi
# User data must not reach templates through evar/lvar or the cgi kit's parsers.
hits=$(grep -rnE 'evar:|lvar:' "$root/templates")
if [ -n "$hits" ]; then
	echo "evar:/lvar: in templates:"; echo "$hits"; status=1
fi
hits=$(grep -rnE '\b(cgi_init|cgi_parse|hdf_read_string)[[:space:]]*\(' "$root/src")
if [ -n "$hits" ]; then
	echo "ClearSilver cgi kit or hdf_read_string used in src/:"; echo "$hits"; status=1
fi
# Dependencies point one way: pages → domain → db/auth/crypto → util.
hits=$(grep -rnE '#include "(http|pages|view|form|domain|db|auth)/' "$root/src/util")
if [ -n "$hits" ]; then
	echo "util/ includes a higher layer:"; echo "$hits"; status=1
fi
hits=$(grep -rnE '#include "pages/' "$root/src/domain")
if [ -n "$hits" ]; then
	echo "domain/ includes a pages/ header:"; echo "$hits"; status=1
fi
# Code cites product rules in docs/, a document in this repository.
hits=$(grep -rnF 'SPEC §' "$root/src")
if [ -n "$hits" ]; then
	echo "comments citing a specification outside the repository (cite docs/):"; echo "$hits"; status=1
fi
# A language's strings: lang/L.hdf plus one file per feature in lang/L/.
langfiles() { ls "$root/templates/lang/$1.hdf" "$root/templates/lang/$1"/*.hdf 2>/dev/null; }
# Every language key used by one language file must exist in the other.
for a in zh-CN en; do
	b=en; [ "$a" = en ] && b=zh-CN
	ka=$(awk '/\{$/ {p[++d]=$1; next} /^[[:space:]]*\}/ {d--; next} /=/ {k=""; for(i=1;i<=d;i++) k=k p[i] "."; sub(/^[[:space:]]+/,""); split($0,x," "); print k x[1]}' $(langfiles "$a") | sort)
	kb=$(awk '/\{$/ {p[++d]=$1; next} /^[[:space:]]*\}/ {d--; next} /=/ {k=""; for(i=1;i<=d;i++) k=k p[i] "."; sub(/^[[:space:]]+/,""); split($0,x," "); print k x[1]}' $(langfiles "$b") | sort)
	missing=$(printf '%s\n' "$ka" | while read -r k; do printf '%s\n' "$kb" | grep -qxF "$k" || echo "$k"; done)
	if [ -n "$missing" ]; then
		echo "language keys in $a.hdf missing from $b.hdf:"; echo "$missing"; status=1
	fi
done
# Every Lang.* key referenced from a template must exist in zh-CN.hdf.
keys=$(awk '/\{$/ {p[++d]=$1; next} /^[[:space:]]*\}/ {d--; next} /=/ {k=""; for(i=1;i<=d;i++) k=k p[i] "."; sub(/^[[:space:]]+/,""); split($0,x," "); print k x[1]}' $(langfiles zh-CN))
# A name is a key or a group of keys (looked up by [name] or walked with each:).
used=$(grep -rhoE 'Lang(\.[a-z_0-9]+)+' "$root/templates" | sed 's/^Lang\.//' | sort -u)
for k in $used; do
	printf '%s\n' "$keys" | grep -qxF "$k" || printf '%s\n' "$keys" | awk -v p="$k." 'index($0, p) == 1 { f = 1 } END { exit !f }' ||
		{ echo "template uses Lang.$k, missing from zh-CN.hdf"; status=1; }
done
[ $status -eq 0 ] && echo "lint: ok"
exit $status
