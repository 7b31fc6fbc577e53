package org.parley.client.files;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * A file message as this device shows it: kept in the local profile with the message.
 *
 * @param name sanitized file name
 * @param size bytes
 * @param mime media type (well-formed or {@code application/octet-stream})
 * @param sha256 hex SHA-256 of the encrypted chunk stream, as verified
 * @param thumbnail a small JPEG preview for images, or null
 * @param localPath where the file is on this device: a received file, verified, under the profile;
 *     for a sent one, the file that was sent
 */
public record FileAttachment(
        String name,
        long size,
        String mime,
        String sha256,
        byte @Nullable [] thumbnail,
        String localPath) {

    public boolean isImage() {
        return mime != null && mime.startsWith("image/");
    }

    public Path path() {
        return Path.of(localPath);
    }

    /** "1.5 MiB", "200 KiB", "12 bytes". */
    public static String humanSize(long bytes) {
        if (bytes < 1024) {
            return bytes + (bytes == 1 ? " byte" : " bytes");
        }
        double v = bytes;
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        int u = -1;
        do {
            v /= 1024;
            u++;
        } while (v >= 1024 && u < units.length - 1);
        return (v >= 100
                        ? String.format(java.util.Locale.ROOT, "%.0f", v)
                        : String.format(java.util.Locale.ROOT, "%.1f", v))
                + " "
                + units[u];
    }
}
