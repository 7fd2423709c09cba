package io.github.pghba.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pghba.check.BuildFeatures;
import io.github.pghba.check.PgVersion;
import io.github.pghba.check.ServerSettings;
import io.github.pghba.view.FileViews;
import io.github.pghba.view.HbaFileRule;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Methods, options and settings the golden corpus cannot show (its servers lack GSSAPI, LDAP, PAM
 * and BSD authentication, and run with ssl on): expected rows read from hba.c / hbafuncs.c of each
 * version.
 */
class BuildFeatureTableTest {
    private static final BuildFeatures ALL = BuildFeatures.TYPICAL_LINUX.withBsd(true);

    static Stream<Arguments> cases() {
        return Stream.of(
                // line, major, build, settings, loads, view error (null = none), options (null = NULL)
                row("local all all gss", 16, ALL, ServerSettings.DEFAULT, false,
                        "gssapi authentication is not supported on local sockets", null),
                row("host all all all gss", 16, ALL, ServerSettings.DEFAULT, true, null, List.of("include_realm=true")),
                row("host all all all gss include_realm=0 krb_realm=EX.COM map=m", 16, ALL, ServerSettings.DEFAULT, true,
                        null, List.of("krb_realm=EX.COM", "map=m")),
                row("host all all all sspi", 16, ALL, ServerSettings.DEFAULT, false,
                        "invalid authentication method \"sspi\": not supported by this build", null),
                row("host all all all sspi", 16, ALL.withSspi(true), ServerSettings.DEFAULT, true, null,
                        List.of("include_realm=true")),
                row("host all all all pam pamservice=pg pam_use_hostname=1", 15, ALL, ServerSettings.DEFAULT, true,
                        null, List.of("pamservice=pg")),
                row("host all all all bsd", 14, ALL, ServerSettings.DEFAULT, true, null, null),
                row("host all all all ldap ldapserver=h ldapprefix=cn= \"ldapsuffix=,dc=x\"", 16, ALL,
                        ServerSettings.DEFAULT, true, null,
                        List.of("ldapserver=h", "ldapprefix=cn=", "ldapsuffix=,dc=x", "ldapscope=2")),
                row("host all all all ldap ldapprefix=a ldapbasedn=b", 18, ALL, ServerSettings.DEFAULT, false,
                        "cannot mix options for simple bind and search+bind modes", null),
                row("host all all all ldap ldapprefix=a ldapbasedn=b", 17, ALL, ServerSettings.DEFAULT, false,
                        "cannot use ldapbasedn, ldapbinddn, ldapbindpasswd, ldapsearchattribute, ldapsearchfilter, or "
                                + "ldapurl together with ldapprefix", null),
                row("host all all all ldap ldapserver=h", 16, ALL, ServerSettings.DEFAULT, false,
                        "authentication method \"ldap\" requires argument \"ldapbasedn\", \"ldapprefix\", or "
                                + "\"ldapsuffix\" to be set", null),
                row("host all all all ldap ldapserver=h", 16, ALL.withOpenLdap(false), ServerSettings.DEFAULT, false,
                        "authentication method \"ldap\" requires argument \"ldapbasedn\", \"ldapprefix\", or "
                                + "\"ldapsuffix\" to be set", null),
                row("host all all all ldap ldapbasedn=x", 16, ALL.withOpenLdap(false), ServerSettings.DEFAULT, false,
                        "authentication method \"ldap\" requires argument \"ldapserver\" to be set", null),
                row("host all all all ldap ldapbasedn=x ldapsearchattribute=a ldapsearchfilter=b", 16, ALL,
                        ServerSettings.DEFAULT, false, "cannot use ldapsearchattribute together with ldapsearchfilter",
                        null),
                row("host all all all ldap ldapbasedn=x ldapport=abc", 16, ALL, ServerSettings.DEFAULT, false,
                        "invalid LDAP port number: \"abc\"", null),
                row("host all all all ldap ldapbasedn=x ldapscheme=ldapx ldaptls=1", 18, ALL, ServerSettings.DEFAULT,
                        true, null, List.of("ldapscheme=ldapx", "ldaptls=true", "ldapbasedn=x", "ldapscope=2")),
                row("host all all all ldap ldapbasedn=x ldapscheme=ldaps", 17, ALL, ServerSettings.DEFAULT,
                        true, null, List.of("ldapscheme=ldaps", "ldapbasedn=x", "ldapscope=2")),
                row("host all all all ldap \"ldapurl=ldap://h:3890/dc=x?uid?sub\"", 16, ALL, ServerSettings.DEFAULT,
                        true, null, List.of("ldapserver=h", "ldapport=3890", "ldapscheme=ldap", "ldapbasedn=dc=x",
                                "ldapsearchattribute=uid", "ldapscope=2")),
                row("host all all all ldap ldapurl=https://h/dc=x", 16, ALL, ServerSettings.DEFAULT, false,
                        "could not parse LDAP URL \"https://h/dc=x\": Time limit exceeded", null),
                // ldapurl as libldap 2.5 parses it (probed; the URL fields themselves are in LdapUrlTest):
                // a bare "/" gives an empty base DN, which counts as set; no host leaves ldapserver unset
                row("host all all all ldap ldapurl=ldap://h/", 16, ALL, ServerSettings.DEFAULT, true, null,
                        List.of("ldapserver=h", "ldapport=389", "ldapscheme=ldap", "ldapbasedn=")),
                row("host all all all ldap ldapurl=ldap:///", 16, ALL, ServerSettings.DEFAULT, true, null,
                        List.of("ldapport=389", "ldapscheme=ldap", "ldapbasedn=")),
                row("host all all all ldap ldapserver=s ldapurl=ldap:///dc=a", 16, ALL, ServerSettings.DEFAULT, true,
                        null, List.of("ldapserver=s", "ldapport=389", "ldapscheme=ldap", "ldapbasedn=dc=a")),
                // without a "/" there is no base DN at all (the rest after "?" is dropped)
                row("host all all all ldap ldapurl=ldap://h?uid", 16, ALL, ServerSettings.DEFAULT, false,
                        "authentication method \"ldap\" requires argument \"ldapbasedn\", \"ldapprefix\", or "
                                + "\"ldapsuffix\" to be set", null),
                row("host all all all ldap ldapurl=ldap://h/?uid?one?(x)", 16, ALL, ServerSettings.DEFAULT, false,
                        "cannot use ldapsearchattribute together with ldapsearchfilter", null),
                row("host all all all ldap ldapprefix=cn= ldapurl=ldap://h/", 18, ALL, ServerSettings.DEFAULT, false,
                        "cannot mix options for simple bind and search+bind modes", null),
                // the port: 0 is the scheme's default, the rest is strtol cut to int, never range-checked
                row("host all all all ldap ldapurl=ldaps://h:0/dc=a", 16, ALL, ServerSettings.DEFAULT, true, null,
                        List.of("ldapserver=h", "ldapport=636", "ldapscheme=ldaps", "ldapbasedn=dc=a")),
                row("host all all all ldap ldapurl=ldap://h:-1/dc=a", 16, ALL, ServerSettings.DEFAULT, true, null,
                        List.of("ldapserver=h", "ldapport=-1", "ldapscheme=ldap", "ldapbasedn=dc=a")),
                row("host all all all ldap ldapurl=ldap://h:99999999999/dc=a", 16, ALL, ServerSettings.DEFAULT, true,
                        null, List.of("ldapserver=h", "ldapport=1215752191", "ldapscheme=ldap", "ldapbasedn=dc=a")),
                row("host all all all ldap ldapurl=ldap://h:/dc=a", 16, ALL, ServerSettings.DEFAULT, false,
                        "could not parse LDAP URL \"ldap://h:/dc=a\": Compare False", null),
                row("host all all all ldap ldapurl=ldap://h/dc=a??bogus", 16, ALL, ServerSettings.DEFAULT, false,
                        "could not parse LDAP URL \"ldap://h/dc=a??bogus\": Strong(er) authentication required", null),
                row("host all all all ldap ldapurl=ldap://h/dc=a????", 16, ALL, ServerSettings.DEFAULT, false,
                        "could not parse LDAP URL \"ldap://h/dc=a????\": Referral", null),
                row("host all all all ldap ldapurl=ldap://h/dc=a???%zz", 16, ALL, ServerSettings.DEFAULT, false,
                        "could not parse LDAP URL \"ldap://h/dc=a???%zz\": Partial results and referral received", null),
                row("host all all all ldap ldapurl=<ldap://h/dc=a", 16, ALL, ServerSettings.DEFAULT, false,
                        "could not parse LDAP URL \"<ldap://h/dc=a\": Size limit exceeded", null),
                row("host all all all ldap ldapurl=cldap://h/dc=a", 16, ALL, ServerSettings.DEFAULT, false,
                        "could not parse LDAP URL \"cldap://h/dc=a\": Time limit exceeded", null),
                row("host all all all ldap ldapurl=PLDAP://h/dc=a", 16, ALL, ServerSettings.DEFAULT, false,
                        "unsupported LDAP URL scheme: pldap", null),
                row("host all all all ldap ldapurl=ldapi://h:abc/dc=a", 16, ALL, ServerSettings.DEFAULT, false,
                        "unsupported LDAP URL scheme: ldapi", null),
                // %-decoding, [v6] hosts, <URL:...>; the scheme replaces an earlier ldapscheme; the scope
                // survives only as the last option
                row("host all all all ldap \"ldapurl=<URL:LDAP://[fe80::1%25lo]/dc=%41?,uid?one>\"", 16, ALL,
                        ServerSettings.DEFAULT, true, null, List.of("ldapserver=fe80::1%lo", "ldapport=389",
                                "ldapscheme=ldap", "ldapbasedn=dc=A", "ldapsearchattribute=uid", "ldapscope=1")),
                row("host all all all ldap ldapscheme=ldaps ldapurl=ldap://h%20x/dc=%zz??one ldaptls=1", 16, ALL,
                        ServerSettings.DEFAULT, true, null, List.of("ldapserver=h x", "ldapport=389", "ldapscheme=ldap",
                                "ldaptls=true", "ldapbasedn=", "ldapscope=2")),
                // an attribute list without an item: PostgreSQL dereferences NULL (pghba's own text)
                row("host all all all ldap ldapurl=ldap://h/dc=a?%2C", 16, ALL, ServerSettings.DEFAULT, false,
                        "could not parse LDAP URL \"ldap://h/dc=a?%2C\": its attribute list names no attribute "
                                + "(PostgreSQL 16 crashes on such a URL)", null),
                row("hostgssenc all all all trust", 16, ALL, ServerSettings.DEFAULT, true, null, null),
                row("host all all all oauth issuer=https://i scope=openid", 18, ALL,
                        ServerSettings.DEFAULT.withOauthValidatorLibraries("v"), true, null,
                        List.of("issuer=https://i", "scope=openid", "validator=v")),
                row("host all all all oauth issuer=https://i scope=openid", 18, ALL,
                        ServerSettings.DEFAULT.withOauthValidatorLibraries("v, w"), false,
                        "authentication method \"oauth\" requires argument \"validator\" to be set when "
                                + "oauth_validator_libraries contains multiple options", null),
                row("hostssl all all all oauth issuer=https://i scope=openid validator=w", 18, ALL,
                        ServerSettings.DEFAULT.withSsl(false).withOauthValidatorLibraries("v,w"), true, null,
                        List.of("issuer=https://i", "scope=openid", "validator=w")),
                row("host all all all oauth issuer=i scope=s validator=x", 18, ALL,
                        ServerSettings.DEFAULT.withOauthValidatorLibraries("v,w"), false,
                        "validator \"x\" is not permitted by oauth_validator_libraries", null),
                // SplitDirectoriesString makes each library name canonical (PostgreSQL 18.0, found by a
                // differential run): "./lib/../v/" is v, "x//y" is x/y
                row("host all all 127.0.0.1/32 oauth issuer=i scope=s", 18, ALL,
                        ServerSettings.DEFAULT.withOauthValidatorLibraries("  ./lib/../v/  "), true, null,
                        List.of("issuer=i", "scope=s", "validator=v")),
                row("host all all 127.0.0.1/32 oauth issuer=i scope=s validator=v2", 18, ALL,
                        ServerSettings.DEFAULT.withOauthValidatorLibraries("v1, ./v2/, \"a,b\" ,x//y"), true, null,
                        List.of("issuer=i", "scope=s", "validator=v2")),
                row("host all all 127.0.0.1/32 oauth issuer=i scope=s validator=x/y", 18, ALL,
                        ServerSettings.DEFAULT.withOauthValidatorLibraries("v1, ./v2/, \"a,b\" ,x//y"), true, null,
                        List.of("issuer=i", "scope=s", "validator=x/y")),
                row("host all all 127.0.0.1/32 oauth issuer=i scope=s validator=x//y", 18, ALL,
                        ServerSettings.DEFAULT.withOauthValidatorLibraries("v1, ./v2/, \"a,b\" ,x//y"), false,
                        "validator \"x//y\" is not permitted by oauth_validator_libraries", null),
                row("host all all all oauth issuer=i scope=s map=m delegate_ident_mapping=1", 18, ALL,
                        ServerSettings.DEFAULT.withOauthValidatorLibraries("v"), false,
                        "map cannot be used in combination with delegate_ident_mapping", null),
                row("hostssl all all all trust", 16, ALL.withSsl(false), ServerSettings.DEFAULT, true,
                        "hostssl record cannot match because SSL is not supported by this build", null),
                row("hostssl all all all cert", 16, ALL.withSsl(false), ServerSettings.DEFAULT, false,
                        "invalid authentication method \"cert\": not supported by this build", null),
                row("host all all all md5", 16, ALL, ServerSettings.DEFAULT.withDbUserNamespace(true), false,
                        "MD5 authentication is not supported when \"db_user_namespace\" is enabled", null),
                row("host all all all md5", 17, ALL, ServerSettings.DEFAULT.withDbUserNamespace(true), true, null,
                        null),
                // found by the conformance suite: a trailing comma in a RADIUS list is a syntax error (log only)
                row("host all all all radius \"radiusservers=localhost,localhost\" \"radiussecrets=a,\"", 16, ALL,
                        ServerSettings.DEFAULT, false, null, null),
                // an empty IPv6 zone id is not numeric for glibc: a host name, which cannot take a CIDR mask
                row("host all all fe80::1%/64 trust", 16, ALL, ServerSettings.DEFAULT, false,
                        "specifying both host name and CIDR mask is invalid: \"fe80::1%/64\"", null));
    }

    private static Arguments row(String line, int major, BuildFeatures build, ServerSettings settings, boolean loads,
            String error, List<String> options) {
        return Arguments.of(line, major, build, settings, loads, error, options);
    }

    @ParameterizedTest(name = "[{1}] {0}")
    @MethodSource("cases")
    void parsesAsPostgresql(String line, int major, BuildFeatures build, ServerSettings settings, boolean loads, String error,
            List<String> options) {
        HbaConfig c = HbaLoader.with(LoadOptions.defaults().withVersion(PgVersion.of(major)).withBuild(build)
                .withSettings(settings).withFiles(FileSource.inMemory(Map.of()))).parseHba("/x/pg_hba.conf", line + "\n");
        List<HbaFileRule> rows = FileViews.hbaFileRules(c);
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).error()).as("error of %s", c.diagnostics()).isEqualTo(Optional.ofNullable(error));
        assertThat(rows.get(0).options()).isEqualTo(Optional.ofNullable(options));
        assertThat(c.loadable()).as("loads").isEqualTo(loads);
    }
}
