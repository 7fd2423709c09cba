package io.github.pghba.cnpg;

/**
 * The operator's templates, verbatim from the CloudNativePG repository at the tags named (see
 * {@code hba-cnpg/TEMPLATES.md} for how each was found and which releases use it). Go
 * {@code text/template} syntax, executed by {@link GoTemplate}; the pre-1.10 header and footer are
 * joined as {@code CreateHBARules} did then.
 */
final class Templates {
    private Templates() {}

    /** hbaTemplateString in pkg/postgres/configuration.go at v1.10.0; used by 1.10.0 to 1.14.0. */
    static final String HBA_1_10 = """

            # Grant local access
            local all all peer map=local

            # Require client certificate authentication for the streaming_replica user
            hostssl postgres streaming_replica all cert
            hostssl replication streaming_replica all cert
            hostssl all cnp_pooler_pgbouncer all cert

            {{ range $rule := .UserRules }}
            {{ $rule -}}
            {{ end }}

            # Otherwise use the default authentication method
            host all all all {{.DefaultAuthenticationMethod}}
            """;

    /** hbaTemplateString in pkg/postgres/configuration.go at v1.15.0; used by 1.15.0 to 1.20.5, 1.21.0 to 1.21.2, 1.22.0. */
    static final String HBA_1_15 = """

            # Grant local access
            local all all peer map=local

            # Require client certificate authentication for the streaming_replica user
            hostssl postgres streaming_replica all cert
            hostssl replication streaming_replica all cert
            hostssl all cnpg_pooler_pgbouncer all cert

            {{ range $rule := .UserRules }}
            {{ $rule -}}
            {{ end }}
            {{ if .LDAPConfiguration }}

            # LDAP Configuration
            {{.LDAPConfiguration}}
            {{ end }}

            # Otherwise use the default authentication method
            host all all all {{.DefaultAuthenticationMethod}}
            """;

    /** hbaTemplateString in pkg/postgres/configuration.go at v1.23.0; used by 1.20.6, 1.21.3 to 1.21.6, 1.22.1 to 1.22.5, 1.23.0 to 1.26.3. */
    static final String HBA_1_23 = """

            #
            # FIXED RULES
            #

            # Grant local access ('local' user map)
            local all all peer map=local

            # Require client certificate authentication for the streaming_replica user
            hostssl postgres streaming_replica all cert
            hostssl replication streaming_replica all cert
            hostssl all cnpg_pooler_pgbouncer all cert

            #
            # USER-DEFINED RULES
            #

            {{ range $rule := .UserRules }}
            {{ $rule -}}
            {{ end }}

            {{ if .LDAPConfiguration }}
            #
            # LDAP CONFIGURATION (optional)
            #
            {{.LDAPConfiguration}}
            {{ end }}

            #
            # DEFAULT RULES
            #
            host all all all {{.DefaultAuthenticationMethod}}
            """;

    /** hbaTemplateString in pkg/postgres/configuration.go at v1.27.0; used by 1.27.0 to 1.28.2. */
    static final String HBA_1_27 = """

            #
            # FIXED RULES
            #

            # Grant local access ('local' user map)
            local all all peer map=local

            # Require client certificate authentication for the streaming_replica user
            hostssl postgres streaming_replica all cert map=cnpg_streaming_replica
            hostssl replication streaming_replica all cert map=cnpg_streaming_replica
            hostssl all cnpg_pooler_pgbouncer all cert map=cnpg_pooler_pgbouncer

            #
            # USER-DEFINED RULES
            #

            {{ range $rule := .UserRules }}
            {{ $rule -}}
            {{ end }}

            {{ if .LDAPConfiguration }}
            #
            # LDAP CONFIGURATION (optional)
            #
            {{.LDAPConfiguration}}
            {{ end }}

            #
            # DEFAULT RULES
            #
            host all all all {{.DefaultAuthenticationMethod}}
            """;

