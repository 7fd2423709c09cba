package io.github.pghba.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.pghba.check.PgVersion;
import io.github.pghba.check.Severity;
import io.github.pghba.syntax.Address;
import io.github.pghba.syntax.AuthMethod;
import io.github.pghba.syntax.AuthToken;
import io.github.pghba.syntax.BlankLine;
import io.github.pghba.syntax.ConfFile;
import io.github.pghba.syntax.HbaRule;
import io.github.pghba.syntax.IncludeLine;
import io.github.pghba.syntax.InvalidLine;
import io.github.pghba.syntax.NameListLine;
import io.github.pghba.syntax.Span;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The syntax tree, spans, file sources and round trip. */
class LoaderTest {
    @TempDir
    Path dir;

    private static Map<String, byte[]> files(String... pathAndText) {
        java.util.Map<String, byte[]> m = new java.util.HashMap<>();
        for (int i = 0; i < pathAndText.length; i += 2) {
            m.put(pathAndText[i], pathAndText[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        return m;
    }

    private static HbaLoader loader(int major, Map<String, byte[]> files) {
        return HbaLoader.with(LoadOptions.defaults().withVersion(PgVersion.of(major)).withFiles(FileSource.inMemory(files)));
    }

    @Test
    void charactersOutsideTheBmpKeepLaterOffsets() throws Exception {
        // a supplementary character is two UTF-16 units: every later token must still be cut right
        String text = "local \ud83d\ude00db,\"\ud83d\ude03\" all trust\nlocal all all peer\n";
        HbaConfig c = loader(16, files("/e/pg_hba.conf", text)).loadHba("/e/pg_hba.conf");
        assertThat(c.loadable()).isTrue();
        HbaRule first = c.rules().get(0);
        assertThat(first.databases()).extracting(AuthToken::text).containsExactly("\ud83d\ude00db", "\ud83d\ude03");
        assertThat(first.users()).extracting(AuthToken::text).containsExactly("all");
        assertThat(first.method()).isEqualTo(AuthMethod.TRUST);
        assertThat(first.fields().get(3).span().column()).isEqualTo(text.indexOf("trust") + 1);
        assertThat(c.mainFile().text()).isEqualTo(text);
    }

    @Test
    void treeKeepsEveryLineWithTypesAndSpans() throws Exception {
        String text = "# comment\n\nlocal all,\"all\" +grp,@users peer map=m\nhost db u 10.0.0.0/8 \\\n  md5\n";
        HbaConfig c = loader(16, files("/e/pg_hba.conf", text, "/e/users", "a b\n\"c d\"\n")).loadHba("/e/pg_hba.conf");
        assertThat(c.loadable()).isTrue();
        ConfFile main = c.mainFile();
        assertThat(main.text()).isEqualTo(text);
        assertThat(main.lines()).hasSize(4);
        assertThat(main.lines().get(0)).isInstanceOf(BlankLine.class);
        assertThat(((BlankLine) main.lines().get(0)).isComment()).isTrue();
        HbaRule local = (HbaRule) main.lines().get(2);
        assertThat(local.span()).isEqualTo(new Span("/e/pg_hba.conf", 3, 1, 3, 39));
        assertThat(local.databases()).extracting(AuthToken::text, AuthToken::quoted)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("all", false),
                        org.assertj.core.groups.Tuple.tuple("all", true));
        assertThat(local.users()).extracting(AuthToken::text).containsExactly("+grp", "a", "b", "c d");
        AuthToken fromFile = local.users().get(3);
        assertThat(fromFile.span().file()).isEqualTo("/e/users");
        assertThat(fromFile.span().line()).isEqualTo(2);
        assertThat(fromFile.includedVia()).extracting(Span::column).containsExactly(22);
        assertThat(local.method()).isEqualTo(AuthMethod.PEER);
        assertThat(local.settings().map()).contains("m");
        HbaRule host = (HbaRule) main.lines().get(3);
        assertThat(host.span().line()).isEqualTo(4);
        assertThat(host.span().endLine()).isEqualTo(5);
        assertThat(host.logicalText()).isEqualTo("host db u 10.0.0.0/8   md5");
        assertThat(host.options()).isEmpty();
        Address.IpMask range = (Address.IpMask) host.address().orElseThrow();
        assertThat(range.prefixLength()).isEqualTo(8);
        assertThat(range.contains(new byte[] {10, 1, 2, 3})).isTrue();
        assertThat(range.contains(new byte[] {11, 1, 2, 3})).isFalse();
        // the method token on the continuation line points at line 5, column 3
        assertThat(host.fields().get(4).span()).isEqualTo(new Span("/e/pg_hba.conf", 5, 3, 5, 6));
        assertThat(c.files()).extracting(ConfFile::path, ConfFile::role).containsExactly(
                org.assertj.core.groups.Tuple.tuple("/e/pg_hba.conf", ConfFile.Role.MAIN),
                org.assertj.core.groups.Tuple.tuple("/e/users", ConfFile.Role.NAME_LIST));
        assertThat(c.files().get(1).lines()).hasOnlyElementsOfType(NameListLine.class);
    }

    @Test
    void includeDirectivesAreLinesOfTheirOwn() throws Exception {
        HbaConfig c = loader(16, files("/e/pg_hba.conf", "include_dir d\ninclude_if_exists nope.conf\nlocal all all trust\n",
                "/e/d/b.conf", "local b all trust\n", "/e/d/a.conf", "local a all trust\n", "/e/d/.x.conf", "junk\n",
                "/e/d/x.txt", "junk\n")).loadHba("/e/pg_hba.conf");
        assertThat(c.rules()).extracting(r -> r.databases().get(0).text()).containsExactly("a", "b", "all");
        IncludeLine dirLine = (IncludeLine) c.mainFile().lines().get(0);
        assertThat(dirLine.kind()).isEqualTo(IncludeLine.Kind.INCLUDE_DIR);
        assertThat(dirLine.includedFiles()).containsExactly("/e/d/a.conf", "/e/d/b.conf");
        assertThat(c.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.severity()).isEqualTo(Severity.INFO);
            assertThat(d.message()).isEqualTo("skipping missing authentication file \"/e/nope.conf\"");
        });
        // the same file on 15: include is just an invalid connection type
        HbaConfig old = loader(15, files("/e/pg_hba.conf", "include_dir d\nlocal all all trust\n"))
                .loadHba("/e/pg_hba.conf");
        assertThat(old.loadable()).isFalse();
        assertThat(old.entries().get(0)).isInstanceOf(InvalidLine.class);
    }

