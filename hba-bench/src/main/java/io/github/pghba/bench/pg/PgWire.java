package io.github.pghba.bench.pg;

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

/**
 * The smallest PostgreSQL v3 wire-protocol client that serves the side-by-side: startup over the
 * Unix socket with trust authentication, then simple queries whose rows come back as text.
 */
public final class PgWire implements Closeable {
    private final SocketChannel channel;
    private final ByteBuffer in = ByteBuffer.allocate(1 << 16);

    private PgWire(SocketChannel channel) {
        this.channel = channel;
        in.flip();
    }

    /** Connects and authenticates (trust only). */
    public static PgWire connect(Path socket, String user, String database) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        PgWire c = new PgWire(ch);
        try {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            writeInt(body, 196608);
            for (String s : new String[] {"user", user, "database", database, "application_name", "hba-bench"}) {
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
                if (type == 'R' && ByteBuffer.wrap(m).getInt() != 0) {
                    throw new IOException("the server asks for a password: trust authentication expected");
                } else if (type == 'E') {
                    throw new IOException("connection refused: " + error(m));
                } else if (type == 'Z') {
                    return c;
                }
            }
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** Runs a simple query; returns the rows of its last result, each column as text (null for NULL). */
    public List<List<String>> query(String sql) throws IOException {
        ByteArrayOutputStream msg = new ByteArrayOutputStream();
        msg.write('Q');
        byte[] q = sql.getBytes(StandardCharsets.UTF_8);
        writeInt(msg, q.length + 5);
        msg.writeBytes(q);
        msg.write(0);
        send(msg.toByteArray());
        List<List<String>> rows = new ArrayList<>();
        String err = null;
        while (true) {
            int type = readByte();
            byte[] m = readBody();
            switch (type) {
                case 'T' -> rows = new ArrayList<>();
                case 'D' -> {
                    ByteBuffer b = ByteBuffer.wrap(m);
                    int cols = b.getShort() & 0xffff;
                    List<String> row = new ArrayList<>(cols);
                    for (int i = 0; i < cols; i++) {
                        int len = b.getInt();
                        if (len < 0) {
                            row.add(null);
                        } else {
                            row.add(new String(m, b.position(), len, StandardCharsets.UTF_8));
                            b.position(b.position() + len);
                        }
                    }
                    rows.add(row);
                }
                case 'E' -> err = error(m);
                case 'Z' -> {
                    if (err != null) {
                        throw new IOException(err);
                    }
                    return rows;
                }
                default -> {
                    // CommandComplete, NoticeResponse, ParameterStatus...: nothing to keep
                }
            }
        }
    }

    private static String error(byte[] m) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < m.length && m[i] != 0) {
            char field = (char) m[i++];
            int end = i;
            while (end < m.length && m[end] != 0) {
                end++;
            }
            if (field == 'S' || field == 'M') {
                sb.append(sb.length() == 0 ? "" : ": ").append(new String(m, i, end - i, StandardCharsets.UTF_8));
            }
            i = end + 1;
        }
        return sb.toString();
    }

    private void send(byte[] b) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(b);
        while (buf.hasRemaining()) {
            channel.write(buf);
        }
    }

    private void fill(int need) throws IOException {
        while (in.remaining() < need) {
            in.compact();
            int r = channel.read(in);
            in.flip();
            if (r < 0) {
                throw new EOFException("the server closed the connection");
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
        byte[] b = new byte[len];
        int off = 0;
        while (off < len) {
            if (!in.hasRemaining()) {
                fill(1);
            }
            int k = Math.min(in.remaining(), len - off);
            in.get(b, off, k);
            off += k;
        }
        return b;
    }

    private static void writeInt(ByteArrayOutputStream out, int v) {
        out.write(v >>> 24);
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
    }

    @Override
    public void close() {
        try {
            if (channel.isOpen()) {
                send(new byte[] {'X', 0, 0, 0, 4});
            }
        } catch (IOException e) {
            // closing anyway
        }
        try {
            channel.close();
        } catch (IOException e) {
            // nothing to do
        }
    }
}
