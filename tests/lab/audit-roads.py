#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""audit-roads.py AUDITLOG < EVASION: the roads table of the roads scenario.

AUDITLOG is auditd's log from the guest (tests/lab/scenarios/roads/
guest.sh ships it; lines may also carry a "@@AUDIT " prefix); EVASION, on stdin, is what
expect-evasion.sh printed over xtrail's log of the same run: one line per
operation, "check: evasion: ROAD NAME recorded" or "... MISSING (...)".

Prints a Markdown table, one row per operation xtevade did: whether xtrail
recorded it (expect-evasion.sh's verdict: the right uid, path or port,
road, exactly once) and whether auditd's log shows it. auditd is matched
as generously as an investigator would search it: any event of the road's
kind (arch=x86_64 or arch=i386 SYSCALL, io_uring's URINGOP) that names
the operation's marker path (a PATH record), port (a SOCKADDR) or argv (an
EXECVE record); for an exec, the exe auditd names. An operation this
script has no matcher for (one added to xtevade later) shows "?".
"""
import re
import sys

ARCH64 = "c000003e"
ARCH32 = "40000003"
FIELD = re.compile(r'(\w+)=("[^"]*"|\S+)')
HEX = re.compile(r"^[0-9A-F]+$")


def value(v):
    """An audit field's value: quoted as is, or hex-encoded bytes."""
    if v.startswith('"'):
        return v[1:-1]
    if HEX.match(v) and len(v) % 2 == 0 and len(v) > 4:
        try:
            return bytes.fromhex(v).decode("utf-8", "replace")
        except ValueError:
            return v
    return v


def events(log):
    """auditd's events by id: their records' types and fields."""
    evs = {}
    for line in log:
        rec = line.rstrip("\r\n")
        if rec.startswith("@@AUDIT "):
            rec = rec[len("@@AUDIT "):]
        if not rec.startswith("type="):
            continue
        m = re.search(r"msg=audit\([0-9.]+:(\d+)\)", rec)
        if not m:
            continue
        fields = {k: v for k, v in FIELD.findall(rec)}
        ev = evs.setdefault(m.group(1), {"types": set(), "names": [],
                                         "ports": [], "argv": [],
                                         "fields": {}})
        kind = fields.get("type", "")
        ev["types"].add(kind)
        if kind == "SYSCALL":
            ev["fields"].update(fields)
        elif kind == "URINGOP":
            ev["fields"]["uring_op"] = fields.get("uring_op")
        elif kind == "PATH" and "name" in fields:
            ev["names"].append(value(fields["name"]))
        elif kind == "SOCKADDR":
            s = fields.get("saddr", "")
            if s[:4] == "0200" and len(s) >= 8:
                ev["ports"].append(int(s[4:8], 16))
        elif kind == "EXECVE":
            argc = int(fields.get("argc", "0"))
            ev["argv"] = [value(fields.get("a%d" % i, '""'))
                          for i in range(argc)]
    return evs


def road_of(ev):
    if "URINGOP" in ev["types"]:
        return "io_uring"
    arch = ev["fields"].get("arch")
    return {ARCH64: "syscall", ARCH32: "compat"}.get(arch)


def seen(evs, road, marker):
    """The first event of @road naming @marker, or None."""
    for ev in evs.values():
        r = road_of(ev)
        if road == "exec" and r in ("syscall", "compat"):
            if ev["argv"][:2] == marker:
                return ev
        elif r == road and (marker in ev["names"] or
                            marker in ev["ports"]):
            return ev
    return None


# (road as expect-evasion.sh prints it, the start of its name) -> how
# auditd's log would show it: the road's kind and a marker.
MATCH = [
    ("syscall", "openat /tmp/xe-64", "syscall", "/tmp/xe-64"),
    ("syscall", "unlink /tmp/xe-64", "syscall", "/tmp/xe-64"),
    ("syscall", "connect udp 127.0.0.1:7300", "syscall", 7300),
    ("compat", "int80 open (5) /tmp/xe-32", "compat", "/tmp/xe-32"),
    ("compat", "int80 unlink (10) /tmp/xe-32", "compat", "/tmp/xe-32"),
    ("compat", "int80 socketcall(SYS_CONNECT)", "compat", 7301),
    ("compat", "int80 connect (362)", "compat", 7302),
    ("io_uring", "IORING_OP_OPENAT /tmp/xe-uring", "io_uring",
     "/tmp/xe-uring"),
    ("io_uring", "IORING_OP_UNLINKAT /tmp/xe-uring", "io_uring",
     "/tmp/xe-uring"),
    ("io_uring", "IORING_OP_CONNECT udp :7303", "io_uring", 7303),
    ("fileless", "memfd_create", "exec", ["xtevade", "child"]),
    ("fileless", "exec", "exec", ["xtevade", "child"]),
    ("indirect", "execveat(dirfd", "exec", ["xe-dirfd", "child"]),
    ("indirect", "execve(\"/proc/self/fd/N\")", "exec",
     ["xe-procfd", "child"]),
    ("indirect", "execveat(deleted", "exec", ["xe-deleted", "child"]),
]
# Two operations on one path by one road: auditd's events are told apart
# by the syscall or operation (x86_64, i386 and io_uring numbers).
OPS = {
    "openat /tmp/xe-64": ("syscall", "257"),
    "unlink /tmp/xe-64": ("syscall", "87"),
    "int80 open (5) /tmp/xe-32": ("syscall", "5"),
    "int80 unlink (10) /tmp/xe-32": ("syscall", "10"),
    "IORING_OP_OPENAT /tmp/xe-uring": ("uring_op", "18"),
    "IORING_OP_UNLINKAT /tmp/xe-uring": ("uring_op", "36"),
}


def audit_cell(evs, road, name):
    for r, start, kind, marker in MATCH:
        if r != road or not name.startswith(start):
            continue
        op = next((v for k, v in OPS.items() if name.startswith(k)), None)
        for ev in evs.values():
            if seen({0: ev}, kind, marker) is None:
                continue
            if op and ev["fields"].get(op[0]) != op[1]:
                continue
            if kind == "exec":
                return "yes (exe %s)" % value(ev["fields"].get("exe",
                                                                 '"?"'))
            return "yes"
        return "no"
    return "?"


def main():
    with open(sys.argv[1], errors="replace") as f:
        evs = events(f)
    rows = []
    for line in sys.stdin:
        m = re.match(r"check: evasion: (\S+)\s+(.*?)\s+(recorded|MISSING.*)$",
                     line.strip())
        if not m:
            continue
        road, name, verdict = m.groups()
        xt = "yes" if verdict == "recorded" else "no"
        rows.append((road, name, xt, audit_cell(evs, road, name)))
    print("roads: %d auditd events in its log" % len(evs))
    print("| road | operation | xtrail | auditd |")
    print("|---|---|---|---|")
    for r in rows:
        print("| %s | %s | %s | %s |" % r)
    print("roads: xtrail %d of %d, auditd %d of %d" % (
        sum(r[2] == "yes" for r in rows), len(rows),
        sum(r[3].startswith("yes") for r in rows), len(rows)))


if __name__ == "__main__":
    main()
