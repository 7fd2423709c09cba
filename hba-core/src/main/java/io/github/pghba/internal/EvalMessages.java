package io.github.pghba.internal;

import io.github.pghba.check.PgVersion;
import io.github.pghba.eval.ConnectionRequest;
import io.github.pghba.eval.Encryption;
import io.github.pghba.eval.Replication;

/** The FATAL texts of auth.c's ClientAuthentication, per version. */
public final class EvalMessages {
    private EvalMessages() {}

    /** The encryption words: 13 says {@code SSL on}/{@code SSL off}, 14+ {@code SSL encryption}/{@code no encryption}. */
    public static String encryption(PgVersion v, Encryption e) {
        return switch (e) {
            case GSS -> "GSS encryption";
            case SSL -> v.atLeast(14) ? "SSL encryption" : "SSL on";
            case NONE -> v.atLeast(14) ? "no encryption" : "SSL off";
        };
    }

    /** Whether the message uses the replication form: physical (14+), any walsender (13). */
    static boolean replicationForm(PgVersion v, Replication r) {
        return v.atLeast(14) ? r == Replication.PHYSICAL : r != Replication.NONE;
    }

    /** The message for an explicit {@code reject} rule. */
    public static String rejected(PgVersion v, ConnectionRequest r, Encryption effective) {
        if (replicationForm(v, r.replicationMode())) {
            return "pg_hba.conf rejects replication connection for host \"" + r.hostText() + "\", user \""
                    + r.effectiveUser() + "\", " + encryption(v, effective);
        }
        return "pg_hba.conf rejects connection for host \"" + r.hostText() + "\", user \"" + r.effectiveUser()
                + "\", database \"" + r.effectiveDatabase() + "\", " + encryption(v, effective);
    }

    /** The message when no rule matched. */
    public static String noMatch(PgVersion v, ConnectionRequest r, Encryption effective) {
        if (replicationForm(v, r.replicationMode())) {
            return "no pg_hba.conf entry for replication connection from host \"" + r.hostText() + "\", user \""
                    + r.effectiveUser() + "\", " + encryption(v, effective);
        }
        return "no pg_hba.conf entry for host \"" + r.hostText() + "\", user \"" + r.effectiveUser()
                + "\", database \"" + r.effectiveDatabase() + "\", " + encryption(v, effective);
    }
}
