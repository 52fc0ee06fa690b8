package eu.atmosphere.tmaf.monitor.server.tls;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;

/**
 * Sends a hand-made TLS ClientHello and reports what the server answered, so a test can offer
 * what the JDK's own client refuses to send (TLS 1.1, CBC suites).
 */
public final class RawClientHello {

    /** TLS 1.0 on the wire. */
    public static final int TLS_1_0 = 0x0301;
    /** TLS 1.1 on the wire. */
    public static final int TLS_1_1 = 0x0302;
    /** TLS 1.2 on the wire. */
    public static final int TLS_1_2 = 0x0303;

    /** ECDHE_ECDSA_WITH_AES_128_GCM_SHA256. */
    public static final int ECDHE_ECDSA_AES_128_GCM = 0xC02B;
    /** ECDHE_ECDSA_WITH_AES_128_CBC_SHA. */
    public static final int ECDHE_ECDSA_AES_128_CBC_SHA = 0xC009;
    /** ECDHE_ECDSA_WITH_AES_256_CBC_SHA. */
    public static final int ECDHE_ECDSA_AES_256_CBC_SHA = 0xC00A;
    /** ECDHE_ECDSA_WITH_AES_128_CBC_SHA256. */
    public static final int ECDHE_ECDSA_AES_128_CBC_SHA256 = 0xC023;
    /** RSA_WITH_AES_128_CBC_SHA. */
    public static final int RSA_AES_128_CBC_SHA = 0x002F;
    /** RSA_WITH_AES_128_GCM_SHA256 (no forward secrecy). */
    public static final int RSA_AES_128_GCM = 0x009C;

    /**
     * What came back.
     *
     * @param serverHello whether the server agreed to a handshake (a ServerHello)
     * @param version     the version in the ServerHello, 0 if none
     * @param cipherSuite the suite in the ServerHello, 0 if none
     * @param answer      what happened otherwise: {@code alert}, {@code closed} or {@code timeout}
     */
    public record Answer(boolean serverHello, int version, int cipherSuite, String answer) {
    }

    private RawClientHello() {
    }

    /**
     * @param host   server
     * @param port   port
     * @param version client_version of the hello
     * @param suites cipher suites offered
     * @return the server's answer
     */
    public static Answer offer(String host, int port, int version, int... suites) throws IOException {
        try (Socket socket = new Socket(host, port)) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(record(hello(version, suites)));
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            try {
                int type = in.readUnsignedByte();
                in.readUnsignedShort();
                int length = in.readUnsignedShort();
                byte[] fragment = in.readNBytes(length);
                if (type == 0x16 && fragment.length > 40 && fragment[0] == 0x02) {
                    int serverVersion = ((fragment[4] & 0xff) << 8) | (fragment[5] & 0xff);
                    int sessionIdLength = fragment[38] & 0xff;
                    int suiteOffset = 39 + sessionIdLength;
                    int suite = ((fragment[suiteOffset] & 0xff) << 8) | (fragment[suiteOffset + 1] & 0xff);
                    return new Answer(true, serverVersion, suite, "server-hello");
                }
                return new Answer(false, 0, 0, type == 0x15 ? "alert" : "record type " + type);
            } catch (EOFException e) {
                return new Answer(false, 0, 0, "closed");
            } catch (SocketTimeoutException e) {
                return new Answer(false, 0, 0, "timeout");
            } catch (IOException e) {
                return new Answer(false, 0, 0, "closed (" + e.getMessage() + ")");
            }
        }
    }

    private static byte[] hello(int version, int[] suites) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        u16(body, version);
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        body.writeBytes(random);
        body.write(0);
        u16(body, suites.length * 2);
        for (int suite : suites) {
            u16(body, suite);
        }
        body.write(1);
        body.write(0);
        ByteArrayOutputStream extensions = new ByteArrayOutputStream();
        extension(extensions, 0x000a, new int[] {0x0004, 0x0017, 0x001d}); // supported_groups: list len, P-256, x25519
        extensions.writeBytes(new byte[] {0x00, 0x0b, 0x00, 0x02, 0x01, 0x00}); // ec_point_formats: uncompressed
        extension(extensions, 0x000d, new int[] {0x0006, 0x0403, 0x0804, 0x0401}); // signature_algorithms
        u16(body, extensions.size());
        body.writeBytes(extensions.toByteArray());
        ByteArrayOutputStream handshake = new ByteArrayOutputStream();
        handshake.write(0x01);
        handshake.write(body.size() >> 16);
        u16(handshake, body.size() & 0xffff);
        handshake.writeBytes(body.toByteArray());
        return handshake.toByteArray();
    }

    private static void extension(ByteArrayOutputStream out, int type, int[] shorts) {
        u16(out, type);
        u16(out, shorts.length * 2);
        for (int value : shorts) {
            u16(out, value);
        }
    }

    private static byte[] record(byte[] handshake) {
        ByteArrayOutputStream record = new ByteArrayOutputStream();
        record.write(0x16);
        u16(record, 0x0301);
        u16(record, handshake.length);
        record.writeBytes(handshake);
        return record.toByteArray();
    }

    private static void u16(ByteArrayOutputStream out, int value) {
        out.write((value >> 8) & 0xff);
        out.write(value & 0xff);
    }
}