    /** hbaTemplateString in pkg/postgres/configuration.go at v1.28.3; used by 1.28.3, 1.28.4. */
    static final String HBA_1_28_3 = """

            #
            # FIXED RULES
            #

            # Grant local access ('local' user map)
            local all cnpg_metrics_exporter peer map=cnpg_metrics_exporter
            local all all peer map=local

            # Require client certificate authentication for the streaming_replica user
            hostssl postgres streaming_replica all cert map=cnpg_streaming_replica
            hostssl replication streaming_replica all cert map=cnpg_streaming_replica
            hostssl all cnpg_pooler_pgbouncer all cert map=cnpg_pooler_pgbouncer

            #
            # USER-DEFINED RULES
            #

            {{ range $rule := .UserRules }}
            {{ $rule -}}
            {{ end }}

            {{ if .LDAPConfiguration }}
            #
            # LDAP CONFIGURATION (optional)
            #
            {{.LDAPConfiguration}}
            {{ end }}

            #
            # DEFAULT RULES
            #
            host all all all {{.DefaultAuthenticationMethod}}
            """;

    /** hbaTemplateString in pkg/postgres/configuration.go at v1.29.0; used by 1.29.0. */
    static final String HBA_1_29_0 = """

            #
            # FIXED RULES
            #

            # Grant local access ('local' user map)
            local all all peer map=local

            # Require client certificate authentication for the streaming_replica user
            hostssl postgres streaming_replica all cert map=cnpg_streaming_replica
            hostssl replication streaming_replica all cert map=cnpg_streaming_replica
            hostssl all cnpg_pooler_pgbouncer all cert map=cnpg_pooler_pgbouncer

            #
            # USER-DEFINED RULES
            #

            {{ range $rule := .UserRules }}{{ range $expanded := expandRule $rule $.SelectorIPs }}
            {{ $expanded -}}
            {{ end }}{{ end }}

            {{ if .LDAPConfiguration }}
            #
            # LDAP CONFIGURATION (optional)
            #
            {{.LDAPConfiguration}}
            {{ end }}

            #
            # DEFAULT RULES
            #
            host all all all {{.DefaultAuthenticationMethod}}
            """;

    /** hbaTemplateString in pkg/postgres/configuration.go at v1.30.0; used by 1.29.1, 1.29.2, 1.30.0. */
    static final String HBA_1_30 = """

            #
            # FIXED RULES
            #

            # Grant local access ('local' user map)
            local all cnpg_metrics_exporter peer map=cnpg_metrics_exporter
            local all all peer map=local

            # Require client certificate authentication for the streaming_replica user
            hostssl postgres streaming_replica all cert map=cnpg_streaming_replica
            hostssl replication streaming_replica all cert map=cnpg_streaming_replica
            hostssl all cnpg_pooler_pgbouncer all cert map=cnpg_pooler_pgbouncer

            #
            # USER-DEFINED RULES
            #

            {{ range $rule := .UserRules }}{{ range $expanded := expandRule $rule $.SelectorIPs }}
            {{ $expanded -}}
            {{ end }}{{ end }}

            {{ if .LDAPConfiguration }}
            #
            # LDAP CONFIGURATION (optional)
            #
            {{.LDAPConfiguration}}
            {{ end }}

            #
            # DEFAULT RULES
            #
            host all all all {{.DefaultAuthenticationMethod}}
            """;

    /** identTemplateString in pkg/postgres/configuration.go at v1.23.0; used by 1.20.6, 1.21.3 to 1.21.6, 1.22.1 to 1.26.3. */
    static final String IDENT_1_23 = """

            #
            # FIXED RULES
            #

            # Grant local access ('local' user map)
            local {{.Username}} postgres

            #
            # USER-DEFINED RULES
            #

            {{ range $rule := .Mappings }}
            {{ $rule -}}
            {{ end }}
            """;

