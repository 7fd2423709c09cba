"""Suite definitions of the golden-match corpus (input of tools/generate.py).

Every suite: slug, desc, hba (str or bytes: exact file content), optional files
({relative path: content}), ident (pg_ident.conf), hosts (hosts(5) content),
roles ([{name, superuser, member_of}]) and cases.  Nothing here is an expected
result: generate.py asks the real servers.
"""

from itertools import product


# ------------------------------------------------------------------ helpers
def L(user, db=None, enc="none", rep="none", os_user=None):
    c = {"type": "local", "user": user, "encryption": enc, "replication": rep}
    if db is not None:
        c["database"] = db
    if os_user is not None:
        c["os_user"] = os_user
    return c


def H(addr, user, db=None, enc="none", rep="none"):
    c = {"type": "host", "address": addr, "user": user, "encryption": enc,
         "replication": rep}
    if db is not None:
        c["database"] = db
    return c


def R(name, superuser=False, member_of=()):
    return {"name": name, "superuser": superuser, "member_of": list(member_of)}


def hosts_cross(addrs, users, dbs, encs=("none",), reps=("none",)):
    return [H(a, u, d, e, r) for a, u, d, e, r in product(addrs, users, dbs, encs, reps)]


def local_cross(users, dbs, encs=("none",), reps=("none",)):
    return [L(u, d, e, r) for u, d, e, r in product(users, dbs, encs, reps)]


# alice -> grp ; bob -> sub -> grp (indirect) ; carol: none ; boss: superuser, no
# membership ; admin2: superuser and member of grp
STD_ROLES = [R("grp"), R("sub", member_of=["grp"]), R("alice", member_of=["grp"]),
             R("bob", member_of=["sub"]), R("carol"), R("boss", superuser=True),
             R("admin2", superuser=True, member_of=["grp"])]

LOOP4 = ["127.0.0.1", "127.0.0.2"]
NET4 = ["192.0.2.50", "198.51.100.100", "203.0.113.9"]
NET6 = ["2001:db8:1::50", "2001:db8:2::9"]
ALL_ADDR = LOOP4 + ["::1"] + NET4 + NET6

SUITES = []


def suite(slug, desc, hba, cases, roles=None, files=None, ident=None, hosts=None):
    SUITES.append({"slug": slug, "desc": desc, "hba": hba, "cases": cases,
                   "roles": STD_ROLES if roles is None else roles,
                   "files": files, "ident": ident, "hosts": hosts})


# =================================================================== first match
suite("first-match-overlap",
      "First matching line wins among overlapping local/host/hostssl rules; later broader lines are never reached.",
      """\
# first match wins; later, broader lines are never reached
local   all         alice                    reject
local   db1         all                      trust
local   all         all                      scram-sha-256
host    db1         bob     127.0.0.1/32     reject
host    all         bob     127.0.0.0/8      trust
host    all         all     127.0.0.0/24     password
host    all         all     ::1/128          md5
host    all         alice   0.0.0.0/0        reject
hostssl all         all     all              scram-sha-256
host    all         all     all              trust
""",
      local_cross(["alice", "bob", "carol", "ghost"], ["db1", "db2", None])
      + hosts_cross(["127.0.0.1", "127.0.0.2", "127.1.2.3", "::1", "192.0.2.50",
                     "2001:db8:1::50"], ["alice", "bob", "carol"], ["db1", "db2"])
      + hosts_cross(["127.0.0.1", "192.0.2.50", "2001:db8:1::50"], ["alice", "carol"],
                    ["db1"], encs=["ssl"]))

suite("conntype-transport-matrix",
      "Each connection type against Unix socket, TCP, TLS and a GSSENC request (answered N: the connection continues unencrypted).",
      """\
local        tlocal  all               trust
host         thost   all  0.0.0.0/0    trust
host         thost   all  ::/0         trust
hostssl      tssl    all  all          trust
hostnossl    tnossl  all  all          trust
hostgssenc   tgss    all  all          trust
hostnogssenc tnogss  all  all          trust
""",
      [L("alice", d, e) for d in ["tlocal", "thost", "tssl", "tnossl", "tgss", "tnogss"]
       for e in ["none", "gss"]]
      + hosts_cross(["127.0.0.1", "::1", "192.0.2.50"], ["alice"],
                    ["tlocal", "thost", "tssl", "tnossl", "tgss", "tnogss"],
                    encs=["none", "ssl", "gss"])
      + hosts_cross(["2001:db8:1::50"], ["alice"], ["thost", "tssl", "tnossl", "tgss", "tnogss"],
                    encs=["none", "ssl", "gss"]))

suite("conntype-order",
      "Order of hostgssenc/hostssl/hostnossl/hostnogssenc/host lines for the same user decides per transport.",
      """\
hostgssenc   all all  all           reject
hostssl      all u1   all           trust
hostnossl    all u1   all           reject
hostnogssenc all u2   all           password
host         all u2   all           reject
hostnossl    all u3   127.0.0.1/32  trust
hostnogssenc all u3   all           reject
hostssl      all u4   ::1/128       md5
local        all all                reject
host         all all  all           password
""",
      [L(u) for u in ["u1", "u2", "u3", "u4"]]
      + hosts_cross(["127.0.0.1", "::1", "192.0.2.50"], ["u1", "u2", "u3", "u4"], ["db"],
                    encs=["none", "ssl", "gss"]),
      roles=[R("u1"), R("u2"), R("u3"), R("u4")])

suite("hostssl-remote-replication",
      "hostssl / hostnossl for IPv6 and remote clients, with physical and logical replication over TLS.",
      """\
hostssl    replication  all   2001:db8:1::/64   trust
hostnossl  replication  all   2001:db8:1::/64   reject
hostssl    all          all   192.0.2.0/24      scram-sha-256
hostnossl  all          alice 192.0.2.0/24      trust
hostssl    all          all   ::/0              password
hostnossl  all          all   ::/0              reject
host       replication  all   all               md5
""",
      hosts_cross(["2001:db8:1::50", "192.0.2.50", "::1", "127.0.0.1", "2001:db8:2::9"],
                  ["alice", "bob"], ["db"], encs=["none", "ssl"],
                  reps=["none", "physical", "logical"]))

suite("gssenc-request",
      "A GSSENC request is refused (no GSSAPI build) and the attempt continues unencrypted: hostgssenc never matches, hostnogssenc and hostnossl do.",
      """\
hostgssenc   all    all   all           trust
hostgssenc   all    all   127.0.0.1/32  reject
hostnogssenc g1     all   all           trust
hostnossl    g2     all   all           trust
hostssl      g3     all   all           trust
hostnogssenc g3     all   all           reject
local        g4     all                 trust
host         all    all   ::1/128       md5
""",
      local_cross(["alice"], ["g1", "g2", "g3", "g4"], encs=["none", "gss"])
      + hosts_cross(["127.0.0.1", "::1", "192.0.2.50", "2001:db8:1::50"], ["alice"],
                    ["g1", "g2", "g3", "g4"], encs=["gss", "none", "ssl"])
      + hosts_cross(["127.0.0.1", "::1"], ["alice"], ["g1", "g3"], encs=["gss"],
                    reps=["physical", "logical"]))

