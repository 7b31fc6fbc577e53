package org.parley.model;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonSyntaxException;
import com.google.gson.Strictness;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.util.Base64;
import java.util.Objects;

/**
 * The one Gson configuration used on the wire: byte arrays as canonical standard padded base64, no
 * HTML escaping, nulls omitted, and strict RFC 8259 parsing (no comments, unquoted names or
 * trailing data) so every party reads the same bytes the same way.
 */
public final class Json {

    private static final Gson GSON =
            new GsonBuilder()
                    .registerTypeAdapter(byte[].class, new Base64Adapter().nullSafe())
                    .disableHtmlEscaping()
                    .setStrictness(Strictness.STRICT)
                    .create();

    private Json() {}

    /** The shared, thread-safe instance. */
    public static Gson gson() {
        return GSON;
    }

    /**
     * Parses one JSON document into {@code type}.
     *
     * @throws IllegalArgumentException if the text is not well-formed JSON, a field has the wrong
     *     type, or the document is {@code null}/empty
     */
    public static <T> T parse(String json, Class<T> type) {
        Objects.requireNonNull(type, "type");
        if (json == null) {
            throw new IllegalArgumentException("The JSON text is missing.");
        }
        T value;
        try {
            value = GSON.fromJson(json, type);
        } catch (RuntimeException e) {
            // Gson reports syntax and type errors as several unchecked types; callers only
            // need to know the input was unusable.
            throw new IllegalArgumentException(
                    "The JSON is malformed or has a field of the wrong type: " + e.getMessage(), e);
        }
        if (value == null) {
            throw new IllegalArgumentException(
                    "The JSON text is empty or null; expected " + type.getSimpleName() + ".");
        }
        return value;
    }

    public static String write(Object value) {
        return GSON.toJson(value);
    }

    private static final class Base64Adapter extends TypeAdapter<byte[]> {
        private static final String BASE64_ALPHABET =
                "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

        @Override
        public void write(JsonWriter out, byte[] value) throws IOException {
            out.value(Base64.getEncoder().encodeToString(value));
        }

        @Override
        public byte[] read(JsonReader in) throws IOException {
            // nextString() would also accept a number; a byte string must be a JSON string.
            if (in.peek() != JsonToken.STRING) {
                throw new JsonSyntaxException(
                        "Expected a base64 string but was "
                                + in.peek()
                                + " at path "
                                + in.getPath());
            }
            String path = in.getPath();
            String text = in.nextString();
            if (text.length() % 4 != 0) {
                throw new JsonSyntaxException("Expected padded base64 at path " + path);
            }
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(text);
            } catch (IllegalArgumentException e) {
                throw new JsonSyntaxException("Invalid base64 at path " + path, e);
            }
            // The JDK decoder ignores the unused low bits of the last character before the padding,
            // so "AB==" and "AC==" would both read as the same byte: only the canonical spelling is
            // accepted, so a field has exactly one encoding and a flipped bit is never silently
            // ignored.
            if (!canonicalTail(text)) {
                throw new JsonSyntaxException("Non-canonical base64 at path " + path);
            }
            return bytes;
        }

        /**
         * The unused low bits before the padding are zero (checked without re-encoding the whole
         * value).
         */
        private static boolean canonicalTail(String text) {
            int n = text.length();
            if (n == 0 || text.charAt(n - 1) != '=') {
                return true;
            }
            boolean two = text.charAt(n - 2) == '=';
            int last = BASE64_ALPHABET.indexOf(text.charAt(two ? n - 3 : n - 2));
            return last >= 0 && (last & (two ? 0x0f : 0x03)) == 0;
        }
    }
}
