package io.xsfu.neigh;

import io.xsfu.net.MacAddress;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link NextHopResolver.Listener} that records every report, for tests to wait on and inspect. */
final class Reports implements NextHopResolver.Listener {
    record Report(InetAddress destination, long mac, int state, long atNanos) {
        @Override
        public String toString() {
            return destination.getHostAddress() + "=" + MacAddress.format(mac) + "/" + state;
        }
    }

    private final List<Report> reports = new CopyOnWriteArrayList<>();

    @Override
    public void onNextHop(InetAddress destination, long mac, int state) {
        reports.add(new Report(destination, mac, state, System.nanoTime()));
    }

    List<Report> of(InetAddress destination) {
        List<Report> out = new ArrayList<>();
        for (Report r : reports) {
            if (r.destination().equals(destination)) {
                out.add(r);
            }
        }
        return out;
    }

    /** The latest report for {@code destination}, or null. */
    Report last(InetAddress destination) {
        List<Report> of = of(destination);
        return of.isEmpty() ? null : of.get(of.size() - 1);
    }

    /** Waits until the latest report for {@code destination} carries {@code mac}; returns that report or null. */
    Report await(InetAddress destination, long mac, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < deadline) {
            Report r = last(destination);
            if (r != null && r.mac() == mac) {
                return r;
            }
            Thread.sleep(10);
        }
        return null;
    }

    @Override
    public String toString() {
        return reports.toString();
    }
}
