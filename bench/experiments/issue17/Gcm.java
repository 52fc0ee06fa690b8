import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.security.SecureRandom;

/** AES-GCM encrypt + decrypt of a 1,200-byte record (a single message's TLS record), AES-128 vs AES-256, interleaved. */
public class Gcm {
    public static void main(String[] args) throws Exception {
        byte[] record = new byte[1200];
        new SecureRandom().nextBytes(record);
        for (int round = 0; round < 5; round++) {
            for (int bits : new int[] {128, 256}) {
                byte[] key = new byte[bits / 8];
                Cipher enc = Cipher.getInstance("AES/GCM/NoPadding");
                Cipher dec = Cipher.getInstance("AES/GCM/NoPadding");
                SecretKeySpec spec = new SecretKeySpec(key, "AES");
                int n = 200_000;
                long t0 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    byte[] iv = new byte[12];
                    iv[0] = (byte) i; iv[1] = (byte) (i >> 8); iv[2] = (byte) (i >> 16); iv[3] = (byte) round; iv[4] = (byte) bits;
                    enc.init(Cipher.ENCRYPT_MODE, spec, new GCMParameterSpec(128, iv));
                    byte[] sealed = enc.doFinal(record);
                    dec.init(Cipher.DECRYPT_MODE, spec, new GCMParameterSpec(128, iv));
                    dec.doFinal(sealed);
                }
                System.out.printf("round %d AES-%d-GCM: %.2f us per 1200-byte record (encrypt+decrypt)%n", round, bits,
                        (System.nanoTime() - t0) / 1000.0 / n);
            }
        }
    }
}
