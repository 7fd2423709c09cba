package io.github.pghba.conformance;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A minimal PostgreSQL v3 wire-protocol client: startup over a Unix socket with trust
 * authentication, then simple queries in text format. Enough for a superuser session that
 * survives every reload of the hba file under test.
 */
final class PgWire implements Closeable {
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "pgwire-watchdog");
        t.setDaemon(true);
        return t;
    });

    /** A server error (ErrorResponse) with its fields. */
    static final class PgError extends IOException {
        private static final long serialVersionUID = 1L;

        PgError(String message) {
            super(message);
        }
    }

    private final SocketChannel channel;
    private final ByteBuffer in = ByteBuffer.allocate(1 << 16);
    private final long timeoutMillis;
    final Map<String, String> parameters = new TreeMap<>();

    private PgWire(SocketChannel channel, long timeoutMillis) {
        this.channel = channel;
        this.timeoutMillis = timeoutMillis;
        in.flip();
    }

    static PgWire connect(Path socket, String user, String database, long timeoutMillis) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        PgWire c = new PgWire(ch, timeoutMillis);
        try {
            c.guard(() -> {
                ch.connect(UnixDomainSocketAddress.of(socket));
                ByteArrayOutputStream body = new ByteArrayOutputStream();
                writeInt(body, 196608);
                for (String s : new String[] {"user", user, "database", database, "client_encoding", "UTF8",
                    "application_name", "hba-conformance"}) {
                    body.writeBytes(s.getBytes(StandardCharsets.UTF_8));
                    body.write(0);
                }
                body.write(0);
                ByteArrayOutputStream msg = new ByteArrayOutputStream();
                writeInt(msg, body.size() + 4);
                body.writeTo(msg);
                c.send(msg.toByteArray());
                while (true) {
                    int type = c.readByte();
                    byte[] m = c.readBody();
                    switch (type) {
                        case 'R' -> {
                            int code = ByteBuffer.wrap(m).getInt();
                            if (code != 0) {
                                throw new IOException("server asks for authentication (code " + code + ")");
                            }
                        }
                        case 'S' -> c.parameterStatus(m);
                        case 'K', 'N' -> {
                        }
                        case 'E' -> throw new PgError(errorText(m));
                        case 'Z' -> {
                            return null;
                        }
                        default -> throw new IOException("unexpected message " + (char) type + " at startup");
                    }
                }
            });
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        return c;
    }

    /**
     * Runs one simple-query message (it may hold several statements) and returns every result
     * set: rows of column values (null = SQL NULL) in text format, as raw bytes.
     */
    List<List<List<byte[]>>> query(String sql) throws IOException {
        return guard(() -> {
            byte[] text = sql.getBytes(StandardCharsets.UTF_8);
            ByteArrayOutputStream msg = new ByteArrayOutputStream();
            msg.write('Q');
            writeInt(msg, text.length + 5);
            msg.writeBytes(text);
            msg.write(0);
            send(msg.toByteArray());
            List<List<List<byte[]>>> results = new ArrayList<>();
            List<List<byte[]>> current = null;
            String error = null;
            while (true) {
                int type = readByte();
                byte[] m = readBody();
                switch (type) {
                    case 'T' -> {
                        current = new ArrayList<>();
                        results.add(current);
                    }
                    case 'D' -> {
                        ByteBuffer b = ByteBuffer.wrap(m);
                        int n = b.getShort() & 0xffff;
                        List<byte[]> row = new ArrayList<>(n);
                        for (int i = 0; i < n; i++) {
                            int len = b.getInt();
                            if (len < 0) {
                                row.add(null);
                            } else {
                                byte[] v = new byte[len];
                                b.get(v);
                                row.add(v);
                            }
                        }
                        if (current == null) {
                            throw new IOException("DataRow without RowDescription");
                        }
                        current.add(row);
                    }
                    case 'C', 'I', 'N', 'A' -> {
                    }
                    case 'S' -> parameterStatus(m);
                    case 'E' -> error = errorText(m);
                    case 'Z' -> {
                        if (error != null) {
                            throw new PgError(error + "\nquery: " + sql);
                        }
                        return results;
                    }
                    default -> throw new IOException("unexpected message " + (char) type);
                }
            }
        });
    }

    /** The first column of every row of the only result set, as UTF-8 text. */
    List<String> column(String sql) throws IOException {
        List<String> out = new ArrayList<>();
        for (List<byte[]> row : query(sql).get(0)) {
            out.add(row.get(0) == null ? null : new String(row.get(0), StandardCharsets.UTF_8));
        }
        return out;
    }

    @Override
    public void close() {
        try {
            if (channel.isOpen()) {
                channel.write(ByteBuffer.wrap(new byte[] {'X', 0, 0, 0, 4}));
            }
        } catch (IOException e) {
            // closing anyway
        }
        try {
            channel.close();
        } catch (IOException e) {
            // nothing left to do
        }
    }

    private interface Io<T> {
        T run() throws IOException;
    }

    /** Runs {@code io}; if it takes longer than the timeout the socket is closed, which ends it. */
    private <T> T guard(Io<T> io) throws IOException {
        ScheduledFuture<?> alarm = WATCHDOG.schedule(() -> {
            try {
                channel.close();
            } catch (IOException e) {
                // the blocked call fails anyway
            }
        }, timeoutMillis, TimeUnit.MILLISECONDS);
        try {
            return io.run();
        } catch (IOException e) {
            if (!channel.isOpen() && alarm.isDone()) {
                throw new IOException("no answer from the server within " + timeoutMillis + " ms", e);
            }
            throw e;
        } finally {
            alarm.cancel(false);
        }
    }

    private void parameterStatus(byte[] m) {
        int z = indexOf(m, 0, (byte) 0);
        int z2 = indexOf(m, z + 1, (byte) 0);
        parameters.put(new String(m, 0, z, StandardCharsets.UTF_8),
                new String(m, z + 1, z2 - z - 1, StandardCharsets.UTF_8));
    }

    private static String errorText(byte[] m) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < m.length && m[i] != 0) {
            char field = (char) m[i];
            int z = indexOf(m, i + 1, (byte) 0);
            String v = new String(m, i + 1, z - i - 1, StandardCharsets.UTF_8);
            if (field == 'S' || field == 'M' || field == 'D' || field == 'H') {
                sb.append(sb.length() == 0 ? "" : field == 'M' ? ": " : "; ").append(v);
            }
            i = z + 1;
        }
        return sb.toString();
    }

    private static int indexOf(byte[] m, int from, byte b) {
        for (int i = from; i < m.length; i++) {
            if (m[i] == b) {
                return i;
            }
        }
        return m.length;
    }

    private void send(byte[] b) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(b);
        while (buf.hasRemaining()) {
            channel.write(buf);
        }
    }

    private void fill(int n) throws IOException {
        while (in.remaining() < n) {
            in.compact();
            int r = channel.read(in);
            in.flip();
            if (r < 0) {
                throw new EOFException("server closed the connection");
            }
        }
    }

    private int readByte() throws IOException {
        fill(1);
        return in.get() & 0xff;
    }

    private byte[] readBody() throws IOException {
        fill(4);
        int len = in.getInt() - 4;
        byte[] body = new byte[len];
        int off = 0;
        while (off < len) {
            if (!in.hasRemaining()) {
                fill(1);
            }
            int k = Math.min(in.remaining(), len - off);
            in.get(body, off, k);
            off += k;
        }
        return body;
    }

    private static void writeInt(ByteArrayOutputStream out, int v) {
        out.write(v >>> 24);
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
    }
}
