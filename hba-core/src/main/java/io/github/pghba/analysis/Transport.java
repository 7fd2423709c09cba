package io.github.pghba.analysis;

/** How a client reaches the server: the Unix socket, or TCP without encryption, with TLS, or with GSS. */
public enum Transport {
    /** The Unix-domain socket. */
    LOCAL("local"),
    /** TCP without encryption. */
    TCP("tcp"),
    /** TCP with TLS. */
    TCP_SSL("tcp+ssl"),
    /** TCP with GSSAPI encryption. */
    TCP_GSS("tcp+gss");

    private final String label;

    Transport(String label) {
        this.label = label;
    }

    /** A short label: local, tcp, tcp+ssl, tcp+gss. */
    public String label() {
        return label;
    }
}
