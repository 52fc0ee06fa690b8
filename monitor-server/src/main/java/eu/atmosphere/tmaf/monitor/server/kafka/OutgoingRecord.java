package eu.atmosphere.tmaf.monitor.server.kafka;

/**
 * One valid message on its way to Kafka.
 *
 * @param probeId    the message's probeId
 * @param resourceId the record key (as an 8-byte big-endian long)
 * @param value      the message as UTF-8 JSON
 */
public record OutgoingRecord(long probeId, long resourceId, byte[] value) {
}