    /** identTemplateString in pkg/postgres/configuration.go at v1.27.0; used by 1.27.0 to 1.28.2, 1.29.0. */
    static final String IDENT_1_27 = """

            #
            # FIXED RULES
            #

            # Grant local access ('local' user map)
            local {{.Username}} postgres

            # Grant streaming_replica access ('cnpg_streaming_replica' user map)
            cnpg_streaming_replica streaming_replica streaming_replica

            # Grant cnpg_pooler_pgbouncer access ('cnpg_pooler_pgbouncer' user map)
            cnpg_pooler_pgbouncer cnpg_pooler_pgbouncer cnpg_pooler_pgbouncer

            #
            # USER-DEFINED RULES
            #

            {{ range $rule := .Mappings }}
            {{ $rule -}}
            {{ end }}
            """;

    /** identTemplateString in pkg/postgres/configuration.go at v1.30.0; used by 1.28.3, 1.28.4, 1.29.1 to 1.30.0. */
    static final String IDENT_1_30 = """

            #
            # FIXED RULES
            #

            # Grant local access ('local' user map)
            local {{.Username}} postgres

            # Grant streaming_replica access ('cnpg_streaming_replica' user map)
            cnpg_streaming_replica streaming_replica streaming_replica

            # Grant cnpg_pooler_pgbouncer access ('cnpg_pooler_pgbouncer' user map)
            cnpg_pooler_pgbouncer cnpg_pooler_pgbouncer cnpg_pooler_pgbouncer

            # Grant cnpg_metrics_exporter access via peer authentication on the Unix socket
            cnpg_metrics_exporter {{.Username}} cnpg_metrics_exporter

            #
            # USER-DEFINED RULES
            #

            {{ range $rule := .Mappings }}
            {{ $rule -}}
            {{ end }}
            """;

    /** hbaHeader in pkg/postgres/configuration.go at v1.0.0; used by 1.0.0 to 1.2.1. */
    static final String HEADER_1_0 = """

            # Grant local access
            local all all peer

            # Require client certificate authentication for the streaming_replica user
            hostssl postgres streaming_replica all cert clientcert=1
            hostssl replication streaming_replica all cert clientcert=1
            """;

    /** hbaHeader in pkg/postgres/configuration.go at v1.3.0; used by 1.3.0 to 1.7.1. */
    static final String HEADER_1_3 = """

            # Grant local access
            local all all peer map=local

            # Require client certificate authentication for the streaming_replica user
            hostssl postgres streaming_replica all cert clientcert=1
            hostssl replication streaming_replica all cert clientcert=1
            """;

    /** hbaHeader in pkg/postgres/configuration.go at v1.8.0; used by 1.8.0 to 1.9.2. */
    static final String HEADER_1_8 = """

            # Grant local access
            local all all peer map=local

            # Require client certificate authentication for the streaming_replica user
            hostssl postgres streaming_replica all cert
            hostssl replication streaming_replica all cert
            """;

    /** hbaFooter in pkg/postgres/configuration.go at v1.0.0; used by 1.0.0 to 1.9.2. */
    static final String FOOTER_1_0 = """

            # Otherwise use md5 authentication
            host all all all md5
            """;

    /** pgbouncerHBAFileTemplateString in pkg/management/pgbouncer/config/config.go at v1.10.0; used by 1.10.0 to 1.17.4, 1.18.0 to 1.18.2, 1.19.0. */
    static final String POOLER_1_10 = """

            local pgbouncer pgbouncer peer
            host all all 0.0.0.0/0 md5
            """;

    /** pgbouncerHBAFileTemplateString in pkg/management/pgbouncer/config/config.go at v1.20.0; used by 1.17.5, 1.18.3 to 1.18.5, 1.19.1 and later. */
    static final String POOLER_1_20 = """

            local pgbouncer pgbouncer peer

            {{ range $rule := .PgHba }}
            {{ $rule -}}
            {{ end }}

            host all all 0.0.0.0/0 md5
            host all all ::/0 md5
            """;

}