# =================================================================== replication
suite("replication-keyword-vs-all",
      "Physical replication matches only the replication keyword (never all); logical replication matches like a normal connection and never replication.",
      """\
host  replication  rep   127.0.0.0/8  trust
host  all          rep   127.0.0.0/8  password
host  all          rep3  ::1/128      trust
host  replication  rep3  ::1/128      reject
host  db1          rep4  all          trust
host  replication  all   all          md5
host  all          all   all          scram-sha-256
""",
      hosts_cross(["127.0.0.1"], ["rep"], ["replication", "db1", "x", None],
                  reps=["none", "physical", "logical"])
      + hosts_cross(["::1"], ["rep3"], ["replication", "db1", None],
                    reps=["none", "physical", "logical"])
      + hosts_cross(["192.0.2.50", "127.0.0.1"], ["rep4", "carol"], ["replication", "db1"],
                    reps=["none", "physical", "logical"]),
      roles=[R("rep"), R("rep3"), R("rep4"), R("carol")])

suite("replication-quoted-keywords",
      "Quoted \"replication\" and \"all\" are database names: physical replication does not match them, logical/normal connections to those names do.",
      """\
local  "replication"  alice        trust
local  "all"          alice        password
local  replication    bob          trust
local  "replication"  bob          reject
host   "replication"  all   all    trust
host   "all"          all   all    md5
host   Replication    all   all    password
host   REPLICATION    all   all    reject
""",
      local_cross(["alice", "bob"], ["replication", "all", "x"],
                  reps=["none", "physical", "logical"])
      + hosts_cross(["127.0.0.1", "::1"], ["carol"],
                    ["replication", "all", "Replication", "REPLICATION", "x"],
                    reps=["none", "physical", "logical"]))

suite("replication-local-socket",
      "Replication over the Unix socket: local replication lines, logical vs physical, with reject fallbacks.",
      """\
local  replication  alice       trust
local  replication  +grp        password
local  all          bob         trust
local  replication  all         reject
local  sameuser     all         md5
local  all          all         trust
""",
      local_cross(["alice", "bob", "carol", "boss", "admin2", "ghost"],
                  ["alice", "db", None], reps=["none", "physical", "logical"]))

suite("replication-db-lists",
      "replication inside database lists (replication,db1 / all,replication / sameuser,replication) for normal, physical and logical connections.",
      """\
host  replication,db1   alice  all   trust
host  all,replication   bob    all   trust
host  sameuser,replication carol all password
host  db2,"replication" boss   all   trust
host  samerole,db3      all    all   md5
host  all               all    all   reject
""",
      hosts_cross(["127.0.0.1", "2001:db8:1::50"], ["alice", "bob", "carol", "boss", "admin2"],
                  ["db1", "replication", "carol", "grp", "db3", None],
                  reps=["none", "physical", "logical"]))

# =================================================================== messages
NOENTRY_HBA = """\
# nothing here matches the cases
local   nodb  nouser           trust
host    nodb  nouser  all      trust
"""
suite("messages-noentry-loopback",
      "Implicit no-entry FATAL texts for IPv4 and IPv6 loopback: normal, SSL, GSSENC request, physical and logical replication, default database.",
      NOENTRY_HBA,
      hosts_cross(["127.0.0.1", "::1"], ["alice", "ghost"], ["db", None],
                  encs=["none", "ssl", "gss"], reps=["none", "physical", "logical"]))

suite("messages-noentry-remote",
      "Implicit no-entry FATAL texts for remote IPv4/IPv6 clients (numeric client address in the message).",
      NOENTRY_HBA,
      hosts_cross(["192.0.2.50", "203.0.113.9", "2001:db8:1::50", "2001:db8:2::9"],
                  ["alice"], ["db"], encs=["none", "ssl"],
                  reps=["none", "physical", "logical"]))

suite("messages-noentry-local",
      "Implicit no-entry FATAL texts for Unix-socket connections ([local]), incl. replication and a GSSENC request.",
      NOENTRY_HBA,
      local_cross(["alice", "ghost", "Bob Smith"], ["db", None, "my db"], encs=["none", "gss"],
                  reps=["none", "physical", "logical"]),
      roles=STD_ROLES + [R("Bob Smith")])

suite("messages-reject-all-types",
      "Explicit reject FATAL texts (pg_hba.conf rejects ...) for local, IPv4, IPv6, SSL, GSSENC request, remote.",
      """\
# explicit rejects
local    all  all         reject

host     all  all  all    reject
""",
      local_cross(["alice", "ghost"], ["db", None], encs=["none", "gss"],
                  reps=["none", "physical", "logical"])
      + hosts_cross(["127.0.0.1", "::1", "192.0.2.50", "2001:db8:1::50"], ["alice"],
                    ["db", None], encs=["none", "ssl", "gss"],
                    reps=["none", "physical", "logical"]))

suite("messages-reject-replication",
      "Reject only replication (physical) while normal and logical connections fall through to other lines or to no-entry.",
      """\
local  replication  all         reject
host   replication  all   all   reject
host   all          alice all   trust
local  all          alice       trust
""",
      local_cross(["alice", "bob"], ["db", "replication"], reps=["none", "physical", "logical"])
      + hosts_cross(["127.0.0.1", "::1", "192.0.2.50"], ["alice", "bob"], ["db"],
                    encs=["none", "ssl"], reps=["none", "physical", "logical"]))

# =================================================================== sameuser / samerole
suite("sameuser-local",
      "sameuser matches db = user (exact, case-sensitive); quoted \"sameuser\" is a database name.",
      """\
local  sameuser    all       trust
local  "sameuser"  all       password
local  SameUser    all       md5
local  all         all       reject
""",
      local_cross(["alice", "Alice", "ghost", "boss"],
                  ["alice", "Alice", "ALICE", "ghost", "sameuser", "SameUser", "db", None])
      + local_cross(["alice", "ghost"], ["alice", "db"], reps=["physical", "logical"]),
      roles=STD_ROLES + [R("Alice")])

suite("samerole-samegroup-local",
      "samerole/samegroup: direct and indirect membership in a role named like the database, the user itself counts, superusers are not implicit members.",
      """\
local  samerole    alice,bob,sub,grp   trust
local  samegroup   all                 password
local  "samerole"  all                 md5
local  all         all                 reject
""",
      local_cross(["alice", "bob", "sub", "grp", "carol", "boss", "admin2", "ghost"],
                  ["grp", "sub", "alice", "carol", "boss", "samerole", "samegroup", "ghost"]))

suite("samerole-host-indirect",
      "samegroup/samerole on host lines with a three-level role chain; logical replication uses them too.",
      """\
host  samegroup  all   127.0.0.1/32    trust
host  samerole   all   ::1/128         scram-sha-256
host  samerole   all   192.0.2.0/24    reject
host  all        all   all             password
""",
      hosts_cross(["127.0.0.1", "::1", "192.0.2.50"], ["u3", "lvl2", "lvl1", "top", "other"],
                  ["top", "lvl1", "lvl2", "u3", "other"], reps=["none", "logical"]),
      roles=[R("top"), R("lvl1", member_of=["top"]), R("lvl2", member_of=["lvl1"]),
             R("u3", member_of=["lvl2"]), R("other", superuser=True)])

suite("superuser-not-member",
      "Superusers match +role / samerole only through real membership.",
      """\
host   all     +grp    all   trust
host   grp     all     all   password
local  samerole all          trust
local  all     +sub          md5
local  all     all           reject
""",
      hosts_cross(["127.0.0.1", "2001:db8:1::50"], ["boss", "admin2", "alice", "bob", "carol"],
                  ["grp", "db"])
      + local_cross(["boss", "admin2", "alice", "bob", "carol", "sub"], ["grp", "sub", "db"]))

