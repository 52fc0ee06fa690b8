package eu.atmosphere.tmaf.monitor.server.tls;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads PEM files with the JDK alone: certificate chains, PKCS#8 private keys
 * ({@code BEGIN PRIVATE KEY}: RSA, EC, Ed25519/Ed448) and PKCS#1 RSA keys
 * ({@code BEGIN RSA PRIVATE KEY}, wrapped into PKCS#8 here); and writes them.
 *
 * <pre>{@code
 * List<X509Certificate> chain = PemFiles.readCertificates(Path.of("server.crt.pem"));
 * PrivateKey key = PemFiles.readPrivateKey(Path.of("server.key.pem"));
 * }</pre>
 */
public final class PemFiles {

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)\\s*-----END \\1-----");
    private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS");
    /** DER-encoded object identifiers (tag, length, value) of {@link #KEY_ALGORITHMS}. */
    private static final Map<String, byte[]> ALGORITHM_OIDS = Map.of(
            "RSA", new byte[] {0x06, 0x09, 0x2A, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xF7, 0x0D, 0x01, 0x01, 0x01},
            "EC", new byte[] {0x06, 0x07, 0x2A, (byte) 0x86, 0x48, (byte) 0xCE, 0x3D, 0x02, 0x01},
            "Ed25519", new byte[] {0x06, 0x03, 0x2B, 0x65, 0x70},
            "Ed448", new byte[] {0x06, 0x03, 0x2B, 0x65, 0x71},
            "RSASSA-PSS", new byte[] {0x06, 0x09, 0x2A, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xF7, 0x0D, 0x01, 0x01,
                    0x0A});
    private static final byte[] RSA_ALGORITHM_IDENTIFIER = {
        0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};

    private PemFiles() {
    }

    /**
     * @param file PEM certificates, the server's first, then its intermediates
     * @return the chain
     * @throws IllegalStateException if the file holds no certificate
     */
    public static List<X509Certificate> readCertificates(Path file) {
        try {
            Collection<? extends Certificate> read = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(file)));
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate certificate : read) {
                chain.add((X509Certificate) certificate);
            }
            if (chain.isEmpty()) {
                throw new IllegalStateException(file + " holds no certificate");
            }
            return chain;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (CertificateException e) {
            throw new IllegalStateException(file + " is not a PEM certificate chain: " + e.getMessage(), e);
        }
    }

    /**
     * @param file a PEM private key, unencrypted
     * @return the key
     * @throws IllegalStateException if the file holds no supported key, naming how to convert it
     */
    public static PrivateKey readPrivateKey(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        Matcher block = BLOCK.matcher(text);
        while (block.find()) {
            String label = block.group(1);
            byte[] der = Base64.getMimeDecoder().decode(block.group(2));
            switch (label) {
                case "PRIVATE KEY":
                    return pkcs8(der, file);
                case "RSA PRIVATE KEY":
                    return pkcs8(wrapPkcs1(der), file);
                case "EC PRIVATE KEY":
                    throw new IllegalStateException(file + " holds an EC key in SEC1 format; convert it to PKCS#8: "
                            + "openssl pkcs8 -topk8 -nocrypt -in " + file + " -out server.key.pem");
                case "ENCRYPTED PRIVATE KEY":
                    throw new IllegalStateException(file + " holds an encrypted key; decrypt it (openssl pkcs8 -in "
                            + file + " -out server.key.pem) and protect the file with permissions, or use a "
                            + "PKCS#12 keystore with a password instead");
                default:
                    // e.g. EC PARAMETERS before the key: skip
            }
        }
        throw new IllegalStateException(file + " holds no PEM private key (-----BEGIN PRIVATE KEY-----)");
    }

    /**
     * @param label       e.g. {@code CERTIFICATE} or {@code PRIVATE KEY}
     * @param der         the encoded object
     * @return the PEM text, 64 characters a line
     */
    public static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    private static PrivateKey pkcs8(byte[] der, Path file) {
        String declared = declaredAlgorithm(der);
        for (String algorithm : declared == null ? KEY_ALGORITHMS : List.of(declared)) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                if (declared != null) {
                    throw new IllegalStateException(file + " holds a PKCS#8 " + declared + " key that cannot be "
                            + "decoded (corrupt or truncated): " + e.getMessage(), e);
                }
            }
        }
        throw new IllegalStateException(file + " holds a PKCS#8 key of an algorithm the JDK does not support, or "
                + "data that is no PKCS#8 key (supported: " + KEY_ALGORITHMS + ")");
    }

    /**
     * @return the supported algorithm whose object identifier the key's AlgorithmIdentifier (at the start of
     *         PrivateKeyInfo, after the version) names, or null if none does
     */
    private static String declaredAlgorithm(byte[] der) {
        int header = Math.min(der.length, 32);
        for (Map.Entry<String, byte[]> algorithm : ALGORITHM_OIDS.entrySet()) {
            byte[] oid = algorithm.getValue();
            for (int at = 0; at + oid.length <= header; at++) {
                if (Arrays.equals(der, at, at + oid.length, oid, 0, oid.length)) {
                    return algorithm.getKey();
                }
            }
        }
        return null;
    }

    /** PKCS#1 RSAPrivateKey → PKCS#8 PrivateKeyInfo (version 0, rsaEncryption, the key as OCTET STRING). */
    private static byte[] wrapPkcs1(byte[] pkcs1) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {0x02, 0x01, 0x00});
        body.writeBytes(RSA_ALGORITHM_IDENTIFIER);
        body.write(0x04);
        body.writeBytes(derLength(pkcs1.length));
        body.writeBytes(pkcs1);
        ByteArrayOutputStream info = new ByteArrayOutputStream();
        info.write(0x30);
        info.writeBytes(derLength(body.size()));
        info.writeBytes(body.toByteArray());
        return info.toByteArray();
    }

    private static byte[] derLength(int length) {
        if (length < 0x80) {
            return new byte[] {(byte) length};
        }
        if (length < 0x100) {
            return new byte[] {(byte) 0x81, (byte) length};
        }
        if (length < 0x10000) {
            return new byte[] {(byte) 0x82, (byte) (length >> 8), (byte) length};
        }
        return new byte[] {(byte) 0x83, (byte) (length >> 16), (byte) (length >> 8), (byte) length};
    }
}
