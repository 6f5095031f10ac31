package io.evex.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Issue 30's benchmark, against a real {@code ./evex run}: (1) the ONVIF metadata track's cost per
 * client: the server's CPU with 1, 8 and 32 clients that set up the metadata track alone (FFmpeg
 * with {@code -allowed_media_types data}), as the RTSP bench measures video clients; (2) the
 * latency of {@code GetProfiles} (WS-Security digest, Media2) with 32 channels, sequential requests
 * over one connection.
 */
final class OnvifBench {

    private static final int[] CLIENTS = {1, 8, 32};
    private static final int MEASURE_SECONDS = 12;
    private static final int CHANNELS = 32;
    private static final int REQUESTS = 500;
    private static final String ADMIN = "onvif-bench-admin-token-0123";

    private final Path dir;
    private final Path root;

    OnvifBench(Path dir) {
        this.dir = dir;
        this.root =
                Path.of(System.getProperty("evex.root", "..")).toAbsolutePath().normalize();
    }

    void all() throws Exception {
        System.out.printf("ONVIF benchmark, %d cores%n%n", Runtime.getRuntime().availableProcessors());
        metadataClients();
        profiles();
    }

    private Process evex(String name, String config) throws Exception {
        Path file = dir.resolve(name + ".yaml").toAbsolutePath();
        Files.writeString(file, config);
        ProcessBuilder pb = new ProcessBuilder(
                root.resolve("evex").toString(), "run", "--config", file.toString(), "--progress", "0");
        pb.environment().put("EVEX_NO_BUILD", "1");
        pb.environment().put("EVEX_ADMIN_TOKEN", ADMIN);
        Path work = Files.createDirectories(dir.resolve(name));
        return pb.directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile())
                .start();
    }

    /** The sample channel (a walker, tracked) served over RTSP; clients read its metadata track only. */
    private void metadataClients() throws Exception {
        int rtsp = RtspBench.freePort();
        Process server = evex(
                "onvif-bench-metadata",
                "channels:\n  - name: lobby\n    url: sample\n    detector: {type: motion}\n"
                        + "    zones: [{name: right, polygon: [[0.6, 0.3], [0.98, 0.3], [0.98, 0.95], [0.6, 0.95]]}]\n"
                        + "    lines: [{name: middle, points: [[0.5, 0.9], [0.5, 0.2]]}]\nhttp: {enabled: false}\n"
                        + "exporters:\n  - type: rtsp\n    settings: {bind: 127.0.0.1, users: none, port: " + rtsp
                        + "}\n");
        String url = "rtsp://127.0.0.1:" + rtsp + "/lobby";
        List<Process> clients = new ArrayList<>();
        List<double[]> steps = new ArrayList<>();
        try {
            awaitMetadata(url, server);
            for (int n : CLIENTS) {
                while (clients.size() < n) {
                    clients.add(metadataClient(url, dir.resolve("onvif-bench-client-" + clients.size() + ".xml")));
                }
                Thread.sleep(3_000);
                long ticks = ThreadCpu.processTicks(server.pid());
                long t0 = System.nanoTime();
                Thread.sleep(MEASURE_SECONDS * 1000L);
                double cpu =
                        (ThreadCpu.processTicks(server.pid()) - ticks) / 100.0 / ((System.nanoTime() - t0) / 1e9) * 100;
                long alive = clients.stream().filter(Process::isAlive).count();
                if (alive < n) {
                    throw new IllegalStateException("only " + alive + " of " + n + " metadata clients alive");
                }
                steps.add(new double[] {n, cpu});
                System.out.printf("metadata track: %d clients, server CPU %.1f %%%n", n, cpu);
            }
        } finally {
            clients.forEach(Process::destroy);
            for (Process c : clients) {
                c.waitFor(10, TimeUnit.SECONDS); // FFmpeg writes what it buffered as it ends
            }
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
        }
        long least = Long.MAX_VALUE;
        for (int i = 0; i < clients.size(); i++) {
            least = Math.min(least, Files.size(dir.resolve("onvif-bench-client-" + i + ".xml")));
        }
        if (least == 0) {
            throw new IllegalStateException("a metadata client received nothing");
        }
        System.out.printf("every client received documents (the one that joined last: %,d bytes)%n", least);
        double[] first = steps.get(0);
        System.out.printf("%n%-8s %8s %12s%n", "clients", "CPU %", "CPU/client");
        for (double[] s : steps) {
            System.out.printf(
                    "%-8d %8.1f %12s%n",
                    (int) s[0], s[1], s[0] > 1 ? String.format("%.3f", (s[1] - first[1]) / (s[0] - first[0])) : "-");
        }
        double[] last = steps.get(steps.size() - 1);
        System.out.printf(
                "CPU per extra metadata client (1 -> 32): %.3f %% of a core (goal < 0.5)%n%n",
                (last[1] - first[1]) / (last[0] - first[0]));
    }

    /** An FFmpeg client of the metadata track alone, writing the documents to {@code out}. */
    private static Process metadataClient(String url, Path out) throws Exception {
        return new ProcessBuilder(List.of(
                        "ffmpeg",
                        "-nostdin",
                        "-v",
                        "quiet",
                        "-y",
                        "-rtsp_transport",
                        "tcp",
                        "-allowed_media_types",
                        "data",
                        "-i",
                        url,
                        "-map",
                        "0",
                        "-c",
                        "copy",
                        "-f",
                        "data",
                        out.toString()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    private static void awaitMetadata(String url, Process server) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            if (!server.isAlive()) {
                throw new IllegalStateException("evex ended with " + server.exitValue());
            }
            Process probe = new ProcessBuilder("ffprobe", "-v", "quiet", "-rtsp_transport", "tcp", url)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectErrorStream(true)
                    .start();
            if (probe.waitFor(20, TimeUnit.SECONDS) && probe.exitValue() == 0) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException(url + " did not come up");
    }

    /** 32 small test-source channels; GetProfiles asked again and again, each with a fresh digest. */
    private void profiles() throws Exception {
        int http = RtspBench.freePort();
        int rtsp = RtspBench.freePort();
        StringBuilder config = new StringBuilder("channels:\n");
        for (int i = 0; i < CHANNELS; i++) {
            config.append("  - name: cam")
                    .append(i)
                    .append("\n    url: lavfi:testsrc2=size=320x180:rate=2\n    motion: {enabled: false}\n");
        }
        config.append("http: {port: ").append(http).append(", bind: 127.0.0.1}\nonvif: {name: bench}\n");
        config.append("exporters:\n  - type: rtsp\n    settings: {bind: 127.0.0.1, users: 'vms:s3cret', port: ")
                .append(rtsp)
                .append("}\n");
        Process server = evex("onvif-bench-profiles", config.toString());
        try {
            HttpClient client =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            URI media2 = URI.create("http://127.0.0.1:" + http + "/onvif/media2_service");
            long deadline = System.currentTimeMillis() + 120_000;
            String body = "";
            while (!body.contains("cam31") || body.contains("width=\"0\"")) {
                if (System.currentTimeMillis() > deadline || !server.isAlive()) {
                    throw new IllegalStateException("the 32 profiles did not come: " + body);
                }
                Thread.sleep(500);
                try {
                    body = getProfiles(client, media2).body();
                } catch (java.io.IOException notYet) {
                    body = "";
                }
            }
            int size = body.length();
            for (int i = 0; i < 50; i++) {
                getProfiles(client, media2); // warm-up
            }
            double[] ms = new double[REQUESTS];
            for (int i = 0; i < REQUESTS; i++) {
                long t0 = System.nanoTime();
                HttpResponse<String> r = getProfiles(client, media2);
                ms[i] = (System.nanoTime() - t0) / 1e6;
                if (r.statusCode() != 200) {
                    throw new IllegalStateException("GetProfiles answered " + r.statusCode() + ": " + r.body());
                }
            }
            Arrays.sort(ms);
            System.out.printf(
                    "GetProfiles, %d channels (%,d bytes answered), %d requests: median %.2f ms, p99 %.2f ms, max %.2f ms"
                            + " (goal < 20 ms)%n",
                    CHANNELS, size, REQUESTS, ms[REQUESTS / 2], ms[(int) (REQUESTS * 0.99)], ms[REQUESTS - 1]);
        } finally {
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static HttpResponse<String> getProfiles(HttpClient client, URI uri) throws Exception {
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        String created = Instant.now().toString();
        MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        sha1.update(nonce);
        sha1.update(created.getBytes(StandardCharsets.UTF_8));
        sha1.update("s3cret".getBytes(StandardCharsets.UTF_8));
        String digest = Base64.getEncoder().encodeToString(sha1.digest());
        String envelope = "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\"><s:Header>"
                + "<Security xmlns=\"http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd\">"
                + "<UsernameToken><Username>vms</Username><Password Type=\"http://docs.oasis-open.org/wss/2004/01/"
                + "oasis-200401-wss-username-token-profile-1.0#PasswordDigest\">" + digest + "</Password><Nonce>"
                + Base64.getEncoder().encodeToString(nonce) + "</Nonce><Created>" + created + "</Created>"
                + "</UsernameToken></Security></s:Header><s:Body><GetProfiles xmlns=\"http://www.onvif.org/ver20/media/wsdl\">"
                + "<Type>All</Type></GetProfiles></s:Body></s:Envelope>";
        return client.send(
                HttpRequest.newBuilder(uri)
                        .timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/soap+xml; charset=utf-8")
                        .POST(HttpRequest.BodyPublishers.ofString(envelope))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
