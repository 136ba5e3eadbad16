#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The house rules of doc/ARCHITECTURE.md, checked over the tree.

  scripts/layout-check.py [-v] [ROOT]

For every folder of product code (shared/, common/, the two modules, and
userspace/lib, daemon, cli) three checks, each one test:

  includes  every '#include "x"' resolves, the way the compiler resolves it
            (the file's own folder first, then the folder's -I list), to a
            folder this folder may include (the arrows of ARCHITECTURE.md);
  cycles    no include cycle between units (a unit is foo.c + foo.h) of the
            folder: a strongly connected component of more than one unit
            fails; a module's one-line wrapper that includes a common .c
            file is that file's body, not an arrow;
  length    (userspace folders) no function longer than MAX_FUNC lines,
            and main.c no longer than MAX_MAIN lines.

Ends with "layout: N passed, N failed"; exits 1 on any failure.
"""
import os
import re
import sys

MAX_FUNC = 80
MAX_MAIN = 100

# folder: (its -I list after its own folder, the folders it may include)
FOLDERS = {
    "shared": ([], {"shared"}),
    "common": (["shared", "common"], {"shared", "common"}),
    "domu-module": (["shared", "common"], {"shared", "common", "domu-module"}),
    "dom0-module": (["shared", "common"], {"shared", "common", "dom0-module"}),
    "userspace/lib": (["shared", "userspace/lib"], {"shared", "userspace/lib"}),
    "userspace/daemon": (["shared", "userspace/lib"],
                         {"shared", "userspace/lib", "userspace/daemon"}),
    "userspace/cli": (["shared", "userspace/lib"],
                      {"shared", "userspace/lib", "userspace/cli"}),
}
LENGTH_FOLDERS = ("userspace/lib", "userspace/daemon", "userspace/cli")
INCLUDE_RE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def sources(root, folder):
    d = os.path.join(root, folder)
    if not os.path.isdir(d):
        return []
    return sorted(os.path.join(folder, f) for f in os.listdir(d)
                  if f.endswith((".c", ".h")))


def resolve(root, src, inc):
    """The repo-relative path the compiler finds for src's #include inc."""
    folder = os.path.dirname(src)
    for d in [folder] + FOLDERS[folder][0]:
        cand = os.path.normpath(os.path.join(d, inc))
        if os.path.isfile(os.path.join(root, cand)):
            return cand
    return None


def unit(path):
    return os.path.splitext(path)[0]


def cycles(edges):
    """Strongly connected components of more than one node (Tarjan)."""
    index, low, stack, on, out = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in sorted(edges):
        if v not in index:
            visit(v)
    return out


def long_functions(root, path):
    """(name, first line, length) of each function body over MAX_FUNC."""
    out, start, sig, prev = [], 0, "", ""
    with open(os.path.join(root, path), errors="replace") as f:
        for n, line in enumerate(f, 1):
            if line.startswith("{"):
                start, sig = n, prev.strip()
            elif line.startswith("}") and start:
                if n - start - 1 > MAX_FUNC:
                    out.append((sig, start, n - start - 1))
                start = 0
            if line.strip():
                prev = line
    return out


def check_folder(root, folder, verbose):
    """Yields (test name, list of problems) for one folder."""
    files = sources(root, folder)
    allowed = FOLDERS[folder][1]
    bad_inc, edges = [], {}
    for src in files:
        with open(os.path.join(root, src), errors="replace") as f:
            text = f.read()
        for inc in INCLUDE_RE.findall(text):
            dst = resolve(root, src, inc)
            if dst is None:
                bad_inc.append(f"{src}: #include \"{inc}\" not found")
                continue
            top = os.path.dirname(dst)
            if top not in allowed:
                bad_inc.append(f"{src}: includes {dst} ({folder} may "
                               f"include {', '.join(sorted(allowed))})")
                continue
            # A module's wrapper including a common .c file is its body.
            if dst.endswith(".c"):
                continue
            if top == folder and unit(dst) != unit(src):
                edges.setdefault(unit(src), set()).add(unit(dst))
    yield f"{folder} includes", bad_inc
    yield f"{folder} cycles", [" <-> ".join(c) for c in cycles(edges)]
    if folder in LENGTH_FOLDERS:
        long = []
        for src in files:
            if not src.endswith(".c"):
                continue
            for sig, line, n in long_functions(root, src):
                long.append(f"{src}:{line}: {n} lines: {sig}")
            main = os.path.join(root, src)
            if os.path.basename(src) == "main.c":
                with open(main, errors="replace") as f:
                    n = sum(1 for _ in f)
                if n > MAX_MAIN:
                    long.append(f"{src}: {n} lines (main.c only "
                                f"orchestrates: at most {MAX_MAIN})")
        yield f"{folder} length", long


def main():
    args = [a for a in sys.argv[1:] if a != "-v"]
    verbose = "-v" in sys.argv[1:]
    root = args[0] if args else os.path.join(os.path.dirname(__file__), "..")
    passed = failed = 0
    for folder in FOLDERS:
        if not sources(root, folder):
            print(f"FAIL {folder}: no sources (layout changed? update "
                  f"scripts/layout-check.py and doc/ARCHITECTURE.md)")
            failed += 1
            continue
        for name, problems in check_folder(root, folder, verbose):
            if problems:
                failed += 1
                print(f"FAIL {name}")
                for p in problems:
                    print(f"  {p}")
            else:
                passed += 1
                if verbose:
                    print(f"ok   {name}")
    print(f"layout: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
