package io.github.pghba.cnpg;

import io.github.pghba.check.PgVersion;
import io.github.pghba.cnpg.GoTemplate.Chunk;
import io.github.pghba.cnpg.GoTemplate.Tagged;
import io.github.pghba.cnpg.RenderedLine.Origin;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;

/**
 * Renders the files the CloudNativePG operator writes for a manifest, exactly as the instance
 * manager does for the chosen operator release: the fixed rules, the user's lines (with
 * {@code ${podselector:NAME}} expanded from 1.29 on), the LDAP line, the catch-all, and every
 * comment and blank line of the template, so line numbers match {@code pg_hba_file_rules} in a pod.
 *
 * <pre>{@code
 * CnpgManifest m = CnpgManifest.read(Path.of("cluster.yaml"));
 * RenderedFiles f = CnpgRenderer.render(m.clusters().get(0), OperatorVersion.parse("1.30"), Map.of());
 * f.pgHba();                 // the pg_hba.conf text
 * f.yamlLineOfHba(21);       // the manifest line rendered line 21 comes from
 * }</pre>
 */
public final class CnpgRenderer {
    private CnpgRenderer() {}

    /** Where a tagged value came from. */
    private record Source(Origin origin, int entry, int yamlLine) {}

    /** Renders a Cluster for {@code version} with the given pod IPs per selector name. */
    public static RenderedFiles render(CnpgManifest.Cluster cluster, OperatorVersion version,
            Map<String, List<String>> selectors) {
        return render(cluster, RenderOptions.defaults().withOperator(version).withSelectors(selectors));
    }

    /** Renders a Cluster. */
    public static RenderedFiles render(CnpgManifest.Cluster cluster, RenderOptions options) {
        OperatorVersion v = options.operator();
        List<String> notes = new ArrayList<>();
        if (!v.known()) {
            notes.add("operator " + v + " is newer than the newest release pghba knows (" + OperatorVersion.NEWEST_KNOWN
                    + "); its " + OperatorVersion.NEWEST_KNOWN + " templates were used");
        }
        // The PostgreSQL version: GetPostgresqlMajorVersion (imageCatalogRef.major, else the image tag).
        int major;
        int minor = PgVersion.LATEST_MINOR;
        String source;
        Optional<int[]> fromImage = cluster.imageName().flatMap(s -> OperatorFacts.versionFromImage(s.value()));
        if (cluster.imageCatalogMajor().isPresent()) {
            major = cluster.imageCatalogMajor().getAsInt();
            source = "spec.imageCatalogRef.major " + major;
        } else if (fromImage.isPresent()) {
            major = fromImage.get()[0];
            minor = fromImage.get()[1];
            source = "spec.imageName tag " + major + "." + minor;
        } else if (options.pgVersion().isPresent()) {
            major = options.pgVersion().get().major();
            minor = options.pgVersion().get().minor();
            source = "the PostgreSQL version given (" + options.pgVersion().get() + ")";
            cluster.imageName().ifPresent(s -> notes.add("spec.imageName \"" + s.value()
                    + "\" has no version tag the operator can read; the webhook refuses it"));
        } else {
            String image = OperatorFacts.defaultImage(v);
            int[] d = OperatorFacts.versionFromImage(image).orElse(new int[] {PgVersion.MAX_MAJOR, 0});
            major = d[0];
            minor = d[1];
            source = "the operator's default image " + image;
            cluster.imageName().ifPresent(s -> notes.add("spec.imageName \"" + s.value()
                    + "\" has no version tag the operator can read; the webhook refuses it"));
        }
        if (options.pgVersion().isPresent() && options.pgVersion().get().major() != major
                && !source.startsWith("the PostgreSQL version given")) {
            notes.add("the manifest's " + source + " wins over the PostgreSQL version given ("
                    + options.pgVersion().get() + ")");
        }
        Optional<PgVersion> pgVersion = Optional.empty();
        if (major >= PgVersion.MIN_MAJOR && major <= PgVersion.MAX_MAJOR) {
            pgVersion = Optional.of(PgVersion.of(major, minor));
        } else if (major > PgVersion.MAX_MAJOR) {
            pgVersion = Optional.of(PgVersion.LATEST);
            notes.add("PostgreSQL " + major + " is newer than pghba knows; the files are read with PostgreSQL "
                    + PgVersion.MAX_MAJOR + "'s rules");
        } else {
            notes.add("PostgreSQL " + major + " is older than pghba knows (13); the files are read with 13's rules");
        }
        String method = !v.atLeast(10, 0) || major < 14 ? "md5" : "scram-sha-256";

        // The user's lines, tagged with their manifest entry.
        List<Tagged> rules = new ArrayList<>();
        for (int i = 0; i < cluster.pgHba().size(); i++) {
            CnpgManifest.Scalar s = cluster.pgHba().get(i);
            rules.add(new Tagged(s.value(), new Source(Origin.USER, i, s.line())));
        }
        Map<String, List<String>> selectorIps = selectorIps(cluster, options, v, notes);
        String ldapText = "";
        Optional<CnpgManifest.Ldap> ldap = cluster.ldap();
        if (ldap.isPresent() && ldap.get().enabled()) {
            if (OperatorFacts.ldap(v)) {
                ldapText = OperatorFacts.ldapLine(ldap.get(), v, options.ldapBindPassword());
                ldap.get().bindSearchAuth().flatMap(CnpgManifest.BindSearchAuth::passwordSecret)
                        .ifPresent(secret -> notes.add("ldapbindpasswd is read from Secret " + secret
                                + "; shown as " + options.ldapBindPassword()));
            } else {
                notes.add("spec.postgresql.ldap is not known to operator " + v + " (1.15 and later)");
            }
        }

        List<Chunk> hbaChunks;
        if (v.atLeast(10, 0)) {
            Map<String, Object> dot = new HashMap<>();
            dot.put("UserRules", rules);
            dot.put("SelectorIPs", selectorIps);
            dot.put("LDAPConfiguration", ldapText.isEmpty() ? "" : new Tagged(ldapText,
                    new Source(Origin.LDAP, -1, ldap.map(CnpgManifest.Ldap::line).orElse(0))));
            dot.put("DefaultAuthenticationMethod", new Tagged(method, new Source(Origin.DEFAULT, -1, 0)));
            Map<String, BiFunction<Object, Object, List<?>>> fns = Map.of("expandRule", CnpgRenderer::expandRule);
            hbaChunks = GoTemplate.parse(OperatorFacts.hbaTemplate(v), fns).execute(dot);
        } else {
            hbaChunks = legacyHba(v, rules);
        }
        String hba = GoTemplate.text(hbaChunks);
        List<RenderedLine> hbaLines = lines(hbaChunks);

        // pg_ident.conf
        List<Chunk> identChunks = List.of();
        List<Tagged> mappings = new ArrayList<>();
        for (int i = 0; i < cluster.pgIdent().size(); i++) {
            CnpgManifest.Scalar s = cluster.pgIdent().get(i);
            mappings.add(new Tagged(s.value(), new Source(Origin.USER, i, s.line())));
        }
        if (!OperatorFacts.identFile(v)) {
            notes.add("operator " + v + " does not write pg_ident.conf (1.3 and later do)");
        } else if (!OperatorFacts.sectionedTemplates(v)) {
            // WritePostgresUserMaps: fmt.Sprintf("local %s postgres\n", username)
            identChunks = List.of(new Chunk("local " + options.osUser() + " postgres\n", null));
        } else {
            Map<String, Object> dot = new HashMap<>();
            dot.put("Username", options.osUser());
            dot.put("Mappings", mappings);
            identChunks = GoTemplate.parse(OperatorFacts.identTemplate(v), Map.of()).execute(dot);
        }
        if (!cluster.pgIdent().isEmpty() && !OperatorFacts.userIdentLines(v)) {
            notes.add("spec.postgresql.pg_ident is not known to operator " + v
                    + " (1.20.6, 1.21.3, 1.22.1, 1.23.0 and later); the API server drops it");
        }
        return new RenderedFiles(cluster, v, major, pgVersion, source, hba, hbaLines, GoTemplate.text(identChunks),
                lines(identChunks), method, notes);
    }

