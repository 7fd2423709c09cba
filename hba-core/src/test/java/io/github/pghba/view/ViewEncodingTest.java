package io.github.pghba.view;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pghba.check.PgVersion;
import io.github.pghba.load.FileSource;
import io.github.pghba.load.HbaConfig;
import io.github.pghba.load.HbaLoader;
import io.github.pghba.load.IdentConfig;
import io.github.pghba.load.LoadOptions;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The views compile regexes in the reading database's encoding; the postmaster (what loads and
 * matches) one character per byte. Expected rows as PostgreSQL 16.9 shows them in a UTF8 database
 * (hba-conformance cases 0005, 0025, 0027 check the same against the servers).
 */
class ViewEncodingTest {

    private static HbaLoader loader(int major, String hba, String ident) {
        return HbaLoader.with(LoadOptions.defaults().withVersion(PgVersion.of(major)).withFiles(FileSource.inMemory(
                Map.of("/d/pg_hba.conf", hba.getBytes(java.nio.charset.StandardCharsets.UTF_8), "/d/pg_ident.conf",
                        ident.getBytes(java.nio.charset.StandardCharsets.UTF_8)))));
    }

    @Test
    void identRangeIsBackwardsOnlyInUtf8() throws Exception {
        // U+00FF..U+00E9 runs backwards; as bytes (c3 bf - c3 a9) the range is bf..c3
        IdentConfig c = loader(16, "local all all trust\n", "m /^[\u00ff-\u00e9]$ u\n").loadIdent("/d/pg_ident.conf");
        assertThat(c.loadable()).isTrue();
        IdentFileMapping utf8 = FileViews.identFileMappings(c).get(0);
        assertThat(utf8.mapNumber()).isEmpty();
        assertThat(utf8.error()).contains("invalid regular expression \"^[\u00ff-\u00e9]$\": invalid character range");
        IdentFileMapping bytes = FileViews.identFileMappings(c, DatabaseEncoding.SINGLE_BYTE).get(0);
        assertThat(bytes.error()).isEmpty();
        assertThat(bytes.mapNumber()).contains(1);
        assertThat(bytes.sysName()).contains("/^[\u00ff-\u00e9]$");
    }

    @Test
    void hbaRegexErrorOnlyInTheView() throws Exception {
        HbaConfig c = loader(16, "local /^[\u00ff-\u00e9]$ all trust\nlocal all all trust\n", "")
                .loadHba("/d/pg_hba.conf");
        assertThat(c.loadable()).isTrue();
        assertThat(c.rules()).hasSize(2);
        HbaFileRule first = FileViews.hbaFileRules(c).get(0);
        assertThat(first.ruleNumber()).isEmpty();
        assertThat(first.type()).isEmpty();
        assertThat(first.error()).contains("invalid regular expression \"^[\u00ff-\u00e9]$\": invalid character range");
        assertThat(FileViews.hbaFileRules(c).get(1).ruleNumber()).contains(1);
        assertThat(FileViews.hbaFileRules(c, DatabaseEncoding.SINGLE_BYTE).get(0).ruleNumber()).contains(1);
    }

    @Test
    void aRowTheViewShowsForALineThePostmasterRefuses() throws Exception {
        // a truncated UTF-8 sequence swallows the '{': as bytes the braces are unbalanced
        byte[] ident = {'m', ' ', '/', 'a', (byte) 0xe2, (byte) 0x82, '{', '2', ' ', 'u', '\n'};
        IdentConfig c = HbaLoader.with(LoadOptions.defaults().withVersion(PgVersion.of(16))
                .withFiles(FileSource.inMemory(Map.of("/d/pg_ident.conf", ident)))).loadIdent("/d/pg_ident.conf");
        assertThat(c.loadable()).isFalse();
        IdentFileMapping row = FileViews.identFileMappings(c).get(0);
        assertThat(row.error()).isEqualTo(Optional.empty());
        assertThat(row.mapName()).contains("m");
        assertThat(FileViews.identFileMappings(c, DatabaseEncoding.SINGLE_BYTE).get(0).error())
                .contains("invalid regular expression \"a\udce2\udc82{2\": braces {} not balanced");
    }
}
