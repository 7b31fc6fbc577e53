package org.parley.fx.contact;

import static org.parley.fx.common.Controls.boundLabel;
import static org.parley.fx.common.Controls.messageLabel;
import static org.parley.fx.common.Controls.showWhen;

import atlantafx.base.theme.Styles;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2MZ;
import org.parley.fx.common.Avatar;
import org.parley.fx.common.SidePanel;

/**
 * The contact panel beside the chat: who, verified or not, the safety number, and the trust
 * actions.
 */
public final class ContactInfoView extends SidePanel {
    private final GridPane groups = new GridPane();

    public ContactInfoView(ContactInfoViewModel model, BooleanProperty open) {
        super("contact-panel");
        HBox top = titleBar("Contact info", open);

        Avatar avatar = new Avatar(72);
        model.peerProperty().addListener((obs, old, peer) -> avatar.setName(peer));
        if (model.peerProperty().get() != null) {
            avatar.setName(model.peerProperty().get());
        }
        Label name = boundLabel("contact-name", "contact-name", model.peerProperty());
        Label status =
                boundLabel("verification-status", "verification-status", model.statusProperty());
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

        Label error = messageLabel("contact-error", model.errorProperty(), Styles.DANGER);

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
}
