/**
 * A real Apache Kafka broker (KRaft combined mode) run inside the JVM on 127.0.0.1: the monitor
 * server's embedded default when no external Kafka is configured, and the broker of every
 * module's tests.
 *
 * <ul>
 *   <li>{@link eu.atmosphere.tmaf.monitor.kafka.embedded.EmbeddedKafkaBroker}: one broker, data
 *       kept across restarts.</li>
 *   <li>{@link eu.atmosphere.tmaf.monitor.kafka.embedded.EmbeddedKafkaCluster}: several nodes on
 *       loopback for replication tests.</li>
 *   <li>{@link eu.atmosphere.tmaf.monitor.kafka.embedded.InProcessKafka}: what both do, for code that
 *       takes either.</li>
 *   <li>{@link eu.atmosphere.tmaf.monitor.kafka.embedded.KafkaBrokerExtension}: JUnit 5
 *       extension sharing one broker per test JVM.</li>
 *   <li>{@link eu.atmosphere.tmaf.monitor.kafka.embedded.TopicReader}: reads a topic's raw
 *       records from the beginning.</li>
 *   <li>{@link eu.atmosphere.tmaf.monitor.kafka.embedded.ServerProperties}: a node's configuration, for
 *       the same cluster run outside the JVM.</li>
 * </ul>
 *
 * This module depends on slf4j-api only; the application or test chooses the binding.
 */
package eu.atmosphere.tmaf.monitor.kafka.embedded;
