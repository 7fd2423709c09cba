package io.github.pghba.internal;

import io.github.pghba.check.Diagnostic;
import io.github.pghba.check.Severity;
import io.github.pghba.syntax.Address;
import io.github.pghba.syntax.AuthMethod;
import io.github.pghba.syntax.AuthSettings;
import io.github.pghba.syntax.ConnectionType;
import io.github.pghba.syntax.InvalidLine;
import io.github.pghba.syntax.SourceLine;
import io.github.pghba.syntax.Span;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * hba.c's {@code parse_hba_line} and {@code parse_hba_auth_opt}, line by line, for 13–18: the same
 * order of checks, the same messages (log text, view text and hints), the same silent failures.
 * This class is the one place that knows those texts.
 */
public final class HbaLineParser {

    private final ParseEnv env;
    private final int major;
    private final PgRegex.Encoding regexEncoding;

    /**
     * Option texts (with the connection type and method) that earlier lines of this load accepted
     * without a message: their settings.
     */
    private final OptionCache acceptedOptions = new OptionCache();

    /** An open-addressing table from (options text, type and method) to settings; looked up without a string. */
    private static final class OptionCache {
        // made on the first put (a small file may have no options at all)
        private @Nullable String[] keys = NO_KEYS;
        private int[] tags = NO_INTS;
        private int[] hashes = NO_INTS;
        private @Nullable AuthSettings[] values = NO_VALUES;
        private int size;
        private static final String[] NO_KEYS = new String[0];
        private static final int[] NO_INTS = new int[0];
        private static final AuthSettings[] NO_VALUES = new AuthSettings[0];

        static int hash(String text, int start, int end, int tag) {
            int h = tag;
            for (int i = start; i < end; i++) {
                h = 31 * h + text.charAt(i);
            }
            return h ^ (h >>> 16);
        }

        @Nullable AuthSettings get(String text, int start, int end, int tag, int hash) {
            if (size == 0) {
                return null;
            }
            int mask = keys.length - 1;
            int len = end - start;
            for (int slot = hash & mask; ; slot = (slot + 1) & mask) {
                String k = keys[slot];
                if (k == null) {
                    return null;
                }
                if (hashes[slot] == hash && tags[slot] == tag && k.length() == len
                        && k.regionMatches(0, text, start, len)) {
                    return values[slot];
                }
            }
        }

        void put(String key, int tag, int hash, AuthSettings value) {
            if (2 * (size + 1) > keys.length) {
                grow();
            }
            int mask = keys.length - 1;
            int slot = hash & mask;
            while (keys[slot] != null) {
                slot = (slot + 1) & mask;
            }
            keys[slot] = key;
            tags[slot] = tag;
            hashes[slot] = hash;
            values[slot] = value;
            size++;
        }

        private void grow() {
            String[] k = keys;
            int[] t = tags;
            int[] h = hashes;
            AuthSettings[] v = values;
            int n = Math.max(16, k.length * 2);
            keys = new String[n];
            tags = new int[n];
            hashes = new int[n];
            values = new AuthSettings[n];
            size = 0;
            for (int i = 0; i < k.length; i++) {
                String key = k[i];
                AuthSettings value = v[i];
                if (key != null && value != null) {
                    put(key, t[i], h[i], value);
                }
            }
        }
    }
    /**
     * Equal settings made by earlier lines of this load without option text (a method's defaults,
     * as {@code cert}'s): the tree keeps one instance of each. Lines with options share theirs
     * through {@link #acceptedOptions}; looking up each distinct combination here too (hashing
     * its maps) cost a tenth of a RADIUS line, whose identifiers differ from line to line.
     */
    private @Nullable Map<AuthSettings, AuthSettings> settingsSeen; // made on first use

    /** A parser as the postmaster runs it (regexes compiled one character per byte). */
    public HbaLineParser(ParseEnv env) {
        this(env, PgRegex.Encoding.BYTES);
    }

    /** A parser whose regexes are compiled as a backend with this database encoding does. */
    public HbaLineParser(ParseEnv env, PgRegex.Encoding regexEncoding) {
        this.env = env;
        this.major = env.version().major();
        this.regexEncoding = regexEncoding;
    }

    /** Parse state: PostgreSQL's HbaLine plus its err_msg. */
    private static final class State {
        TokLine tok;
        @Nullable String errMsg; // *err_msg: what the view shows
        List<Diagnostic> logged = List.of(); // everything ereport()ed for the line (made on first use)
        @Nullable Diagnostic failure; // the message that made the line fail

        ConnectionType conntype = ConnectionType.LOCAL;
        @Nullable Address address;
        int addressField = -1; // a numeric range checked in place, made by the rule when asked (numericAddress)
        final byte[] scratch16 = new byte[16]; // an IPv6 address checked in place
        @Nullable AuthMethod method;
        int optionField = -1; // the first option field, if any
        boolean optionsTouched; // an option was parsed since the option values were last reset
        @Nullable String optionKey; // the options' text, the key in acceptedOptions, when they were parsed
        int optionTag;
        int optionHash;
        @Nullable AuthSettings knownSettings; // the settings of an equal accepted combination
        // option values (PostgreSQL's HbaLine fields)
        @Nullable String usermap;
        AuthSettings.ClientCert clientcert = AuthSettings.ClientCert.OFF;
        AuthSettings.ClientName clientname = AuthSettings.ClientName.CN;
        boolean includeRealm;
        boolean compatRealm;
        boolean upnUsername;
        @Nullable String krbRealm;
        @Nullable String pamservice;
        boolean pamUseHostname;
        @Nullable String ldapserver;
        int ldapport;
        @Nullable String ldapscheme;
        boolean ldaptls;
        @Nullable String ldapprefix;
        @Nullable String ldapsuffix;
        @Nullable String ldapbasedn;
        @Nullable String ldapbinddn;
        @Nullable String ldapbindpasswd;
        @Nullable String ldapsearchattribute;
        @Nullable String ldapsearchfilter;
        int ldapscope;
        @Nullable List<String> radiusservers;
        @Nullable String radiusserversS;
        @Nullable List<String> radiussecrets;
        @Nullable String radiussecretsS;
        @Nullable List<String> radiusports;
        @Nullable String radiusportsS;
        @Nullable List<String> radiusidentifiers;
        @Nullable String radiusidentifiersS;
        @Nullable String oauthIssuer;
        @Nullable String oauthScope;
        @Nullable String oauthValidator;
        boolean oauthSkipUsermap;

