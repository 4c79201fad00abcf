package dev.scope.bench;

import java.util.List;

/**
 * What one memory probe measured, in bytes: the resident set after each stage, the kernel's peak
 * ({@code VmHWM}, anonymous and file-backed pages together) and the sampled peak of anonymous memory
 * alone. {@code error} says why a probe gave no numbers (null when it did).
 */
public record MemoryResult(ProbeConfig config, String heapLimit, List<StageMemory> stages, long peakRss,
                           long peakAnon, String error) {

    static MemoryResult failed(ProbeConfig config, String heapLimit, String error) {
        return new MemoryResult(config, heapLimit, List.of(), 0, 0, error);
    }

    public boolean ok() {
        return error == null;
    }
}