# =================================================================== +role
suite("plus-role-local",
      "+role membership: direct, indirect, the user itself, quoted \"+grp\" (literal role), bare +, +nonexistent, +\"sub\", case of the role name.",
      """\
local  d1  +grp       trust
local  d2  "+grp"     trust
local  d3  +          trust
local  d4  +ghost     trust
local  d5  +alice     trust
local  d6  +"sub"     trust
local  d7  +Grp       trust
local  d8  +sub,carol trust
local  all all        reject
""",
      local_cross(["alice", "bob", "sub", "grp", "carol", "boss", "admin2", "+grp", "+",
                   "ghost", "dave"],
                  ["d1", "d2", "d3", "d4", "d5", "d6", "d7", "d8"]),
      roles=STD_ROLES + [R("+grp"), R("+"), R("Grp"), R("dave", member_of=["Grp"])])

suite("plus-role-host-replication",
      "+role on host lines and with physical replication (replication keyword plus role membership).",
      """\
host  replication  +repl    all   trust
host  replication  all      all   reject
host  all          +repl    all   password
host  all          +grp     ::1/128   trust
host  all          all      all   md5
""",
      hosts_cross(["127.0.0.1", "::1", "192.0.2.50"], ["r1", "r2", "alice", "carol"],
                  ["db"], reps=["none", "physical", "logical"]),
      roles=STD_ROLES + [R("repl"), R("r1", member_of=["repl"]), R("r2", member_of=["r1"])])

# =================================================================== tokens / lists
suite("user-list-tokens",
      "User field lists and quoting: a,b / \"a,b\" / comma across blanks / al\"ice\" / \"all\" / al\"l\" / \"\"all / bare @ / replication / ALL.",
      """\
local d1  alice,bob         trust
local d2  "alice,bob"       trust
local d3  alice,  carol     trust
local d4  al"ice"           trust
local d5  "all"             trust
local d6  al"l"             trust
local d7  ""all             trust
local d8  @                 trust
local d9  replication       trust
local d10 ALL               trust
local all all               reject
""",
      local_cross(["alice", "bob", "carol", "all", "alice,bob", "@", "replication", "ALL"],
                  ["d1", "d2", "d3", "d4", "d5", "d6", "d7", "d8", "d9", "d10"]),
      roles=[R("alice"), R("bob"), R("carol"), R("all"), R("alice,bob"), R("@"),
             R("replication"), R("ALL")])

suite("db-list-tokens",
      "Database field lists and quoting: db1,db2 / \"db3,db4\" / \"all\" / ALL / al\"l\" / quoted sameuser/samerole/samegroup / Replication.",
      """\
local db1,db2     all    trust
local "db3,db4"   all    trust
local "all"       all    trust
local ALL         all    trust
local "sameuser"  all    trust
local "samerole"  all    trust
local "samegroup" all    trust
local Replication all    trust
local al"l"       carol  trust
local all         all    reject
""",
      local_cross(["alice", "carol"],
                  ["db1", "db2", "db3", "db4", "db3,db4", "all", "ALL", "All", "sameuser",
                   "samerole", "samegroup", "Replication", "replication", "other"]))

suite("special-char-names",
      "Quoted names with blanks, commas, quotes and # ; an unquoted # starts a comment even inside a token; trailing comma after the method.",
      """\
local "my db"       "john doe"      trust
local all           "u,1"           trust
local all           "u ""2\"""       trust
local all           "#x"            trust
local all           x               trust#comment
local all           y               trust,
local "d""q"        all             trust
local all           all             reject
""",
      local_cross(["john doe", "u,1", 'u "2"', "#x", "x", "x#comment", "y", "carol"],
                  ["my db", "db", 'd"q']),
      roles=[R("john doe"), R("u,1"), R('u "2"'), R("#x"), R("x"), R("x#comment"), R("y"),
             R("carol")])

suite("quoted-keywords-matrix",
      'Quote-first rule: "all", ""all and a"ll" in database and user fields, physical replication vs all.',
      """\
host  "all"   all     127.0.0.1/32   trust
host  ""all   bob     127.0.0.1/32   trust
host  a"ll"   carol   127.0.0.1/32   trust
host  db      "all"   127.0.0.1/32   trust
host  db      a"ll"   ::1/128        trust
host  all     all     all            reject
""",
      hosts_cross(["127.0.0.1", "::1"], ["alice", "bob", "carol", "all"],
                  ["all", "db", "x"], reps=["none", "physical", "logical"]),
      roles=STD_ROLES + [R("all")])

# =================================================================== regex
suite("regex-db",
      "Regular-expression database tokens (16+): unanchored search, anchors, (?i), quoted \"/^x\" is still a regex; on 13-15 they are literal names.",
      """\
host "/^x"          all  127.0.0.1/32  trust
host /^db[0-9]+$    all  127.0.0.1/32  trust
host /(?i)^sales    all  127.0.0.1/32  trust
host /y             all  127.0.0.1/32  trust
host /^db1          all  ::1/128       trust
host /\\.prod$       all  ::1/128       trust
host all            all  all           reject
""",
      hosts_cross(["127.0.0.1"], ["alice"],
                  ["xyz", "x", "/^x", "db1", "db10", "db1a", "dbx", "Sales", "SALES_eu",
                   "presales", "abyz", "/y", "/^db[0-9]+$", "/(?i)^sales", "Y"])
      + hosts_cross(["::1"], ["alice"], ["db1", "db10", "db2", "/^db1", "app.prod",
                                         "app-prod", "app.prod.x", "/\\.prod$"]))

suite("regex-user",
      "Regular-expression user tokens (16+): ^adm_, (?i)^ops$, a.c, unanchored; literal on 13-15.",
      """\
local all  /^adm_          trust
local all  "/(?i)^ops$"    password
local all  /^a.c$          md5
local all  /svc            scram-sha-256
local all  all             reject
""",
      local_cross(["adm_x", "xadm_", "ops", "OPS", "Ops", "opsx", "a.c", "abc", "abcd",
                   "mysvc1", "SVC", "/^adm_", "/(?i)^ops$", "/svc"], ["db"]),
      roles=[R(n) for n in ["adm_x", "xadm_", "ops", "OPS", "Ops", "opsx", "a.c", "abc", "abcd",
                            "mysvc1", "SVC", "/^adm_", "/(?i)^ops$", "/svc"]])

suite("regex-mixed-lists",
      "Regex tokens inside lists, next to keywords, regex cut by # (comment), quoted regex with a blank (16+; literal on 13-15).",
      """\
local d1   alice,/^b           trust
local d2   /^a#b               trust
local d3   "/^c d"             trust
local /^r,d4 +grp              trust
local d5   /^[[:digit:]]+$     trust
local all  all                 reject
""",
      local_cross(["alice", "bob", "bert", "carol", "c dx", "/^c d", "/^a", "a#b", "/^b",
                   "123", "12a"], ["d1", "d2", "d3", "d4", "d5", "r1", "/^r"]),
      roles=STD_ROLES + [R(n) for n in ["bert", "c dx", "/^c d", "/^a", "a#b", "/^b", "123",
                                        "12a"]])

suite("regex-invalid",
      "An invalid regular expression makes the file fail to load on 16+; on 13-15 the token is a literal name.",
      """\
local all  /(       trust
local all  all      reject
""",
      local_cross(["/(", "alice"], ["db", None]) + hosts_cross(["127.0.0.1"], ["alice"], ["db"]),
      roles=STD_ROLES + [R("/(")])

suite("regex-in-atfile",
      "Regex tokens coming from an @file (16+); on 13-15 literal names.",
      """\
local  @dbs.txt   @users.txt   trust
local  all        all          reject
""",
      local_cross(["tmp_1", "alice", "/^tmp_", "bob"], ["arch_2024", "db", "/^arch_", "x"]),
      files={"users.txt": "/^tmp_\nalice\n", "dbs.txt": "/^arch_ db\n"},
      roles=STD_ROLES + [R("tmp_1"), R("/^tmp_")])

