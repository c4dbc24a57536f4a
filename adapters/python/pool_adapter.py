#!/usr/bin/env python3
"""A small DAOS-style system in Python 3 (standard library only), speaking the harness's adapter
protocol (docs/adapter-protocol.md) on stdin/stdout. It proves the protocol is language-neutral.

It implements a declared subset: the system and pool administration ops below, with the spec's
argument checks in step order (ERR-3), labels (LABEL-1..5), pool ACLs (ACL-1..6, ACL-10, ACL-12,
ACL-15) and pool properties at create (POOL-1, POOL-2). No containers, objects or faults: the
harness drops those from every generated trace (properties/capability-filter.ts).

    python3 adapters/python/pool_adapter.py                         # conforms
    python3 adapters/python/pool_adapter.py --plant-bug ex-connect  # a planted bug: pool.connect
        in EX mode ignores the other handles of the pool (POOL-4 says BUSY)

Does NOT implement: pool.query and map changes, pool ACL/props/attrs after create, containers.
"""
import json
import re
import sys

PROTOCOL = "daos-harness-adapter/1"
OP_KINDS = ["system.create", "pool.create", "pool.destroy", "pool.connect", "pool.disconnect", "pool.listContainers"]

# contract/limits.ts
LABEL_CHARS_MAX = 127
ACE_CHARS_MAX = 319
PRINCIPAL_NAME_CHARS_MAX = 255
ACL_ENCODED_BYTES_MAX = 65536
ACE_ENCODED_BYTES_FIXED = 32
EC_CELL_MIN, EC_CELL_MAX, EC_CELL_DEFAULT, EC_CELL_ALIGN = 4096, 1048576, 65536, 32
SPECIALS = ("OWNER@", "GROUP@", "EVERYONE@")
LABEL_RE = re.compile(r"^[A-Za-z0-9._:-]+$")
UUID_RE = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
LABEL_SENTINELS = ("container_label_not_set", "pool_label_not_set")

TYPE_BITS = {"A": 1, "U": 2, "L": 4}
FLAG_BITS = {"G": 1, "P": 2, "F": 4, "S": 8}
PERM_BITS = {"r": 1, "w": 2, "c": 4, "d": 8, "t": 16, "T": 32, "a": 64, "A": 128, "o": 256}
KIND_ORDER = ["owner", "user", "owner-group", "group", "everyone"]
DEFAULT_POOL_ACL = ["A::OWNER@:rw", "A:G:GROUP@:rw"]


class Invalid(Exception):
    """An op's outcome is an error: raised with the DER name."""


def is_int(v, lo, hi):
    return isinstance(v, int) and not isinstance(v, bool) and lo <= v <= hi


# ---------------------------------------------------------------- principals and ACLs (section 7)

def is_named_principal(text):
    if not isinstance(text, str) or not 1 <= len(text) <= PRINCIPAL_NAME_CHARS_MAX:
        return False
    return not text.startswith("@") and text.count("@") == 1 and text not in SPECIALS


def is_valid_principal(p):
    if not isinstance(p, dict):
        return False
    groups = p.get("groups")
    return is_named_principal(p.get("user")) and isinstance(groups, list) and len(groups) >= 1 and all(is_named_principal(g) for g in groups)


def letters(field, bits):
    value = 0
    for ch in field:
        if ch not in bits:
            return None
        value |= bits[ch]
    return value


def parse_ace(text):
    """An ACE dict, or raises Invalid (ACL-1..4)."""
    if not isinstance(text, str) or len(text) > ACE_CHARS_MAX:
        raise Invalid("INVAL")
    fields = text.split(":")
    if len(fields) != 4 or fields[2] == "":
        raise Invalid("INVAL")
    types, flags, perms = letters(fields[0], TYPE_BITS), letters(fields[1], FLAG_BITS), letters(fields[3], PERM_BITS)
    if not types or flags is None or perms is None:
        raise Invalid("INVAL")
    principal = fields[2]
    if principal == "OWNER@":
        kind = "owner"
    elif principal == "GROUP@":
        kind = "owner-group"
    elif principal == "EVERYONE@":
        kind = "everyone"
    elif is_named_principal(principal):
        kind = "group" if flags & FLAG_BITS["G"] else "user"
    else:
        raise Invalid("INVAL")
    if (kind in ("owner-group", "group")) != bool(flags & FLAG_BITS["G"]):
        raise Invalid("INVAL")
    if bool(types & (TYPE_BITS["U"] | TYPE_BITS["L"])) != bool(flags & (FLAG_BITS["S"] | FLAG_BITS["F"])):
        raise Invalid("INVAL")
    return {"types": types, "principal": principal, "kind": kind, "perms": perms}


