package org.parley.client.files;

import java.util.Optional;
import org.parley.client.StoredMessage;
import org.parley.model.Json;

/**
 * A file message is kept in the local profile like a text whose body is {@link #MARKER} followed by
 * the {@link FileAttachment} as JSON. The marker starts with a NUL character, which a text message
 * may not contain (client-core refuses it both ways), so a peer cannot forge a file card by sending
 * a text.
 */
public final class FileMessages {

    public static final String MARKER = "\u0000parley-file\u0000";

    private FileMessages() {}

    public static boolean isFileText(String text) {
        return text != null && text.startsWith(MARKER);
    }

    public static String encode(FileAttachment a) {
        return MARKER + Json.write(a);
    }

    /** The attachment of a stored file message, or empty for a text. */
    public static Optional<FileAttachment> attachment(StoredMessage m) {
        return m == null ? Optional.empty() : decode(m.text());
    }

    public static Optional<FileAttachment> decode(String text) {
        if (!isFileText(text)) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(
                    Json.parse(text.substring(MARKER.length()), FileAttachment.class));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** What a list of conversations shows for a message: the text, or "📎 name" for a file. */
    public static String preview(String text) {
        return decode(text).map(a -> "\uD83D\uDCCE " + a.name()).orElse(text);
    }
}
