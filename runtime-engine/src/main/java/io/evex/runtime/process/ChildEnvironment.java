package io.evex.runtime.process;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The environment a child program (exporter, filter) starts with: the runtime's own, less the
 * variables that hold Evex's secrets — the admin token and every variable the configuration reads a
 * secret from ({@code ${env:VAR}}, {@code password_env: VAR}) — plus what its descriptor sets. A
 * descriptor that needs one of those asks for it by name: {@code "environment": {"DB_PASSWORD":
 * "${env:DB_PASSWORD}"}}.
 */
public final class ChildEnvironment {

    private static final Pattern ASKED = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)}");
    private static final Set<String> SECRET = ConcurrentHashMap.newKeySet();

    static {
        SECRET.add("EVEX_ADMIN_TOKEN");
    }

    private ChildEnvironment() {}

    /** Notes that {@code variable} holds a secret of the runtime's: children do not inherit it. */
    public static void secret(String variable) {
        if (variable != null && !variable.isBlank()) {
            SECRET.add(variable);
        }
    }

    /** Whether children start without {@code variable} unless they ask for it. */
    public static boolean withheld(String variable) {
        return SECRET.contains(variable);
    }

    /** Makes {@code inherited} (a process builder's environment) what the child gets. */
    static void prepare(Map<String, String> inherited, Map<String, String> descriptor) {
        Map<String, String> runtime = Map.copyOf(inherited);
        inherited.keySet().removeAll(SECRET);
        descriptor.forEach((name, value) -> {
            Matcher m = ASKED.matcher(value);
            if (m.matches()) {
                String v = runtime.get(m.group(1));
                if (v != null) {
                    inherited.put(name, v); // asked for by name
                }
            } else {
                inherited.put(name, value);
            }
        });
    }
}