    @Test
    void diagnosticsPointAtTheOffendingToken() {
        HbaConfig c = loader(18, files()).parseHba("/e/pg_hba.conf", "local all all trust\nhost all all 1.2.3.4/33 md5\n");
        assertThat(c.errors()).singleElement().satisfies(d -> {
            assertThat(d.message()).isEqualTo("invalid CIDR mask in address \"1.2.3.4/33\"");
            assertThat(d.span()).isEqualTo(new Span("/e/pg_hba.conf", 2, 14, 2, 24));
            assertThat(d.format()).startsWith("/e/pg_hba.conf:2:14: error: invalid CIDR mask");
        });
    }

    @Test
    void confinedSourceRefusesPathsOutsideItsRoot() throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        Files.writeString(dir.resolve("secret"), "local all all trust\n");
        Files.writeString(root.resolve("pg_hba.conf"), "local @../secret all trust\ninclude /etc/passwd\n");
        LoadOptions options = LoadOptions.defaults().withFiles(FileSource.confined(FileSource.filesystem(),
                root.toString()));
        HbaConfig c = HbaLoader.with(options).loadHba(root.resolve("pg_hba.conf").toString());
        assertThat(c.errors()).extracting(d -> d.message()).containsExactly(
                "could not open file \"" + dir.resolve("secret") + "\": Permission denied",
                "could not open file \"/etc/passwd\": Permission denied");
        assertThatThrownBy(() -> HbaLoader.with(options).loadHba(dir.resolve("secret").toString()))
                .isInstanceOf(FileSourceException.class);
    }

    @Test
    void filesystemSourceReadsRelativeIncludes() throws Exception {
        Files.createDirectories(dir.resolve("conf.d"));
        Files.writeString(dir.resolve("pg_hba.conf"), "include conf.d/x.conf\n");
        Files.writeString(dir.resolve("conf.d/x.conf"), "local all all trust\n");
        HbaConfig c = HbaLoader.withDefaults().loadHba(dir.resolve("pg_hba.conf").toString());
        assertThat(c.loadable()).isTrue();
        assertThat(c.rules().get(0).file()).isEqualTo(dir.resolve("conf.d/x.conf").toString());
        assertThatThrownBy(() -> HbaLoader.withDefaults().loadHba(dir.resolve("none").toString()))
                .isInstanceOfSatisfying(FileSourceException.class,
                        e -> assertThat(e.errno()).isEqualTo(FileSourceException.Errno.ENOENT));
    }

    @Test
    void emptyFileDoesNotLoad() {
        HbaConfig c = loader(16, files()).parseHba("/e/pg_hba.conf", "# only comments\n");
        assertThat(c.loadable()).isFalse();
        assertThat(c.errors()).singleElement()
                .satisfies(d -> assertThat(d.message()).isEqualTo("configuration file \"/e/pg_hba.conf\" contains no entries"));
    }

    @Test
    void identMappings() {
        IdentConfig c = HbaLoader.with(LoadOptions.defaults().withVersion(PgVersion.of(16))).parseIdent("/e/pg_ident.conf",
                "m /^(.*)@EX$ \\1 extra\nm root +admins\nm x\n");
        assertThat(c.mappings()).hasSize(2);
        assertThat(c.mappings().get(0).systemUser().text()).isEqualTo("/^(.*)@EX$");
        assertThat(c.mappings().get(0).databaseUser().text()).isEqualTo("\\1");
        assertThat(c.loadable()).isFalse();
        assertThat(c.diagnostics()).singleElement().satisfies(d -> assertThat(d.message()).isEqualTo("missing entry at end of line"));
    }

    @Test
    void rulesAreEqualWhetherOrNotTheirAddressWasAskedFor() {
        String text = "host all all 10.0.0.0/8 md5\nhost all all ::1/128 md5\nhost all all 10.1.0.0 255.255.0.0 md5\n";
        HbaConfig a = loader(16, files()).parseHba("/e/pg_hba.conf", text);
        HbaConfig b = loader(16, files()).parseHba("/e/pg_hba.conf", text);
        for (int i = 0; i < 3; i++) {
            HbaRule asked = a.rules().get(i);
            HbaRule notAsked = b.rules().get(i);
            assertThat(asked.address()).isPresent(); // made now; the other rule's range is not made yet
            assertThat(asked).isEqualTo(notAsked).hasSameHashCodeAs(notAsked);
            assertThat(notAsked).isEqualTo(asked);
        }
        assertThat(a.rules().get(0)).isNotEqualTo(a.rules().get(1));
    }
}
