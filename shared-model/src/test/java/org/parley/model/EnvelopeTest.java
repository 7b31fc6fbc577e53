package org.parley.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.parley.crypto.primitives.CryptoException;

class EnvelopeTest {

    private static final String ID = "0123456789abcdef0123456789abcdef";
    private static final String GROUP = "fedcba9876543210fedcba9876543210";
    private static final String CT = Base64.getEncoder().encodeToString(new byte[40]);
    private static final String SIG = Base64.getEncoder().encodeToString(new byte[64]);
    private static final String KEY = Base64.getEncoder().encodeToString(new byte[60]);

    @Test
    void aadIsExactlyAsDocumented() {
        EnvelopeHeader direct =
                new EnvelopeHeader(1, ID, "alice", "bob", null, 1795000000123L, "text");
        assertThat(new String(direct.aad(), StandardCharsets.UTF_8))
                .isEqualTo("parley/v1/env|1|" + ID + "|alice|bob||1795000000123|text");
        EnvelopeHeader group = new EnvelopeHeader(1, ID, "alice", null, GROUP, 5, "receipt");
        assertThat(new String(group.aad(), StandardCharsets.UTF_8))
                .isEqualTo("parley/v1/env|1|" + ID + "|alice||" + GROUP + "|5|receipt");
    }

    @Test
    void directEnvelopeParsesFromTheDocumentedJson() throws CryptoException {
        String json =
                "{\"header\": {\"v\":1, \"id\":\""
                        + ID
                        + "\", \"from\":\"alice\", \"to\":\"bob\", \"group\":null,"
                        + " \"ts\":1795000000123, \"type\":\"text\"}, \"ct\": \""
                        + CT
                        + "\", \"sig\": null, \"keys\": null}";
        Envelope envelope = Envelope.parse(json.getBytes(StandardCharsets.UTF_8));
        assertThat(envelope.header())
                .isEqualTo(new EnvelopeHeader(1, ID, "alice", "bob", null, 1795000000123L, "text"));
        assertThat(envelope.ct()).hasSize(40);
        assertThat(Envelope.parse(envelope.toBytes())).isEqualTo(envelope);
        assertThat(envelope.toJson()).doesNotContain("null");
    }

