package io.github.pghba.cnpg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OperatorVersionTest {

    @Test
    void parsesMinorAndPatchForms() {
        assertThat(OperatorVersion.parse("1.30")).isEqualTo(new OperatorVersion(1, 30, OperatorVersion.NEWEST_PATCH));
        assertThat(OperatorVersion.parse("1.28.3")).isEqualTo(OperatorVersion.of(28, 3));
        assertThat(OperatorVersion.parse("v1.30.0")).isEqualTo(OperatorVersion.of(30, 0));
        assertThat(OperatorVersion.parse(" 1.9.2 ").toString()).isEqualTo("1.9.2");
        assertThat(OperatorVersion.parse("1.30").toString()).isEqualTo("1.30");
        assertThat(OperatorVersion.DEFAULT).isEqualTo(OperatorVersion.parse("1.30"));
    }

    @Test
    void refusesWhatIsNoRelease() {
        assertThatThrownBy(() -> OperatorVersion.parse("2.0")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OperatorVersion.parse("latest")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OperatorVersion.parse("1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void orders() {
        assertThat(OperatorVersion.parse("1.28.3")).isLessThan(OperatorVersion.parse("1.28"));
        assertThat(OperatorVersion.parse("1.29.0")).isGreaterThan(OperatorVersion.parse("1.28"));
        assertThat(OperatorVersion.parse("1.31").known()).isFalse();
        assertThat(OperatorVersion.parse("1.30.0").known()).isTrue();
    }

    @Test
    void backportedChangesFollowEachBranch() {
        // the metrics-exporter rule: 1.28.3, 1.29.1, 1.30.0
        assertThat(OperatorFacts.metricsExporterRule(OperatorVersion.parse("1.28.2"))).isFalse();
        assertThat(OperatorFacts.metricsExporterRule(OperatorVersion.parse("1.28.3"))).isTrue();
        assertThat(OperatorFacts.metricsExporterRule(OperatorVersion.parse("1.28"))).isTrue();
        assertThat(OperatorFacts.metricsExporterRule(OperatorVersion.parse("1.29.0"))).isFalse();
        assertThat(OperatorFacts.metricsExporterRule(OperatorVersion.parse("1.29.1"))).isTrue();
        assertThat(OperatorFacts.metricsExporterRule(OperatorVersion.parse("1.27"))).isFalse();
        assertThat(OperatorFacts.metricsExporterRule(OperatorVersion.parse("1.31"))).isTrue();
        // the sectioned templates: 1.20.6, 1.21.3, 1.22.1, 1.23.0
        assertThat(OperatorFacts.sectionedTemplates(OperatorVersion.parse("1.20.5"))).isFalse();
        assertThat(OperatorFacts.sectionedTemplates(OperatorVersion.parse("1.20.6"))).isTrue();
        assertThat(OperatorFacts.sectionedTemplates(OperatorVersion.parse("1.21.2"))).isFalse();
        assertThat(OperatorFacts.sectionedTemplates(OperatorVersion.parse("1.22.0"))).isFalse();
        assertThat(OperatorFacts.sectionedTemplates(OperatorVersion.parse("1.22.1"))).isTrue();
        assertThat(OperatorFacts.sectionedTemplates(OperatorVersion.parse("1.19.6"))).isFalse();
        // ssl_min_protocol_version settable: 1.20.5, 1.21.2, 1.22.0 (1.21.0 and 1.21.1 fixed it again)
        assertThat(OperatorFacts.tlsVersionsSettable(OperatorVersion.parse("1.21.1"))).isFalse();
        assertThat(OperatorFacts.tlsVersionsSettable(OperatorVersion.parse("1.20.5"))).isTrue();
    }

    @Test
    void defaultImagePerRelease() {
        assertThat(OperatorFacts.defaultImage(OperatorVersion.parse("1.30"))).endsWith(":18.4-system-trixie");
        assertThat(OperatorFacts.defaultImage(OperatorVersion.parse("1.27.0"))).endsWith(":17.5");
        assertThat(OperatorFacts.defaultImage(OperatorVersion.parse("1.10"))).endsWith(":14.1");
        assertThat(OperatorFacts.defaultImage(OperatorVersion.parse("1.31"))).endsWith(":18.4-system-trixie");
    }

    @Test
    void readsTheVersionFromImageTagsAsTheOperator() {
        assertThat(OperatorFacts.versionFromImage("ghcr.io/cloudnative-pg/postgresql:16.4-bookworm"))
                .hasValueSatisfying(v -> assertThat(v).containsExactly(16, 4));
        assertThat(OperatorFacts.versionFromImage("postgres:17")).hasValueSatisfying(
                v -> assertThat(v).containsExactly(17, 0));
        assertThat(OperatorFacts.versionFromImage("registry:5000/pg:15.5-10@sha256:abcdef"))
                .hasValueSatisfying(v -> assertThat(v).containsExactly(15, 5));
        assertThat(OperatorFacts.versionFromImage("postgres")).isEmpty();
        assertThat(OperatorFacts.versionFromImage("postgres@sha256:abcdef")).isEmpty();
        assertThat(OperatorFacts.versionFromImage("registry:5000/postgres")).isEmpty();
    }
}
