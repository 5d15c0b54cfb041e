package io.faceembed.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for tests, one per JVM: initdb into a temporary folder, listening on a free port of
 * 127.0.0.1 with fsync off, password (scram) authentication over TCP. It can be stopped and started again on the
 * same data folder and port, so tests can take the store away mid-write.
 *
 * <p>PostgreSQL refuses to run as root; as root, initdb and pg_ctl run as the OS user {@code postgres} through
 * {@code runuser}. Without PostgreSQL binaries the calling test is skipped, except on CI ({@code CI=true}) where it
 * fails: CI installs them ({@code scripts/install-deps.sh}).
 */
public final class PostgresServer {

    public static final String SUPERUSER = "faceembed_admin";
    private static final String OS_USER = "postgres";

    private static PostgresServer shared;

    private final Path binDir;
    private final Path baseDir;
    private final Path dataDir;
    private final Path logFile;
    private final int port;
    private final String password;
    private final boolean asPostgresUser;
    private boolean running;

    private PostgresServer(Path binDir, Path baseDir, int port, String password, boolean asPostgresUser) {
        this.binDir = binDir;
        this.baseDir = baseDir;
        this.dataDir = baseDir.resolve("data");
        this.logFile = baseDir.resolve("server.log");
        this.port = port;
        this.password = password;
        this.asPostgresUser = asPostgresUser;
    }

    /** The JVM's server, started on first use and stopped (its folder deleted) at JVM exit. */
    public static synchronized PostgresServer shared() {
        if (shared == null) {
            Path bin = findBinaries();
            PostgresServer server = create(bin);
            Runtime.getRuntime().addShutdownHook(new Thread(server::destroy, "postgres-test-server-stop"));
            server.start();
            shared = server;
        }
        return shared;
    }

