package org.parley.fx.contact;

import atlantafx.base.theme.Styles;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;
import org.parley.fx.common.Avatar;

/**
 * The contact panel beside the chat: who, verified or not, the safety number, and the trust
 * actions.
 */
public final class ContactInfoView extends ScrollPane {
    private final GridPane groups = new GridPane();

    public ContactInfoView(ContactInfoViewModel model, BooleanProperty open) {
        setId("contact-panel");
        getStyleClass().add("contact-panel-scroll");
        setFitToWidth(true);
        setHbarPolicy(ScrollBarPolicy.NEVER);
        setMinWidth(330);
        setPrefWidth(340);
        setMaxWidth(360);

        Label heading = new Label("Contact info");
        heading.getStyleClass().add(Styles.TITLE_4);
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        Button close = new Button(null, new FontIcon(Material2AL.CLOSE));
        close.setId("contact-panel-close");
        close.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
        close.setTooltip(new Tooltip("Close"));
        close.setOnAction(e -> open.set(false));
        HBox top = new HBox(heading, gap, close);
        top.setAlignment(Pos.CENTER_LEFT);

        Avatar avatar = new Avatar(72);
        model.peerProperty().addListener((obs, old, peer) -> avatar.setName(peer));
        if (model.peerProperty().get() != null) {
            avatar.setName(model.peerProperty().get());
        }
        Label name = new Label();
        name.setId("contact-name");
        name.getStyleClass().add("contact-name");
        name.textProperty().bind(model.peerProperty());
        Label status = new Label();
        status.setId("verification-status");
        status.getStyleClass().add("verification-status");
        status.textProperty().bind(model.statusProperty());
        showWhen(status, Bindings.isNotEmpty(model.statusProperty()));
        Runnable statusLook =
                () -> {
                    status.getStyleClass().removeAll("verified", "changed");
                    if (model.verifiedProperty().get()) {
                        status.getStyleClass().add("verified");
                        status.setGraphic(new FontIcon(Material2MZ.VERIFIED_USER));
                    } else if (model.keyChangePendingProperty().get()
                            || model.reverifyRequiredProperty().get()) {
                        status.getStyleClass().add("changed");
                        status.setGraphic(new FontIcon(Material2MZ.WARNING));
                    } else {
                        status.setGraphic(new FontIcon(Material2MZ.SECURITY));
                    }
                };
        model.statusProperty().addListener((obs, old, now) -> statusLook.run());
        statusLook.run();
        VBox who = new VBox(8, avatar, name, status);
        who.setAlignment(Pos.CENTER);

        Label warningText = new Label();
        warningText.setId("key-change-warning");
        warningText.setWrapText(true);
        warningText.textProperty().bind(model.warningProperty());
        FontIcon warningIcon = new FontIcon(Material2MZ.WARNING);
        warningIcon.getStyleClass().add("key-changed-icon");
        HBox warning = new HBox(8, warningIcon, warningText);
        warning.getStyleClass().add("contact-warning");
        showWhen(warning, Bindings.isNotEmpty(model.warningProperty()));

        Label safetyTitle = new Label("Safety number");
        safetyTitle.getStyleClass().add("field-label");
        Label explain = new Label();
        explain.setWrapText(true);
        explain.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        explain.textProperty()
                .bind(
                        Bindings.createStringBinding(
                                () ->
                                        "Compare these numbers with "
                                                + model.peerProperty().get()
                                                + ", in person or on a call. If they match, your messages"
                                                + " cannot be read by anyone else.",
                                model.peerProperty()));
        groups.setId("safety-number");
        groups.getStyleClass().add("safety-number-grid");
        groups.setHgap(12);
        groups.setVgap(6);
        groups.setAlignment(Pos.CENTER);
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setMaxSize(28, 28);
        showWhen(
                spinner,
                Bindings.and(model.busyProperty(), Bindings.isEmpty(model.safetyNumberProperty())));
        VBox numberBox = new VBox(8, groups, spinner);
        numberBox.setAlignment(Pos.CENTER);
        numberBox.getStyleClass().add("safety-number-box");
        model.safetyNumberGroupsProperty().addListener((obs, old, now) -> showGroups(now));
        showGroups(model.safetyNumberGroupsProperty().get());

        Button verify = new Button("Mark as verified", new FontIcon(Material2MZ.VERIFIED_USER));
        verify.setId("mark-verified");
        verify.getStyleClass().add(Styles.ACCENT);
        verify.setMaxWidth(Double.MAX_VALUE);
        verify.setOnAction(e -> model.markVerified());
        verify.disableProperty().bind(model.busyProperty());
        showWhen(verify, model.canMarkVerifiedProperty());
        Button accept = new Button("Accept the new key");
        accept.setId("accept-key");
        accept.setMaxWidth(Double.MAX_VALUE);
        accept.setOnAction(e -> model.acceptKeyChange());
        accept.disableProperty().bind(model.busyProperty());
        showWhen(accept, model.canAcceptKeyProperty());

        Label error = new Label();
        error.setId("contact-error");
        error.setWrapText(true);
        error.getStyleClass().add(Styles.DANGER);
        error.textProperty().bind(model.errorProperty());
        showWhen(error, Bindings.isNotEmpty(model.errorProperty()));

        VBox content =
                new VBox(
                        16,
                        top,
                        who,
                        warning,
                        new VBox(6, safetyTitle, explain),
                        numberBox,
                        verify,
                        accept,
                        error);
        content.getStyleClass().add("contact-panel");
        content.setFillWidth(true);
        setContent(content);
    }

    private void showGroups(List<String> numbers) {
        groups.getChildren().clear();
        for (int i = 0; i < numbers.size(); i++) {
            Label group = new Label(numbers.get(i));
            group.getStyleClass().add("safety-number-group");
            group.setMinWidth(Region.USE_PREF_SIZE);
            groups.add(group, i % 4, i / 4);
        }
    }

    private static void showWhen(Node node, javafx.beans.value.ObservableBooleanValue condition) {
        node.visibleProperty().bind(condition);
        node.managedProperty().bind(condition);
    }
}
