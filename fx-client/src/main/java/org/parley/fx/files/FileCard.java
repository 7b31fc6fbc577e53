package org.parley.fx.files;

import org.jspecify.annotations.Nullable;

/**
 * A file message as the chat shows it: plain data handed from the chat's ViewModel to its cells.
 *
 * @param thumbnail a small JPEG for images, or null
 * @param path where the file is on this device (received: verified, under the profile)
 */
public record FileCard(
        String name,
        long size,
        String sizeLabel,
        @Nullable String mime,
        byte @Nullable [] thumbnail,
        String path) {

    public boolean isImage() {
        return mime != null && mime.startsWith("image/");
    }

    /** A short word for the type, e.g. "PDF", "PNG", "FILE". */
    public String typeLabel() {
        int dot = name.lastIndexOf('.');
        if (dot > 0 && name.length() - dot <= 6) {
            return name.substring(dot + 1).toUpperCase(java.util.Locale.ROOT);
        }
        return "FILE";
    }
}
