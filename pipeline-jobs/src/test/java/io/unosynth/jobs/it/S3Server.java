package io.unosynth.jobs.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * A real S3 server on 127.0.0.1: S3Proxy's jar-with-dependencies as its own JVM, storing buckets as folders under
 * a data directory (so a restart keeps the data, and tests can see exactly what exists, multipart parts included).
 * Fixed test credentials; S3A reaches it path-style through {@link #configure}.
 */
final class S3Server implements AutoCloseable {
    static final String ACCESS_KEY = "unosynth-it";
    static final String SECRET_KEY = "unosynth-it-secret-0123456789";

    private final Path dataDir;
    private final Path dir;
    private final int port;
    private JavaProcess process;
    private int starts;

    private S3Server(Path dir, int port) {
        this.dir = dir;
        this.dataDir = dir.resolve("data");
        this.port = port;
    }

    static S3Server start(Path dir) throws IOException, InterruptedException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        S3Server server = new S3Server(dir, port);
        Files.createDirectories(server.dataDir);
        server.restart();
        return server;
    }

    /** Starts the server (again) on the same port and data directory. */
    void restart() throws IOException, InterruptedException {
        Path properties = dir.resolve("s3proxy.properties");
        Files.writeString(properties, String.join("\n",
                "s3proxy.endpoint=http://127.0.0.1:" + port,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + ACCESS_KEY,
                "s3proxy.credential=" + SECRET_KEY,
                "jclouds.provider=filesystem-nio2",
                "jclouds.filesystem.basedir=" + dataDir,
                ""));
        starts++;
        process = JavaProcess.start("s3proxy", List.of("-Xmx256m", "-jar", ItSettings.s3proxyJar().toString(),
                "--properties", properties.toString()), Map.of(), dir.resolve("s3proxy-" + starts + ".log"));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!accepting()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("S3Proxy did not start on port " + port + "; see " + process.log());
            }
            Thread.sleep(100);
        }
    }

    /** Kills the server as a crash would. */
    void stop() {
        process.close();
    }

    boolean accepting() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    int port() {
        return port;
    }

    /** Creates a bucket (a folder of the filesystem store). */
    String createBucket(String name) throws IOException {
        Files.createDirectories(dataDir.resolve(name));
        return "s3a://" + name;
    }

    /** Where the server keeps a bucket's objects, one file per object (and per pending multipart part). */
    Path bucketDir(String bucket) {
        return dataDir.resolve(bucket);
    }

    /**
     * Points S3A at this server for {@code bucket} (per-bucket keys, so tests with other buckets are unaffected):
     * path-style, test credentials through SimpleAWSCredentialsProvider, and retries cut short so a stopped server
     * fails a stage in seconds.
     */
    void configure(Configuration conf, String bucket) {
        String prefix = "fs.s3a.bucket." + bucket + ".";
        conf.set(prefix + "endpoint", "http://127.0.0.1:" + port);
        conf.set(prefix + "endpoint.region", "us-east-1");
        conf.set(prefix + "path.style.access", "true");
        conf.set(prefix + "connection.ssl.enabled", "false");
        conf.set(prefix + "aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
        conf.set(prefix + "access.key", ACCESS_KEY);
        conf.set(prefix + "secret.key", SECRET_KEY);
        conf.set(prefix + "attempts.maximum", "1");
        conf.set(prefix + "retry.limit", "1");
        conf.set(prefix + "retry.interval", "50ms");
        conf.set(prefix + "retry.throttle.limit", "1");
        conf.set(prefix + "retry.throttle.interval", "50ms");
        // The smallest part S3 allows, so a few MB of test data already go through a multipart upload.
        conf.set(prefix + "multipart.size", "5M");
        conf.set(prefix + "fast.upload.buffer", "array");
    }

    @Override
    public void close() {
        if (process != null) {
            process.close();
        }
    }
}
