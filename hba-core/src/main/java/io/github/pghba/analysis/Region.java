package io.github.pghba.analysis;

import io.github.pghba.eval.ConnectionRequest;
import io.github.pghba.eval.Decision;
import io.github.pghba.eval.Replication;
import io.github.pghba.syntax.HbaRule;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A set of connection requests that all reach the same rule (or none): one transport, normal or
 * physical-replication connections, a set of address ranges (empty for local), and a set of
 * (user class, database class) pairs. Logical replication connections match exactly like normal ones.
 *
 * @param transport the transport
 * @param physicalReplication whether these are physical replication connections
 * @param addresses the client address ranges (empty for {@link Transport#LOCAL})
 * @param names the (user, database) classes; for physical replication the database is irrelevant
 * @param ruleIndex the index in the policy's rules of the rule reached, or -1
 * @param rule the rule reached
 * @param outcome matched, rejected or no match
 */
public record Region(Transport transport, boolean physicalReplication, List<AddressRange> addresses,
        List<NamePair> names, int ruleIndex, Optional<HbaRule> rule, Decision.Outcome outcome) {

    /**
     * A user class and a database class.
     *
     * @param user the user class
     * @param database the database class
     */
    public record NamePair(NameClass user, NameClass database) {
        /** The database name the pair stands for, given its user witness. */
        public String databaseWitness() {
            return database.kind() == NameClass.Kind.SAME_AS_USER ? user.witness() : database.witness();
        }
    }

    /** Copies the lists (the analysis's own immutable name lists are shared, not copied). */
    public Region {
        Objects.requireNonNull(transport, "transport");
        addresses = List.copyOf(addresses);
        names = names instanceof NameGroups.Pairs ? names : List.copyOf(names);
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(outcome, "outcome");
    }

    /** A concrete request of this region. */
    public ConnectionRequest example() {
        return request(0, 0);
    }

    /** The request for the given address range and name pair of this region. */
    public ConnectionRequest request(int addressIndex, int nameIndex) {
        NamePair p = names.get(nameIndex);
        ConnectionRequest r = transport == Transport.LOCAL ? ConnectionRequest.local()
                : ConnectionRequest.host(addresses.get(addressIndex).firstBytes());
        r = r.user(p.user().witness()).database(p.databaseWitness());
        r = switch (transport) {
            case TCP_SSL -> r.ssl();
            case TCP_GSS -> r.gss();
            default -> r;
        };
        return physicalReplication ? r.replication(Replication.PHYSICAL) : r;
    }
}
