package eu.atmosphere.tmaf.monitor.client;

import eu.atmosphere.tmaf.monitor.message.Data;
import eu.atmosphere.tmaf.monitor.message.Message;
import eu.atmosphere.tmaf.monitor.message.Observation;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A probe process for the kill test: sends messages {@code from..to-1} (resourceId = number) through a
 * spooling BackgroundClient, printing {@code sent <number> <messageId>} once {@code send} returned, then
 * stops with a drain and prints {@code stopped <everything delivered>}.
 *
 * <p>Arguments: monitor URL, spool directory, from, to.
 */
public final class SpoolingProbe {

    private SpoolingProbe() {
    }

    public static void main(String[] args) throws InterruptedException {
        ClientConfig config = ClientConfig.builder().endpoint(args[0]).probeId(42).spoolDirectory(Path.of(args[1]))
                .linger(Duration.ofMillis(20)).batchSize(200)
                .retryPolicy(new RetryPolicy(Duration.ofMillis(50), Duration.ofMillis(300), 2, 0.2, 1))
                .build();
        int from = Integer.parseInt(args[2]);
        int to = Integer.parseInt(args[3]);
        BackgroundClient client = new BackgroundClient(config);
        client.start();
        for (int i = from; i < to; i++) {
            Message message = client.createMessage();
            message.setResourceId(i);
            message.addData(new Data(Data.Type.MEASUREMENT, 1, new Observation(MonitorClient.nowSeconds(), i)));
            if (client.send(message) < 0) {
                throw new IllegalStateException("send refused message " + i);
            }
            System.out.println("sent " + i + " " + message.getMessageId());
            if (i % 10 == 0) {
                Thread.sleep(2);
            }
        }
        System.out.println("stopped " + client.stop(Duration.ofSeconds(60)));
    }
}
