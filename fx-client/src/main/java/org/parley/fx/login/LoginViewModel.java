package org.parley.fx.login;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.parley.client.ProgressListener;
import org.parley.client.Session;
import org.parley.client.exceptions.ParleyException;
import org.parley.client.session.ParleyClient;
import org.parley.fx.common.ActiveSession;
import org.parley.fx.common.Async;
import org.parley.fx.common.ErrorMessages;
import org.parley.fx.common.SessionEventRelay;

/**
 * Sign-up and log-in. The key derivation, the HTTP calls and opening the local store all run inside
 * client-core's futures; this only starts them and shows their progress and outcome.
 */
public final class LoginViewModel {
    /** The auth server of {@code parley-server stack} on this machine. */
    public static final String DEFAULT_SERVER = "http://127.0.0.1:8080";

    private final ParleyClient client;
    private final Async async;
    private final Consumer<ActiveSession> onLoggedIn;

    private final ObjectProperty<LoginMode> mode = new SimpleObjectProperty<>(LoginMode.LOG_IN);
    private final StringProperty server = new SimpleStringProperty(DEFAULT_SERVER);
    private final StringProperty username = new SimpleStringProperty("");
    private final StringProperty password = new SimpleStringProperty("");
    private final StringProperty confirmation = new SimpleStringProperty("");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyStringWrapper progressText = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<PasswordStrength> strength =
            new ReadOnlyObjectWrapper<>(PasswordStrength.EMPTY);
    private final ReadOnlyStringWrapper passwordHint = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper confirmationHint = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper canSubmit = new ReadOnlyBooleanWrapper(false);

    /**
     * Whether the user typed into these before the remembered values arrived (then they are kept).
     */
    private boolean serverTouched;

    private boolean usernameTouched;

    public LoginViewModel(ParleyClient client, Async async, Consumer<ActiveSession> onLoggedIn) {
        this.client = Objects.requireNonNull(client);
        this.async = Objects.requireNonNull(async);
        this.onLoggedIn = Objects.requireNonNull(onLoggedIn);

        strength.bind(
                Bindings.createObjectBinding(
                        () -> PasswordStrength.of(password.get(), ParleyClient.MIN_PASSWORD_LENGTH),
                        password));
        passwordHint.bind(
                Bindings.createStringBinding(
                        () -> {
                            if (mode.get() != LoginMode.SIGN_UP) {
                                return "";
                            }
                            int length = password.get().length();
                            if (length < ParleyClient.MIN_PASSWORD_LENGTH) {
                                return "At least "
                                        + ParleyClient.MIN_PASSWORD_LENGTH
                                        + " characters.";
                            }
                            return strength.get() == PasswordStrength.WEAK
                                    ? "Easy to guess: add words, digits or symbols."
                                    : "";
                        },
                        mode,
                        password,
                        strength));
        confirmationHint.bind(
                Bindings.createStringBinding(
                        () ->
                                mode.get() == LoginMode.SIGN_UP
                                                && !confirmation.get().isEmpty()
                                                && !confirmation.get().equals(password.get())
                                        ? "The passwords do not match."
                                        : "",
                        mode,
                        password,
                        confirmation));
        BooleanBinding complete =
                Bindings.createBooleanBinding(
                        () -> {
                            if (busy.get()
                                    || username.get().isBlank()
                                    || password.get().isEmpty()
                                    || server.get().isBlank()) {
                                return false;
                            }
                            if (mode.get() == LoginMode.SIGN_UP) {
                                return password.get().length() >= ParleyClient.MIN_PASSWORD_LENGTH
                                        && password.get().equals(confirmation.get());
                            }
                            return true;
                        },
                        busy,
                        username,
                        password,
                        confirmation,
                        server,
                        mode);
        canSubmit.bind(complete);
        mode.addListener((obs, old, now) -> error.set(""));
    }

    /** Pre-fills the last server and username used on this machine (read off the UI thread). */
    public void loadRemembered() {
        async.supply(
                () ->
                        new Remembered(
                                client.clientProperties().lastServer(),
                                client.clientProperties().lastUsername()),
                remembered -> {
                    if (!serverTouched) {
                        remembered.server().ifPresent(s -> server.set(s.toString()));
                    }
                    if (!usernameTouched) {
                        remembered.username().ifPresent(username::set);
                    }
                    serverTouched = false;
                    usernameTouched = false;
                },
                e -> {});
    }

    private record Remembered(Optional<URI> server, Optional<String> username) {}

    /** Starts logging in or signing up; returns at once. */
    public void submit() {
        if (!canSubmit.get()) {
            return;
        }
        URI serverUri;
        try {
            serverUri = parseServer(server.get());
        } catch (IllegalArgumentException e) {
            error.set(e.getMessage());
            return;
        }
        error.set("");
        progress.set(0);
        progressText.set(
                mode.get() == LoginMode.SIGN_UP
                        ? "Creating your keys…"
                        : ProgressListener.CONTACTING_SERVER);
        busy.set(true);
        SessionEventRelay relay = new SessionEventRelay(async.ui());
        ProgressListener listener =
                (stage, fraction) ->
                        async.onUi(
                                () -> {
                                    if (busy.get()) {
                                        progressText.set(stage);
                                        progress.set(Math.max(progress.get(), fraction));
                                    }
                                });
        char[] secret = password.get().toCharArray();
        CompletableFuture<Session> started;
        try {
            started =
                    mode.get() == LoginMode.SIGN_UP
                            ? client.signup(serverUri, username.get(), secret, listener, relay)
                            : client.login(serverUri, username.get(), secret, listener, relay);
        } catch (RuntimeException e) {
            started = CompletableFuture.failedFuture(e);
        } finally {
            Arrays.fill(secret, '\0'); // client-core took its own copy
        }
        async.await(
                started,
                session -> {
                    busy.set(false);
                    password.set("");
                    confirmation.set("");
                    onLoggedIn.accept(new ActiveSession(session, relay));
                },
                this::failed);
    }

    private void failed(ParleyException e) {
        busy.set(false);
        progress.set(0);
        progressText.set("");
        error.set(ErrorMessages.of(e));
    }

    /** {@code host:port} or a full URL; no scheme means http. */
    static URI parseServer(String text) {
        String s = text == null ? "" : text.trim();
        if (!s.contains("://")) {
            s = "http://" + s;
        }
        try {
            URI uri = new URI(s);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (uri.getHost() == null || !(scheme.equals("http") || scheme.equals("https"))) {
                throw new URISyntaxException(s, "no host");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(
                    "The server address must look like " + DEFAULT_SERVER + ".");
        }
    }

    /** Call when the user edits the server field, so a late pre-fill does not overwrite it. */
    public void serverEdited() {
        serverTouched = true;
    }

    /** Call when the user edits the username field, so a late pre-fill does not overwrite it. */
    public void usernameEdited() {
        usernameTouched = true;
    }

    public ObjectProperty<LoginMode> modeProperty() {
        return mode;
    }

    public StringProperty serverProperty() {
        return server;
    }

    public StringProperty usernameProperty() {
        return username;
    }

    public StringProperty passwordProperty() {
        return password;
    }

    public StringProperty confirmationProperty() {
        return confirmation;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty progressTextProperty() {
        return progressText.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<PasswordStrength> strengthProperty() {
        return strength.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty passwordHintProperty() {
        return passwordHint.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty confirmationHintProperty() {
        return confirmationHint.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canSubmitProperty() {
        return canSubmit.getReadOnlyProperty();
    }
}
