package org.parley.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JsonTest {

    @Test
    void byteArraysTravelAsPaddedStandardBase64() {
        byte[] bytes = {(byte) 0xfb, (byte) 0xff, 0x01, 0x02};
        String json = Json.write(new LoginRequest("alice", bytes));
        assertThat(json).isEqualTo("{\"username\":\"alice\",\"authKey\":\"+/8BAg==\"}");
        assertThat(Json.parse(json, LoginRequest.class).authKey()).isEqualTo(bytes);
    }

    @Test
    void nullsAreOmittedAndHtmlIsNotEscaped() {
        assertThat(Json.write(new ErrorBody("bad", null))).isEqualTo("{\"error\":\"bad\"}");
        assertThat(Json.write(new ErrorBody("a<b>&'", "x")))
                .isEqualTo("{\"error\":\"a<b>&'\",\"message\":\"x\"}");
    }

    @Test
    void nestedRecordsRoundTrip() {
        PublicKeys keys = new PublicKeys(new byte[32], filled(32, 7));
        LoginResponse response =
                new LoginResponse(
                        "alice",
                        "tok",
                        1234L,
                        filled(93, 1),
                        keys,
                        filled(16, 2),
                        KdfParams.DEFAULT,
                        List.of("tcp://a:61616", "tcp://b:61617"),
                        null);
        LoginResponse back = Json.parse(Json.write(response), LoginResponse.class);
        assertThat(back.publicKeys()).isEqualTo(keys);
        assertThat(back.wrappedKeys()).isEqualTo(filled(93, 1));
        assertThat(back.salt()).isEqualTo(filled(16, 2));
        assertThat(back.kdf()).isEqualTo(KdfParams.DEFAULT);
        assertThat(back.brokers()).containsExactly("tcp://a:61616", "tcp://b:61617");
        assertThat(back.expiresAt()).isEqualTo(1234L);
    }

    /** Malformed JSON; and well-formed JSON whose authKey is not canonical padded base64. */
    static Stream<Arguments> unparseable() {
        Stream<String> malformed =
                Stream.of(
                        "",
                        "   ",
                        "null",
                        "{",
                        "{\"username\":",
                        "[1,2]",
                        "\"alice\"",
                        "{username:\"alice\"}",
                        "{'username':'alice'}",
                        "{\"username\":\"alice\"} trailing",
                        "{\"username\":\"alice\"}{}",
                        "{\"username\":\"alice\",}",
                        "/* c */ {\"username\":\"alice\"}",
                        "{\"username\":\"alice\" \"x\":1}");
        Stream<String> badBase64 =
                Stream.of(
                        "{\"username\":\"alice\",\"authKey\":\"not base64!\"}",
                        "{\"username\":\"alice\",\"authKey\":\"AAA\"}",
                        "{\"username\":\"alice\",\"authKey\":12345678}",
                        "{\"username\":\"alice\",\"authKey\":[1,2]}",
                        "{\"username\":\"alice\",\"authKey\":\"AA==AA==\"}",
                        // Unused low bits of the last character set (canonical: "+/8BAg==",
                        // "+/8BAgE=", "AA=="): the JDK decoder ignores them.
                        "{\"username\":\"alice\",\"authKey\":\"+/8BAh==\"}",
                        "{\"username\":\"alice\",\"authKey\":\"+/8BAgF=\"}",
                        "{\"username\":\"alice\",\"authKey\":\"AB==\"}");
        return Stream.concat(
                malformed.map(json -> arguments(PreloginRequest.class, json)),
                badBase64.map(json -> arguments(LoginRequest.class, json)));
    }

    @ParameterizedTest(name = "{0} from {1}")
    @MethodSource("unparseable")
    void malformedJsonOrBadBase64IsAnIllegalArgument(Class<?> type, String json) {
        assertThatThrownBy(() -> Json.parse(json, type))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void onlyTheCanonicalBase64SpellingIsAccepted() {
        for (int length = 0; length <= 4; length++) {
            byte[] bytes = filled(length, 0xa5);
            String json = Json.write(new LoginRequest("alice", bytes));
            assertThat(Json.parse(json, LoginRequest.class).authKey()).isEqualTo(bytes);
        }
        assertThat(
                        Json.parse(
                                        "{\"username\":\"alice\",\"authKey\":\"AQ==\"}",
                                        LoginRequest.class)
                                .authKey())
                .containsExactly(1);
        assertThatThrownBy(
                        () ->
                                Json.parse(
                                        "{\"username\":\"alice\",\"authKey\":\"AR==\"}",
                                        LoginRequest.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("canonical");
    }

    @Test
    void wrongFieldTypesAreAnIllegalArgument() {
        assertThatThrownBy(() -> Json.parse("{\"m\":\"lots\",\"t\":3,\"p\":1}", KdfParams.class))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Json.parse("{\"m\":1.5,\"t\":3,\"p\":1}", KdfParams.class))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Json.parse("{\"m\":99999999999,\"t\":3,\"p\":1}", KdfParams.class))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Json.parse(null, KdfParams.class))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void missingFieldsAreNullOrZeroForCallersToCheck() {
        SignupRequest request = Json.parse("{\"username\":\"alice\"}", SignupRequest.class);
        assertThat(request.username()).isEqualTo("alice");
        assertThat(request.salt()).isNull();
        assertThat(request.kdf()).isNull();
        assertThat(Json.parse("{}", KdfParams.class)).isEqualTo(new KdfParams(0, 0, 0));
    }

    @Test
    void unknownFieldsAreIgnored() {
        assertThat(
                        Json.parse(
                                        "{\"username\":\"alice\",\"extra\":{\"a\":[1]}}",
                                        PreloginRequest.class)
                                .username())
                .isEqualTo("alice");
    }

    private static byte[] filled(int length, int value) {
        byte[] bytes = new byte[length];
        java.util.Arrays.fill(bytes, (byte) value);
        return bytes;
    }
}
