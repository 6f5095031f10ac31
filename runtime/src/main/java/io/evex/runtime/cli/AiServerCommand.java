package io.evex.runtime.cli;

import io.evex.runtime.aiserver.AiServer;
import io.evex.runtime.analysis.detect.DetectorException;
import io.evex.runtime.analysis.detect.DetectorSettings;
import io.evex.runtime.analysis.detect.OnnxDetector;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code evex ai-server}: the built-in detector served to other pipelines behind the LVA HTTP contract. */
@Command(
        name = "ai-server",
        mixinStandardHelpOptions = true,
        description = {
            "Serves a YOLOX ONNX model behind the Azure LVA HTTP extension contract: POST /score with a JPEG, PNG,",
            "BMP or raw (image/x-raw; format=bgr24; width=..; height=..) picture answers 'inferences' (entities with",
            "normalised boxes), or 204 when nothing is found. Another Evex points its http_extension at it."
        })
final class AiServerCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "A YOLOX .onnx model (COCO classes)")
    Path model;

    @Option(
            names = "--port",
            defaultValue = "7000",
            paramLabel = "N",
            description = "Port (default 7000; 0 = any free port)")
    int port;

    @Option(names = "--bind", defaultValue = "0.0.0.0", paramLabel = "ADDRESS", description = "Address to listen on")
    String bind;

    @Option(names = "--classes", split = "\\+", paramLabel = "a+b", description = "Classes of interest (default: all)")
    List<String> classes = List.of();

    @Option(names = "--confidence", paramLabel = "X", description = "Lowest confidence kept (default 0.4)")
    Double confidence;

    @Option(names = "--threads", paramLabel = "N", description = "ONNX Runtime threads (default: its own choice)")
    Integer threads;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.isRegularFile(model)) {
            err.println("error: model " + model + " does not exist");
            return ExitCodes.INVALID_INPUT;
        }
        DetectorSettings d = DetectorSettings.of(model);
        DetectorSettings settings = d.with(
                new HashSet<>(classes),
                confidence != null ? confidence : d.confidence(),
                threads != null ? threads : d.model().threads());
        OnnxDetector detector;
        try {
            detector = new OnnxDetector(settings);
        } catch (DetectorException e) {
            err.println("error: " + e.getMessage());
            return ExitCodes.INVALID_INPUT;
        }
        CountDownLatch stop = new CountDownLatch(1);
        try (AiServer server = new AiServer(detector, bind, port)) {
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
            out.println("evex: AI server for " + model.getFileName() + " at http://"
                    + (bind.equals("0.0.0.0") ? "localhost" : bind) + ":" + server.port() + "/score");
            out.flush();
            stop.await();
            out.println("evex: AI server stopped after " + server.pictures() + " pictures");
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return ExitCodes.INVALID_INPUT;
        }
        return ExitCodes.OK;
    }
}
