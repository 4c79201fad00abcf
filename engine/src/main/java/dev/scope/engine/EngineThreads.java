package dev.scope.engine;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * libtorch's intra-op thread count, fitted to the CPUs this process may use. libtorch (OpenMP, and MKL
 * through it) starts one thread per CPU it may be scheduled on, ignoring a container's CPU quota; a
 * notebook pod allowed 2 CPUs on a 32-core node would run 32 threads that wait on each other at every
 * op. The JVM's {@code availableProcessors()} honours the quota.
 */
public final class EngineThreads {
    /** DJL's own setting; when it is given, the thread count is left as it says. */
    public static final String PROPERTY = "ai.djl.pytorch.num_threads";

    private EngineThreads() {
    }

    /** Lowers libtorch's intra-op threads to the CPUs available, unless {@link #PROPERTY} is set; returns the count in effect. */
    public static int fitToCpuQuota() {
        Engine.getInstance();
        int threads = JniUtils.getNumThreads();
        int cpus = Runtime.getRuntime().availableProcessors();
        if (System.getProperty(PROPERTY) == null && threads > cpus) {
            JniUtils.setNumThreads(cpus);
            return cpus;
        }
        return threads;
    }
}
