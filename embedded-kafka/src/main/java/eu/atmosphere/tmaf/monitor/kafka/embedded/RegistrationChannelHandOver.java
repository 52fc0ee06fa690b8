package eu.atmosphere.tmaf.monitor.kafka.embedded;

import java.lang.reflect.Field;
import kafka.server.ControllerServer;
import kafka.server.KafkaRaftServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;

/**
 * Keeps Kafka 4.4's controller from closing one network client twice on a clean stop. Its
 * {@code ControllerServer.shutdown()} first closes the controller's registration manager, which shuts
 * down the {@code registration} channel manager it was given, and then shuts that channel manager down
 * itself again: the second close makes its {@code NetworkClient} log
 * {@code [NodeToControllerChannelManager id=1 name=registration] Attempting to close NetworkClient that has
 * already been closed} (WARN) every time. Handed over to the registration manager alone just before the
 * stop, the channel is closed once. Kafka holds the controller in a private field of
 * {@link KafkaRaftServer}, read here reflectively; if a later Kafka changes that, nothing is done (and
 * {@code EmbeddedKafkaBrokerTest} sees the warning again).
 *
 * <pre>{@code
 * RegistrationChannelHandOver.beforeShutdown(server);
 * server.shutdown();
 * }</pre>
 */
final class RegistrationChannelHandOver {

    private static final Logger LOG = LoggerFactory.getLogger(RegistrationChannelHandOver.class);

    private RegistrationChannelHandOver() {
    }

    /** @param server a running node, about to be shut down */
    static void beforeShutdown(KafkaRaftServer server) {
        try {
            Field field = KafkaRaftServer.class.getDeclaredField("controller");
            field.setAccessible(true);
            Option<?> controller = (Option<?>) field.get(server);
            if (controller.nonEmpty() && controller.get() instanceof ControllerServer c && c.registrationManager() != null) {
                c.registrationChannelManager_$eq(null);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("Kafka's controller is not where this Kafka version keeps it; its registration channel may be "
                    + "closed twice", e);
        }
    }
}
