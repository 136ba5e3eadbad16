#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The test collector of the relp suite (sourced by run.sh, fleet.sh and
# the benchmark): TLS certificates made with openssl (a CA, the
# collector's, one per host), and a stock rsyslogd with imrelp (TLS on,
# name authentication) on a loopback port, in the foreground with its own
# config, work and output folders: the rsyslog configuration xtrail ships
# (userspace/dist/xtrail-collector.conf) with the test's paths put in.
#
#   relp_certs DIR HOST...       ca.pem, collector.{pem,key}, HOST.{pem,key}
#   relp_start DIR PORT          start (or restart) rsyslogd; waits until it listens
#   relp_kill DIR                SIGKILL it
#   relp_stop DIR                SIGTERM it and wait
# The replicas are DIR/out/HOST.f3r.

RELP_CONF_TEMPLATE=${RELP_CONF_TEMPLATE:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/userspace/dist/xtrail-collector.conf}

# relp_cert DIR NAME: NAME.pem and NAME.key signed by DIR's CA, CN and SAN NAME.
relp_cert() {
	local d=$1 n=$2
	openssl req -new -newkey rsa:2048 -nodes -subj "/CN=$n" \
		-keyout "$d/$n.key" -out "$d/$n.csr" 2>/dev/null &&
	printf 'subjectAltName=DNS:%s\n' "$n" >"$d/$n.ext" &&
	openssl x509 -req -in "$d/$n.csr" -CA "$d/ca.pem" -CAkey "$d/ca.key" \
		-CAcreateserial -days 2 -extfile "$d/$n.ext" \
		-out "$d/$n.pem" 2>/dev/null
}

relp_certs() {
	local d=$1 h
	shift
	mkdir -p "$d"
	openssl req -x509 -new -newkey rsa:2048 -nodes -days 2 \
		-subj "/CN=xtrail test CA" -keyout "$d/ca.key" \
		-out "$d/ca.pem" 2>/dev/null || return 1
	relp_cert "$d" localhost || return 1
	for h in "$@"; do
		relp_cert "$d" "$h" || return 1
	done
}

relp_start() {
	local d=$1 port=$2 peers i
	mkdir -p "$d/work" "$d/out"
	peers=$(ls "$d"/*.pem | sed -n 's#.*/\(.*\)\.pem$#"\1"#p' |
		grep -v '"ca"\|"localhost"' | paste -sd,)
	sed -e "s#@PORT@#$port#g" -e "s#@ADDRESS@#127.0.0.1#g" \
		-e "s#@CA@#$d/ca.pem#g" -e "s#@CERT@#$d/localhost.pem#g" \
		-e "s#@KEY@#$d/localhost.key#g" -e "s#@PEERS@#$peers#g" \
		-e "s#@OUT@#$d/out#g" -e "s#@WORK@#$d/work#g" \
		"$RELP_CONF_TEMPLATE" >"$d/rsyslog.conf"
	rsyslogd -n -f "$d/rsyslog.conf" -i "$d/rsyslogd.pid" \
		>>"$d/rsyslogd.log" 2>&1 &
	echo $! >"$d/pid"
	for i in $(seq 100); do
		ss -Htln "sport = :$port" | grep -q . && return 0
		kill -0 "$(cat "$d/pid")" 2>/dev/null || break
		sleep 0.05
	done
	echo "rsyslogd did not start: $(tail -n 5 "$d/rsyslogd.log")" >&2
	return 1
}

relp_kill() {
	local pid
	pid=$(cat "$1/pid" 2>/dev/null) || return 0
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	rm -f "$1/pid" "$1/rsyslogd.pid"
}

relp_stop() {
	local pid
	pid=$(cat "$1/pid" 2>/dev/null) || return 0
	kill -TERM "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	rm -f "$1/pid" "$1/rsyslogd.pid"
}