# =================================================================== @file
suite("atfile-users",
      "@file lists in the user field: comments, quoted names, lists on one line, keyword all in a file, @file inside a list.",
      """\
local  d1   @users.txt         trust
local  d2   carol,@admins.txt  trust
local  d3   @kw.txt            trust
local  d4   @quoted.txt        trust
local  all  all                reject
""",
      local_cross(["alice", "bob", "carol", "dave", "boss", "all", "eve", "frank"],
                  ["d1", "d2", "d3", "d4"]),
      files={"users.txt": "alice\nbob # bob too\n# dave is not here\n",
             "admins.txt": "boss, dave\n",
             "kw.txt": "all\n",
             "quoted.txt": "\"all\"\n\"eve\",frank\n"},
      roles=STD_ROLES + [R("dave"), R("all"), R("eve"), R("frank")])

suite("atfile-dbs-nested",
      "@file in the database field, nested @file resolved relative to the including file's directory, all keyword from a file.",
      """\
local  @dbs.txt          alice    trust
local  @sub/more.txt     bob      trust
local  @kw.txt           carol    trust
local  "@dbs.txt"        all      trust
local  all               all      reject
""",
      local_cross(["alice", "bob", "carol"],
                  ["db1", "db2", "db3", "inner1", "anything", "@dbs.txt", "sub/inner.txt"]),
      files={"dbs.txt": "db1 db2\n",
             "sub/more.txt": "db3\n@inner.txt\n",
             "sub/inner.txt": "inner1\n",
             "kw.txt": "# keyword\nall\n"})

suite("atfile-quoted-path",
      "@\"file with blank\" is an inclusion; \"@x\" is a literal; @file on host lines.",
      """\
host  all   @"my users.txt"   127.0.0.1/32   trust
host  all   "@my"             127.0.0.1/32   password
host  @dbs  all               ::1/128        trust
host  all   all               all            reject
""",
      hosts_cross(["127.0.0.1", "::1"], ["alice", "bob", "@my", "carol"], ["db", "adb", "x"]),
      files={"my users.txt": "alice,bob\n", "dbs": "adb\n"},
      roles=STD_ROLES + [R("@my")])

# =================================================================== include (16+)
suite("include-basic",
      "include / include_if_exists (missing) splice rules in place; matched lines report the included file (16+). 13-15 cannot load the file.",
      """\
local  all  alice   reject
include conf/a.conf
local  all  bob     trust
include_if_exists conf/missing.conf
host   all  all     all   reject
""",
      local_cross(["alice", "bob", "carol", "dave"], ["db", "inc"])
      + hosts_cross(["127.0.0.1", "::1"], ["alice", "bob", "carol"], ["db", "inc"]),
      files={"conf/a.conf": "# included\nlocal  all  bob  password\nlocal  inc  all  trust\n"
                            "host   inc  all  127.0.0.1/32  md5\n"},
      roles=STD_ROLES + [R("dave")])

suite("include-nested-relative",
      "Nested includes resolved relative to the including file, a quoted \"include\" directive, include_if_exists of an existing file (16+).",
      """\
"include" one/first.conf
include_if_exists two.conf
local all all reject
""",
      local_cross(["alice", "bob", "carol", "boss"], ["db", "d2", "d3"])
      + hosts_cross(["127.0.0.1", "::1"], ["alice", "carol"], ["db", "d2"]),
      files={"one/first.conf": "local d2 alice trust\ninclude deeper/second.conf\n"
                               "local d2 bob password\n",
             "one/deeper/second.conf": "\n\nlocal all carol md5\nhost all all 127.0.0.1/32 trust\n",
             "two.conf": "local d3 all trust\nhost all all ::1/128 password\n"})

suite("include-dir-order",
      "include_dir reads *.conf files in name order, skipping other names and dot files; line numbers are per file (16+).",
      """\
local  all  alice  reject
include_dir conf.d
local  all  all    trust
""",
      local_cross(["alice", "bob", "carol", "dave", "eve"], ["db", "x"])
      + hosts_cross(["127.0.0.1", "::1"], ["alice", "bob", "carol", "dave", "eve"], ["db"]),
      files={"conf.d/20-second.conf": "local all bob password\nhost all all 127.0.0.1/32 reject\n",
             "conf.d/10-first.conf": "# first\nlocal all carol md5\nhost all carol all trust\n",
             "conf.d/B.conf": "local all dave trust\n",
             "conf.d/a.conf": "local all eve trust\nlocal all dave reject\n",
             "conf.d/skip.txt": "local all all reject\n",
             "conf.d/.hidden.conf": "local all all reject\n",
             "conf.d/x.conf.bak": "local all all reject\n"},
      roles=STD_ROLES + [R("dave"), R("eve")])

suite("include-atfile-relative",
      "An @file referenced from an included file resolves relative to the included file's directory (16+).",
      """\
include sub/rules.conf
local all all reject
""",
      local_cross(["alice", "bob", "carol"], ["db", "sdb", "x"]),
      files={"sub/rules.conf": "local @dbs.txt @users.txt trust\n",
             "sub/users.txt": "alice\nbob\n",
             "sub/dbs.txt": "sdb\ndb\n",
             "users.txt": "carol\n",
             "dbs.txt": "x\n"})

# =================================================================== IPv4
suite("ipv4-cidr-edges",
      "IPv4 CIDR edge cases: host bits set, /32, /0, prefix written 08 and +16, /31, 10.0.0.0/8.",
      """\
host d1   all 127.0.0.99/24     trust
host d2   all 127.0.0.1/32      trust
host d3   all 0.0.0.0/0         trust
host d4   all 127.0.0.1/08      trust
host d5   all 127.0.0.1/+16     trust
host d6   all 192.0.2.50/31     trust
host d7   all 10.0.0.0/8        trust
host d8   all 198.51.100.0/25   trust
host all  all all               reject
""",
      hosts_cross(["127.0.0.1", "127.0.0.200", "127.0.1.1", "127.1.0.1", "127.200.0.1",
                   "192.0.2.50", "192.0.2.51", "192.0.2.49", "10.1.2.3", "198.51.100.100",
                   "198.51.100.200", "::1"], ["alice"],
                  ["d1", "d2", "d3", "d4", "d5", "d6", "d7", "d8"]))

suite("ipv4-shorthand-forms",
      "inet_aton forms: 10/8 is 0.0.0.10/8, 127.1 is 127.0.0.1, 010.0.0.1 is octal 8.0.0.1, 0x7f.1 is 127.0.0.1, 300.1.1.1 is a host name.",
      """\
host d1   all 10/8           trust
host d2   all 127.1/32       trust
host d3   all 010.0.0.1/32   trust
host d4   all 0x7f.1/32      trust
host d5   all 300.1.1.1      trust
host d6   all 127.0.0.010/32 trust
host d7   all 192.0.2.050/32 trust
host all  all all            reject
""",
      hosts_cross(["10.0.0.10", "10.1.2.3", "127.0.0.1", "8.0.0.1", "10.0.0.1", "127.0.0.8",
                   "127.0.0.10", "192.0.2.40", "192.0.2.50"], ["alice"],
                  ["d1", "d2", "d3", "d4", "d5", "d6", "d7"]))

