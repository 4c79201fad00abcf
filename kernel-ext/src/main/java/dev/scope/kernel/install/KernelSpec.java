package dev.scope.kernel.install;

import com.google.gson.GsonBuilder;

import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The content of kernel.json. {@code classpath} entries are used as written, so
 * {@code {resource_dir}/lib/*} (which Jupyter expands to the installed folder) keeps the kernelspec
 * relocatable, and tests can point at build folders instead.
 */
record KernelSpec(String displayName, String java, List<String> kernelJvmOptions, List<String> classpath) {

    static final String MAIN_CLASS = "dev.scope.kernel.ScopeKernelMain";
    static final List<String> DEFAULT_KERNEL_JVM_OPTIONS = List.of(
            "-Xmx1g", "-XX:+UseSerialGC", "-Djava.awt.headless=true");
    static final String BUNDLED_CLASSPATH = "{resource_dir}" + File.separator + "lib" + File.separator + "*";

    KernelSpec {
        kernelJvmOptions = List.copyOf(kernelJvmOptions);
        classpath = List.copyOf(classpath);
    }

    /** The java that runs this code, so the kernel uses the same JDK the installer ran on. */
    static String currentJava() {
        return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    }

    /** The kernel's command, started through {@link NativeEnvironment} so that cells get the native settings. */
    List<String> argv() {
        List<String> argv = new ArrayList<>();
        argv.add(java);
        argv.addAll(kernelJvmOptions);
        argv.add("-cp");
        argv.add(String.join(File.pathSeparator, classpath));
        argv.add(MAIN_CLASS);
        argv.add("{connection_file}");
        return NativeEnvironment.wrap(argv);
    }

    String toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("argv", argv());
        json.put("display_name", displayName);
        json.put("language", "java");
        // Jupyter's default is SIGINT, which would end the JVM; a message lets the kernel stop the cell
        json.put("interrupt_mode", "message");
        json.put("env", Map.of());
        json.put("metadata", Map.of("debugger", false));
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(json);
    }
}