              /** Back to a fresh line's state (the parser reuses one State for every line). */
        void reset(TokLine line) {
            this.tok = line;
            this.errMsg = null;
            this.logged = List.of();
            this.failure = null;
            this.conntype = ConnectionType.LOCAL;
            this.address = null;
            this.addressField = -1;
            this.method = null;
            this.optionField = -1;
            this.optionKey = null;
            this.knownSettings = null;
            // set outside parse_hba_auth_opt too
            this.clientcert = AuthSettings.ClientCert.OFF;
            this.includeRealm = false;
            this.compatRealm = false;
            this.upnUsername = false;
            this.oauthValidator = null;
            if (optionsTouched) {
                resetOptions();
            }
        }

        /** The values only options set, back to their defaults (only after a line that had options). */
        private void resetOptions() {
            optionsTouched = false;
            this.usermap = null;
            this.clientname = AuthSettings.ClientName.CN;
            this.krbRealm = null;
            this.pamservice = null;
            this.pamUseHostname = false;
            this.ldapserver = null;
            this.ldapport = 0;
            this.ldapscheme = null;
            this.ldaptls = false;
            this.ldapprefix = null;
            this.ldapsuffix = null;
            this.ldapbasedn = null;
            this.ldapbinddn = null;
            this.ldapbindpasswd = null;
            this.ldapsearchattribute = null;
            this.ldapsearchfilter = null;
            this.ldapscope = 0;
            this.radiusservers = null;
            this.radiusserversS = null;
            this.radiussecrets = null;
            this.radiussecretsS = null;
            this.radiusports = null;
            this.radiusportsS = null;
            this.radiusidentifiers = null;
            this.radiusidentifiersS = null;
            this.oauthIssuer = null;
            this.oauthScope = null;
            this.oauthSkipUsermap = false;
        }

  State(TokLine tok) {
            this.tok = tok;
        }

        void log(Diagnostic d) {
            if (logged.isEmpty()) {
                logged = new ArrayList<>(2);
            }
            logged.add(d);
        }
    }

    /** Parses one tokenized line (without tokenizer error) into a rule or an invalid line. */
    public SourceLine parse(TokLine tok) {
        State s = state;
        if (s == null) {
            s = new State(tok);
            state = s;
        } else {
            s.reset(tok);
        }
        boolean ok = parseLine(s);
        if (ok) {
            List<Diagnostic> warnings = List.of();
            if (!s.logged.isEmpty()) {
                warnings = new ArrayList<>(s.logged.size());
                for (Diagnostic w : s.logged) {
                    // the view shows err_msg as it stands at the end (18's oauth check clears a warning)
                    boolean shown = s.errMsg != null && w.viewError().equals(Optional.of(s.errMsg));
                    warnings.add(shown || w.viewError().isEmpty() ? w : new Diagnostic(w.severity(), w.code(),
                            w.message(), Optional.empty(), w.hint(), w.note(), w.span()));
                }
            }
            AuthSettings settings = s.knownSettings;
            if (settings == null) {
                settings = settings(s);
                String key = s.optionKey;
                if (key != null && s.logged.isEmpty() && s.errMsg == null) {
                    acceptedOptions.put(key, s.optionTag, s.optionHash, settings);
                }
            }
            return SyntaxAccess.rule(tok, s.conntype, s.address, s.addressField,
                    s.method == null ? AuthMethod.REJECT : s.method, s.optionField, settings, warnings);
        }
        Diagnostic failure = s.failure;
        if (failure == null) {
            throw new IllegalStateException("line failed without a message: " + tok.line().raw());
        }
        Diagnostic d = new Diagnostic(Severity.ERROR, failure.code(), failure.message(),
                Optional.ofNullable(s.errMsg), failure.hint(), failure.note(), failure.span());
        d = Hints.explain(d, tok, major);
        return new InvalidLine(tok.span(), tok.line().raw(), tok.fields(), d);
    }

    // ---------------------------------------------------------------------------------------------

    /** ereport(elevel, ...) with *err_msg = viewText; returns false for "return NULL". */
    private boolean fail(State s, String code, String message, @Nullable String viewText, @Nullable String hint,
            Span at) {
        s.errMsg = viewText;
        s.failure = new Diagnostic(Severity.ERROR, code, message, Optional.ofNullable(viewText),
                Optional.ofNullable(hint), Optional.empty(), at);
        return false;
    }

    private boolean fail(State s, String code, String message, @Nullable String hint, Span at) {
        return fail(s, code, message, message, hint, at);
    }

    /** ereport(elevel) without err_msg and without failing. */
    private void warnLogOnly(State s, String code, String message, Span at) {
        s.log(new Diagnostic(Severity.WARNING, code, message, Optional.empty(), Optional.empty(),
                Optional.empty(), at));
    }