suite("ipv4-separate-netmask",
      "Address plus separate netmask: contiguous, non-contiguous (255.0.255.255), all-zero, 0.0.0.24 written as 24.",
      """\
host d1   all 127.0.0.0     255.0.0.0        trust
host d2   all 127.0.0.1     255.0.255.255    trust
host d3   all 127.0.0.1     0.0.0.0          trust
host d4   all 127.0.0.1     24               trust
host d5   all 192.0.2.0     255.255.255.192  trust
host d6   all 192.0.2.1     255.255.255.255  trust
host all  all all                            reject
""",
      hosts_cross(["127.0.0.1", "127.5.0.1", "127.0.5.1", "127.0.0.2", "192.0.2.1",
                   "192.0.2.50", "192.0.2.100", "198.51.100.100", "203.0.113.9", "::1"],
                  ["alice"], ["d1", "d2", "d3", "d4", "d5", "d6"]))

suite("ipv4-prefix-boundaries",
      "Prefix boundaries: /25 /26 /30 /1 and 128.0.0.0/1 for loopback and remote IPv4 clients.",
      """\
host all  alice  198.51.100.64/26   trust
host all  alice  198.51.100.0/25    password
host all  alice  192.0.2.48/30      md5
host all  alice  128.0.0.0/1        scram-sha-256
host all  alice  0.0.0.0/1          reject
""",
      hosts_cross(["198.51.100.64", "198.51.100.126", "198.51.100.63", "198.51.100.128",
                   "198.51.100.200", "192.0.2.47", "192.0.2.48", "192.0.2.51", "192.0.2.52",
                   "203.0.113.9", "127.0.0.1", "10.1.2.3", "127.255.255.254"],
                  ["alice", "bob"], ["db"]))

# =================================================================== IPv6
suite("ipv6-ranges",
      "IPv6 ranges: ::1/128, /64, /32, ::/0, host bits set, upper-case hex, separate IPv6 netmask.",
      """\
host d1   all ::1/128                          trust
host d2   all 2001:db8:1::/64                  trust
host d3   all 2001:db8::/32                    trust
host d4   all ::/0                             trust
host d5   all 2001:db8:1::ffff/120             trust
host d6   all 2001:DB8:1::50/128               trust
host d7   all 2001:db8:1::1 ffff:ffff:ffff:ffff::  trust
host all  all all                              reject
""",
      hosts_cross(["::1", "2001:db8:1::1", "2001:db8:1::50", "2001:db8:1::ff50",
                   "2001:db8:1:0:1::5", "2001:db8:2::9", "2001:db9::1", "127.0.0.1",
                   "192.0.2.50"], ["alice"], ["d1", "d2", "d3", "d4", "d5", "d6", "d7"]))

suite("ipv6-forms",
      "Different spellings of ::1 and IPv4-mapped ranges (never match IPv4 clients).",
      """\
host d1   all 0:0:0:0:0:0:0:1/128      trust
host d2   all ::0:1/128                trust
host d3   all ::1 ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff  trust
host d4   all ::ffff:127.0.0.1/128     trust
host d5   all ::ffff:0:0/96            trust
host d6   all ::127.0.0.1/128          trust
host d7   all ::/1                     trust
host all  all all                      reject
""",
      hosts_cross(["::1", "127.0.0.1", "2001:db8:1::50", "192.0.2.50"], ["alice"],
                  ["d1", "d2", "d3", "d4", "d5", "d6", "d7"]))

suite("cross-family",
      "No cross-family matching: 0.0.0.0/0 never matches IPv6, ::/0 never matches IPv4; all matches both.",
      """\
host   all  v4only  0.0.0.0/0    trust
host   all  v6only  ::/0         trust
host   all  both    all          trust
host   all  v4only  all          reject
host   all  v6only  all          reject
""",
      hosts_cross(["127.0.0.1", "::1", "192.0.2.50", "2001:db8:1::50", "203.0.113.9",
                   "2001:db8:2::9"], ["v4only", "v6only", "both", "neither"], ["db"],
                  encs=["none", "ssl"]),
      roles=[R("v4only"), R("v6only"), R("both"), R("neither")])

# =================================================================== samehost / samenet
suite("samehost-samenet",
      "samehost = the server's own addresses, samenet = their subnets; quoted keywords are host names; all vs \"all\".",
      """\
host d1   all samehost     trust
host d2   all samenet      trust
host d3   all "samehost"   trust
host d4   all "samenet"    trust
host d5   all all          trust
host d6   all "all"        trust
host all  all all          reject
""",
      hosts_cross(["127.0.0.1", "127.0.0.2", "127.255.255.254", "192.0.2.1", "192.0.2.50",
                   "192.0.2.254", "198.51.100.1", "198.51.100.100", "198.51.100.200",
                   "203.0.113.9", "::1", "2001:db8:1::1", "2001:db8:1::50", "2001:db8:2::9"],
                  ["alice"], ["d1", "d2", "d3", "d4", "d5", "d6"]))

suite("samenet-boundaries",
      "samehost/samenet ordering and /25 and /64 subnet boundaries with replication and TLS.",
      """\
host   replication all samenet   trust
hostssl all  all  samehost       trust
host    all  all  samehost       password
host    all  all  samenet        md5
host    all  all  all            reject
""",
      hosts_cross(["198.51.100.126", "198.51.100.128", "198.51.100.0", "192.0.2.253",
                   "2001:db8:1::ffff:ffff:ffff:fffe", "2001:db8:1:1::1", "127.0.0.1", "::1",
                   "192.0.2.1"], ["alice"], ["db"], encs=["none", "ssl"],
                  reps=["none", "physical"]))

# =================================================================== host names
HOSTS1 = """\
127.0.0.1	localhost
::1	localhost ip6-localhost ip6-loopback
192.0.2.50	client1.example.com client1 alias1.example.org
192.0.2.60	Mixed.Example.COM
192.0.2.70	web.corp.example.com
2001:db8:1::50	v6host.example.com
203.0.113.9	far.example.net
198.51.100.100	box.example.org
"""
suite("hostnames-exact-suffix",
      "Host-name rules from a hosts file: exact name (case-insensitive), .suffix, a name that is only a suffix, IPv6 names, no reverse entry.",
      """\
host d1   all client1.example.com   trust
host d2   all CLIENT1.Example.Com   trust
host d3   all .example.com          trust
host d4   all .EXAMPLE.COM          trust
host d5   all example.com           trust
host d6   all mixed.example.com     trust
host d7   all v6host.example.com    trust
host d8   all .net                  trust
host d9   all .corp.example.com     trust
host d10  all box.example.org       trust
host all  all all                   reject
""",
      hosts_cross(["192.0.2.50", "192.0.2.60", "192.0.2.70", "2001:db8:1::50", "203.0.113.9",
                   "198.51.100.100", "192.0.2.55", "127.0.0.1"], ["alice"],
                  ["d1", "d2", "d3", "d4", "d5", "d6", "d7", "d8", "d9", "d10"]),
      hosts=HOSTS1)

suite("hostnames-alias-and-localhost",
      "Aliases on the same hosts line never match (only the canonical reverse name); localhost for 127.0.0.1 and ::1.",
      """\
host d1   all client1               trust
host d2   all alias1.example.org    trust
host d3   all ip6-localhost         trust
host d4   all localhost             trust
host d5   all .localhost            trust
host d6   all LOCALHOST             trust
host all  all all                   reject
""",
      hosts_cross(["192.0.2.50", "127.0.0.1", "::1", "127.0.0.2"], ["alice", "bob"],
                  ["d1", "d2", "d3", "d4", "d5", "d6"], encs=["none", "ssl"]),
      hosts=HOSTS1)

