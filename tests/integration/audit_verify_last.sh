#!/bin/sh
# Run last (ctest DEPENDS on every integration and browser test): `parley audit verify` over everything
# the suite wrote to the shared stack's audit log. Fails on a broken chain, on an empty log and on a
# sanitizer report, whatever the exit status.
set -u
out=$("$PARLEY_BIN" -c "$PARLEY_CONF" audit verify 2>&1)
rc=$?
printf '%s\n' "$out"
if printf '%s\n' "$out" | grep -qE 'ERROR: (Address|Leak)Sanitizer|SUMMARY: (Address|UndefinedBehavior|Leak)Sanitizer|: runtime error: '; then
	echo "audit verify: sanitizer report" >&2
	exit 1
fi
n=$(mariadb --protocol=socket -S "$PARLEY_DB_SOCKET" -u root -N -B parley -e 'SELECT COUNT(*) FROM audit_log')
echo "audit_log rows: $n"
if [ "${n:-0}" -lt 1 ]; then
	echo "audit verify: the audit log is empty; nothing was checked" >&2
	exit 1
fi
exit $rc
