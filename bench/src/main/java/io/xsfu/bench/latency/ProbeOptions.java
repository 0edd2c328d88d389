package io.xsfu.bench.latency;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;

/** Command line of {@link LatencyProbe}: {@code --name value} pairs, all with defaults for bench/latency.sh's topology. */
record ProbeOptions(String label, InetSocketAddress target, InetAddress bind, int sourcePort, int firstPort,
                    int fanout, int[] rates, double seconds, double warmupSeconds, int payload, int graceMillis) {

    static final String USAGE = """
            usage: LatencyProbe [--label NAME] [--target IP:PORT] [--bind IP] [--source-port P] [--first-port P]
                                [--fanout N] [--rates R1,R2,...] [--seconds S] [--warmup S] [--payload BYTES] [--grace-ms MS]""";

    static ProbeOptions parse(String[] args) {
        String label = "xsfu";
        InetSocketAddress target = new InetSocketAddress(InetAddress.ofLiteral("10.201.0.1"), 40000);
        InetAddress bind = InetAddress.ofLiteral("10.201.0.2");
        int sourcePort = 45000;
        int firstPort = 50000;
        int fanout = 1;
        int[] rates = {10_000, 50_000, 100_000};
        double seconds = 5;
        double warmup = 3;
        int payload = 200;
        int grace = 300;
        if (args.length % 2 != 0) {
            throw new IllegalArgumentException(USAGE);
        }
        for (int i = 0; i < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--label" -> label = v;
                case "--target" -> {
                    int colon = v.lastIndexOf(':');
                    target = new InetSocketAddress(InetAddress.ofLiteral(v.substring(0, colon)),
                            Integer.parseInt(v.substring(colon + 1)));
                }
                case "--bind" -> bind = InetAddress.ofLiteral(v);
                case "--source-port" -> sourcePort = Integer.parseInt(v);
                case "--first-port" -> firstPort = Integer.parseInt(v);
                case "--fanout" -> fanout = Integer.parseInt(v);
                case "--rates" -> rates = Arrays.stream(v.split(",")).mapToInt(Integer::parseInt).toArray();
                case "--seconds" -> seconds = Double.parseDouble(v);
                case "--warmup" -> warmup = Double.parseDouble(v);
                case "--payload" -> payload = Integer.parseInt(v);
                case "--grace-ms" -> grace = Integer.parseInt(v);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "\n" + USAGE);
            }
        }
        if (fanout < 1 || payload < ProbePacket.MIN_LENGTH || payload > 1472 || rates.length == 0
                || Arrays.stream(rates).anyMatch(r -> r <= 0) || seconds <= 0) {
            throw new IllegalArgumentException("fanout >= 1, payload " + ProbePacket.MIN_LENGTH
                    + "..1472, positive rates and seconds\n" + USAGE);
        }
        return new ProbeOptions(label, target, bind, sourcePort, firstPort, fanout, rates, seconds, warmup, payload, grace);
    }
}
