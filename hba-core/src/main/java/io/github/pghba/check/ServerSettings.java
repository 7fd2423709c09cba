package io.github.pghba.check;

import java.util.Objects;

/**
 * The server settings ({@code postgresql.conf}) that change how pg_hba.conf is read.
 *
 * @param ssl {@code ssl}: with it off, {@code hostssl} lines only warn and never match
 * @param dbUserNamespace {@code db_user_namespace} (13–16): with it on, {@code md5} lines are errors
 * @param oauthValidatorLibraries {@code oauth_validator_libraries} (18): a comma-separated list;
 *     {@code oauth} lines need it
 */
public record ServerSettings(boolean ssl, boolean dbUserNamespace, String oauthValidatorLibraries) {

    /** {@code ssl = on} (as Debian and most packages configure it), everything else at its default. */
    public static final ServerSettings DEFAULT = new ServerSettings(true, false, "");

    /** Checks for null. */
    public ServerSettings {
        Objects.requireNonNull(oauthValidatorLibraries, "oauthValidatorLibraries");
    }

    /** A copy with {@code ssl} set. */
    public ServerSettings withSsl(boolean on) {
        return new ServerSettings(on, dbUserNamespace, oauthValidatorLibraries);
    }

    /** A copy with {@code db_user_namespace} set. */
    public ServerSettings withDbUserNamespace(boolean on) {
        return new ServerSettings(ssl, on, oauthValidatorLibraries);
    }

    /** A copy with {@code oauth_validator_libraries} set. */
    public ServerSettings withOauthValidatorLibraries(String libraries) {
        return new ServerSettings(ssl, dbUserNamespace, libraries);
    }
}
