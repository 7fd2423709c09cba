package io.github.pghba.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pghba.check.BuildFeatures;
import io.github.pghba.check.PgVersion;
import io.github.pghba.load.HbaLoader;
import io.github.pghba.load.IdentConfig;
import io.github.pghba.load.LoadOptions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Policies and requests with the decisions PostgreSQL makes (spec §9 and the sharp edges of §12). */
class EvalTableTest {
    static final RoleGraph ROLES = RoleGraph.builder().role("alice").role("bob").superuser("postgres")
            .grant("grp", "alice").grant("admins", "grp").build();
    static final Environment ENV = Environment.defaults().withRoles(ROLES)
            .withResolver(HostResolver.hostsFile("127.0.0.1 localhost vm\n192.0.2.10 app.example.com app\n"
                    + "192.0.2.11 liar.example.com\n10.0.0.9 liar.example.com\n"))
            .withInterfaces(List.of(ServerInterface.of("127.0.0.1", 8), ServerInterface.of("::1", 128),
                    ServerInterface.of("192.0.2.1", 24)));

    static Policy policy(int major, String text) {
        return Policy.compile(HbaLoader.with(LoadOptions.defaults().withVersion(PgVersion.of(major))
                .withBuild(BuildFeatures.SSL_ONLY)).parseHba("/t/pg_hba.conf", text), ENV);
    }

    /** The line of the matched rule, 0 for no match; both engines must agree. */
    static int line(Policy p, ConnectionRequest r) {
        Decision fast = p.evaluate(r);
        Decision ref = p.explain(r);
        assertThat(fast.rule()).as("engines agree on %s", r).isEqualTo(ref.rule());
        assertThat(fast.outcome()).isEqualTo(ref.outcome());
        return fast.line().orElse(0);
    }

    @Test
    void firstMatchTopDown() {
        Policy p = policy(16, "local all all peer\nhost all all 127.0.0.1/32 md5\nhost all all 0.0.0.0/0 reject\n");
        assertThat(line(p, ConnectionRequest.local().user("alice"))).isEqualTo(1);
        assertThat(line(p, ConnectionRequest.host("127.0.0.1").user("alice"))).isEqualTo(2);
        Decision d = p.evaluate(ConnectionRequest.host("10.1.2.3").user("alice").database("app"));
        assertThat(d.outcome()).isEqualTo(Decision.Outcome.REJECTED);
        assertThat(d.message().orElseThrow()).contains(
                "pg_hba.conf rejects connection for host \"10.1.2.3\", user \"alice\", database \"app\", no encryption");
        Decision none = p.evaluate(ConnectionRequest.host("::1").ssl().user("bob"));
        assertThat(none.outcome()).isEqualTo(Decision.Outcome.NO_MATCH);
        assertThat(none.message().orElseThrow()).contains(
                "no pg_hba.conf entry for host \"::1\", user \"bob\", database \"bob\", SSL encryption");
    }

