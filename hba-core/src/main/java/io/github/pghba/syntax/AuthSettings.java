package io.github.pghba.syntax;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The effective authentication settings of a rule after PostgreSQL applied its options and defaults
 * (the last of duplicated options wins; {@code cert} implies {@code clientcert=verify-full}; gss and
 * sspi default to {@code include_realm=1}).
 *
 * @param map the user name map ({@code map=}); empty also when written as {@code map=} with no value
 * @param clientCert the client certificate check
 * @param clientName what of the certificate is compared: its CN or its DN (14+)
 * @param includeRealm gss/sspi: whether the realm stays on the principal
 * @param values every effective option PostgreSQL stored, by name, as text (an unordered map:
 *     {@link #toString()} lists it by name)
 * @param viewOptions the {@code options} column of {@code pg_hba_file_rules}, in PostgreSQL's order
 */
public record AuthSettings(Optional<String> map, ClientCert clientCert, ClientName clientName, boolean includeRealm,
        Map<String, String> values, List<String> viewOptions) {

    /** The {@code clientcert} levels. */
    public enum ClientCert {
        /** No client certificate is required. */
        OFF,
        /** A certificate signed by a trusted CA is required. */
        VERIFY_CA,
        /** As VERIFY_CA, and its CN (or DN) must match the user or the map. */
        VERIFY_FULL
    }

    /** The {@code clientname} choices. */
    public enum ClientName {
        /** Compare the certificate's common name (default). */
        CN,
        /** Compare the certificate's distinguished name in RFC 2253 form. */
        DN
    }

    /** Copies the collections. */
    public AuthSettings {
        Objects.requireNonNull(map, "map");
        Objects.requireNonNull(clientCert, "clientCert");
        Objects.requireNonNull(clientName, "clientName");
        values = Map.copyOf(values);
        viewOptions = List.copyOf(viewOptions);
    }

    /** An effective option's value, e.g. {@code value("ldapserver")}. */
    public Optional<String> value(String name) {
        return Optional.ofNullable(values.get(name));
    }

    /** The record's fields, {@code values} sorted by name: the same text in every JVM run. */
    @Override
    public String toString() {
        return "AuthSettings[map=" + map + ", clientCert=" + clientCert + ", clientName=" + clientName
                + ", includeRealm=" + includeRealm + ", values=" + new java.util.TreeMap<>(values) + ", viewOptions="
                + viewOptions + "]";
    }
}
