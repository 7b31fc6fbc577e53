package org.parley.fx.common;

import javafx.beans.value.ObservableBooleanValue;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.scene.paint.Color;
import javafx.scene.shape.Circle;
import org.jspecify.annotations.Nullable;

/**
 * A round avatar with the user's initial on a colour picked from the name, and an optional presence
 * dot.
 */
public final class Avatar extends StackPane {
    private static final Color[] COLORS = {
        Color.web("#e5534b"), Color.web("#d4790f"), Color.web("#2f9e44"), Color.web("#1c7ed6"),
        Color.web("#7048e8"), Color.web("#c2255c"), Color.web("#0b7285"), Color.web("#5c7cfa"),
    };

    private final Circle background;
    private final Label initials = new Label();
    private final Circle dot;

    public Avatar(double size) {
        getStyleClass().add("avatar");
        background = new Circle(size / 2);
        initials.getStyleClass().add("avatar-initials");
        initials.setStyle("-fx-font-size: " + Math.round(size * 0.42) + "px;");
        dot = new Circle(Math.max(4, size * 0.14));
        dot.getStyleClass().add("presence-dot");
        dot.setVisible(false);
        StackPane.setAlignment(dot, Pos.BOTTOM_RIGHT);
        setMinSize(size, size);
        setPrefSize(size, size);
        setMaxSize(size, size);
        getChildren().addAll(background, initials, dot);
    }

    public Avatar(double size, String name) {
        this(size);
        setName(name);
    }

    public void setName(String name) {
        String n = name == null ? "" : name;
        initials.setText(n.isEmpty() ? "?" : n.substring(0, 1).toUpperCase(java.util.Locale.ROOT));
        background.setFill(COLORS[Math.floorMod(n.hashCode(), COLORS.length)]);
    }

    /** Shows the green dot while {@code online} is true. */
    public void bindOnline(@Nullable ObservableBooleanValue online) {
        dot.visibleProperty().unbind();
        if (online == null) {
            dot.setVisible(false);
        } else {
            dot.visibleProperty().bind(online);
        }
    }
}
