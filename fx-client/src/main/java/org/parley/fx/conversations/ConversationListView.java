package org.parley.fx.conversations;

import atlantafx.base.controls.CustomTextField;
import javafx.beans.property.StringProperty;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.jspecify.annotations.Nullable;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;
import org.parley.fx.common.Controls;

/**
 * The sidebar's search field and list of conversations, selection kept in step with the main
 * screen's.
 */
public final class ConversationListView extends VBox {
    private final ListView<ConversationItem> list = new ListView<>();
    private boolean syncing;

    public ConversationListView(ConversationListViewModel model, StringProperty selectedPeer) {
        getStyleClass().add("conversation-pane");

        CustomTextField search = new CustomTextField();
        search.setId("search");
        search.setPromptText("Search conversations");
        search.setLeft(new FontIcon(Material2MZ.SEARCH));
        Button clear = new Button(null, new FontIcon(Material2AL.CLOSE));
        clear.getStyleClass().addAll("button-icon", "flat", "small");
        clear.setFocusTraversable(false);
        clear.setOnAction(e -> search.clear());
        clear.visibleProperty().bind(search.textProperty().isNotEmpty());
        search.setRight(clear);
        search.textProperty().bindBidirectional(model.filterProperty());
        Controls.onEscape(search, search::clear);
        VBox searchBox = new VBox(search);
        searchBox.getStyleClass().add("search-box");

        list.setId("conversation-list");
        list.getStyleClass().add("conversation-list");
        list.setItems(model.items());
        list.setCellFactory(v -> new ConversationCell());
        list.setFocusTraversable(true);
        VBox.setVgrow(list, Priority.ALWAYS);

        FontIcon emptyIcon = new FontIcon(Material2AL.CHAT_BUBBLE_OUTLINE);
        emptyIcon.getStyleClass().add("empty-state-icon");
        Label emptyText = new Label();
        emptyText.getStyleClass().add("empty-state");
        emptyText.setWrapText(true);
        emptyText
                .textProperty()
                .bind(
                        javafx.beans.binding.Bindings.when(model.emptyProperty())
                                .then("No conversations yet.\nStart one with the + button.")
                                .otherwise("No conversation matches."));
        VBox placeholder = new VBox(10, emptyIcon, emptyText);
        placeholder.setAlignment(Pos.CENTER);
        placeholder.setId("conversation-list-empty");
        list.setPlaceholder(placeholder);

        list.getSelectionModel()
                .selectedItemProperty()
                .addListener(
                        (obs, old, item) -> {
                            if (syncing) {
                                return;
                            }
                            if (item != null) {
                                selectedPeer.set(item.peer());
                            } else if (selectedPeer.get() != null
                                    && model.find(selectedPeer.get()) != null
                                    && list.getItems().contains(model.find(selectedPeer.get()))) {
                                // re-sorting dropped the selection: keep showing the open
                                // conversation as selected
                                select(model.find(selectedPeer.get()));
                            }
                        });
        selectedPeer.addListener(
                (obs, old, peer) -> select(peer == null ? null : model.find(peer)));
        list.getItems()
                .addListener(
                        (javafx.collections.ListChangeListener<ConversationItem>)
                                c -> {
                                    String peer = selectedPeer.get();
                                    ConversationItem wanted =
                                            peer == null ? null : model.find(peer);
                                    if (wanted != null
                                            && list.getSelectionModel().getSelectedItem() != wanted
                                            && list.getItems().contains(wanted)) {
                                        select(wanted);
                                    }
                                });

        getChildren().addAll(searchBox, list);
    }

    private void select(@Nullable ConversationItem item) {
        syncing = true;
        try {
            if (item == null) {
                list.getSelectionModel().clearSelection();
            } else if (list.getSelectionModel().getSelectedItem() != item) {
                list.getSelectionModel().select(item);
                list.scrollTo(item);
            }
        } finally {
            syncing = false;
        }
    }
}