    @Test
    void groupEnvelopeParsesAndListsMembersInOrder() throws CryptoException {
        String json = group("{\"zed\":\"" + KEY + "\",\"bob\":\"" + KEY + "\"}", SIG);
        Envelope envelope = Envelope.parse(json.getBytes(StandardCharsets.UTF_8));
        assertThat(envelope.keys().keySet()).containsExactly("bob", "zed");
        assertThat(envelope.toJson()).contains("\"keys\":{\"bob\":");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "{}",
                "null",
                "[]",
                "{\"header\":null,\"ct\":\"AAAA\"}",
                // unknown version, bad id, bad names, both or neither of to/group, bad type,
                // negative ts
                "{\"header\":{\"v\":2,\"id\":\""
                        + ID
                        + "\",\"from\":\"alice\",\"to\":\"bob\",\"ts\":1,\"type\":\"text\"},\"ct\":\""
                        + "%CT%\"}",
                "{\"header\":{\"v\":1,\"id\":\""
                        + ID
                        + "0\",\"from\":\"alice\",\"to\":\"bob\",\"ts\":1,\"type\":\"text\"},\"ct\":\"%CT%\"}",
                "{\"header\":{\"v\":1,\"id\":\""
                        + ID
                        + "\",\"from\":\"Alice\",\"to\":\"bob\",\"ts\":1,\"type\":\"text\"},\"ct\":\"%CT%\"}",
                "{\"header\":{\"v\":1,\"id\":\""
                        + ID
                        + "\",\"from\":\"alice\",\"to\":\"bob|x\",\"ts\":1,\"type\":\"text\"},\"ct\":\"%CT%\"}",
                "{\"header\":{\"v\":1,\"id\":\""
                        + ID
                        + "\",\"from\":\"alice\",\"ts\":1,\"type\":\"text\"},\"ct\":\"%CT%\"}",
                "{\"header\":{\"v\":1,\"id\":\""
                        + ID
                        + "\",\"from\":\"alice\",\"to\":\"bob\",\"group\":\""
                        + GROUP
                        + "\",\"ts\":1,\"type\":\"text\"},\"ct\":\"%CT%\"}",
                "{\"header\":{\"v\":1,\"id\":\""
                        + ID
                        + "\",\"from\":\"alice\",\"group\":\"xyz\",\"ts\":1,\"type\":\"text\"},\"ct\":\"%CT%\"}",
                "{\"header\":{\"v\":1,\"id\":\""
                        + ID
                        + "\",\"from\":\"alice\",\"to\":\"bob\",\"ts\":1,\"type\":\"Text\"},\"ct\":\"%CT%\"}",
                "{\"header\":{\"v\":1,\"id\":\""
                        + ID
                        + "\",\"from\":\"alice\",\"to\":\"bob\",\"ts\":-1,\"type\":\"text\"},\"ct\":\"%CT%\"}",
                "{\"header\":{\"v\":1,\"id\":\""
                        + ID
                        + "\",\"from\":\"alice\",\"to\":\"bob\",\"ts\":1,\"type\":\"t|x\"},\"ct\":\"%CT%\"}",
                // ciphertext missing or shorter than nonce + tag
                "{\"header\":{\"v\":1,\"id\":\""
                        + ID
                        + "\",\"from\":\"alice\",\"to\":\"bob\",\"ts\":1,\"type\":\"text\"}}",
                "{\"header\":{\"v\":1,\"id\":\""
                        + ID
                        + "\",\"from\":\"alice\",\"to\":\"bob\",\"ts\":1,\"type\":\"text\"},\"ct\":\"AAAA\"}",
                // a direct message with a signature
                "{\"header\":{\"v\":1,\"id\":\""
                        + ID
                        + "\",\"from\":\"alice\",\"to\":\"bob\",\"ts\":1,\"type\":\"text\"},\"ct\":\"%CT%\",\"sig\":\"%SIG%\"}",
                // duplicate member key
                "{\"header\":{\"v\":1,\"id\":\""
                        + ID
                        + "\",\"from\":\"alice\",\"group\":\""
                        + GROUP
                        + "\",\"ts\":1,\"type\":\"text\"},\"ct\":\"%CT%\",\"sig\":\"%SIG%\",\"keys\":{\"bob\":\"%KEY%\",\"bob\":\"%KEY%\"}}",
            })
    void malformedEnvelopesAreRejected(String template) {
        String json = template.replace("%CT%", CT).replace("%SIG%", SIG).replace("%KEY%", KEY);
        assertThatThrownBy(() -> Envelope.parse(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(CryptoException.class);
    }

    @Test
    void malformedGroupPartsAreRejected() {
        for (String json :
                new String[] {
                    group(null, SIG),
                    group("{}", SIG),
                    group("{\"bob\":\"" + KEY + "\"}", null),
                    group(
                            "{\"bob\":\"" + KEY + "\"}",
                            Base64.getEncoder().encodeToString(new byte[65])),
                    group("{\"bob\":\"" + CT + "\"}", SIG),
                    group("{\"Bob\":\"" + KEY + "\"}", SIG),
                    group("{\"bob\":null}", SIG)
                }) {
            assertThatThrownBy(() -> Envelope.parse(json.getBytes(StandardCharsets.UTF_8)))
                    .as(json)
                    .isInstanceOf(CryptoException.class);
        }
    }

    @Test
    void oversizedOrNonUtf8InputIsRejected() {
        assertThatThrownBy(() -> Envelope.parse(new byte[Envelope.MAX_BYTES + 1]))
                .isInstanceOf(CryptoException.class)
                .hasMessageContaining("8 MiB");
        assertThatThrownBy(() -> Envelope.parse(new byte[] {'{', (byte) 0xc3, '}'}))
                .isInstanceOf(CryptoException.class)
                .hasMessageContaining("UTF-8");
        assertThatThrownBy(() -> Envelope.parse(null)).isInstanceOf(CryptoException.class);
    }

    @Test
    void deeplyNestedInputIsRejectedWithoutExhaustingTheStack() {
        String json = "{\"x\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
        assertThatThrownBy(() -> Envelope.parse(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(CryptoException.class);
    }

    @Test
    void fromJsonReportsMalformedJsonAsIllegalArgument() {
        assertThatThrownBy(() -> Envelope.fromJson("{\"header\":"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void equalityIsByContent() {
        EnvelopeHeader header = EnvelopeHeader.group("alice", GROUP, 1, "text");
        Envelope a = new Envelope(header, new byte[30], new byte[64], Map.of("bob", new byte[60]));
        Envelope b = new Envelope(header, new byte[30], new byte[64], Map.of("bob", new byte[60]));
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a)
                .isNotEqualTo(
                        new Envelope(
                                header, new byte[31], new byte[64], Map.of("bob", new byte[60])));
        assertThat(a)
                .isNotEqualTo(
                        new Envelope(
                                header, new byte[30], new byte[64], Map.of("bob", new byte[59])));
    }

    private static String group(String keys, String sig) {
        return "{\"header\":{\"v\":1,\"id\":\""
                + ID
                + "\",\"from\":\"alice\",\"group\":\""
                + GROUP
                + "\",\"ts\":1,\"type\":\"text\"},\"ct\":\""
                + CT
                + "\""
                + (sig == null ? "" : ",\"sig\":\"" + sig + "\"")
                + (keys == null ? "" : ",\"keys\":" + keys)
                + "}";
    }
}
