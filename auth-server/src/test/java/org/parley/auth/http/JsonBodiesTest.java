package org.parley.auth.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.parley.model.LoginRequest;
import org.parley.model.SignupRequest;

class JsonBodiesTest {

    @Test
    void aWellFormedObjectBecomesTheRecord() {
        LoginRequest request =
                JsonBodies.parse(
                        bytes("{\"username\":\"alice\",\"authKey\":\"AAEC\"}"), LoginRequest.class);

        assertThat(request.username()).isEqualTo("alice");
        assertThat(request.authKey()).containsExactly(0, 1, 2);
    }

    @Test
    void textThatIsNotJsonIsMalformed() {
        for (String body :
                new String[] {
                    "",
                    "   ",
                    "{",
                    "{\"username\":}",
                    "{'username':'a'}",
                    "{username:\"a\"}",
                    "{\"a\":1} trailing",
                    "{\"a\":1}{\"b\":2}",
                    "// comment\n{}",
                    "[".repeat(10_000),
                    "NaN"
                }) {
            assertCode(bytes(body), "malformed_json");
        }
    }

    @Test
    void bytesThatAreNotUtf8AreMalformed() {
        assertCode(
                new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'},
                "malformed_json");
    }

    @Test
    void jsonOfTheWrongShapeOrTypesIsAnInvalidRequest() {
        for (String body :
                new String[] {
                    "[]",
                    "\"alice\"",
                    "42",
                    "null",
                    "true",
                    "{\"username\":{\"a\":1}}",
                    "{\"username\":[\"alice\"]}",
                    "{\"authKey\":12}",
                    "{\"authKey\":\"!!not base64!!\"}",
                    "{\"authKey\":\"AAE\"}",
                    "{\"kdf\":{\"m\":\"lots\"}}",
                    "{\"kdf\":{\"m\":1e100}}",
                    "{\"kdf\":{\"m\":4295032832}}",
                    "{\"kdf\":{\"m\":1.5}}",
                    "{\"kdf\":[1,2,3]}",
                    "{\"publicKeys\":\"x\"}",
                    "{\"username\":true}",
                    "{\"username\":12345}",
                    "{\"kdf\":{\"m\":\"65536\",\"t\":3,\"p\":1}}"
                }) {
            assertCode(bytes(body), "invalid_request", SignupRequest.class);
        }
    }

    private static void assertCode(byte[] body, String code) {
        assertCode(body, code, LoginRequest.class);
    }

    private static void assertCode(byte[] body, String code, Class<?> type) {
        assertThat(catchThrowable(() -> JsonBodies.parse(body, type)))
                .as(new String(body, StandardCharsets.UTF_8))
                .isInstanceOfSatisfying(
                        ApiException.class,
                        e -> {
                            assertThat(e.status()).isEqualTo(400);
                            assertThat(e.error()).isEqualTo(code);
                        });
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