    private boolean parseLine(State s) {
        TokLine tok = s.tok;
        int fields = tok.fieldCount();
        int f = 0;

        // ---- connection type
        if (tok.count(f) > 1) {
            return fail(s, "hba.multiple-connection-types", "multiple values specified for connection type",
                    "Specify exactly one connection type per line.", tok.fieldSpan(f));
        }
        int token = tok.first(f);
        ConnectionType type = connectionType(tok, token);
        if (type == null) {
            String m = "invalid connection type \"" + tok.text(token) + "\"";
            return fail(s, "hba.invalid-connection-type", m, null, tok.span(token));
        }
        s.conntype = type;
        if (s.conntype == ConnectionType.HOSTSSL) {
            if (env.build().ssl()) {
                if (!env.settings().ssl()) {
                    String m = "hostssl record cannot match because SSL is disabled";
                    s.errMsg = m;
                    s.log(Diagnostic.of(Severity.WARNING, "hba.hostssl-ssl-off", m,
                            major >= 17 ? "Set \"ssl = on\" in postgresql.conf." : "Set ssl = on in postgresql.conf.",
                            tok.span(token)));
                }
            } else {
                String m = "hostssl record cannot match because SSL is not supported by this build";
                s.errMsg = m;
                s.log(Diagnostic.of(Severity.WARNING, "hba.hostssl-not-built", m,
                        major <= 13 ? "Compile with --with-openssl to use SSL connections." : null, tok.span(token)));
            }
        } else if (s.conntype == ConnectionType.HOSTGSSENC && !env.build().gssapi()) {
            String m = "hostgssenc record cannot match because GSSAPI is not supported by this build";
            s.errMsg = m;
            s.log(Diagnostic.of(Severity.WARNING, "hba.hostgssenc-not-built", m,
                    major <= 13 ? "Compile with --with-gssapi to use GSSAPI connections." : null, tok.span(token)));
        }

        // ---- databases
        if (++f >= fields) {
            return fail(s, "hba.missing-database", "end-of-line before database specification", null, endOf(tok.span()));
        }
        if (major >= 16 && !regexesOk(s, f)) {
            return false;
        }

        // ---- roles
        if (++f >= fields) {
            return fail(s, "hba.missing-user", "end-of-line before role specification", null, endOf(tok.span()));
        }
        if (major >= 16 && !regexesOk(s, f)) {
            return false;
        }

        // ---- address
        if (s.conntype != ConnectionType.LOCAL) {
            if (++f >= fields) {
                return fail(s, "hba.missing-address", "end-of-line before IP address specification", null,
                        endOf(tok.span()));
            }
            if (tok.count(f) > 1) {
                return fail(s, "hba.multiple-addresses", "multiple values specified for host address",
                        "Specify one address range per line.", tok.fieldSpan(f));
            }
            token = tok.first(f);
            if (tok.isKeyword(token, "all")) {
                s.address = ALL;
            } else if (tok.isKeyword(token, "samehost")) {
                s.address = SAMEHOST;
            } else if (tok.isKeyword(token, "samenet")) {
                s.address = SAMENET;
            } else if (simpleIpv4Cidr(tok, token) || simpleIpv6Cidr(s, tok, token)) {
                s.addressField = f; // a.b.c.d/n in decimal, or IPv6/n: the rule makes the range when asked
            } else if (simpleIpv4Netmask(tok, token, f, fields)) {
                s.addressField = f++; // a.b.c.d a.b.c.d
            } else {
                String str = tok.text(token);
                int slash = str.indexOf('/');
                String host = slash >= 0 ? str.substring(0, slash) : str;
                Optional<byte[]> ip = InetText.parseNumericHost(host, env.interfaceNames());
                if (ip.isEmpty()) {
                    if (slash >= 0) {
                        return fail(s, "hba.hostname-with-cidr",
                                "specifying both host name and CIDR mask is invalid: \"" + str + "\"", null,
                                tok.span(token));
                    }
                    s.address = new Address.HostName(host);
                } else if (slash >= 0) {
                    byte[] mask = InetText.cidrMask(str.substring(slash + 1), ip.get().length);
                    if (mask == null) {
                        return fail(s, "hba.invalid-cidr", "invalid CIDR mask in address \"" + str + "\"", null,
                                tok.span(token));
                    }
                    s.address = new Address.IpMask(ip.get(), mask, str);
                } else {
                    if (++f >= fields) {
                        return fail(s, "hba.missing-netmask", "end-of-line before netmask specification",
                                "Specify an address range in CIDR notation, or provide a separate netmask.",
                                endOf(tok.span()));
                    }
                    if (tok.count(f) > 1) {
                        return fail(s, "hba.multiple-netmasks", "multiple values specified for netmask", null,
                                tok.fieldSpan(f));
                    }
                    int maskTok = tok.first(f);
                    String maskText = tok.text(maskTok);
                    Optional<byte[]> mask = InetText.parseNumericHost(maskText, env.interfaceNames());
                    if (mask.isEmpty()) {
                        return fail(s, "hba.invalid-netmask", "invalid IP mask \"" + maskText
                                + "\": Name or service not known", null, tok.span(maskTok));
                    }
                    if (mask.get().length != ip.get().length) {
                        return fail(s, "hba.netmask-family", "IP address and mask do not match", null,
                                tok.span(maskTok));
                    }
                    s.address = new Address.IpMask(ip.get(), mask.get(), str);
                }
            }
        }

        // ---- method
        if (++f >= fields) {
            return fail(s, "hba.missing-method", "end-of-line before authentication method", null, endOf(tok.span()));
        }
        if (tok.count(f) > 1) {
            return fail(s, "hba.multiple-methods", "multiple values specified for authentication type",
                    "Specify exactly one authentication type per line.", tok.fieldSpan(f));
        }
        token = tok.first(f);
        AuthMethod method = method(tok, token);
        if (method == AuthMethod.OAUTH && major < 18) {
            method = null;
        }
        if (method == null) {
            return fail(s, "hba.invalid-method", "invalid authentication method \"" + tok.text(token) + "\"", null,
                    tok.span(token));
        }
        AuthMethod m = method;
        boolean built = switch (m) {
            case GSS -> env.build().gssapi();
            case SSPI -> env.build().sspi();
            case PAM -> env.build().pam();
            case BSD -> env.build().bsd();
            case LDAP -> env.build().ldap();
            case CERT -> env.build().ssl();
            case RADIUS -> env.build().radius();
            default -> true;
        };
        if (m == AuthMethod.MD5 && major <= 16 && env.settings().dbUserNamespace()) {
            return fail(s, "hba.md5-db-user-namespace",
                    "MD5 authentication is not supported when \"db_user_namespace\" is enabled", null, tok.span(token));
        }
        if (!built) {
            return fail(s, "hba.method-not-built", "invalid authentication method \"" + tok.text(token)
                    + "\": not supported by this build", null, tok.span(token));
        }
        s.method = m;
        if (s.conntype == ConnectionType.LOCAL && m == AuthMethod.IDENT) {
            s.method = AuthMethod.PEER;
        }
        if (s.conntype == ConnectionType.LOCAL && s.method == AuthMethod.GSS) {
            return fail(s, "hba.gss-on-local", "gssapi authentication is not supported on local sockets", null,
                    tok.span(token));
        }
        if (s.conntype != ConnectionType.LOCAL && s.method == AuthMethod.PEER) {
            return fail(s, "hba.peer-on-host", "peer authentication is only supported on local sockets", null,
                    tok.span(token));
        }
        if (s.conntype != ConnectionType.HOSTSSL && s.method == AuthMethod.CERT) {
            return fail(s, "hba.cert-not-hostssl", "cert authentication is only supported on hostssl connections",
                    null, tok.span(token));
        }
        if (s.method == AuthMethod.GSS || s.method == AuthMethod.SSPI) {
            s.includeRealm = true;
        }
        if (s.method == AuthMethod.SSPI) {
            s.compatRealm = true;
            s.upnUsername = false;
        }

        // ---- options
        if (f + 1 < fields) {
            s.optionField = f + 1;
            // the options of a rule, its type and method decide its settings: an equal combination
            // that an earlier line accepted without a message gives the same settings again
            // (only for a line without a message so far, as that line was: oauth's check clears err_msg)
            if (s.logged.isEmpty() && s.errMsg == null) {
                int from = tok.first(f + 1);
                int last = tok.tokenCount() - 1;
                if (!anyGiven(tok, from, last)) {
                    // the options' text from the first option to the last: equal texts, equal tokens
                    String text = tok.line().text();
                    int start = tok.start(from);
                    int end = tok.end(last);
                    int tag = s.conntype.ordinal() * 64 + m.ordinal();
                    int hash = OptionCache.hash(text, start, end, tag);
                    AuthSettings known = acceptedOptions.get(text, start, end, tag, hash);
                    if (known != null) {
                        s.knownSettings = known;
                        return true;
                    }
                    s.optionKey = text.substring(start, end);
                    s.optionTag = tag;
                    s.optionHash = hash;
                }
            }
        }
        while (++f < fields) {
            int first = tok.first(f);
            int end = first + tok.count(f);
            for (int k = first; k < end; k++) {
                String text = tok.text(k);
                int eq = text.indexOf('=');
                if (eq < 0) {
                    return fail(s, "hba.option-format", "authentication option not in name=value format: "
                            + text, null, tok.span(k));
                }
                if (!parseOption(s, text.substring(0, eq), text.substring(eq + 1), tok.span(k))) {
                    return false;
                }
            }
        }

        // ---- mandatory arguments
        if (s.method == AuthMethod.LDAP) {
            if (!env.build().openLdap() && s.ldapserver == null) {
                return mandatory(s, "ldapserver", "ldap");
            }
            if (s.ldapprefix != null || s.ldapsuffix != null) {
                if (s.ldapbasedn != null || s.ldapbinddn != null || s.ldapbindpasswd != null
                        || s.ldapsearchattribute != null || s.ldapsearchfilter != null) {
                    String msg = major >= 18 ? "cannot mix options for simple bind and search+bind modes"
                            : "cannot use ldapbasedn, ldapbinddn, ldapbindpasswd, ldapsearchattribute, "
                                    + "ldapsearchfilter, or ldapurl together with ldapprefix";
                    return fail(s, "hba.ldap-mixed-modes", msg, null, s.tok.span());
                }
            } else if (s.ldapbasedn == null) {
                return fail(s, "hba.ldap-missing-mode",
                        "authentication method \"ldap\" requires argument \"ldapbasedn\", \"ldapprefix\", or "
                                + "\"ldapsuffix\" to be set", null, s.tok.span());
            }
            if (s.ldapsearchattribute != null && s.ldapsearchfilter != null) {
                return fail(s, "hba.ldap-attribute-and-filter",
                        "cannot use ldapsearchattribute together with ldapsearchfilter", null, s.tok.span());
            }
        }
        if (s.method == AuthMethod.RADIUS) {
            if (s.radiusservers == null || s.radiusservers.isEmpty()) {
                return mandatory(s, "radiusservers", "radius");
            }
            if (s.radiussecrets == null || s.radiussecrets.isEmpty()) {
                return mandatory(s, "radiussecrets", "radius");
            }
            int servers = s.radiusservers.size();
            if (!listLengthOk(s.radiussecrets, servers, false)) {
                return radiusLength(s, "secrets", s.radiussecrets.size(), servers);
            }
            if (!listLengthOk(s.radiusports, servers, true)) {
                return radiusLength(s, "ports", size(s.radiusports), servers);
            }
            if (!listLengthOk(s.radiusidentifiers, servers, true)) {
                return radiusLength(s, "identifiers", size(s.radiusidentifiers), servers);
            }
        }
        if (s.method == AuthMethod.CERT) {
            s.clientcert = AuthSettings.ClientCert.VERIFY_FULL;
        }
        if (s.method == AuthMethod.OAUTH) {
            if (s.oauthScope == null) {
                return mandatory(s, "scope", "oauth");
            }
            if (s.oauthIssuer == null) {
                return mandatory(s, "issuer", "oauth");
            }
            if (!checkOauthValidator(s, s.tok.span())) {
                return false;
            }
            if (s.oauthSkipUsermap && s.usermap != null) {
                return fail(s, "hba.oauth-map-and-delegate",
                        "map cannot be used in combination with delegate_ident_mapping", null, s.tok.span());
            }
        }
        return true;
    }