    private static PostgresServer create(Path bin) {
        try {
            boolean root = "root".equals(System.getProperty("user.name"));
            Path base = Files.createTempDirectory("faceembed-pg-");
            byte[] secret = new byte[12];
            new SecureRandom().nextBytes(secret);
            PostgresServer server = new PostgresServer(bin, base, freePort(), "pw-" + HexFormat.of().formatHex(secret),
                    root);
            server.initdb();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Binaries from {@code FACEEMBED_PG_BIN} or the newest {@code /usr/lib/postgresql/N/bin}. */
    private static Path findBinaries() {
        String override = System.getenv("FACEEMBED_PG_BIN");
        List<Path> candidates = new ArrayList<>();
        if (override != null && !override.isBlank()) {
            candidates.add(Paths.get(override));
        }
        Path root = Paths.get("/usr/lib/postgresql");
        if (Files.isDirectory(root)) {
            try (Stream<Path> versions = Files.list(root)) {
                versions.map(v -> v.resolve("bin"))
                        .sorted(Comparator.comparing(PostgresServer::majorVersion).reversed())
                        .forEach(candidates::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        for (Path candidate : candidates) {
            if (Files.isExecutable(candidate.resolve("initdb")) && Files.isExecutable(candidate.resolve("pg_ctl"))) {
                return candidate;
            }
        }
        String message = "PostgreSQL server binaries (initdb, pg_ctl) not found under /usr/lib/postgresql/*/bin"
                + " or FACEEMBED_PG_BIN; install them: apt-get install -y postgresql (scripts/install-deps.sh)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException(message);
        }
        Assumptions.abort(message);
        throw new AssertionError("unreachable");
    }

    private static int majorVersion(Path binDir) {
        try {
            return Integer.parseInt(binDir.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    private void initdb() throws IOException {
        Files.createDirectories(dataDir);
        Path pwFile = baseDir.resolve("pwfile");
        Files.writeString(pwFile, password + "\n", StandardCharsets.UTF_8);
        if (asPostgresUser) {
            chownRecursively(baseDir, OS_USER);
        }
        run(List.of(binDir.resolve("initdb").toString(), "-D", dataDir.toString(), "-U", SUPERUSER,
                "--pwfile=" + pwFile, "--auth-host=scram-sha-256", "--auth-local=trust", "-E", "UTF8",
                "--locale=C", "--no-sync"), 120);
        Files.delete(pwFile);
        Files.writeString(dataDir.resolve("postgresql.auto.conf"), String.join("\n",
                "listen_addresses = '127.0.0.1'",
                "port = " + port,
                "unix_socket_directories = '" + baseDir + "'",
                "fsync = off",
                "synchronous_commit = off",
                "full_page_writes = off",
                "max_connections = 100",
                ""), StandardCharsets.UTF_8);
        if (asPostgresUser) {
            chownRecursively(baseDir, OS_USER);
        }
    }

    /** Starts (or starts again) on the same data folder and port; waits until it accepts connections. */
    public synchronized void start() {
        if (running) {
            return;
        }
        run(List.of(binDir.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-l", logFile.toString(),
                "-w", "-t", "60", "start"), 90);
        running = true;
    }

    /** Fast shutdown: open sessions are terminated (SQLState 57P01), new connections are refused until start(). */
    public synchronized void stop() {
        if (!running) {
            return;
        }
        run(List.of(binDir.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-m", "fast", "-w", "-t", "60",
                "stop"), 90);
        running = false;
    }

    private void destroy() {
        try {
            stop();
        } catch (RuntimeException e) {
            System.err.println("postgres test server: " + e.getMessage());
        }
        deleteRecursively(baseDir);
    }

    /**
     * CPU seconds (user + system) the server has used so far: the postmaster, its live backends, and the backends
     * that have exited (counted in the postmaster's children times). Linux only; lets a benchmark on a busy machine
     * report work done per CPU second rather than a wall-clock rate that depends on the neighbours.
     */
    public double cpuSeconds() {
        try {
            long postmaster = Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim());
            long ticks = procTicks(postmaster, true);
            try (Stream<Path> procs = Files.list(Paths.get("/proc"))) {
                for (Path p : (Iterable<Path>) procs::iterator) {
                    String name = p.getFileName().toString();
                    if (name.chars().allMatch(Character::isDigit)) {
                        String[] stat = stat(Long.parseLong(name));
                        if (stat != null && Long.parseLong(stat[1]) == postmaster) {
                            ticks += Long.parseLong(stat[11]) + Long.parseLong(stat[12]);
                        }
                    }
                }
            }
            return ticks / 100.0; // USER_HZ is 100 on Linux
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    private static long procTicks(long pid, boolean withChildren) {
        String[] stat = stat(pid);
        long ticks = Long.parseLong(stat[11]) + Long.parseLong(stat[12]);
        return withChildren ? ticks + Long.parseLong(stat[13]) + Long.parseLong(stat[14]) : ticks;
    }

    /** /proc/PID/stat fields after the command name: [0] state, [1] ppid, ... [11] utime, [12] stime, [13] cutime. */
    private static String[] stat(long pid) {
        try {
            String line = Files.readString(Paths.get("/proc", Long.toString(pid), "stat"));
            return line.substring(line.lastIndexOf(')') + 2).split(" ");
        } catch (IOException e) {
            return null;
        }
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return port;
    }

    public String superuser() {
        return SUPERUSER;
    }

    /** The superuser's password: tests hand it to the sink through a properties file, as a user would. */
    public String password() {
        return password;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host() + ":" + port + "/" + database;
    }

    /** Whether the pgvector extension is installed on this machine (its control file is present). */
    public boolean vectorAvailable() {
        Path share = binDir.getParent().getParent().getParent().resolve("share/postgresql")
                .resolve(binDir.getParent().getFileName()).resolve("extension/vector.control");
        return Files.exists(share);
    }

    /**
     * Creates a fresh database (dropping one of that name), with the {@code vector} extension when asked and
     * available; returns its JDBC URL.
     */
    public String createDatabase(String name, boolean withVector) {
        if (!name.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("test database name: " + name);
        }
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("create test database " + name + ": " + e.getMessage(), e);
        }
        if (withVector && vectorAvailable()) {
            try (Connection c = connect(name); Statement s = c.createStatement()) {
                s.execute("CREATE EXTENSION IF NOT EXISTS vector");
            } catch (SQLException e) {
                System.err.println("postgres test server: pgvector not usable: " + e.getMessage());
            }
        }
        return jdbcUrl(name);
    }

    /** A superuser connection to {@code database}, for test setup and checks. */
    public Connection connect(String database) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", SUPERUSER);
        props.setProperty("password", password);
        return DriverManager.getConnection(jdbcUrl(database), props);
    }

    private void run(List<String> command, int timeoutSeconds) {
        List<String> full = new ArrayList<>();
        if (asPostgresUser) {
            full.addAll(List.of("runuser", "-u", OS_USER, "--"));
        }
        full.addAll(command);
        try {
            Path out = Files.createTempFile("faceembed-pg-cmd-", ".log");
            Process process = new ProcessBuilder(full).directory(baseDir.toFile())
                    .redirectErrorStream(true).redirectOutput(out.toFile()).start();
            boolean done = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
            String output = Files.readString(out, StandardCharsets.UTF_8);
            Files.deleteIfExists(out);
            if (!done) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", full) + " timed out after " + timeoutSeconds
                        + " s:\n" + output + serverLogTail());
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", full) + " exited " + process.exitValue() + ":\n"
                        + output + serverLogTail());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + String.join(" ", full), e);
        }
    }

    private String serverLogTail() {
        try {
            if (!Files.exists(logFile)) {
                return "";
            }
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return "\nserver log:\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    private static void chownRecursively(Path root, String user) throws IOException {
        UserPrincipalLookupService lookup = root.getFileSystem().getUserPrincipalLookupService();
        UserPrincipal owner = lookup.lookupPrincipalByName(user);
        GroupPrincipal group = lookup.lookupPrincipalByGroupName(user);
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                PosixFileAttributeView view = Files.getFileAttributeView(p, PosixFileAttributeView.class);
                view.setOwner(owner);
                view.setGroup(group);
            }
        }
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("postgres test server: could not delete " + root + ": " + e.getMessage());
        }
    }
}
