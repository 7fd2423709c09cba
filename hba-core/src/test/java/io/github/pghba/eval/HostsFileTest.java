package io.github.pghba.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link HostResolver#hostsFile} reads a hosts(5) file as glibc's files backend does (found by
 * hba-conformance's network-namespace match test against PostgreSQL 13-18).
 */
class HostsFileTest {

    private static byte[] v4(int a, int b, int c, int d) {
        return new byte[] {(byte) a, (byte) b, (byte) c, (byte) d};
    }

    @Test
    void ipv4ReverseLookupsReadMappedAndLoopbackIpv6Lines() {
        HostResolver r = HostResolver.hostsFile("::ffff:203.0.113.30 mapped.example\n::1 six.example\n"
                + "203.0.113.30 plain.example\n127.0.0.1 four.example\n");
        // glibc converts ::ffff:a.b.c.d and ::1 to IPv4 when it reads a line for an AF_INET lookup
        assertThat(r.reverse(v4(203, 0, 113, 30))).contains("mapped.example");
        assertThat(r.reverse(v4(127, 0, 0, 1))).contains("six.example");
        byte[] loop6 = new byte[16];
        loop6[15] = 1;
        assertThat(r.reverse(loop6)).contains("six.example");
        // getaddrinfo() without hints reads each line as IPv4 if it can, else IPv6: the mapped line
        // gives an IPv6 address, which never equals an IPv4 client
        List<byte[]> mapped = r.forward("mapped.example");
        assertThat(mapped).hasSize(1);
        assertThat(mapped.get(0)).hasSize(16);
        assertThat(r.forward("plain.example")).containsExactly(v4(203, 0, 113, 30));
    }

    @Test
    void linesWithInetAtonFormsOrScopeIdsAreIgnored() {
        HostResolver r = HostResolver.hostsFile("203.0.113.050 octal.example\n3405803877 number.example\n"
                + "0xcb.0.113.42 hex.example\nfe80::1%lo scoped.example\n203.0.113.42 ok.example\n");
        assertThat(r.reverse(v4(203, 0, 113, 40))).isEmpty();
        assertThat(r.reverse(v4(203, 0, 113, 101))).isEmpty();
        assertThat(r.reverse(v4(203, 0, 113, 42))).contains("ok.example");
        assertThat(r.forward("octal.example")).isEmpty();
        assertThat(r.forward("scoped.example")).isEmpty();
        assertThat(r.knownAddresses().orElseThrow()).hasSize(1);
        // a numeric name is parsed by getaddrinfo itself, inet_aton forms included
        assertThat(r.forward("3405803877")).containsExactly(v4(203, 0, 113, 101));
    }

    @Test
    void fieldsAreSplitAtEverySpaceCharacter() {
        HostResolver r = HostResolver.hostsFile("203.0.113.62\u000bvt.example\n203.0.113.63 a.example\fff.example\r\n"
                + "\f 203.0.113.64\tlead.example\n");
        assertThat(r.reverse(v4(203, 0, 113, 62))).contains("vt.example");
        assertThat(r.reverse(v4(203, 0, 113, 63))).contains("a.example");
        assertThat(r.forward("ff.example")).containsExactly(v4(203, 0, 113, 63));
        assertThat(r.reverse(v4(203, 0, 113, 64))).contains("lead.example");
        // names compare case-insensitively in ASCII only (strcasecmp, C locale)
        assertThat(r.forward("LEAD.Example")).containsExactly(v4(203, 0, 113, 64));
        HostResolver k = HostResolver.hostsFile("203.0.113.65 k.example\n");
        assertThat(k.forward("\u212a.example")).isEmpty(); // KELVIN SIGN lower-cases to k in Java
    }
}
