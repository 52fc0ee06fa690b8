package eu.atmosphere.tmaf.monitor.server.auth;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a check whenever files may have changed: at once (after {@link #SETTLE} for the rest of a write to land)
 * when the directories that hold them report a change ({@code java.nio} {@link WatchService}: inotify on Linux),
 * and every {@code interval} in any case, for file systems that report nothing. A whole directory is watched, not
 * a name in it: a Kubernetes Secret volume updates its files by swapping the {@code ..data} symlink, so the event
 * names {@code ..data}, not the file, and the file (a symlink through {@code ..data}) reads the new content. The
 * check runs on one daemon thread; whatever it throws is logged and the watch goes on.
 *
 * <pre>{@code
 * try (FileChangeWatch watch = FileChangeWatch.start(List.of(credentials, tokenKeys), Duration.ofSeconds(10),
 *         authenticator::reloadIfChanged, "credentials-watch")) {
 *     ...
 * }
 * }</pre>
 */
final class FileChangeWatch implements AutoCloseable {

    /** How long after the first event of a burst the check runs: a write, a rename and a chmod are one change. */
    static final Duration SETTLE = Duration.ofMillis(50);

    private static final Logger LOG = LoggerFactory.getLogger(FileChangeWatch.class);

    private final WatchService service;
    private final Thread thread;

    private FileChangeWatch(WatchService service, Duration interval, Runnable check, String name) {
        this.service = service;
        this.thread = new Thread(() -> run(interval, check), name);
        thread.setDaemon(true);
    }

    /**
     * @param files    the files to watch
     * @param interval the longest time between two checks, positive
     * @param check    what to run (e.g. reload the files if their content changed)
     * @param name     the thread's name
     * @return the running watch
     */
    static FileChangeWatch start(Collection<Path> files, Duration interval, Runnable check, String name) {
        WatchService service = null;
        try {
            service = FileSystems.getDefault().newWatchService();
            for (Path directory : directories(files)) {
                directory.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
                        StandardWatchEventKinds.ENTRY_MODIFY);
            }
        } catch (IOException | UnsupportedOperationException e) {
            LOG.warn("no change notification for {} ({}): checking every {} s only", files, e.toString(),
                    interval.toSeconds());
            closeQuietly(service);
            service = null;
        }
        FileChangeWatch watch = new FileChangeWatch(service, interval, check, name);
        watch.thread.start();
        return watch;
    }

    /** @return each file's directory, and that of the file a symlink leads to (where it exists now) */
    private static Set<Path> directories(Collection<Path> files) {
        Set<Path> directories = new LinkedHashSet<>();
        for (Path file : files) {
            Path absolute = file.toAbsolutePath().normalize();
            directories.add(absolute.getParent());
            try {
                directories.add(absolute.toRealPath().getParent());
            } catch (IOException e) {
                LOG.debug("{} cannot be resolved now ({}); its directory is watched", file, e.toString());
            }
        }
        return directories;
    }

    private void run(Duration interval, Runnable check) {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                if (changeReported(interval)) {
                    Thread.sleep(SETTLE.toMillis());
                    drain();
                }
                runSafely(check);
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            LOG.debug("{} ends", Thread.currentThread().getName());
        }
    }

    /** @return whether a directory reported a change within {@code interval} (else the interval passed) */
    private boolean changeReported(Duration interval) throws InterruptedException {
        if (service == null) {
            Thread.sleep(interval.toMillis());
            return false;
        }
        WatchKey key = service.poll(interval.toMillis(), TimeUnit.MILLISECONDS);
        if (key == null) {
            return false;
        }
        key.pollEvents();
        key.reset();
        return true;
    }

    /** Takes the rest of a burst of events, so that it causes one check. */
    private void drain() {
        for (WatchKey key = service.poll(); key != null; key = service.poll()) {
            key.pollEvents();
            key.reset();
        }
    }

    private static void runSafely(Runnable check) {
        try {
            check.run();
        } catch (RuntimeException e) {
            // never rethrown: the watch must outlive a failed check
            LOG.error("checking the watched files failed", e);
        }
    }

    @Override
    public void close() {
        thread.interrupt();
        closeQuietly(service);
    }

    private static void closeQuietly(WatchService service) {
        if (service == null) {
            return;
        }
        try {
            service.close();
        } catch (IOException e) {
            LOG.debug("closing the watch service", e);
        }
    }
}