def parse_acl(texts):
    if not isinstance(texts, list) or len(texts) == 0:
        raise Invalid("INVAL")
    aces = [parse_ace(t) for t in texts]
    for i, a in enumerate(aces):
        if any(a["kind"] == b["kind"] and a["principal"] == b["principal"] for b in aces[:i]):
            raise Invalid("INVAL")
    size = 0
    for a in aces:
        size += ACE_ENCODED_BYTES_FIXED
        if a["kind"] in ("user", "group"):
            size += -(-(len(a["principal"].encode("utf-8")) + 1) // 8) * 8
    if size > ACL_ENCODED_BYTES_MAX:
        raise Invalid("INVAL")
    return [a for kind in KIND_ORDER for a in aces if a["kind"] == kind]


def granted(ace):
    return ace["perms"] if ace["types"] & TYPE_BITS["A"] else 0


def evaluate_acl(aces, owner, owner_group, p):
    """ACL-10 for a pool."""
    for a in aces:
        if a["kind"] == "owner" and p["user"] == owner:
            return granted(a)
    for a in aces:
        if a["kind"] == "user" and a["principal"] == p["user"]:
            return granted(a)
    groups = [a for a in aces if (a["kind"] == "owner-group" and owner_group in p["groups"]) or (a["kind"] == "group" and a["principal"] in p["groups"])]
    if groups:
        perms = 0
        for a in groups:
            perms |= granted(a)
        return perms
    for a in aces:
        if a["kind"] == "everyone":
            return granted(a)
    return 0


def pool_caps(perms, mode):
    """ACL-12: nonzero when a connect in `mode` is allowed."""
    has = lambda ls: any(perms & PERM_BITS[ch] for ch in ls)
    read, create, delete = has("rt"), has("wc"), has("wd")
    if mode == "RO":
        return 1 if read else 0
    return 1 if read and (create or delete) else 0


# ---------------------------------------------------------------- labels (section 6)

def label_ok(label):
    return isinstance(label, str) and 1 <= len(label) <= LABEL_CHARS_MAX and LABEL_RE.match(label) and not UUID_RE.match(label) and label not in LABEL_SENTINELS


def reference_ok(ref):
    return isinstance(ref, str) and (UUID_RE.match(ref) or (1 <= len(ref) <= LABEL_CHARS_MAX and LABEL_RE.match(ref)))


# ---------------------------------------------------------------- the system

class PoolSystem:
    def __init__(self, plant_bug):
        self.plant_bug = plant_bug
        self.system = None
        self.pools = []  # dicts: id, label, owner, group, acl
        self.handles = {}  # poh -> {pool, mode}
        self.serial = 0
        self.next_handle = 1

    def apply(self, op):
        kind = op.get("type")
        if self.system is None and kind != "system.create":
            raise Invalid("NONEXIST")
        return getattr(self, "op_" + kind.replace(".", "_"))(op)

    def find_pool(self, ref):
        if UUID_RE.match(ref):
            return next((p for p in self.pools if p["id"].lower() == ref.lower()), None)
        return next((p for p in self.pools if p["label"] == ref), None)

    def op_system_create(self, op):
        for count in (op.get("nodes"), op.get("enginesPerNode"), op.get("targetsPerEngine")):
            if not isinstance(count, int) or isinstance(count, bool) or count < 1:
                raise Invalid("INVAL")
        if self.system is not None:
            raise Invalid("ALREADY")
        self.system = {"nodes": op["nodes"]}
        return None

    def op_pool_create(self, op):
        if not is_valid_principal(op.get("owner")):
            raise Invalid("INVAL")
        label = op.get("label")
        if "label" in op and not label_ok(label):
            raise Invalid("INVAL")
        acl = parse_acl(op["acl"]) if "acl" in op else parse_acl(DEFAULT_POOL_ACL)
        self.check_pool_props(op.get("props"))
        if label is not None and any(p["label"] == label for p in self.pools):
            raise Invalid("EXIST")
        self.serial += 1
        pool = {"id": "%08x-0000-4000-8000-00000000a11d" % self.serial, "label": label, "owner": op["owner"]["user"], "group": op["owner"]["groups"][0], "acl": acl}
        self.pools.append(pool)
        return pool["id"]

    def check_pool_props(self, entries):
        if entries is None:
            return
        if not isinstance(entries, list):
            raise Invalid("INVAL")
        seen = []
        for e in entries:
            if not (isinstance(e, list) and len(e) == 2 and isinstance(e[0], str)) or e[0] not in ("rd_fac", "ec_cell_sz") or e[0] in seen:
                raise Invalid("INVAL")
            seen.append(e[0])
            name, value = e
            if name == "rd_fac" and not (is_int(value, 0, 4) and value + 1 <= self.system["nodes"]):
                raise Invalid("INVAL")
            if name == "ec_cell_sz" and not (is_int(value, EC_CELL_MIN, EC_CELL_MAX) and value % EC_CELL_ALIGN == 0):
                raise Invalid("INVAL")

    def op_pool_destroy(self, op):
        if not reference_ok(op.get("pool")):
            raise Invalid("INVAL")
        pool = self.find_pool(op["pool"])
        if pool is None:
            raise Invalid("NONEXIST")
        pohs = [h for h, v in self.handles.items() if v["pool"] is pool]
        if pohs and not op.get("force"):
            raise Invalid("BUSY")
        for h in pohs:
            del self.handles[h]
        self.pools.remove(pool)
        return None

    def op_pool_connect(self, op):
        principal, mode = op.get("principal"), op.get("mode")
        if not is_valid_principal(principal) or mode not in ("RO", "RW", "EX"):
            raise Invalid("INVAL")
        if not reference_ok(op.get("pool")):
            raise Invalid("INVAL")
        pool = self.find_pool(op["pool"])
        if pool is None:
            raise Invalid("NONEXIST")
        if pool_caps(evaluate_acl(pool["acl"], pool["owner"], pool["group"], principal), mode) == 0:
            raise Invalid("NO_PERM")
        others = [v for v in self.handles.values() if v["pool"] is pool]
        if mode == "EX" and others and self.plant_bug != "ex-connect":
            raise Invalid("BUSY")
        if any(v["mode"] == "EX" for v in others):
            raise Invalid("BUSY")
        poh = self.next_handle
        self.next_handle += 1
        self.handles[poh] = {"pool": pool, "mode": mode}
        return poh

    def op_pool_disconnect(self, op):
        if op.get("poh") not in self.handles:
            raise Invalid("NO_HDL")
        del self.handles[op["poh"]]
        return None

    def op_pool_listContainers(self, op):
        if op.get("poh") not in self.handles:
            raise Invalid("NO_HDL")
        return []


# ---------------------------------------------------------------- the protocol loop

def main(argv):
    plant_bug = None
    if len(argv) == 2 and argv[0] == "--plant-bug" and argv[1] == "ex-connect":
        plant_bug = argv[1]
    elif argv:
        sys.stderr.write("usage: pool_adapter.py [--plant-bug ex-connect]\n")
        return 2
    out = sys.stdout

    def send(message):
        out.write(json.dumps(message, separators=(",", ":")) + "\n")
        out.flush()

    send({"type": "hello", "protocol": PROTOCOL, "name": "python-pool" + ("+bug:" + plant_bug if plant_bug else ""),
          "capabilities": {"opKinds": OP_KINDS, "deterministic": True, "invariants": False, "placementHook": False}})
    system = None
    for line in sys.stdin:
        message = json.loads(line)
        kind = message["type"]
        if kind == "start":
            system = PoolSystem(plant_bug)
            send({"type": "started"})
        elif kind == "op":
            try:
                send({"type": "outcome", "outcome": {"ok": True, "value": system.apply(message["op"])}})
            except Invalid as e:
                send({"type": "outcome", "outcome": {"ok": False, "err": str(e)}})
            except Exception as e:  # a bug of this system: the harness reports a divergence
                send({"type": "threw", "message": "%s: %s" % (type(e).__name__, e)})
        elif kind == "invariants":
            send({"type": "invariants", "broken": None})
        elif kind == "bye":
            return 0
        else:
            sys.stderr.write("unknown message type %r\n" % kind)
            return 3
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
