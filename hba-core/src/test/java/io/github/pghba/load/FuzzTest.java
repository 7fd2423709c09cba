package io.github.pghba.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pghba.check.BuildFeatures;
import io.github.pghba.check.PgVersion;
import io.github.pghba.check.ServerSettings;
import io.github.pghba.syntax.ConfFile;
import io.github.pghba.view.FileViews;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Seeded generator/mutator: no input may make the loader throw or hang, and every file must print
 * back byte for byte. {@code -Dpghba.fuzz.count=N} sets the number of inputs (100,000 in the build),
 * {@code -Dpghba.seed=S} replays a run; the seed is printed on failure.
 */
class FuzzTest {
    private static final String[] WORDS = {"local", "host", "hostssl", "hostnossl", "hostgssenc", "hostnogssenc",
        "all", "\"all\"", "al\"l\"", "sameuser", "samerole", "samegroup", "replication", "+grp", "\"+grp\"", "+",
        "@list", "@missing", "@\"sp ace\"", "@", "@self", "/^db[0-9]+$", "\"/^x\"", "/a{2", "/(", "/[z-a]", "/a{3,1}",
        "include", "include_if_exists", "include_dir", "inc.conf", "dir", "\"\"", "\"", "\"a\"\"b\"", "a\"b c\"d",
        "127.0.0.1/32", "10/8", "127.1", "010.0.0.1", "0x7f.1", "300.1.1.1", "::1/128", "fe80::1%lo/64", "::1%lo",
        "255.255.255.0", "255.0.255.0", "24", "samehost", "samenet", ".example.com", "db.example.com", "1.2.3.4/33",
        "::ffff:1.2.3.4", "trust", "reject", "md5", "password", "scram-sha-256", "peer", "ident", "cert", "gss",
        "sspi", "pam", "ldap", "radius", "bsd", "oauth", "Trust", "map=m", "map=", "clientcert=verify-full",
        "clientcert=verify-ca", "clientcert=1", "clientname=DN", "include_realm=0", "krb_realm=R", "ldapserver=x",
        "ldapbasedn=dc=x", "ldapprefix=cn=", "ldapurl=ldap://h/dc=x?uid?sub", "ldapport=0", "ldapscheme=x",
        "radiusservers=localhost", "radiussecrets=a,b", "radiusports=0", "\"radiusservers=a,b\"", "issuer=i",
        "scope=s", "validator=v", "delegate_ident_mapping=1", "pamservice=p", "=x", "noequals", "#", "#c", ",", ",,",
        "\\", "\\\\", "\t", "\r", "\u000b", "é", "日本", "\ud83d\ude00"};

    @Test
    void nothingThrowsAndEverythingRoundTrips() {
        long seed = Long.getLong("pghba.seed", System.nanoTime());
        int count = Integer.getInteger("pghba.fuzz.count", 100_000);
        Random rnd = new Random(seed);
        byte[] current = new byte[0];
        for (int n = 0; n < count; n++) {
            byte[] input = rnd.nextInt(3) == 0 && current.length > 0 ? mutate(current, rnd) : generate(rnd);
            current = input;
            PgVersion version = PgVersion.of(13 + rnd.nextInt(6), rnd.nextBoolean() ? 3 : 99);
            try {
                check(input, version, rnd);
            } catch (Throwable t) {
                throw new AssertionError("fuzz failure with -Dpghba.seed=" + seed + " at input " + n + " on "
                        + version + "; input:\n" + new String(input, StandardCharsets.ISO_8859_1), t);
            }
        }
    }

