package io.github.pghba.cnpg;

import io.github.pghba.analysis.Lint;
import io.github.pghba.analysis.Lint.Severity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The review of a manifest with the operator in the picture: the rendered files are loaded and
 * analysed as PostgreSQL would (loading, evaluation, reachability, {@link Lint}), and checks that
 * only make sense with the operator are added, each with a stable ID ({@link #CHECKS}). Findings
 * point at the manifest's own line where there is one, else at the rendered line.
 *
 * <pre>{@code
 * CnpgReview.Result r = CnpgReview.review(CnpgManifest.read(path), RenderOptions.defaults());
 * r.findings();          // file-does-not-load first, then by severity and line
 * System.out.print(r.format());
 * }</pre>
 */
public final class CnpgReview {
    private CnpgReview() {}

    /** The checks only this review makes (the {@link Lint#CHECKS} run too, on the rendered files). */
    public static final List<Lint.Check> CHECKS = List.of(
            new Lint.Check("cnpg-file-does-not-load", Severity.CRITICAL,
                    "the rendered pg_hba.conf does not load: a restart fails, a reload keeps the old rules"),
            new Lint.Check("cnpg-insecure-ident-fallback", Severity.CRITICAL,
                    "the operator's `local / postgres` fallback lets every OS user in as postgres"),
            new Lint.Check("cnpg-manifest-invalid", Severity.HIGH, "the manifest cannot be read"),
            new Lint.Check("cnpg-not-a-string", Severity.HIGH,
                    "a value the CRD declares a string is a YAML number or boolean: the API server refuses it"),
            new Lint.Check("cnpg-fixed-parameter", Severity.HIGH,
                    "a parameter the operator fixes: the webhook refuses it and the operator ignores it"),
            new Lint.Check("cnpg-unix-socket-permissions", Severity.HIGH,
                    "unix_socket_permissions cannot be set under the operator"),
            new Lint.Check("cnpg-catch-all-bypass", Severity.HIGH,
                    "the operator's trailing catch-all admits what the user's allow-list leaves out"),
            new Lint.Check("cnpg-gss-catch-all", Severity.HIGH,
                    "GSS-encrypted clients skip hostssl rules and reach the operator's catch-all"),
            new Lint.Check("cnpg-pooler-cannot-restrict", Severity.HIGH,
                    "the Pooler's md5 catch-all admits what its pg_hba rules leave out"),
            new Lint.Check("cnpg-ident-operator-map", Severity.HIGH,
                    "a pg_ident line widens a map the operator's fixed rules use"),
            new Lint.Check("cnpg-ident-does-not-load", Severity.HIGH, "the rendered pg_ident.conf does not load"),
            new Lint.Check("cnpg-shadowed-by-fixed", Severity.MEDIUM,
                    "the operator's fixed rules take (some of) a user rule's requests"),
            new Lint.Check("cnpg-podselector", Severity.MEDIUM, "a ${podselector:NAME} line does not do what it says"),
            new Lint.Check("cnpg-field-ignored", Severity.MEDIUM, "a field this operator release does not know"),
            new Lint.Check("cnpg-ldap-unreachable", Severity.MEDIUM, "no request reaches the operator's LDAP line"),
            new Lint.Check("cnpg-pooler-line-skipped", Severity.MEDIUM, "PgBouncer skips a Pooler pg_hba line"),
            new Lint.Check("cnpg-password-encryption", Severity.MEDIUM, "new passwords are stored as MD5"),
            new Lint.Check("cnpg-ssl-min-protocol", Severity.MEDIUM, "TLS versions older than 1.2 are accepted"),
            new Lint.Check("cnpg-superuser-no-password", Severity.LOW,
                    "a password rule for postgres while the operator keeps postgres without a password"));

    /**
     * What the review found.
     *
     * @param manifest the manifest reviewed
     * @param clusters the rendered files of each Cluster
     * @param poolers the rendered file of each Pooler
     * @param findings every finding: file-does-not-load first, then by severity, resource and line
     */
    public record Result(CnpgManifest manifest, List<RenderedFiles> clusters, List<RenderedPooler> poolers,
            List<CnpgFinding> findings) {

        /** Copies the lists. */
        public Result {
            Objects.requireNonNull(manifest, "manifest");
            clusters = List.copyOf(clusters);
            poolers = List.copyOf(poolers);
            findings = List.copyOf(findings);
        }

        /** Whether every rendered pg_hba.conf loads. */
        public boolean loads() {
            return findings.stream().noneMatch(f -> f.check().equals("cnpg-file-does-not-load"));
        }

        /** Whether a finding is at or above {@code threshold}. */
        public boolean reaches(Severity threshold) {
            return findings.stream().anyMatch(f -> f.severity().compareTo(threshold) <= 0);
        }

        /** Readable text: a banner when a file does not load, then one paragraph per finding. */
        public String format() {
            StringBuilder sb = new StringBuilder();
            for (RenderedFiles f : clusters) {
                sb.append(f.cluster().label()).append(": operator ").append(f.operator()).append(", PostgreSQL ")
                        .append(f.pgMajor()).append(" (").append(f.pgVersionSource()).append(")\n");
                f.notes().forEach(n -> sb.append("  note: ").append(n).append('\n'));
            }
            for (RenderedPooler p : poolers) {
                sb.append(p.pooler().label()).append(": operator ").append(p.operator()).append(", PgBouncer\n");
                p.notes().forEach(n -> sb.append("  note: ").append(n).append('\n'));
            }
            List<CnpgFinding> broken = findings.stream().filter(f -> f.check().equals("cnpg-file-does-not-load"))
                    .toList();
            if (!broken.isEmpty()) {
                sb.append("\n!!! The pg_hba.conf the operator renders does NOT load. At a restart PostgreSQL refuses to "
                        + "start; on a reload it keeps the old rules, so this manifest changes nothing.\n");
            }
            sb.append('\n');
            for (CnpgFinding f : findings) {
                sb.append(f.format()).append("\n\n");
            }
            long n = findings.size();
            sb.append(n == 0 ? "No findings." : n + " finding(s).").append('\n');
            return sb.toString();
        }
    }

    /** Reviews every Cluster and Pooler of the manifest with all checks. */
    public static Result review(CnpgManifest manifest, RenderOptions options) {
        return review(manifest, options, Set.of());
    }

    /**
     * Reviews every Cluster and Pooler of the manifest.
     *
     * @param disabled check IDs (of {@link #CHECKS} or {@link Lint#CHECKS}) to skip
     */
    public static Result review(CnpgManifest manifest, RenderOptions options, Set<String> disabled) {
        List<CnpgFinding> findings = new ArrayList<>();
        List<RenderedFiles> clusters = new ArrayList<>();
        List<RenderedPooler> poolers = new ArrayList<>();
        for (CnpgManifest.Problem p : manifest.problems()) {
            findings.add(new CnpgFinding("cnpg-manifest-invalid", Severity.HIGH, "manifest", manifest.source(),
                    java.util.OptionalInt.of(p.line()), java.util.Optional.empty(), java.util.OptionalInt.empty(),
                    p.message(), "kubectl and the API server refuse what they cannot read; a field of the wrong "
                            + "shape is rejected or dropped",
                    "correct the YAML", List.of()));
        }
        if (manifest.clusters().isEmpty() && manifest.poolers().isEmpty() && manifest.problems().isEmpty()) {
            findings.add(new CnpgFinding("cnpg-manifest-invalid", Severity.HIGH, "manifest", manifest.source(),
                    java.util.OptionalInt.empty(), java.util.Optional.empty(), java.util.OptionalInt.empty(),
                    "no CloudNativePG Cluster or Pooler (apiVersion postgresql.cnpg.io/v1) in the file",
                    "there is nothing to review", "pass the manifest that holds the Cluster", List.of()));
        }
        for (CnpgManifest.Cluster c : manifest.clusters()) {
            ClusterReviewer r = new ClusterReviewer(manifest.source(), c, options);
            clusters.add(r.run(findings));
        }
        for (CnpgManifest.Pooler p : manifest.poolers()) {
            poolers.add(PoolerReviewer.run(manifest.source(), p, options, findings));
        }
        List<CnpgFinding> kept = new ArrayList<>();
        for (CnpgFinding f : findings) {
            if (!disabled.contains(f.check())) {
                kept.add(f);
            }
        }
        kept.sort(Comparator.comparing((CnpgFinding f) -> !f.check().equals("cnpg-file-does-not-load"))
                .thenComparing(CnpgFinding::severity)
                .thenComparing(CnpgFinding::resource)
                .thenComparingInt(f -> f.line().orElse(Integer.MAX_VALUE))
                .thenComparingInt(f -> f.renderedLine().orElse(Integer.MAX_VALUE)));
        return new Result(manifest, clusters, poolers, kept);
    }

    /** Whether {@code id} names a check of this review or of {@link Lint}. */
    public static boolean knownCheck(String id) {
        return CHECKS.stream().anyMatch(c -> c.id().equals(id)) || Lint.CHECKS.stream().anyMatch(c -> c.id().equals(id));
    }
}
