package io.github.pghba.syntax;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The authentication method of a pg_hba.conf record. */
public enum AuthMethod {
    /** {@code trust}. */
    TRUST("trust"),
    /** {@code reject}. */
    REJECT("reject"),
    /** {@code scram-sha-256}. */
    SCRAM_SHA_256("scram-sha-256"),
    /** {@code md5} (runs SCRAM when the stored secret is SCRAM). */
    MD5("md5"),
    /** {@code password} (cleartext). */
    PASSWORD("password"),
    /** {@code gss}. */
    GSS("gss"),
    /** {@code sspi} (Windows). */
    SSPI("sspi"),
    /** {@code ident} (RFC 1413; becomes {@code peer} on {@code local} lines). */
    IDENT("ident"),
    /** {@code peer}. */
    PEER("peer"),
    /** {@code pam}. */
    PAM("pam"),
    /** {@code ldap}. */
    LDAP("ldap"),
    /** {@code radius}. */
    RADIUS("radius"),
    /** {@code cert}. */
    CERT("cert"),
    /** {@code bsd}. */
    BSD("bsd"),
    /** {@code oauth} (18+). */
    OAUTH("oauth");

    private final String keyword;

    AuthMethod(String keyword) {
        this.keyword = keyword;
    }

    /** The keyword as written in the file and shown in the view's {@code auth_method} column. */
    public String keyword() {
        return keyword;
    }

    /** The method named exactly (case-sensitively) {@code text}. */
    public static Optional<AuthMethod> fromKeyword(String text) {
        for (Optional<AuthMethod> o : BY_ORDINAL) {
            if (o.get().keyword.equals(text)) {
                return o;
            }
        }
        return Optional.empty();
    }

    /** Every constant, each in an Optional made once (lookups allocate nothing). */
    private static final List<Optional<AuthMethod>> BY_ORDINAL = Arrays.stream(values()).map(Optional::of).toList();
}