    /** Renders a Pooler's PgBouncer pg_hba.conf for {@code version}. */
    public static RenderedPooler render(CnpgManifest.Pooler pooler, OperatorVersion version) {
        List<String> notes = new ArrayList<>();
        if (!OperatorFacts.pooler(version)) {
            notes.add("operator " + version + " has no Pooler resource (1.10 and later)");
            return new RenderedPooler(pooler, version, "", List.of(), notes);
        }
        List<Tagged> rules = new ArrayList<>();
        for (int i = 0; i < pooler.pgHba().size(); i++) {
            CnpgManifest.Scalar s = pooler.pgHba().get(i);
            rules.add(new Tagged(s.value(), new Source(Origin.USER, i, s.line())));
        }
        if (!pooler.pgHba().isEmpty() && !OperatorFacts.poolerUserRules(version)) {
            notes.add("spec.pgbouncer.pg_hba is not known to operator " + version
                    + " (1.17.5, 1.18.3, 1.19.1, 1.20.0 and later); the API server drops it");
        }
        Map<String, Object> dot = new HashMap<>();
        dot.put("PgHba", rules);
        List<Chunk> chunks = GoTemplate.parse(OperatorFacts.poolerTemplate(version), Map.of()).execute(dot);
        List<RenderedLine> lines = new ArrayList<>();
        for (RenderedLine l : lines(chunks)) {
            // The operator's trailing md5 lines are the catch-all.
            boolean catchAll = l.origin() == Origin.OPERATOR && l.text().startsWith("host all all ");
            lines.add(catchAll ? new RenderedLine(l.number(), l.text(), Origin.DEFAULT, l.entry(), l.yamlLine()) : l);
        }
        return new RenderedPooler(pooler, version, GoTemplate.text(chunks), lines, notes);
    }

