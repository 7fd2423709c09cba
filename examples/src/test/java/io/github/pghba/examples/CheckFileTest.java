package io.github.pghba.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pghba.check.PgVersion;
import org.junit.jupiter.api.Test;

/** The bundled example files behave as their READMEs say. */
class CheckFileTest {

    @Test
    void hardeningGuideAsPublishedDoesNotLoadAnywhere() throws Exception {
        for (int major = 13; major <= 18; major++) {
            StringBuilder out = new StringBuilder();
            assertThat(CheckFile.check("files/hardening-guide/pg_hba.conf", PgVersion.of(major), out)).isEqualTo(1);
            assertThat(out.toString())
                    .contains("pg_hba.conf:10:25: error: end-of-line before authentication method")
                    .contains("did you mean `hostnossl all all all reject`?")
                    .contains("pg_hba.conf:13:36: error: invalid authentication method \"clientcert=verify-full\"")
                    .contains("pg_hba.conf:15:67: error: end-of-line before authentication method");
        }
    }

    @Test
    void correctedHardeningGuideLoads() throws Exception {
        StringBuilder out = new StringBuilder();
        assertThat(CheckFile.check("files/hardening-guide/pg_hba.fixed.conf", PgVersion.of(16), out)).isZero();
        assertThat(out.toString()).contains("hostnossl [all] [all] all -> reject").endsWith("loads on PostgreSQL 16\n");
    }

    @Test
    void defaultFileLoads() throws Exception {
        StringBuilder out = new StringBuilder();
        assertThat(CheckFile.check("files/default/pg_hba.conf", PgVersion.of(13), out)).isZero();
    }

    @Test
    void includesNeedSixteen() throws Exception {
        StringBuilder out = new StringBuilder();
        assertThat(CheckFile.check("files/includes/pg_hba.conf", PgVersion.of(16), out)).isZero();
        assertThat(out.toString()).contains("conf.d/10-app.conf:2:1: hostssl [appdb] [app] 10.1.0.0/16 -> scram-sha-256")
                .contains("[alice, bob, carol]");
        StringBuilder old = new StringBuilder();
        assertThat(CheckFile.check("files/includes/pg_hba.conf", PgVersion.of(15), old)).isEqualTo(1);
        assertThat(old.toString()).contains("invalid connection type \"include_dir\"")
                .contains("include directives exist only in PostgreSQL 16 and later");
    }
}
