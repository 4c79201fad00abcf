package dev.scope.kernel.agent;

import dev.scope.kernel.agent.Frames.Frame;

import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/** {@code Input.readLine(prompt)} in the agent: the kernel asks the front end and sends back the line. */
final class AgentInput {

    private final FrameWriter frames;
    private final AtomicLong sequence = new AtomicLong();
    private final Map<Long, CompletableFuture<Frame>> waiting = new ConcurrentHashMap<>();

    AgentInput(FrameWriter frames) {
        this.frames = frames;
    }

    String readLine(String prompt, boolean password) {
        long seq = sequence.incrementAndGet();
        CompletableFuture<Frame> answer = new CompletableFuture<>();
        waiting.put(seq, answer);
        try {
            frames.send(Frame.of("input").withSeq(seq).withValue(prompt == null ? "" : prompt)
                    .withData(Map.of("password", password)));
            Frame reply = answer.get();
            if (Boolean.TRUE.equals(reply.dataOrEmpty().get("cancelled"))) {
                throw new CancellationException("Interrupted.");
            }
            if (reply.error() != null) {
                throw new IllegalStateException(reply.error());
            }
            return String.valueOf(reply.value());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("Interrupted.");
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            waiting.remove(seq);
        }
    }

    void answered(Frame reply) {
        CompletableFuture<Frame> answer = waiting.get(reply.seq());
        if (answer != null) {
            answer.complete(reply);
        }
    }
}
