package org.parley.client.store;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Compact binary fields of a store record: big-endian numbers, strings and byte strings as a signed
 * 32-bit length (-1 for null) and their (UTF-8) bytes. Binary rather than JSON because a profile of
 * 100,000 messages must load in a second or two, cold JIT included.
 */
final class RecordCodec {
    private RecordCodec() {}

    static final class Writer {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        private final DataOutputStream out = new DataOutputStream(bytes);

        Writer str(@Nullable String s) {
            return bin(s == null ? null : s.getBytes(StandardCharsets.UTF_8));
        }

        Writer bin(byte @Nullable [] b) {
            return write(
                    () -> {
                        if (b == null) {
                            out.writeInt(-1);
                        } else {
                            out.writeInt(b.length);
                            out.write(b);
                        }
                    });
        }

        Writer i64(long v) {
            return write(() -> out.writeLong(v));
        }

        Writer i32(int v) {
            return write(() -> out.writeInt(v));
        }

        Writer bool(boolean v) {
            return i32(v ? 1 : 0);
        }

        byte[] toBytes() {
            return bytes.toByteArray();
        }

        /** The stream writes to memory: an IOException here would be a bug, so it is unchecked. */
        private Writer write(Field field) {
            try {
                field.writeTo();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        private interface Field {
            void writeTo() throws IOException;
        }
    }

    /**
     * Reads fields back; any inconsistency is an {@link IllegalArgumentException} (a damaged
     * record).
     */
    static final class Reader {
        private final ByteBuffer buf;

        Reader(byte[] data) {
            this.buf = ByteBuffer.wrap(data);
        }

        @Nullable String str() {
            byte[] b = bin();
            return b == null ? null : new String(b, StandardCharsets.UTF_8);
        }

        byte @Nullable [] bin() {

            int len = i32();
            if (len == -1) {
                return null;
            }
            if (len < 0 || len > buf.remaining()) {
                throw new IllegalArgumentException("bad length " + len);
            }
            byte[] b = new byte[len];
            buf.get(b);
            return b;
        }

        long i64() {
            if (buf.remaining() < 8) {
                throw new IllegalArgumentException("truncated record");
            }
            return buf.getLong();
        }

        int i32() {
            if (buf.remaining() < 4) {
                throw new IllegalArgumentException("truncated record");
            }
            return buf.getInt();
        }

        boolean bool() {
            return i32() != 0;
        }
    }
}