    private static int size(@Nullable List<String> l) {
        return l == null ? 0 : l.size();
    }

    private static boolean listLengthOk(@Nullable List<String> l, int servers, boolean zeroOk) {
        int n = size(l);
        return (zeroOk && n == 0) || n == 1 || n == servers;
    }

    private boolean radiusLength(State s, String what, int n, int servers) {
        String msg = "the number of RADIUS " + what + " (" + n + ") must be 1 or the same as the number of RADIUS servers ("
                + servers + ")";
        if (major <= 13) {
            // 13's verify_option_list_length logs without setting err_msg
            return fail(s, "hba.radius-list-length", msg, s.errMsg, null, s.tok.span());
        }
        return fail(s, "hba.radius-list-length", msg, null, s.tok.span());
    }

    private boolean mandatory(State s, String arg, String method) {
        String msg = "authentication method \"" + method + "\" requires argument \"" + arg + "\" to be set";
        return fail(s, "hba.missing-option", msg, null, s.tok.span());
    }

    private boolean checkOauthValidator(State s, Span at) {
        s.errMsg = null; // check_oauth_validator starts with *err_msg = NULL
        String libs = env.settings().oauthValidatorLibraries();
        if (libs.isEmpty()) {
            return fail(s, "hba.oauth-no-validator-libraries",
                    "oauth_validator_libraries must be set for authentication method oauth", null, at);
        }
        List<String> elems = GucLists.splitDirectories(libs, major);
        if (elems == null) {
            return fail(s, "hba.oauth-bad-validator-list",
                    "invalid list syntax in parameter \"oauth_validator_libraries\"", null, at);
        }
        if (s.oauthValidator == null) {
            if (elems.size() == 1) {
                s.oauthValidator = elems.get(0);
                return true;
            }
            return fail(s, "hba.oauth-validator-required",
                    "authentication method \"oauth\" requires argument \"validator\" to be set when "
                            + "oauth_validator_libraries contains multiple options", null, at);
        }
        if (elems.contains(s.oauthValidator)) {
            return true;
        }
        return fail(s, "hba.oauth-validator-not-permitted", "validator \"" + s.oauthValidator
                + "\" is not permitted by oauth_validator_libraries", null, at);
    }

    /** Checks the regular expressions of field {@code f} (16+ compiles them while parsing). */
    private boolean regexesOk(State s, int f) {
        TokLine tok = s.tok;
        if (!tok.mayStartWithSlash()) {
            return true; // no token of the line starts with '/' (the tokenizer knows): nothing to compile
        }
        int first = tok.first(f);
        int end = first + tok.count(f);
        for (int k = first; k < end; k++) {
            if (!tok.startsWith(k, '/')) {
                continue;
            }
            String pattern = tok.text(k).substring(1);
            Optional<String> error = PgRegex.compileError(pattern, regexEncoding);
            if (error.isPresent()) {
                return fail(s, "hba.invalid-regex", "invalid regular expression \"" + pattern + "\": " + error.get(),
                        null, tok.span(k));
            }
        }
        return true;
    }

