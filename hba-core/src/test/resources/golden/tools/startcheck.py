#!/usr/bin/env python3
"""Cross-check `loads` by a fresh server start (not needed to regenerate the corpus).

  python3 tools/startcheck.py 13.18.0,18.0.0 001-comma-joins-across-blanks ...

For each case and version: copy the oracle's template cluster, point hba_file/ident_file
at a copy of the case directory, start postgres (as nobody, no TCP, no network namespace:
do not use it for RADIUS cases, whose server names would go to the host's resolver;
a case's "settings" are applied) and report whether it became ready; compare with
expected.json's `loads`.  Needs root and pgoracle (see golden.py)."""
import json, os, shutil, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
GOLDEN = os.path.dirname(HERE)
sys.dont_write_bytecode = True
sys.path.insert(0, os.environ.get("PGORACLE_DIR", "/work/shared/tools/pgoracle"))
import pgoracle as po  # noqa: E402

UG = po.server_uid_gid(None)


def starts(ver, case, settings):
    b = po.ensure_binaries(ver)
    t = po.ensure_template(ver, b, UG)
    rd = tempfile.mkdtemp(prefix="golden-start-")
    try:
        os.chmod(rd, 0o755)
        data = os.path.join(rd, "data")
        subprocess.run(["cp", "-a", t, data], check=True)
        conf = os.path.join(rd, "conf")
        shutil.copytree(os.path.join(GOLDEN, case), conf, symlinks=True)
        os.unlink(os.path.join(conf, "expected.json"))
        if not os.path.exists(os.path.join(conf, "pg_ident.conf")):
            open(os.path.join(conf, "pg_ident.conf"), "w").close()
        sock = os.path.join(rd, "sock")
        os.makedirs(sock)
        po.chown_tree(rd, UG)
        with open(os.path.join(data, "postgresql.conf"), "a") as f:
            f.write("\nlisten_addresses = ''\nunix_socket_directories = '%s'\n"
                    "hba_file = '%s/pg_hba.conf'\nident_file = '%s/pg_ident.conf'\n"
                    "lc_messages = 'C'\nport = %d\n" % (sock, conf, conf, po.free_port()))
            for k, v in (settings or {}).items():
                v = {True: "on", False: "off"}.get(v, v)
                f.write("%s = '%s'\n" % (k, v))
        logp = os.path.join(rd, "log")
        with open(logp, "wb") as lf:
            p = subprocess.Popen(po.setpriv_prefix(UG) + [os.path.join(b, "bin", "postgres"),
                                 "-D", data], stdout=lf, stderr=lf, cwd=data)
        res = None
        for _ in range(600):
            time.sleep(0.05)
            with open(logp, errors="replace") as f:
                if "ready to accept connections" in f.read():
                    res = True
                    break
            if p.poll() is not None:
                res = False
                break
        p.terminate()
        p.wait()
        return res
    finally:
        shutil.rmtree(rd, ignore_errors=True)


def main():
    bad = 0
    for case in sys.argv[2:]:
        case = case.rstrip("/")
        meta = json.load(open(os.path.join(GOLDEN, case, "expected.json")))
        exp = meta["versions"]
        for ver in sys.argv[1].split(","):
            if ver not in exp:
                continue
            got = starts(ver, case, meta.get("settings"))
            ok = got == exp[ver]["loads"]
            bad += not ok
            print(ver, case, "starts" if got else "fails", "" if ok else "MISMATCH")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
