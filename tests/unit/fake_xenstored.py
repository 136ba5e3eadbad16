#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""A small xenstored for tests: the xenstore wire protocol over a Unix
socket, enough for libxenstore's xs_open(), read, write, mkdir, rm,
directory, get/set permissions, transactions and watches. Introducing and
releasing a domain (xs_introduce_domain(), xs_release_domain()) only fires
the special watches @introduceDomain and @releaseDomain, as xenstored does.

Every client is dom0 (no permission checks). A transaction works on a copy
of the store and fails with EAGAIN at commit if the store changed since it
started, like xenstored. The first N commits can be made to fail with
--eagain N, to exercise the callers' retry loops.

    fake_xenstored.py SOCKET [--eagain N] [--init PATH=VALUE ...]

Run with libxenstore's XENSTORED_PATH=SOCKET. Exits on SIGTERM, or when
its parent process goes away.
"""
import copy
import os
import selectors
import signal
import socket
import struct
import sys

XS_DIRECTORY, XS_READ, XS_GET_PERMS, XS_WATCH, XS_UNWATCH = 1, 2, 3, 4, 5
XS_TRANSACTION_START, XS_TRANSACTION_END = 6, 7
XS_INTRODUCE, XS_RELEASE = 8, 9
XS_GET_DOMAIN_PATH, XS_WRITE, XS_MKDIR, XS_RM, XS_SET_PERMS = 10, 11, 12, 13, 14
XS_WATCH_EVENT, XS_ERROR, XS_RESET_WATCHES = 15, 16, 21
HDR = struct.Struct("<IIII")


class XsError(Exception):
    pass


def parent(path):
    return path.rsplit("/", 1)[0] or "/"


def under(path, top):
    return path == top or top == "/" or path.startswith(top + "/")


class Store:
    def __init__(self):
        # path -> [value, perms]; perms are strings like "n0", "r5"
        self.nodes = {"/": [b"", ["n0"]]}
        self.gen = 0

    def get(self, path):
        if path not in self.nodes:
            raise XsError("ENOENT")
        return self.nodes[path]

    def make(self, path):
        if path in self.nodes:
            return
        self.make(parent(path))
        self.nodes[path] = [b"", list(self.nodes[parent(path)][1])]

    def write(self, path, value):
        self.make(path)
        self.nodes[path][0] = value

    def rm(self, path):
        if path not in self.nodes:
            if parent(path) not in self.nodes:
                raise XsError("ENOENT")
            return
        if path == "/":
            raise XsError("EINVAL")
        for p in [p for p in self.nodes if under(p, path)]:
            del self.nodes[p]

    def children(self, path):
        self.get(path)
        pre = path.rstrip("/") + "/"
        return sorted(p[len(pre):] for p in self.nodes
                      if p.startswith(pre) and "/" not in p[len(pre):])


class Server:
    def __init__(self, sock_path, eagain):
        self.store = Store()
        self.txs = {}       # id -> (store copy, gen at start, changed paths)
        self.next_tx = 1
        self.eagain = eagain
        self.watches = []   # (conn, path, token)
        self.sel = selectors.DefaultSelector()
        self.lsock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.lsock.bind(sock_path)
        self.lsock.listen(16)
        self.sel.register(self.lsock, selectors.EVENT_READ)
        self.bufs = {}

    def send(self, conn, typ, req, tx, payload):
        try:
            conn.sendall(HDR.pack(typ, req, tx, len(payload)) + payload)
        except OSError:
            pass

    def fire(self, path, removed=False):
        for conn, wpath, token in list(self.watches):
            if under(path, wpath) or (removed and under(wpath, path)):
                ev = (wpath if removed and under(wpath, path) else path)
                self.send(conn, XS_WATCH_EVENT, 0, 0,
                          ev.encode() + b"\0" + token.encode() + b"\0")

    def fire_special(self, name):
        for conn, wpath, token in list(self.watches):
            if wpath == name:
                self.send(conn, XS_WATCH_EVENT, 0, 0,
                          name.encode() + b"\0" + token.encode() + b"\0")

    def handle(self, conn, typ, req, tx, data):
        args = data.split(b"\0")
        path = args[0].decode() if args else ""
        if tx:
            if tx not in self.txs:
                raise XsError("ENOENT")
            st, _, changed = self.txs[tx]
        else:
            st, changed = self.store, None

        def changed_path(p, removed=False):
            if changed is None:
                self.store.gen += 1
                self.fire(p, removed)
            else:
                changed.append((p, removed))

        if typ == XS_READ:
            return st.get(path)[0]
        if typ == XS_DIRECTORY:
            return b"".join(c.encode() + b"\0" for c in st.children(path))
        if typ == XS_GET_PERMS:
            return b"".join(p.encode() + b"\0" for p in st.get(path)[1])
        if typ == XS_WRITE:
            i = data.index(b"\0")
            st.write(path, data[i + 1:])
            changed_path(path)
            return b"OK\0"
        if typ == XS_MKDIR:
            st.make(path)
            changed_path(path)
            return b"OK\0"
        if typ == XS_RM:
            st.rm(path)
            changed_path(path, True)
            return b"OK\0"
        if typ == XS_SET_PERMS:
            st.get(path)[1] = [a.decode() for a in args[1:] if a]
            changed_path(path)
            return b"OK\0"
        if typ == XS_WATCH:
            token = args[1].decode()
            self.watches.append((conn, path, token))
            self.send(conn, XS_WATCH_EVENT, 0, 0,
                      path.encode() + b"\0" + token.encode() + b"\0")
            return b"OK\0"
        if typ == XS_UNWATCH:
            token = args[1].decode()
            self.watches = [w for w in self.watches
                            if w != (conn, path, token)]
            return b"OK\0"
        if typ == XS_RESET_WATCHES:
            self.watches = [w for w in self.watches if w[0] != conn]
            return b"OK\0"
        if typ == XS_TRANSACTION_START:
            tid = self.next_tx
            self.next_tx += 1
            self.txs[tid] = (copy.deepcopy(self.store), self.store.gen, [])
            return str(tid).encode() + b"\0"
        if typ == XS_TRANSACTION_END:
            tst, gen, chg = self.txs.pop(tx)
            if path != "T":
                return b"OK\0"
            if self.eagain > 0 or gen != self.store.gen:
                self.eagain = max(0, self.eagain - 1)
                raise XsError("EAGAIN")
            self.store = tst
            self.store.gen = gen + 1
            for p, removed in chg:
                self.fire(p, removed)
            return b"OK\0"
        if typ == XS_INTRODUCE:
            self.fire_special("@introduceDomain")
            return b"OK\0"
        if typ == XS_RELEASE:
            self.fire_special("@releaseDomain")
            return b"OK\0"
        if typ == XS_GET_DOMAIN_PATH:
            return b"/local/domain/" + args[0] + b"\0"
        raise XsError("ENOSYS")

    def serve(self):
        parent_pid = os.getppid()
        while True:
            # A test that dies without stopping us must not leave us behind.
            if os.getppid() != parent_pid:
                sys.exit(0)
            for key, _ in self.sel.select(timeout=1):
                if key.fileobj is self.lsock:
                    c, _ = self.lsock.accept()
                    self.bufs[c] = b""
                    self.sel.register(c, selectors.EVENT_READ)
                    continue
                c = key.fileobj
                d = c.recv(65536)
                if not d:
                    self.sel.unregister(c)
                    self.watches = [w for w in self.watches if w[0] != c]
                    del self.bufs[c]
                    c.close()
                    continue
                self.bufs[c] += d
                while len(self.bufs[c]) >= HDR.size:
                    typ, req, tx, n = HDR.unpack_from(self.bufs[c])
                    if len(self.bufs[c]) < HDR.size + n:
                        break
                    data = self.bufs[c][HDR.size:HDR.size + n]
                    self.bufs[c] = self.bufs[c][HDR.size + n:]
                    try:
                        rep = self.handle(c, typ, req, tx, data)
                        self.send(c, typ, req, tx, rep)
                    except XsError as e:
                        self.send(c, XS_ERROR, req, tx,
                                  str(e).encode() + b"\0")


def main():
    args = sys.argv[1:]
    sock = args.pop(0)
    eagain = 0
    init = []
    while args:
        a = args.pop(0)
        if a == "--eagain":
            eagain = int(args.pop(0))
        elif a == "--init":
            init.append(args.pop(0))
    if os.path.exists(sock):
        os.unlink(sock)
    srv = Server(sock, eagain)
    for kv in init:
        k, v = kv.split("=", 1)
        srv.store.write(k, v.encode())
    signal.signal(signal.SIGTERM, lambda *a: sys.exit(0))
    srv.serve()


if __name__ == "__main__":
    main()
