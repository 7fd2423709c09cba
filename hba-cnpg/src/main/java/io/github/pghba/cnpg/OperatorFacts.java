package io.github.pghba.cnpg;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the operator does besides its templates, per release (each fact's source is in
 * {@code hba-cnpg/TEMPLATES.md}): which template a release uses, the default image, how the
 * PostgreSQL version is read from an image name, {@code ${podselector:NAME}} expansion, the LDAP
 * line, and the parameters it fixes.
 */
final class OperatorFacts {
    private OperatorFacts() {}

    // ---- which template ----

    /** The FIXED RULES / USER-DEFINED RULES layout and the templated pg_ident.conf with user lines. */
    static boolean sectionedTemplates(OperatorVersion v) {
        return v.has(20, 6, 21, 3, 22, 1, 23, 0);
    }

    /** {@code map=} on the certificate rules and the cnpg_streaming_replica / cnpg_pooler_pgbouncer maps. */
    static boolean userMapsForPredefinedUsers(OperatorVersion v) {
        return v.atLeast(27, 0);
    }

    /** The {@code local all cnpg_metrics_exporter peer map=cnpg_metrics_exporter} rule and its map. */
    static boolean metricsExporterRule(OperatorVersion v) {
        return v.has(28, 3, 29, 1, 30, 0);
    }

    /** {@code ${podselector:NAME}} expansion ({@code spec.podSelectorRefs}). */
    static boolean podSelectors(OperatorVersion v) {
        return v.atLeast(29, 0);
    }

    /** The LDAP block ({@code spec.postgresql.ldap}). */
    static boolean ldap(OperatorVersion v) {
        return v.atLeast(15, 0);
    }

    /** LDAP option values written in double quotes ({@code quoteHbaLiteral}). */
    static boolean ldapQuoting(OperatorVersion v) {
        return v.has(19, 5, 20, 3, 21, 0);
    }

    /** The Pooler resource. */
    static boolean pooler(OperatorVersion v) {
        return v.atLeast(10, 0);
    }

    /** {@code spec.pgbouncer.pg_hba} and the {@code ::/0} catch-all in the PgBouncer file. */
    static boolean poolerUserRules(OperatorVersion v) {
        return v.has(17, 5, 18, 3, 19, 1, 20, 0);
    }

    /** {@code spec.postgresql.pg_ident}. */
    static boolean userIdentLines(OperatorVersion v) {
        return sectionedTemplates(v);
    }

    /** The pg_ident.conf {@code local} map (with {@code peer map=local}); before 1.3 no map and no file. */
    static boolean identFile(OperatorVersion v) {
        return v.atLeast(3, 0);
    }

    /** {@code spec.enableSuperuserAccess} defaults to false (the postgres user has no password). */
    static boolean superuserAccessOffByDefault(OperatorVersion v) {
        return v.atLeast(21, 0);
    }

    /** The templated files (1.10 on); before, a header and a footer joined around the user lines. */
    static String hbaTemplate(OperatorVersion v) {
        if (v.minor() < 15) {
            return Templates.HBA_1_10;
        }
        if (!sectionedTemplates(v)) {
            return Templates.HBA_1_15;
        }
        if (!userMapsForPredefinedUsers(v)) {
            return Templates.HBA_1_23;
        }
        boolean metrics = metricsExporterRule(v);
        boolean selectors = podSelectors(v);
        if (selectors) {
            return metrics ? Templates.HBA_1_30 : Templates.HBA_1_29_0;
        }
        return metrics ? Templates.HBA_1_28_3 : Templates.HBA_1_27;
    }

    /** The pre-1.10 header. */
    static String hbaHeader(OperatorVersion v) {
        if (v.minor() < 3) {
            return Templates.HEADER_1_0;
        }
        return v.minor() < 8 ? Templates.HEADER_1_3 : Templates.HEADER_1_8;
    }

    /** The pg_ident.conf template (sectioned releases only). */
    static String identTemplate(OperatorVersion v) {
        if (!userMapsForPredefinedUsers(v)) {
            return Templates.IDENT_1_23;
        }
        return metricsExporterRule(v) ? Templates.IDENT_1_30 : Templates.IDENT_1_27;
    }

