package dev.scope.engine;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class EngineThreadsTest {
    @Test
    void neverRunsMoreIntraOpThreadsThanTheCpusThisProcessMayUse() {
        Engine.getInstance(); // loads libtorch
        int before = JniUtils.getNumThreads();
        try {
            JniUtils.setNumThreads(Runtime.getRuntime().availableProcessors() + 3);
            int fitted = EngineThreads.fitToCpuQuota();
            assertEquals(Runtime.getRuntime().availableProcessors(), fitted);
            assertEquals(fitted, JniUtils.getNumThreads());

            JniUtils.setNumThreads(1);
            assertEquals(1, EngineThreads.fitToCpuQuota(), "fewer threads than CPUs are left alone");
        } finally {
            JniUtils.setNumThreads(before);
        }
    }
}
