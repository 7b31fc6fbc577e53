package org.parley.fx.group;

import static org.parley.fx.common.Controls.messageLabel;
import static org.parley.fx.common.Controls.onEscape;
import static org.parley.fx.common.Controls.showAndFocusWhen;
import static org.parley.fx.common.Controls.showWhen;
import static org.parley.fx.common.Controls.textField;

import atlantafx.base.theme.Styles;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The "new group" form in the sidebar: name, member picker (contacts plus typed usernames), create.
 */
public final class CreateGroupView extends VBox {

    public CreateGroupView(CreateGroupViewModel model) {
        super(8);
        setId("create-group-form");
        getStyleClass().add("new-chat-form");

        Label title = new Label("New group");
        title.getStyleClass().add("field-label");
        TextField name = textField("group-name", "Group name", model.nameProperty());

        Label pickLabel = new Label("Members");
        pickLabel.getStyleClass().add(Styles.TEXT_SMALL);
        ListView<String> picker = new ListView<>(model.candidates());
        picker.setId("group-member-picker");
        picker.setPrefHeight(120);
        picker.setCellFactory(
                list ->
                        new ListCell<>() {
                            @Override
                            protected void updateItem(String user, boolean empty) {
                                super.updateItem(user, empty);
                                if (empty || user == null) {
                                    setGraphic(null);
                                    setId(null);
                                    return;
                                }
                                CheckBox box = new CheckBox(user);
                                box.setId("pick-" + user);
                                box.setSelected(model.isPicked(user));
                                box.selectedProperty()
                                        .addListener((obs, was, now) -> model.setPicked(user, now));
                                setGraphic(box);
                            }
                        });
        showWhen(picker, Bindings.isNotEmpty(model.candidates()));

        TextField others =
                textField(
                        "group-other-members",
                        "Other usernames, e.g. bob, carol",
                        model.othersProperty());
        others.setOnAction(e -> model.create());

        Button create = new Button("Create");
        create.setId("create-group");
        create.getStyleClass().add(Styles.ACCENT);
        create.setOnAction(e -> model.create());
        create.disableProperty().bind(model.busyProperty());
        Button cancel = new Button("Cancel");
        cancel.setId("create-group-cancel");
        cancel.setOnAction(e -> model.cancel());
        ProgressIndicator busy = new ProgressIndicator();
        busy.setMaxSize(18, 18);
        showWhen(busy, model.busyProperty());
        HBox buttons = new HBox(8, create, cancel, busy);
        buttons.setAlignment(Pos.CENTER_LEFT);
        create.setMinWidth(Region.USE_PREF_SIZE);

        Label error =
                messageLabel(
                        "create-group-error",
                        model.errorProperty(),
                        Styles.DANGER,
                        Styles.TEXT_SMALL);

        getChildren().addAll(title, name, pickLabel, picker, others, buttons, error);
        onEscape(this, model::cancel);
        showAndFocusWhen(this, name, model.openProperty());
    }
}