    /**
     * The common address form {@code a.b.c.d/n} (decimal parts without leading zeros, 0-255; n
     * 0-32, digits only), read in place; false (nothing set) for any other text, which then goes
     * the general way ({@link InetText#parseNumericHost}, {@link InetText#cidrMask}).
     */
    private static boolean simpleIpv4Cidr(TokLine tok, int k) {
        if (tok.isGiven(k) || tok.quoted(k) || tok.length(k) > 18) {
            return false;
        }
        String t = tok.line().text();
        int end = tok.end(k);
        int i = dottedQuad(t, tok.start(k), end, '/');
        if (i < 0) {
            return false;
        }
        int bits = 0;
        int digits = 0;
        while (i < end && t.charAt(i) >= '0' && t.charAt(i) <= '9') {
            bits = bits * 10 + (t.charAt(i) - '0');
            digits++;
            i++;
        }
        return i == end && digits > 0 && digits <= 2 && bits <= 32;
    }

    /**
     * The decimal dotted quad {@code a.b.c.d} (no leading zeros, parts 0-255) at {@code t[i, end)},
     * followed by {@code after} or, if {@code after} is 0, by the end: the index after it (past
     * {@code after}), or -1. Such a text means the same to inet_aton and inet_pton.
     */
    private static int dottedQuad(String t, int i, int end, char after) {
        for (int part = 0; part < 4; part++) {
            int v = 0;
            int digits = 0;
            while (i < end && t.charAt(i) >= '0' && t.charAt(i) <= '9') {
                v = v * 10 + (t.charAt(i) - '0');
                digits++;
                i++;
            }
            if (digits == 0 || digits > 3 || v > 255 || (digits > 1 && t.charAt(i - digits) == '0')) {
                return -1;
            }
            if (part == 3 && after == 0) {
                return i == end ? i : -1;
            }
            char want = part < 3 ? '.' : after;
            if (i >= end || t.charAt(i) != want) {
                return -1;
            }
            i++;
        }
        return i;
    }

    /**
     * An IPv6 range {@code x:y::z/n} without zone or dotted part: the text before the slash is an
     * IPv6 address to glibc's inet_pton, and n is 1-3 digits up to 128. Makes no objects; false for
     * anything else, which then goes the general way.
     */
    private static boolean simpleIpv6Cidr(State s, TokLine tok, int k) {
        if (tok.isGiven(k) || tok.quoted(k)) {
            return false;
        }
        String t = tok.line().text();
        int start = tok.start(k);
        int end = tok.end(k);
        int slash = -1;
        boolean colon = false;
        for (int i = start; i < end; i++) {
            char c = t.charAt(i);
            if (c == '/') {
                slash = i;
                break;
            }
            if (c == '%' || c == '.') {
                return false; // a zone, or a dotted part: the general way
            }
            colon |= c == ':';
        }
        if (slash < 0 || end - slash - 1 < 1 || end - slash - 1 > 3) {
            return false;
        }
        int bits = 0;
        for (int i = slash + 1; i < end; i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
            bits = bits * 10 + (c - '0');
        }
        // a text with ':' is never an inet_aton address, so getaddrinfo reads it with inet_pton
        return bits <= 128 && colon && InetText.parseInet6(t, start, slash, s.scratch16);
    }

    /**
     * {@code a.b.c.d a.b.c.d}: the address field (token {@code k}) and the next field, each one
     * plain decimal dotted quad (so the mask has the address's family). False for anything else,
     * and for a missing or multiple netmask, which the general way reports.
     */
    private static boolean simpleIpv4Netmask(TokLine tok, int k, int f, int fields) {
        if (f + 1 >= fields || tok.count(f + 1) != 1 || tok.isGiven(k) || tok.quoted(k) || tok.length(k) > 15) {
            return false;
        }
        int m = tok.first(f + 1);
        if (tok.isGiven(m) || tok.quoted(m) || tok.length(m) > 15) {
            return false;
        }
        String t = tok.line().text();
        return dottedQuad(t, tok.start(k), tok.end(k), (char) 0) >= 0
                && dottedQuad(t, tok.start(m), tok.end(m), (char) 0) >= 0;
    }

    /**
     * The numeric range in field {@code field} of a line whose parse found it valid (and said so
     * to the rule, which asks for it on first use): the same {@link Address.IpMask} the general
     * way of {@code parse_hba_line} makes, {@code a/n} or {@code a} with the next field's mask.
     */
    public static Address numericAddress(TokLine tok, int field) {
        String str = tok.text(tok.first(field));
        int slash = str.indexOf('/');
        byte[] ip = InetText.parseNumericHost(slash >= 0 ? str.substring(0, slash) : str, java.util.Set.of())
                .orElseThrow(() -> new IllegalStateException("not a numeric address: " + str));
        byte[] mask = slash >= 0 ? InetText.cidrMask(str.substring(slash + 1), ip.length)
                : InetText.parseNumericHost(tok.text(tok.first(field + 1)), java.util.Set.of()).orElse(null);
        if (mask == null || mask.length != ip.length) {
            throw new IllegalStateException("not a numeric mask: " + str);
        }
        return new Address.IpMask(ip, mask, str);
    }

    private static boolean anyGiven(TokLine tok, int from, int last) {
        for (int k = from; k <= last; k++) {
            if (tok.isGiven(k)) {
                return true;
            }
        }
        return false;
    }

    private static final Address ALL = new Address.All();
    private static final Address SAMEHOST = new Address.SameHost();
    private static final Address SAMENET = new Address.SameNet();
    /** The connection types by the length of their keyword. */
    private static final ConnectionType[][] TYPES_BY_LENGTH = byLength(ConnectionType.values(),
            ConnectionType::keyword, ConnectionType[][]::new, ConnectionType[]::new);
    /** The methods by the length of their keyword. */
    private static final AuthMethod[][] METHODS_BY_LENGTH = byLength(AuthMethod.values(), AuthMethod::keyword,
            AuthMethod[][]::new, AuthMethod[]::new);

    /** {@code all} grouped by the length of their keyword: {@code table[n]} holds those of length n. */
    private static <E> E[][] byLength(E[] all, java.util.function.Function<E, String> keyword,
            java.util.function.IntFunction<E[][]> newTable, java.util.function.IntFunction<E[]> newRow) {
        int max = 0;
        for (E e : all) {
            max = Math.max(max, keyword.apply(e).length());
        }
        E[][] out = newTable.apply(max + 1);
        for (int len = 0; len <= max; len++) {
            List<E> row = new ArrayList<>();
            for (E e : all) {
                if (keyword.apply(e).length() == len) {
                    row.add(e);
                }
            }
            out[len] = row.toArray(newRow.apply(0));
        }
        return out;
    }

    /** {@link ConnectionType#fromKeyword} of token {@code k}, or null (no string made). */
    private static @Nullable ConnectionType connectionType(TokLine tok, int k) {
        int len = tok.length(k);
        if (len >= TYPES_BY_LENGTH.length) {
            return null;
        }
        for (ConnectionType t : TYPES_BY_LENGTH[len]) {
            if (tok.textEquals(k, t.keyword())) {
                return t;
            }
        }
        return null;
    }

