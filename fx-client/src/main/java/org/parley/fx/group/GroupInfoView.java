package org.parley.fx.group;

import static org.parley.fx.common.Controls.boundLabel;
import static org.parley.fx.common.Controls.hGap;
import static org.parley.fx.common.Controls.iconButton;
import static org.parley.fx.common.Controls.messageLabel;
import static org.parley.fx.common.Controls.showWhen;
import static org.parley.fx.common.Controls.textField;

import atlantafx.base.theme.Styles;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;
import org.parley.fx.common.Avatar;
import org.parley.fx.common.SidePanel;

/**
 * The group panel: name, members (admin badge; remove for the admin), add member (admin), leave.
 */
public final class GroupInfoView extends SidePanel {

    public GroupInfoView(GroupInfoViewModel model, BooleanProperty open) {
        super("group-panel");
        HBox top = titleBar("Group info", open);

        Label name = boundLabel("group-panel-name", "contact-name", model.nameProperty());

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

        Label warning =
                messageLabel(
                        "group-warning",
                        model.warningProperty(),
                        Styles.WARNING,
                        Styles.TEXT_SMALL);

        TextField add = textField("group-add-member", "Username to add", model.newMemberProperty());
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

        Label error =
                messageLabel(
                        "group-error", model.errorProperty(), Styles.DANGER, Styles.TEXT_SMALL);

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
            row.getChildren().add(hGap());
            if (m.removable()) {
                Button remove =
                        iconButton(
                                "group-remove-" + m.name(),
                                Material2MZ.REMOVE_CIRCLE_OUTLINE,
                                "Remove " + m.name());
                remove.setOnAction(e -> model.remove(m.name()));
                row.getChildren().add(remove);
            }
            rows.getChildren().add(row);
        }
    }
}
