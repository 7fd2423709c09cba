package io.github.pghba.internal;

import io.github.pghba.check.Diagnostic;
import io.github.pghba.syntax.Address;
import io.github.pghba.syntax.AuthMethod;
import io.github.pghba.syntax.AuthSettings;
import io.github.pghba.syntax.BlankLine;
import io.github.pghba.syntax.ConnectionType;
import io.github.pghba.syntax.HbaRule;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The line parser's way to the syntax tree's non-public constructors: the tree's classes keep
 * internal types out of their public API, and register a factory here when they are initialized.
 */
public final class SyntaxAccess {
    private SyntaxAccess() {}

    /** Makes rules from tokenized lines ({@link HbaRule} registers it). */
    public interface RuleFactory {
        /** A rule over {@code tok}; see {@link SyntaxAccess#rule}. */
        HbaRule rule(TokLine tok, ConnectionType type, @Nullable Address address, int addressField,
                AuthMethod method, int optionField, AuthSettings settings, List<Diagnostic> warnings);
    }

    private static volatile @Nullable RuleFactory rules;

    /** Makes blank lines ({@link BlankLine} registers it). */
    public interface BlankFactory {
        /** A blank or comment line of the file {@code path}. */
        BlankLine blank(String path, LogicalLine line);
    }

    private static volatile @Nullable BlankFactory blanks;

    /** Called once by {@link BlankLine}'s static initializer. */
    public static void register(BlankFactory factory) {
        blanks = factory;
    }

    /** A blank or comment line of the file {@code path}. */
    public static BlankLine blank(String path, LogicalLine line) {
        BlankFactory f = blanks;
        if (f == null) {
            initialize(BlankLine.class);
            f = blanks;
            if (f == null) {
                throw new IllegalStateException("BlankLine did not register its factory");
            }
        }
        return f.blank(path, line);
    }

    /** Called once by {@link HbaRule}'s static initializer. */
    public static void register(RuleFactory factory) {
        rules = factory;
    }

    /**
     * A rule over a tokenized line.
     *
     * @param address the address, or null for none or for one made later ({@code addressField})
     * @param addressField the field of a numeric address range the line parser found valid, for the
     *     rule to make when first asked ({@link HbaLineParser#numericAddress}), or -1
     * @param optionField the first field holding options, or -1 if there are none
     */
    public static HbaRule rule(TokLine tok, ConnectionType type, @Nullable Address address, int addressField,
            AuthMethod method, int optionField, AuthSettings settings, List<Diagnostic> warnings) {
        RuleFactory f = rules;
        if (f == null) {
            initialize(HbaRule.class);
            f = rules;
            if (f == null) {
                throw new IllegalStateException("HbaRule did not register its factory");
            }
        }
        return f.rule(tok, type, address, addressField, method, optionField, settings, warnings);
    }

    private static void initialize(Class<?> c) {
        try {
            Class.forName(c.getName(), true, c.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