    /** {@link AuthMethod#fromKeyword} of token {@code k}, or null (no string made). */
    private static @Nullable AuthMethod method(TokLine tok, int k) {
        int len = tok.length(k);
        if (len >= METHODS_BY_LENGTH.length) {
            return null;
        }
        for (AuthMethod m : METHODS_BY_LENGTH[len]) {
            if (tok.textEquals(k, m.keyword())) {
                return m;
            }
        }
        return null;
    }

    private boolean invalidOption(State s, String name, String methods, Span at) {
        return fail(s, "hba.option-wrong-method", "authentication option \"" + name
                + "\" is only valid for authentication methods " + methods, null, at);
    }

    private boolean require(State s, AuthMethod method, String name, String methods, Span at) {
        if (s.method != method) {
            return invalidOption(s, name, methods, at);
        }
        return true;
    }

    private boolean parseOption(State s, String name, String val, Span at) {
        s.optionsTouched = true;
        if (env.build().ldap()) {
            s.ldapscope = 2; // LDAP_SCOPE_SUBTREE, reset by every option
        }
        AuthMethod m = s.method;
        switch (name) {
            case "map" -> {
                boolean okMethod = m == AuthMethod.IDENT || m == AuthMethod.PEER || m == AuthMethod.GSS
                        || m == AuthMethod.SSPI || m == AuthMethod.CERT || (major >= 18 && m == AuthMethod.OAUTH);
                if (!okMethod) {
                    return invalidOption(s, "map", major >= 18 ? "ident, peer, gssapi, sspi, cert, and oauth"
                            : "ident, peer, gssapi, sspi, and cert", at);
                }
                s.usermap = val;
            }
            case "clientcert" -> {
                if (s.conntype != ConnectionType.HOSTSSL) {
                    return fail(s, "hba.clientcert-not-hostssl",
                            "clientcert can only be configured for \"hostssl\" rows", null, at);
                }
                if (major <= 13) {
                    if (val.equals("1") || val.equals("verify-ca")) {
                        s.clientcert = AuthSettings.ClientCert.VERIFY_CA;
                    } else if (val.equals("verify-full")) {
                        s.clientcert = AuthSettings.ClientCert.VERIFY_FULL;
                    } else if (val.equals("0") || val.equals("no-verify")) {
                        if (m == AuthMethod.CERT) {
                            return fail(s, "hba.clientcert-cert",
                                    "clientcert cannot be set to \"no-verify\" when using \"cert\" authentication",
                                    null, at);
                        }
                        s.clientcert = AuthSettings.ClientCert.OFF;
                    } else {
                        return fail(s, "hba.clientcert-value", "invalid value for clientcert: \"" + val + "\"",
                                s.errMsg, null, at);
                    }
                } else {
                    if (val.equals("verify-full")) {
                        s.clientcert = AuthSettings.ClientCert.VERIFY_FULL;
                    } else if (val.equals("verify-ca")) {
                        if (m == AuthMethod.CERT) {
                            return fail(s, "hba.clientcert-cert",
                                    "clientcert only accepts \"verify-full\" when using \"cert\" authentication",
                                    "clientcert can only be set to \"verify-full\" when using \"cert\" authentication",
                                    null, at);
                        }
                        s.clientcert = AuthSettings.ClientCert.VERIFY_CA;
                    } else {
                        return fail(s, "hba.clientcert-value", "invalid value for clientcert: \"" + val + "\"",
                                s.errMsg, null, at);
                    }
                }
            }
            case "clientname" -> {
                if (major <= 13) {
                    return unrecognized(s, name, at);
                }
                if (s.conntype != ConnectionType.HOSTSSL) {
                    return fail(s, "hba.clientname-not-hostssl",
                            "clientname can only be configured for \"hostssl\" rows", null, at);
                }
                if (val.equals("CN")) {
                    s.clientname = AuthSettings.ClientName.CN;
                } else if (val.equals("DN")) {
                    s.clientname = AuthSettings.ClientName.DN;
                } else {
                    return fail(s, "hba.clientname-value", "invalid value for clientname: \"" + val + "\"", s.errMsg,
                            null, at);
                }
            }
            case "pamservice" -> {
                if (!require(s, AuthMethod.PAM, name, "pam", at)) {
                    return false;
                }
                s.pamservice = val;
            }
            case "pam_use_hostname" -> {
                if (!require(s, AuthMethod.PAM, name, "pam", at)) {
                    return false;
                }
                s.pamUseHostname = val.equals("1");
            }
            case "ldapurl" -> {
                if (!require(s, AuthMethod.LDAP, name, "ldap", at)) {
                    return false;
                }
                return ldapUrl(s, val, at);
            }
            case "ldaptls" -> {
                if (!require(s, AuthMethod.LDAP, name, "ldap", at)) {
                    return false;
                }
                s.ldaptls = val.equals("1");
            }
            case "ldapscheme" -> {
                if (!require(s, AuthMethod.LDAP, name, "ldap", at)) {
                    return false;
                }
                if (!val.equals("ldap") && !val.equals("ldaps")) {
                    warnLogOnly(s, "hba.ldapscheme-value", "invalid ldapscheme value: \"" + val + "\"", at);
                }
                s.ldapscheme = val;
            }
            case "ldapserver" -> {
                if (!require(s, AuthMethod.LDAP, name, "ldap", at)) {
                    return false;
                }
                s.ldapserver = val;
            }
            case "ldapport" -> {
                if (!require(s, AuthMethod.LDAP, name, "ldap", at)) {
                    return false;
                }
                s.ldapport = CNumbers.atoi(val);
                if (s.ldapport == 0) {
                    return fail(s, "hba.ldapport", "invalid LDAP port number: \"" + val + "\"", null, at);
                }
            }
            case "ldapbinddn" -> {
                if (!require(s, AuthMethod.LDAP, name, "ldap", at)) {
                    return false;
                }
                s.ldapbinddn = val;
            }
            case "ldapbindpasswd" -> {
                if (!require(s, AuthMethod.LDAP, name, "ldap", at)) {
                    return false;
                }
                s.ldapbindpasswd = val;
            }
            case "ldapsearchattribute" -> {
                if (!require(s, AuthMethod.LDAP, name, "ldap", at)) {
                    return false;
                }
                s.ldapsearchattribute = val;
            }
            case "ldapsearchfilter" -> {
                if (!require(s, AuthMethod.LDAP, name, "ldap", at)) {
                    return false;
                }
                s.ldapsearchfilter = val;
            }
            case "ldapbasedn" -> {
                if (!require(s, AuthMethod.LDAP, name, "ldap", at)) {
                    return false;
                }
                s.ldapbasedn = val;
            }
            case "ldapprefix" -> {
                if (!require(s, AuthMethod.LDAP, name, "ldap", at)) {
                    return false;
                }
                s.ldapprefix = val;
            }
            case "ldapsuffix" -> {
                if (!require(s, AuthMethod.LDAP, name, "ldap", at)) {
                    return false;
                }
                s.ldapsuffix = val;
            }
            case "krb_realm" -> {
                if (m != AuthMethod.GSS && m != AuthMethod.SSPI) {
                    return invalidOption(s, name, "gssapi and sspi", at);
                }
                s.krbRealm = val;
            }
            case "include_realm" -> {
                if (m != AuthMethod.GSS && m != AuthMethod.SSPI) {
                    return invalidOption(s, name, "gssapi and sspi", at);
                }
                s.includeRealm = val.equals("1");
            }
            case "compat_realm" -> {
                if (m != AuthMethod.SSPI) {
                    return invalidOption(s, name, "sspi", at);
                }
                s.compatRealm = val.equals("1");
            }
            case "upn_username" -> {
                if (m != AuthMethod.SSPI) {
                    return invalidOption(s, name, "sspi", at);
                }
                s.upnUsername = val.equals("1");
            }
            case "radiusservers" -> {
                if (!require(s, AuthMethod.RADIUS, name, "radius", at)) {
                    return false;
                }
                List<String> servers = GucLists.splitGucList(val, major);
                if (servers == null) {
                    return fail(s, "hba.radius-server-list", "could not parse RADIUS server list \"" + val + "\"",
                            s.errMsg, null, at);
                }
                for (String server : servers) {
                    // getaddrinfo reads a numeric address itself, an IPv6 zone by the server's interfaces
                    if (InetText.parseNumericHost(server, env.interfaceNames()).isEmpty()
                            && !env.resolvesHost().test(server)) {
                        return fail(s, "hba.radius-server-unresolved", "could not translate RADIUS server name \""
                                + server + "\" to address: Name or service not known", s.errMsg, null, at);
                    }
                }
                s.radiusservers = servers;
                s.radiusserversS = val;
            }
            case "radiusports" -> {
                if (!require(s, AuthMethod.RADIUS, name, "radius", at)) {
                    return false;
                }
                List<String> ports = GucLists.splitGucList(val, major);
                if (ports == null) {
                    return fail(s, "hba.radius-port-list", "could not parse RADIUS port list \"" + val + "\"",
                            "invalid RADIUS port number: \"" + val + "\"", null, at);
                }
                for (String p : ports) {
                    if (CNumbers.atoi(p) == 0) {
                        return fail(s, "hba.radius-port", "invalid RADIUS port number: \"" + val + "\"", s.errMsg,
                                null, at);
                    }
                }
                s.radiusports = ports;
                s.radiusportsS = val;
            }
            case "radiussecrets" -> {
                if (!require(s, AuthMethod.RADIUS, name, "radius", at)) {
                    return false;
                }
                List<String> secrets = GucLists.splitGucList(val, major);
                if (secrets == null) {
                    return fail(s, "hba.radius-secret-list", "could not parse RADIUS secret list \"" + val + "\"",
                            s.errMsg, null, at);
                }
                s.radiussecrets = secrets;
                s.radiussecretsS = val;
            }
            case "radiusidentifiers" -> {
                if (!require(s, AuthMethod.RADIUS, name, "radius", at)) {
                    return false;
                }
                List<String> ids = GucLists.splitGucList(val, major);
                if (ids == null) {
                    return fail(s, "hba.radius-identifier-list", "could not parse RADIUS identifiers list \"" + val
                            + "\"", s.errMsg, null, at);
                }
                s.radiusidentifiers = ids;
                s.radiusidentifiersS = val;
            }
            case "issuer", "scope", "validator", "delegate_ident_mapping" -> {
                if (major < 18) {
                    return unrecognized(s, name, at);
                }
                if (!require(s, AuthMethod.OAUTH, name, "oauth", at)) {
                    return false;
                }
                switch (name) {
                    case "issuer" -> s.oauthIssuer = val;
                    case "scope" -> s.oauthScope = val;
                    case "validator" -> s.oauthValidator = val;
                    default -> s.oauthSkipUsermap = val.equals("1");
                }
            }
            default -> {
                return unrecognized(s, name, at);
            }
        }
        return true;
    }

