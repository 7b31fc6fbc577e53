package org.parley.fx.group;

import atlantafx.base.theme.Styles;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;
import org.parley.fx.common.Avatar;

/**
 * The group panel: name, members (admin badge; remove for the admin), add member (admin), leave.
 */
public final class GroupInfoView extends ScrollPane {

    public GroupInfoView(GroupInfoViewModel model, BooleanProperty open) {
        setId("group-panel");
        getStyleClass().add("contact-panel-scroll");
        setFitToWidth(true);
        setHbarPolicy(ScrollBarPolicy.NEVER);
        setMinWidth(330);
        setPrefWidth(340);
        setMaxWidth(360);

        Label heading = new Label("Group info");
        heading.getStyleClass().add(Styles.TITLE_4);
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        Button close = new Button(null, new FontIcon(Material2AL.CLOSE));
        close.setId("group-panel-close");
        close.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
        close.setTooltip(new Tooltip("Close"));
        close.setOnAction(e -> open.set(false));
        HBox top = new HBox(heading, gap, close);
        top.setAlignment(Pos.CENTER_LEFT);

        Label name = new Label();
        name.setId("group-panel-name");
        name.getStyleClass().add("contact-name");
        name.textProperty().bind(model.nameProperty());

        Label membersLabel = new Label();
        membersLabel.getStyleClass().add("field-label");
        membersLabel.textProperty().bind(Bindings.size(model.members()).asString("%d members"));
        VBox memberRows = new VBox(4);
        memberRows.setId("group-members");
        model.members()
                .addListener(
                        (javafx.collections.ListChangeListener<MemberItem>)
                                c -> fill(memberRows, model));
        fill(memberRows, model);

        Label warning = new Label();
        warning.setId("group-warning");
        warning.setWrapText(true);
        warning.getStyleClass().addAll(Styles.WARNING, Styles.TEXT_SMALL);
        warning.textProperty().bind(model.warningProperty());
        showWhen(warning, Bindings.isNotEmpty(model.warningProperty()));

        TextField add = new TextField();
        add.setId("group-add-member");
        add.setPromptText("Username to add");
        add.textProperty().bindBidirectional(model.newMemberProperty());
        add.setOnAction(e -> model.add());
        HBox.setHgrow(add, Priority.ALWAYS);
        Button addButton = new Button("Add");
        addButton.setId("group-add");
        addButton.setOnAction(e -> model.add());
        addButton
                .disableProperty()
                .bind(
                        Bindings.or(
                                model.busyProperty(), Bindings.isEmpty(model.newMemberProperty())));
        HBox addRow = new HBox(8, add, addButton);
        addRow.setAlignment(Pos.CENTER_LEFT);
        showWhen(addRow, model.youAreAdminProperty());

        Button leave = new Button("Leave group", new FontIcon(Material2AL.EXIT_TO_APP));
        leave.setId("group-leave");
        leave.getStyleClass().add(Styles.DANGER);
        leave.setOnAction(e -> model.leave());
        leave.disableProperty().bind(model.busyProperty());
        showWhen(leave, model.youAreAdminProperty().not());

        Label error = new Label();
        error.setId("group-error");
        error.setWrapText(true);
        error.getStyleClass().addAll(Styles.DANGER, Styles.TEXT_SMALL);
        error.textProperty().bind(model.errorProperty());
        showWhen(error, Bindings.isNotEmpty(model.errorProperty()));

        VBox content =
                new VBox(12, top, name, membersLabel, memberRows, warning, addRow, leave, error);
        content.setPadding(new Insets(16));
        content.getStyleClass().add("contact-panel");
        setContent(content);
    }

    private static void fill(VBox rows, GroupInfoViewModel model) {
        rows.getChildren().clear();
        for (MemberItem m : model.members()) {
            Label name = new Label(m.you() ? m.name() + " (you)" : m.name());
            name.getStyleClass().add("group-member-name");
            HBox row = new HBox(8, new Avatar(28, m.name()), name);
            row.setId("group-member-" + m.name());
            row.setAlignment(Pos.CENTER_LEFT);
            if (m.admin()) {
                Label badge = new Label("admin");
                badge.setId("admin-badge-" + m.name());
                badge.getStyleClass().addAll("admin-badge", Styles.ACCENT, Styles.TEXT_SMALL);
                row.getChildren().add(badge);
            }
            Region gap = new Region();
            HBox.setHgrow(gap, Priority.ALWAYS);
            row.getChildren().add(gap);
            if (m.removable()) {
                Button remove = new Button(null, new FontIcon(Material2MZ.REMOVE_CIRCLE_OUTLINE));
                remove.setId("group-remove-" + m.name());
                remove.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
                remove.setTooltip(new Tooltip("Remove " + m.name()));
                remove.setOnAction(e -> model.remove(m.name()));
                row.getChildren().add(remove);
            }
            rows.getChildren().add(row);
        }
    }

    private static void showWhen(Node node, javafx.beans.value.ObservableBooleanValue condition) {
        node.visibleProperty().bind(condition);
        node.managedProperty().bind(condition);
    }
}