    /** The PgBouncer pg_hba.conf template. */
    static String poolerTemplate(OperatorVersion v) {
        return poolerUserRules(v) ? Templates.POOLER_1_20 : Templates.POOLER_1_10;
    }

    // ---- the PostgreSQL version ----

    /** pkg/versions/versions.go DefaultImageName at every release tag. */
    private static final String[] DEFAULT_IMAGES = {
        "1.0.0 quay.io/enterprisedb/postgresql:13.1", "1.1.0 quay.io/enterprisedb/postgresql:13.2",
        "1.2.0 quay.io/enterprisedb/postgresql:13.2", "1.2.1 quay.io/enterprisedb/postgresql:13.2",
        "1.3.0 quay.io/enterprisedb/postgresql:13.2", "1.4.0 quay.io/enterprisedb/postgresql:13.2",
        "1.5.0 quay.io/enterprisedb/postgresql:13.3", "1.5.1 quay.io/enterprisedb/postgresql:13.3",
        "1.6.0 quay.io/enterprisedb/postgresql:13.3", "1.7.0 quay.io/enterprisedb/postgresql:13.3",
        "1.7.1 quay.io/enterprisedb/postgresql:13.3", "1.8.0 quay.io/enterprisedb/postgresql:13.4",
        "1.9.0 quay.io/enterprisedb/postgresql:13.4", "1.9.1 quay.io/enterprisedb/postgresql:14.0",
        "1.9.2 quay.io/enterprisedb/postgresql:14.0", "1.10.0 quay.io/enterprisedb/postgresql:14.1",
        "1.11.0 quay.io/enterprisedb/postgresql:14.1", "1.12.0 quay.io/enterprisedb/postgresql:14.1",
        "1.13.0 quay.io/enterprisedb/postgresql:14.1", "1.14.0 quay.io/enterprisedb/postgresql:14.2",
        "1.15.0 ghcr.io/cloudnative-pg/postgresql:14.2", "1.15.1 ghcr.io/cloudnative-pg/postgresql:14.3",
        "1.15.2 ghcr.io/cloudnative-pg/postgresql:14.4", "1.15.3 ghcr.io/cloudnative-pg/postgresql:14.5",
        "1.15.4 ghcr.io/cloudnative-pg/postgresql:14.5", "1.15.5 ghcr.io/cloudnative-pg/postgresql:14.5",
        "1.16.0 ghcr.io/cloudnative-pg/postgresql:14.4", "1.16.1 ghcr.io/cloudnative-pg/postgresql:14.5",
        "1.16.2 ghcr.io/cloudnative-pg/postgresql:14.5", "1.16.3 ghcr.io/cloudnative-pg/postgresql:14.5",
        "1.16.4 ghcr.io/cloudnative-pg/postgresql:15.0", "1.16.5 ghcr.io/cloudnative-pg/postgresql:15.1",
        "1.17.0 ghcr.io/cloudnative-pg/postgresql:14.5", "1.17.1 ghcr.io/cloudnative-pg/postgresql:14.5",
        "1.17.2 ghcr.io/cloudnative-pg/postgresql:15.0", "1.17.3 ghcr.io/cloudnative-pg/postgresql:15.1",
        "1.17.4 ghcr.io/cloudnative-pg/postgresql:15.1", "1.17.5 ghcr.io/cloudnative-pg/postgresql:15.2",
        "1.18.0 ghcr.io/cloudnative-pg/postgresql:15.0", "1.18.1 ghcr.io/cloudnative-pg/postgresql:15.1",
        "1.18.2 ghcr.io/cloudnative-pg/postgresql:15.1", "1.18.3 ghcr.io/cloudnative-pg/postgresql:15.2",
        "1.18.4 ghcr.io/cloudnative-pg/postgresql:15.2", "1.18.5 ghcr.io/cloudnative-pg/postgresql:15.3",
        "1.19.0 ghcr.io/cloudnative-pg/postgresql:15.2", "1.19.1 ghcr.io/cloudnative-pg/postgresql:15.2",
        "1.19.2 ghcr.io/cloudnative-pg/postgresql:15.2", "1.19.3 ghcr.io/cloudnative-pg/postgresql:15.3",
        "1.19.4 ghcr.io/cloudnative-pg/postgresql:15.3", "1.19.5 ghcr.io/cloudnative-pg/postgresql:15.4",
        "1.19.6 ghcr.io/cloudnative-pg/postgresql:15.4", "1.20.0 ghcr.io/cloudnative-pg/postgresql:15.2",
        "1.20.1 ghcr.io/cloudnative-pg/postgresql:15.3", "1.20.2 ghcr.io/cloudnative-pg/postgresql:15.3",
        "1.20.3 ghcr.io/cloudnative-pg/postgresql:15.4", "1.20.4 ghcr.io/cloudnative-pg/postgresql:15.4",
        "1.20.5 ghcr.io/cloudnative-pg/postgresql:16.1", "1.20.6 ghcr.io/cloudnative-pg/postgresql:16.1",
        "1.21.0 ghcr.io/cloudnative-pg/postgresql:16.0", "1.21.1 ghcr.io/cloudnative-pg/postgresql:16.0",
        "1.21.2 ghcr.io/cloudnative-pg/postgresql:16.1", "1.21.3 ghcr.io/cloudnative-pg/postgresql:16.1",
        "1.21.4 ghcr.io/cloudnative-pg/postgresql:16.2", "1.21.5 ghcr.io/cloudnative-pg/postgresql:16.2",
        "1.21.6 ghcr.io/cloudnative-pg/postgresql:16.3", "1.22.0 ghcr.io/cloudnative-pg/postgresql:16.1",
        "1.22.1 ghcr.io/cloudnative-pg/postgresql:16.1", "1.22.2 ghcr.io/cloudnative-pg/postgresql:16.2",
        "1.22.3 ghcr.io/cloudnative-pg/postgresql:16.2", "1.22.4 ghcr.io/cloudnative-pg/postgresql:16.3",
        "1.22.5 ghcr.io/cloudnative-pg/postgresql:16.3", "1.23.0 ghcr.io/cloudnative-pg/postgresql:16.2",
        "1.23.1 ghcr.io/cloudnative-pg/postgresql:16.2", "1.23.2 ghcr.io/cloudnative-pg/postgresql:16.3",
        "1.23.3 ghcr.io/cloudnative-pg/postgresql:16.3", "1.23.4 ghcr.io/cloudnative-pg/postgresql:16.4",
        "1.23.5 ghcr.io/cloudnative-pg/postgresql:17.0", "1.23.6 ghcr.io/cloudnative-pg/postgresql:17.2",
        "1.24.0 ghcr.io/cloudnative-pg/postgresql:16.4", "1.24.1 ghcr.io/cloudnative-pg/postgresql:17.0",
        "1.24.2 ghcr.io/cloudnative-pg/postgresql:17.2", "1.24.3 ghcr.io/cloudnative-pg/postgresql:17.4",
        "1.24.4 ghcr.io/cloudnative-pg/postgresql:17.5", "1.25.0 ghcr.io/cloudnative-pg/postgresql:17.2",
        "1.25.1 ghcr.io/cloudnative-pg/postgresql:17.4", "1.25.2 ghcr.io/cloudnative-pg/postgresql:17.5",
        "1.25.3 ghcr.io/cloudnative-pg/postgresql:17.5",
        "1.25.4 ghcr.io/cloudnative-pg/postgresql:18.0-system-trixie",
        "1.26.0 ghcr.io/cloudnative-pg/postgresql:17.5", "1.26.1 ghcr.io/cloudnative-pg/postgresql:17.5",
        "1.26.2 ghcr.io/cloudnative-pg/postgresql:18.0-system-trixie",
        "1.26.3 ghcr.io/cloudnative-pg/postgresql:18.1-system-trixie",
        "1.27.0 ghcr.io/cloudnative-pg/postgresql:17.5",
        "1.27.1 ghcr.io/cloudnative-pg/postgresql:18.0-system-trixie",
        "1.27.2 ghcr.io/cloudnative-pg/postgresql:18.1-system-trixie",
        "1.27.3 ghcr.io/cloudnative-pg/postgresql:18.1-system-trixie",
        "1.27.4 ghcr.io/cloudnative-pg/postgresql:18.3-system-trixie",
        "1.28.0 ghcr.io/cloudnative-pg/postgresql:18.1-system-trixie",
        "1.28.1 ghcr.io/cloudnative-pg/postgresql:18.1-system-trixie",
        "1.28.2 ghcr.io/cloudnative-pg/postgresql:18.3-system-trixie",
        "1.28.3 ghcr.io/cloudnative-pg/postgresql:18.3-system-trixie",
        "1.28.4 ghcr.io/cloudnative-pg/postgresql:18.4-system-trixie",
        "1.29.0 ghcr.io/cloudnative-pg/postgresql:18.3-system-trixie",
        "1.29.1 ghcr.io/cloudnative-pg/postgresql:18.3-system-trixie",
        "1.29.2 ghcr.io/cloudnative-pg/postgresql:18.4-system-trixie",
        "1.30.0 ghcr.io/cloudnative-pg/postgresql:18.4-system-trixie",
    };

