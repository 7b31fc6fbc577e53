package org.parley.fx.login;

import static org.parley.fx.common.Controls.messageLabel;
import static org.parley.fx.common.Controls.setShown;
import static org.parley.fx.common.Controls.showWhen;

import atlantafx.base.theme.Styles;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.parley.fx.about.AboutView;
import org.parley.fx.common.ThemeManager;

/** The sign-up / log-in screen: a centred card bound to a {@link LoginViewModel}. */
public final class LoginView extends StackPane {
    private Runnable onAbout = () -> {};
    private final LoginViewModel model;
    private final TextField username = new TextField();
    private final PasswordField password = new PasswordField();

    public LoginView(LoginViewModel model, ThemeManager themes) {
        this.model = model;
        getStyleClass().add("login-screen");
        setId("login-view");

        VBox card = new VBox(14);
        card.getStyleClass().add("login-card");
        card.setMaxWidth(400);
        card.setMaxHeight(Region.USE_PREF_SIZE);
        card.setPadding(new Insets(32, 36, 32, 36));

        FontIcon logo = new FontIcon(Material2AL.FORUM);
        logo.getStyleClass().add("login-logo");
        Label title = new Label("Parley");
        title.getStyleClass().add(Styles.TITLE_1);
        Label subtitle = new Label("End-to-end encrypted messaging");
        subtitle.getStyleClass().add(Styles.TEXT_MUTED);
        VBox header = new VBox(4, logo, title, subtitle);
        header.setAlignment(Pos.CENTER);

        ToggleGroup modes = new ToggleGroup();
        ToggleButton logIn = new ToggleButton("Log in");
        logIn.setId("mode-log-in");
        logIn.getStyleClass().add(Styles.LEFT_PILL);
        ToggleButton signUp = new ToggleButton("Create account");
        signUp.setId("mode-sign-up");
        signUp.getStyleClass().add(Styles.RIGHT_PILL);
        for (ToggleButton b : new ToggleButton[] {logIn, signUp}) {
            b.setToggleGroup(modes);
            b.setPrefWidth(10); // both grow from the same width: equal halves
            b.setMaxWidth(Double.MAX_VALUE);
            HBox.setHgrow(b, Priority.ALWAYS);
        }
        HBox modeSwitch = new HBox(logIn, signUp);
        Runnable selectMode =
                () ->
                        modes.selectToggle(
                                model.modeProperty().get() == LoginMode.SIGN_UP ? signUp : logIn);
        selectMode.run();
        model.modeProperty().addListener((obs, old, now) -> selectMode.run());
        modes.selectedToggleProperty()
                .addListener(
                        (obs, old, now) -> {
                            if (now == null) {
                                modes.selectToggle(old); // one of the two stays pressed
                            } else {
                                model.modeProperty()
                                        .set(now == signUp ? LoginMode.SIGN_UP : LoginMode.LOG_IN);
                            }
                        });

        username.setId("username");
        username.setPromptText("e.g. alice");
        username.textProperty().bindBidirectional(model.usernameProperty());
        username.setOnKeyTyped(e -> model.usernameEdited());

        password.setId("password");
        password.textProperty().bindBidirectional(model.passwordProperty());

        ProgressBar meter = new ProgressBar();
        meter.setId("strength-meter");
        meter.getStyleClass().addAll("strength-meter", Styles.SMALL);
        meter.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(meter, Priority.ALWAYS);
        meter.progressProperty()
                .bind(
                        Bindings.createDoubleBinding(
                                () -> model.strengthProperty().get().fraction(),
                                model.strengthProperty()));
        Label strengthLabel = new Label();
        strengthLabel.setId("strength-label");
        strengthLabel.getStyleClass().add(Styles.TEXT_SMALL);
        strengthLabel.setMinWidth(48);
        strengthLabel
                .textProperty()
                .bind(
                        Bindings.createStringBinding(
                                () -> model.strengthProperty().get().label(),
                                model.strengthProperty()));
        model.strengthProperty()
                .addListener((obs, old, now) -> showStrength(meter, strengthLabel, now));
        showStrength(meter, strengthLabel, model.strengthProperty().get());
        HBox strengthRow = new HBox(10, meter, strengthLabel);
        strengthRow.setAlignment(Pos.CENTER_LEFT);
        Label passwordHint = hint("password-hint", model.passwordHintProperty().getValue());
        passwordHint.textProperty().bind(model.passwordHintProperty());
        VBox strength = new VBox(4, strengthRow, passwordHint);

        PasswordField confirmation = new PasswordField();
        confirmation.setId("confirm-password");
        confirmation.textProperty().bindBidirectional(model.confirmationProperty());
        Label confirmationHint = hint("confirm-hint", "");
        confirmationHint.getStyleClass().add(Styles.DANGER);
        confirmationHint.textProperty().bind(model.confirmationHintProperty());
        VBox confirmBox = field("Confirm password", confirmation, confirmationHint);

        TextField server = new TextField();
        server.setId("server");
        server.setPromptText(LoginViewModel.DEFAULT_SERVER);
        server.textProperty().bindBidirectional(model.serverProperty());
        server.setOnKeyTyped(e -> model.serverEdited());

        Label error =
                messageLabel("login-error", model.errorProperty(), "login-error", Styles.DANGER);
        error.setGraphic(new FontIcon(Material2AL.ERROR_OUTLINE));
        error.setMaxWidth(Double.MAX_VALUE);

        ProgressBar progress = new ProgressBar();
        progress.setId("login-progress");
        progress.setMaxWidth(Double.MAX_VALUE);
        progress.progressProperty().bind(model.progressProperty());
        Label progressText = new Label();
        progressText.setId("login-progress-text");
        progressText.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        progressText.textProperty().bind(model.progressTextProperty());
        VBox progressBox = new VBox(6, progress, progressText);
        showWhen(progressBox, model.busyProperty());

        Button submit = new Button();
        submit.setId("submit");
        submit.getStyleClass().add(Styles.ACCENT);
        submit.setDefaultButton(true);
        submit.setMaxWidth(Double.MAX_VALUE);
        submit.textProperty()
                .bind(
                        Bindings.when(model.modeProperty().isEqualTo(LoginMode.SIGN_UP))
                                .then("Create account")
                                .otherwise("Log in"));
        submit.disableProperty().bind(model.canSubmitProperty().not());
        submit.setOnAction(e -> model.submit());

        VBox passwordBox = field("Password", password, strength);
        Runnable updateMode =
                () -> {
                    boolean signingUp = model.modeProperty().get() == LoginMode.SIGN_UP;
                    setShown(strength, signingUp);
                    setShown(confirmBox, signingUp);
                    password.setPromptText(signingUp ? "At least 8 characters" : "");
                };
        updateMode.run();
        model.modeProperty().addListener((obs, old, now) -> updateMode.run());

        VBox form =
                new VBox(
                        12,
                        field("Username", username),
                        passwordBox,
                        confirmBox,
                        field("Server", server));
        form.disableProperty().bind(model.busyProperty());
        modeSwitch.disableProperty().bind(model.busyProperty());

        card.getChildren().addAll(header, modeSwitch, form, error, progressBox, submit);

        HBox corner = new HBox(4, AboutView.button(() -> onAbout.run()), themes.toggleButton());
        corner.setMaxSize(Region.USE_PREF_SIZE, Region.USE_PREF_SIZE);
        StackPane.setAlignment(corner, Pos.TOP_RIGHT);
        StackPane.setMargin(corner, new Insets(12));
        getChildren().addAll(card, corner);
        StackPane.setAlignment(card, Pos.CENTER);
    }

