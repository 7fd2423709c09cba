package io.github.pghba.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Loads a pg_hba.conf and injects the {@link io.github.pghba.eval.Policy} into test methods and
 * constructors (a parameter of type {@code Policy}, or {@code HbaConfig} for the loaded file). Put it
 * on the test class, or on a parameter to load another file for it. Policies are cached per test
 * class. A file that does not load fails the test with PostgreSQL's messages.
 *
 * <p>Locations are {@code classpath:path/in/resources} or file paths (relative to the working
 * directory); includes and {@code @file} lists resolve next to the file.
 */
@Target({ElementType.TYPE, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@ExtendWith(HbaPolicyExtension.class)
public @interface HbaPolicy {
    /** The pg_hba.conf location; empty when {@link #cnpg()} names a manifest instead. */
    String value() default "";

    /**
     * A CloudNativePG Cluster manifest location, in place of a pg_hba.conf: the pg_hba.conf and
     * pg_ident.conf the operator renders for it are tested (needs {@code io.github.pghba:hba-cnpg} on
     * the test class path).
     */
    String cnpg() default "";

    /** The CloudNativePG operator release rendering {@link #cnpg()} (default 1.30). */
    String operatorVersion() default "1.30";

    /** The PostgreSQL version: 13..18 or MAJOR.MINOR (default 18). */
    String pgVersion() default "18";

    /** An ENV.json location (the format of {@code pghba --env}: ssl, build, roles, interfaces, hosts); empty for none. */
    String env() default "";

    /** A pg_ident.conf location for {@code map=} checks; empty for none. */
    String ident() default "";
}
