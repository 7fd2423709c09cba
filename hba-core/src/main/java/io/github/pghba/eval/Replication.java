package io.github.pghba.eval;

/** Whether the connection is a replication connection, and which kind. */
public enum Replication {
    /** A normal connection. */
    NONE,
    /** Physical replication ({@code replication=true}): matches only the {@code replication} keyword. */
    PHYSICAL,
    /** Logical replication ({@code replication=database}): matches like a normal connection. */
    LOGICAL
}