    /** What the About button does; the shell opens its About box. */
    public void setOnAbout(Runnable action) {
        onAbout = java.util.Objects.requireNonNull(action, "action");
    }

    /** Puts the cursor where the user will type first. */
    public void focusFirstField() {
        if (username.getText() == null || username.getText().isBlank()) {
            username.requestFocus();
        } else {
            password.requestFocus();
        }
    }

    public LoginViewModel model() {
        return model;
    }

    private static void showStrength(ProgressBar meter, Label label, PasswordStrength s) {
        meter.pseudoClassStateChanged(Styles.STATE_DANGER, s == PasswordStrength.WEAK);
        meter.pseudoClassStateChanged(Styles.STATE_WARNING, s == PasswordStrength.FAIR);
        meter.pseudoClassStateChanged(
                Styles.STATE_SUCCESS, s == PasswordStrength.GOOD || s == PasswordStrength.STRONG);
        label.pseudoClassStateChanged(Styles.STATE_DANGER, s == PasswordStrength.WEAK);
        label.pseudoClassStateChanged(Styles.STATE_WARNING, s == PasswordStrength.FAIR);
        label.pseudoClassStateChanged(
                Styles.STATE_SUCCESS, s == PasswordStrength.GOOD || s == PasswordStrength.STRONG);
    }

    private static Label hint(String id, String text) {
        Label l = new Label(text);
        l.setId(id);
        l.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED, "field-hint");
        l.setWrapText(true);
        showWhen(l, Bindings.isNotEmpty(l.textProperty()));
        return l;
    }

    private static VBox field(String labelText, Node input, Node... below) {
        Label label = new Label(labelText);
        label.getStyleClass().add("field-label");
        label.setLabelFor(input);
        VBox box = new VBox(6, label, input);
        box.getChildren().addAll(below);
        return box;
    }
}
