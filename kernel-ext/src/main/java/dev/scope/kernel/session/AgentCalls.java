package dev.scope.kernel.session;

import java.util.List;

/** Runs an extension magic in the agent on behalf of its kernel-side proxy. */
interface AgentCalls {

    AgentValue runLine(String name, List<String> args) throws Exception;

    AgentValue runCell(String name, List<String> args, String body) throws Exception;
}