suite("hostnames-forward-mismatch",
      "Forward confirmation: a reverse name whose forward lookup does not return the client address never matches; a name listed twice forward-resolves to both addresses.",
      """\
host d1   all liar.example.com   trust
host d2   all .2.99              trust
host d3   all 192.0.2.99/32      trust
host d4   all .example.com       trust
host all  all all                reject
""",
      hosts_cross(["192.0.2.80", "192.0.2.99", "192.0.2.88", "192.0.2.89", "192.0.2.50"],
                  ["alice"], ["d1", "d2", "d3", "d4"]),
      hosts="""\
127.0.0.1	localhost
::1	localhost
192.0.2.99	liar.example.com
192.0.2.80	liar.example.com
192.0.2.88	192.0.2.99
192.0.2.89	ok.example.com
192.0.2.50	client1.example.com
""")

suite("hostnames-quoted-keywords",
      "Quoted \"samehost\", \"samenet\" and \"all\" in the address field are host names looked up in the hosts file.",
      """\
host d1   all "samehost"   trust
host d2   all "samenet"    trust
host d3   all "all"        trust
host d4   all samehost     trust
host d5   all samenet      trust
host all  all all          reject
""",
      hosts_cross(["192.0.2.90", "192.0.2.91", "192.0.2.92", "192.0.2.1", "127.0.0.1",
                   "203.0.113.9", "2001:db8:1::90"], ["alice"], ["d1", "d2", "d3", "d4", "d5"]),
      hosts="""\
127.0.0.1	localhost
::1	localhost
192.0.2.90	samehost
192.0.2.91	samenet
192.0.2.92	all
203.0.113.9	SameHost
2001:db8:1::90	samehost
""")

suite("hostnames-first-match-order",
      "Host-name lines interleaved with numeric and keyword lines; users and databases checked after the address.",
      """\
host  all   alice  client1.example.com  trust
host  db    all    .example.com         password
host  all   bob    192.0.2.0/24         md5
host  all   all    far.example.net      reject
host  all   carol  samenet              trust
host  all   all    localhost            scram-sha-256
hostssl all all    .example.org         trust
""",
      hosts_cross(["192.0.2.50", "192.0.2.60", "192.0.2.55", "203.0.113.9", "198.51.100.100",
                   "127.0.0.1", "::1", "2001:db8:1::50"], ["alice", "bob", "carol"],
                  ["db", "x"], encs=["none", "ssl"]),
      hosts=HOSTS1)

# =================================================================== long names
U70 = "u" + "x" * 69
U63 = U70[:63]
D70 = "d" + "b" * 69
D63 = D70[:63]
UE = "\u00e9" * 40              # 80 bytes; the server keeps 63 bytes: 31 x e9 + 0xC3
UE_CUT = UE.encode("utf-8")[:63]
suite("long-names-user",
      "User names longer than 63 bytes are cut to 63 bytes before matching (also in the middle of a UTF-8 sequence); the full-length token never matches.",
      b"local  all  " + U70.encode() + b"  reject\n"
      + b"local  all  " + U63.encode() + b"  trust\n"
      + b"local  all  " + UE_CUT + b"  trust\n"
      + b"host   all  " + U63.encode() + b"  127.0.0.1/32  password\n"
      + b"host   all  " + U70.encode() + b"  all  trust\n"
      + b"local  all  all  reject\nhost all all all reject\n",
      [L(U70, "db"), L(U63, "db"), L(U63 + "y", "db"), L(U63[:62], "db"), L(UE, "db"),
       L(UE[:31], "db"), H("127.0.0.1", U70, "db"), H("127.0.0.1", U63, "db"),
       H("::1", U70, "db"), H("::1", U63, "db"), L(U70, None), H("127.0.0.1", U70, None),
       L(U70, "db", rep="logical"), H("127.0.0.1", U63 + "zzz", "db", enc="ssl")],
      roles=[R(U63)])

suite("long-names-db",
      "Database names longer than 63 bytes are cut to 63 bytes before matching; sameuser with a long user name and a long default database.",
      b"local  " + D70.encode() + b"  all  reject\n"
      + b"local  " + D63.encode() + b"  all  trust\n"
      + b"local  sameuser  all  password\n"
      + b"host   " + D63.encode() + b"  all  all  md5\n"
      + b"local  all  all  reject\nhost all all all reject\n",
      [L("alice", D70), L("alice", D63), L("alice", D63 + "q"), L("alice", D63[:62]),
       H("127.0.0.1", "alice", D70), H("::1", "alice", D63), H("192.0.2.50", "alice", D70 + "x"),
       L(U70, U70), L(U70, None), L(U70, U63), L("alice", D70, rep="logical"),
       H("127.0.0.1", "alice", D70, rep="logical"), H("127.0.0.1", "alice", "db")],
      roles=STD_ROLES + [R(U63)])

suite("case-sensitivity",
      "Names compare case-sensitively; keywords are case-sensitive (ALL, All, SameUser are names).",
      """\
local  all   Alice     trust
local  DB1   all       password
local  db1   alice     md5
local  All   all       trust
local  all   ALL       trust
local  db2   all       scram-sha-256
local  all   all       reject
""",
      local_cross(["alice", "Alice", "ALICE", "ALL", "bob"], ["db1", "DB1", "Db1", "All", "all",
                                                             "db2", "DB2"]),
      roles=STD_ROLES + [R("Alice"), R("ALICE"), R("ALL")])

# =================================================================== continuation
suite("continuation-basic",
      "Backslash continuation lines (14+): the record takes the line number of its first physical line. 13 treats the backslash as a token and cannot load the file.",
      "local all \\\n      alice trust\n"
      "local db1 bob\\\n trust\n"
      "host all al\\\nl 127.0.0.1/32 \\\n  password\n"
      "\n"
      "local all all \\\n\\\nreject\n",
      local_cross(["alice", "bob", "carol"], ["db1", "db2"])
      + hosts_cross(["127.0.0.1", "::1"], ["alice", "carol"], ["db1"]))

suite("continuation-comment-swallow",
      "A comment ending in a backslash swallows the next line on 14+, but not on 13 (where the file loads with different rules).",
      "# this comment ends with a backslash \\\n"
      "local all alice reject\n"
      "local d1 all trust # note \\\n"
      "local d2 all reject\n"
      "local all all password\n"
      "host all all all trust\n",
      local_cross(["alice", "bob"], ["d1", "d2", "d3"])
      + hosts_cross(["127.0.0.1"], ["alice", "bob"], ["d1", "d2"]))

suite("continuation-quotes-atfile",
      "Continuation inside a quoted name and inside an @file (14+); on 13 the file does not load.",
      "local \"my \\\ndb\" all trust\n"
      "local all @users.txt password\n"
      "local all all reject\n",
      local_cross(["alice", "bob", "carol", "al\\"], ["my db", "db"]),
      files={"users.txt": "al\\\nice,\\\nbob\n"})

# =================================================================== version-dependent loading
suite("invalid-cert-verify-ca",
      "cert clientcert=verify-ca loads on 13 only (14+ refuse the file).",
      """\
hostssl  all  all  all  cert clientcert=verify-ca
local    all  all       trust
host     all  all  all  reject
""",
      local_cross(["alice"], ["db"]) + hosts_cross(["127.0.0.1", "::1"], ["alice"], ["db"],
                                                   encs=["none", "ssl"]))

suite("invalid-clientcert-1",
      "clientcert=1 loads on 13 only (14+ accept only verify-ca / verify-full).",
      """\
hostssl  all  alice  all  trust clientcert=1
hostssl  all  all    all  trust
local    all  all         trust
host     all  all    all  reject
""",
      local_cross(["alice"], ["db"]) + hosts_cross(["127.0.0.1"], ["alice", "bob"], ["db"],
                                                   encs=["none", "ssl"]))