    @Test
    void anEmptyDatabaseIsTheUserNameAndAnEmptyUserNeverReachesTheFile() {
        // PostgreSQL 13-18: ProcessStartupPacket treats "" like no database; without a user name it
        // ends the connection before pg_hba.conf is read
        Policy p = policy(16, "host sameuser all 127.0.0.1/32 scram-sha-256\nhost all all 127.0.0.1/32 reject\n");
        assertThat(line(p, ConnectionRequest.host("127.0.0.1").user("alice").database(""))).isEqualTo(1);
        assertThat(line(p, ConnectionRequest.host("127.0.0.1").user("alice"))).isEqualTo(1);
        Policy quoted = policy(16, "host \"\" all 127.0.0.1/32 trust\nhost all all 127.0.0.1/32 reject\n");
        assertThat(line(quoted, ConnectionRequest.host("127.0.0.1").user("alice").database(""))).isEqualTo(2);
        for (ConnectionRequest r : List.of(ConnectionRequest.host("127.0.0.1").database("app"),
                ConnectionRequest.local().user(""))) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> p.evaluate(r))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("no PostgreSQL user name specified in startup packet");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> p.match(r))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void initdbGrantsAmongThePredefinedRolesAreAlwaysThere() {
        // PostgreSQL 13-18: initdb grants pg_read_all_settings, pg_read_all_stats and
        // pg_stat_scan_tables to pg_monitor, so a member of pg_monitor matches +pg_read_all_stats
        RoleGraph roles = RoleGraph.builder().role("mon").grant("pg_monitor", "mon").role("other").build();
        Policy p = Policy.compile(HbaLoader.with(LoadOptions.defaults().withVersion(PgVersion.of(16))
                .withBuild(BuildFeatures.SSL_ONLY)).parseHba("/t/pg_hba.conf",
                        "host all +pg_read_all_stats 127.0.0.1/32 scram-sha-256\nhost all all 127.0.0.1/32 reject\n"),
                Environment.defaults().withRoles(roles));
        assertThat(line(p, ConnectionRequest.host("127.0.0.1").user("mon"))).isEqualTo(1);
        assertThat(line(p, ConnectionRequest.host("127.0.0.1").user("other"))).isEqualTo(2);
        assertThat(roles.isMember("pg_monitor", "pg_stat_scan_tables")).isTrue();
        // listed only as far as the builder was told: they cannot log in
        assertThat(roles.roles()).containsExactly("mon", "pg_monitor", "other");
        assertThat(RoleGraph.builder().build().roles()).isEmpty();
        assertThat(RoleGraph.builder().build().exists("pg_read_all_stats")).isTrue();
    }

    @Test
    void dbUserNamespaceRewritesTheUserBeforeTheFileIsRead() {
        // PostgreSQL 13-16 with db_user_namespace = on (a differential run, PG 13.18-16.9): "user@"
        // is the global user, any other name becomes user@database; the names are cut after that
        String text = "host all alice 127.0.0.1/32 scram-sha-256\nhost all all 127.0.0.1/32 reject\n";
        for (int major = 13; major <= 17; major++) {
            Policy p = Policy.compile(HbaLoader.with(LoadOptions.defaults().withVersion(PgVersion.of(major))
                    .withBuild(BuildFeatures.SSL_ONLY).withSettings(io.github.pghba.check.ServerSettings.DEFAULT
                            .withDbUserNamespace(true))).parseHba("/t/pg_hba.conf", text), ENV);
            boolean rewrites = major <= 16; // 17 removed the setting
            Decision d = p.evaluate(ConnectionRequest.host("127.0.0.1").user("alice").database("db1"));
            assertThat(d.line()).as("PG %d", major).contains(rewrites ? 2 : 1);
            if (rewrites) {
                assertThat(d.message().orElseThrow()).contains("user \"alice@db1\", database \"db1\"");
            }
            assertThat(line(p, ConnectionRequest.host("127.0.0.1").user("alice@").database("db1")))
                    .isEqualTo(rewrites ? 1 : 2);
            Decision global = p.evaluate(ConnectionRequest.host("127.0.0.1").user("ghost@"));
            if (rewrites) {
                assertThat(global.message().orElseThrow()).contains("user \"ghost\", database \"ghost@\"");
                // only a single '@', at the end, marks a global user
                assertThat(p.evaluate(ConnectionRequest.host("127.0.0.1").user("a@b@").database("d")).message()
                        .orElseThrow()).contains("user \"a@b@@d\"");
                String u = "u".repeat(60);
                assertThat(p.evaluate(ConnectionRequest.host("127.0.0.1").user(u).database("db1")).request()
                        .effectiveUser()).isEqualTo(u + "@db");
            }
        }
    }

    @Test
    void messagesPerVersion() {
        Policy p13 = policy(13, "local all postgres peer\n");
        assertThat(p13.evaluate(ConnectionRequest.host("127.0.0.1").user("u").database("d")).message().orElseThrow())
                .contains("no pg_hba.conf entry for host \"127.0.0.1\", user \"u\", database \"d\", SSL off");
        assertThat(p13.evaluate(ConnectionRequest.host("127.0.0.1").ssl().user("u").replication(Replication.LOGICAL))
                .message().orElseThrow()).contains("no pg_hba.conf entry for replication connection from host \"127.0.0.1\", user "
                        + "\"u\", SSL on");
        Policy p14 = policy(14, "local all postgres peer\n");
        assertThat(p14.evaluate(ConnectionRequest.host("127.0.0.1").ssl().user("u").replication(Replication.LOGICAL))
                .message().orElseThrow()).contains("no pg_hba.conf entry for host \"127.0.0.1\", user \"u\", database \"u\", "
                        + "SSL encryption");
        assertThat(p14.evaluate(ConnectionRequest.local().user("u").replication()).message().orElseThrow())
                .contains("no pg_hba.conf entry for replication connection from host \"[local]\", user \"u\", "
                        + "no encryption");
        // GSS encryption is impossible without a GSSAPI build: the connection goes on unencrypted
        assertThat(p14.evaluate(ConnectionRequest.host("127.0.0.1").gss().user("u")).message().orElseThrow())
                .contains("no encryption");
    }

    @Test
    void encryptionThreeStates() {
        Policy p = Policy.compile(HbaLoader.with(LoadOptions.defaults()).parseHba("/t/pg_hba.conf",
                "hostnossl all all all trust\nhostssl all all all md5\nhostgssenc all all all password\n"), ENV);
        assertThat(line(p, ConnectionRequest.host("127.0.0.1").gss().user("a"))).isEqualTo(1);
        assertThat(line(p, ConnectionRequest.host("127.0.0.1").ssl().user("a"))).isEqualTo(2);
        Policy q = Policy.compile(HbaLoader.with(LoadOptions.defaults()).parseHba("/t/pg_hba.conf",
                "hostgssenc all all all trust\nhostnogssenc all all all md5\n"), ENV);
        assertThat(line(q, ConnectionRequest.host("127.0.0.1").gss().user("a"))).isEqualTo(1);
        assertThat(line(q, ConnectionRequest.host("127.0.0.1").ssl().user("a"))).isEqualTo(2);
        // without GSSAPI in the build, hostgssenc never matches and hostnogssenc matches everything
        Policy r = policy(16, "hostgssenc all all all trust\nhostnogssenc all all all md5\n");
        assertThat(line(r, ConnectionRequest.host("127.0.0.1").gss().user("a"))).isEqualTo(2);
    }

    @Test
    void replicationKeyword() {
        Policy p = policy(16, "host all all all trust\nhost replication all all md5\n");
        assertThat(line(p, ConnectionRequest.host("127.0.0.1").user("r").replication())).isEqualTo(2);
        assertThat(line(p, ConnectionRequest.host("127.0.0.1").user("r").replication(Replication.LOGICAL)))
                .isEqualTo(1);
        Policy q = policy(16, "host replication all all trust\nhost \"replication\" all all md5\n");
        assertThat(line(q, ConnectionRequest.host("127.0.0.1").user("r").database("replication"))).isEqualTo(2);
        assertThat(line(q, ConnectionRequest.host("127.0.0.1").user("r").replication(Replication.LOGICAL)
                .database("replication"))).isEqualTo(2);
    }

    @Test
    void samerolePlusRoleAndSuperusers() {
        Policy p = policy(16, "local samerole all trust\nlocal all +admins md5\nlocal all \"+grp\" password\n");
        assertThat(line(p, ConnectionRequest.local().user("alice").database("grp"))).isEqualTo(1);
        assertThat(line(p, ConnectionRequest.local().user("alice").database("admins"))).isEqualTo(1);
        assertThat(line(p, ConnectionRequest.local().user("alice"))).isEqualTo(1); // member of itself
        assertThat(line(p, ConnectionRequest.local().user("alice").database("x"))).isEqualTo(2); // indirect
        assertThat(line(p, ConnectionRequest.local().user("postgres").database("grp"))).isZero(); // no bypass
        assertThat(line(p, ConnectionRequest.local().user("+grp").database("x"))).isEqualTo(3);
        assertThat(line(p, ConnectionRequest.local().user("ghost").database("ghost"))).isZero();
    }

    @Test
    void quotingAndKeywords() {
        Policy p = policy(16, "local al\"l\" bob trust\nlocal \"all\" all md5\nlocal sameuser all password\n");
        assertThat(line(p, ConnectionRequest.local().user("bob").database("x"))).isEqualTo(1);
        assertThat(line(p, ConnectionRequest.local().user("carol").database("all"))).isEqualTo(2);
        assertThat(line(p, ConnectionRequest.local().user("carol"))).isEqualTo(3);
        assertThat(line(p, ConnectionRequest.local().user("Carol").database("carol"))).isZero();
    }

    @Test
    void regexOnSixteenOnly() {
        String text = "local \"/^db1\" all trust\nlocal all /(?i)^ADM md5\n";
        Policy p16 = policy(16, text);
        assertThat(line(p16, ConnectionRequest.local().user("x").database("db10"))).isEqualTo(1);
        assertThat(line(p16, ConnectionRequest.local().user("admin").database("x"))).isEqualTo(2);
        assertThat(line(p16, ConnectionRequest.local().user("x").database("xdb1"))).isZero();
        Policy p15 = policy(15, text);
        assertThat(line(p15, ConnectionRequest.local().user("x").database("db10"))).isZero();
        assertThat(line(p15, ConnectionRequest.local().user("x").database("/^db1"))).isEqualTo(1);
    }

    @Test
    void addressForms() {
        Policy p = policy(16, "host all all 10/8 trust\nhost all all 127.0.0.99/24 md5\n"
                + "host all all 127.9.0.1 255.0.255.255 password\nhost all all ::ffff:127.0.0.1/128 reject\n"
                + "host all all ::/0 scram-sha-256\n");
        assertThat(line(p, ConnectionRequest.host("10.1.2.3").user("u"))).isZero();
        assertThat(line(p, ConnectionRequest.host("0.0.0.10").user("u"))).isEqualTo(1);
        assertThat(line(p, ConnectionRequest.host("127.0.0.1").user("u"))).isEqualTo(2);
        assertThat(line(p, ConnectionRequest.host("127.5.0.1").user("u"))).isEqualTo(3);
        assertThat(line(p, ConnectionRequest.host("127.5.0.2").user("u"))).isZero();
        assertThat(line(p, ConnectionRequest.host("::1").user("u"))).isEqualTo(5);
        assertThat(p.explain(ConnectionRequest.host("10.1.2.3").user("u")).explanation().get(0).reason())
                .isEqualTo("10.1.2.3 is outside 0.0.0.10/8");
    }

    @Test
    void samehostAndSamenet() {
        Policy p = policy(16, "host all all samehost trust\nhost all all samenet md5\n");
        assertThat(line(p, ConnectionRequest.host("127.0.0.1").user("u"))).isEqualTo(1);
        assertThat(line(p, ConnectionRequest.host("127.0.0.2").user("u"))).isEqualTo(2);
        assertThat(line(p, ConnectionRequest.host("192.0.2.77").user("u"))).isEqualTo(2);
        assertThat(line(p, ConnectionRequest.host("198.51.100.1").user("u"))).isZero();
    }

    @Test
    void hostNames() {
        Policy p = policy(16, "host all all vm trust\nhost all all APP.example.com md5\n"
                + "host all all .example.com password\nhost all all \"samehost\" reject\n");
        assertThat(line(p, ConnectionRequest.host("127.0.0.1").user("u"))).isZero(); // reverse gives localhost
        assertThat(line(p, ConnectionRequest.host("192.0.2.10").user("u"))).isEqualTo(2);
        // forward lookup of liar.example.com returns both addresses, so both verify
        assertThat(line(p, ConnectionRequest.host("192.0.2.11").user("u"))).isEqualTo(3);
        assertThat(line(p, ConnectionRequest.host("192.0.2.99").user("u"))).isZero(); // no reverse entry
        Policy q = Policy.compile(HbaLoader.with(LoadOptions.defaults()).parseHba("/t/pg_hba.conf",
                "host all all .example.com trust\n"), ENV.withResolver(HostResolver.hostsFile(
                        "192.0.2.11 liar.example.com\n10.0.0.9 other.example.com\n")));
        assertThat(line(q, ConnectionRequest.host("192.0.2.11").user("u"))).isEqualTo(1);
        Policy liar = Policy.compile(HbaLoader.with(LoadOptions.defaults()).parseHba("/t/pg_hba.conf",
                "host all all .example.com trust\n"), ENV.withResolver(new HostResolver() {
                    @Override
                    public Optional<String> reverse(byte[] address) {
                        return Optional.of("liar.example.com");
                    }

                    @Override
                    public List<byte[]> forward(String name) {
                        return List.of(new byte[] {10, 0, 0, 9});
                    }
                }));
        assertThat(line(liar, ConnectionRequest.host("192.0.2.11").user("u"))).isZero();
        assertThat(liar.explain(ConnectionRequest.host("192.0.2.11").user("u")).explanation().get(0).reason())
                .isEqualTo("liar.example.com does not resolve back to 192.0.2.11, so .example.com does not match");
    }

    @Test
    void namesAreCutTo63Bytes() {
        String longName = "u".repeat(63);
        Policy p = policy(16, "local all " + longName + " trust\n");
        assertThat(line(p, ConnectionRequest.local().user(longName + "extra"))).isEqualTo(1);
    }

    @Test
    void continuationRecordKeepsItsFirstLine() {
        Policy p = policy(14, "# c\nlocal all \\\nall trust\n");
        assertThat(line(p, ConnectionRequest.local().user("u"))).isEqualTo(2);
        Policy old = policy(13, "# c\nlocal all \\\nall trust\n");
        assertThat(old.evaluate(ConnectionRequest.local().user("u")).outcome())
                .isEqualTo(Decision.Outcome.INVALID_FILE);
    }

    @Test
    void invalidFileDecidesNothing() {
        Policy p = policy(16, "hostnossl all all reject\n");
        Decision d = p.evaluate(ConnectionRequest.host("127.0.0.1").user("u"));
        assertThat(d.outcome()).isEqualTo(Decision.Outcome.INVALID_FILE);
        assertThat(d.message().orElseThrow()).contains("end-of-line before authentication method");
    }

    @Test
    void clientcertVerifyFullMapsTheCertificateAfterTheMethodsOwnIdentity() {
        // PostgreSQL 13-18 (a differential run with the ident method, ident answer bob, and client
        // certificates): CheckCertAuth maps the certificate's CN through the same map after ident
        IdentConfig ident = HbaLoader.with(LoadOptions.defaults().withVersion(PgVersion.of(16))).parseIdent(
                "/t/pg_ident.conf", "m bob alice\nm carl alice\n");
        Policy p = Policy.compile(HbaLoader.with(LoadOptions.defaults().withVersion(PgVersion.of(16))
                .withBuild(BuildFeatures.SSL_ONLY)).parseHba("/t/pg_hba.conf",
                        "hostssl all all 127.0.0.1/32 ident map=m clientcert=verify-full\n"), IdentMaps.of(ident), ENV);
        ConnectionRequest alice = ConnectionRequest.host("127.0.0.1").ssl().user("alice").systemUser("bob");
        Decision zed = p.evaluate(alice.clientCertificate("zed"));
        assertThat(zed.admitsSoFar()).isFalse();
        assertThat(zed.identity().orElseThrow().log().orElseThrow()).isEqualTo(
                "no match in usermap \"m\" for user \"alice\" authenticated as \"zed\"; "
                        + "certificate validation (clientcert=verify-full) failed for user \"alice\": CN mismatch");
        assertThat(p.evaluate(alice.clientCertificate("carl")).admitsSoFar()).isTrue();
        assertThat(p.evaluate(alice.systemUser("nobody").clientCertificate("carl")).identity().orElseThrow()
                .systemUser()).isEqualTo("nobody"); // the method's own identity is checked first
        assertThat(p.evaluate(alice).admitsSoFar()).isTrue(); // no certificate name given: ident alone
        // cert: the certificate's name, given either way
        Policy cert = Policy.compile(HbaLoader.with(LoadOptions.defaults().withVersion(PgVersion.of(16))
                .withBuild(BuildFeatures.SSL_ONLY)).parseHba("/t/pg_hba.conf", "hostssl all all all cert map=m\n"),
                IdentMaps.of(ident), ENV);
        ConnectionRequest tls = ConnectionRequest.host("127.0.0.1").ssl().user("alice");
        assertThat(cert.evaluate(tls.clientCertificate("carl")).admitsSoFar()).isTrue();
        assertThat(cert.evaluate(tls.systemUser("carl")).admitsSoFar()).isTrue();
        assertThat(cert.evaluate(tls.clientCertificate("zed")).identity().orElseThrow().log().orElseThrow())
                .isEqualTo("no match in usermap \"m\" for user \"alice\" authenticated as \"zed\"");
    }

    @Test
    void anIdentAnswerIsCutTo512Bytes() {
        // PostgreSQL 13-18: interpret_ident_response copies at most IDENT_USERNAME_MAX (512) bytes
        IdentConfig ident = HbaLoader.with(LoadOptions.defaults().withVersion(PgVersion.of(16))).parseIdent(
                "/t/pg_ident.conf", "m " + "i".repeat(512) + " alice\nm " + "i".repeat(530) + " bob\n");
        Policy p = Policy.compile(HbaLoader.with(LoadOptions.defaults().withVersion(PgVersion.of(16)))
                .parseHba("/t/pg_hba.conf", "host all all 127.0.0.1/32 ident map=m\n"), IdentMaps.of(ident), ENV);
        ConnectionRequest r = ConnectionRequest.host("127.0.0.1").systemUser("i".repeat(530));
        assertThat(p.evaluate(r.user("alice")).admitsSoFar()).isTrue();
        assertThat(p.evaluate(r.user("bob")).admitsSoFar()).isFalse();
    }

    @Test
    void identMaps() {
        IdentConfig ident = HbaLoader.with(LoadOptions.defaults().withVersion(PgVersion.of(16))).parseIdent(
                "/t/pg_ident.conf", "m /^(.*)@EXAMPLE\\.COM$ \\1\nm root all\nm ops +admins\n");
        Policy p = Policy.compile(HbaLoader.with(LoadOptions.defaults().withVersion(PgVersion.of(16)))
                .parseHba("/t/pg_hba.conf", "local all all peer map=m\nlocal all all peer\n"), IdentMaps.of(ident), ENV);
        Decision d = p.evaluate(ConnectionRequest.local().user("alice").systemUser("alice@EXAMPLE.COM"));
        assertThat(d.identity().orElseThrow().admitted()).isTrue();
        assertThat(d.identity().orElseThrow().line().orElseThrow().lineNumber()).isEqualTo(1);
        assertThat(p.evaluate(ConnectionRequest.local().user("anyone").systemUser("root")).admitsSoFar()).isTrue();
        assertThat(p.evaluate(ConnectionRequest.local().user("alice").systemUser("ops")).admitsSoFar()).isTrue();
        Decision refused = p.evaluate(ConnectionRequest.local().user("bob").systemUser("ops"));
        assertThat(refused.admitsSoFar()).isFalse();
        assertThat(refused.identity().orElseThrow().log())
                .contains("no match in usermap \"m\" for user \"bob\" authenticated as \"ops\"");
        // 13-15: "all" in pg_ident is a literal role name
        IdentConfig old = HbaLoader.with(LoadOptions.defaults().withVersion(PgVersion.of(15))).parseIdent(
                "/t/pg_ident.conf", "m root all\n");
        Policy p15 = Policy.compile(HbaLoader.with(LoadOptions.defaults().withVersion(PgVersion.of(15)))
                .parseHba("/t/pg_hba.conf", "local all all peer map=m\n"), IdentMaps.of(old), ENV);
        assertThat(p15.evaluate(ConnectionRequest.local().user("anyone").systemUser("root")).admitsSoFar()).isFalse();
        assertThat(p15.evaluate(ConnectionRequest.local().user("all").systemUser("root")).admitsSoFar()).isTrue();
    }
}
