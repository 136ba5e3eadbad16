# SPDX-License-Identifier: GPL-2.0-or-later
#
# The relp suite's fleet part (sourced by run.sh): three hosts (three
# xtraild, each with its own auditor and sealing keys, fed by the test
# input) replicate at once into the one collector; the auditor unpacks
# and verifies each replica and merges the three exports into one
# timeline, the host in every record.

F=$T/fleet
mkdir -p "$F"
pids=()
for h in h1 h2 h3; do
	"$XTRAIL" keygen "$F/keys-$h" >/dev/null || bad "keygen $h"
	mkdir -p "$F/$h"
	cp "$F/keys-$h/seal.key" "$F/$h/seal.key"
	rm -f "$F/in-$h"
	"$T/mkstream" "$F/in-$h" 0 1000
	"$XTRAILD" -f -c /dev/null -d "$F/in-$h" -o "$F/$h/f3.log" \
		--auditor-public-key "$F/keys-$h/auditor.pub" \
		--seal-key "$F/$h/seal.key" --no-auto-attach \
		--max-segment-size 16K --seal-every-records 50 \
		--replicate-to "127.0.0.1:$PORT" --replicate-ca "$C/ca.pem" \
		--replicate-cert "$C/hosta.pem" --replicate-key "$C/hosta.key" \
		--replicate-peer localhost --replicate-hostname "$h" \
		--replicate-timeout 3 >>"$F/$h/xtraild.log" 2>&1 &
	pids+=($!)
done
for p in "${pids[@]}"; do
	wait "$p" || bad "fleet: xtraild $p failed"
done
rm -f "$F/merged.in"
for h in h1 h2 h3; do
	if "$XTRAIL" unpack "$C/out/$h.f3r" -o "$F/$h.f3" 2>"$T/err" &&
		"$XTRAIL" verify "$F/$h.f3" --key "$F/keys-$h/auditor.key" \
			--seal-key "$F/keys-$h/seal.key" >"$T/out" 2>&1 &&
		grep -q " 1000 records, .* decrypted" "$T/out" &&
		"$XTRAIL" export --key "$F/keys-$h/auditor.key" "$F/$h.f3" |
		jq -c --arg h "$h" '{host: $h} + .' >>"$F/merged.in"; then
		ok "fleet: $h's replica unpacks and verifies: $(head -n 1 "$T/out" | cut -d: -f2-)"
	else
		bad "fleet: $h: $(cat "$T/err" "$T/out")"
	fi
done
jq -s -c 'sort_by(.recv_ns, .host, .seq) | .[]' "$F/merged.in" >"$F/timeline"
n=$(wc -l <"$F/timeline")
per=$(jq -r .host "$F/timeline" | sort | uniq -c | awk '{ printf "%s=%s ", $2, $1 }')
nohost=$(jq -c 'select(.host == null)' "$F/timeline" | wc -l)
if [ "$n" -eq 3000 ] && [ "$nohost" -eq 0 ] && [ "$per" = "h1=1000 h2=1000 h3=1000 " ]; then
	ok "fleet: one timeline of $n records, the host in each ($per)"
else
	bad "fleet: timeline of $n records (expected 3000), $nohost without a host, per host: $per"
fi
