package io.github.pghba.eval;

import java.util.List;
import java.util.Objects;

/**
 * What a decision depends on besides the file and the request: the roles, the name service and the
 * server's interfaces. Immutable; every part injectable.
 *
 * @param roles the role graph (default: no roles)
 * @param resolver the name service for host-name rules (default: none, so they never match)
 * @param interfaces the server's interface addresses for samehost/samenet (default: loopback)
 */
public record Environment(RoleGraph roles, HostResolver resolver, List<ServerInterface> interfaces) {

    /** Copies the list. */
    public Environment {
        Objects.requireNonNull(roles, "roles");
        Objects.requireNonNull(resolver, "resolver");
        interfaces = List.copyOf(interfaces);
    }

    /** No roles, no name service, loopback interfaces (127.0.0.1/8, ::1/128). */
    public static Environment defaults() {
        return new Environment(RoleGraph.empty(), HostResolver.none(), ServerInterface.loopback());
    }

    /** A copy with these roles. */
    public Environment withRoles(RoleGraph r) {
        return new Environment(r, resolver, interfaces);
    }

    /** A copy with this name service. */
    public Environment withResolver(HostResolver r) {
        return new Environment(roles, r, interfaces);
    }

    /** A copy with these interfaces. */
    public Environment withInterfaces(List<ServerInterface> i) {
        return new Environment(roles, resolver, i);
    }
}
