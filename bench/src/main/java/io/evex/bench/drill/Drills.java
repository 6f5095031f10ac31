package io.evex.bench.drill;

import java.nio.file.Path;

/** {@code bench/run --only kill-drill} and {@code --only soak}: their settings from system properties, their exit codes. */
public final class Drills {

    private Drills() {}

    /** Runs the drill named {@code only}; returns the exit code (0: it held). */
    public static int run(String only, Path dir) throws Exception {
        Path root =
                Path.of(System.getProperty("evex.root", "..")).toAbsolutePath().normalize();
        if (only.equals("soak")) {
            return new SoakDrill(root, dir, Integer.getInteger("soak.minutes", 60)).run() ? 0 : 1;
        }
        long missing = new KillDrill(
                        root,
                        dir,
                        Integer.getInteger("drill.kills", 5),
                        Integer.getInteger("drill.rate", 500),
                        Long.getLong("drill.seed", System.currentTimeMillis()))
                .run();
        return missing == 0 ? 0 : 1;
    }
}
