package dev.scope.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.StandardCapabilities;

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
        int gpus = gpuCount(Engine.getInstance());
        return switch (this) {
            case CPU -> Device.cpu();
            case AUTO -> gpus > 0 ? Device.gpu() : Device.cpu();
            case GPU -> {
                if (gpus == 0) {
                    throw new IllegalArgumentException("--device gpu was asked for but DJL sees no GPU here (it loaded "
                            + Engine.getInstance().getEngineName() + " " + Engine.getInstance().getVersion()
                            + " with CPU natives); use --device cpu, or see README, 'GPU notes', to run on a CUDA PyTorch.");
                }
                yield Device.gpu();
            }
        };
    }

    /**
     * DJL counts GPUs through the CUDA runtime library it finds by name, which a pip-installed PyTorch keeps
     * beside itself under a versioned name; where DJL finds none but libtorch reports CUDA, there is one.
     */
    static int gpuCount(Engine engine) {
        int gpus = engine.getGpuCount();
        return gpus == 0 && engine.hasCapability(StandardCapabilities.CUDA) ? 1 : gpus;
    }
}