    private boolean unrecognized(State s, String name, Span at) {
        return fail(s, "hba.unknown-option", "unrecognized authentication option name: \"" + name + "\"", null, at);
    }

    /** OpenLDAP's {@code ldap_url_parse} as PostgreSQL uses it for {@code ldapurl}. */
    private boolean ldapUrl(State s, String val, Span at) {
        if (!env.build().openLdap()) {
            s.errMsg = "LDAP URLs not supported on this platform";
            s.log(Diagnostic.of(Severity.WARNING, "hba.ldapurl-unsupported", s.errMsg, null, at));
            return true;
        }
        LdapUrl.Result parsed = LdapUrl.parse(val);
        if (parsed instanceof LdapUrl.Error e) {
            return fail(s, "hba.ldapurl", "could not parse LDAP URL \"" + val + "\": " + e.text(), null, at);
        }
        LdapUrl.Url url = (LdapUrl.Url) parsed;
        if (!url.scheme().equals("ldap") && !url.scheme().equals("ldaps")) {
            return fail(s, "hba.ldapurl-scheme", "unsupported LDAP URL scheme: " + url.scheme(), null, at);
        }
        if (url.attributes().filter(List::isEmpty).isPresent()) {
            // lud_attrs without a first item: PostgreSQL's pstrdup(lud_attrs[0]) dereferences NULL
            return fail(s, "hba.ldapurl-crash", "could not parse LDAP URL \"" + val + "\": its attribute list "
                    + "names no attribute (PostgreSQL " + major + " crashes on such a URL)", null, at);
        }
        s.ldapscheme = url.scheme();
        url.host().ifPresent(h -> s.ldapserver = h);
        s.ldapport = url.port();
        url.dn().ifPresent(dn -> s.ldapbasedn = dn);
        url.attributes().ifPresent(a -> s.ldapsearchattribute = a.get(0));
        s.ldapscope = url.scope();
        url.filter().ifPresent(f -> s.ldapsearchfilter = f);
        return true;
    }

    private static Span endOf(Span line) {
        return new Span(line.file(), line.endLine(), line.endColumn(), line.endLine(), line.endColumn());
    }

    // ---------------------------------------------------------------------------------------------

    /** The settings of a rule without options and without defaults (trust, md5, scram, reject...). */
    private static final AuthSettings NO_SETTINGS = new AuthSettings(Optional.empty(), AuthSettings.ClientCert.OFF,
            AuthSettings.ClientName.CN, false, Map.of(), List.of());

    /** The name/value pairs of {@link AuthSettings#values()}, made into a map at the end (most rules have none). */
    private static final class Values {
        private String[] kv = new String[8];
        private int n;

