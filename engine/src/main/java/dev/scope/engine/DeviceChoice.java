package dev.scope.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;

/** Where the scope computes: {@code auto} takes a GPU when DJL sees one, else the CPU. */
public enum DeviceChoice {
    AUTO, CPU, GPU;

    public static DeviceChoice parse(String text) {
        return switch (text.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "auto" -> AUTO;
            case "cpu" -> CPU;
            case "gpu", "cuda" -> GPU;
            default -> throw new IllegalArgumentException("The device \"" + text + "\" is not one of auto, cpu or gpu.");
        };
    }

    public Device resolve() {
        int gpus = Engine.getInstance().getGpuCount();
        return switch (this) {
            case CPU -> Device.cpu();
            case AUTO -> gpus > 0 ? Device.gpu() : Device.cpu();
            case GPU -> {
                if (gpus == 0) {
                    throw new IllegalArgumentException("--device gpu was asked for but DJL sees no GPU here (it loaded "
                            + Engine.getInstance().getEngineName() + " " + Engine.getInstance().getVersion()
                            + " with CPU natives); use --device cpu, or see README 'GPU' to install CUDA natives.");
                }
                yield Device.gpu();
            }
        };
    }
}
