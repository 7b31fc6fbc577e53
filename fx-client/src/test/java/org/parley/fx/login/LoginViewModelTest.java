package org.parley.fx.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.parley.client.session.ParleyClient;
import org.parley.fx.common.ActiveSession;
import org.parley.fx.testing.TestClients;

class LoginViewModelTest {
    @RegisterExtension final TestClients clients = new TestClients();
    private final List<ActiveSession> loggedIn = new ArrayList<>();

    @AfterEach
    void tearDown() {
        loggedIn.forEach(a -> clients.track(a.session()));
    }

    private LoginViewModel model(ParleyClient client) {
        LoginViewModel vm = new LoginViewModel(client, clients.async, loggedIn::add);
        vm.serverProperty().set(clients.server.uri().toString());
        return vm;
    }

    private void fill(LoginViewModel vm, LoginMode mode, String user, String password) {
        vm.modeProperty().set(mode);
        vm.usernameProperty().set(user);
        vm.passwordProperty().set(password);
        vm.confirmationProperty().set(password);
    }

    /** Signs {@code user} up through a new form and waits until the session is handed over. */
    private LoginViewModel signUp(ParleyClient client, String user) {
        LoginViewModel vm = model(client);
        fill(vm, LoginMode.SIGN_UP, user, "correct horse battery");
        vm.submit();
        clients.ui.runUntil(() -> !loggedIn.isEmpty(), "the sign-up");
        return vm;
    }

    @Test
    void signingUpLogsInAndClearsThePassword() {
        LoginViewModel vm = signUp(clients.client("alice"), "alice");

        assertThat(loggedIn.get(0).session().username()).isEqualTo("alice");
        assertThat(vm.passwordProperty().get()).isEmpty();
        assertThat(vm.busyProperty().get()).isFalse();
        assertThat(vm.errorProperty().get()).isEmpty();
    }

    @Test
    void wrongPasswordShowsAnErrorAndStaysLoggedOut() {
        ParleyClient client = clients.client("bob");
        signUp(client, "bob");
        loggedIn.get(0).session().close();

        LoginViewModel vm = model(client);
        fill(vm, LoginMode.LOG_IN, "bob", "not the password");
        vm.submit();
        clients.ui.runUntil(() -> !vm.busyProperty().get(), "the login attempt to finish");

        assertThat(vm.errorProperty().get()).isEqualTo("Wrong username or password.");
        assertThat(loggedIn).hasSize(1);
        assertThat(vm.passwordProperty().get()).isEqualTo("not the password");
    }

    @Test
    void loginRunsOffTheCallingThreadWhileTheServerIsSlow() throws Exception {
        LoginViewModel vm = model(clients.client("carol"));
        fill(vm, LoginMode.SIGN_UP, "carol", "correct horse battery");
        clients.server.holdRequests();

        // If any of the HTTP calls or the key derivation ran on the caller (the UI thread),
        // submit() could not return while the server holds every request.
        assertTimeoutPreemptively(Duration.ofSeconds(5), vm::submit);
        clients.ui.runPending();
        assertThat(vm.busyProperty().get()).isTrue();
        assertThat(vm.canSubmitProperty().get()).isFalse();
        assertThat(clients.server.awaitRequest(30)).as("the sign-up reached the server").isTrue();
        assertThat(loggedIn).isEmpty();

        clients.server.releaseRequests();
        clients.ui.runUntil(() -> !loggedIn.isEmpty(), "the login after the server answers");
        assertThat(vm.progressProperty().get()).isEqualTo(1.0);
    }

    @Test
    void serverDownSaysTheServerIsNotReachable() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        LoginViewModel vm = model(clients.client("dave"));
        fill(vm, LoginMode.LOG_IN, "dave", "whatever-password");
        vm.serverProperty().set("127.0.0.1:" + closedPort);

        vm.submit();
        clients.ui.runUntil(() -> !vm.errorProperty().get().isEmpty(), "an error");

        assertThat(vm.errorProperty().get()).contains("not reachable");
        assertThat(loggedIn).isEmpty();
    }

    @Test
    void anUnknownServerAndThrottlingGetTheirOwnMessages() {
        LoginViewModel vm = model(clients.client("gwen"));
        fill(vm, LoginMode.LOG_IN, "gwen", "whatever-password");
        vm.serverProperty().set("http://no-such-host.invalid:8080");
        vm.submit();
        clients.ui.runUntil(() -> !vm.busyProperty().get(), "the attempt to fail");
        assertThat(vm.errorProperty().get()).startsWith("Unknown server");

        clients.server.throttleLogins();
        vm.serverProperty().set(clients.server.uri().toString());
        vm.submit();
        clients.ui.runUntil(() -> !vm.busyProperty().get(), "the attempt to be refused");
        assertThat(vm.errorProperty().get())
                .isEqualTo("Too many attempts. Try again in 90 seconds.");
        assertThat(loggedIn).isEmpty();
    }

    @Test
    void signUpNeedsAMatchingConfirmationOfAtLeastEightCharacters() {
        LoginViewModel vm = model(clients.client("erin"));
        fill(vm, LoginMode.SIGN_UP, "erin", "short");
        assertThat(vm.canSubmitProperty().get()).isFalse();
        assertThat(vm.passwordHintProperty().get()).contains("At least 8");

        vm.passwordProperty().set("long enough password");
        vm.confirmationProperty().set("long enough passwort");
        assertThat(vm.canSubmitProperty().get()).isFalse();
        assertThat(vm.confirmationHintProperty().get()).isEqualTo("The passwords do not match.");

        vm.confirmationProperty().set("long enough password");
        assertThat(vm.canSubmitProperty().get()).isTrue();
        assertThat(vm.strengthProperty().get())
                .isIn(PasswordStrength.GOOD, PasswordStrength.STRONG);
    }

    @Test
    void remembersTheLastUsernameAndServerButNotThePassword() {
        ParleyClient client = clients.client("frank");
        signUp(client, "frank");

        LoginViewModel next = new LoginViewModel(client, clients.async, loggedIn::add);
        next.loadRemembered();
        clients.ui.runUntil(
                () -> "frank".equals(next.usernameProperty().get()), "the remembered username");

        assertThat(next.serverProperty().get()).isEqualTo(clients.server.uri().toString());
        assertThat(next.passwordProperty().get()).isEmpty();
    }

    @Test
    void serverAddressWithoutSchemeMeansHttp() {
        assertThat(LoginViewModel.parseServer("chat.example.org:8080").toString())
                .isEqualTo("http://chat.example.org:8080");
        assertThat(LoginViewModel.parseServer(" https://chat.example.org ").getScheme())
                .isEqualTo("https");
    }
}
