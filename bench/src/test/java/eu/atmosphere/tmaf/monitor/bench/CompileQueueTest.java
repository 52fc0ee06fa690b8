package eu.atmosphere.tmaf.monitor.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The warm-up's reading of {@code jcmd PID Compiler.queue}: queued methods only, not the pid or running compiles. */
class CompileQueueTest {

    @Test
    void countsQueuedMethodsOnly() {
        String listing = """
                3672:
                Current compiles:\s
                C2 CompilerThread0  12706       4       org.apache.kafka.common.record.internal.ByteBufferLogInputStream::nextBatch (109 bytes)

                C1 compile queue:
                Empty

                C2 compile queue:
                7590       4       jdk.internal.misc.Unsafe::putIntRelease (9 bytes)
                7603       4       java.util.ImmutableCollections$AbstractImmutableList::<init> (5 bytes)
                7862    b  4       org.glassfish.grizzly.nio.DefaultSelectionKeyHandler::getIOEvents (6 bytes)
                """;
        assertEquals(3, Processes.queuedCompilations(listing));
        assertEquals(0, Processes.queuedCompilations("3672:\nCurrent compiles: \n\nC1 compile queue:\nEmpty\n\nC2 compile queue:\nEmpty\n"));
    }
}