        void clear() {
            java.util.Arrays.fill(kv, 0, n, null);
            n = 0;
        }

        void put(String name, String value) {
            for (int i = 0; i < n; i += 2) {
                if (kv[i].equals(name)) {
                    kv[i + 1] = value;
                    return;
                }
            }
            if (n == kv.length) {
                kv = java.util.Arrays.copyOf(kv, n * 2);
            }
            kv[n++] = name;
            kv[n++] = value;
        }

        boolean isEmpty() {
            return n == 0;
        }

        Map<String, String> map() {
            if (n == 0) {
                return Map.of();
            }
            if (n == 2) {
                return Map.of(kv[0], kv[1]);
            }
            if (n == 4) {
                return Map.of(kv[0], kv[1], kv[2], kv[3]);
            }
            if (n == 6) {
                return Map.of(kv[0], kv[1], kv[2], kv[3], kv[4], kv[5]);
            }
            if (n == 8) {
                return Map.of(kv[0], kv[1], kv[2], kv[3], kv[4], kv[5], kv[6], kv[7]);
            }
            Map<String, String> m = new LinkedHashMap<>();
            for (int i = 0; i < n; i += 2) {
                m.put(kv[i], kv[i + 1]);
            }
            return Map.copyOf(m);
        }
    }

    /** The view's option texts (most rules have none). */
    private static final class View {
        private @Nullable List<String> list;

        void clear() {
            list = null;
        }

        void add(String option) {
            List<String> l = list;
            if (l == null) {
                l = new ArrayList<>(4);
                list = l;
            }
            l.add(option);
        }

        List<String> list() {
            List<String> l = list;
            return l == null ? List.of() : l;
        }
    }

    /** The state of the line being parsed, reused (a parser is used by one load, one line at a time). */
    private @Nullable State state;

    /** Reused by every line's {@link #settings}. */
    private final Values values = new Values();
    private final View view = new View();

    private AuthSettings settings(State s) {
        AuthMethod m = s.method;
        // no option parsed, and a method without defaults of its own: nothing to collect
        if (!s.optionsTouched && m != AuthMethod.GSS && m != AuthMethod.SSPI && m != AuthMethod.CERT
                && m != AuthMethod.OAUTH && s.clientcert == AuthSettings.ClientCert.OFF && !s.includeRealm) {
            return NO_SETTINGS;
        }
        Values values = this.values;
        View view = this.view;
        values.clear();
        view.clear();
        if (m == AuthMethod.GSS || m == AuthMethod.SSPI) {
            if (s.includeRealm) {
                view.add("include_realm=true");
            }
            if (s.krbRealm != null) {
                view.add("krb_realm=" + s.krbRealm);
            }
            values.put("include_realm", s.includeRealm ? "1" : "0");
        }
        if (m == AuthMethod.SSPI) {
            values.put("compat_realm", s.compatRealm ? "1" : "0");
            values.put("upn_username", s.upnUsername ? "1" : "0");
        }
        put(values, "krb_realm", s.krbRealm);
        if (s.usermap != null) {
            view.add("map=" + s.usermap);
            values.put("map", s.usermap);
        }
        if (s.clientcert != AuthSettings.ClientCert.OFF) {
            String v = s.clientcert == AuthSettings.ClientCert.VERIFY_CA ? "verify-ca" : "verify-full";
            view.add("clientcert=" + v);
            values.put("clientcert", v);
        }
        if (s.clientname == AuthSettings.ClientName.DN) {
            values.put("clientname", "DN");
        }
        if (s.pamservice != null) {
            view.add("pamservice=" + s.pamservice);
            values.put("pamservice", s.pamservice);
        }
        if (s.pamUseHostname) {
            values.put("pam_use_hostname", "1");
        }
        if (m == AuthMethod.LDAP) {
            addView(view, values, "ldapserver", s.ldapserver);
            if (s.ldapport != 0) {
                addView(view, values, "ldapport", Integer.toString(s.ldapport));
            }
            if (s.ldapscheme != null) {
                values.put("ldapscheme", s.ldapscheme);
                if (env.version().viewShowsLdapScheme()) {
                    view.add("ldapscheme=" + s.ldapscheme);
                }
            }
            if (s.ldaptls) {
                view.add("ldaptls=true");
                values.put("ldaptls", "1");
            }
            addView(view, values, "ldapprefix", s.ldapprefix);
            addView(view, values, "ldapsuffix", s.ldapsuffix);
            addView(view, values, "ldapbasedn", s.ldapbasedn);
            addView(view, values, "ldapbinddn", s.ldapbinddn);
            addView(view, values, "ldapbindpasswd", s.ldapbindpasswd);
            addView(view, values, "ldapsearchattribute", s.ldapsearchattribute);
            addView(view, values, "ldapsearchfilter", s.ldapsearchfilter);
            if (s.ldapscope != 0) {
                addView(view, values, "ldapscope", Integer.toString(s.ldapscope));
            }
        }
        if (m == AuthMethod.RADIUS) {
            addView(view, values, "radiusservers", s.radiusserversS);
            addView(view, values, "radiussecrets", s.radiussecretsS);
            addView(view, values, "radiusidentifiers", s.radiusidentifiersS);
            addView(view, values, "radiusports", s.radiusportsS);
        }
        if (m == AuthMethod.OAUTH) {
            addView(view, values, "issuer", s.oauthIssuer);
            addView(view, values, "scope", s.oauthScope);
            addView(view, values, "validator", s.oauthValidator);
            if (s.oauthSkipUsermap) {
                view.add("delegate_ident_mapping=true");
                values.put("delegate_ident_mapping", "1");
            }
        }
        Optional<String> map = s.usermap == null || s.usermap.isEmpty() ? Optional.empty() : Optional.of(s.usermap);
        if (map.isEmpty() && values.isEmpty() && view.list == null && s.clientcert == AuthSettings.ClientCert.OFF
                && s.clientname == AuthSettings.ClientName.CN && !s.includeRealm) {
            return NO_SETTINGS;
        }
        AuthSettings made = new AuthSettings(map, s.clientcert, s.clientname, s.includeRealm, values.map(),
                view.list());
        if (s.optionKey != null) {
            return made; // the options cache shares it, by its text
        }
        Map<AuthSettings, AuthSettings> seenMap = settingsSeen;
        if (seenMap == null) {
            seenMap = new HashMap<>();
            settingsSeen = seenMap;
        }
        AuthSettings seen = seenMap.putIfAbsent(made, made);
        return seen == null ? made : seen;
    }

    private static void put(Values values, String name, @Nullable String v) {
        if (v != null) {
            values.put(name, v);
        }
    }

    private static void addView(View view, Values values, String name, @Nullable String v) {
        if (v != null) {
            view.add(name + "=" + v);
            values.put(name, v);
        }
    }
}
