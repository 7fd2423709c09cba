package io.github.pghba.cnpg;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The CloudNativePG resources of a (multi-document) YAML file: every {@code Cluster} and
 * {@code Pooler} of API group {@code postgresql.cnpg.io} (or EDB's older
 * {@code postgresql.k8s.enterprisedb.io}), also inside a {@code kind: List}, with the YAML line of
 * each {@code pg_hba} / {@code pg_ident} entry and each parameter. Other documents are skipped.
 *
 * <p>Reading never throws for bad content: YAML errors and documents that cannot be understood are
 * {@link #problems()}.
 *
 * @param source the file name as given (used in findings)
 * @param clusters the Cluster resources, in file order
 * @param poolers the Pooler resources, in file order
 * @param problems what could not be read
 * @param documents how many YAML documents the file has
 */
public record CnpgManifest(String source, List<Cluster> clusters, List<Pooler> poolers, List<Problem> problems,
        int documents) {

    /** Copies the lists. */
    public CnpgManifest {
        Objects.requireNonNull(source, "source");
        clusters = List.copyOf(clusters);
        poolers = List.copyOf(poolers);
        problems = List.copyOf(problems);
    }

    /** Parses YAML text; {@code source} names it in findings. */
    public static CnpgManifest parse(String source, String yaml) {
        return ManifestReader.read(source, yaml);
    }

    /**
     * Reads a YAML file (UTF-8).
     *
     * @throws IOException if it cannot be read
     */
    public static CnpgManifest read(Path path) throws IOException {
        return parse(path.toString(), Files.readString(path, StandardCharsets.UTF_8));
    }

    /** The Cluster named {@code name}, or the only one when {@code name} is empty. */
    public Optional<Cluster> cluster(Optional<String> name) {
        if (name.isPresent()) {
            return clusters.stream().filter(c -> c.name().equals(name.get())).findFirst();
        }
        return clusters.size() == 1 ? Optional.of(clusters.get(0)) : Optional.empty();
    }

    /**
     * A YAML scalar and where it is.
     *
     * @param value the scalar's text
     * @param line its 1-based line
     * @param column its 1-based column
     * @param string whether YAML reads it as a string; {@code 0700}, {@code on} or {@code 5432}
     *     unquoted are numbers and booleans (kubectl follows YAML 1.1 here), which a Kubernetes
     *     string field refuses
     * @param yamlType the YAML type it resolves to: str, int, bool, float, null, timestamp...
     */
    public record Scalar(String value, int line, int column, boolean string, String yamlType) {
        /** Checks for null. */
        public Scalar {
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(yamlType, "yamlType");
        }
    }

    /**
     * An entry of {@code spec.postgresql.parameters}.
     *
     * @param name the parameter name
     * @param value its value
     * @param line the line of the key
     */
    public record Parameter(String name, Scalar value, int line) {
        /** Checks for null. */
        public Parameter {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }
    }

    /**
     * {@code spec.postgresql.ldap}.
     *
     * @param line the line of the {@code ldap:} key
     * @param server {@code server}
     * @param port {@code port}
     * @param scheme {@code scheme} (ldap or ldaps)
     * @param tls {@code tls}
     * @param bindAsAuth {@code bindAsAuth} (simple bind)
     * @param bindSearchAuth {@code bindSearchAuth} (search+bind)
     */
    public record Ldap(int line, Optional<String> server, OptionalInt port, Optional<String> scheme, boolean tls,
            Optional<BindAsAuth> bindAsAuth, Optional<BindSearchAuth> bindSearchAuth) {
        /** Checks for null. */
        public Ldap {
            Objects.requireNonNull(server, "server");
            Objects.requireNonNull(port, "port");
            Objects.requireNonNull(scheme, "scheme");
            Objects.requireNonNull(bindAsAuth, "bindAsAuth");
            Objects.requireNonNull(bindSearchAuth, "bindSearchAuth");
        }

        /** Whether the operator writes an LDAP line: only with bindAsAuth or bindSearchAuth. */
        public boolean enabled() {
            return bindAsAuth.isPresent() || bindSearchAuth.isPresent();
        }
    }

    /**
     * {@code ldap.bindAsAuth}.
     *
     * @param prefix {@code prefix}
     * @param suffix {@code suffix}
     */
    public record BindAsAuth(String prefix, String suffix) {
        /** Checks for null. */
        public BindAsAuth {
            Objects.requireNonNull(prefix, "prefix");
            Objects.requireNonNull(suffix, "suffix");
        }
    }

    /**
     * {@code ldap.bindSearchAuth}.
     *
     * @param baseDN {@code baseDN}
     * @param bindDN {@code bindDN}
     * @param searchAttribute {@code searchAttribute}
     * @param searchFilter {@code searchFilter}
     * @param passwordSecret {@code bindPassword.name} and {@code bindPassword.key} as
     *     {@code name/key}: the operator reads the password from this Secret
     */
    public record BindSearchAuth(String baseDN, String bindDN, String searchAttribute, String searchFilter,
            Optional<String> passwordSecret) {
        /** Checks for null. */
        public BindSearchAuth {
            Objects.requireNonNull(baseDN, "baseDN");
            Objects.requireNonNull(bindDN, "bindDN");
            Objects.requireNonNull(searchAttribute, "searchAttribute");
            Objects.requireNonNull(searchFilter, "searchFilter");
            Objects.requireNonNull(passwordSecret, "passwordSecret");
        }
    }

    /**
     * A {@code Cluster} resource.
     *
     * @param name {@code metadata.name}
     * @param namespace {@code metadata.namespace} (empty when not given)
     * @param apiVersion {@code apiVersion}
     * @param line the line where the document's {@code kind} is
     * @param imageName {@code spec.imageName}
     * @param imageCatalogMajor {@code spec.imageCatalogRef.major}
     * @param postgresqlLine the line of {@code spec.postgresql:}
     * @param pgHbaLine the line of {@code pg_hba:}
     * @param pgHba {@code spec.postgresql.pg_hba}, in order
     * @param pgIdentLine the line of {@code pg_ident:}
     * @param pgIdent {@code spec.postgresql.pg_ident}, in order
     * @param parametersLine the line of {@code parameters:}
     * @param parameters {@code spec.postgresql.parameters}, in order
     * @param ldap {@code spec.postgresql.ldap}
     * @param podSelectorRefs the names in {@code spec.podSelectorRefs}
     * @param statusPodSelectorIps {@code status.podSelectorRefs} (present when the file is
     *     {@code kubectl get -o yaml} output): the pod IPs the operator resolved per name
     * @param enableSuperuserAccess {@code spec.enableSuperuserAccess}
     */
    public record Cluster(String name, String namespace, String apiVersion, int line, Optional<Scalar> imageName,
            OptionalInt imageCatalogMajor, OptionalInt postgresqlLine, OptionalInt pgHbaLine, List<Scalar> pgHba,
            OptionalInt pgIdentLine, List<Scalar> pgIdent, OptionalInt parametersLine, List<Parameter> parameters,
            Optional<Ldap> ldap, List<String> podSelectorRefs, Map<String, List<String>> statusPodSelectorIps,
            Optional<Boolean> enableSuperuserAccess) {

        /** Copies the collections. */
        public Cluster {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(namespace, "namespace");
            Objects.requireNonNull(apiVersion, "apiVersion");
            Objects.requireNonNull(imageName, "imageName");
            Objects.requireNonNull(imageCatalogMajor, "imageCatalogMajor");
            Objects.requireNonNull(postgresqlLine, "postgresqlLine");
            Objects.requireNonNull(pgHbaLine, "pgHbaLine");
            pgHba = List.copyOf(pgHba);
            Objects.requireNonNull(pgIdentLine, "pgIdentLine");
            pgIdent = List.copyOf(pgIdent);
            Objects.requireNonNull(parametersLine, "parametersLine");
            parameters = List.copyOf(parameters);
            Objects.requireNonNull(ldap, "ldap");
            podSelectorRefs = List.copyOf(podSelectorRefs);
            statusPodSelectorIps = Map.copyOf(statusPodSelectorIps);
            Objects.requireNonNull(enableSuperuserAccess, "enableSuperuserAccess");
        }

        /** The parameter {@code name}, if set. */
        public Optional<Parameter> parameter(String name) {
            return parameters.stream().filter(p -> p.name().equals(name)).reduce((a, b) -> b);
        }

        /** {@code Cluster/name}. */
        public String label() {
            return "Cluster/" + name;
        }

        /** The best line to point at for the cluster's pg_hba as a whole. */
        public int hbaAnchorLine() {
            return pgHbaLine.orElse(postgresqlLine.orElse(line));
        }
    }

    /**
     * A {@code Pooler} resource (PgBouncer).
     *
     * @param name {@code metadata.name}
     * @param namespace {@code metadata.namespace} (empty when not given)
     * @param apiVersion {@code apiVersion}
     * @param line the line where the document's {@code kind} is
     * @param clusterName {@code spec.cluster.name}
     * @param type {@code spec.type} (rw, ro or r; rw when not given)
     * @param pgbouncerLine the line of {@code spec.pgbouncer:}
     * @param pgHbaLine the line of {@code pg_hba:}
     * @param pgHba {@code spec.pgbouncer.pg_hba}, in order
     */
    public record Pooler(String name, String namespace, String apiVersion, int line, String clusterName, String type,
            OptionalInt pgbouncerLine, OptionalInt pgHbaLine, List<Scalar> pgHba) {
        /** Copies the list. */
        public Pooler {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(namespace, "namespace");
            Objects.requireNonNull(apiVersion, "apiVersion");
            Objects.requireNonNull(clusterName, "clusterName");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(pgbouncerLine, "pgbouncerLine");
            Objects.requireNonNull(pgHbaLine, "pgHbaLine");
            pgHba = List.copyOf(pgHba);
        }

        /** {@code Pooler/name}. */
        public String label() {
            return "Pooler/" + name;
        }

        /** The best line to point at for the pooler's pg_hba as a whole. */
        public int hbaAnchorLine() {
            return pgHbaLine.orElse(pgbouncerLine.orElse(line));
        }
    }

    /**
     * Something in the file that could not be read.
     *
     * @param line the 1-based line
     * @param message what is wrong
     */
    public record Problem(int line, String message) {
        /** Checks for null. */
        public Problem {
            Objects.requireNonNull(message, "message");
        }
    }
}
