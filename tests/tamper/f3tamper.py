#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""
The tamper campaign's tools (run.sh): what an operator who is root later,
holding the current sealing key, does to an F3 log (doc/F3-FORMAT.md), and
the search of a disk image for old sealing keys.

  f3tamper.py reseal DIR STATE [KEEP]
                                 strip the seals of epoch KEEP (default 0)
                                 and later of the log in DIR (its files in
                                 order), alter a record after them, set
                                 the seal policy of the segment headers
                                 after them to none, re-chain it all,
                                 and seal the end with the key in the
                                 sealing state STATE (k_j, what the
                                 operator holds)
  f3tamper.py oldkeys IMAGE K0FILE STATE
                                 search IMAGE for k_0 .. k_{j-1} (raw or
                                 hex), k_0 read from the auditor's copy,
                                 j the epoch in STATE; exit 1 if one is
                                 there, 2 if not even k_j is (the search
                                 would prove nothing)
"""
import hashlib
import os
import struct
import sys
import time

MAGIC = b"XTRAILF3"
HDR = 256
SEAL_LABEL = b"XTRAIL-F3-SEAL-V3"


def _crc_table():
    t = []
    for i in range(256):
        c = i
        for _ in range(8):
            c = (c >> 1) ^ (0x82F63B78 if c & 1 else 0)
        t.append(c)
    return t


CRC_T = _crc_table()


def crc32c(b):
    c = 0xFFFFFFFF
    for x in b:
        c = CRC_T[(c ^ x) & 0xFF] ^ (c >> 8)
    return c ^ 0xFFFFFFFF


def h32(data, key=None):
    if key:
        return hashlib.blake2b(data, digest_size=32, key=key).digest()
    return hashlib.blake2b(data, digest_size=32).digest()


def log_files(d):
    names = [n for n in os.listdir(d) if n.startswith("f3.log")
             and n != "f3.log.sealstate"]
    rotated = sorted(n for n in names if n != "f3.log")
    if "f3.log" in names:
        rotated.append("f3.log")
    return [os.path.join(d, n) for n in rotated]


def items(b):
    off = 0
    while off < len(b):
        if b[off:off + 8] == MAGIC:
            yield off, HDR
            off += HDR
        else:
            ln = struct.unpack_from("<I", b, off)[0]
            yield off, ln
            off += ln


def load_state(path):
    s = open(path, "rb").read()
    epoch = struct.unpack_from("<Q", s, 8)[0]
    return epoch, s[16:32], s[32:64]


def reseal(d, state, keep=0):
    epoch, seq_id, key = load_state(state)
    stripping = False
    files = log_files(d)
    h = None
    next_seq = 0
    seg = None
    altered = False
    for path in files:
        b = open(path, "rb").read()
        out = bytearray()
        for off, ln in items(b):
            it = bytearray(b[off:off + ln])
            if it[:8] == MAGIC:
                if h is None:
                    h = bytes(it[80:112])
                it[80:112] = h
                if stripping:
                    it[224:240] = bytes(16)     # seal policy: none
                struct.pack_into("<I", it, 248, crc32c(bytes(it[:248])))
                seg = struct.unpack_from("<Q", it, 24)[0]
                next_seq = struct.unpack_from("<Q", it, 32)[0]
                h = h32(h + bytes(it[:248]))
                out += it
                continue
            typ, dlen, seq = struct.unpack_from("<HxxIQ", it, 8)
            if typ == 2 and struct.unpack_from("<Q", it, 24)[0] >= keep:
                stripping = True
                continue                # the seal: stripped
            if typ == 1:
                next_seq = seq + 1
            elif typ == 4:
                next_seq = seq + struct.unpack_from("<I", it, 24)[0]
            if typ in (1, 4) and stripping and not altered:
                it[40] ^= 0x01          # the forgery
                struct.pack_into("<I", it, 4, crc32c(bytes(it[8:])))
                altered = True
            h = h32(h + bytes(it))
            out += it
        if path == files[-1]:
            seal = struct.pack("<QQQQQQ", epoch, next_seq, time.time_ns(),
                               seg, 0, 0) + h
            mac = h32(SEAL_LABEL + seq_id + seal[:48] + h, key)
            payload = seal + mac
            fr = bytearray(struct.pack("<IIHHIQ", 24 + len(payload), 0, 2,
                                       0, len(payload), next_seq) + payload)
            struct.pack_into("<I", fr, 4, crc32c(bytes(fr[8:])))
            out += fr
        open(path, "wb").write(out)
    print(f"stripped the seals from epoch {keep}, re-sealed "
          f"{len(files)} files at epoch {epoch}, "
          f"{next_seq} records, with the key of the sealing state")


def oldkeys(image, k0file, state):
    epoch, _, cur = load_state(state)
    k = bytes.fromhex(open(k0file).read().strip())
    img = open(image, "rb").read()
    found = []
    for e in range(epoch):
        if k in img or k.hex().encode() in img:
            found.append(e)
        k = h32(k + b"evolve")
    if k != cur:
        print("the state's key is not k_%d of this k_0" % epoch)
        return 2
    if cur not in img:
        print("not even the current key k_%d is in the image: the search "
              "proves nothing" % epoch)
        return 2
    if found:
        print("old sealing keys in the image: k_%s" %
              ", k_".join(map(str, found)))
        return 1
    print(f"none of k_0..k_{epoch - 1} is in the image "
          f"(the current k_{epoch} is, in the sealing state)")
    return 0


def main():
    if len(sys.argv) in (4, 5) and sys.argv[1] == "reseal":
        reseal(sys.argv[2], sys.argv[3], int(sys.argv[4]) if
               len(sys.argv) == 5 else 0)
        return 0
    if len(sys.argv) == 5 and sys.argv[1] == "oldkeys":
        return oldkeys(*sys.argv[2:])
    print(__doc__, file=sys.stderr)
    return 1


sys.exit(main())
