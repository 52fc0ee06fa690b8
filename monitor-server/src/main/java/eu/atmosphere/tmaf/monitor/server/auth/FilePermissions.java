package eu.atmosphere.tmaf.monitor.server.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** Checks of who may read the files that hold secrets. */
public final class FilePermissions {

    /** Owner read and write only. */
    public static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private FilePermissions() {
    }

    /**
     * @param file a file holding secrets or hashes of them
     * @param what what it is, for the message
     * @throws IllegalStateException if every user of the machine may read it
     */
    public static void requireNotWorldReadable(Path file, String what) {
        if (worldReadable(file)) {
            throw new IllegalStateException("refusing the " + what + " " + file + ": it is readable by every user "
                    + "(mode " + mode(file) + "); run chmod o-rwx " + file
                    + " (in Kubernetes mount the Secret with defaultMode: 0440 or 0400)");
        }
    }

    /**
     * @param file a file
     * @return whether its POSIX permissions let every user read it ({@code false} where the file
     *         system has no POSIX permissions)
     */
    public static boolean worldReadable(Path file) {
        if (Files.getFileAttributeView(file, PosixFileAttributeView.class) == null) {
            return false;
        }
        try {
            return Files.getPosixFilePermissions(file).contains(PosixFilePermission.OTHERS_READ);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the permissions of " + file, e);
        }
    }

    private static String mode(Path file) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
        } catch (IOException e) {
            return "unknown";
        }
    }
}
