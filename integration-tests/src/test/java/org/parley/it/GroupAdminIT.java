package org.parley.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.parley.auth.AuthServer;
import org.parley.auth.AuthServerConfig;
import org.parley.client.GroupInfo;
import org.parley.crypto.GroupChain;
import org.parley.crypto.GroupState;
import org.parley.crypto.IdentityKeyPair;
import org.parley.crypto.primitives.Ed25519;
import org.parley.model.Addresses;
import org.parley.model.Envelope;
import org.parley.model.ErrorBody;
import org.parley.model.GroupChangeRequest;
import org.parley.model.GroupEntry;
import org.parley.model.GroupResponse;
import org.parley.model.Ids;
import org.parley.model.Json;
import org.parley.model.PublicKeys;
import org.parley.testing.Wait;
import org.parley.testing.stack.FourUsersOnAStack;
import org.parley.testing.stack.RawJms;
import org.parley.testing.stack.TestAccount;
import org.parley.testing.stack.TestClient;

/**
 * What the group API refuses and what clients refuse to believe, on a real stack: a member who is
 * not the admin cannot add, remove, rename, transfer or delete (403, nothing changes); the member
 * limit holds (and 256 members work where configured); and a member row put straight into the
 * database, with no admin signature behind it, is ignored by every client.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class GroupAdminIT extends FourUsersOnAStack {

    @TempDir static Path tmp;

    static final HttpClient HTTP = HttpClient.newHttpClient();

    record Reply(int status, String body) {
        ErrorBody error() {
            return Json.parse(body, ErrorBody.class);
        }

        GroupResponse group() {
            return Json.parse(body, GroupResponse.class);
        }
    }

    static Reply call(URI server, String token, String method, String path, Object body)
            throws Exception {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(server + "/api/v1" + path))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json");
        b =
                body == null
                        ? b.method(method, HttpRequest.BodyPublishers.noBody())
                        : b.method(
                                method,
                                HttpRequest.BodyPublishers.ofString(
                                        Json.write(body), StandardCharsets.UTF_8));
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).contains("json"));
        return new Reply(r.statusCode(), r.body());
    }

    static PublicKeys keysOf(String user) {
        return switch (user) {
            case "alice" -> alice.publicKeys();
            case "bob" -> bob.publicKeys();
            case "carol" -> carol.publicKeys();
            case "dave" -> dave.publicKeys();
            default -> null;
        };
    }

    /** An entry built and signed by hand, bypassing the client-side rules. */
    static GroupEntry signedBy(
            IdentityKeyPair keys,
            GroupState s,
            String action,
            String actor,
            String target,
            String name,
            List<String> members) {
        GroupEntry unsigned =
                new GroupEntry(
                        1,
                        s.id(),
                        s.epoch() + 1,
                        s.head(),
                        action,
                        actor,
                        target,
                        name,
                        s.admin(),
                        List.copyOf(new TreeSet<>(members)),
                        System.currentTimeMillis(),
                        null);
        return unsigned.withSig(Ed25519.sign(keys.signingPrivate(), unsigned.signingInput()));
    }

    /** A change by bob, who is a member but not the admin, signed with his own key. */
    static GroupEntry signedByBob(
            GroupState s, String action, String target, String name, List<String> members) {
        return signedBy(bob.identity(), s, action, "bob", target, name, members);
    }

    /**
     * alice's request to {@code server} to create the group {@code name} of her and {@code
     * members}.
     */
    static Reply aliceCreates(URI server, String token, String name, List<String> members)
            throws Exception {
        return call(
                server,
                token,
                "POST",
                "/groups",
                new GroupChangeRequest(genesis(alice, name, members)));
    }

    /** {@code entry} posted to {@code server} as the group's next change ({@code action}). */
    static Reply postChange(
            URI server, String token, String groupId, String action, GroupEntry entry)
            throws Exception {
        return call(
                server,
                token,
                "POST",
                "/groups/" + groupId + "/" + action,
                new GroupChangeRequest(entry));
    }

    static GroupEntry genesis(TestAccount creator, String name, List<String> members) {
        return GroupChain.create(
                creator.identity(),
                Ids.newId(),
                creator.username(),
                name,
                members,
                System.currentTimeMillis());
    }

    @Test
    void aMemberWhoIsNotTheAdminIsRefusedEveryAdminChangeAndNothingChanges() throws Exception {
        URI auth = stack.authUri();
        Reply created = aliceCreates(auth, alice.token(auth), "Book club", List.of("bob", "carol"));
        assertThat(created.status()).isEqualTo(201);
        String id = created.group().id();
        String bobsToken = bob.token(auth);
        GroupResponse before = call(auth, bobsToken, "GET", "/groups/" + id, null).group();
        GroupState s = GroupChain.verify(id, before.log(), GroupAdminIT::keysOf);

        List<String> withDave = new ArrayList<>(s.members());
        withDave.add("dave");
        List<String> withoutCarol = new ArrayList<>(s.members());
        withoutCarol.remove("carol");
        Map<String, GroupEntry> attempts =
                Map.of(
                        "add", signedByBob(s, "add", "dave", s.name(), withDave),
                        "remove", signedByBob(s, "remove", "carol", s.name(), withoutCarol),
                        "rename", signedByBob(s, "rename", null, "Bob's club", s.members()),
                        "delete", signedByBob(s, "delete", null, s.name(), s.members()),
                        "transfer", signedByBob(s, "transfer", "bob", s.name(), s.members()));
        for (Map.Entry<String, GroupEntry> attempt : attempts.entrySet()) {
            Reply r = postChange(auth, bobsToken, id, attempt.getKey(), attempt.getValue());
            assertThat(r.status()).as("bob's %s", attempt.getKey()).isEqualTo(403);
            assertThat(r.error().error()).isEqualTo("not_group_admin");
            assertThat(r.error().message()).contains("admin (alice)");
        }
        // The same through bob's client: refused before anything is sent, with a readable reason.
        try (TestClient bobs = TestClient.login(tmp.resolve("bob-refused"), auth, bob)) {
            assertThat(bobs.session.groups().add(id, "dave"))
                    .failsWithin(Wait.LONG)
                    .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                    .withMessageContaining("Only the group's admin (alice) may add members");
        }
        GroupResponse after = call(auth, alice.token(auth), "GET", "/groups/" + id, null).group();
        assertThat(after.epoch()).isEqualTo(before.epoch());
        assertThat(after.members()).containsExactly("alice", "bob", "carol");
        assertThat(after.name()).isEqualTo("Book club");
        assertThat(after.admin()).isEqualTo("alice");
        assertThat(after.log()).hasSameSizeAs(before.log());

        // A forged "alice adds dave" signed by bob's key is refused too: the signature is checked.
        GroupEntry forged = signedBy(bob.identity(), s, "add", "alice", "dave", s.name(), withDave);
        Reply r = postChange(auth, alice.token(auth), id, "add", forged);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.error().error()).isEqualTo("invalid_group_change");
        // Outsiders see nothing.
        assertThat(call(auth, dave.token(auth), "GET", "/groups/" + id, null).status())
                .isEqualTo(404);
        // Malformed bodies and ids are 4xx, never 500.
        assertThat(
                        call(
                                        auth,
                                        bobsToken,
                                        "POST",
                                        "/groups/" + id + "/add",
                                        Map.of("entry", "nonsense"))
                                .status())
                .isEqualTo(400);
        assertThat(call(auth, bobsToken, "GET", "/groups/not-a-group", null).status())
                .isEqualTo(404);
    }

    @Test
    void theMemberLimitIsEnforcedAndTwoHundredFiftySixMembersWorkWhereConfigured()
            throws Exception {
        // 252 more accounts, straight into the table: the group API only needs them to exist.
        List<String> crowd = new ArrayList<>(List.of("bob", "carol", "dave"));
        SecureRandom random = new SecureRandom();
        try (Connection c = stack.stack.database().dataSource().getConnection();
                PreparedStatement s =
                        c.prepareStatement(
                                """
                        INSERT INTO accounts (username, auth_hash, signing_public, agreement_public, wrapped_keys,
                                              kdf_salt, kdf_m, kdf_t, kdf_p)
                        VALUES (?, 'unused', ?, ?, ?, ?, 65536, 3, 1)""")) {
            for (int i = 0; i < 252; i++) {
                IdentityKeyPair k = IdentityKeyPair.generate(random);
                String name = "crowd" + i;
                s.setString(1, name);
                s.setBytes(2, k.signingPublic());
                s.setBytes(3, k.agreementPublic());
                s.setBytes(4, new byte[] {1});
                s.setBytes(5, new byte[16]);
                s.addBatch();
                crowd.add(name);
            }
            s.executeBatch();
        }
        URI auth = stack.authUri();
        // The stack's server has the default limit of 20.
        Reply tooBig = aliceCreates(auth, alice.token(auth), "Crowd", crowd);
        assertThat(tooBig.status()).isEqualTo(409);
        assertThat(tooBig.error().error()).isEqualTo("group_full");
        assertThat(tooBig.error().message()).contains("20");

        try (AuthServer small = authServer("small", 3);
                AuthServer large = authServer("large", 256)) {
            URI smallUri = small.uri();
            String token = alice.token(smallUri);
            assertThat(
                            aliceCreates(smallUri, token, "Four", List.of("bob", "carol", "dave"))
                                    .error()
                                    .error())
                    .isEqualTo("group_full");
            Reply three = aliceCreates(smallUri, token, "Three", List.of("bob", "carol"));
            assertThat(three.status()).isEqualTo(201);
            GroupResponse g = three.group();
            GroupState s = GroupChain.verify(g.id(), g.log(), GroupAdminIT::keysOf);
            List<String> four = new ArrayList<>(s.members());
            four.add("dave");
            Reply add =
                    postChange(
                            smallUri,
                            token,
                            g.id(),
                            "add",
                            signedBy(alice.identity(), s, "add", "alice", "dave", s.name(), four));
            assertThat(add.status()).isEqualTo(409);
            assertThat(add.error().error()).isEqualTo("group_full");
            assertThat(call(smallUri, token, "GET", "/groups/" + g.id(), null).group().members())
                    .containsExactly("alice", "bob", "carol");

            URI largeUri = large.uri();
            Reply big = aliceCreates(largeUri, alice.token(largeUri), "Crowd", crowd);
            assertThat(big.status()).isEqualTo(201);
            assertThat(big.group().members()).hasSize(256);
        }
    }

    private static AuthServer authServer(String name, int memberLimit) {
        AuthServerConfig config =
                AuthServerConfig.fromSettings(
                        Map.of(
                                AuthServerConfig.DATA_DIR, tmp.resolve("auth-" + name).toString(),
                                AuthServerConfig.PORT, "0",
                                AuthServerConfig.GROUP_MEMBER_LIMIT,
                                        Integer.toString(memberLimit)));
        return new AuthServer(config, stack.stack.database(), Clock.systemUTC()).start();
    }

    @Test
    void aMemberRowInjectedIntoTheDatabaseWithoutAnAdminSignatureIsIgnoredByClients()
            throws Exception {
        URI auth = stack.authUri();
        String id;
        try (TestClient alices = TestClient.login(tmp.resolve("alice-inject"), auth, alice)) {
            id = createGroupOfThree(alices, "Private").id();

            // The server (or whoever owns its database) slips dave in.
            try (Connection c = stack.stack.database().dataSource().getConnection();
                    PreparedStatement s =
                            c.prepareStatement(
                                    "INSERT INTO group_members (group_id, username) VALUES (?, 'dave')")) {
                s.setString(1, id);
                assertThat(s.executeUpdate()).isEqualTo(1);
            }
            assertThat(
                            call(auth, alice.token(auth), "GET", "/groups/" + id, null)
                                    .group()
                                    .members())
                    .as("the server now claims dave is a member")
                    .contains("dave");

            GroupInfo seenByAlice = TestClient.await(alices.session.groups().refresh(id));
            assertThat(seenByAlice.members()).containsExactly("alice", "bob", "carol");
            assertThat(seenByAlice.unverifiedMembers()).containsExactly("dave");

            String msgId =
                    TestClient.await(alices.session.groups().sendText(id, "for the three of us"))
                            .id();
            // SENT means every recipient's inbox has it: bob's copy is sealed for bob and carol
            // only.
            Envelope envelope = Envelope.parse(takeFromInbox(bob, msgId));
            assertThat(envelope.keys().keySet()).containsExactly("bob", "carol");
            assertThatNoMailFor("dave");
        }
        try (TestClient daves = TestClient.login(tmp.resolve("dave-inject"), auth, dave)) {
            assertThat(TestClient.await(daves.session.groups().list()))
                    .extracting(GroupInfo::id)
                    .doesNotContain(id);
            assertThat(daves.session.groups().history(id)).isEmpty();
        }
    }

    private static void assertThatNoMailFor(String user) {
        assertThat(stack.inboxCount(0, user) + stack.inboxCount(1, user))
                .as("messages in %s's inbox", user)
                .isZero();
    }

    private static byte[] takeFromInbox(TestAccount account, String id) throws Exception {
        String user = account.username();
        int node =
                Wait.until(
                        Wait.LONG,
                        "the envelope in " + user + "'s inbox",
                        () ->
                                stack.inboxCount(0, user) > 0
                                        ? 0
                                        : stack.inboxCount(1, user) > 0 ? 1 : -1,
                        n -> n >= 0);
        try (RawJms tool = RawJms.connect(stack.url(node), user, account.token(stack.authUri()))) {
            Session session = tool.session();
            MessageConsumer consumer =
                    session.createConsumer(session.createQueue(Addresses.inbox(user)));
            Message m = consumer.receive(Wait.LONG.toMillis());
            assertThat(m).isNotNull();
            byte[] body = RawJms.body(m);
            assertThat(Envelope.parse(body).header().id()).isEqualTo(id);
            return body;
        }
    }
}