    private static void check(byte[] input, PgVersion version, Random rnd) throws Exception {
        Map<String, byte[]> files = new HashMap<>();
        files.put("/d/pg_hba.conf", input);
        files.put("/d/list", "a, \"all\" all\n+g @self\n".getBytes(StandardCharsets.UTF_8));
        files.put("/d/self", "@self x\n".getBytes(StandardCharsets.UTF_8));
        files.put("/d/inc.conf", rnd.nextBoolean() ? input : "include inc.conf\n".getBytes(StandardCharsets.UTF_8));
        files.put("/d/dir/a.conf", "local all all trust\ninclude_dir .\n".getBytes(StandardCharsets.UTF_8));
        LoadOptions options = LoadOptions.defaults().withVersion(version).withFiles(FileSource.inMemory(files))
                .withSettings(ServerSettings.DEFAULT.withSsl(rnd.nextBoolean())
                        .withOauthValidatorLibraries(rnd.nextBoolean() ? "" : "v,w"))
                .withBuild(rnd.nextBoolean() ? BuildFeatures.TYPICAL_LINUX : BuildFeatures.SSL_ONLY)
                .withInterfaceNames(Set.of("lo"));
        HbaLoader loader = HbaLoader.with(options);
        HbaConfig hba = loader.loadHba("/d/pg_hba.conf");
        assertThat(HbaLoader.bytesOf(hba.mainFile())).isEqualTo(input);
        for (ConfFile f : hba.files()) {
            assertThat(f.lines()).allSatisfy(l -> assertThat(l.span().file()).isEqualTo(f.path()));
        }
        FileViews.hbaFileRules(hba);
        hba.diagnostics().forEach(d -> d.format());
        IdentConfig ident = loader.loadIdent("/d/pg_hba.conf");
        assertThat(HbaLoader.bytesOf(ident.mainFile())).isEqualTo(input);
        FileViews.identFileMappings(ident);
    }

    static byte[] generate(Random rnd) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int lines = rnd.nextInt(8);
        for (int l = 0; l < lines; l++) {
            int fields = rnd.nextInt(8);
            for (int f = 0; f < fields; f++) {
                String w = WORDS[rnd.nextInt(WORDS.length)];
                if (rnd.nextInt(20) == 0) {
                    w = "x".repeat(rnd.nextBoolean() ? 250 + rnd.nextInt(10) : 10230 + rnd.nextInt(15));
                }
                out.writeBytes(w.getBytes(StandardCharsets.UTF_8));
                int sep = rnd.nextInt(10);
                out.writeBytes((sep < 6 ? " " : sep < 8 ? ", " : sep < 9 ? "," : "\t").getBytes(StandardCharsets.UTF_8));
            }
            int end = rnd.nextInt(12);
            if (end == 0) {
                out.write('\\');
            } else if (end == 1) {
                out.write('\r');
            } else if (end == 2) {
                out.write(0);
            } else if (end == 3) {
                out.write(0xe9);
            }
            if (rnd.nextInt(10) != 0 || l + 1 < lines) {
                out.write('\n');
            }
        }
        return out.toByteArray();
    }

    private static final byte[] ALPHABET = " \t\r\n,#\"\\@/+=.:%0a\u0000".getBytes(StandardCharsets.ISO_8859_1);

    static byte[] mutate(byte[] in, Random rnd) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int edits = 1 + rnd.nextInt(4);
        byte[] cur = in;
        for (int e = 0; e < edits; e++) {
            out.reset();
            int pos = cur.length == 0 ? 0 : rnd.nextInt(cur.length + 1);
            byte b = rnd.nextInt(4) == 0 ? (byte) rnd.nextInt(256) : ALPHABET[rnd.nextInt(ALPHABET.length)];
            switch (rnd.nextInt(3)) {
                case 0 -> {
                    out.write(cur, 0, pos);
                    out.write(b);
                    out.write(cur, pos, cur.length - pos);
                }
                case 1 -> {
                    out.write(cur, 0, pos);
                    if (pos < cur.length) {
                        out.write(cur, pos + 1, cur.length - pos - 1);
                    }
                }
                default -> {
                    out.write(cur, 0, cur.length);
                    if (cur.length > 0) {
                        byte[] arr = out.toByteArray();
                        arr[Math.min(pos, arr.length - 1)] = b;
                        out.reset();
                        out.write(arr, 0, arr.length);
                    }
                }
            }
            cur = out.toByteArray();
        }
        return cur;
    }

    @Test
    void listsOfEveryWordParse() {
        // each vocabulary word alone as a whole line, on every version: a quick smoke test of the table
        for (int major = 13; major <= 18; major++) {
            HbaLoader loader = HbaLoader.with(LoadOptions.defaults().withVersion(PgVersion.of(major))
                    .withFiles(FileSource.inMemory(Map.of())));
            for (String w : List.of(WORDS)) {
                HbaConfig c = loader.parseHba("/m/pg_hba.conf", "host all all " + w + "\n");
                assertThat(c.mainFile().text()).isEqualTo("host all all " + w + "\n");
            }
        }
    }
}
