package io.github.pghba.internal;

import org.jspecify.annotations.Nullable;

/**
 * The parts of OpenLDAP's {@code ldap_url_parse} that PostgreSQL's {@code ldapurl} option uses:
 * {@code scheme://[host[:port]][/dn[?attrs[?scope[?filter]]]]}. The error texts are what PostgreSQL
 * prints: {@code ldap_err2string()} of OpenLDAP's URL error codes (which PostgreSQL passes to a
 * function meant for result codes, hence the odd words). Read from the code, not checked on a server
 * built with LDAP.
 */
final class LdapUrl {
    private LdapUrl() {}

    record Parsed(@Nullable String error, String scheme, @Nullable String host, int port, @Nullable String dn,
            @Nullable String attribute, int scope, @Nullable String filter) {}

    static Parsed parse(String url) {
        String u = url.trim();
        if (u.startsWith("<") && u.endsWith(">")) {
            u = u.substring(1, u.length() - 1);
        }
        if (u.regionMatches(true, 0, "URL:", 0, 4)) {
            u = u.substring(4);
        }
        int sep = u.indexOf("://");
        if (sep < 0) {
            // LDAP_URL_ERR_BADSCHEME (3)
            return new Parsed("Time limit exceeded", "", null, 0, null, null, 0, null);
        }
        String scheme = u.substring(0, sep).toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("ldap") && !scheme.equals("ldaps") && !scheme.equals("ldapi") && !scheme.equals("cldap")) {
            return new Parsed("Time limit exceeded", scheme, null, 0, null, null, 0, null);
        }
        String rest = u.substring(sep + 3);
        int slash = rest.indexOf('/');
        String hostport = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? null : rest.substring(slash + 1);
        String host = null;
        int port = scheme.equals("ldaps") ? 636 : 389;
        if (!hostport.isEmpty()) {
            int colon = hostport.lastIndexOf(':');
            if (colon >= 0 && hostport.indexOf(']') < colon) {
                String p = hostport.substring(colon + 1);
                host = hostport.substring(0, colon);
                if (!p.isEmpty()) {
                    try {
                        port = Integer.parseInt(p);
                    } catch (NumberFormatException e) {
                        // LDAP_URL_ERR_BADURL (6)
                        return new Parsed("Size limit exceeded", scheme, null, 0, null, null, 0, null);
                    }
                    if (port <= 0 || port > 65535) {
                        return new Parsed("Size limit exceeded", scheme, null, 0, null, null, 0, null);
                    }
                }
            } else {
                host = hostport;
            }
            if (host != null && host.isEmpty()) {
                host = null;
            }
        }
        String dn = null;
        String attr = null;
        int scope = 0;
        String filter = null;
        if (path != null) {
            String[] q = path.split("\\?", -1);
            dn = q[0].isEmpty() ? null : decode(q[0]);
            if (q.length > 1 && !q[1].isEmpty()) {
                attr = decode(q[1].split(",", -1)[0]);
            }
            if (q.length > 2 && !q[2].isEmpty()) {
                switch (q[2].toLowerCase(java.util.Locale.ROOT)) {
                    case "base" -> scope = 0;
                    case "one", "onelevel" -> scope = 1;
                    case "sub", "subtree" -> scope = 2;
                    case "subord", "subordinate", "children" -> scope = 3;
                    default -> {
                        // LDAP_URL_ERR_BADSCOPE (8)
                        return new Parsed("Compare True", scheme, null, 0, null, null, 0, null);
                    }
                }
            }
            if (q.length > 3 && !q[3].isEmpty()) {
                filter = decode(q[3]);
            }
        }
        return new Parsed(null, scheme, host, port, dn, attr, scope, filter);
    }

    private static String decode(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length() + 0 && i + 2 <= s.length() - 1) {
                int h = Character.digit(s.charAt(i + 1), 16);
                int l = Character.digit(s.charAt(i + 2), 16);
                if (h >= 0 && l >= 0) {
                    sb.append((char) (h * 16 + l));
                    i += 2;
                    continue;
                }
            }
            sb.append(c);
        }
        return sb.toString();
    }
}
