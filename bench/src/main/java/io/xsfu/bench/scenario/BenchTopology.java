package io.xsfu.bench.scenario;

import io.xsfu.testbed.Netns;
import io.xsfu.testbed.Shell;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The reference's topology ({@code ../shared/reference/afxdp-ref}): a server namespace (10.201.0.1 on veth
 * {@value #SFU_IF}) and a client namespace (10.201.0.2 on {@value #CLIENT_IF}) joined by a veth pair, static
 * neighbour entries both ways, no default route. Namespaces are {@code xsfu-bench-sfu-*} and
 * {@code xsfu-bench-cli-*}; closing deletes them, and with them the veths and any XDP program.
 *
 * <p>Ports: the forwarder listens on {@value #FIRST_SFU_PORT}.. (the SFU's media range, one port per
 * participant), publishers send from {@value #FIRST_PUBLISHER_PORT}+p, subscriber j receives on
 * {@value #FIRST_SUBSCRIBER_PORT}+j (the C forwarders' fixed choice, which everyone follows).
 */
public final class BenchTopology implements AutoCloseable {
    public static final String SFU_IF = "xsb0";
    public static final String CLIENT_IF = "xsc0";
    public static final String SFU_ADDRESS = "10.201.0.1";
    public static final String CLIENT_ADDRESS = "10.201.0.2";
    public static final int FIRST_SFU_PORT = 40000;
    public static final int SFU_PORTS = 100;
    public static final int FIRST_PUBLISHER_PORT = 30000;
    public static final int FIRST_SUBSCRIBER_PORT = 50000;
    /** The sink counts copies to ports 50000..50999 ({@code bench_sink.h}). */
    public static final int SUBSCRIBER_PORTS = 1000;

    /** Names of the namespaces this process created and has not deleted yet. */
    private static final Set<String> LIVE = ConcurrentHashMap.newKeySet();
    /** Every namespace this process created, for tests that check they are gone. */
    private static final Set<String> CREATED = ConcurrentHashMap.newKeySet();

    private final Netns sfu;
    private final Netns client;

    private BenchTopology(Netns sfu, Netns client) {
        this.sfu = sfu;
        this.client = client;
    }

    public static BenchTopology create() {
        Netns sfu = Netns.create("bench-sfu");
        Netns client = null;
        try {
            client = Netns.create("bench-cli");
            Netns.veth(sfu, SFU_IF, client, CLIENT_IF);
            sfu.addAddress(SFU_IF, SFU_ADDRESS + "/24");
            client.addAddress(CLIENT_IF, CLIENT_ADDRESS + "/24");
            String sfuMac = sfu.mac(SFU_IF);
            String clientMac = client.mac(CLIENT_IF);
            sfu.exec("ip", "neigh", "replace", CLIENT_ADDRESS, "lladdr", clientMac, "dev", SFU_IF, "nud", "permanent");
            client.exec("ip", "neigh", "replace", SFU_ADDRESS, "lladdr", sfuMac, "dev", CLIENT_IF, "nud", "permanent");
            for (String name : List.of(sfu.name(), client.name())) {
                LIVE.add(name);
                CREATED.add(name);
            }
            return new BenchTopology(sfu, client);
        } catch (RuntimeException e) {
            sfu.close();
            if (client != null) {
                client.close();
            }
            throw e;
        }
    }

    public Netns sfu() {
        return sfu;
    }

    public Netns client() {
        return client;
    }

    public static InetSocketAddress sfuPort(int port) {
        return new InetSocketAddress(address(SFU_ADDRESS), port);
    }

    public static InetSocketAddress firstPublisherSource() {
        return new InetSocketAddress(address(CLIENT_ADDRESS), FIRST_PUBLISHER_PORT);
    }

    static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }

    /** Pins every thread of {@code pid} (and threads it starts later) to {@code cpu}. */
    public static void pinProcess(long pid, int cpu) {
        Shell.run(List.of("taskset", "-a", "-p", "-c", Integer.toString(cpu), Long.toString(pid)));
    }

    /** Lets every thread of {@code pid} (and threads it starts later) run on every online CPU again. */
    public static void unpinProcess(long pid) {
        String online;
        try {
            online = Files.readString(Path.of("/sys/devices/system/cpu/online")).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Shell.run(List.of("taskset", "-a", "-p", "-c", online, Long.toString(pid)));
    }

    /** Pins one thread (a Linux tid) to {@code cpu}. */
    public static void pinThread(int tid, int cpu) {
        Shell.run(List.of("taskset", "-p", "-c", Integer.toString(cpu), Integer.toString(tid)));
    }

    /** Every namespace this process has created (closed or not). */
    public static Set<String> created() {
        return Set.copyOf(CREATED);
    }

    /** The namespaces of topologies this process created and did not close (empty after a clean run). */
    public static Set<String> live() {
        return Set.copyOf(LIVE);
    }

    @Override
    public void close() {
        try {
            client.close();
        } finally {
            sfu.close();
            LIVE.remove(client.name());
            LIVE.remove(sfu.name());
        }
    }
}
