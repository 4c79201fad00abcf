package dev.scope.kernel.ext.widgets;

import java.util.function.IntConsumer;

/** A slider over whole numbers from {@code min} to {@code max}; the value stays inside the range. */
public final class IntSlider extends DescribedWidget<IntSlider> {

    public IntSlider() {
        super("IntSliderModel", "IntSliderView", "SliderStyleModel");
        init("value", 0);
        init("min", 0);
        init("max", 100);
        init("step", 1);
        init("orientation", "horizontal");
        init("readout", true);
        init("readout_format", "d");
        init("continuous_update", true);
        init("behavior", "drag-tap");
    }

    public int value() {
        return intValue("value");
    }

    public IntSlider value(int value) {
        set("value", Math.max(min(), Math.min(max(), value)));
        return this;
    }

    public int min() {
        return intValue("min");
    }

    public int max() {
        return intValue("max");
    }

    /** Sets the range; the value moves inside it if it was outside. */
    public IntSlider range(int min, int max) {
        if (min > max) {
            throw new IllegalArgumentException("IntSlider range " + min + ".." + max + " is empty; give min <= max.");
        }
        set("min", min);
        set("max", max);
        return value(value());
    }

    public IntSlider min(int min) {
        return range(min, Math.max(min, max()));
    }

    public IntSlider max(int max) {
        return range(Math.min(min(), max), max);
    }

    public IntSlider step(int step) {
        if (step < 1) {
            throw new IllegalArgumentException("IntSlider step must be 1 or more, got " + step + ".");
        }
        set("step", step);
        return this;
    }

    /** Whether the value changes while the handle is dragged (true) or only when it is let go. */
    public IntSlider continuousUpdate(boolean continuous) {
        set("continuous_update", continuous);
        return this;
    }

    /** Calls {@code listener} with each new value, from the front end or from Java. */
    public IntSlider onChange(IntConsumer listener) {
        observe("value", v -> listener.accept(((Number) v).intValue()));
        return this;
    }

    @Override
    public String toString() {
        return "IntSlider(value=" + value() + ", min=" + min() + ", max=" + max() + ")";
    }
}