suite("invalid-clientname-on-13",
      "clientname=CN is unknown on 13 (file refused), valid on 14+.",
      """\
hostssl  all  alice  all  trust clientcert=verify-full clientname=CN
hostssl  all  all    all  md5
local    all  all         trust
""",
      local_cross(["alice"], ["db"]) + hosts_cross(["127.0.0.1", "::1"], ["alice", "bob"],
                                                   ["db"], encs=["none", "ssl"]))

suite("invalid-everywhere",
      "A missing netmask makes the whole file invalid on every version (no line matches, not even the valid ones).",
      """\
local  all  all            trust
host   all  all  127.0.0.1 trust
""",
      local_cross(["alice"], ["db"]) + hosts_cross(["127.0.0.1"], ["alice"], ["db"]))

suite("include-on-old-versions",
      "include_dir and include_if_exists lines: 13-15 refuse the file; 16+ load it (empty directory, missing optional file).",
      """\
include_dir empty.d
include_if_exists nothere.conf
local all alice trust
host  all all all reject
""",
      local_cross(["alice", "bob"], ["db"]) + hosts_cross(["127.0.0.1"], ["alice"], ["db"]),
      files={"empty.d/placeholder.txt": "not a .conf file\n"})

# =================================================================== tokenizer quirks
suite("tokenizer-quirks",
      "Quoted connection type, method and address work; trust#comment is trust; blanks and tabs; comment lines count for line numbers.",
      "# leading comment\n\n"
      "\"local\"\td1\talice\t\"trust\"\n"
      "local d2 alice trust#comment\n"
      "host d3 all \"127.0.0.1/32\" trust\n"
      "   host   d4   all   \"::1\"   \"ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff\"   trust  \n"
      "host d5 all 127.0.0.1 \"255.255.255.255\" trust\n"
      "local all all reject\n"
      "host all all all reject\n",
      local_cross(["alice", "bob"], ["d1", "d2", "d3"])
      + hosts_cross(["127.0.0.1", "::1"], ["alice"], ["d1", "d3", "d4", "d5"]))

suite("crlf-no-final-newline",
      "CRLF line endings and a last line without newline; line numbers count physical lines.",
      b"# crlf file\r\nlocal d1 alice trust\r\n\r\nlocal d2 all reject\r\nhost all all ::1/128 trust\r\n"
      b"local all all password",
      local_cross(["alice", "bob"], ["d1", "d2", "d3"]) + hosts_cross(["::1", "127.0.0.1"],
                                                                     ["alice"], ["d1"]))

suite("reject-precedence",
      "reject lines placed before and after broader trust lines; a reject for a group.",
      """\
host   all      +grp    192.0.2.0/24   reject
host   all      all     192.0.2.0/24   trust
local  secret   all                    reject
local  all      +sub                   reject
local  all      all                    trust
hostssl all     all     ::1/128        reject
host   all      all     ::1/128        password
host   all      all     all            reject
""",
      local_cross(["alice", "bob", "carol", "boss"], ["secret", "db"])
      + hosts_cross(["192.0.2.50", "::1", "127.0.0.1"], ["alice", "bob", "carol", "boss"],
                    ["db"], encs=["none", "ssl"]))

suite("cert-clientcert-lines",
      "cert and clientcert=verify-full lines match like any other line (authentication then fails without a client certificate).",
      """\
hostssl  all  alice  all  cert
hostssl  all  bob    all  trust clientcert=verify-full
hostssl  all  carol  all  scram-sha-256 clientcert=verify-ca
host     all  all    all  password
local    all  all         trust
""",
      hosts_cross(["127.0.0.1", "::1", "192.0.2.50"], ["alice", "bob", "carol", "boss"],
                  ["db"], encs=["none", "ssl"]) + local_cross(["alice"], ["db"]))

suite("nonexistent-roles",
      "Nonexistent users match all and their literal name, never +group or samerole; nonexistent groups match nobody.",
      """\
local  all       ghost       password
local  samerole  all         trust
local  db        +ghostgrp   trust
local  db        +grp        md5
local  ghostdb   all         scram-sha-256
local  all       all         reject
host   all       all   all   trust
""",
      local_cross(["ghost", "phantom", "alice", "ghostgrp"], ["db", "grp", "ghostdb", "phantom",
                                                              "ghostgrp"])
      + hosts_cross(["127.0.0.1"], ["phantom"], ["db"], reps=["none", "physical", "logical"]))

# =================================================================== pg_ident / peer
IDENT1 = """\
# MAPNAME  SYSTEM-USERNAME   PG-USERNAME
m1   alice_os          alice
m1   root              bob
m1   /^(.*)_dev$       \\1
m1   /^ops_            carol
m2   /^adm_(.*)$       "\\1"
m2   /^x(.*)y$         pre_\\1_post
m2   /^(a)(b)c$        \\2
m2   extra_os          carol  ignored-extra-field
"""
suite("ident-peer-maps",
      "peer with map=: exact system names, regex with \\1 (also quoted and in the middle), regex without capture, extra fields ignored; ident on local is peer.",
      """\
local  m1db   all   peer map=m1
local  m2db   all   ident map=m2
local  nomap  all   peer
local  empty  all   peer map=
local  nosuch all   peer map=nosuch
local  all    all   trust
""",
      [L(u, d, os_user=o) for (o, u, d) in [
          ("alice_os", "alice", "m1db"), ("alice_os", "bob", "m1db"), ("root", "bob", "m1db"),
          ("root", "alice", "m1db"), ("alice_dev", "alice", "m1db"), ("bob_dev", "bob", "m1db"),
          ("bob_dev", "alice", "m1db"), ("x_dev_dev", "x_dev", "m1db"), ("ops_team", "carol", "m1db"),
          ("xops_team", "carol", "m1db"), ("carol", "carol", "m1db"),
          ("adm_carol", "carol", "m2db"), ("adm_carol", "adm_carol", "m2db"),
          ("xfooy", "pre_foo_post", "m2db"), ("xfooy", "foo", "m2db"), ("abc", "b", "m2db"),
          ("abc", "a", "m2db"), ("extra_os", "carol", "m2db"),
          ("alice", "alice", "nomap"), ("alice_os", "alice", "nomap"), ("root", "root", "nomap"),
          ("carol", "carol", "empty"), ("alice_os", "alice", "empty"),
          ("alice", "alice", "nosuch"), ("alice_os", "alice", "other")]],
      ident=IDENT1,
      roles=STD_ROLES + [R("x_dev"), R("pre_foo_post"), R("foo"), R("b"), R("a"),
                         R("adm_carol"), R("root")])

IDENT16 = """\
m3   bob_os     all
m3   carol_os   +grp
m3   dave_os    /^ali
m3   eve_os     "all"
m3   frank_os   "+grp"
m3   gus_os     \\1
m3   hank_os    "/^ha"
"""
suite("ident-16-keywords",
      "pg_ident PG-USERNAME keywords on 16+: all, +role, /regex (quoted all/+grp are literal); on 13-15 all of them are literal role names.",
      """\
local  all  all  peer map=m3
""",
      [L(u, "db", os_user=o) for (o, u) in [
          ("bob_os", "bob"), ("bob_os", "alice"), ("bob_os", "all"), ("bob_os", "ghost"),
          ("carol_os", "alice"), ("carol_os", "bob"), ("carol_os", "carol"),
          ("carol_os", "+grp"), ("carol_os", "boss"), ("dave_os", "alice"),
          ("dave_os", "malice"), ("dave_os", "/^ali"), ("eve_os", "all"), ("eve_os", "alice"),
          ("frank_os", "+grp"), ("frank_os", "alice"),
          ("gus_os", "\\1"), ("gus_os", "gus_os"), ("hank_os", "hal"),
          ("hank_os", "/^ha"), ("hank_os", "alice")]],
      ident=IDENT16,
      roles=STD_ROLES + [R("all"), R("+grp"), R("/^ali"), R("malice"), R("\\1"), R("hal"), R("/^ha")])

