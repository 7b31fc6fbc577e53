package org.parley.fx.common;

import atlantafx.base.theme.Styles;
import javafx.beans.binding.Bindings;
import javafx.beans.property.Property;
import javafx.beans.value.ObservableBooleanValue;
import javafx.beans.value.ObservableStringValue;
import javafx.beans.value.ObservableValue;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.javafx.FontIcon;

/** The small building blocks every view repeats: conditional nodes, icon buttons, bound labels. */
public final class Controls {
    private Controls() {}

    /** Shows {@code node}, and gives it room in the layout, only while {@code condition} holds. */
    public static void showWhen(Node node, ObservableBooleanValue condition) {
        node.visibleProperty().bind(condition);
        node.managedProperty().bind(condition);
    }

    /** Shows {@code node}, and gives it room in the layout, or neither. */
    public static void setShown(Node node, boolean shown) {
        node.setVisible(shown);
        node.setManaged(shown);
    }

    /**
     * Shows {@code form} while {@code open} holds, and puts the cursor into {@code field} each time
     * it opens.
     */
    public static void showAndFocusWhen(Node form, Node field, ObservableBooleanValue open) {
        showWhen(form, open);
        open.addListener(
                (obs, was, now) -> {
                    if (now) {
                        field.requestFocus();
                    }
                });
    }

    /** Runs {@code action} when Escape is pressed in {@code node} (its one key handler). */
    public static void onEscape(Node node, Runnable action) {
        node.setOnKeyPressed(
                e -> {
                    if (e.getCode() == KeyCode.ESCAPE) {
                        action.run();
                    }
                });
    }

    /** A flat icon-only button with a tooltip. */
    public static Button iconButton(String id, Ikon icon, String tooltip) {
        return flatIcon(new Button(null, new FontIcon(icon)), id, tooltip);
    }

    /** Makes {@code button} (which carries an icon) a flat icon-only button with a tooltip. */
    public static <B extends ButtonBase> B flatIcon(B button, String id, String tooltip) {
        button.setId(id);
        button.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
        button.setTooltip(new Tooltip(tooltip));
        return button;
    }

    /** An empty region that takes the free room in an {@link HBox}. */
    public static Region hGap() {
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        return gap;
    }

    /** A text field bound both ways to {@code text}. */
    public static TextField textField(String id, String prompt, Property<String> text) {
        TextField field = new TextField();
        field.setId(id);
        field.setPromptText(prompt);
        field.textProperty().bindBidirectional(text);
        return field;
    }

    /** A label that shows {@code text}. */
    public static Label boundLabel(String id, String styleClass, ObservableValue<String> text) {
        Label label = new Label();
        label.setId(id);
        label.getStyleClass().add(styleClass);
        label.textProperty().bind(text);
        return label;
    }

    /**
     * A wrapping label that shows {@code text} and takes no room while it is empty: an error or a
     * warning.
     */
    public static Label messageLabel(
            String id, ObservableStringValue text, String... styleClasses) {
        Label label = new Label();
        label.setId(id);
        label.setWrapText(true);
        label.getStyleClass().addAll(styleClasses);
        label.textProperty().bind(text);
        showWhen(label, Bindings.isNotEmpty(text));
        return label;
    }

    /** Gives {@code node} the style class {@code styleClass} while {@code on} holds. */
    public static void styleClassWhen(Node node, String styleClass, ObservableValue<Boolean> on) {
        on.addListener((obs, was, now) -> setStyleClass(node, styleClass, now));
    }

    /** Gives {@code node} the style class {@code styleClass} (once), or takes it away. */
    public static void setStyleClass(Node node, String styleClass, boolean on) {
        node.getStyleClass().remove(styleClass);
        if (on) {
            node.getStyleClass().add(styleClass);
        }
    }
}
