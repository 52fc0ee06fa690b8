import eu.atmosphere.tmaf.monitor.server.auth.ProbeAuthenticator;
import eu.atmosphere.tmaf.monitor.server.auth.TokenService;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

/** Cost of ProbeAuthenticator.authenticate for a cached HTTP Basic secret: 1 and 2 threads, 5 rounds. */
public class AuthCost {
    public static void main(String[] args) throws Exception {
        String header = "Basic " + Base64.getEncoder().encodeToString("1098:pass".getBytes(StandardCharsets.UTF_8));
        try (ProbeAuthenticator auth = ProbeAuthenticator.start(Path.of(args[0]), Duration.ZERO,
                TokenService.generated(Duration.ofMinutes(15), Clock.systemUTC()), Duration.ofMinutes(2))) {
            auth.authenticate(header);
            for (int round = 0; round < 5; round++) {
                for (int threads : new int[] {1, 2}) {
                    int n = 500_000;
                    Thread[] all = new Thread[threads];
                    long t0 = System.nanoTime();
                    for (int t = 0; t < threads; t++) {
                        all[t] = new Thread(() -> {
                            try {
                                for (int i = 0; i < n; i++) {
                                    auth.authenticate(header);
                                }
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                        });
                        all[t].start();
                    }
                    for (Thread t : all) {
                        t.join();
                    }
                    System.out.printf("round %d, %d thread(s): %.2f us per authentication (wall / calls per thread)%n",
                            round, threads, (System.nanoTime() - t0) / 1000.0 / n);
                }
            }
        }
    }
}
