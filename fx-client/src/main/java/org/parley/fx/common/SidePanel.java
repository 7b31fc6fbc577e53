package org.parley.fx.common;

import atlantafx.base.theme.Styles;
import javafx.beans.property.BooleanProperty;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.HBox;
import org.kordamp.ikonli.material2.Material2AL;

/** A panel beside the chat (contact or group info): a scrolling column of fixed width. */
public abstract class SidePanel extends ScrollPane {

    /**
     * @param id the panel's id; its close button's is this plus "-close"
     */
    protected SidePanel(String id) {
        setId(id);
        getStyleClass().add("contact-panel-scroll");
        setFitToWidth(true);
        setHbarPolicy(ScrollBarPolicy.NEVER);
        setMinWidth(330);
        setPrefWidth(340);
        setMaxWidth(360);
    }

    /** The panel's top row: its title, and a button that clears {@code open}. */
    protected final HBox titleBar(String title, BooleanProperty open) {
        Label heading = new Label(title);
        heading.getStyleClass().add(Styles.TITLE_4);
        Button close = Controls.iconButton(getId() + "-close", Material2AL.CLOSE, "Close");
        close.setOnAction(e -> open.set(false));
        HBox top = new HBox(heading, Controls.hGap(), close);
        top.setAlignment(Pos.CENTER_LEFT);
        return top;
    }
}
