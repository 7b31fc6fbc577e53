package org.parley.fx.main;

import static org.parley.fx.common.Controls.hGap;
import static org.parley.fx.common.Controls.iconButton;
import static org.parley.fx.common.Controls.messageLabel;
import static org.parley.fx.common.Controls.onEscape;
import static org.parley.fx.common.Controls.showAndFocusWhen;
import static org.parley.fx.common.Controls.showWhen;
import static org.parley.fx.common.Controls.textField;

import atlantafx.base.theme.Styles;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.parley.fx.about.AboutView;
import org.parley.fx.chat.ChatView;
import org.parley.fx.common.Avatar;
import org.parley.fx.common.ThemeManager;
import org.parley.fx.contact.ContactInfoView;
import org.parley.fx.conversations.ConversationListView;
import org.parley.fx.group.CreateGroupView;
import org.parley.fx.group.GroupInfoView;

/** The main window: connection banner, sidebar, chat and the contact panel. */
public final class MainView extends BorderPane {
    private final MainViewModel model;
    private Runnable onAbout = () -> {};

    public MainView(MainViewModel model, ThemeManager themes) {
        this.model = model;
        setId("main-view");
        getStyleClass().add("main-view");

        // ---- connection banner
        Label bannerText = new Label();
        bannerText.setId("connection-banner-text");
        bannerText.textProperty().bind(model.connectionProblemProperty());
        bannerText.setWrapText(true);
        HBox banner = new HBox(10, new FontIcon(Material2AL.CLOUD_OFF), bannerText);
        banner.setId("connection-banner");
        banner.getStyleClass().add("connection-banner");
        banner.setAlignment(Pos.CENTER_LEFT);
        showWhen(banner, Bindings.isNotEmpty(model.connectionProblemProperty()));
        setTop(banner);

        // ---- sidebar header
        Avatar me = new Avatar(36, model.username());
        Label username = new Label(model.username());
        username.setId("own-username");
        username.getStyleClass().add("own-username");
        username.setMinWidth(0);
        Button newChat = iconButton("new-chat", Material2AL.ADD_COMMENT, "New chat (Ctrl+N)");
        newChat.setOnAction(e -> model.openNewChat());
        Button newGroup = iconButton("new-group", Material2AL.GROUP_ADD, "New group");
        newGroup.setOnAction(e -> model.openNewGroup());
        Button theme = themes.toggleButton();
        Button logout = iconButton("logout", Material2AL.EXIT_TO_APP, "Log out");
        logout.setOnAction(
                e -> {
                    var unused = model.logout(); // the login screen follows by itself
                });
        logout.disableProperty().bind(model.loggingOutProperty());
        Button about = AboutView.button(() -> onAbout.run());
        // The actions sit close together so the user's own name keeps its room beside them.
        HBox actions = new HBox(0, newChat, newGroup, theme, about, logout);
        actions.setAlignment(Pos.CENTER_RIGHT);
        actions.setMinWidth(Region.USE_PREF_SIZE);
        HBox header = new HBox(8, me, username, hGap(), actions);
        header.setAlignment(Pos.CENTER_LEFT);
        header.getStyleClass().add("sidebar-header");

        // ---- new chat form
        TextField who =
                textField("new-chat-user", "Username, e.g. bob", model.newChatNameProperty());
        who.setOnAction(e -> model.startNewChat());
        onEscape(who, model::cancelNewChat);
        HBox.setHgrow(who, Priority.ALWAYS);
        Button start = new Button("Chat");
        start.setId("new-chat-start");
        start.getStyleClass().add(Styles.ACCENT);
        start.setMinWidth(Region.USE_PREF_SIZE);
        start.setOnAction(e -> model.startNewChat());
        start.disableProperty()
                .bind(
                        Bindings.or(
                                model.newChatBusyProperty(),
                                Bindings.isEmpty(model.newChatNameProperty())));
        Button cancel = iconButton("new-chat-cancel", Material2AL.CLOSE, "Cancel");
        cancel.setMinWidth(Region.USE_PREF_SIZE);
        cancel.setOnAction(e -> model.cancelNewChat());
        ProgressIndicator looking = new ProgressIndicator();
        looking.setMaxSize(18, 18);
        showWhen(looking, model.newChatBusyProperty());
        HBox row = new HBox(8, who, looking, start, cancel);
        row.setAlignment(Pos.CENTER_LEFT);
        Label formTitle = new Label("Start a new chat");
        formTitle.getStyleClass().add("field-label");
        Label error =
                messageLabel(
                        "new-chat-error",
                        model.newChatErrorProperty(),
                        Styles.DANGER,
                        Styles.TEXT_SMALL);
        VBox form = new VBox(8, formTitle, row, error);
        form.setId("new-chat-form");
        form.getStyleClass().add("new-chat-form");
        showAndFocusWhen(form, who, model.newChatOpenProperty());

        ConversationListView conversations =
                new ConversationListView(model.conversations(), model.selectedPeerProperty());
        VBox.setVgrow(conversations, Priority.ALWAYS);
        VBox sidebar =
                new VBox(header, form, new CreateGroupView(model.createGroup()), conversations);
        sidebar.setId("sidebar");
        sidebar.getStyleClass().add("sidebar");
        sidebar.setMinWidth(260);
        sidebar.setPrefWidth(320);
        sidebar.setMaxWidth(360);
        setLeft(sidebar);

        // ---- chat and contact panel
        ChatView chat = new ChatView(model.chat(), model.contactPanelOpenProperty());
        HBox.setHgrow(chat, Priority.ALWAYS);
        ContactInfoView contact =
                new ContactInfoView(model.contact(), model.contactPanelOpenProperty());
        showWhen(
                contact,
                Bindings.and(
                                model.contactPanelOpenProperty(),
                                model.selectedPeerProperty().isNotNull())
                        .and(model.groupSelectedProperty().not()));
        GroupInfoView group =
                new GroupInfoView(model.groupInfo(), model.contactPanelOpenProperty());
        showWhen(
                group,
                Bindings.and(model.contactPanelOpenProperty(), model.groupSelectedProperty()));
        HBox center = new HBox(chat, contact, group);
        setCenter(center);

        sceneProperty()
                .addListener(
                        (obs, old, scene) -> {
                            if (scene != null) {
                                scene.getAccelerators()
                                        .put(
                                                new KeyCodeCombination(
                                                        KeyCode.N, KeyCombination.SHORTCUT_DOWN),
                                                model::openNewChat);
                            }
                        });
    }

    /** What the About button does; the shell opens its About box. */
    public void setOnAbout(Runnable action) {
        onAbout = java.util.Objects.requireNonNull(action, "action");
    }

    public MainViewModel model() {
        return model;
    }
}
