package dev.scope.kernel.session;

import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.magic.CellMagic;
import org.dflib.jjava.jupyter.kernel.magic.LineMagic;

import java.util.List;

/** The kernel-side registry entry of an extension magic that runs in the agent. */
record AgentMagicProxy(String name, AgentCalls calls) implements LineMagic<Object, BaseKernel>, CellMagic<Object, BaseKernel> {

    @Override
    public Object eval(BaseKernel kernel, List<String> args) throws Exception {
        return calls.runLine(name, args);
    }

    @Override
    public Object eval(BaseKernel kernel, List<String> args, String body) throws Exception {
        return calls.runCell(name, args, body);
    }
}
