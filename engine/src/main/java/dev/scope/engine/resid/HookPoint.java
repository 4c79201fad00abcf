package dev.scope.engine.resid;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A place in the vision tower, named the way clipscope does: {@code (N, 'resid')} is the output of
 * encoder block N, which is Hugging Face's {@code hidden_states[N+1]} and TransformerLens /
 * ViT-Prisma's {@code blocks.N.hook_resid_post}. All three spellings, and a bare {@code N}, parse.
 *
 * <pre>
 * jshell&gt; HookPoint.parse("blocks.22.hook_resid_post").equals(HookPoint.resid(22))   // true
 * </pre>
 */
public record HookPoint(int block) {
    private static final Pattern CLIPSCOPE = Pattern.compile("\\(?\\s*(\\d+)\\s*,\\s*['\"]resid['\"]\\s*\\)?");
    private static final Pattern PRISMA = Pattern.compile("blocks\\.(\\d+)\\.hook_resid_post");
    private static final Pattern HIDDEN = Pattern.compile("hidden_states\\[(\\d+)]");
    private static final Pattern FOLDER = Pattern.compile("(\\d+)_resid");
    private static final Pattern BARE = Pattern.compile("\\d+");

    public HookPoint {
        if (block < 0) {
            throw new IllegalArgumentException("A block index cannot be negative: " + block + ".");
        }
    }

    public static HookPoint resid(int block) {
        return new HookPoint(block);
    }

    public static HookPoint parse(String name) {
        String s = name.strip();
        Matcher m;
        if ((m = CLIPSCOPE.matcher(s)).matches() || (m = PRISMA.matcher(s)).matches()
                || (m = FOLDER.matcher(s)).matches()) {
            return new HookPoint(Integer.parseInt(m.group(1)));
        }
        if ((m = HIDDEN.matcher(s)).matches()) {
            int i = Integer.parseInt(m.group(1));
            if (i == 0) {
                throw new IllegalArgumentException("hidden_states[0] is the embedding output, not a block's resid; use hidden_states[1] or later.");
            }
            return new HookPoint(i - 1);
        }
        if (BARE.matcher(s).matches()) {
            return new HookPoint(Integer.parseInt(s));
        }
        throw new IllegalArgumentException("The hook name \"" + name
                + "\" is not a resid hook; write it as 22, (22,'resid') or blocks.22.hook_resid_post.");
    }

    /** Hugging Face's index into {@code hidden_states}. */
    public int hiddenStatesIndex() {
        return block + 1;
    }

    public String prismaName() {
        return "blocks." + block + ".hook_resid_post";
    }

    @Override
    public String toString() {
        return "(" + block + ", 'resid')";
    }
}
