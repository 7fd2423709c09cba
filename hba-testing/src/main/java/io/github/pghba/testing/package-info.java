/**
 * Assert your access policy in your own unit tests.
 *
 * <pre>{@code
 * import static io.github.pghba.testing.HbaAssertions.assertThat;
 * import static io.github.pghba.testing.Requests.host;
 * import static io.github.pghba.testing.Requests.local;
 *
 * @HbaPolicy(value = "classpath:pg_hba.conf", pgVersion = "16")
 * class AccessTest {
 *     @Test
 *     void appConnectsOverTlsOnly(Policy policy) {
 *         assertThat(policy).admits(host("203.0.113.7").ssl().user("app").database("appdb"))
 *                 .withMethod("scram-sha-256").atLine(12);
 *         assertThat(policy).rejects(host("203.0.113.7").user("app").database("appdb"));
 *         assertThat(policy).admits(local().user("postgres")).withMethod("peer");
 *         assertThat(policy).hasNoDeadRules().passesLint();
 *     }
 * }
 * }</pre>
 *
 * <ul>
 *   <li>{@link io.github.pghba.testing.HbaAssertions} — the AssertJ entry point.</li>
 *   <li>{@link io.github.pghba.testing.Requests} — request builders that read like a connection string.</li>
 *   <li>{@link io.github.pghba.testing.HbaPolicy} — a JUnit Jupiter extension that loads and injects a
 *       {@link io.github.pghba.eval.Policy}, cached per test class.</li>
 *   <li>{@link io.github.pghba.testing.HbaTables} — a CSV file of expected decisions, one dynamic test a row.</li>
 * </ul>
 */
@NullMarked
package io.github.pghba.testing;

import org.jspecify.annotations.NullMarked;
