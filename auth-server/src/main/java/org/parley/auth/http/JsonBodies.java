package org.parley.auth.http;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonSyntaxException;
import com.google.gson.Strictness;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import org.parley.model.Json;

/**
 * Request bodies to records in two steps, so the client learns which kind of mistake it made: not
 * JSON at all is {@code malformed_json}; JSON of the wrong shape or types is {@code
 * invalid_request}.
 */
final class JsonBodies {

    /**
     * The wire Gson, minus its coercions: plain Gson reads {@code true} or {@code 12} into a String
     * field and {@code "12"} into an int, so {@code {"username": true}} would sign up "true".
     */
    private static final Gson STRICT =
            Json.gson()
                    .newBuilder()
                    .registerTypeAdapter(
                            String.class,
                            new StrictAdapter<>(JsonToken.STRING, JsonReader::nextString))
                    .registerTypeAdapter(
                            int.class, new StrictAdapter<>(JsonToken.NUMBER, JsonReader::nextInt))
                    .registerTypeAdapter(
                            Integer.class,
                            new StrictAdapter<>(JsonToken.NUMBER, JsonReader::nextInt))
                    .registerTypeAdapter(
                            long.class, new StrictAdapter<>(JsonToken.NUMBER, JsonReader::nextLong))
                    .registerTypeAdapter(
                            Long.class, new StrictAdapter<>(JsonToken.NUMBER, JsonReader::nextLong))
                    .create();

    private JsonBodies() {}

    static <T> T parse(byte[] body, Class<T> type) {
        String text = decodeUtf8(body);
        JsonElement tree = parseStrict(text);
        if (!tree.isJsonObject()) {
            throw ApiException.invalidRequest("The request body must be a JSON object.");
        }
        try {
            // From the text, not the tree: the streaming reader refuses 1e100 or 2^32 + 1 for an
            // int,
            // where binding from a tree would silently truncate them.
            T value = STRICT.fromJson(text, type);
            if (value == null) {
                throw ApiException.invalidRequest("The request body must be a JSON object.");
            }
            return value;
        } catch (ApiException e) {
            throw e;
        } catch (RuntimeException e) {
            // Gson reports wrong types, bad base64 and record constructor checks in many shapes.
            throw ApiException.invalidRequest(
                    "A field of the request has the wrong type or format.");
        }
    }

    private static String decodeUtf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException e) {
            throw malformed();
        }
    }

    private static JsonElement parseStrict(String text) {
        if (text.isBlank()) {
            throw malformed();
        }
        try {
            JsonReader reader = new JsonReader(new StringReader(text));
            reader.setStrictness(Strictness.STRICT);
            JsonElement tree = JsonParser.parseReader(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw malformed();
            }
            return tree;
        } catch (JsonParseException | IOException | IllegalStateException e) {
            throw malformed();
        }
    }

    private interface Read<T> {
        T read(JsonReader in) throws IOException;
    }

    /** Reads a value only from a token of the expected kind (null stays null). */
    private static final class StrictAdapter<T> extends TypeAdapter<T> {
        private final JsonToken expected;
        private final Read<T> read;

        StrictAdapter(JsonToken expected, Read<T> read) {
            this.expected = expected;
            this.read = read;
        }

        @Override
        public @Nullable T read(JsonReader in) throws IOException {
            JsonToken token = in.peek();
            if (token == JsonToken.NULL) {
                in.nextNull();
                return null;
            }
            if (token != expected) {
                throw new JsonSyntaxException(
                        "Expected " + expected + " but was " + token + " at " + in.getPath());
            }
            return read.read(in);
        }

        @Override
        public void write(JsonWriter out, T value) {
            throw new UnsupportedOperationException("request bodies are only read");
        }
    }

    private static ApiException malformed() {
        return new ApiException(400, "malformed_json", "The request body is not valid JSON.");
    }
}
