package io.github.pghba.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code ldap_url_parse} as OpenLDAP's libldap 2.5.13 (Debian 12) answers it. Every row of the table
 * is what the probe {@code ldapurl_probe} (a C program that calls the library and prints the fields
 * PostgreSQL reads, kept with the project's PostgreSQL sources) printed for the URL on this machine,
 * unedited: {@code (null)} is a NULL pointer, and {@code attr0=(null)} is printed both when there is no
 * attribute list and when the list has no item.
 */
class LdapUrlTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "ldap://h/dc=a|scheme=ldap host=h port=389 dn=dc=a attr0=(null) scope=0 filter=(null)",
        "ldap://h/|scheme=ldap host=h port=389 dn= attr0=(null) scope=0 filter=(null)",
        "ldap:///|scheme=ldap host=(null) port=389 dn= attr0=(null) scope=0 filter=(null)",
        "ldap://h|scheme=ldap host=h port=389 dn=(null) attr0=(null) scope=0 filter=(null)",
        "ldap://|scheme=ldap host=(null) port=389 dn=(null) attr0=(null) scope=0 filter=(null)",
        "ldap:///dc=a|scheme=ldap host=(null) port=389 dn=dc=a attr0=(null) scope=0 filter=(null)",
        "ldaps://h/dc=a|scheme=ldaps host=h port=636 dn=dc=a attr0=(null) scope=0 filter=(null)",
        "LDAP://H/DC=A|scheme=ldap host=H port=389 dn=DC=A attr0=(null) scope=0 filter=(null)",
        "LdApS://h/dc=a|scheme=ldaps host=h port=636 dn=dc=a attr0=(null) scope=0 filter=(null)",
        "ldapi://h/dc=a|scheme=ldapi host=h port=0 dn=dc=a attr0=(null) scope=0 filter=(null)",
        "ldapi://%2Fvar%2Frun%2Fs/dc=a|scheme=ldapi host=/var/run/s port=0 dn=dc=a attr0=(null) scope=0 filter=(null)",
        "ldapi://h:abc/dc=a|scheme=ldapi host=h:abc port=0 dn=dc=a attr0=(null) scope=0 filter=(null)",
        "ldapi://h??dc=x|scheme=ldapi host=h port=0 dn=dc=x attr0=(null) scope=0 filter=(null)",
        "pldap://h/dc=a|scheme=pldap host=h port=389 dn=dc=a attr0=(null) scope=0 filter=(null)",
        "pldaps://h/dc=a|scheme=pldaps host=h port=389 dn=dc=a attr0=(null) scope=0 filter=(null)",
        "cldap://h/dc=a|rc=3 err2string=\"Time limit exceeded\"",
        "http://h/dc=a|rc=3 err2string=\"Time limit exceeded\"",
        "ldap:/h/dc=a|rc=3 err2string=\"Time limit exceeded\"",
        "ldap:h|rc=3 err2string=\"Time limit exceeded\"",
        "notaurl|rc=3 err2string=\"Time limit exceeded\"",
        "' ldap://h/dc=a'|rc=3 err2string=\"Time limit exceeded\"",
        "'ldap://h/dc=a '|scheme=ldap host=h port=389 dn=dc=a  attr0=(null) scope=0 filter=(null)",
        "ldap://h /dc=a|scheme=ldap host=h  port=389 dn=dc=a attr0=(null) scope=0 filter=(null)",
        "<ldap://h/dc=a>|scheme=ldap host=h port=389 dn=dc=a attr0=(null) scope=0 filter=(null)",
        "<URL:ldap://h/dc=a>|scheme=ldap host=h port=389 dn=dc=a attr0=(null) scope=0 filter=(null)",
        "URL:ldap://h/dc=a|scheme=ldap host=h port=389 dn=dc=a attr0=(null) scope=0 filter=(null)",
        "url:LDAP://h/dc=a|scheme=ldap host=h port=389 dn=dc=a attr0=(null) scope=0 filter=(null)",
        "<ldap://h/dc=a|rc=4 err2string=\"Size limit exceeded\"",
        "'<ldap://h/dc=a> '|rc=4 err2string=\"Size limit exceeded\"",
        "URL:<ldap://h/dc=a>|rc=3 err2string=\"Time limit exceeded\"",
        "ldap://h/dc=a>|scheme=ldap host=h port=389 dn=dc=a> attr0=(null) scope=0 filter=(null)",
        "<>|rc=3 err2string=\"Time limit exceeded\"",
        "<ldap://>|scheme=ldap host=(null) port=389 dn=(null) attr0=(null) scope=0 filter=(null)",
        "ldap://h:389/dc=a|scheme=ldap host=h port=389 dn=dc=a attr0=(null) scope=0 filter=(null)",
        "ldap://h:0/dc=a|scheme=ldap host=h port=389 dn=dc=a attr0=(null) scope=0 filter=(null)",
        "ldaps://h:0/dc=a|scheme=ldaps host=h port=636 dn=dc=a attr0=(null) scope=0 filter=(null)",
        "ldap://h:636/dc=a|scheme=ldap host=h port=636 dn=dc=a attr0=(null) scope=0 filter=(null)",
        "ldaps://h:389/dc=a|scheme=ldaps host=h port=389 dn=dc=a attr0=(null) scope=0 filter=(null)",
        "ldap://h:65536/dc=a|scheme=ldap host=h port=65536 dn=dc=a attr0=(null) scope=0 filter=(null)",
        "ldap://h:-1/dc=a|scheme=ldap host=h port=-1 dn=dc=a attr0=(null) scope=0 filter=(null)",
        "ldap://h:+5/dc=a|scheme=ldap host=h port=5 dn=dc=a attr0=(null) scope=0 filter=(null)",
        "ldap://h: 5/dc=a|scheme=ldap host=h port=5 dn=dc=a attr0=(null) scope=0 filter=(null)",
        "ldap://h:00389/dc=a|scheme=ldap host=h port=389 dn=dc=a attr0=(null) scope=0 filter=(null)",
        "ldap://h:99999999999/dc=a|scheme=ldap host=h port=1215752191 dn=dc=a attr0=(null) scope=0 filter=(null)",
        "ldap://h:4294967296/dc=a|scheme=ldap host=h port=389 dn=dc=a attr0=(null) scope=0 filter=(null)",
        "ldap://h:4294967297/dc=a|scheme=ldap host=h port=1 dn=dc=a attr0=(null) scope=0 filter=(null)",
        "ldap://h:9223372036854775808/dc=a|scheme=ldap host=h port=-1 dn=dc=a attr0=(null) scope=0 filter=(null)",
        "ldap://h:abc/dc=a|rc=5 err2string=\"Compare False\"",
        "ldap://h:1x/dc=a|rc=5 err2string=\"Compare False\"",
        "ldap://h:5 /dc=a|rc=5 err2string=\"Compare False\"",
        "ldap://h:0x10/dc=a|rc=5 err2string=\"Compare False\"",
        "ldap://h:/dc=a|rc=5 err2string=\"Compare False\"",
        "ldap://h:389:1/dc=a|rc=5 err2string=\"Compare False\"",
        "ldap://h:%33%38%39/dc=a|scheme=ldap host=h port=389 dn=dc=a attr0=(null) scope=0 filter=(null)",
        "ldap://h:%zz/dc=a|rc=5 err2string=\"Compare False\"",
        "ldap://h:1%00x/dc=a|scheme=ldap host=h port=1 dn=dc=a attr0=(null) scope=0 filter=(null)",
        "ldap://:389/dc=a|scheme=ldap host=(null) port=389 dn=dc=a attr0=(null) scope=0 filter=(null)",
        "ldap://h?uid|scheme=ldap host=h port=389 dn=(null) attr0=(null) scope=0 filter=(null)",
        "ldap://h??dc=x|scheme=ldap host=h port=389 dn=(null) attr0=(null) scope=0 filter=(null)",
        "ldap://h:1?x|scheme=ldap host=h port=1 dn=(null) attr0=(null) scope=0 filter=(null)",
        "ldap://h?x/dc=a|scheme=ldap host=h?x port=389 dn=dc=a attr0=(null) scope=0 filter=(null)",
        "ldap://h?x:1/dc=a|scheme=ldap host=h?x port=1 dn=dc=a attr0=(null) scope=0 filter=(null)",
        "ldap://[::1]/dc=a|scheme=ldap host=::1 port=389 dn=dc=a attr0=(null) scope=0 filter=(null)",
        "ldap://[::1]:1636/dc=a|scheme=ldap host=::1 port=1636 dn=dc=a attr0=(null) scope=0 filter=(null)",
        "ldap://[::1]x/dc=a|scheme=ldap host=::1 port=389 dn=dc=a attr0=(null) scope=0 filter=(null)",
        "ldap://[::1]x:1/dc=a|rc=5 err2string=\"Compare False\"",
        "ldap://[::1]:/dc=a|rc=5 err2string=\"Compare False\"",
        "ldap://[fe80::1%25lo]/dc=a|scheme=ldap host=fe80::1%lo port=389 dn=dc=a attr0=(null) scope=0 filter=(null)",
        "ldap://[::1/dc=a|rc=5 err2string=\"Compare False\"",
        "ldap://::1/dc=a|rc=5 err2string=\"Compare False\"",
        "ldap://[]/dc=a|scheme=ldap host=(null) port=389 dn=dc=a attr0=(null) scope=0 filter=(null)",
        "ldap://[%zz]/dc=a|scheme=ldap host=%zz port=389 dn=dc=a attr0=(null) scope=0 filter=(null)",
        "ldap://[a%41b%zz]/dc=a|scheme=ldap host=aAb1b%zz port=389 dn=dc=a attr0=(null) scope=0 filter=(null)",
        "ldap://[h]/dc=a|scheme=ldap host=h port=389 dn=dc=a attr0=(null) scope=0 filter=(null)",
        "ldap://h%20x/dc=a|scheme=ldap host=h x port=389 dn=dc=a attr0=(null) scope=0 filter=(null)",
        "ldap://h%zz/dc=a|scheme=ldap host=(null) port=389 dn=dc=a attr0=(null) scope=0 filter=(null)",
        "ldap://h%/dc=a|scheme=ldap host=(null) port=389 dn=dc=a attr0=(null) scope=0 filter=(null)",
        "ldap://h%00x/dc=a|scheme=ldap host=h port=389 dn=dc=a attr0=(null) scope=0 filter=(null)",
        "ldap://h%3A1/dc=a|scheme=ldap host=h:1 port=389 dn=dc=a attr0=(null) scope=0 filter=(null)",
        "ldap://a b/dc=a|scheme=ldap host=a b port=389 dn=dc=a attr0=(null) scope=0 filter=(null)",
        "ldap://a,b/dc=a|scheme=ldap host=a,b port=389 dn=dc=a attr0=(null) scope=0 filter=(null)",
        "ldap://a:1 b:2/dc=a|rc=5 err2string=\"Compare False\"",
        "ldap://h/dc=a ldap://g/dc=b|scheme=ldap host=h port=389 dn=dc=a ldap://g/dc=b attr0=(null) scope=0 filter=(null)",
        "ldap://h/dc=a,ldap://g/dc=b|scheme=ldap host=h port=389 dn=dc=a,ldap://g/dc=b attr0=(null) scope=0 filter=(null)",
        "ldap://é/dc=é|scheme=ldap host=é port=389 dn=dc=é attr0=(null) scope=0 filter=(null)",
        "ldap://h/dc=%zz|scheme=ldap host=h port=389 dn= attr0=(null) scope=0 filter=(null)",
        "ldap://h/dc=%|scheme=ldap host=h port=389 dn= attr0=(null) scope=0 filter=(null)",
        "ldap://h/dc=%4|scheme=ldap host=h port=389 dn= attr0=(null) scope=0 filter=(null)",
        "ldap://h/dc=a%2Cdc=b|scheme=ldap host=h port=389 dn=dc=a,dc=b attr0=(null) scope=0 filter=(null)",
        "ldap://h/dc=a%00b|scheme=ldap host=h port=389 dn=dc=a attr0=(null) scope=0 filter=(null)",
        "ldap://h/%41%42%43|scheme=ldap host=h port=389 dn=ABC attr0=(null) scope=0 filter=(null)",
        "ldap://h/dc=a/b|scheme=ldap host=h port=389 dn=dc=a/b attr0=(null) scope=0 filter=(null)",
        "ldap://h/dc=a%3Fb?uid|scheme=ldap host=h port=389 dn=dc=a?b attr0=uid scope=0 filter=(null)",
        "ldap://h/dc=a?uid|scheme=ldap host=h port=389 dn=dc=a attr0=uid scope=0 filter=(null)",
        "ldap://h/?uid|scheme=ldap host=h port=389 dn= attr0=uid scope=0 filter=(null)",
        "ldap://h/dc=a?uid,cn|scheme=ldap host=h port=389 dn=dc=a attr0=uid scope=0 filter=(null)",
        "ldap://h/dc=a?,uid|scheme=ldap host=h port=389 dn=dc=a attr0=uid scope=0 filter=(null)",
        "ldap://h/dc=a?%2Cuid|scheme=ldap host=h port=389 dn=dc=a attr0=uid scope=0 filter=(null)",
        "ldap://h/dc=a?u%zz|scheme=ldap host=h port=389 dn=dc=a attr0=(null) scope=0 filter=(null)",
        "ldap://h/dc=a? uid|scheme=ldap host=h port=389 dn=dc=a attr0= uid scope=0 filter=(null)",
        "ldap://h/dc=a??|scheme=ldap host=h port=389 dn=dc=a attr0=(null) scope=0 filter=(null)",
        "ldap://h/dc=a??base|scheme=ldap host=h port=389 dn=dc=a attr0=(null) scope=0 filter=(null)",
        "ldap://h/dc=a??one|scheme=ldap host=h port=389 dn=dc=a attr0=(null) scope=1 filter=(null)",
        "ldap://h/dc=a??ONE|scheme=ldap host=h port=389 dn=dc=a attr0=(null) scope=1 filter=(null)",
        "ldap://h/dc=a??onelevel|scheme=ldap host=h port=389 dn=dc=a attr0=(null) scope=1 filter=(null)",
        "ldap://h/dc=a??sub|scheme=ldap host=h port=389 dn=dc=a attr0=(null) scope=2 filter=(null)",
        "ldap://h/dc=a??subtree|scheme=ldap host=h port=389 dn=dc=a attr0=(null) scope=2 filter=(null)",
        "ldap://h/dc=a??subord|scheme=ldap host=h port=389 dn=dc=a attr0=(null) scope=3 filter=(null)",
        "ldap://h/dc=a??Subordinate|scheme=ldap host=h port=389 dn=dc=a attr0=(null) scope=3 filter=(null)",
        "ldap://h/dc=a??children|scheme=ldap host=h port=389 dn=dc=a attr0=(null) scope=3 filter=(null)",
        "ldap://h/dc=a??%6fne|scheme=ldap host=h port=389 dn=dc=a attr0=(null) scope=1 filter=(null)",
        "ldap://h/dc=a??one%00x|scheme=ldap host=h port=389 dn=dc=a attr0=(null) scope=1 filter=(null)",
        "ldap://h/dc=a??bogus|rc=8 err2string=\"Strong(er) authentication required\"",
        "'ldap://h/dc=a??one '|rc=8 err2string=\"Strong(er) authentication required\"",
        "ldap://h/dc=a??%zz|rc=8 err2string=\"Strong(er) authentication required\"",
        "ldap://h/dc=a???|scheme=ldap host=h port=389 dn=dc=a attr0=(null) scope=0 filter=(null)",
        "ldap://h/dc=a???(x)|scheme=ldap host=h port=389 dn=dc=a attr0=(null) scope=0 filter=(x)",
        "ldap://h/?uid?one?(x)|scheme=ldap host=h port=389 dn= attr0=uid scope=1 filter=(x)",
        "ldap://h/dc=a???(uid=%25s)|scheme=ldap host=h port=389 dn=dc=a attr0=(null) scope=0 filter=(uid=%s)",
        "ldap://h/dc=a???%zz|rc=9 err2string=\"Partial results and referral received\"",
        "ldap://h/dc=a???%00|rc=9 err2string=\"Partial results and referral received\"",
        "'ldap://h/dc=a??? '|'scheme=ldap host=h port=389 dn=dc=a attr0=(null) scope=0 filter= '",
        "ldap://h/dc=a????|rc=10 err2string=\"Referral\"",
        "ldap://h/dc=a????x|scheme=ldap host=h port=389 dn=dc=a attr0=(null) scope=0 filter=(null)",
        "ldap://h/dc=a????!x=y|scheme=ldap host=h port=389 dn=dc=a attr0=(null) scope=0 filter=(null)",
        "ldap://h/dc=a????x=y,!z|scheme=ldap host=h port=389 dn=dc=a attr0=(null) scope=0 filter=(null)",
        "ldap://h/dc=a????,|rc=10 err2string=\"Referral\"",
        "ldap://h/dc=a????,,x|scheme=ldap host=h port=389 dn=dc=a attr0=(null) scope=0 filter=(null)",
        "ldap://h/dc=a????%2C|scheme=ldap host=h port=389 dn=dc=a attr0=(null) scope=0 filter=(null)",
        "ldap://h/dc=a????e%zz|scheme=ldap host=h port=389 dn=dc=a attr0=(null) scope=0 filter=(null)",
        "ldap://h/dc=a?????|rc=5 err2string=\"Compare False\"",
        "ldap://h/dc=a????x?|rc=5 err2string=\"Compare False\"",
        "ldap://h/dc=a?uid?sub?(x)?!e|scheme=ldap host=h port=389 dn=dc=a attr0=uid scope=2 filter=(x)",
        "<ldap://h/dc=a?uid?one?(x)>|scheme=ldap host=h port=389 dn=dc=a attr0=uid scope=1 filter=(x)",
    })
    void fieldsAreWhatLibldapGives(String url, String probe) {
        assertThat(asProbePrints(LdapUrl.parse(url))).isEqualTo(probe);
    }

    /** The probe's printf, which shows a NULL string as {@code (null)}. */
    private static String asProbePrints(LdapUrl.Result result) {
        if (result instanceof LdapUrl.Error e) {
            return "rc=" + e.code() + " err2string=\"" + e.text() + "\"";
        }
        LdapUrl.Url u = (LdapUrl.Url) result;
        return "scheme=" + u.scheme() + " host=" + u.host().orElse("(null)") + " port=" + u.port() + " dn="
                + u.dn().orElse("(null)") + " attr0="
                + u.attributes().filter(a -> !a.isEmpty()).map(a -> a.get(0)).orElse("(null)") + " scope=" + u.scope()
                + " filter=" + u.filter().orElse("(null)");
    }

    /** The two cases the probe prints alike: no list (ldap://h/dc=a?) and a list without items. */
    @Test
    void attributeListMayBeEmpty() {
        assertThat(attributes("ldap://h/dc=a?")).isEmpty();
        assertThat(attributes("ldap://h/dc=a??one")).isEmpty();
        assertThat(attributes("ldap://h/dc=a?,")).contains(List.of());
        assertThat(attributes("ldap://h/dc=a?,,")).contains(List.of());
        assertThat(attributes("ldap://h/dc=a?%zz")).contains(List.of());
        assertThat(attributes("ldap://h/dc=a?uid,%2C,cn")).contains(List.of("uid", "cn"));
    }

    private static Optional<List<String>> attributes(String url) {
        return ((LdapUrl.Url) LdapUrl.parse(url)).attributes();
    }

    /**
     * Bytes that are not UTF-8 (kept as U+DC00 + byte by {@link Utf8}) pass through, decoded escapes
     * too; an overlong UTF-8 comma does not split the attributes (probed the same way).
     */
    @Test
    void bytesPassThrough() {
        LdapUrl.Url u = (LdapUrl.Url) LdapUrl.parse("ldap://\udcff/dc=\udcfe%C3%A9?%C0%ACuid");
        assertThat(u.host()).contains("\udcff");
        assertThat(u.dn()).contains("dc=\udcfe\u00e9");
        assertThat(u.attributes()).contains(List.of("\udcc0\udcacuid"));
    }
}