IDENT2 = """\
# first matching line wins; any line with matching names admits
mm   /^r      bob
mm   root     alice
mm   /^(.*)$  \\1
mm   svc      carol
grp  /^(.+)@example\\.com$  \\1
"""
suite("ident-first-match-and-email",
      "pg_ident: several lines for one map (any matching line admits), regex identity map \\1, e-mail style system names.",
      """\
local  grpdb  all  peer map=grp
local  all    all  peer map=mm
""",
      [L(u, d, os_user=o) for (o, u, d) in [
          ("root", "bob", "db"), ("root", "alice", "db"), ("root", "root", "db"),
          ("root", "carol", "db"), ("rx", "bob", "db"), ("svc", "carol", "db"),
          ("svc", "svc", "db"), ("svc", "bob", "db"), ("alice", "alice", "db"),
          ("carol@example.com", "carol", "grpdb"), ("carol@example.com", "alice", "grpdb"),
          ("carol@exampleXcom", "carol", "grpdb"), ("carol", "carol", "grpdb")]],
      ident=IDENT2,
      roles=STD_ROLES + [R("root"), R("svc")])

# =================================================================== more edges
suite("address-hostname-fallbacks",
      "Address tokens that are not numeric become host names (1.2.3.4.5, [::1], \"\", ::1%lo); ::1%1/128 keeps the zone out of matching; fe80::1%1/64.",
      """\
host d1   all ::1%1/128        trust
host d2   all 1.2.3.4.5        trust
host d3   all [::1]            trust
host d4   all ""               trust
host d5   all fe80::1%1/64     trust
host d6   all ::1%lo           trust
host all  all all              reject
""",
      hosts_cross(["::1", "127.0.0.1", "192.0.2.93", "192.0.2.95", "192.0.2.96",
                   "2001:db8:1::50"], ["alice"], ["d1", "d2", "d3", "d4", "d5", "d6"]),
      hosts="""\
127.0.0.1	localhost
::1	localhost
192.0.2.93	1.2.3.4.5
192.0.2.95	[::1]
192.0.2.96	::1%lo
""")

suite("utf8-names-and-regex",
      "Non-ASCII names compare byte-wise; regex '.' and (?i) against multi-byte characters (16+; the postmaster has no database encoding); literal on 13-15.",
      """\
local /^caf.$        r1   trust
local /^caf..$       r2   trust
local /(?i)^CAFÉ$    r3   trust
local /(?i)^café$    r4   trust
local café           all  password
local all            Ærø  md5
local all            all  reject
""",
      local_cross(["r1", "r2", "r3", "r4"], ["café", "CAFÉ", "Café", "cafe", "cafX"])
      + local_cross(["Ærø", "ærø", "alice"], ["café", "db"]),
      roles=STD_ROLES + [R("r1"), R("r2"), R("r3"), R("r4"), R("Ærø"), R("ærø")])

LONGC = "#" + "x" * 24999 + "\n"
OKC = "#" + "y" * 20000 + "\n"
suite("long-comment-line-ok",
      "A 20,001-byte comment line is accepted by every version; later line numbers are unaffected.",
      OKC + "local all alice trust\n" + OKC + "local all all reject\nhost all all all password\n",
      local_cross(["alice", "bob"], ["db"]) + hosts_cross(["127.0.0.1"], ["alice"], ["db"]))

suite("overlong-comment-line",
      "A 25,000-byte comment line: 13 refuses the file (line too long), 14+ load it.",
      "local all bob reject\n" + LONGC + "local all alice trust\nlocal all all reject\n",
      local_cross(["alice", "bob", "carol"], ["db"]))

suite("include-directory-and-empty-atfile",
      "include of a directory includes nothing (16+; 13-15 refuse the include line); an @file that is empty (or, 14+, a directory) contributes no names to its list.",
      """\
include sub
local @empty.txt,db1   all         trust
local db2              @sub,carol  trust
local all              alice       password
local all              all         reject
""",
      local_cross(["alice", "bob", "carol"], ["db1", "db2", "x", "@empty.txt"]),
      files={"empty.txt": "# nothing but a comment\n",
             "sub/placeholder.txt": "local all all trust\n"})

suite("atfile-membership-tokens",
      "An @file may hold +role (membership) and \"+role\" (literal) tokens.",
      """\
local  all   @groups.txt   trust
local  all   all           reject
""",
      local_cross(["alice", "bob", "carol", "+sub", "sub", "boss"], ["db"]),
      files={"groups.txt": "+grp\n\"+sub\"\n"},
      roles=STD_ROLES + [R("+sub")])

suite("plus-role-odd-names",
      "+ takes precedence over everything: +/^g, +\"+grp\", +all and +@x are memberships in roles named /^g, +grp, all, @x; \"+\"grp is the literal +grp.",
      """\
local d1  +/^g       trust
local d2  +"+grp"    trust
local d3  "+"grp     trust
local d4  +all       trust
local d5  +@x        trust
local all all        reject
""",
      local_cross(["ug", "up", "ua", "ux", "alice", "+grp", "all", "/^g", "@x", "gx"],
                  ["d1", "d2", "d3", "d4", "d5"]),
      roles=[R("/^g"), R("+grp"), R("all"), R("@x"), R("ug", member_of=["/^g"]),
             R("up", member_of=["+grp"]), R("ua", member_of=["all"]), R("ux", member_of=["@x"]),
             R("alice"), R("gx")])

suite("empty-atfile-drops-field",
      "An @file that expands to nothing removes the whole field, so the following fields shift and the line (and file) is invalid.",
      """\
local @empty.txt   all   trust
local all          all   reject
""",
      local_cross(["alice"], ["db", "all"]),
      files={"empty.txt": "# nothing but a comment\n"})

suite("atfile-directory",
      "@ naming a directory: an error on 13 (file refused), an empty expansion on 14+ (here inside a list, so the line stays valid).",
      """\
local  db   @sub,carol   trust
local  all  all          reject
""",
      local_cross(["alice", "carol"], ["db", "x"]),
      files={"sub/placeholder.txt": "alice\n"})

suite("regex-empty-and-slash",
      "A lone / is an empty regular expression on 16+ (matches every name) and the literal name / on 13-15.",
      """\
local  /    alice   trust
local  all  /       password
local  all  all     reject
""",
      local_cross(["alice", "bob", "/"], ["db", "/", "x"]),
      roles=STD_ROLES + [R("/")])

suite("ident-map-name-case",
      "pg_ident map names are compared exactly (case-sensitive); a map= naming no line admits nobody.",
      """\
local  a  all  peer map=MM
local  b  all  peer map=mm
local  c  all  peer map=Mm
""",
      [L(u, d, os_user=o) for (o, u, d) in [
          ("root", "alice", "a"), ("root", "bob", "a"), ("root", "alice", "b"),
          ("root", "bob", "b"), ("root", "alice", "c"), ("root", "root", "c"),
          ("carol", "carol", "a"), ("carol", "carol", "b")]],
      ident="MM  root  alice\nmm  root  bob\nmm  carol carol\n",
      roles=STD_ROLES + [R("root")])
