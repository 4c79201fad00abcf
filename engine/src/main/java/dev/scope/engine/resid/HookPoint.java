package dev.scope.engine.resid;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A place in the vision tower, named the way clipscope does: {@code (N, 'resid')} is the output of
 * encoder block N, which is Hugging Face's {@code hidden_states[N+1]} and TransformerLens /
 * ViT-Prisma's {@code blocks.N.hook_resid_post}. Every spelling parses: {@code 22}, {@code 22_resid}
 * (the checkpoint folders), {@code (22,'resid')}, {@code blocks.22.hook_resid_post} and
 * {@code hidden_states[23]}. This is the one reader of a layer's name, wherever one is named.
 *
 * <pre>
 * jshell&gt; HookPoint.parse("blocks.22.hook_resid_post").equals(HookPoint.resid(22))   // true
 * jshell&gt; HookPoint.parse("(22, 'resid')").block()                                  // 22
 * </pre>
 */
public record HookPoint(int block) {
    private static final Pattern CLIPSCOPE = Pattern.compile("\\(\\s*(\\d{1,4})\\s*,\\s*['\"]resid['\"]\\s*\\)");
    private static final Pattern PRISMA = Pattern.compile("blocks\\.(\\d{1,4})\\.hook_resid_post");
    private static final Pattern HIDDEN = Pattern.compile("hidden_states\\[(\\d{1,4})]");
    private static final Pattern FOLDER = Pattern.compile("(\\d{1,4})_resid");
    private static final Pattern BARE = Pattern.compile("\\d{1,4}");
    /** How a layer may be written, for messages. */
    public static final String SPELLINGS = "22, 22_resid, (22,'resid') or blocks.22.hook_resid_post";

    public HookPoint {
        if (block < 0) {
            throw new IllegalArgumentException("Layer " + block + " is negative; layers are block numbers from 0.");
        }
    }

    public static HookPoint resid(int block) {
        return new HookPoint(block);
    }

    /** Reads a layer name in any of the spellings above. */
    public static HookPoint parse(String name) {
        String s = name == null ? "" : name.strip();
        Matcher m;
        if ((m = CLIPSCOPE.matcher(s)).matches() || (m = PRISMA.matcher(s)).matches()
                || (m = FOLDER.matcher(s)).matches() || (m = BARE.matcher(s)).matches()) {
            return new HookPoint(Integer.parseInt(m.groupCount() == 0 ? s : m.group(1)));
        }
        if ((m = HIDDEN.matcher(s)).matches()) {
            int i = Integer.parseInt(m.group(1));
            if (i == 0) {
                throw new IllegalArgumentException("hidden_states[0] is the embedding output, not a block's resid;"
                        + " name a layer as " + SPELLINGS + ".");
            }
            return new HookPoint(i - 1);
        }
        throw new IllegalArgumentException("'" + name + "' is not a layer; write it as " + SPELLINGS + ".");
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
