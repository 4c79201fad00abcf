package dev.scope.kernel.session;

/**
 * A magic result that stays in the agent JVM: generated code takes it from {@code slot} and casts
 * it to {@code type}, the most specific type that Java source can name. Null means no value.
 */
record AgentValue(int slot, String type) {

    String takeExpression() {
        String take = "dev.scope.kernel.agent.MagicRunner.take(" + slot + ")";
        return type.equals("Object") ? take : "((" + type + ") " + take + ")";
    }
}