    /** The pod IPs per selector: the manifest's status, overridden by the options. */
    private static Map<String, List<String>> selectorIps(CnpgManifest.Cluster cluster, RenderOptions options,
            OperatorVersion v, List<String> notes) {
        Map<String, List<String>> ips = new LinkedHashMap<>();
        cluster.statusPodSelectorIps().forEach((k, val) -> ips.put(k, List.copyOf(new java.util.TreeSet<>(val))));
        ips.putAll(options.selectors());
        boolean referenced = false;
        for (CnpgManifest.Scalar s : cluster.pgHba()) {
            java.util.regex.Matcher m = OperatorFacts.DESCRIPTOR.matcher(s.value());
            if (!m.find()) {
                continue;
            }
            referenced = true;
            String name = m.group(2);
            if (m.group(1).equals("podselector") && !ips.containsKey(name) && cluster.podSelectorRefs().contains(name)
                    && OperatorFacts.podSelectors(v)) {
                ips.put(name, List.of());
                notes.add("no pod IPs given for selector " + name + " (--selector " + name
                        + "=IP,...): rendered as matching no pods, so its lines are left out");
            }
        }
        if (referenced && !OperatorFacts.podSelectors(v)) {
            notes.add("${podselector:NAME} is not expanded by operator " + v
                    + " (1.29 and later): the line is written as it is");
        }
        return ips;
    }

    private static List<?> expandRule(Object rule, Object selectorIps) {
        Tagged t = (Tagged) rule;
        @SuppressWarnings("unchecked")
        Map<String, List<String>> ips = selectorIps instanceof Map<?, ?> m ? (Map<String, List<String>>) m : Map.of();
        List<Tagged> out = new ArrayList<>();
        for (String line : OperatorFacts.expandLine(t.text(), ips)) {
            out.add(new Tagged(line, t.tag()));
        }
        return out;
    }

    /** CreateHBARules before 1.10: header, blank, user lines, blank, footer, joined with newlines. */
    private static List<Chunk> legacyHba(OperatorVersion v, List<Tagged> rules) {
        List<Chunk> parts = new ArrayList<>();
        parts.add(new Chunk(OperatorFacts.hbaHeader(v).strip(), null));
        parts.add(new Chunk("", null));
        if (!rules.isEmpty()) {
            for (Tagged r : rules) {
                parts.add(new Chunk(r.text(), r.tag()));
            }
            parts.add(new Chunk("", null));
        }
        String footer = Templates.FOOTER_1_0.strip();
        int nl = footer.lastIndexOf('\n');
        parts.add(new Chunk(footer.substring(0, nl + 1), null));
        parts.add(new Chunk(footer.substring(nl + 1), new Source(Origin.DEFAULT, -1, 0)));
        parts.add(new Chunk("", null));
        List<Chunk> out = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            Chunk c = parts.get(i);
            out.add(c);
            // the footer's comment and rule are one element of the Go slice: no separator between them
            boolean footerComment = i + 1 < parts.size() && c.tag() == null && c.text().endsWith("\n");
            if (i + 1 < parts.size() && !footerComment) {
                out.add(new Chunk("\n", null));
            }
        }
        return out;
    }

    /** Splits rendered output into lines, each with the origin of the value it holds. */
    private static List<RenderedLine> lines(List<Chunk> chunks) {
        List<RenderedLine> out = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        Source source = null;
        int offset = 0;
        for (Chunk c : chunks) {
            Source tag = c.tag() instanceof Source s ? s : null;
            int newlinesInValue = 0;
            String text = c.text();
            for (int i = 0; i < text.length(); i++) {
                char ch = text.charAt(i);
                if (ch == '\n') {
                    out.add(line(out.size() + 1, line.toString(), source, offset));
                    line.setLength(0);
                    source = null;
                    if (tag != null) {
                        newlinesInValue++;
                    }
                    continue;
                }
                if (tag != null && source == null) {
                    source = tag;
                    offset = newlinesInValue;
                }
                line.append(ch);
            }
        }
        if (line.length() > 0 || source != null) {
            out.add(line(out.size() + 1, line.toString(), source, offset));
        }
        return out;
    }

    private static RenderedLine line(int number, String text, @Nullable Source s, int offset) {
        if (s == null) {
            return new RenderedLine(number, text, Origin.OPERATOR, OptionalInt.empty(), OptionalInt.empty());
        }
        OptionalInt yaml = s.yamlLine() > 0 ? OptionalInt.of(s.yamlLine() + offset) : OptionalInt.empty();
        OptionalInt entry = s.entry() >= 0 ? OptionalInt.of(s.entry()) : OptionalInt.empty();
        return new RenderedLine(number, text, s.origin(), entry, yaml);
    }
}
