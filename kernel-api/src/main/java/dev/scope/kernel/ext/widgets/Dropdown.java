package dev.scope.kernel.ext.widgets;

import java.util.List;
import java.util.function.Consumer;

/** A choice of one of several labels. The front end syncs the chosen index; {@link #value()} is its label. */
public final class Dropdown extends DescribedWidget<Dropdown> {

    public Dropdown(List<String> options) {
        super("DropdownModel", "DropdownView", "DescriptionStyleModel");
        init("_options_labels", List.copyOf(options));
        init("index", options.isEmpty() ? null : 0);
    }

    public Dropdown(String... options) {
        this(List.of(options));
    }

    @SuppressWarnings("unchecked")
    public List<String> options() {
        return (List<String>) get("_options_labels");
    }

    /** The chosen index, or -1 when nothing is chosen. */
    public int index() {
        return get("index") instanceof Number n ? n.intValue() : -1;
    }

    public String value() {
        int i = index();
        return i < 0 || i >= options().size() ? null : options().get(i);
    }

    public Dropdown index(int index) {
        if (index < -1 || index >= options().size()) {
            throw new IllegalArgumentException("Dropdown index " + index + " is outside 0.." + (options().size() - 1) + ".");
        }
        set("index", index < 0 ? null : index);
        return this;
    }

    /** Chooses the option labelled {@code label}. */
    public Dropdown value(String label) {
        int i = options().indexOf(label);
        if (i < 0) {
            throw new IllegalArgumentException("Dropdown has no option '" + label + "'; its options are " + options() + ".");
        }
        return index(i);
    }

    /** Calls {@code listener} with the newly chosen label. */
    public Dropdown onChange(Consumer<String> listener) {
        observe("index", i -> listener.accept(value()));
        return this;
    }

    @Override
    public String toString() {
        return "Dropdown(value=" + value() + ", options=" + options() + ")";
    }
}
