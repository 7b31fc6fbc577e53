package org.parley.client.files;

import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The sealed content of a message of type {@code file} (docs/PROTOCOL.md, "Files"): what a receiver
 * needs to check and decrypt the chunk stream that follows the envelope, and to show the file
 * before it is opened. It travels inside the envelope's ciphertext, so the servers never see the
 * key, the name or the thumbnail. Any envelope kind (1:1 or group) can carry it.
 *
 * @param name the sender's file name (sanitized by the receiver before use)
 * @param size plaintext bytes
 * @param mime media type, e.g. {@code image/png}
 * @param key 32-byte file key
 * @param sha256 SHA-256 of the chunk stream (ciphertext)
 * @param chunkSize plaintext bytes per chunk; must be 65536 in protocol v1
 * @param thumbnail a small JPEG preview for images, or null
 */
public record FileDescriptor(
        String name,
        long size,
        String mime,
        byte[] key,
        byte[] sha256,
        int chunkSize,
        byte @Nullable [] thumbnail) {

    public static final int MAX_THUMBNAIL_BYTES = 64 * 1024;
    public static final int MAX_NAME_CHARS = 1024;
    private static final Pattern MIME =
            Pattern.compile("[a-z0-9][a-z0-9!#$&^_.+-]{0,63}/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}");

    /** The media type if it is well-formed, else {@code application/octet-stream}. */
    public static String safeMime(@Nullable String mime) {
        if (mime == null) {
            return "application/octet-stream";
        }
        String m = mime.trim().toLowerCase(java.util.Locale.ROOT);
        return MIME.matcher(m).matches() ? m : "application/octet-stream";
    }
}
