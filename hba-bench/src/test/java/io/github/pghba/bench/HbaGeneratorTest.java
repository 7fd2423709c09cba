package io.github.pghba.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pghba.analysis.Reachability;
import io.github.pghba.eval.ConnectionRequest;
import io.github.pghba.load.HbaConfig;
import io.github.pghba.load.HbaLoader;
import io.github.pghba.syntax.AuthToken;
import io.github.pghba.syntax.ConnectionType;
import io.github.pghba.syntax.HbaRule;
import java.security.MessageDigest;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The workload generator: deterministic, exact sizes, files that load, streams that aim right. */
class HbaGeneratorTest {

    @Test
    void sameSeedSameBytesOtherSeedOtherBytes() {
        HbaGenerator.Generated a = HbaGenerator.generate(HbaGenerator.SEED, 1_000);
        HbaGenerator.Generated b = HbaGenerator.generate(HbaGenerator.SEED, 1_000);
        HbaGenerator.Generated c = HbaGenerator.generate(HbaGenerator.SEED + 1, 1_000);
        assertThat(a.text()).isEqualTo(b.text());
        assertThat(a.rules()).isEqualTo(b.rules());
        assertThat(c.text()).isNotEqualTo(a.text());
        assertThat(HbaGenerator.edited(a, 7)).isEqualTo(HbaGenerator.edited(b, 7));
    }

    @Test
    void fixedSeedKeepsItsFile() throws Exception {
        // the numbers in RESULTS.md are for these bytes: a change to the generator must be deliberate
        byte[] bytes = HbaGenerator.generate(HbaGenerator.SEED, 1_000).bytes();
        assertThat(bytes).hasSize(72_695);
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)))
                .isEqualTo("5ae9c869f1ce8a1fdb7b4ae8b506754c7dfc328468b47e23918b165b771b38b4");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 10, 100, 1_000, 10_000, 100_000})
    void everySizeLoadsWithExactlyThatManyRules(int size) {
        HbaGenerator.Generated g = HbaGenerator.generate(HbaGenerator.SEED, size);
        assertThat(g.rules()).hasSize(size);
        HbaConfig config = HbaLoader.with(Workload.options()).parseHba("pg_hba.conf", g.bytes());
        assertThat(config.errors()).isEmpty();
        assertThat(config.diagnostics()).isEmpty();
        assertThat(config.rules()).hasSize(size);
        for (int i = 0; i < size; i += Math.max(1, size / 97)) {
            assertThat(config.rules().get(i).connectionType().name())
                    .isEqualTo(g.rules().get(i).type().name());
        }
    }

    @Test
    void aThousandRulesMixEverything() {
        HbaGenerator.Generated g = HbaGenerator.generate(HbaGenerator.SEED, 1_000);
        HbaConfig config = HbaLoader.with(Workload.options()).parseHba("pg_hba.conf", g.bytes());
        Set<ConnectionType> types = config.rules().stream().map(HbaRule::connectionType)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(ConnectionType.class)));
        assertThat(types).contains(ConnectionType.LOCAL, ConnectionType.HOST, ConnectionType.HOSTSSL,
                ConnectionType.HOSTNOSSL);
        long regex = config.rules().stream()
                .flatMap(r -> java.util.stream.Stream.concat(r.databases().stream(), r.users().stream()))
                .filter(AuthToken::isRegex).count();
        assertThat(regex).isGreaterThanOrEqualTo(16);
        assertThat(g.text()).contains("::/48", "/128", "/28", "/20", "/12", " 255.255.255.128 ", "+app_", "+dbas",
                "clientcert=verify-full", "radiusidentifiers=", "ident map=", "radiusservers=", "samenet", "\\\n", "\"App ");
        assertThat(g.text().lines().filter(l -> l.startsWith("#")).count()).isGreaterThan(100);
    }

    @Test
    void streamsLandWhereTheySay() {
        for (int size : new int[] {10, 1_000}) {
            Workload w = Workload.of(size);
            int n = w.policy().rules().size();
            for (Workload.Position p : Workload.Position.values()) {
                ConnectionRequest[] s = w.stream(p);
                assertThat(s).hasSize(Workload.STREAM);
                for (ConnectionRequest r : s) {
                    int m = w.policy().match(r);
                    assertThat(w.policy().evaluateReference(r).rule())
                            .isEqualTo(m < 0 ? java.util.Optional.empty()
                                    : java.util.Optional.of(w.policy().rules().get(m)));
                    if (p == Workload.Position.NONE) {
                        assertThat(m).isEqualTo(-1);
                    } else {
                        assertThat(m).isBetween((int) Math.floor(p.from * n),
                                Math.min(n, Math.max((int) Math.floor(p.from * n) + 1, (int) Math.ceil(p.to * n))) - 1);
                    }
                }
            }
            assertThat(w.stream(Workload.Position.LATE)).isEqualTo(Workload.of(size).stream(Workload.Position.LATE));
        }
    }

    @Test
    void editedFileDiffers() {
        Workload w = Workload.of(100);
        String edited = HbaGenerator.edited(w.generated(), 1);
        HbaConfig c = HbaLoader.with(Workload.options()).parseHba("new.conf", edited);
        assertThat(c.errors()).isEmpty();
        assertThat(c.rules().size()).isBetween(97, 100);
        assertThat(Reachability.of(w.policy()).rules()).hasSize(100);
    }
}
