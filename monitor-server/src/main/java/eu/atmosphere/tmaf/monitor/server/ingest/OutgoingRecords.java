package eu.atmosphere.tmaf.monitor.server.ingest;

import eu.atmosphere.tmaf.monitor.schema.CheckedDocument;
import eu.atmosphere.tmaf.monitor.server.kafka.OutgoingRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * One record per message of a valid document, each value the message's own bytes as the schema's
 * streaming pass found them ({@link CheckedDocument#messageBytes}): UTF-8, first byte {@code '{'}, last
 * byte {@code '}'}, no byte order mark, nothing re-serialised. A single message is the body without a UTF-8
 * byte order mark and the whitespace around the object (RFC 8259 lets a parser ignore a BOM; consumers
 * such as the knowledge-base loader's org.json fail on it); a batch item is its bytes from its {@code '{'}
 * to its {@code '}'}, whitespace inside it included.
 */
final class OutgoingRecords {

    private OutgoingRecords() {
    }

    static List<OutgoingRecord> of(CheckedDocument document) {
        List<OutgoingRecord> records = new ArrayList<>(document.size());
        for (int i = 0; i < document.size(); i++) {
            records.add(new OutgoingRecord(document.probeId(i), document.resourceId(i), document.messageBytes(i)));
        }
        return records;
    }
}