    /** The operator's default image for a release (the newest known patch for {@code 1.x}). */
    static String defaultImage(OperatorVersion v) {
        String best = DEFAULT_IMAGES[DEFAULT_IMAGES.length - 1];
        OperatorVersion bestVersion = null;
        for (String entry : DEFAULT_IMAGES) {
            int sp = entry.indexOf(' ');
            OperatorVersion ev = OperatorVersion.parse(entry.substring(0, sp));
            if (ev.compareTo(v) <= 0 && (bestVersion == null || ev.compareTo(bestVersion) > 0)) {
                bestVersion = ev;
                best = entry;
            }
        }
        if (bestVersion == null) {
            best = DEFAULT_IMAGES[0];
        }
        return best.substring(best.indexOf(' ') + 1);
    }

    private static final Pattern DIGEST = Pattern.compile("@sha256:[a-fA-F0-9]+$");
    private static final Pattern TAG = Pattern.compile(":([^/]+)$");
    private static final Pattern SEMVER = Pattern.compile("^(\\d\\.?)+");

    /**
     * The PostgreSQL version in an image name, as the operator reads it: machinery's
     * {@code reference.New(name).Tag} then {@code version.FromTag}: {@code 16.4-bookworm} is 16.4,
     * {@code 17} is 17.0; no tag (or only a digest) or a tag not starting with a number gives none.
     */
    static Optional<int[]> versionFromImage(String image) {
        String name = image;
        Matcher d = DIGEST.matcher(name);
        boolean digest = d.find();
        if (digest) {
            name = name.substring(0, d.start());
        }
        Matcher t = TAG.matcher(name);
        String tag = t.find() ? t.group(1) : (digest ? "" : "latest");
        Matcher s = SEMVER.matcher(tag);
        if (!s.find()) {
            return Optional.empty();
        }
        String[] parts = s.group().split("\\.");
        try {
            int major = Integer.parseInt(parts[0]);
            int minor = parts.length > 1 && !parts[1].isEmpty() ? Integer.parseInt(parts[1]) : 0;
            return Optional.of(new int[] {major, minor});
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    // ---- ${podselector:NAME} (pkg/postgres/hba/hba.go ExpandLine) ----

    static final Pattern DESCRIPTOR = Pattern.compile("\\$\\{([^:]+):([^}]+)}");

    /** ExpandLine: one line per pod IP, or the line commented out with the error. */
    static List<String> expandLine(String line, Map<String, List<String>> selectorIps) {
        Matcher m = DESCRIPTOR.matcher(line);
        if (!m.find()) {
            return List.of(line);
        }
        String type = m.group(1);
        if (!type.equals("podselector")) {
            return List.of("# " + line + " # unknown descriptor type: " + type);
        }
        String name = m.group(2);
        List<String> ips = selectorIps.get(name);
        if (ips == null) {
            return List.of("# " + line + " # pod selector not found: " + name);
        }
        List<String> out = new ArrayList<>();
        for (String ip : ips) {
            out.add(line.substring(0, m.start()) + GoNet.hostCidr(ip) + line.substring(m.end()));
        }
        return out;
    }

    // ---- the LDAP line (pkg/management/postgres/configuration.go buildLDAPConfigString) ----

    static String ldapLine(CnpgManifest.Ldap ldap, OperatorVersion v, String bindPassword) {
        boolean q = ldapQuoting(v);
        StringBuilder sb = new StringBuilder("host all all 0.0.0.0/0 ldap ldapserver=");
        String server = ldap.server().orElse("");
        sb.append(q ? quote(server) : server);
        if (ldap.port().isPresent() && ldap.port().getAsInt() != 0) {
            sb.append(" ldapport=").append(ldap.port().getAsInt());
        }
        if (ldap.scheme().isPresent() && !ldap.scheme().get().isEmpty()) {
            sb.append(" ldapscheme=").append(q ? quote(ldap.scheme().get()) : ldap.scheme().get());
        }
        if (ldap.tls()) {
            sb.append(" ldaptls=1");
        }
        if (ldap.bindAsAuth().isPresent()) {
            CnpgManifest.BindAsAuth b = ldap.bindAsAuth().get();
            if (q) {
                sb.append(" ldapprefix=").append(quote(b.prefix())).append(" ldapsuffix=").append(quote(b.suffix()));
            } else {
                sb.append(" ldapprefix=\"").append(b.prefix()).append("\" ldapsuffix=\"").append(b.suffix())
                        .append('"');
            }
        }
        if (ldap.bindSearchAuth().isPresent()) {
            CnpgManifest.BindSearchAuth b = ldap.bindSearchAuth().get();
            if (q) {
                sb.append(" ldapbasedn=").append(quote(b.baseDN())).append(" ldapbinddn=").append(quote(b.bindDN()))
                        .append(" ldapbindpasswd=").append(quote(bindPassword));
            } else {
                sb.append(" ldapbasedn=\"").append(b.baseDN()).append("\" ldapbinddn=\"").append(b.bindDN())
                        .append("\" ldapbindpasswd=").append(bindPassword);
            }
            if (!b.searchFilter().isEmpty()) {
                sb.append(" ldapsearchfilter=").append(q ? quote(b.searchFilter()) : b.searchFilter());
            }
            if (!b.searchAttribute().isEmpty()) {
                sb.append(" ldapsearchattribute=").append(q ? quote(b.searchAttribute()) : b.searchAttribute());
            }
        }
        return sb.toString();
    }

    /** quoteHbaLiteral: {@code "} doubled, a newline escaped with a backslash, the whole in quotes. */
    static String quote(String literal) {
        return "\"" + literal.replace("\"", "\"\"").replace("\n", "\\\n") + "\"";
    }

    // ---- parameters (pkg/postgres/configuration.go FixedConfigurationParameters, MandatorySettings) ----

    /**
     * The fixed parameters that decide who gets in, with the value the operator forces where a user
     * value equal to it is accepted ({@link #FORCED}); empty: any value is refused. The operator's
     * own certificate paths are not modelled: setting them is refused too.
     */
    static Map<String, String> fixedAccessParameters(OperatorVersion v) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("listen_addresses", "*");
        m.put("port", "5432");
        m.put("ssl", "on");
        m.put("ssl_ca_file", "");
        m.put("ssl_cert_file", "");
        m.put("ssl_key_file", "");
        m.put("ssl_crl_file", "");
        m.put("ssl_passphrase_command", "");
        m.put("ssl_passphrase_command_supports_reload", "");
        m.put("ssl_dh_params_file", "");
        m.put("ssl_ecdh_curve", "");
        m.put("ssl_prefer_server_ciphers", "");
        m.put("unix_socket_directories", "/controller/run");
        m.put("unix_socket_group", "");
        m.put("unix_socket_permissions", "");
        m.put("hba_file", "");
        m.put("ident_file", "");
        m.put("config_file", "");
        if (!tlsVersionsSettable(v)) {
            m.put("ssl_ciphers", "");
            m.put("ssl_min_protocol_version", "");
            m.put("ssl_max_protocol_version", "");
        }
        return m;
    }

    /** ssl_min_protocol_version / ssl_max_protocol_version / ssl_ciphers can be set, TLSv1.3 by default. */
    static boolean tlsVersionsSettable(OperatorVersion v) {
        return v.has(20, 5, 21, 2, 22, 0);
    }

    /** Parameters whose value the operator forces: a user value equal to it is accepted by the webhook. */
    static final Set<String> FORCED = Set.of("listen_addresses", "port", "ssl", "unix_socket_directories");
}
