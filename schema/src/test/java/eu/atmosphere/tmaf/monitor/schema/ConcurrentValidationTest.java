package eu.atmosphere.tmaf.monitor.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ConcurrentValidationTest {

    private static final int THREADS = 4;
    private static final int ROUNDS = 25;

    /** One validator, shared by threads that check the whole corpus's bytes in different orders. */
    @Test
    @Timeout(60)
    void sharedValidatorGivesTheSameResultsAsOneThread() throws Exception {
        MessageValidator validator = MessageValidator.create();
        Map<String, byte[]> corpus = new LinkedHashMap<>();
        Corpus.documents(Corpus.VALID).forEach(f -> corpus.put("valid/" + f, Corpus.read(Corpus.VALID, f)));
        Corpus.documents(Corpus.INVALID).forEach(f -> corpus.put("invalid/" + f, Corpus.read(Corpus.INVALID, f)));
        Map<String, List<Violation>> expected = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> document : corpus.entrySet()) {
            expected.put(document.getKey(), validator.check(document.getValue(), 10, 100).violations());
        }

        CountDownLatch start = new CountDownLatch(1);
        List<Callable<Map<String, List<Violation>>>> workers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            Random random = new Random(t);
            workers.add(() -> {
                start.await();
                Map<String, List<Violation>> seen = new LinkedHashMap<>();
                List<String> order = new ArrayList<>(corpus.keySet());
                for (int round = 0; round < ROUNDS; round++) {
                    Collections.shuffle(order, random);
                    for (String name : order) {
                        List<Violation> violations = validator.check(corpus.get(name), 10, 100).violations();
                        List<Violation> previous = seen.putIfAbsent(name, violations);
                        if (previous != null && !previous.equals(violations)) {
                            throw new AssertionError(name + ": " + previous + " then " + violations);
                        }
                    }
                }
                return seen;
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<Map<String, List<Violation>>>> results = new ArrayList<>();
            for (Callable<Map<String, List<Violation>>> worker : workers) {
                results.add(pool.submit(worker));
            }
            start.countDown();
            for (Future<Map<String, List<Violation>>> result : results) {
                assertEquals(expected, result.get(50, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
