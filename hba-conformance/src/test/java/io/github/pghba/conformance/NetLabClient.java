package io.github.pghba.conformance;

import io.github.pghba.eval.Encryption;
import io.github.pghba.eval.Replication;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The client half of {@link NetLab}: runs inside the lab's network namespace (a JVM cannot enter
 * one), reads one attempt a line from stdin, makes it with {@link MatchConformanceTest#connectTcp}
 * and writes the server's answer as one line to stdout. The test JVM reads the server log itself.
 *
 * <p>Request: {@code source TAB target TAB port TAB encryption TAB replication TAB user TAB
 * database}; answer: {@code E TAB message} (an ErrorResponse), {@code O TAB text} (anything else)
 * or {@code X TAB exception}. Tabs, newlines and backslashes escaped.
 */
public final class NetLabClient {
    private NetLabClient() {}

    public static void main(String[] args) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        String line;
        while ((line = in.readLine()) != null) {
            String[] f = line.split("\t", -1);
            MatchConformanceTest.Attempt a = new MatchConformanceTest.Attempt(unescape(f[0]),
                    Encryption.valueOf(f[3]), Replication.valueOf(f[4]), unescape(f[5]), unescape(f[6]));
            String answer;
            try {
                MatchConformanceTest.Answer r = MatchConformanceTest.connectTcp(a, f[1], Integer.parseInt(f[2]), 0);
                answer = r.error() != null ? "E\t" + escape(r.error()) : "O\t" + escape(String.valueOf(r.other()));
            } catch (IOException | RuntimeException e) {
                answer = "X\t" + escape(e.toString());
            }
            out.println(answer);
            out.flush();
        }
    }

    static String encode(MatchConformanceTest.Attempt a, String target, int port) {
        return escape(a.address()) + "\t" + target + "\t" + port + "\t" + a.encryption().name() + "\t"
                + a.replication().name() + "\t" + escape(a.user()) + "\t" + escape(a.database());
    }

    static MatchConformanceTest.Answer decode(String line, long logFrom) {
        String v = unescape(line.substring(2));
        return switch (line.charAt(0)) {
            case 'E' -> new MatchConformanceTest.Answer(v, null, logFrom);
            case 'O' -> new MatchConformanceTest.Answer(null, v, logFrom);
            default -> new MatchConformanceTest.Answer(null, "client failed: " + v, logFrom);
        };
    }

    static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n");
    }

    static String unescape(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                sb.append(n == 't' ? '\t' : n == 'n' ? '\n' : n);
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
